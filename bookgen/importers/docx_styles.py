"""Word's paragraph styles → what they are in a book, following each style's ``basedOn`` chain,
so a custom "Citat" based on "Quote" is still a quotation.

The style map handed to mammoth is made from the document's own styles; a paragraph style the
map does not know is kept as plain paragraphs and named in a warning with where it is used.
"""

from __future__ import annotations

import re

from bookgen.importers.manuscript import Manuscript

#: lower-case Word style name (as stored, English for built-in styles) → what it is
KINDS = {
    "title": "title", "subtitle": "subtitle",
    **{f"heading {n}": f"h{n}" for n in range(1, 10)},
    "quote": "quote", "intense quote": "quote", "block text": "quote", "quotations": "quote",
    "block quotation": "quote", "citation": "quote",
    "caption": "caption", "image caption": "caption", "table caption": "caption",
    "figure caption": "caption", "illustration": "caption", "figure": "caption",
    "toc heading": "toc", "table of figures": "toc", **{f"toc {n}": "toc" for n in range(1, 10)},
    "contents heading": "toc", **{f"contents {n}": "toc" for n in range(1, 11)},
    "verse": "verse", "poem": "verse",
    # names some programs store in Swedish (Word itself stores built-in names in English)
    "rubrik": "title", "underrubrik": "subtitle",
    **{f"rubrik {n}": f"h{n}" for n in range(1, 10)},
    "citat": "quote", "starkt citat": "quote", "blocktext": "quote", "beskrivning": "caption",
    "bildtext": "caption", "dikt": "verse", "vers": "verse",
}
#: styles that are plain body text (or lists, which mammoth finds by their numbering)
PLAIN = re.compile(
    r"^(normal|standard|default( paragraph style)?|no spacing|body text( \d| first indent.*)?|"
    r"text body|first paragraph|compact|plain text|list.*|footnote text|endnote text|"
    r"footnote|endnote|normal \(web\)|normal indent|header|footer|table contents|"
    r"table heading|table grid|frame contents|index.*|author|date|abstract|signature|"
    r"salutation|closing|body|textkörper|brödtext|html preformatted|source text)$")
_TARGETS = {
    "title": "h1.doc-title:fresh", "subtitle": "p.doc-subtitle:fresh",
    **{f"h{n}": f"h{min(n, 6)}:fresh" for n in range(1, 10)},
    "quote": "blockquote > p:fresh", "caption": "p.caption:fresh", "toc": "!",
    "verse": "p.verse:fresh",
}
RUN_STYLES = (
    "r[style-name='Emphasis'] => em", "r[style-name='Intense Emphasis'] => em",
    "r[style-name='Subtle Emphasis'] => em", "r[style-name='Strong'] => strong",
    "r[style-name='Book Title'] => em", "u => em", "strike => s",
)


def style_kinds(styles) -> dict[str, str]:
    """Each paragraph style's name (lower case) → its kind, or "" for plain, or None unknown."""
    found: dict[str, str | None] = {}
    for style in styles:
        if getattr(style.type, "value", style.type) != 1:  # WD_STYLE_TYPE.PARAGRAPH
            continue
        name = (style.element.name_val or style.style_id or "").lower()
        found[name] = _kind(style)
    return found


def _kind(style) -> str | None:
    seen = set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        name = (style.element.name_val or "").lower()
        if name in KINDS:
            return KINDS[name]
        level = style.element.xpath("w:pPr/w:outlineLvl/@w:val")
        if level and level[0].isdigit() and int(level[0]) < 9:
            return f"h{int(level[0]) + 1}"  # a heading of one's own: Word's outline level
        if PLAIN.match(name):
            return ""
        style = style.base_style
    return None


def _nested_lists() -> list[str]:
    """Word's List Bullet 2, List Number 3, …: a list inside the item above (mammoth nests
    lists by their numbering's level, and these styles each have a numbering of level 0)."""
    lines = []
    for level in range(2, 6):
        outer = " > ".join(["ul|ol > li"] * (level - 1))
        for name, tag in (("list bullet", "ul"), ("list number", "ol")):
            lines.append(f"p[style-name='{name} {level}'] => {outer} > {tag} > li:fresh")
    return lines


def style_map(kinds: dict[str, str | None]) -> str:
    lines = [f"p[style-name='{name}'] => {_TARGETS[kind]}" for name, kind in kinds.items()
             if kind and "'" not in name]
    return "\n".join([*lines, *_nested_lists(), *RUN_STYLES])


def warn_unknown_styles(document, kinds: dict, manuscript: Manuscript) -> None:
    """One warning per unknown paragraph style, naming its first paragraph and its chapter."""
    seen: dict[str, list] = {}
    heading = ""
    contents = 0
    for number, paragraph in enumerate(document.paragraphs, 1):
        style = paragraph.style
        name = (style.element.name_val or "").lower() if style is not None else ""
        if kinds.get(name) == "h1":
            heading = paragraph.text.strip()
        if kinds.get(name) == "toc" and paragraph.text.strip():
            contents += 1
        if name in kinds and kinds[name] is None and paragraph.text.strip():
            seen.setdefault(style.name, [number, heading, paragraph.text, 0])[3] += 1
    if contents:
        manuscript.warn(f"the table of contents ({contents} lines) left out: bookgen makes "
                        "the book's own from the chapters")
    for name, (number, heading, text, count) in seen.items():
        where = f"paragraph {number}" + (f" (in '{heading}')" if heading else "")
        more = f", and {count - 1} more" if count > 1 else ""
        manuscript.warn(f"{where}: Word style '{name}' ('{_short(text)}'{more}) is no "
                        "style bookgen knows: kept as plain paragraphs")


def _short(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
