"""Paragraph-level line breaking for WeasyPrint: bookgen chooses the breaks, WeasyPrint sets them.

WeasyPrint fills one line at a time (first fit) and justifies by widening spaces only, so a long
word pushed to the next line leaves a loose line behind, and hyphens pile up in ladders. After
WeasyPrint's first layout, each justified paragraph that came out with a loose line or a ladder
is broken again here with :mod:`bookgen.writers.linebreak` (Knuth–Plass total fit), over widths
measured with the same fonts, shaping and hyphenation patterns WeasyPrint uses (Pango through
WeasyPrint's own ``Layout``, pyphen with the paragraph's ``hyphenate-limit-chars``). The chosen
breaks are then the only ones WeasyPrint can take: every other space in the paragraph becomes a
no-break space (U+00A0, which WeasyPrint justifies like a space), a chosen hyphenation point
gets a soft hyphen (U+00AD) and the paragraph ``hyphens: manual``. The book is laid out again,
every steered paragraph's lines are compared with the chosen ones, and a paragraph whose lines
differ gets its own text back (then the book is laid out once more). Text extracted from the
PDF is unchanged: a no-break space is extracted as a space and a soft hyphen that does not end a
line is not drawn.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from bookgen.preflight.lines import blocks_with_lines
from bookgen.writers import linebreak as kp
from bookgen.writers.steering_memo import (Decision, SteeringMemo, is_note, paragraph_key,
                                           parents_of, runs_of, same_words)

NBSP, SHY = "\u00a0", "\u00ad"
_SPACE = re.compile(r"[ \t\n\r\f]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_LIGATURE = re.compile("f[fil]")  # the common ligatures of the book's typefaces (EB Garamond's)
_EXPLICIT = re.compile(r"(?<=\w)[-\u2010](?=\w)|[\u2013\u2014/](?=\S)")
LOOSE = 1.5  # a line is loose when its word space is over 1.5 × the font's space
#: How far a steered paragraph's spaces may close (em): its CSS ``word-spacing``. WeasyPrint only
#: widens spaces, so a narrower natural space is how a line gets TeX's shrink: a third of the
#: font's space, as TeX gives a font's space (EB Garamond's 0.2 em closes to 0.133 em).
SHRINK_EM = 0.2 / 3
MARGIN = 0.25  # px kept free on each line, for the widths Pango rounds differently in a line
#: How far a steered paragraph's letters may narrow or widen, tried in this order: ½ %, 1 %.
LETTER_SPACINGS = (0.005, 0.01)
PANGO_UNITS = 1024  # Pango's units per px: WeasyPrint rounds letter spacing to these
#: px more (besides :data:`MARGIN`) that a plan's spaces close by than its tightest line needs
SLACK = 0.75


@dataclass
class _Run:
    """A piece of the paragraph's text as it sits in the tree: ``element.text`` or ``.tail``."""

    element: object
    slot: str  # "text" | "tail"
    style: object
    text: str


@dataclass
class _Paragraph:
    element: object
    runs: list[_Run]
    widths: list[float]
    lines: list  # WeasyPrint's line boxes for it
    edits: dict[int, str] = field(default_factory=dict)
    expected: list[str] = field(default_factory=list)
    original_style: str | None = None
    letter_spacing: float = 0.0  # px, the plan's (CSS letter-spacing of the paragraph)
    key: str = ""  # steering_memo.paragraph_key, of its text before any edit
    css: str = ""  # the declarations a steered paragraph adds to its style
    block_width: float = 0.0  # its measure, as WeasyPrint laid it out


