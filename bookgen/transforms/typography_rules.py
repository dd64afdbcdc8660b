"""Pure typography rules on strings: the building blocks of each language's table entry.

A rule never rewrites a string: it reports :class:`Edit` s (a span of the text and what goes
there), so that :mod:`bookgen.transforms.typography` can apply the same edits to a text that is
split over several inline nodes.  Two stages run in order: :func:`text_edits` (dashes, ranges,
ellipsis, no-break spaces) and then :func:`place_quotes` (quotation marks and apostrophes), so
that quotes are placed by the context the printed text will have; that is what makes the pass
idempotent.

Every pattern is linear: repetitions are bounded or end at a literal, and no two repetitions can
match the same characters, so there is no catastrophic backtracking.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "NBSP", "OBJECT", "Edit", "Rule", "QuoteStyle", "Quote", "quote_roles", "quote_edits",
    "place_quotes", "text_edits", "apply_edits", "is_range", "ellipsis", "dash_run",
    "spaced_hyphen", "number_ranges", "digit_groups", "before_number", "before_unit",
    "word_apostrophe",
]

NBSP = "\u00a0"
OBJECT = "\ufffc"  # stands in a block's text for a Code or Image inline: a word, never edited


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``new``."""

    start: int
    end: int
    new: str


Rule = Callable[[str], Iterator[Edit]]
Replacement = str | Callable[[str, re.Match[str]], str | None]


def _sub(pattern: str, replacement: Replacement) -> Rule:
    """A rule replacing each match (or its group ``x``) by a string or a function's answer."""
    regex = re.compile(pattern)
    group = "x" if "x" in regex.groupindex else 0

    def rule(text: str) -> Iterator[Edit]:
        for m in regex.finditer(text):
            new = replacement if isinstance(replacement, str) else replacement(text, m)
            start, end = m.span(group)
            if new is not None and text[start:end] != new:
                yield Edit(start, end, new)

    return rule


# ---------------------------------------------------------------- dashes

_DASH_RUN = r" ?(?<!-)-{2,3}(?!-) ?"  # "--" or "---", with the spaces around it if any


def dash_run(dash: str) -> Rule:
    """``--``/``---`` → ``dash``; a dash written with spaces (" – ") is spaced between words."""
    if dash == dash.strip():
        return _sub(_DASH_RUN, dash)
    glyph = dash.strip()

    def spaced(text: str, m: re.Match[str]) -> str:
        start, end = m.span()
        left = " " if start > 0 and not text[start - 1].isspace() else ""
        right = " " if end < len(text) and not text[end].isspace() else ""
        return f"{left}{glyph}{right}"

    return _sub(_DASH_RUN, spaced)


def spaced_hyphen(dash: str) -> Rule:
    """A hyphen between spaces (or opening a line before a space) is a dash: ``a - b``."""
    return _sub(r"-(?<=(?:^|(?<=\s))-)(?=\s)", dash)  # starts with "-": a fast scan


# ---------------------------------------------------------------- ranges

_FRACTION = re.compile(r"[.,:]")
_NUM = r"\d{1,3}(?:[ \u00a0]\d{3})+|\d{1,4}(?:[.:]\d\d|,\d{1,2})?"  # 2 100, 14.30, 1,5
_RANGE = rf"(?<![\w/])(?<!\d[-–.,:])(?P<a>{_NUM})(?P<x>-)(?P<b>{_NUM})(?![\w/\-–]|[.,:]\d)"


def _digits(number: str) -> tuple[str, bool]:
    """The integer digits of a number as written, and whether it has a fraction part."""
    whole = _FRACTION.split(number.replace(" ", "").replace(NBSP, ""), maxsplit=1)
    return whole[0], len(whole) > 1


def _value(number: str) -> float:
    return float(_FRACTION.sub(".", number.replace(" ", "").replace(NBSP, "")))


def is_range(a: str, b: str) -> bool:
    """Whether ``a-b`` reads as a range (1996-2001, 12-14, 1996-97, 14.00-16.30).

    Not a range: phone numbers (``08-``, ``0150-``, ``555-1234``), year-month (``2007-02``),
    and anything where the second number is not the larger.
    """
    da, frac = _digits(a)
    db, _ = _digits(b)
    if len(da) > 1 and da[0] == "0" and not frac:
        return False  # an area code
    if (len(da), len(db)) == (4, 2):  # 1996-97, but not a year and month 2007-02
        return int(db) > 12 and int(db) > int(da) % 100
    grouped = len(da) > 4 or len(db) > 4
    if not (len(da) == len(db) or (len(da) <= 2 and len(db) == len(da) + 1) or grouped):
        return False
    return _value(b) > _value(a)


