"""What both timeline drawings share: text boxes and widths, time positions, ticks, bins and
which events to label.  A text's width comes from the book's typeface while a drawing is made
(:func:`svg.timeline_svg` sets :data:`measure`), else from a generous width per character.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape

from bookgen.model import Event
from bookgen.transforms.timeline import edtf
from bookgen.transforms.timeline.phrases import label as cut_label

PRINT_WIDTH, PRINT_FONT, MIN_BAR = 317.0, 7.5, 3.0
SCREEN_WIDTH, SCREEN_FONT = 360.0, 14.0
CHAR_WIDTH = 0.6
DOTS_UP_TO = 40
LABEL_CHARS = 32  # a phrase this short is a label whole; longer ones are labelled last
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
INK, ACCENT, FAINT = "#222", "#8a3b12", "#bbb"


@dataclass(frozen=True)
class Box:
    """A text's box (x, y the top left corner), for the no-overlap rule and its tests."""

    x: float
    y: float
    w: float
    h: float

    def hits(self, other: "Box", gap: float = 2.0) -> bool:
        return not (self.x + self.w + gap <= other.x or other.x + other.w + gap <= self.x
                    or self.y + self.h + gap <= other.y or other.y + other.h + gap <= self.y)


MEASURE: list = [None]  # the typeface's widths while a drawing is made (see timeline_svg)


def text_width(text: str, size: float) -> float:
    """A text's width: measured in the book's typeface when known (with 6 % to spare, for the
    fallback a reading system may use), else :data:`CHAR_WIDTH` of the size per character."""
    measure = MEASURE[0]
    if measure is None:
        return len(text) * size * CHAR_WIDTH
    return measure(text) * size * 1.06 + 1


def position(point: edtf.Point) -> float:
    """Where in time a point lies: at the start of what it names (a year, a season, a month, a
    day), so within a year the events known only by the year come first, then by month, as
    the list orders them (:func:`edtf.sort_key`)."""
    if point.precision in ("day", "month", "season"):
        month = edtf.SEASON_START_MONTH.get(point.month, point.month)
        return point.year + (month - 1 + max(point.day - 1, 0) / 31) / 12
    return float(point.year)


def tick_step(years: int, room: float, spacing: float) -> int:
    """The smallest step of years whose tick labels are at least ``spacing`` apart."""
    return next((s for s in STEPS if room * s / max(years, 1) >= spacing), STEPS[-1])


def bins(inside, first: int, years: int, size: int) -> Counter:
    """Events per bin of ``size`` years (by where each is drawn)."""
    counts: Counter = Counter()
    for _, points in inside:
        counts[(int(position(points[0])) - first) // size] += 1
    return counts


def ranked_labels(inside, limit: int, span: tuple[int, int] | None = None, segments: int = 8):
    """The events to try labelling, best first: the appendix's, by rank, then the rest; with
    ``span``, at most ``limit // segments + 1`` from each of ``segments`` stretches of the
    axis, so the labels tell the whole story and not its busiest year."""
    order = sorted(range(len(inside)), key=lambda i: (not inside[i][0].in_appendix,
                                                      len(inside[i][0].phrase) > LABEL_CHARS,
                                                      -inside[i][0].rank, i))
    if span is None:
        return [inside[i] for i in order[:limit]]
    first, years = span[0], span[1] - span[0] + 1
    cap, per = limit // segments + 1, Counter()
    chosen = []
    for i in order:
        segment = min(int((position(inside[i][1][0]) - first) / years * segments), segments - 1)
        if per[segment] < cap:
            per[segment] += 1
            chosen.append(inside[i])
            if len(chosen) >= limit:
                break
    return chosen


def short_date(event: Event, language: str) -> str:
    points = edtf.parse(event.date) or ()
    if len(points) == 2 and points[0].precision == points[1].precision == "year":
        return f"{points[0].year}–{str(points[1].year)[-2:]}"
    return edtf.format_date(event.date, language) if points and points[0].precision in (
        "decade", "century") else str(points[0].year if points else event.date)


def phrase_of(event: Event, limit: int) -> str:
    text = event.phrase or " ".join(event.text.split())
    return cut_label(text[:1].upper() + text[1:], limit)


def text_element(x: float, y: float, size: float, text: str, anchor: str = "start",
                 extra: str = "") -> str:
    """``y`` is the baseline; ``anchor`` start, middle or end."""
    align = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (f'<text x="{round(x, 1)}" y="{round(y, 1)}" font-size="{size}"{align}{extra}>'
            f"{escape(text)}</text>")


def box_of(x: float, baseline: float, size: float, text: str, anchor: str = "start") -> Box:
    w = text_width(text, size)
    left = x - (w / 2 if anchor == "middle" else w if anchor == "end" else 0)
    return Box(left, baseline - size * 0.8, w, size)
