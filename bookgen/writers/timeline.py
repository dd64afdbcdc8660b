"""The timeline appendix's data for the templates: the chronology by year, and its drawing.

Only the events the chronology keeps (``Event.in_appendix``) are listed; each shows its date
(without the year its group already names), its short phrase and where it is told; the EPUB
also gives the full sentence in its link.  Within a year, events known only by the year come
first, as the drawing places them at the year's start.  The drawing is laid out for print
(as wide as the text block, in points, so its type is 7.5 pt) or for a screen (vertical).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from bookgen import model as m
from bookgen.readers.ids import TIMELINE_ID
from bookgen.util.text import length_mm
from bookgen.writers.markup import text_html

PAGE_MARGINS_MM = 36.0  # inner + outer margin of the built-in theme's pages
PT_PER_MM = 72 / 25.4


def block_width_pt(meta: m.Metadata) -> float:
    width = length_mm(meta.pdf.width) or 148.0
    return round(max(width - PAGE_MARGINS_MM, 50.0) * PT_PER_MM, 1)


def timeline_context(book: m.Book, strings: dict[str, str],
                     href: Callable[[m.Event], str], layout: str = "print") -> dict:
    """The appendix's data: the chronology grouped by year, dates written out, the drawing."""
    if not book.events:
        return {"id": TIMELINE_ID, "events": (), "groups": [], "svg": "", "left_out": 0}
    from bookgen.transforms.timeline.edtf import format_date
    from bookgen.transforms.timeline.svg import timeline_svg

    language = book.metadata.language
    titles = {s.id: s.title for s in book.sections}
    front = {s.id for s in book.sections if s.matter.startswith("front")}  # roman folios
    listed = [e for e in book.events if e.in_appendix]
    groups: dict[str, list[dict]] = {}
    for event in listed:
        year = event.date[:4]
        label = year if year.isdigit() else format_date(event.date, language)
        date_text = format_date(event.date, language)
        shown = _without_year(date_text, label)
        groups.setdefault(label, []).append({
            "date_text": shown, "date_shown": bool(shown),
            "date_full": date_text,
            "text": Markup(text_html(_phrase(event))),
            "sentence": Markup(text_html(" ".join(event.text.split()))),
            "href": href(event) if event.anchor else "",
            "section_title": titles.get(event.section_id, ""),
            "front": event.section_id in front,
        })
    from bookgen.theme.fonts import text_measure

    svg = timeline_svg(book.events, language, book.metadata.typeface, layout,
                       block_width_pt(book.metadata), text_measure(book.metadata.typeface))
    return {"id": TIMELINE_ID, "events": tuple(listed), "svg": Markup(svg),
            "groups": [{"label": k, "events": v} for k, v in groups.items()],
            "left_out": len(book.events) - len(listed)}


def _phrase(event: m.Event) -> str:
    text = event.phrase or " ".join(event.text.split())
    return text[:1].upper() + text[1:]


def _without_year(date_text: str, label: str) -> str:
    """``9 februari 2007`` under the heading 2007 is ``9 februari``; the year alone is nothing."""
    if date_text == label:
        return ""
    if label.isdigit() and date_text.endswith(" " + label) and date_text.count(label) == 1:
        return date_text[: -len(label) - 1]
    return date_text
