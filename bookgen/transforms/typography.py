"""Typography by the book's language: quotes, apostrophes, dashes, ellipsis, no-break spaces.

Public API
----------
``apply_typography(book) -> Book``
    The transform.  It rewrites every :class:`Text` inline of every block (paragraphs, headings,
    block quotes, lists, figure captions), image alt texts and link/image titles, section titles
    and ``metadata.title``/``subtitle``.  It never touches :class:`Code`, :class:`CodeBlock`,
    link targets, image sources, anchors or heading ids.  A block's inlines are processed as one
    text, so a quote in one node is placed by the characters in its neighbours
    (``"*kursiv*"``).  Applying it twice equals applying it once.
``typeset(text, language) -> str`` (and ``typeset_sv``, ``typeset_en``)
    The same pass on one string.

The lint (``unplaced_marks``, ``Unplaced``, ``typography_problems``: the marks this pass could
not place) lives in :mod:`bookgen.transforms.typography_lint` and is importable from here too.

House style
-----------
Swedish (Svenska skrivregler): ``”…”`` and ``’…’``; apostrophe ``’``; a spaced en dash for
``--``, ``---`` and a hyphen between spaces (also ``- `` opening a line: the dialogue dash);
an en dash in number ranges; ``…``; no-break spaces in ``2 100``, after ``kl. s. nr ca § …``
before a number and between a number and its unit.
English (Chicago): ``“…”`` and ``‘…’``; apostrophe ``’`` (also ``’90s``, ``’tis``, ``rock ’n’
roll``); ``--``/``---`` become a closed-up em dash (``word—word``) while a hyphen the author
spaced stays spaced, as an en dash (``word – word``); en dash in ranges; ``…``; no-break spaces
in ``p. 12``, ``No. 5`` and before units.  An unclosed ``"`` opening a paragraph prints as ``“``
(a quotation running on over paragraphs); other unpaired quotes stay straight for the lint.
Any other language gets a safe subset: ``…``, digit groups, apostrophes inside words.  A new
language is one entry in :data:`LANGUAGES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from bookgen.model import (
    Anchor, Block, BlockQuote, Book, Emph, Figure, Footnote, FootnoteRef, Heading, Image, Inline, LineBreak,
    Link, ListBlock, Paragraph, SoftBreak, Strong, Table, TableCell, Text, Verse,
)
from bookgen.transforms import typography_rules as r
from bookgen.transforms.typography_rules import OBJECT, Edit, QuoteStyle, Rule

__all__ = [
    "apply_typography", "typeset", "typeset_sv", "typeset_en", "typeset_inlines",
    "unplaced_marks", "Unplaced",
    "typography_problems", "LANGUAGES", "NEUTRAL", "Language", "language_for",
]

# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Language:
    """Everything the pass knows about one language; ``quotes=None`` leaves quotes alone."""

    code: str
    rules: tuple[Rule, ...]
    quotes: QuoteStyle | None = None
    conjunctions: frozenset[str] | None = None  # "styr- och ledning"; None: no hyphen lint


def language(
    code: str,
    *,
    quotes: QuoteStyle | None = None,
    dash_run: str = "",
    spaced_dash: str = "",
    ranges: bool = False,
    abbreviations: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
    conjunctions: tuple[str, ...] | None = None,
) -> Language:
    """Build a :class:`Language` from table data; every rule is optional."""
    rules: list[Rule] = [r.ellipsis(), r.digit_groups]
    rules += [r.dash_run(dash_run)] if dash_run else []
    rules += [r.spaced_hyphen(spaced_dash)] if spaced_dash else []
    rules += [r.number_ranges()] if ranges else []
    rules += [r.before_number(abbreviations)] if abbreviations else []
    rules += [r.before_unit(units)] if units else []
    rules += [] if quotes else [r.word_apostrophe()]  # safe in any language
    words = None if conjunctions is None else frozenset(conjunctions)
    return Language(code, tuple(rules), quotes, words)


LANGUAGES: dict[str, Language] = {
    "sv": language(
        "sv",
        quotes=QuoteStyle(double=("”", "”"), single=("’", "’"), convert_unmatched=True,
                          elision=r"['’](?=\d\d-?tal)"),
        dash_run=" – ",
        spaced_dash="–",
        ranges=True,
        abbreviations=("kl.", "s.", "sid.", "nr", "nr.", "ca", "ca.", "c:a", "§", "§§", "kap.",
                       "st.", "tel.", "bil.", "art.", "fig.", "tab.", "vol.", "nummer", "sidan"),
        units=("%", "‰", "°C", "°", "kr", "kronor", "öre", "tkr", "mkr", "Mkr", "mnkr", "mdkr",
               "SEK", "EUR", "USD", "mm", "cm", "dm", "m", "km", "mil", "m²", "km²", "kvm",
               "mg", "g", "hg", "kg", "ton", "ml", "cl", "dl", "l", "st", "procent", "miljoner",
               "miljarder", "milj.", "mdr", "timmar", "minuter", "sekunder"),
        conjunctions=("och", "eller", "samt", "respektive", "resp.", "till", "som", "men", "än"),
    ),
    "en": language(
        "en",
        quotes=QuoteStyle(double=("“", "”"), single=("‘", "’"), continuation=True,
                          elision=r"['’](?=\d\ds\b|(?:tis|twas|em|til|cause)\b|n['’](?!\w))"),
        dash_run="—",
        spaced_dash="–",
        ranges=True,
        abbreviations=("p.", "pp.", "No.", "Nos.", "vol.", "ch.", "chap.", "fig.", "sec.",
                       "art.", "para.", "§", "§§"),
        units=("%", "‰", "°C", "°F", "mm", "cm", "m", "km", "kg", "g", "mg", "lb", "lbs", "oz",
               "ft", "mi", "mph", "km/h", "ml", "percent", "million", "billion"),
        conjunctions=("and", "or", "to", "nor", "than", "but"),
    ),
}

NEUTRAL = language("und")  # ellipsis, digit groups, apostrophes inside words


def language_for(code: str) -> Language:
    """The table entry for a BCP 47 tag (``sv``, ``sv-SE``, ``en_GB``), else :data:`NEUTRAL`."""
    primary = code.replace("_", "-").split("-")[0].strip().lower()
    return LANGUAGES.get(primary, NEUTRAL)


# ---------------------------------------------------------------- text split over inline nodes
#
# A block's inlines become a list of parts: the text of each Text node (editable), "\n" for a
# break, OBJECT for a Code or Image inline and nothing for an Anchor (fixed).  Edits are found
# on the joined text, and each one is applied to the part where it starts.


def flatten_inlines(inlines: Iterable[Inline], parts: list[str], editable: list[bool]) -> None:
    """Append each part of ``inlines`` to ``parts`` and whether it is editable to ``editable``."""
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
            editable.append(True)
        elif isinstance(node, (Emph, Strong, Link)):
            flatten_inlines(node.children, parts, editable)
        elif not isinstance(node, (Anchor, FootnoteRef)):  # a note's call: invisible here
            parts.append("\n" if isinstance(node, (SoftBreak, LineBreak)) else OBJECT)
            editable.append(False)


def _outside_fixed(edits: list[Edit], parts: list[str], editable: list[bool]) -> list[Edit]:
    """Drop the edits that would change a fixed part (a break, code, an image)."""
    fixed, pos = [], 0
    for part, ok in zip(parts, editable, strict=True):
        if not ok and part:
            fixed.append((pos, pos + len(part)))
        pos += len(part)
    kept, j = [], 0
    for edit in edits:
        while j < len(fixed) and fixed[j][1] <= edit.start:
            j += 1
        if j == len(fixed) or fixed[j][0] >= edit.end:
            kept.append(edit)
    return kept


def _edit_part(joined: str, start: int, end: int, edits: list[Edit], k: int) -> tuple[str, int]:
    """The part ``joined[start:end]`` with edits ``k…`` applied; the index of the next edit."""
    pieces, pos = [], start
    while k < len(edits) and edits[k].start < end:
        edit = edits[k]
        pieces.append(joined[pos : max(edit.start, pos)])
        if edit.start >= start:
            pieces.append(edit.new)
        pos = min(edit.end, end)
        if edit.end > end:  # it goes on into the next part, which drops the rest
            break
        k += 1
    pieces.append(joined[pos:end])
    return "".join(pieces), k


def _stage(parts: list[str], editable: list[bool], find: Callable[[str], list[Edit]]) -> list[str]:
    """Stage one: find edits on the joined text and apply each to the part where it starts."""
    joined = "".join(parts)
    if len(parts) == 1:
        return [r.apply_edits(joined, find(joined))] if editable[0] else parts
    edits = _outside_fixed(find(joined), parts, editable)
    out, k, start = [], 0, 0
    for part, ok in zip(parts, editable, strict=True):
        end = start + len(part)
        if ok:
            part, k = _edit_part(joined, start, end, edits, k)
        out.append(part)
        start = end
    return out


def _quote_stage(parts: list[str], editable: list[bool], style: QuoteStyle | None) -> list[str]:
    """Stage two: quotes change one glyph for another, so the parts keep their lengths."""
    placed = r.place_quotes("".join(parts), style)
    out, start = [], 0
    for part, ok in zip(parts, editable, strict=True):
        out.append(placed[start : start + len(part)] if ok else part)
        start += len(part)
    return out


#: Stage one again on its own result, at most this often: one rule's edit can make the text
#: another rule waits for ("0-1--": the dash first, then the range "0–1"), so the result is
#: final (typesetting twice gives what typesetting once gave).
MAX_PASSES = 3


def _typeset_parts(parts: list[str], editable: list[bool], lang: Language) -> list[str]:
    for _ in range(MAX_PASSES):
        before = parts
        parts = _stage(parts, editable, lambda text: r.text_edits(text, lang.rules))
        if parts == before:
            break
    return _quote_stage(parts, editable, lang.quotes)


def _lang(language: str | Language) -> Language:
    return language if isinstance(language, Language) else language_for(language)


def typeset(text: str, language: str | Language = "sv") -> str:
    """The typography pass on one string."""
    return _typeset_parts([text], [True], _lang(language))[0]


def typeset_sv(text: str) -> str:
    return typeset(text, "sv")


def typeset_en(text: str) -> str:
    return typeset(text, "en")


# ---------------------------------------------------------------- the book


def _rebuild(
    inlines: tuple[Inline, ...], texts: Iterator[str], lang: Language
) -> tuple[Inline, ...]:
    """The inlines again, each Text taking the next of ``texts``."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            node = Text(next(texts))
        elif isinstance(node, (Emph, Strong)):
            node = replace(node, children=_rebuild(node.children, texts, lang))
        elif isinstance(node, Link):
            children = _rebuild(node.children, texts, lang)
            node = replace(node, children=children, title=typeset(node.title, lang))
        elif isinstance(node, Image):
            node = _image(node, lang)
        out.append(node)
    return tuple(out)