def _range_dash(text: str, m: re.Match[str]) -> str | None:
    start = m.start()
    continues_group = len(m["a"]) == 3 and start >= 2 and text[start - 1] in " \u00a0"
    if continues_group and text[start - 2].isdigit():
        return None  # "10 000-…" seen from its last group
    return "–" if is_range(m["a"], m["b"]) else None


def number_ranges() -> Rule:
    """``1996-2001`` → ``1996–2001``, ``s. 12-14`` → ``12–14``; see :func:`is_range`."""
    return _sub(_RANGE, _range_dash)


def ellipsis() -> Rule:
    """``...`` → ``…``."""
    return _sub(r"\.\.\.", "…")


def word_apostrophe() -> Rule:
    """An apostrophe between two letters (for languages without a quote style)."""
    return _sub(r"(?<=[^\W\d_])'(?=[^\W\d_])", "’")


# ---------------------------------------------------------------- no-break spaces

_GROUPS = re.compile(r"(?<![\w.,…])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)")


def digit_groups(text: str) -> Iterator[Edit]:
    """``2 100``, ``1 250 000``: the spaces between groups of three digits."""
    for m in _GROUPS.finditer(text):
        for i in range(m.start(), m.end()):
            if text[i] == " ":
                yield Edit(i, i + 1, NBSP)


def _alternatives(words: tuple[str, ...], capitalize: bool = True) -> str:
    variants = {w[:1].upper() + w[1:] for w in words} | set(words) if capitalize else set(words)
    return "|".join(re.escape(w) for w in sorted(variants, key=lambda w: (-len(w), w)))


def before_number(abbreviations: tuple[str, ...]) -> Rule:
    """``kl. 14``, ``s. 12``, ``§ 4``: no break between the abbreviation and the number."""
    return _sub(rf"(?<![\w.…])(?:{_alternatives(abbreviations)})(?P<x> )(?=\d)", NBSP)


def before_unit(units: tuple[str, ...]) -> Rule:
    """``30 %``, ``5 kr``, ``3 mm``: no break between a number and its unit."""
    return _sub(rf"(?P<x> )(?<=\d )(?:{_alternatives(units, False)})(?!\w)", NBSP)


# ---------------------------------------------------------------- quotation marks

OPEN, CLOSE, APOSTROPHE = "open", "close", "apostrophe"
UNMATCHED_OPEN, UNMATCHED_CLOSE, UNPAIRED = "unmatched-open", "unmatched-close", "unpaired"
_STRAIGHT = "\"'"


@dataclass(frozen=True)
class QuoteStyle:
    """How one language prints quotation marks.

    ``double``/``single`` are (opening, closing) glyphs.  ``convert_unmatched`` also prints
    quotes that found no partner (safe when opening and closing are the same glyph, as in
    Swedish); ``continuation`` prints an unclosed ``"`` that opens a block as an opening quote
    (the English convention for a quotation that runs on over paragraphs).  ``elision`` matches
    a quote that is always an apostrophe (``'90s``).
    """

    double: tuple[str, str]
    single: tuple[str, str]
    apostrophe: str = "’"
    convert_unmatched: bool = False
    continuation: bool = False
    elision: str = r"(?!)"

    @property
    def kinds(self) -> dict[str, tuple[str, str]]:
        """Each quote glyph the pass looks at: its kind (``"`` or ``'``) and a fixed role."""
        found = {'"': ('"', ""), "'": ("'", ""), self.apostrophe: ("'", "")}
        for kind, (opening, closing) in (('"', self.double), ("'", self.single)):
            ambiguous = opening == closing or closing == self.apostrophe
            found.setdefault(opening, (kind, "" if opening == closing else OPEN))
            found.setdefault(closing, (kind, "" if ambiguous else CLOSE))
        return found


@dataclass(slots=True)
class Quote:
    """One quote glyph in a text and the role the pass gave it."""

    pos: int
    kind: str
    straight: bool
    role: str = UNPAIRED


