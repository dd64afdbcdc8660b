"""Which events the printed chronology keeps, so it stays a few pages in a book of any size.

Every event is ranked: an exact day over a month over a bare year over a decade; the narrator's
own events ("jag", "vi", "I", "we") over mentions; one event per sentence and per paragraph and
year before the rest; dates far off the story's span (a "1200-talet" in a book of 1950–2011) and
guesses last; an author's own ``timeline:`` entries first.  Then events are taken by rank, each
year's later events counting for less, until the appendix is as long as ``[timeline] max_pages``
allows (default: 3 pages, or 8 % of the book when that is more).  ``bookgen timeline`` still
lists every event.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import replace

from bookgen.model import Book, Event, TimelineSettings
from bookgen.transforms.timeline import edtf
from bookgen.util.text import length_mm

PRECISION = {"day": 5.0, "month": 4.0, "season": 4.0, "year": 3.0, "span": 3.0, "decade": 1.0}
NARRATOR = re.compile(r"\b(?:jag|vi|mig|oss|min|mitt|mina|vår|vårt|våra|I|we|me|us|my|our)\b")
DEFAULT_PAGES, DEFAULT_SHARE = 3.0, 0.08
#: measured on the built-in theme (A5, 11 pt): words of prose per page, and the appendix's lines
WORDS_PER_PAGE_A5 = 185
A5_BLOCK = (112.0, 168.0)  # mm: the text block of A5 in the built-in theme
LINE_MM = 5.4  # one line of the appendix's list, with room to spare (measured: 4.6)
ENTRY_LINES, HEADING_MM = 1.45, 11.3  # an entry's lines on A5; a year heading with its space
OPENING_MM = 135.0  # the appendix's title, intro and drawing: about as tall on any trim size
DATE_MM = (20.0, 92.0)  # the date column, and the text column beside it on A5
MIN_EVENTS = 5


def kind(event: Event) -> str:
    """What ``[timeline] keep`` calls an event: day, month, season, year, span or decade."""
    points = edtf.parse(event.date) or ()
    if len(points) == 2:
        return "span"
    precision = points[0].precision if points else "year"
    return "decade" if precision in ("decade", "century") else precision


def story_span(events) -> tuple[int, int] | None:
    """The years the story covers, without far-off mentions ("1200-talet" in a memoir of
    1950–2011).

    Each event counts by the middle of its dates.  The core is the central 98 % of them, less
    an end that lies further from the rest than twice their span (and over 50 years), for books
    with few events; an event belongs to the story when it lies within half the core's span (at
    least 25 years) of it.  The span reaches from the first year to the last of those events.
    """
    spans = [s for e in events if (s := edtf.year_span(e.date))]
    if not spans:
        return None
    middles = sorted((a + b) / 2 for a, b in spans)
    trim = int(len(middles) * 0.01)
    core = middles[trim: len(middles) - trim] or middles
    while len(core) > 3:
        inner = core[-2] - core[1]
        if core[1] - core[0] > max(2 * inner, 50):
            core = core[1:]
        elif core[-1] - core[-2] > max(2 * inner, 50):
            core = core[:-1]
        else:
            break
    reach = max(25.0, (core[-1] - core[0]) / 2)
    low, high = core[0] - reach, core[-1] + reach
    inside = [(a, b) for a, b in spans if low <= (a + b) / 2 <= high]
    return min(a for a, _ in inside), max(b for _, b in inside)


def outside(event: Event, span: tuple[int, int] | None) -> bool:
    """The event lies off the story's span (by the middle of its dates)."""
    years = edtf.year_span(event.date)
    return bool(span and years and not span[0] <= (years[0] + years[1]) / 2 <= span[1])


def rank(events: list[Event], added: set[int]) -> list[float]:
    """A score per event (``added``: the positions of the author's own entries)."""
    span = story_span(events)
    per_sentence: Counter = Counter()
    per_group: Counter = Counter()
    scores = []
    for number, event in enumerate(events):
        score = PRECISION.get(kind(event), 2.0)
        if NARRATOR.search(event.text):
            score += 2.0
        if outside(event, span):
            score -= 4.0
        if event.guessed:
            score -= 2.0
        sentence = (event.section_id, event.source.line, event.text)
        group = (event.section_id, event.source.line, event.date[:4])
        score -= 1.5 * per_sentence[sentence] + 1.0 * per_group[group]
        per_sentence[sentence] += 1
        per_group[group] += 1
        if number in added:
            score += 10.0
        scores.append(round(score, 2))
    return scores


