"""Word (.docx) → chapters: mammoth reads the body (styles, lists by their numbering, footnotes
and endnotes, images with their descriptions, tables, line breaks), python-docx reads what
mammoth leaves aside (core properties, the style tree, where each paragraph is).

Why mammoth: measured against python-docx and docx2python on Word-, LibreOffice-, Google Docs-
and Pandoc-written files (bench/docx_readers.py), it is the one that keeps footnotes, endnotes,
list structure, image alt text and tables together, and it reports what it did not understand.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from bookgen.errors import BookError
from bookgen.importers import html_markdown as hm
from bookgen.importers.docx_styles import style_kinds, style_map, warn_unknown_styles
from bookgen.importers.manuscript import (
    Chapter, Manuscript, choose_language, plain_title, read_given_file,
)

MAX_DOCX_BYTES = 200 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(source: Path, language: str | None = None, split_level: int = 1) -> Manuscript:
    import docx as python_docx
    import mammoth

    manuscript = Manuscript(source)
    data = _read(source)
    try:
        document = python_docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BookError(f"{source.name} is not a Word document that can be read ({exc}): "
                        "open it in Word or LibreOffice and save it again as .docx") from exc
    kinds = style_kinds(document.styles)
    warn_unknown_styles(document, kinds, manuscript)
    _warn_review_marks(document, data, manuscript)
    images = _ImageStore(manuscript)
    result = mammoth.convert_to_html(io.BytesIO(data), style_map=style_map(kinds),
                                     convert_image=mammoth.images.img_element(images.save),
                                     external_file_access=False)  # linked pictures: not read
    for message in result.messages:
        if not message.message.startswith(("Unrecognised paragraph style",
                                           "Unrecognised run style")):
            manuscript.warn(f"Word: {message.message}")
    properties = document.core_properties
    manuscript.title = _property_title(properties.title)
    manuscript.author = (properties.author or "").strip()
    _chapters(hm.html_soup(result.value), manuscript, split_level)
    manuscript.language = choose_language(manuscript, language,
                                          properties.language or _default_language(document))
    return manuscript


def _property_title(title: str | None) -> str:
    """The document's Title property, unless it is a file name Word put there by itself."""
    title = (title or "").strip()
    if re.match(r"^(microsoft word - |dokument\d*$|document\d*$)", title, re.IGNORECASE) or \
            re.search(r"\.(docx?|odt|rtf)$", title, re.IGNORECASE):
        return ""
    return title


def _read(source: Path) -> bytes:
    return read_given_file(source, None, MAX_DOCX_BYTES)


def _default_language(document) -> str:
    values = document.styles.element.xpath("w:docDefaults//w:lang/@w:val")
    return values[0] if values else ""


class _ImageStore:
    """mammoth's image callback: keep each picture under images/ by a numbered name."""

    def __init__(self, manuscript: Manuscript):
        self.manuscript = manuscript

    def save(self, image) -> dict[str, str]:
        number = len(self.manuscript.images) + 1
        with image.open() as stream:  # a picture inside the .docx, read by mammoth
            data = stream.read()
        alt = (image.alt_text or "").strip()
        data, suffix = _usable(data, image.content_type)
        if data is None:
            self.manuscript.warn(
                f"picture {number} ({image.content_type}{', ' + alt if alt else ''}) "
                "left out: it is in a format only Word draws, or damaged (save it as JPEG or "
                "PNG and add it to the chapter by hand)")
            return {}
        name = f"image-{number:03d}.{suffix}"
        self.manuscript.images[name] = data
        return {"src": f"images/{name}", "alt": alt}