@lru_cache(maxsize=4096)
def _is_punct(c: str) -> bool:
    return c != OBJECT and unicodedata.category(c)[0] in "PS"


def _flanking(text: str, i: int) -> tuple[bool, bool]:
    """Whether the quote at ``i`` can open and can close (markdown-it's smartquotes rules)."""
    prev = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    prev_space, next_space = prev.isspace(), after.isspace()
    prev_punct, next_punct = _is_punct(prev), _is_punct(after)
    can_open = not next_space and (not next_punct or prev_space or prev_punct)
    can_close = not prev_space and (not prev_punct or next_space or next_punct)
    if can_open and can_close:  # between punctuation, not inside a word
        return prev_punct, next_punct
    return can_open, can_close


def _pair(q: Quote, can_open: bool, can_close: bool, stacks: dict[str, list[Quote]]) -> None:
    """Close the nearest open quote of the same kind (dropping openers inside it), or open."""
    if can_close and stacks[q.kind]:
        opener = stacks[q.kind].pop()
        other = stacks["'" if q.kind == '"' else '"']
        while other and other[-1].pos > opener.pos:
            other.pop()
        opener.role, q.role = OPEN, CLOSE
    elif can_open:
        q.role = UNMATCHED_OPEN
        stacks[q.kind].append(q)
    elif q.kind == "'":
        q.role = APOSTROPHE
    else:
        q.role = UNMATCHED_CLOSE if can_close else UNPAIRED


def quote_roles(text: str, style: QuoteStyle) -> list[Quote]:
    """Every quote glyph of ``text`` with its role; typographic ones take part in the pairing."""
    kinds = style.kinds
    elided = {m.start() for m in re.finditer(style.elision, text, re.IGNORECASE)}
    stacks: dict[str, list[Quote]] = {'"': [], "'": []}
    quotes = []
    for m in re.finditer("[" + re.escape("".join(kinds)) + "]", text):
        kind, fixed = kinds[m.group()]
        q = Quote(m.start(), kind, m.group() in _STRAIGHT)
        quotes.append(q)
        if q.pos in elided:
            q.role = APOSTROPHE
        elif fixed:
            _pair(q, fixed == OPEN, fixed == CLOSE, stacks)
        else:
            _pair(q, *_flanking(text, q.pos), stacks)
    return quotes


def _glyph(q: Quote, style: QuoteStyle) -> str | None:
    opening, closing = style.double if q.kind == '"' else style.single
    if q.role == APOSTROPHE:
        return style.apostrophe
    if q.role in (OPEN, CLOSE) or style.convert_unmatched:
        return opening if q.role in (OPEN, UNMATCHED_OPEN) else closing
    if q.role == UNMATCHED_OPEN and q.kind == '"' and style.continuation and q.pos == 0:
        return opening
    return None


def _uniform(style: QuoteStyle) -> dict[int, str] | None:
    """A translation table when every straight quote prints the same whatever its role."""
    (d_open, d_close), (s_open, s_close) = style.double, style.single
    if style.convert_unmatched and d_open == d_close and s_open == s_close == style.apostrophe:
        return str.maketrans({'"': d_open, "'": style.apostrophe})
    return None


def quote_edits(text: str, style: QuoteStyle | None) -> list[Edit]:
    """Stage two: the straight quotes the pass can place, as edits (typographic ones stay)."""
    if style is None:
        return []
    edits = []
    for q in quote_roles(text, style):
        new = _glyph(q, style) if q.straight else None
        if new is not None:
            edits.append(Edit(q.pos, q.pos + 1, new))
    return edits


def place_quotes(text: str, style: QuoteStyle | None) -> str:
    """Stage two on a whole text; the result has the same length (one glyph for another)."""
    table = None if style is None else _uniform(style)
    return text.translate(table) if table else apply_edits(text, quote_edits(text, style))


# ---------------------------------------------------------------- edits


def text_edits(text: str, rules: tuple[Rule, ...]) -> list[Edit]:
    """Stage one: every rule's edits, sorted; where two overlap the earlier rule wins."""
    found = [(e.start, order, e) for order, rule in enumerate(rules) for e in rule(text)]
    found.sort(key=lambda t: (t[0], t[1]))
    kept: list[Edit] = []
    for _, _, edit in found:
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping edits."""
    pieces, pos = [], 0
    for start, end, new in edits:
        pieces += [text[pos:start], new]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
