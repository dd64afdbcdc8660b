"""The timeline transform: every date mention in the prose becomes an :class:`Event`.

Sentences are read in book order (paragraphs inside quotes, lists and footnotes, and figure
captions, too; headings and code are not prose), so a relative reference ("Samma år") resolves
against the date before it, across paragraphs and sections.  A chapter with its own ``date:``
(a blog post) is the "now" of its "I år" and "i går".  The author's ``timeline:`` entries then
add, drop or redate events; each kept event gets an invisible ``Anchor`` (``ev-1``, ``ev-2``… in
reading order) at the start of its sentence, a short phrase for the appendix, and a rank that
decides whether the printed chronology has room for it (:mod:`.chronology`).  A dateline closing
a foreword ("Sundsvall i mars 2024") is not an event.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from bookgen.errors import BookError, ProblemList
from bookgen.model import Book, Event, Paragraph, Section, SourceRef, TimelineEntry
from bookgen.transforms.timeline import authoring, chronology, edtf
from bookgen.transforms.timeline.checks import DatelineFinder, needs_today, wrong_weekday
from bookgen.transforms.timeline.inlines import flatten, insert_anchors, map_paragraphs, paragraphs
from bookgen.transforms.timeline.phrases import short_phrase
from bookgen.transforms.timeline.rules import (
    JUMP, Context, Found, Language, find_dates, language_for,
)
from bookgen.transforms.timeline.sentences import split_sentences


@dataclass
class _Found:
    """An event before it has its anchor id: where it is, in reading order."""

    event: Event
    place: tuple[int, int, int]  # section, paragraph, offset; paragraph -1 = no place in text
    added: bool = False  # an author's own entry


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
    book_date = _written(book.metadata.date)
    context = Context(book_year=_book_year(book_date), today=book_date or None)
    problems = ProblemList()
    found: list[_Found] = []
    words = [0]  # the book's words, for its length in pages
    for number, section in enumerate(book.sections):
        context = _chapter_context(context, section, book_date)
        context = _read_section(number, section, language, context, found, problems, words)
    problems.raise_if_errors()
    found.sort(key=lambda f: f.place)
    numbers = itertools.count(1)
    anchored = [replace(f.event, anchor=f"ev-{next(numbers)}") if f.place[1] >= 0 else f.event
                for f in found]
    sections = tuple(
        _with_anchors(n, s, [(f.place, e.anchor) for f, e in zip(found, anchored)])
        for n, s in enumerate(book.sections)
    )
    pages = chronology.book_pages(book, words[0])
    anchored = chronology.choose(book, anchored, {i for i, f in enumerate(found) if f.added}, pages)
    order = {id(e): i for i, e in enumerate(anchored)}
    events = sorted(anchored, key=lambda e: (edtf.sort_key(e.date), order[id(e)]))
    note = chronology.share_note(events, book.metadata.timeline, pages)
    if note:
        problems.note(note, SourceRef("book.toml"))
    return replace(book, sections=sections, events=tuple(events),
                   warnings=(*book.warnings, *problems.items))


def _written(date: str) -> str:
    """The book's date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (empty when it has none)."""
    m = re.match(r"\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)", str(date or ""))
    return m.group(1) if m and edtf.is_valid(m.group(1)) else ""


def _chapter_context(context: Context, section: Section, book_date: str) -> Context:
    """A new chapter: the last date is a jump away, and "now" is the chapter's date if it has one."""
    today = section.date or book_date
    return replace(context, age=99, today=today or None, chapter_dated=bool(section.date),
                   book_year=_book_year(today))


def _book_year(date: str) -> int | None:
    m = re.match(r"\s*(\d{4})", date or "")
    return int(m.group(1)) if m else None


def _read_section(number, section: Section, language, context, found, problems,
                  words: list[int]) -> Context:
    entries = authoring.check_entries(section.timeline, problems)
    authored = authoring.Authored(entries)
    first = next(iter(paragraphs(section.blocks)), None)
    for entry in entries:
        if entry.date and not entry.match:
            found.append(_added(number, section, entry, first is not None, language))
    reader = _Reader(number, section, language, authored, problems,
                     DatelineFinder(section.blocks, language), words)
    for index, paragraph in enumerate(paragraphs(section.blocks)):
        if context.age < JUMP:  # older than that is all the same: a jump
            context = replace(context, age=context.age + 1)
        context = reader.paragraph(index, paragraph, context, found)
    authoring.report_unused(authored, problems)
    return context


def _added(number: int, section: Section, entry: TimelineEntry, has_text: bool,
           language: Language | None) -> _Found:
    text = entry.text.strip()
    event = Event(entry.date, text, section.id, entry.source,
                  phrase=short_phrase(text, [], _code(language)))
    return _Found(event, (number, 0 if has_text else -1, -1), added=True)


def _code(language: Language | None) -> str:
    return language.code if language else "en"


@dataclass
class _Reader:
    """Reads one section's paragraphs: events, and the problems a reader of the text would see."""

    number: int
    section: Section
    language: Language | None
    authored: authoring.Authored
    problems: ProblemList
    datelines: DatelineFinder
    words: list[int]

    def paragraph(self, index: int, paragraph: Paragraph, context: Context,
                  found: list[_Found]) -> Context:
        text = flatten(paragraph.inlines)
        self.words[0] += text.count(" ") + text.count("\n") + 1
        skip = self.datelines.is_dateline(paragraph, text)
        for start, end in split_sentences(text):
            context = self._sentence(index, paragraph, text, start, end, context, found, skip)
        return context

    def _sentence(self, index, paragraph, text, start, end, context, found, skip) -> Context:
        sentence, language = text[start:end], self.language
        dates, after = find_dates(sentence, language, context) if language else ([], context)
        source = _source(paragraph.source, text, start)
        self._report(sentence, dates, context, source)
        entry = authoring.verdict(sentence, self.authored, bool(dates), source.line)
        if entry is not None:
            dates = [] if entry.drop else [_Redated(entry.date)]
            after = replace(context, last=entry.date, age=0) if entry.date else context
        if skip and entry is None:
            return context  # a dateline: not an event, and not what "samma år" leans on
        shown = sentence.replace("\n", " ")
        spans = [(d.start, d.end) for d in dates if isinstance(d, Found)]
        for number, date in enumerate(dates):
            ordered = spans[number:number + 1] + spans[:number] + spans[number + 1:]
            phrase = short_phrase(sentence, ordered, _code(language))
            event = Event(date.date, shown, self.section.id, source, guessed=date.guessed,
                          phrase=phrase)
            found.append(_Found(event, (self.number, index, start)))
        return after

    def _report(self, sentence: str, dates, context: Context, source: SourceRef) -> None:
        for date in dates:
            message = wrong_weekday(sentence, date, _code(self.language))
            if message:
                self.problems.warning(message, source)
        message = needs_today(sentence, self.language, context)
        if message:
            self.problems.warning(message, source)


@dataclass(frozen=True)
class _Redated:
    date: str
    guessed: bool = False
    start: int = 0
    end: int = 0


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