def book_pages(book: Book, words: int) -> float:
    """About how many pages the book's text (``words`` words) takes, by trim size."""
    return words / (WORDS_PER_PAGE_A5 * _area_ratio(book))


def _block_mm(book: Book) -> tuple[float, float]:
    pdf = book.metadata.pdf
    width, height = length_mm(pdf.width) or 148.0, length_mm(pdf.height) or 210.0
    return max(width - 36.0, 40.0), max(height - 42.0, 60.0)


def _area_ratio(book: Book) -> float:
    width, height = _block_mm(book)
    return (width * height) / (A5_BLOCK[0] * A5_BLOCK[1])


def page_budget(settings: TimelineSettings, pages: float) -> float:
    return settings.max_pages or max(DEFAULT_PAGES, DEFAULT_SHARE * pages)


def choose(book: Book, events: list[Event], added: set[int], pages: float) -> list[Event]:
    """``events`` with ``rank`` and ``in_appendix`` set (order unchanged); ``pages``: the
    book's length (:func:`book_pages`)."""
    settings = book.metadata.timeline
    scores = rank(events, added)
    allowed = [kind(e) in settings.keep and (not e.guessed or "guessed" in settings.keep)
               or i in added for i, e in enumerate(events)]
    width, height = _block_mm(book)
    budget = page_budget(settings, pages) * height - OPENING_MM
    # an entry wraps more on a narrow page: its text column is the block less the date's
    entry = max(ENTRY_LINES * (DATE_MM[1] / max(width - DATE_MM[0], 20.0)) ** 0.8, 1.1) * LINE_MM
    chosen = _take(events, scores, allowed, budget, entry)
    return [replace(e, rank=scores[i], in_appendix=i in chosen) for i, e in enumerate(events)]


def _take(events, scores, allowed, budget: float, entry_mm: float) -> set[int]:
    """By rank, each year's later events discounted, while the room they need (millimetres of
    the text block) fits the budget.

    Each year's events wait in rank order; a heap holds each year's next event at its
    discounted score, so taking one costs a heap step however many events share its year.
    """
    waiting: dict[str, list[int]] = {}
    for i in sorted((i for i in range(len(events)) if allowed[i]), key=lambda i: (-scores[i], i)):
        waiting.setdefault(_group(events[i]), []).append(i)
    heap = [(-scores[queue[0]], queue[0], year) for year, queue in waiting.items()]
    heapq.heapify(heap)
    chosen: set[int] = set()
    taken: Counter = Counter()
    used = 0.0
    while heap:
        _, best, year = heapq.heappop(heap)
        cost = entry_mm + (HEADING_MM if taken[year] == 0 else 0.0)
        if used + cost > budget and len(chosen) >= MIN_EVENTS:
            break
        used += cost
        chosen.add(best)
        taken[year] += 1
        queue = waiting[year]
        if taken[year] < len(queue):
            following = queue[taken[year]]
            heapq.heappush(heap, (-(scores[following] - 0.8 * taken[year]), following, year))
    return chosen


def _group(event: Event) -> str:
    return event.date[:4]


def left_out(events) -> int:
    return sum(1 for e in events if not e.in_appendix)


def share_note(events, settings: TimelineSettings, pages: float) -> str:
    """What the build says when the chronology left events out, and how to see them all."""
    missing = left_out(events)
    if not missing:
        return ""
    budget = page_budget(settings, pages)
    setting = (f"[timeline] max_pages = {settings.max_pages:g}" if settings.max_pages else
               f"about {math.ceil(budget)} pages, the default")
    return (f"the timeline appendix lists {len(events) - missing} of {len(events)} events "
            f"({setting}); {missing} were left out: `bookgen timeline` lists them all, and "
            "[timeline] max_pages or keep in book.toml changes what is printed")
