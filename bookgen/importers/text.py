"""One long Markdown or plain-text file → chapters.

Markdown is split at its ``#`` headings (found by bookgen's own Markdown parser, so a ``#`` in a
code block is no heading); a single ``#`` above ``##`` chapters is the book's title. Footnote
definitions move to the chapter whose text refers to them. Plain text: the first line is the
title, a blank line ends a paragraph (or every line is one, when the file has no blank lines),
lines starting with ``•`` or ``-`` are a list, and lines like "Kapitel 3" or in capitals that
stand alone start chapters.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bookgen.errors import BookError
from bookgen.importers import html_markdown as hm
from bookgen.importers.manuscript import (
    Chapter, Manuscript, choose_language, plain_title, read_given_file,
)
from bookgen.importers.markdown_html import convert_html
from bookgen.importers.markdown_images import place_images
from bookgen.importers.wordpress_html import WIDGET_WORDS

MAX_TEXT_BYTES = 64 * 1024 * 1024
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:")
_BULLET = re.compile(r"^\s*[•·▪◦‣●\-–*]\s+")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
_CHAPTER_LINE = re.compile(r"^(kapitel|chapter|del|part)\s+\S+", re.IGNORECASE)


def read_text_file(source: Path, language: str | None = None, split_level: int = 1,
                   media: Path | None = None) -> Manuscript:
    manuscript = Manuscript(source)
    text = _decode(source, manuscript)
    front, text = _front_matter(text)
    manuscript.title = str(front.get("title") or "").strip()
    manuscript.author = str(front.get("author") or "").strip()
    if source.suffix.lower() in (".md", ".markdown") or any(
            _ATX.match(line) for line in text.split("\n")):
        _markdown_chapters(convert_html(text, manuscript), split_level, manuscript)
        place_images(manuscript, media)
    else:
        _plain_chapters(text, manuscript)
    manuscript.language = choose_language(manuscript, language, str(front.get("lang") or
                                                                    front.get("language") or ""))
    return manuscript


def _decode(source: Path, manuscript: Manuscript) -> str:
    data = read_given_file(source, None, MAX_TEXT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        manuscript.warn("the file is not UTF-8: read as Windows text (cp1252); check å, ä, ö")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def _front_matter(text: str) -> tuple[dict, str]:
    import yaml

    match = re.match(r"---\n(.*?)\n(?:---|\.\.\.)\n", text, re.DOTALL)
    if not match:
        return {}, text
    try:
        values = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return {}, text
    if not isinstance(values, dict):
        return {}, text
    return values, text[match.end():]


def _headings(text: str) -> list[tuple[int, int, int, str]]:
    """Each heading as (level, first line, line after it, its text), by markdown-it."""
    from bookgen.readers.markdown import make_parser

    tokens = make_parser().parse(text)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            found.append((int(token.tag[1]), token.map[0], token.map[1],
                          tokens[index + 1].content))
    return found


def _markdown_chapters(text: str, split_level: int, manuscript: Manuscript) -> None:
    lines = text.split("\n")
    headings = _headings(text)
    levels = [h[0] for h in headings]
    if levels and levels.count(1) == 1 and levels[0] == 1 and levels.count(2) >= 2 \
            and split_level == 1:
        manuscript.title = manuscript.title or plain_title(headings[0][3])
        lines[headings[0][1]:headings[0][2]] = [""] * (headings[0][2] - headings[0][1])
        headings, split_level = headings[1:], 2
    if headings and split_level not in levels:
        split_level = min((n for n in levels if n > split_level), default=max(levels))
        manuscript.warn(f"no '{'#' * split_level}' headings at the level asked: chapters were "
                        f"split at '{'#' * split_level}'")
    notes = _take_note_definitions(lines)
    if not headings:
        manuscript.warn("the file has no headings ('# Chapter title' lines): all of it became "
                        "one chapter")
        title = manuscript.title or manuscript.source.stem
        manuscript.chapters.append(Chapter(title, "\n".join(lines)))
        _place_notes(manuscript, notes)
        return
    starts = [h for h in headings if h[0] <= split_level]
    edges = [(h[1], h[2], h) for h in starts] + [(len(lines), len(lines), None)]
    part, position = "", 0
    for start, after, heading in edges:
        body = _relevel(lines[position:start], headings, position, split_level)
        if position == 0 and "\n".join(body).strip():
            manuscript.chapters.append(Chapter(manuscript.words("before"), "\n".join(body)))
            manuscript.warn(f"the text before the first chapter heading became the chapter "
                            f"'{manuscript.words('before')}'")
        elif position and current is not None:
            manuscript.chapters.append(Chapter(current, "\n".join(body), part=part))
        if heading is None:
            break
        current = plain_title(heading[3]) or manuscript.words("chapter",
                                                               n=len(manuscript.chapters) + 1)
        if heading[0] < split_level:
            part, current = current, None
        position = after
    _place_notes(manuscript, notes)


def _relevel(lines: list[str], headings, offset: int, split_level: int) -> list[str]:
    """Headings inside a chapter move up so the first level below the chapter's is ``##``."""
    lines = list(lines)
    shift = split_level - 1
    for level, start, after, text in headings:
        if not offset <= start < offset + len(lines) or level <= split_level or not shift:
            continue
        new = "#" * max(2, level - shift) + " " + text
        lines[start - offset:after - offset] = [new] + [""] * (after - start - 1)
    return lines


