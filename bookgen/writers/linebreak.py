"""Knuth–Plass total-fit line breaking over measured widths (no layout engine here).

A paragraph is a list of :class:`Item`: a box (a word or word part of fixed width), glue (a
space that may become a line break) or a penalty (a place inside a word where the line may end
with a hyphen). :func:`break_lines` chooses the breaks that make the whole paragraph's spaces
the most even, as TeX does (Knuth & Plass, "Breaking Paragraphs into Lines", 1981): each line's
badness grows with the cube of how far its spaces stretch or shrink, demerits add a price for
each hyphen and more for two hyphens in a row, and three hyphenated lines in a row are not
allowed at all (TeX's ladder rule, which CSS has only as ``hyphenate-limit-lines``).

Spaces here may shrink down to ``glue.width - glue.shrink`` and stretch without limit (at a
growing price): the PDF writer sets the shrunk width as the CSS word space and lets WeasyPrint's
justification widen it.
"""

from __future__ import annotations

from dataclasses import dataclass

INFINITE_BADNESS = 10_000
LINE_PENALTY = 10
HYPHEN_PENALTY = 50
DOUBLE_HYPHEN_DEMERITS = 3_000
FINAL_HYPHEN_DEMERITS = 5_000
FITNESS_DEMERITS = 3_000
LOOSE_RATIO = 1.0  # spaces stretched by more than this are 1.5 × the font's space: "loose"
LOOSE_DEMERITS = 1_000_000  # each loose line costs this much more: fewer loose lines first
MAX_HYPHENS_IN_A_ROW = 2


@dataclass(frozen=True)
class Item:
    kind: str  # "box" | "glue" | "penalty"
    width: float
    stretch: float = 0.0
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: bool = False  # a hyphen: ladders and double-hyphen demerits count these


def box(width: float) -> Item:
    return Item("box", width)


def glue(width: float, stretch: float, shrink: float) -> Item:
    return Item("glue", width, stretch, shrink)


def hyphen(width: float, penalty: float = HYPHEN_PENALTY) -> Item:
    return Item("penalty", width, penalty=penalty, flagged=True)


@dataclass
class _Node:
    position: int  # index of the break item (-1: paragraph start)
    line: int
    fitness: int
    hyphens: int  # hyphenated lines in a row ending here
    width: float  # sums of everything before the line that starts after this break
    stretch: float
    shrink: float
    demerits: float
    previous: _Node | None


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    return 2 if ratio <= 1 else 3


def _badness(ratio: float) -> float:
    return min(INFINITE_BADNESS, 100 * abs(ratio) ** 3)


def break_lines(items: list[Item], widths: list[float], tolerance: float = 10.0,
                loose: float = LOOSE_RATIO) -> list[int] | None:
    """Indexes of the items where lines break (the last is the paragraph's end, ``items`` must
    end with :func:`end`), or None when no set of breaks keeps every line within its width.
    ``widths[i]`` is line ``i``'s width; the last one is used for every line after. A line
    whose spaces stretch by more than ``loose`` (a ratio of their stretch) counts as loose."""
    sums = _Sums(items)
    active = [_Node(-1, 0, 1, 0, 0.0, 0.0, 0.0, 0.0, None)]
    end = len(items)
    for position, item in enumerate(items):
        if not _can_break(items, position):
            continue
        penalty = item.penalty if item.kind == "penalty" else 0.0
        flagged = item.kind == "penalty" and item.flagged
        candidates: dict[tuple[int, int], _Node] = {}
        still = []
        for node in active:
            width = widths[min(node.line, len(widths) - 1)]
            natural, stretch, shrink = sums.line(node, position, item)
            if natural - shrink > width + 1e-6:
                continue  # overfull: no later break from this node can fit either
            still.append(node)
            ratio = _ratio(natural, stretch, shrink, width, last=position == end - 1)
            if ratio > tolerance:
                continue
            hyphens = node.hyphens + 1 if flagged else 0
            if hyphens > MAX_HYPHENS_IN_A_ROW:
                continue
            demerits = node.demerits + _demerits(ratio, penalty, flagged, node, position, end,
                                                 loose)
            fitness = _fitness(ratio)
            if abs(fitness - node.fitness) > 1:
                demerits += FITNESS_DEMERITS
            key = (fitness, hyphens)
            best = candidates.get(key)
            if best is None or demerits < best.demerits:
                after = sums.after(position)
                candidates[key] = _Node(position, node.line + 1, fitness, hyphens, *after,
                                        demerits, node)
        active = still + list(candidates.values())
        if not active:
            return None
    finals = [n for n in active if n.position == end - 1]
    if not finals:
        return None
    node = min(finals, key=lambda n: n.demerits)
    breaks = []
    while node is not None and node.position >= 0:
        breaks.append(node.position)
        node = node.previous
    return breaks[::-1]


def end() -> Item:
    """The paragraph's end: the last item of every paragraph, a break that must be taken."""
    return Item("penalty", 0.0)


def _can_break(items: list[Item], position: int) -> bool:
    item = items[position]
    if item.kind == "glue":
        return position > 0 and items[position - 1].kind == "box"
    return item.kind == "penalty"


def _ratio(natural: float, stretch: float, shrink: float, width: float, last: bool) -> float:
    if last and natural <= width:  # the last line keeps its natural spacing
        return 0.0
    if natural < width:
        return (width - natural) / stretch if stretch > 0 else INFINITE_BADNESS
    if natural > width:
        return (width - natural) / shrink if shrink > 0 else -2.0
    return 0.0


def _demerits(ratio: float, penalty: float, flagged: bool, node: _Node, position: int,
              end: int, loose: float) -> float:
    demerits = (LINE_PENALTY + _badness(ratio)) ** 2 + penalty ** 2
    if ratio > loose:
        demerits += LOOSE_DEMERITS
    if flagged and node.hyphens:
        demerits += DOUBLE_HYPHEN_DEMERITS
    if position == end - 1 and node.hyphens:
        demerits += FINAL_HYPHEN_DEMERITS
    return demerits


class _Sums:
    """Running sums of width, stretch and shrink, so a line's totals are two subtractions."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.width, self.stretch, self.shrink = [0.0], [0.0], [0.0]
        for item in items:
            counted = item.kind != "penalty"
            self.width.append(self.width[-1] + (item.width if counted else 0.0))
            self.stretch.append(self.stretch[-1] + (item.stretch if counted else 0.0))
            self.shrink.append(self.shrink[-1] + (item.shrink if counted else 0.0))

    def line(self, node: _Node, position: int, item: Item) -> tuple[float, float, float]:
        """Natural width, stretch and shrink of the line from ``node`` to a break at
        ``position`` (the break's glue is not in the line; a hyphen's width is)."""
        width = self.width[position] - node.width
        stretch = self.stretch[position] - node.stretch
        shrink = self.shrink[position] - node.shrink
        if item.kind == "penalty":
            width += item.width
        return width, stretch, shrink

    def after(self, position: int) -> tuple[float, float, float]:
        """The sums at the start of the line after a break at ``position`` (the break's glue
        or hyphen belongs to no line)."""
        return self.width[position + 1], self.stretch[position + 1], self.shrink[position + 1]