def _image(image: Image, lang: Language) -> Image:
    return replace(image, alt=typeset(image.alt, lang), title=typeset(image.title, lang))


def typeset_inlines(inlines: tuple[Inline, ...], language: str | Language) -> tuple[Inline, ...]:
    """The pass over one block's inlines, with context carried across the nodes."""
    lang = _lang(language)
    parts: list[str] = []
    editable: list[bool] = []
    flatten_inlines(inlines, parts, editable)
    parts = _typeset_parts(parts, editable, lang)
    return _rebuild(inlines, (p for p, ok in zip(parts, editable, strict=True) if ok), lang)


def _block(block: Block, lang: Language) -> Block:
    if isinstance(block, (Paragraph, Heading)):
        return replace(block, inlines=typeset_inlines(block.inlines, lang))
    if isinstance(block, BlockQuote):
        return replace(block, blocks=tuple(_block(b, lang) for b in block.blocks))
    if isinstance(block, ListBlock):
        items = tuple(tuple(_block(b, lang) for b in item) for item in block.items)
        return replace(block, items=items)
    if isinstance(block, Figure):
        caption = typeset_inlines(block.caption, lang)
        return replace(block, image=_image(block.image, lang), caption=caption)
    if isinstance(block, Footnote):
        return replace(block, blocks=tuple(_block(b, lang) for b in block.blocks))
    if isinstance(block, Verse):
        return _verse(block, lang)
    if isinstance(block, Table):
        header = tuple(_cell(c, lang) for c in block.header)
        rows = tuple(tuple(_cell(c, lang) for c in row) for row in block.rows)
        return replace(block, header=header, rows=rows)
    return block  # CodeBlock, ThematicBreak


