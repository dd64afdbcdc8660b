"""Judging a paragraph as WeasyPrint first set it, and planning its breaks (``steering``).

A justified paragraph with a loose line or a ladder of hyphens is broken again with
:mod:`bookgen.writers.linebreak` (Knuth–Plass total fit) over widths measured as WeasyPrint
sets them (``steering_measure``): its words and hyphenation points (pyphen, with the paragraph's
``hyphenate-limit-chars``) as boxes and penalties, its spaces as glue that may stretch and close,
and, where that saves loose lines, letters ½ % or 1 % narrower or wider. The plan is kept only if
it scores better than WeasyPrint's own lines, as the texts its runs get (no-break spaces where
no break was chosen, soft hyphens where a hyphenation point was) and the CSS it adds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from bookgen.writers import linebreak as kp
from bookgen.writers.steering_measure import NBSP, SHRINK_EM, Measure, word_spacing_of

SHY = "\u00ad"
_SPACE = re.compile(r"[ \t\n\r\f]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_LIGATURE = re.compile("f[fil]")  # the common ligatures of the book's typefaces (EB Garamond's)
_EXPLICIT = re.compile(r"(?<=\w)[-\u2010](?=\w)|[\u2013\u2014/](?=\S)")
LOOSE = 1.5  # a line is loose when its word space is over 1.5 × the font's space
MARGIN = 0.25  # px kept free on each line, for the widths Pango rounds differently in a line
#: How far a steered paragraph's letters may narrow or widen, tried in this order: ½ %, 1 %.
LETTER_SPACINGS = (0.005, 0.01)
PANGO_UNITS = 1024  # Pango's units per px: WeasyPrint rounds letter spacing to these
#: px more (besides :data:`MARGIN`) that a plan's spaces close by than its tightest line needs
SLACK = 0.75


@dataclass
class Run:
    """A piece of the paragraph's text as it sits in the tree: ``element.text`` or ``.tail``."""

    element: object
    slot: str  # "text" | "tail"
    style: object
    text: str


@dataclass
class Paragraph:
    element: object
    runs: list[Run]
    widths: list[float]
    lines: list  # WeasyPrint's line boxes for it
    edits: dict[int, str] = field(default_factory=dict)
    expected: list[str] = field(default_factory=list)
    original_style: str | None = None
    letter_spacing: float = 0.0  # px, the plan's (CSS letter-spacing of the paragraph)
    key: str = ""  # steering_memo.paragraph_key, of its text before any edit
    css: str = ""  # the declarations a steered paragraph adds to its style
    block_width: float = 0.0  # its measure, as WeasyPrint laid it out


def needs_steering(paragraph: Paragraph, measure: Measure) -> bool:
    ratios = [measure.line_ratio(line) for line in paragraph.lines[:-1]]
    hyphens = [text_of(line).rstrip().endswith(("\u2010", "-", SHY)) for line in
               paragraph.lines[:-1]]
    return any(r > LOOSE for r in ratios) or _has_ladder(hyphens)


def _has_ladder(flags: list[bool]) -> bool:
    run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        if run > kp.MAX_HYPHENS_IN_A_ROW:
            return True
    return False


@dataclass(frozen=True)
class Token:
    item: kp.Item
    run: int = -1  # for glue and penalties: where in the text they are
    start: int = 0
    end: int = 0
    text: str = ""  # a box's text, a hyphen's character


def plan(paragraph: Paragraph, measure: Measure) -> bool:
    """Choose the paragraph's breaks (and, if that takes it, its letter spacing): True when
    the plan is better than WeasyPrint's own lines, and then ``paragraph`` has its edits."""
    tokens = tokens_of(paragraph.runs, measure)
    if tokens is None:
        return False
    space = measure.space(paragraph.runs[0].style)
    best = None
    for spacing in letter_spacings(paragraph, tokens):
        items = [_spaced(t, spacing) for t in tokens] + [kp.end()]
        breaks = kp.break_lines(items, paragraph.widths,
                                loose=kp.LOOSE_RATIO - 4 * spacing / space)
        if breaks is None:
            continue
        score = _score([r + spacing / space for r in
                        _predicted_ratios(items, breaks, paragraph.widths, space)],
                       [items[b].kind == "penalty" and items[b].flagged for b in breaks[:-1]])
        if best is None or score < best[0]:
            best = (score, breaks, spacing, items)
        if score < 1:  # no loose line, no ladder: spacing the letters would not help
            break
    before = _score([measure.line_ratio(line) for line in paragraph.lines[:-1]],
                    [text_of(line).rstrip().endswith(("\u2010", "-")) for line in
                     paragraph.lines[:-1]])
    if best is None or best[0] >= before:
        return False
    _, breaks, paragraph.letter_spacing, items = best
    paragraph.expected, chosen = _lines_of(tokens, breaks)
    paragraph.edits = _edits(paragraph, tokens, chosen)
    shrink = _shrink_needed(items, breaks, paragraph.widths)
    paragraph.css = f"hyphens: manual; word-spacing: {_word_spacing_css(paragraph, shrink)}"
    if paragraph.letter_spacing:
        paragraph.css += f"; letter-spacing: {_letter_spacing_css(paragraph)}"
    return True


