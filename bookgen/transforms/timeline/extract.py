"""The timeline transform: every date mention in the prose becomes an :class:`Event`.

Sentences are read in book order (paragraphs inside quotes and lists too; headings, captions and
code are not prose), so a relative reference ("Samma år") resolves against the date before it,
across paragraphs and sections.  The author's ``timeline:`` entries then add, drop or redate
events; each kept event gets an invisible ``Anchor`` (``ev-1``, ``ev-2``… in reading order) at the
start of its sentence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from bookgen.errors import BookError, ProblemList
from bookgen.model import Book, Event, Paragraph, Section, SourceRef, TimelineEntry
from bookgen.transforms.timeline import authoring, edtf
from bookgen.transforms.timeline.inlines import flatten, insert_anchors, map_paragraphs, paragraphs
from bookgen.transforms.timeline.rules import Context, Language, find_dates, language_for
from bookgen.transforms.timeline.sentences import split_sentences


@dataclass
class _Found:
    """An event before it has its anchor id: where it is, in reading order."""

    event: Event
    place: tuple[int, int, int]  # section, paragraph, offset; paragraph -1 = no place in text


def extract_timeline(book: Book) -> Book:
    """A new book with ``events`` (sorted by date, then reading order) and anchors in the text."""
    try:
        return _extract(book)
    except BookError:
        raise
    except Exception as error:  # a bug must still reach the user as a located book problem
        raise BookError(f"timeline extraction failed: {error!r}") from error


def _extract(book: Book) -> Book:
    language = language_for(book.metadata.language)
    context = Context(book_year=_book_year(book.metadata.date))
    problems = ProblemList()
    found: list[_Found] = []
    for number, section in enumerate(book.sections):
        context = _read_section(number, section, language, context, found, problems)
    problems.raise_if_errors()
    found.sort(key=lambda f: f.place)
    numbers = itertools.count(1)
    anchored = [replace(f.event, anchor=f"ev-{next(numbers)}") if f.place[1] >= 0 else f.event
                for f in found]
    sections = tuple(
        _with_anchors(n, s, [(f.place, e.anchor) for f, e in zip(found, anchored)])
        for n, s in enumerate(book.sections)
    )
    order = {id(e): i for i, e in enumerate(anchored)}
    events = sorted(anchored, key=lambda e: (edtf.sort_key(e.date), order[id(e)]))
    return replace(book, sections=sections, events=tuple(events),
                   warnings=(*book.warnings, *problems.items))


def _book_year(date: str) -> int | None:
    m = re.match(r"\s*(\d{4})", date or "")
    return int(m.group(1)) if m else None


def _read_section(number, section: Section, language, context, found, problems) -> Context:
    entries = authoring.check_entries(section.timeline, problems)
    authored = authoring.Authored(entries)
    first = next(iter(paragraphs(section.blocks)), None)
    for entry in entries:
        if entry.date and not entry.match:
            found.append(_added(number, section, entry, first is not None))
    for index, paragraph in enumerate(paragraphs(section.blocks)):
        context = _read_paragraph((number, index), section, paragraph, language, context,
                                  found, authored)
    authoring.report_unused(authored, problems)
    return context


def _added(number: int, section: Section, entry: TimelineEntry, has_text: bool) -> _Found:
    event = Event(entry.date, entry.text.strip(), section.id, entry.source)
    return _Found(event, (number, 0 if has_text else -1, -1))


def _read_paragraph(where, section, paragraph: Paragraph, language: Language | None,
                    context: Context, found: list[_Found], authored) -> Context:
    text = flatten(paragraph.inlines)
    for start, end in split_sentences(text):
        sentence = text[start:end]
        dates, after = find_dates(sentence, language, context) if language else ([], context)
        source = _source(paragraph.source, text, start)
        entry = authoring.verdict(sentence, authored, bool(dates), source.line)
        if entry is not None:
            dates = [] if entry.drop else [_Redated(entry.date)]
            after = replace(context, last=entry.date) if entry.date else context
        context = after
        shown = sentence.replace("\n", " ")
        for date in dates:
            event = Event(date.date, shown, section.id, source, guessed=date.guessed)
            found.append(_Found(event, (*where, start)))
    return context


@dataclass(frozen=True)
class _Redated:
    date: str
    guessed: bool = False


def _source(paragraph: SourceRef, text: str, start: int) -> SourceRef:
    if paragraph.line is None:
        return paragraph
    return SourceRef(paragraph.path, paragraph.line + text.count("\n", 0, start))


def _with_anchors(number: int, section: Section, placed) -> Section:
    """``section`` with each event's anchor at the start of its sentence."""
    wanted: dict[int, dict[int, list[str]]] = {}
    for (sec, para, offset), anchor in placed:
        if sec == number and para >= 0 and anchor:
            wanted.setdefault(para, {}).setdefault(max(offset, 0), []).append(anchor)
    if not wanted:
        return section

    def put(index: int, paragraph: Paragraph) -> Paragraph:
        if index not in wanted:
            return paragraph
        return replace(paragraph, inlines=insert_anchors(paragraph.inlines, wanted[index]))

    return replace(section, blocks=map_paragraphs(section.blocks, put))