def steer(render, root=None, memo: SteeringMemo | None = None) -> tuple[object, dict[str, int]]:
    """Lay out with ``render()`` (a function giving a new ``weasyprint.Document`` of the same
    HTML object, whose tree is ``root``, each time), steer the paragraphs that need it, and give
    the final document with counts: paragraphs steered, kept, and given back.

    Decisions in ``memo`` (see ``steering_memo``) are applied before the first layout, so a
    book whose paragraphs were all decided before is laid out once; the others are decided
    from that layout, and the book is laid out again only if one of them is steered or a
    remembered plan did not give its lines."""
    memo = memo if memo is not None else SteeringMemo("")
    parents = parents_of(root) if root is not None else {}
    remembered = _apply_remembered(root, memo, parents) if root is not None else {}
    document = render()
    measure = _Measure()
    steered = []
    for paragraph in _paragraphs(document, parents, skip=remembered):
        if _needs_steering(paragraph, measure) and _plan(paragraph, measure):
            steered.append(paragraph)
        else:
            memo.put(paragraph.key, Decision(paragraph.block_width))
    counts = {"steered": len(steered) + len(remembered), "kept": 0, "given back": 0}
    wrong = _not_as_planned(document, list(remembered.values()), memo) if remembered else []
    if steered:
        for paragraph in steered:
            _apply(paragraph)
            _forget_layout(paragraph)
        del document, measure  # the first layout is not needed again: lay out in its place
        _let_go()
        document = render()
        more = _not_as_planned(document, steered, memo)
    else:
        more = []
    counts["given back"] = len(wrong) + len(more)
    counts["kept"] = counts["steered"] - counts["given back"]
    if more or (wrong and not steered):
        del document
        _let_go()
        document = render()  # with the paragraphs given back their text
    return document, counts


def _let_go() -> None:
    """Collect a layout let go of before making the next: WeasyPrint's boxes hold cycles, and
    the build collects the old generation rarely (``build.render``), so two layouts of the
    book would be in memory at once (100-page book: 364 MB against 240 MB)."""
    import gc

    gc.collect()


def _apply_remembered(root, memo: SteeringMemo, parents: dict) -> dict[int, _Paragraph]:
    """Apply the remembered plans to the tree's paragraphs; id(element) → the paragraph, for
    these and for those remembered as first fit (``edits`` empty), which are not decided
    again."""
    found: dict[int, _Paragraph] = {}
    for element in root.iter("p"):
        key = paragraph_key(element, parents)
        decision = memo.get(key)
        runs = runs_of(element) if decision is not None else None
        if runs is None:
            continue
        paragraph = _Paragraph(element, [_Run(e, slot, None, text) for e, slot, text in runs],
                               [], [], key=key, block_width=decision.width)
        if decision.edits is not None:
            if any(i >= len(runs) or not same_words(runs[i][2], text)
                   for i, text in decision.edits.items()):
                continue  # not this paragraph's own words: decided again
            paragraph.edits, paragraph.expected = dict(decision.edits), list(decision.lines)
            paragraph.css = decision.css
            _apply(paragraph)
        found[id(element)] = paragraph
    return found


def _not_as_planned(document, paragraphs: list[_Paragraph], memo: SteeringMemo) -> list:
    """The steered paragraphs whose lines differ from their plan, given their text back (and
    remembered as first fit); the others remembered as planned."""
    found = _lines_by_element(document)
    wrong = []
    for paragraph in paragraphs:
        lines = found.get(id(paragraph.element), [])
        same_measure = bool(lines) and abs(lines[0][2] - paragraph.block_width) <= 0.01
        if not paragraph.edits:  # remembered as first fit: right if its measure is the same
            if not same_measure:
                memo.decisions.pop(paragraph.key, None)
            continue
        if same_measure and _as_planned(paragraph, lines):
            memo.put(paragraph.key, Decision(paragraph.block_width, paragraph.edits,
                                             tuple(paragraph.expected), paragraph.css))
            continue
        _undo(paragraph)
        memo.put(paragraph.key, Decision(paragraph.block_width))
        wrong.append(paragraph)
    return wrong


# ------------------------------------------------------------------ reading the first layout


def _paragraphs(document, parents: dict, skip=()):
    by_element: dict[int, list] = {}
    for page in document.pages:
        for block in blocks_with_lines(page._page_box):
            if block.element is not None and block.element.tag == "p" \
                    and id(block.element) not in skip:
                by_element.setdefault(id(block.element), []).append(block)
    for blocks in by_element.values():
        paragraph = _paragraph(blocks)
        if paragraph is not None:
            paragraph.key = paragraph_key(paragraph.element, parents)
            yield paragraph