def letter_spacings(paragraph: Paragraph, tokens: list[Token]) -> list[float]:
    """The letter spacings (px) a plan may use: none, then the letters ½ % and 1 % of their
    mean width narrower or wider (:data:`LETTER_SPACINGS`), as pdfTeX's font expansion lets
    glyphs narrow or widen (microtype's default limit is 2 %). Not in a paragraph where a
    ligature would be set (ff, fi, fl): Pango sets no ligature in letter-spaced text."""
    if any(_LIGATURE.search(run.text) for run in paragraph.runs):
        return [0.0]
    letters = [(t.item.width, _clusters(t.text)) for t in tokens if t.item.kind == "box"]
    count = sum(n for _, n in letters)
    if not count:
        return [0.0]
    mean = sum(w for w, _ in letters) / count
    spacings = [0.0]
    for share in LETTER_SPACINGS:
        step = round(share * mean * PANGO_UNITS) / PANGO_UNITS
        if step and step not in spacings:
            spacings += [-step, step]
    return spacings


def _spaced(token: Token, spacing: float) -> kp.Item:
    """The token's item with ``spacing`` px after each of its characters (Pango adds letter
    spacing to every character, a space's too, half before it and half after)."""
    if not spacing:
        return token.item
    if token.item.kind == "glue":
        return replace(token.item, width=token.item.width + spacing)
    return replace(token.item, width=token.item.width + spacing * _clusters(token.text))


def _clusters(text: str) -> int:
    return sum(not unicodedata.combining(char) for char in text)


def _score(ratios: list[float], hyphens: list[bool]) -> float:
    return sum(r > LOOSE for r in ratios) + 10 * _has_ladder(hyphens) + 0.01 * max(ratios or [0])


def tokens_of(runs: list[Run], measure: Measure) -> list[Token] | None:
    tokens: list[Token] = []
    for index, run in enumerate(runs):
        position = 0
        for space in _SPACE.finditer(run.text):
            _word(tokens, index, run, position, space.start(), measure)
            position = space.end()
            if tokens and tokens[-1].item.kind == "glue":
                continue  # spaces across an element boundary collapse into one
            tokens.append(Token(measure.glue(run.style), index, space.start(), space.end()))
        _word(tokens, index, run, position, len(run.text), measure)
    while tokens and tokens[0].item.kind == "glue":
        tokens.pop(0)
    while tokens and tokens[-1].item.kind == "glue":
        tokens.pop()
    return tokens or None


def _word(tokens, index: int, run: Run, start: int, end: int, measure: Measure) -> None:
    """The boxes and hyphenation points of ``run.text[start:end]`` (a word, or part of one)."""
    if start >= end:
        return
    piece = run.text[start:end]
    explicit = set(_explicit_points(piece))
    cuts = sorted(set(_hyphen_points(piece, run.style)) | explicit)
    mark = run.style["hyphenate_character"]
    last, done = 0, 0.0
    for cut in [*cuts, len(piece)]:
        # widths of prefixes, so the parts add up to the word as Pango shapes it (kerning)
        upto = measure.width(run.style, piece[:cut])
        tokens.append(Token(kp.box(upto - done), index, start + last, start + cut,
                             piece[last:cut]))
        if cut < len(piece):
            text = "" if cut in explicit else mark
            width = measure.width(run.style, piece[:cut] + text) - upto if text else 0.0
            tokens.append(Token(kp.hyphen(width), index, start + cut, start + cut, text))
        last, done = cut, upto


def _hyphen_points(piece: str, style) -> list[int]:
    import pyphen

    total, left, right = style["hyphenate_limit_chars"]
    lang = pyphen.language_fallback(style["lang"])
    if not lang:
        return []
    dictionary = _dictionary(lang, left, right)
    points = []
    for word in _LETTERS.finditer(piece):
        if len(word.group(0)) >= total:
            points.extend(word.start() + p for p in dictionary.positions(word.group(0)))
    return points


_DICTIONARIES: dict = {}


def _dictionary(lang: str, left: int, right: int):
    import pyphen

    key = (lang, left, right)
    if key not in _DICTIONARIES:
        _DICTIONARIES[key] = pyphen.Pyphen(lang=lang, left=left, right=right)
    return _DICTIONARIES[key]


def _explicit_points(piece: str) -> list[int]:
    return [m.end() for m in _EXPLICIT.finditer(piece)]


def _lines_of(tokens: list[Token], breaks: list[int]) -> tuple[list[str], set[int]]:
    lines, start = [], 0
    for b in breaks:
        words = "".join(t.text if t.item.kind == "box" else " " if t.item.kind == "glue" else ""
                        for t in tokens[start:b])
        if b < len(tokens) and tokens[b].item.kind == "penalty":
            words += tokens[b].text
        lines.append(" ".join(words.split()))
        start = b + 1
    return lines, set(breaks)