def _take_note_definitions(lines: list[str]) -> dict[str, list[str]]:
    """Remove ``[^label]: …`` definitions (with their indented lines) outside code fences."""
    notes: dict[str, list[str]] = {}
    fence, index = None, 0
    while index < len(lines):
        line = lines[index]
        mark = re.match(r"^ {0,3}(```|~~~)", line)
        if mark:
            fence = None if fence == mark[1] else (fence or mark[1])
        match = _NOTE_DEF.match(line) if fence is None else None
        if not match:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and (lines[end].startswith(("    ", "\t")) or (
                not lines[end].strip() and end + 1 < len(lines)
                and lines[end + 1].startswith("    "))):
            end += 1
        notes[match[1]] = lines[index:end]
        del lines[index:end]
    return notes


def _place_notes(manuscript: Manuscript, notes: dict[str, list[str]]) -> None:
    for label, definition in notes.items():
        target = next((c for c in manuscript.chapters if f"[^{label}]" in c.body),
                      manuscript.chapters[-1] if manuscript.chapters else None)
        if target is None:
            manuscript.chapters.append(Chapter(manuscript.words("chapter", n=1), ""))
            target = manuscript.chapters[-1]
        target.body = target.body.rstrip("\n") + "\n\n" + "\n".join(definition)


def _plain_chapters(text: str, manuscript: Manuscript) -> None:
    lines = [line.rstrip() for line in text.split("\n")]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise BookError(f"{manuscript.source.name} holds no text")
    opening = lines[first].strip()
    if len(opening) <= 120 and not re.search(r"[.,;:!?…]$", opening):
        manuscript.title = manuscript.title or opening
        first += 1
    else:  # the text starts at once: its first line is a paragraph, not a title
        manuscript.title = manuscript.title or manuscript.source.stem.replace("-", " ").strip()
    blocks = _plain_blocks(lines[first:])
    while blocks and len(blocks[-1]) == 1 and WIDGET_WORDS.match(blocks[-1][0].strip()):
        manuscript.warn(f"the share widget's leftover '{blocks[-1][0].strip()}' at the end "
                        "taken out (the text was copied from a blog page)")
        blocks.pop()
    chapter, html_parts = None, []

    def close() -> None:
        if chapter is not None or html_parts:
            body = hm.to_markdown("".join(html_parts), manuscript.warn)
            manuscript.chapters.append(Chapter(chapter or manuscript.title, body))

    chapter_lines = [b for b in blocks if len(b) == 1 and _is_chapter_line(b[0])]
    for block in blocks:
        if chapter_lines and len(block) == 1 and _is_chapter_line(block[0]):
            if chapter is not None or "".join(html_parts).strip():
                close()
            chapter, html_parts = _unshout(block[0].strip()), []
            continue
        html_parts.append(_block_html(block))
    close()


def _plain_blocks(lines: list[str]) -> list[list[str]]:
    has_blank = any(not line.strip() for line in lines[:-1]) and \
        sum(1 for line in lines if not line.strip()) * 4 >= sum(1 for line in lines if line)
    blocks, current = [], []
    for line in lines:
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif not has_blank and not (_BULLET.match(line) and current and _BULLET.match(current[-1])):
            if current:
                blocks.append(current)
            current = [line]
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _is_chapter_line(line: str) -> bool:
    line = line.strip()
    if len(line) > 80 or re.search(r"[.,;:!?]$", line) and not _CHAPTER_LINE.match(line):
        return False
    letters = re.sub(r"[^\w]", "", line)
    return bool(_CHAPTER_LINE.match(line)) or (
        len(re.sub(r"[\W\d_]", "", line)) >= 3 and line == line.upper() and letters != "")


def _block_html(block: list[str]) -> str:
    if all(_BULLET.match(line) for line in block):
        items = "".join(f"<li>{html.escape(_BULLET.sub('', line))}</li>" for line in block)
        return f"<ul>{items}</ul>"
    if len(block) > 1 and all(_NUMBER.match(line) for line in block):
        items = "".join(f"<li>{html.escape(_NUMBER.sub('', line))}</li>" for line in block)
        return f"<ol>{items}</ol>"
    return "<p>" + " ".join(html.escape(line.strip()) for line in block) + "</p>"


def _unshout(line: str) -> str:
    """``KAPITEL ETT`` → ``Kapitel ett``: a typewriter's capitals are no part of the title."""
    return line[0] + line[1:].lower() if line == line.upper() and len(line) > 1 else line