def _usable(data: bytes, content_type: str) -> tuple[bytes | None, str]:
    """The picture as a file bookgen takes: its own format named by what its bytes are (a
    picture called JPEG may be a PNG), TIFF or BMP as PNG, an SVG only when self-contained."""
    from PIL import Image, UnidentifiedImageError

    from bookgen.readers.images import svg_problem

    if content_type == "image/svg+xml" or data.lstrip()[:5] in (b"<?xml", b"<svg "):
        return (data, "svg") if svg_problem(data) is None else (None, "")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = (picture.format or "").lower()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None, ""
    suffix = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp"}.get(kind)
    return (data, suffix) if suffix else (_as_png(data), "png")


def _as_png(data: bytes) -> bytes | None:
    """A TIFF or BMP picture as PNG; None for what Pillow cannot draw (EMF, WMF)."""
    from bookgen.images.prepare import as_png

    return as_png(data)


def _chapters(soup, manuscript: Manuscript, split_level: int) -> None:
    warn = manuscript.warn
    hm.drop_unsupported(soup, warn)
    notes = hm.mark_notes(soup)
    hm.scene_breaks(soup)
    hm.drop_empty(soup)
    hm.group_verse(soup)
    hm.make_figures(soup, lambda p: "caption" in (p.get("class") or []))
    for caption in soup.find_all("p", class_="caption"):
        del caption["class"]  # a caption under no picture (a table's) stays a paragraph
    titles = soup.find_all("h1", class_="doc-title")
    if len(titles) > 1 and not soup.find(lambda t: t.name == "h1" and not t.get("class")):
        for title in titles:  # the Title style used for every chapter's title
            del title["class"]
        manuscript.warn(f"the Title style is used {len(titles)} times and Heading 1 never: "
                        "each Title paragraph was taken as a chapter's title")
    title = soup.find("h1", class_="doc-title")
    if title is not None:
        manuscript.title = title.get_text(" ", strip=True) or manuscript.title
        title.decompose()
    for extra in soup.find_all("h1", class_="doc-title"):
        del extra["class"]  # a second Title paragraph is a heading like the others
    subtitle = soup.find("p", class_="doc-subtitle")
    if subtitle is not None:
        manuscript.subtitle = subtitle.get_text(" ", strip=True)
        subtitle.decompose()
    _drop_author_line(soup, manuscript.author)
    level = _split_level(soup, split_level, manuscript)
    for chapter in split_at_headings(soup, level, manuscript):
        chapter.body = hm.to_markdown(chapter.body, warn, notes)
        manuscript.chapters.append(chapter)
    for part, html in manuscript.part_texts.items():
        manuscript.part_texts[part] = hm.to_markdown(html, warn, notes)


def _drop_author_line(soup, author: str) -> None:
    """The author's name on the title page is book.toml's author, not a chapter's text."""
    for node in list(soup.children):
        if re.fullmatch(r"h[1-6]", getattr(node, "name", "") or ""):
            return
        text = node.get_text(" ", strip=True) if hasattr(node, "get_text") else ""
        if author and node.name == "p" and text.casefold() in (
                author.casefold(), f"av {author}".casefold(), f"by {author}".casefold()):
            node.decompose()
            return


def _split_level(soup, asked: int, manuscript: Manuscript) -> int:
    present = sorted({int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))
                      if h.parent is soup})
    if not present and _bold_lines_as_headings(soup, manuscript):
        return 1
    if not present or asked in present:
        if not present:
            manuscript.warn("the document has no headings (Word's Heading 1 style): all of it "
                            "became one chapter; give chapter titles the Heading 1 style")
        return asked
    level = min((n for n in present if n > asked), default=present[-1])
    manuscript.warn(f"no Heading {asked} in the document: chapters were split at Heading "
                    f"{level} instead")
    return level


_CHAPTER_WORD = re.compile(r"^(kapitel|chapter|del|part)\s+\S+", re.IGNORECASE)


