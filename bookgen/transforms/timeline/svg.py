"""The timeline drawn as SVG, for 10 to 1 000 events, on a page and on a phone.

Two layouts from the same events:

* ``print``: a horizontal axis as wide as the text block, in points (``width``), so a font size
  of 7.5 is 7.5 pt on paper whatever the trim size.  Above the axis, how many events each year
  (or each few years, when bars would be thinner than :data:`MIN_BAR`) holds, as bars and never
  as numbers; below it, labels (the year and the event's short phrase) for the best-ranked
  events, in lanes, each placed only where it fits;
* ``screen`` (the EPUB): a vertical axis 360 units wide, time running down, labels of
  :data:`SCREEN_FONT` units (11 px or more on a 320 px column) to its right.

The axis covers the story's span (:func:`chronology.story_span`): far-off mentions ("1200-talet")
are left out of the drawing and named in a note under it.  Within a year, an event known only by
its year is drawn at the year's start, where the list puts it too (before the dated ones).  Text
boxes never overlap: every label is checked against those already placed (the estimate of a
text's width, :data:`CHAR_WIDTH` of the font size a character, is generous for any serif).
No ids, no external references, and the same events always give the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from bookgen.transforms.timeline import chronology, edtf
from bookgen.transforms.timeline.svg_parts import (
    ACCENT, DOTS_UP_TO, FAINT, INK, LABEL_CHARS, MEASURE, MIN_BAR, PRINT_FONT, PRINT_WIDTH, SCREEN_FONT,
    SCREEN_WIDTH, STEPS, Box, bins, box_of, phrase_of, position, ranked_labels, short_date,
    text_element, text_width, tick_step,
)
from bookgen.transforms.timeline.svg_screen import vertical

TEXTS = {
    "sv": {"title": "Tidslinje", "none": "Inga daterade händelser.",
           "summary": "En tidsaxel med {count} händelser ur boken, från {first} till {last}. "
                      "Listan efter bilden ger händelserna med datum och text.",
           "outside": "Utanför tidsaxeln: {dates}.", "more": "och {n} till"},
    "en": {"title": "Timeline", "none": "No dated events.",
           "summary": "A time axis with {count} events from the book, from {first} to {last}. "
                      "The list after the drawing gives the events with their dates and text.",
           "outside": "Outside the axis: {dates}.", "more": "and {n} more"},
}


def timeline_svg(events, language: str = "sv", font_family: str = "serif",
                 layout: str = "print", width: float = PRINT_WIDTH, measure=None) -> str:
    """An ``<svg>`` element (no XML declaration) drawing ``events``; valid inline or standalone.

    ``measure(text)`` gives a text's width in ems in ``font_family`` (from the font file); the
    labels are placed by it.  Without it, a generous width per character is assumed.
    """
    MEASURE[0] = measure
    try:
        return _drawing(events, language, font_family, layout, width)
    finally:
        MEASURE[0] = None


def _drawing(events, language: str, font_family: str, layout: str, width: float) -> str:
    lang = (language or "").split("-")[0]
    words = TEXTS.get(lang, TEXTS["en"])
    dated = sorted(((e, p) for e in events if (p := edtf.parse(e.date))),
                   key=lambda ep: edtf.sort_key(ep[0].date))
    if not dated:
        view = SCREEN_WIDTH if layout == "screen" else width
        return _svg(view, 40, words["title"], words["none"], [], font_family)
    span = chronology.story_span([e for e, _ in dated]) or (0, 0)
    inside = [(e, p) for e, p in dated if not chronology.outside(e, span)] or dated
    far = [e for e, p in dated if chronology.outside(e, span)]
    if layout == "screen":
        body, height, view = vertical(inside, span, lang)
    else:
        view = width
        body, height = _horizontal(inside, span, lang, width)
    note, height = _outside_note(far, lang, words, view, height,
                                 SCREEN_FONT if layout == "screen" else PRINT_FONT)
    desc = _description(inside, far, lang, words)
    return _svg(view, height, words["title"], desc, body + note, font_family)


# ---------------------------------------------------------------- print: horizontal


def _horizontal(inside, span: tuple[int, int], language: str, width: float):
    size, margin = PRINT_FONT, 10.0
    first, last = span
    years = last - first + 1
    room = width - 2 * margin

    def x_of(t: float) -> float:
        return margin + (t - first) / years * room

    tick_y, bar_top = size + 1, size + 5
    axis_y = bar_top + (8 if len(inside) <= DOTS_UP_TO else 28)
    out = [f'<line x1="{margin}" y1="{axis_y}" x2="{width - margin}" y2="{axis_y}" '
           f'stroke="{INK}" stroke-width="0.8"/>']
    texts: list[str] = []
    boxes: list[Box] = []
    step = tick_step(years, room, text_width("0000", size) + 8)
    year = first - first % step
    while year <= last + 1:
        if year >= first:
            x = x_of(year)
            out.append(f'<line x1="{round(x, 1)}" y1="{axis_y}" x2="{round(x, 1)}" '
                       f'y2="{axis_y + 3}" stroke="{INK}" stroke-width="0.6"/>')
            box = box_of(x, tick_y, size, str(year), "middle")
            if box.x >= 0 and box.x + box.w <= width and not any(box.hits(b) for b in boxes):
                texts.append(text_element(x, tick_y, size, str(year), "middle"))
                boxes.append(box)
        year += step
    out += _density(inside, first, years, room, x_of, bar_top, axis_y)
    labels, bottom = _lanes(inside, language, x_of, axis_y, width, margin, boxes, span)
    return out + labels + texts, bottom


def _density(inside, first, years, room, x_of, top, axis_y) -> list[str]:
    """Bars of how many events each bin of years holds (dots, one per event, when few)."""
    if len(inside) <= DOTS_UP_TO:
        return [f'<circle cx="{round(x_of(position(p[0])), 1)}" cy="{axis_y}" r="1.8" '
                f'fill="{ACCENT}"/>' for _, p in inside]
    size = next(s for s in STEPS if room * s / years >= MIN_BAR)
    counts = bins(inside, first, years, size)
    most = max(counts.values())
    out = []
    for index, count in sorted(counts.items()):
        x0 = x_of(first + index * size)
        w = max(min(room * size / years, x_of(first + years) - x0) - 0.6, 0.6)
        h = max(round((axis_y - top - 2) * count / most, 1), 0.8)
        out.append(f'<rect x="{round(x0 + 0.3, 1)}" y="{round(axis_y - h, 1)}" '
                   f'width="{round(w, 1)}" height="{h}" fill="{ACCENT}" fill-opacity="0.7"/>')
    return out


def _lanes(inside, language, x_of, axis_y, width, margin, taken: list[Box], span):
    """Labels in up to four lanes under the axis, best-ranked first, each where it fits."""
    size, lane_h, lanes = PRINT_FONT, PRINT_FONT + 3.5, 6
    first_year, last_year = span
    top = axis_y + 6 + size
    placed: list[Box] = []
    lines: list[Box] = []  # the leader lines: no label may cross one
    leaders: list[str] = []
    texts: list[str] = []
    wanted = ranked_labels(inside, 3 * lanes, (first_year, last_year))
    # In time order, each label ending at its time: a later label's leader then passes to the
    # right of every earlier label, so leaders and labels rarely meet.
    wanted.sort(key=lambda ep: position(ep[1][0]))
    for event, points in wanted:
        text = f"{short_date(event, language)} {phrase_of(event, LABEL_CHARS)}"
        x = x_of(position(points[0]))
        w = text_width(text, size)
        if w > width - 2:
            continue
        spot = _lane_spot(x, w, width, top, lane_h, lanes, axis_y, placed + taken, lines)
        if spot is None:
            continue
        box, leader = spot
        placed.append(box)
        lines.append(leader)
        leaders.append(f'<line x1="{round(x, 1)}" y1="{axis_y}" x2="{round(x, 1)}" '
                       f'y2="{round(box.y, 1)}" stroke="{FAINT}" stroke-width="0.5"/>')
        leaders.append(f'<circle cx="{round(x, 1)}" cy="{axis_y}" r="1.8" fill="{ACCENT}"/>')
        texts.append(text_element(box.x, box.y + size * 0.8, size, text))
    used = max((b.y + b.h for b in placed), default=axis_y + 4)
    return leaders + texts, round(used + 4, 1)


def _lane_spot(x, w, width, top, lane_h, lanes, axis_y, boxes: list[Box], lines: list[Box]):
    """The first lane where a label (ending at its time, or starting there) is free and its
    leader line from the axis crosses no label; ``None`` when there is none."""
    size = PRINT_FONT
    for start, lane in [(a, n) for a in (x + 2 - w, x - 2) for n in range(lanes)]:
        left = min(max(start, 1.0), width - 1 - w)
        box = Box(left, top + lane * lane_h - size * 0.8, w, size)
        leader = Box(x - 0.5, axis_y, 1.0, box.y - axis_y)
        if (any(box.hits(b) for b in boxes) or any(leader.hits(b, 0) for b in boxes)
                or any(box.hits(b, 0) for b in lines)):
            continue
        return box, leader
    return None


# ---------------------------------------------------------------- note, text alternative, svg


def _outside_note(far, language, words, width, height, size):
    """One line under the drawing naming the mentions left off the axis (as many as fit)."""
    if not far:
        return [], height
    dates = sorted({edtf.format_date(e.date, language) for e in far}, key=len)
    for count in range(min(len(dates), 3), 0, -1):
        rest = [words["more"].format(n=len(dates) - count)] if len(dates) > count else []
        text = words["outside"].format(dates=", ".join(dates[:count] + rest))
        if text_width(text, size) <= width - 4:
            break
    baseline = height + size
    return [text_element(2, baseline, size, text, extra=' font-style="italic"')], round(
        baseline + size * 0.4, 1)


def _description(inside, far, language: str, words: dict) -> str:
    """A summary, not the events again: the appendix lists them right below the drawing."""
    first = edtf.format_date(inside[0][0].date, language)
    last = edtf.format_date(inside[-1][0].date, language)
    text = words["summary"].format(count=len(inside), first=first, last=last)
    if far:
        dates = ", ".join(sorted({edtf.format_date(e.date, language) for e in far}, key=len)[:3])
        text += " " + words["outside"].format(dates=dates)
    return text


def _svg(width: float, height: float, title: str, desc: str, body: list[str],
         font_family: str) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" role="img" '
            f'viewBox="0 0 {width:g} {height:g}" width="100%" '
            f'font-family={quoteattr(font_family + ", serif")} fill="{INK}">')
    parts = [head, f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>", *body, "</svg>"]
    return "\n".join(parts) + "\n"
