"""The timeline drawn for a screen (the EPUB): time runs down a vertical axis, 360 units wide.

At :data:`svg_parts.SCREEN_FONT` units, a label is 11 px or more wherever the drawing is 283 px wide
or more, so on a phone of 360 px with the reading system's margins.  Each label is two lines,
the date and the event's short phrase (a capital letter first, never a cut-off sentence),
to the right of the axis at its time, moved a little when another is there and left out when
there is no room; tick years to the left, and a strip of bars along the axis for how many
events each year holds.
"""

from __future__ import annotations

from bookgen.transforms.timeline import edtf
from bookgen.transforms.timeline.svg_parts import (
    ACCENT, DOTS_UP_TO, FAINT, INK, MIN_BAR, SCREEN_FONT, SCREEN_WIDTH, STEPS, Box, bins, box_of, phrase_of,
    position, ranked_labels, text_element, text_width, tick_step,
)

DATE_FONT = 14.0  # the label's first line, its date: 12.4 px on a 320 px column, 11.7 px in
#                   epub.js at a 360 px screen (its margins leave a 300 px column)
AXIS_X = 70.0
STRIP = 14.0  # the bars' room right of the axis
LABEL_X = AXIS_X + STRIP + 12
TOP = 16.0
PER_YEAR, MIN_HEIGHT, MAX_HEIGHT = 16.0, 320.0, 1100.0
SHIFT = 40.0  # how far a label may move from its time to find room


def vertical(inside, span: tuple[int, int], language: str):
    size = SCREEN_FONT
    first, last = span
    years = last - first + 1
    # room for up to 24 two-line labels, or for bars of a long story
    length = min(max(years * PER_YEAR, MIN_HEIGHT, min(len(inside), 24) * size * 2.6,
                     len(inside) * 2.0), MAX_HEIGHT)

    def y_of(t: float) -> float:
        return TOP + (t - first) / years * length

    out = [f'<line x1="{AXIS_X}" y1="{TOP}" x2="{AXIS_X}" y2="{TOP + length}" stroke="{INK}" '
           'stroke-width="1.2"/>']
    texts, boxes = _ticks(first, last, years, length, y_of, size)
    if len(inside) > DOTS_UP_TO:
        out += _strip(inside, first, years, length, y_of)
    else:
        out += [f'<circle cx="{AXIS_X}" cy="{round(y_of(position(p[0])), 1)}" r="2.2" '
                f'fill="{ACCENT}"/>' for _, p in inside]
    labels, bottom = _labels(inside, language, y_of, size, boxes, span, length)
    height = max(TOP + length + size, bottom) + 6
    return out + labels + texts, round(height, 1), SCREEN_WIDTH


def _ticks(first, last, years, length, y_of, size):
    step = tick_step(years, length, size * 2.2)
    texts, boxes = [], []
    year = first - first % step
    while year <= last + 1:
        if year >= first:
            y = y_of(year)
            texts.append(f'<line x1="{AXIS_X - 4}" y1="{round(y, 1)}" x2="{AXIS_X}" '
                         f'y2="{round(y, 1)}" stroke="{INK}"/>')
            box = box_of(AXIS_X - 8, y + size * 0.35, size, str(year), "end")
            if not any(box.hits(b) for b in boxes):
                texts.append(text_element(AXIS_X - 8, y + size * 0.35, size, str(year), "end"))
                boxes.append(box)
        year += step
    return texts, boxes


def _strip(inside, first, years, length, y_of) -> list[str]:
    size = next(s for s in STEPS if length * s / years >= MIN_BAR + 1)
    counts = bins(inside, first, years, size)
    most = max(counts.values())
    out = []
    for index, count in sorted(counts.items()):
        y0 = y_of(first + index * size)
        h = max(min(length * size / years, y_of(first + years) - y0) - 1, 1)
        w = max(round(STRIP * count / most, 1), 1.5)
        out.append(f'<rect x="{AXIS_X + 1}" y="{round(y0 + 0.5, 1)}" width="{w}" '
                   f'height="{round(h, 1)}" fill="{ACCENT}" fill-opacity="0.7"/>')
    return out


def _labels(inside, language, y_of, size, taken, span, length):
    """Two-line labels right of the axis, best-ranked first, each placed only where it fits."""
    line = size * 1.2
    room = SCREEN_WIDTH - LABEL_X - 4
    chars = 40
    placed: list[Box] = []
    out: list[str] = []
    for event, points in ranked_labels(inside, int(length / (line * 2)), span,
                                       max(int(length / 120), 1)):
        y = y_of(position(points[0]))
        date = edtf.format_date(event.date, language)
        phrase = phrase_of(event, chars)
        while len(phrase) > 8 and text_width(phrase, size) > room:
            phrase = phrase_of(event, len(phrase) - 3)
        if text_width(date, DATE_FONT) > room or text_width(phrase, size) > room:
            continue
        spot = _spot(y, line * 2, placed)
        if spot is None:
            continue
        top = spot
        placed.append(Box(LABEL_X, top, room, line * 2))
        out.append(f'<line x1="{AXIS_X}" y1="{round(y, 1)}" x2="{LABEL_X - 3}" '
                   f'y2="{round(top + line * 0.5, 1)}" stroke="{FAINT}" stroke-width="0.8"/>')
        out.append(f'<circle cx="{AXIS_X}" cy="{round(y, 1)}" r="3" fill="{ACCENT}"/>')
        out.append(text_element(LABEL_X, top + size * 0.85, DATE_FONT, date,
                                extra=f' fill="{ACCENT}"'))
        out.append(text_element(LABEL_X, top + line + size * 0.85, size, phrase))
    bottom = max((b.y + b.h for b in placed), default=0)
    return out, bottom


def _spot(y: float, height: float, placed: list[Box]) -> float | None:
    """The top of a free place for a label near ``y`` (its middle), or ``None``."""
    for shift in (0, 6, -6, 12, -12, 18, -18, 26, -26, 33, -33, SHIFT, -SHIFT):
        top = y - height / 2 + shift
        if top < 0:
            continue
        box = Box(LABEL_X, top, 10, height)
        if not any(box.hits(b, 1) for b in placed):
            return top
    return None
