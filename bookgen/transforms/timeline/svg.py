"""The timeline drawn as SVG: a year axis, a dot per event, and labels that never overlap.

Sized in a ``viewBox`` 600 units wide, so it scales to a text block (110 mm on A5: 13 units are
about 7 pt) or a screen.  Up to :data:`LABELLED` events each get a label (formatted date and the
first words of its sentence) in the first free lane under the axis; with more, each year gets one
dot showing how many events it holds.  The ``<title>`` and ``<desc>`` say what it shows, in the
book's language, and point to the list of events that follows it in the appendix.  No ids, no external references, and
the same events always give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape, quoteattr

from bookgen.model import Event
from bookgen.transforms.timeline import edtf

WIDTH, MARGIN, FONT, LANE = 600, 24, 13, 19
AXIS_Y = 40
LABELLED = 30
CHAR_WIDTH = 0.6  # of the font size: generous, so a wide fallback face still fits
STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
TEXTS = {
    "sv": {"title": "Tidslinje", "none": "Inga daterade händelser.", "events": "händelser",
           "summary": "En tidsaxel med {count} händelser ur boken, från {first} till "
                      "{last}, en punkt för varje. Listan efter bilden ger varje händelse med "
                      "datum och text."},
    "en": {"title": "Timeline", "none": "No dated events.", "events": "events",
           "summary": "A time axis with {count} events from the book, from {first} to "
                      "{last}, one dot each. The list after the drawing gives every event with "
                      "its date and text."},
}


def timeline_svg(events, language: str = "sv", font_family: str = "serif") -> str:
    """An ``<svg>`` element (no XML declaration) drawing ``events``; valid inline or standalone."""
    words = TEXTS.get((language or "").split("-")[0], TEXTS["en"])
    dated = [(e, edtf.parse(e.date)) for e in events]
    dated = sorted(((e, p) for e, p in dated if p), key=lambda ep: edtf.sort_key(ep[0].date))
    if not dated:
        return _svg(60, words["title"], words["none"], [], font_family)
    first = min(p[0].first_year() for _, p in dated)
    last = max(p[-1].last_year() for _, p in dated)
    scale = _Scale(first, last)
    body = _axis(scale)
    if len(dated) <= LABELLED:
        marks, height = _labelled(dated, scale, language)
    else:
        marks, height = _per_year(dated, scale)
    desc = _description(dated, language, words)
    return _svg(height, words["title"], desc, body + marks, font_family)


class _Scale:
    def __init__(self, first: int, last: int):
        self.first, self.last = first, max(last, first)
        self.years = self.last - self.first + 1
        self.step = next((s for s in STEPS if self.years / s <= 10), STEPS[-1])

    def x(self, year: float) -> float:
        return round(MARGIN + (year - self.first) / self.years * (WIDTH - 2 * MARGIN), 1)


def _position(point: edtf.Point) -> float:
    """Where in its year a point lies: the middle of its month/day, or of the year."""
    if point.precision in ("day", "month", "season"):
        month = edtf.SEASON_START_MONTH.get(point.month, point.month)
        return point.year + (month - 1 + (point.day or 15) / 31) / 12
    span = point.last_year() - point.first_year() + 1
    return point.year + span / 2


def _axis(scale: _Scale) -> list[str]:
    out = [f'<line x1="{MARGIN}" y1="{AXIS_Y}" x2="{WIDTH - MARGIN}" y2="{AXIS_Y}" '
           'stroke="#444" stroke-width="1.2"/>']
    year = scale.first - scale.first % scale.step if scale.step > 1 else scale.first
    while year <= scale.last + 1:
        if year >= scale.first:
            x = scale.x(year)
            out.append(f'<line x1="{x}" y1="{AXIS_Y - 5}" x2="{x}" y2="{AXIS_Y + 5}" stroke="#444"/>')
            label_x = scale.x(year + 0.5) if scale.step == 1 and scale.years <= 12 else x
            if year <= scale.last:
                out.append(f'<text x="{label_x}" y="{AXIS_Y - 10}" text-anchor="middle" '
                           f'font-size="{FONT}">{year}</text>')
        year += scale.step
    return out


def _labelled(dated, scale: _Scale, language: str) -> tuple[list[str], int]:
    out: list[str] = []  # leader lines, then dots, then labels on white so lines pass behind
    dots: list[str] = []
    texts: list[str] = []
    lanes: list[float] = []  # right edge of the last label in each lane
    for event, points in dated:
        x = scale.x(_position(points[0]))
        if len(points) == 2 or points[0].precision in ("decade", "century"):
            end = scale.x(points[-1].last_year() + 1)
            start = scale.x(points[0].first_year())
            out.append(f'<line x1="{start}" y1="{AXIS_Y}" x2="{end}" y2="{AXIS_Y}" '
                       'stroke="#8a3b12" stroke-width="4" stroke-opacity="0.6"/>')
        label = _label(event, language)
        width = len(label) * FONT * CHAR_WIDTH
        left = min(max(x - 4, MARGIN / 2), WIDTH - MARGIN / 2 - width)
        lane = next((i for i, edge in enumerate(lanes) if left > edge + 6), len(lanes))
        if lane < len(lanes):
            lanes[lane] = left + width
        else:
            lanes.append(left + width)
        y = AXIS_Y + 22 + lane * LANE
        out.append(f'<line x1="{x}" y1="{AXIS_Y}" x2="{x}" y2="{y - FONT + 2}" stroke="#bbb" '
                   'stroke-width="0.6"/>')
        dots.append(f'<circle cx="{x}" cy="{AXIS_Y}" r="3.5" fill="#8a3b12"/>')
        texts.append(f'<rect x="{round(left - 2, 1)}" y="{y - FONT + 1}" width="{round(width + 4, 1)}" '
                     f'height="{FONT + 3}" fill="#fff"/>')
        texts.append(f'<text x="{round(left, 1)}" y="{y}" font-size="{FONT}">{escape(label)}</text>')
    return out + dots + texts, AXIS_Y + 22 + max(len(lanes) - 1, 0) * LANE + 10


def _per_year(dated, scale: _Scale) -> tuple[list[str], int]:
    counts = Counter(points[0].first_year() for _, points in dated)
    out = []
    for year in sorted(counts):
        x = scale.x(year + 0.5)
        radius = round(min(3 + counts[year] ** 0.5 * 2, 14), 1)
        out.append(f'<circle cx="{x}" cy="{AXIS_Y + 28}" r="{radius}" fill="#8a3b12" '
                   'fill-opacity="0.75"/>')
        out.append(f'<text x="{x}" y="{AXIS_Y + 28 + radius + FONT}" text-anchor="middle" '
                   f'font-size="{FONT - 2}">{counts[year]}</text>')
    return out, AXIS_Y + 28 + 14 + FONT + 8


def _label(event: Event, language: str, words: int = 4, limit: int = 34) -> str:
    """The date and the sentence's first words; a sentence that opens with its own date
    (``2008 antas …``) is not given the date twice."""
    date = edtf.format_date(event.date, language)
    text = event.text.split()
    if text and text[0].rstrip(",.") == date:
        text = text[1:]
    head = " ".join(text[:words])
    if len(head) > limit:
        head = head[: limit - 1].rstrip()
    if head != " ".join(text):
        head += "…"
    return f"{date}: {head}" if head else date


def _description(dated, language: str, words: dict) -> str:
    """A summary, not the events again: the appendix lists every event right below the drawing,
    and a screen reader should not read them twice."""
    first = edtf.format_date(dated[0][0].date, language)
    last = edtf.format_date(dated[-1][0].date, language)
    return words["summary"].format(count=len(dated), first=first, last=last)


def _svg(height: int, title: str, desc: str, body: list[str], font_family: str) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" role="img" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" '
            f'font-family={quoteattr(font_family + ", serif")} fill="#222">')
    parts = [head, f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>", *body, "</svg>"]
    return "\n".join(parts) + "\n"
