"""Markdown body → model blocks, via markdown-it-py tokens (whose ``map`` gives source lines).

Besides CommonMark it reads footnotes (``[^label]`` and ``[^label]: …``, and Pandoc's inline
``^[…]``; mdit-py-plugins' footnote plugin, the port of markdown-it's), GFM pipe tables
(markdown-it's own ``table`` rule) and Pandoc's line blocks for verse (:mod:`.verse`).

Raw HTML is not interpreted: markdown-it runs with ``html=False``, so any tag in the text stays
text and is escaped by the writers. Nothing an author (or a stranger's book folder) writes can
put a script, an iframe or an event handler into an output.
"""

from __future__ import annotations

from collections.abc import Iterator

import dataclasses
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from bookgen import model as m
from bookgen.errors import ProblemList
from bookgen.readers.verse import verse_plugin
from bookgen.util.tree import block_inlines, walk_blocks, walk_inlines

MAX_NESTING = 40
MAX_INLINE_NESTING = 30  # emphasis inside emphasis: markdown-it does not bound it, we recurse


def make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                       "maxNesting": MAX_NESTING})
    parser.disable(["html_block", "html_inline"]).enable("table")
    return parser.use(footnote_plugin).use(verse_plugin)


_PARSER = make_parser()


class _Tokens:
    """A cursor over a flat token list; blocks are read recursively up to their close token."""

    def __init__(self, tokens: list[Token], path: str, offset: int, note_prefix: str = "fn"):
        self.tokens, self.index, self.path, self.offset = tokens, 0, path, offset
        self.note_prefix = note_prefix
        self.note_lines: dict[str, int] = {}  # footnote label → file line of its text

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def next(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def source(self, token: Token) -> m.SourceRef:
        line = token.map[0] + self.offset + 1 if token.map else None
        return m.SourceRef(self.path, line)


class NestingTooDeep(Exception):
    """The text nests blocks deeper than bookgen sets (markdown-it would drop the rest)."""

    def __init__(self, line: int | None):
        super().__init__(line)
        self.line = line


#: A line that starts with a year and a full stop ("1968. Det året …"): CommonMark would read an
#: ordered list numbered from 1968. A memoir means a year; the stop is escaped before parsing.
_YEAR_START = re.compile(r"^((?: {0,3}>)* {0,3})(\d{4})([.)])(?=[ \t]|$)")
_FENCE = re.compile(r"^(?: {0,3}>)* {0,3}(```|~~~)")
#: The Swedish dialogue dash that starts a line of speech.
DIALOGUE_DASHES = ("\u2013 ", "\u2014 ")


def years_are_not_lists(body: str) -> str:
    """``body`` with the stop after a year at a line's start escaped (not in code blocks).
    Lines and their count stay as written, so source line numbers do not move."""
    lines, fenced = body.split("\n"), None
    for number, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced is None and not line.startswith("    "):
            lines[number] = _YEAR_START.sub(r"\1\2\\\3", line)
    return "\n".join(lines)


def parse_blocks(body: str, path: str, offset: int, note_prefix: str = "fn",
                 problems: ProblemList | None = None) -> tuple[m.Block, ...]:
    """Parse a Markdown body whose first line is line ``offset + 1`` of ``path``.

    Footnotes get the ids ``<note_prefix><number>``; a call without a note (an error) and a
    note never called (a warning: it is left out) are added to ``problems``.
    """
    env: dict = {}
    tokens = _PARSER.parse(years_are_not_lists(body), env)
    for token in tokens:
        inline_depth = max((child.level for child in token.children or ()), default=0)
        if token.level >= MAX_NESTING - 2 or inline_depth > MAX_INLINE_NESTING:
            raise NestingTooDeep(token.map[0] + offset + 1 if token.map else None)
    cursor = _Tokens(tokens, path, offset, note_prefix)
    cursor.note_lines = _note_lines(body, offset)
    blocks = _locate_inline_notes(tuple(_blocks_until(cursor, None)))
    if problems is not None:
        _check_notes(tokens, env, cursor, problems)
    return blocks


def _locate_inline_notes(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """An inline note (``^[…]``) has no line of its own: it gets the line of its call."""
    calls: dict[str, m.SourceRef] = {}
    for block in walk_blocks(blocks):
        for inline in walk_inlines(block_inlines(block)):
            if isinstance(inline, m.FootnoteRef):
                calls.setdefault(inline.note, block.source)
    out = []
    for block in blocks:
        if isinstance(block, m.Footnote) and block.source.line is None and block.id in calls:
            where = calls[block.id]
            inner = tuple(dataclasses.replace(b, source=where) if isinstance(b, m.Paragraph)
                          and b.source.line is None else b for b in block.blocks)
            block = dataclasses.replace(block, blocks=inner, source=where)
        out.append(block)
    return tuple(out)


_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def _note_lines(body: str, offset: int) -> dict[str, int]:
    return {match.group(1): offset + body.count("\n", 0, match.start()) + 1
            for match in _NOTE_DEF.finditer(body)}


def _check_notes(tokens: list[Token], env: dict, cursor: _Tokens, problems: ProblemList) -> None:
    refs = env.get("footnotes", {}).get("refs", {})
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for match in _NOTE_CALL.finditer(token.content):
            if f":{match.group(1)}" not in refs:
                line = token.map[0] + cursor.offset + 1 + token.content.count("\n", 0,
                                                                            match.start())
                problems.error(f"footnote call [^{match.group(1)}] has no note: write its "
                               f"text below the paragraph as [^{match.group(1)}]: …",
                               m.SourceRef(cursor.path, line))
    for key, number in refs.items():
        if number < 0:
            label = key[1:]
            problems.warning(f"footnote [^{label}] is never called in the text (write "
                             f"[^{label}] where it belongs): its text is left out",
                             m.SourceRef(cursor.path, cursor.note_lines.get(label)))


class _Several(tuple):
    """Blocks one Markdown paragraph became (dialogue lines, each its own paragraph)."""


def _line_below(ref: m.SourceRef, lines: int) -> m.SourceRef:
    return m.SourceRef(ref.path, ref.line + lines if ref.line is not None else None)


def _blocks_until(cursor: _Tokens, close: str | None) -> Iterator[m.Block]:
    while (token := cursor.peek()) is not None:
        if token.type == close:
            cursor.next()
            return
        block = _block(cursor)
        if isinstance(block, _Several):
            yield from block
        elif block is not None:
            yield block


def _dialogue_lines(inlines: tuple[m.Inline, ...]) -> list[tuple[int, tuple[m.Inline, ...]]]:
    """A paragraph cut around each source line that starts with a dialogue dash ("– Hej!"):
    written one per line, each line of speech is its own paragraph, as in a printed novel.
    Gives (line offset in the paragraph, inlines) for each part."""
    parts, current, line, start = [], [], 0, 0
    speech = _is_speech(inlines[0] if inlines else None)
    for index, node in enumerate(inlines):
        following = inlines[index + 1] if index + 1 < len(inlines) else None
        if isinstance(node, (m.SoftBreak, m.LineBreak)):
            line += 1
            if speech or _is_speech(following):
                if current:
                    parts.append((start, tuple(current)))
                current, start, speech = [], line, _is_speech(following)
                continue
        current.append(node)
    if current:
        parts.append((start, tuple(current)))
    return parts


def _is_speech(node) -> bool:
    return isinstance(node, m.Text) and node.text.startswith(DIALOGUE_DASHES)


def _block(cursor: _Tokens) -> m.Block | None:
    token = cursor.next()
    ref = cursor.source(token)
    kind = token.type
    if kind == "paragraph_open":
        inlines = _inlines(cursor.next().children or [], cursor)
        cursor.next()  # paragraph_close
        parts = _dialogue_lines(inlines)
        if len(parts) > 1:
            return _Several(m.Paragraph(part, _line_below(ref, line)) for line, part in parts)
        return _figure_or_paragraph(inlines, ref)
    if kind == "heading_open":
        inlines = _inlines(cursor.next().children or [], cursor)
        cursor.next()
        return m.Heading(int(token.tag[1]), inlines, "", ref)
    if kind == "blockquote_open":
        return m.BlockQuote(tuple(_blocks_until(cursor, "blockquote_close")), ref)
    if kind in ("bullet_list_open", "ordered_list_open"):
        return _list(cursor, token, ref)
    if kind in ("fence", "code_block"):
        return m.CodeBlock(token.content, ref, token.info.strip().split(" ")[0])
    if kind == "hr":
        return m.ThematicBreak(ref)
    if kind == "verse_open":
        return _verse(cursor, ref)
    if kind == "table_open":
        return _table(cursor, ref)
    if kind == "footnote_open":
        return _footnote(cursor, token)
    if kind == "footnote_block_open":
        return None  # its footnotes follow as blocks of their own
    return None


def _verse(cursor: _Tokens, ref: m.SourceRef) -> m.Verse:
    lines = []
    while (token := cursor.next()).type != "verse_close":
        if token.type == "verse_line_open":
            inline = cursor.next()
            lines.append(m.VerseLine(_inlines(inline.children or [], cursor), cursor.source(token),
                                     int(token.meta.get("indent", 0))))
    return m.Verse(tuple(lines), ref)


_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def _table(cursor: _Tokens, ref: m.SourceRef) -> m.Table:
    header: list[m.TableCell] = []
    rows: list[list[m.TableCell]] = []
    align: list[str] = []
    row_ref = ref
    while (token := cursor.next()).type != "table_close":
        if token.type == "tr_open":
            row_ref = cursor.source(token)
            if header:
                rows.append([])
        elif token.type in ("th_open", "td_open"):
            inline = cursor.next()
            cell = m.TableCell(_inlines(inline.children or [], cursor), row_ref)
            if token.type == "th_open":
                header.append(cell)
                found = _ALIGN.search(str(token.attrGet("style") or ""))
                align.append(found.group(1) if found else "")
            else:
                rows[-1].append(cell)
    width = len(header)
    empty = m.TableCell((), ref)
    body = tuple(tuple(row[:width]) + (empty,) * (width - len(row)) for row in rows)
    return m.Table(tuple(header), body, tuple(align), ref)


def _footnote(cursor: _Tokens, token: Token) -> m.Footnote:
    number = int(token.meta.get("id", 0)) + 1
    label = str(token.meta.get("label") or "")
    blocks = tuple(_blocks_until(cursor, "footnote_close"))
    line = cursor.note_lines.get(label)
    if line is None:
        line = next((b.source.line for b in blocks if getattr(b, "source", None)), None)
    return m.Footnote(f"{cursor.note_prefix}{number}", number, label, blocks,
                      m.SourceRef(cursor.path, line))


def _list(cursor: _Tokens, token: Token, ref: m.SourceRef) -> m.ListBlock:
    ordered = token.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    items = []
    while (item := cursor.next()).type != close:
        if item.type == "list_item_open":
            items.append(tuple(_blocks_until(cursor, "list_item_close")))
    start = int(token.attrGet("start") or 1) if ordered else 1
    return m.ListBlock(ordered, tuple(items), ref, start)


def _figure_or_paragraph(inlines: tuple[m.Inline, ...], ref: m.SourceRef) -> m.Block:
    if len(inlines) == 1 and isinstance(inlines[0], m.Image):
        image = inlines[0]
        caption = (m.Text(image.title),) if image.title else ()
        return m.Figure(image, caption, ref)
    return m.Paragraph(inlines, ref)


_WRAPPERS = {"em_open": ("em_close", m.Emph), "strong_open": ("strong_close", m.Strong)}


def _inlines(tokens: list[Token], cursor: _Tokens) -> tuple[m.Inline, ...]:
    result, _ = _inline_run(tokens, 0, None, cursor.note_prefix)
    return _merge_text(result)


def _inline_run(tokens: list[Token], index: int, close: str | None,
                prefix: str) -> tuple[list, int]:
    out: list[m.Inline] = []
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == close:
            break
        if token.type in _WRAPPERS:
            end, kind = _WRAPPERS[token.type]
            children, index = _inline_run(tokens, index, end, prefix)
            out.append(kind(_merge_text(children)))
        elif token.type == "link_open":
            children, index = _inline_run(tokens, index, "link_close", prefix)
            out.append(m.Link(str(token.attrGet("href") or ""), _merge_text(children),
                              str(token.attrGet("title") or "")))
        elif token.type == "footnote_ref":
            number = int(token.meta.get("id", 0)) + 1
            out.append(m.FootnoteRef(f"{prefix}{number}", number,
                                     str(token.meta.get("label") or ""),
                                     int(token.meta.get("subId", 0))))
        else:
            out.extend(_leaf(token))
    return out, index


def _leaf(token: Token) -> list[m.Inline]:
    if token.type == "footnote_anchor":
        return []  # the plugin's back link: the writers make their own
    if token.type == "softbreak":
        return [m.SoftBreak()]
    if token.type == "hardbreak":
        return [m.LineBreak()]
    if token.type == "code_inline":
        return [m.Code(token.content)]
    if token.type == "image":
        alt = "".join(child.content for child in token.children or [])
        return [m.Image(str(token.attrGet("src") or ""), alt, str(token.attrGet("title") or ""))]
    return [m.Text(token.content)] if token.content else []


def _merge_text(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    merged: list[m.Inline] = []
    for inline in inlines:
        if isinstance(inline, m.Text) and merged and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text + inline.text)
        else:
            merged.append(inline)
    return tuple(merged)