def _paragraph(blocks) -> _Paragraph | None:
    first = blocks[0]
    style = first.style
    if (style["text_align_all"] != "justify" or style["hyphens"] != "auto"
            or style["white_space"] != "normal" or not style["lang"]):
        return None
    lines = [line for block in blocks for line in block.children
             if type(line).__name__ == "LineBox"]
    if len(lines) < 2 or any(block.width != first.width for block in blocks):
        return None
    if any(_beside_a_float(line, block) for block in blocks for line in block.children
           if type(line).__name__ == "LineBox" and line is not lines[-1]):
        return None  # its measure is the float's doing: it changes when the float moves
    styles = _styles(lines)
    if styles is None:
        return None
    runs = _runs(first.element, styles)
    if runs is None:
        return None
    indent = getattr(lines[0], "text_indent", 0.0) or 0.0  # WeasyPrint resolves it there
    width = first.width - MARGIN
    return _Paragraph(first.element, runs, [width - indent, width], lines,
                      block_width=first.width)


def _beside_a_float(line, block) -> bool:
    return abs(line.position_x - block.content_box_x()) > 0.5 or line.width < block.width - 0.5


def _styles(lines) -> dict[int, object] | None:
    """element → its style, from the text boxes; None if a line holds anything but text."""
    styles: dict[int, object] = {}
    stack = list(lines)
    while stack:
        box = stack.pop()
        kind = type(box).__name__
        if kind == "TextBox":
            styles[id(box.element)] = box.style
        elif kind in ("LineBox", "InlineBox"):
            if kind == "InlineBox" and box.element is not None:
                styles.setdefault(id(box.element), box.style)
            stack.extend(box.children)
        else:
            return None
    return styles


def _runs(element, styles) -> list[_Run] | None:
    runs: list[_Run] = []

    def walk(node, parent_style) -> bool:
        style = styles.get(id(node))
        if node.text:
            if style is None:
                return False
            runs.append(_Run(node, "text", style, node.text))
        for child in node:
            if not isinstance(child.tag, str) or child.tag in ("br", "img") or \
                    "long-word" in (child.get("class") or ""):
                return False
            if is_note(child):
                if any(id(inner) in styles for inner in child.iter() if inner is not child):
                    return False  # a note set in the text, not floated (a theme's choice)
            elif not walk(child, style):
                return False
            if child.tail:
                runs.append(_Run(child, "tail", style or parent_style, child.tail))
        return True

    return runs if walk(element, styles.get(id(element))) and runs else None


# ------------------------------------------------------------------ judging and planning