def _cell(cell: TableCell, lang: Language) -> TableCell:
    return replace(cell, inlines=typeset_inlines(cell.inlines, lang))


def _verse(verse: Verse, lang: Language) -> Verse:
    """A poem's lines are typeset as one text (a quotation may open on one line and close on
    another), then cut back into the same lines."""
    joined: list[Inline] = []
    for number, line in enumerate(verse.lines):
        joined.extend(((LineBreak(),) if number else ()) + line.inlines)
    done = typeset_inlines(tuple(joined), lang)  # same top-level nodes, one for one
    lines, at = [], 0
    for number, line in enumerate(verse.lines):
        at += 1 if number else 0
        lines.append(replace(line, inlines=done[at:at + len(line.inlines)]))
        at += len(line.inlines)
    return replace(verse, lines=tuple(lines))


def apply_typography(book: Book) -> Book:
    """The typography transform, by ``book.metadata.language``."""
    lang = language_for(book.metadata.language)
    meta = book.metadata
    metadata = replace(meta, title=typeset(meta.title, lang), subtitle=typeset(meta.subtitle, lang))
    sections = tuple(
        replace(s, title=typeset(s.title, lang), blocks=tuple(_block(b, lang) for b in s.blocks))
        for s in book.sections
    )
    parts = tuple(
        replace(p, title=typeset(p.title, lang), blocks=tuple(_block(b, lang) for b in p.blocks))
        for p in book.parts
    )
    return replace(book, metadata=metadata, sections=sections, parts=parts)


# ---------------------------------------------------------------- the lint, importable from here