def _predicted_ratios(items: list[kp.Item], breaks: list[int], widths: list[float],
                      space: float) -> list[float]:
    """Each line's (but the last's) word space as it will be set, over the font's space."""
    ratios, start = [], 0
    for number, b in enumerate(breaks[:-1]):
        line = items[start:b]
        boxes = sum(item.width for item in line if item.kind == "box")
        if items[b].kind == "penalty":
            boxes += items[b].width
        glues = sum(item.kind == "glue" for item in line)
        width = widths[min(number, len(widths) - 1)] + MARGIN
        ratios.append((width - boxes) / glues / space if glues else 0.0)
        start = b + 1
    return ratios


def _edits(paragraph: Paragraph, tokens: list[Token], chosen: set[int]) -> dict[int, str]:
    """The new text of each run: no-break spaces where no break was chosen, soft hyphens where
    a hyphenation point was."""
    changes: dict[int, list[tuple[int, int, str]]] = {}
    for index, token in enumerate(tokens):
        if token.item.kind == "glue" and index not in chosen:
            _no_break(paragraph, token, changes)
        elif token.item.kind == "glue" and not paragraph.runs[token.run].text.strip() \
                and token.run > 0:
            # a break between two elements: its space joins the text before, as a lone space
            # in a steered paragraph becomes a text box WeasyPrint does not trim at a line end
            before = len(paragraph.runs[token.run - 1].text)
            changes.setdefault(token.run, []).append((token.start, token.end, ""))
            changes.setdefault(token.run - 1, []).append((before, before, " "))
        elif token.item.kind == "penalty" and index in chosen and token.text:
            changes.setdefault(token.run, []).append((token.start, token.start, SHY))
    edits = {}
    for run, pieces in changes.items():
        text = paragraph.runs[run].text
        for start, end, new in sorted(pieces, reverse=True):
            text = text[:start] + new + text[end:]
        edits[run] = text
    return edits


def _no_break(paragraph: Paragraph, token: Token, changes: dict) -> None:
    """The space of ``token`` as one no-break space. A space that ends an element's text moves
    to the start of the next text (``word <span>word`` → ``word<span>\u00a0word``):
    WeasyPrint gives a no-break space at a text's end only half its word spacing (its check
    for "the last character" counts bytes, and U+00A0 has two), at the start the full one."""
    runs = paragraph.runs
    if token.end < len(runs[token.run].text) or token.run + 1 >= len(runs):
        changes.setdefault(token.run, []).append((token.start, token.end, NBSP))
        return
    changes.setdefault(token.run, []).append((token.start, token.end, ""))
    following = token.run + 1
    text = runs[following].text
    leading = len(text) - len(text.lstrip(" \t\n\r\f"))
    changes.setdefault(following, []).append((0, leading, NBSP))


def _shrink_needed(items: list[kp.Item], breaks: list[int], widths: list[float]) -> float:
    """How far (px) the plan's spaces must close for its tightest line to fit. Only that far:
    the paragraph's last line is not justified and keeps the spaces the CSS gives it, so it is
    set with the font's own space unless a line of the paragraph needs them narrower."""
    need, start = 0.0, 0
    for number, b in enumerate(breaks):
        line = items[start:b]
        natural = sum(item.width for item in line if item.kind != "penalty")
        natural += items[b].width if items[b].kind == "penalty" else 0.0
        glues = sum(item.kind == "glue" for item in line)
        width = widths[min(number, len(widths) - 1)] - SLACK
        if natural > width and glues:
            need = max(need, (natural - width) / glues)
        start = b + 1
    return need


def _word_spacing_css(paragraph: Paragraph, shrink: float) -> str:
    """The paragraph's word spacing less ``shrink`` px (and a Pango unit, which WeasyPrint's
    truncation may take), in em rounded down, never below :data:`SHRINK_EM` less."""
    style = paragraph.runs[0].style
    size = style["font_size"]
    closed = max(shrink + 1 / PANGO_UNITS, 0.0) / size if shrink else 0.0
    em = word_spacing_of(style) / size - min(closed, SHRINK_EM)
    return f"{math.floor(em * 10_000) / 10_000:.4f}em"


def _letter_spacing_css(paragraph: Paragraph) -> str:
    """The plan's letter spacing in em, half a Pango unit further from zero: WeasyPrint
    truncates it to whole units, and must get the planned number of them."""
    units = round(paragraph.letter_spacing * PANGO_UNITS)
    units += 0.5 if units > 0 else -0.5
    return f"{units / PANGO_UNITS / paragraph.runs[0].style['font_size']:.9f}em"


def text_of(box) -> str:
    if type(box).__name__ == "TextBox":
        return box.text
    return "".join(text_of(child) for child in getattr(box, "children", ()))