def _needs_steering(paragraph: _Paragraph, measure: _Measure) -> bool:
    ratios = [measure.line_ratio(line) for line in paragraph.lines[:-1]]
    hyphens = [_text_of(line).rstrip().endswith(("\u2010", "-", SHY)) for line in
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
class _Token:
    item: kp.Item
    run: int = -1  # for glue and penalties: where in the text they are
    start: int = 0
    end: int = 0
    text: str = ""  # a box's text, a hyphen's character


def _plan(paragraph: _Paragraph, measure: _Measure) -> bool:
    """Choose the paragraph's breaks (and, if that takes it, its letter spacing): True when
    the plan is better than WeasyPrint's own lines, and then ``paragraph`` has its edits."""
    tokens = _tokens(paragraph.runs, measure)
    if tokens is None:
        return False
    space = measure.space(paragraph.runs[0].style)
    best = None
    for spacing in _letter_spacings(paragraph, tokens):
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
                    [_text_of(line).rstrip().endswith(("\u2010", "-")) for line in
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


def _letter_spacings(paragraph: _Paragraph, tokens: list[_Token]) -> list[float]:
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


def _spaced(token: _Token, spacing: float) -> kp.Item:
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


def _tokens(runs: list[_Run], measure: _Measure) -> list[_Token] | None:
    tokens: list[_Token] = []
    for index, run in enumerate(runs):
        position = 0
        for space in _SPACE.finditer(run.text):
            _word(tokens, index, run, position, space.start(), measure)
            position = space.end()
            if tokens and tokens[-1].item.kind == "glue":
                continue  # spaces across an element boundary collapse into one
            tokens.append(_Token(measure.glue(run.style), index, space.start(), space.end()))
        _word(tokens, index, run, position, len(run.text), measure)
    while tokens and tokens[0].item.kind == "glue":
        tokens.pop(0)
    while tokens and tokens[-1].item.kind == "glue":
        tokens.pop()
    return tokens or None


def _word(tokens, index: int, run: _Run, start: int, end: int, measure: _Measure) -> None:
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
        tokens.append(_Token(kp.box(upto - done), index, start + last, start + cut,
                             piece[last:cut]))
        if cut < len(piece):
            text = "" if cut in explicit else mark
            width = measure.width(run.style, piece[:cut] + text) - upto if text else 0.0
            tokens.append(_Token(kp.hyphen(width), index, start + cut, start + cut, text))
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


def _lines_of(tokens: list[_Token], breaks: list[int]) -> tuple[list[str], set[int]]:
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


# ------------------------------------------------------------------ steering the text


def _edits(paragraph: _Paragraph, tokens: list[_Token], chosen: set[int]) -> dict[int, str]:
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


def _no_break(paragraph: _Paragraph, token: _Token, changes: dict) -> None:
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


def _apply(paragraph: _Paragraph) -> None:
    for index, text in paragraph.edits.items():
        run = paragraph.runs[index]
        setattr(run.element, run.slot, text)
    paragraph.original_style = paragraph.element.get("style")
    extra = paragraph.css
    paragraph.element.set("style", f"{paragraph.original_style}; {extra}"
                          if paragraph.original_style else extra)


def _forget_layout(paragraph: _Paragraph) -> None:
    """Let go of the first layout's boxes and styles once the edits are made (only the element,
    the edits and the texts are needed to check and undo), so two layouts of the book are
    never in memory at once."""
    paragraph.lines = []
    for run in paragraph.runs:
        run.style = None


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


def _word_spacing_css(paragraph: _Paragraph, shrink: float) -> str:
    """The paragraph's word spacing less ``shrink`` px (and a Pango unit, which WeasyPrint's
    truncation may take), in em rounded down, never below :data:`SHRINK_EM` less."""
    style = paragraph.runs[0].style
    size = style["font_size"]
    closed = max(shrink + 1 / PANGO_UNITS, 0.0) / size if shrink else 0.0
    em = _word_spacing(style) / size - min(closed, SHRINK_EM)
    return f"{math.floor(em * 10_000) / 10_000:.4f}em"


def _letter_spacing_css(paragraph: _Paragraph) -> str:
    """The plan's letter spacing in em, half a Pango unit further from zero: WeasyPrint
    truncates it to whole units, and must get the planned number of them."""
    units = round(paragraph.letter_spacing * PANGO_UNITS)
    units += 0.5 if units > 0 else -0.5
    return f"{units / PANGO_UNITS / paragraph.runs[0].style['font_size']:.9f}em"


def _undo(paragraph: _Paragraph) -> None:
    for index in paragraph.edits:
        run = paragraph.runs[index]
        setattr(run.element, run.slot, run.text)
    if paragraph.original_style is None:
        paragraph.element.attrib.pop("style", None)
    else:
        paragraph.element.set("style", paragraph.original_style)


# ------------------------------------------------------------------ checking the second layout


def _lines_by_element(document) -> dict[int, list]:
    """element → [(line text, whether the line overflows its block, the block's width)]."""
    found: dict[int, list] = {}
    for page in document.pages:
        for block in blocks_with_lines(page._page_box):
            if block.element is not None and block.element.tag == "p":
                found.setdefault(id(block.element), []).extend(
                    (_text_of(line), line.width > block.width + MARGIN, block.width)
                    for line in block.children if type(line).__name__ == "LineBox")
    return found


def _as_planned(paragraph: _Paragraph, found: list) -> bool:
    return (_normalized([text for text, _, _ in found]) == paragraph.expected
            and not any(over for _, over, _ in found))


def _normalized(lines: list[str]) -> list[str]:
    return [" ".join(line.replace(NBSP, " ").replace(SHY, "").split()) for line in lines]


def _text_of(box) -> str:
    if type(box).__name__ == "TextBox":
        return box.text
    return "".join(_text_of(child) for child in getattr(box, "children", ()))


# ------------------------------------------------------------------ measuring with Pango


class _Measure:
    """Widths of text in a style, with WeasyPrint's own Pango layout (cached)."""

    def __init__(self):
        self.layouts: dict = {}
        self.widths: dict = {}
        self.spaces: dict = {}
        self.keys: dict[int, tuple] = {}  # id(style) → (style, its key): styles are shared

    def key(self, style) -> tuple:
        found = self.keys.get(id(style))
        if found is None or found[0] is not style:
            found = self.keys[id(style)] = (style, self._key(style))
        return found[1]

    @staticmethod
    def _key(style) -> tuple:
        return tuple(repr(style[name]) for name in (
            "font_family", "font_size", "font_style", "font_weight", "font_stretch",
            "font_variant_caps", "font_variant_numeric", "font_variant_ligatures",
            "font_kerning", "font_feature_settings", "letter_spacing", "word_spacing", "lang"))

    def width(self, style, text: str) -> float:
        """The width of ``text``, which has no spaces (a layout is reused only for those: a
        text with spaces leaves WeasyPrint's word-spacing attributes on the layout)."""
        if not text:
            return 0.0
        key = (self.key(style), text)
        if key not in self.widths:
            from weasyprint.text.line_break import Layout, line_size

            spaced = " " in text or NBSP in text
            layout = Layout(style) if spaced else self._layout(style, key[0])
            layout.set_text(text)
            self.widths[key] = line_size(layout.get_first_line()[0], style)[0]
        return self.widths[key]

    def _layout(self, style, key):
        if key not in self.layouts:
            from weasyprint.text.line_break import Layout

            self.layouts[key] = Layout(style)
        return self.layouts[key]

    def space(self, style) -> float:
        """The font's own space (without ``word-spacing``)."""
        key = self.key(style)
        if key not in self.spaces:
            self.spaces[key] = (self.width(style, "n n") - self.width(style, "nn")
                                - _word_spacing(style))
        return self.spaces[key]

    def glue(self, style) -> kp.Item:
        """A space that ideally is the font's space, may shrink to the steered paragraph's
        no-break space (:data:`SHRINK_EM` narrower: the narrowest WeasyPrint sets) and
        stretches by half a space per unit of ratio, as TeX's."""
        space = self.space(style)
        key = (self.key(style), "shrunk")
        if key not in self.spaces:
            shrunk = steered_style(style)
            self.spaces[key] = self.width(shrunk, "n\u00a0n") - self.width(shrunk, "nn")
        return kp.glue(space, space / 2, max(0.0, space - self.spaces[key]))

    def line_ratio(self, line) -> float:
        texts = [t for t in _text_boxes(line) if " " in t.text or NBSP in t.text]
        if not texts:
            return 0.0
        style = texts[0].style
        extra = max(t.justification_spacing for t in texts)
        space = self.space(style)
        # as bookgen.preflight.lines measures it: letter spacing counts twice in a word space
        return (space + _word_spacing(style) + 2 * _letter_spacing(style) + extra) / space


def steered_style(style):
    """``style`` as a steered paragraph has it: the word space :data:`SHRINK_EM` narrower."""
    shrunk = style.copy()
    shrunk["word_spacing"] = _word_spacing(style) - SHRINK_EM * style["font_size"]
    return shrunk


def _text_boxes(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from _text_boxes(child)


def _word_spacing(style) -> float:
    value = style["word_spacing"]
    return value if isinstance(value, (int, float)) else 0.0


def _letter_spacing(style) -> float:
    value = style["letter_spacing"]
    return value if isinstance(value, (int, float)) else 0.0


def code_fingerprint() -> str:
    """A digest of the line breaker's code: a remembered decision is the code's as much as
    the paragraph's, so changed code decides again (see ``steering_memo``)."""
    import hashlib
    import marshal
    import sys

    from bookgen.writers import steering_memo

    digest = hashlib.sha256(sys.version.encode())
    for module in (sys.modules[__name__], kp, steering_memo):
        for name, value in sorted(vars(module).items()):
            for function in [value, *vars(value).values()] if isinstance(value, type) \
                    else [value]:
                code = getattr(function, "__code__", None)
                if code is not None and getattr(function, "__module__", "") == module.__name__:
                    digest.update(name.encode() + marshal.dumps(code))
            if isinstance(value, (int, float, str, tuple)) and name.isupper():
                digest.update(f"{name}={value!r}".encode())
    return digest.hexdigest()