def _bold_lines_as_headings(soup, manuscript: Manuscript) -> bool:
    """A document typed without heading styles: short lines standing alone, all bold (or
    "Kapitel 3"), are its chapter titles, when there are at least two of them."""
    found = []
    for node in soup.find_all("p", recursive=False):
        text = node.get_text(" ", strip=True)
        strong = node.find_all("strong", recursive=False)
        bold = len(strong) == 1 and strong[0].get_text(" ", strip=True) == text
        if text and len(text) <= 80 and not re.search(r"[.,;:]$", text) and not node.find(
                "img") and (bold or _CHAPTER_WORD.match(text)):
            found.append(node)
    if len(found) < 2:
        return False
    for node in found:
        node.name = "h1"
    manuscript.warn(f"the document has no heading styles: {len(found)} short lines standing "
                    f"alone in bold (or 'Kapitel …') were taken as chapter titles, the first "
                    f"'{found[0].get_text(' ', strip=True)}'; give them Word's Heading 1 style "
                    "to say so yourself")
    return True


def split_at_headings(soup, level: int, manuscript: Manuscript) -> list[Chapter]:
    """Top-level headings of ``level`` start chapters, higher ones parts; deeper ones move up
    so a chapter's first subheading is ``##``. The text under a part's heading before its
    first chapter is the part's own (its part.md); a part heading with no chapter under it
    (a foreword between parts) is a chapter outside the parts. Bodies are still HTML here."""
    segments: list[list] = [["before", "", []]]  # [kind, title, nodes]
    for node in list(soup.children):
        heading = re.fullmatch(r"h([1-6])", getattr(node, "name", "") or "")
        if heading and int(heading[1]) <= level:
            text = node.get_text(" ", strip=True)
            marks = hm.NOTE_MARK_PATTERN.findall(text)
            text = plain_title(hm.NOTE_MARK_PATTERN.sub("", text))
            if marks:
                manuscript.warn(f"a note on the heading '{text}' moved to the start of its "
                                "chapter (a chapter title carries no note)")
            nodes = [hm.html_soup("<p>" + "".join(hm.NOTE_MARK.format(k) for k in marks)
                                  + "</p>")] if marks else []
            kind = "part" if int(heading[1]) < level else "chapter"
            segments.append([kind, text or manuscript.words("chapter", n=len(segments)), nodes])
            continue
        if heading:
            node.name = f"h{min(6, int(heading[1]) - level + 1)}"
        segments[-1][2].append(node)
    return _chapters_of(segments, manuscript)


def _has_text(nodes) -> bool:
    html = hm.html_soup("".join(str(node) for node in nodes))
    return bool(html.get_text(strip=True) or html.find("img"))


def _chapters_of(segments: list[list], manuscript: Manuscript) -> list[Chapter]:
    chapters: list[Chapter] = []
    part = ""
    for index, (kind, title, nodes) in enumerate(segments):
        html = "".join(str(node) for node in nodes)
        if kind == "before":
            if _has_text(nodes):
                name = manuscript.words("before")
                manuscript.warn(f"the text before the first chapter heading became the "
                                f"chapter '{name}': rename it, or make it part of a chapter")
                chapters.append(Chapter(name, html))
        elif kind == "part":
            following = next((k for k, _, _ in segments[index + 1:] if k != "before"), None)
            if following == "chapter":
                part = title
                if _has_text(nodes):
                    manuscript.part_texts[title] = html
            else:
                part = ""
                chapters.append(Chapter(title, html))
        else:
            chapters.append(Chapter(title, html, part=part))
    return chapters


def _warn_review_marks(document, data: bytes, manuscript: Manuscript) -> None:
    body = document.element.body
    inserted = len(body.findall(f".//{_W}ins"))
    deleted = len(body.findall(f".//{_W}del"))
    if inserted or deleted:
        manuscript.warn(f"the document has tracked changes ({inserted} insertions, {deleted} "
                        "deletions): they were taken as accepted; check the chapters")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/comments.xml" in archive.namelist():
            count = archive.read("word/comments.xml").count(b"<w:comment ")
            if count:
                manuscript.warn(f"{count} comment{'s' if count > 1 else ''} in the margin "
                                "left out: they are notes to the author, not the book's text")
