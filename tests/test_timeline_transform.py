"""extract_timeline over small books: events, anchors, lines, the author's entries, errors."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bookgen.errors import BookError
from bookgen.model import (
    Anchor, BlockQuote, Emph, Link, ListBlock, Paragraph, SoftBreak, SourceRef, Text, TimelineEntry,
)
from bookgen.transforms.timeline.inlines import flatten
from bookgen.transforms.timeline.plain import book_from_text
from bookgen.transforms.timeline.extract import extract_timeline

TEXT = """Jag började 2007. Det var kallt.
Den 3 maj 1958 föddes jag.

Samma år flyttade vi. I dag bor jag i Flen."""


def entry(line=10, **kw):
    return TimelineEntry(source=SourceRef("kap.md", line), **kw)


def visible(book):
    return [flatten(p.inlines) for s in book.sections for p in s.blocks if isinstance(p, Paragraph)]


def test_events_sorted_by_date_with_sources_and_anchors():
    book = extract_timeline(book_from_text(TEXT, "sv", "2011", path="kap.md"))
    assert [(e.date, e.anchor, str(e.source)) for e in book.events] == [
        ("1958", "ev-3", "kap.md:4"),
        ("1958-05-03", "ev-2", "kap.md:2"),
        ("2007", "ev-1", "kap.md:1"),
    ]
    assert book.events[1].text == "Den 3 maj 1958 föddes jag."
    assert not any(e.guessed for e in book.events)  # "Samma år" leans on the paragraph before


def test_a_relative_year_after_a_jump_is_a_guess():
    text = "Den 3 maj 1958 föddes jag.\n\nDet var kallt.\n\nDet regnade.\n\nSamma år flyttade vi."
    book = extract_timeline(book_from_text(text, "sv", "2011"))
    assert [(e.date, e.guessed) for e in book.events] == [("1958", True), ("1958-05-03", False)]


def test_anchors_sit_at_sentence_starts_and_text_is_unchanged():
    before = book_from_text(TEXT, "sv")
    after = extract_timeline(before)
    assert visible(after) == visible(before)
    first = after.sections[0].blocks[0].inlines
    assert first[0] == Anchor("ev-1")
    assert first[3] == Anchor("ev-2") and first[4] == Text("Den 3 maj 1958 föddes jag.")


def test_anchor_in_emphasis_and_before_a_link():
    para = Paragraph((Text("Hej. "), Emph((Text("Våren 2009"),)), Text(" kom. "),
                      Link("x", (Text("År 2010"),)), Text(" gick.")), SourceRef("a.md", 1))
    book = extract_timeline(replace(book_from_text("x"), sections=(
        replace(book_from_text("x").sections[0], blocks=(para,)),)))
    inlines = book.sections[0].blocks[0].inlines
    assert inlines[1] == Emph((Anchor("ev-1"), Text("Våren 2009")))
    assert inlines[3] == Anchor("ev-2") and isinstance(inlines[4], Link)


def test_quotes_and_lists_are_read():
    inner = Paragraph((Text("Hösten 1985 flyttade vi."),), SourceRef("a.md", 3))
    blocks = (BlockQuote((inner,), SourceRef("a.md", 3)),
              ListBlock(False, ((replace(inner, source=SourceRef("a.md", 5)),),), SourceRef("a.md", 5)))
    base = book_from_text("x")
    book = extract_timeline(replace(base, sections=(replace(base.sections[0], blocks=blocks),)))
    assert [str(e.source) for e in book.events] == ["a.md:3", "a.md:5"]


def test_line_counts_soft_breaks_before_the_sentence():
    para = Paragraph((Text("Först"), SoftBreak(), Text("kom vi. Sedan"), SoftBreak(),
                      Text("kom 2008 års kris.")), SourceRef("a.md", 7))
    base = book_from_text("x")
    book = extract_timeline(replace(base, sections=(replace(base.sections[0], blocks=(para,)),)))
    assert book.events[0].source == SourceRef("a.md", 8)
    assert book.events[0].text == "Sedan kom 2008 års kris."


def test_author_adds_drops_and_redates():
    timeline = (entry(date="2007-02-12", text="Första dagen."),
                entry(match="I DAG bor", date="2011"),
                entry(match="började 2007", drop=True),
                entry(match="Samma år", date="1959"))
    book = extract_timeline(book_from_text(TEXT, "sv", "2011", timeline=timeline))
    got = [(e.date, e.text[:12], e.anchor, e.guessed) for e in book.events]
    assert got == [("1958-05-03", "Den 3 maj 19", "ev-2", False),
                   ("1959", "Samma år fly", "ev-3", False),
                   ("2007-02-12", "Första dagen", "ev-1", False),
                   ("2011", "I dag bor ja", "ev-4", False)]
    assert book.sections[0].blocks[0].inlines[0] == Anchor("ev-1")


@pytest.mark.parametrize("bad,message", [
    (entry(match="finns inte", drop=True), "in no sentence"),
    (entry(date="2007-13", text="x"), "not an EDTF date"),
    (entry(date="våren 2009", text="x"), "not an EDTF date"),
    (entry(match="Samma år"), "needs drop"),
    (entry(drop=True), "needs a match"),
    (entry(date="2009"), "needs a text"),
    (entry(), "needs a date"),
])
def test_bad_entries_are_book_errors_with_their_source(bad, message):
    with pytest.raises(BookError) as raised:
        extract_timeline(book_from_text(TEXT, "sv", timeline=(bad,)))
    assert message in str(raised.value)
    assert raised.value.source == SourceRef("kap.md", 10)


def test_all_bad_entries_reported_at_once():
    with pytest.raises(BookError) as raised:
        extract_timeline(book_from_text(TEXT, timeline=(entry(1, date="x", text="y"),
                                                        entry(2, match="nope", drop=True))))
    assert len(raised.value.problems) == 2


def test_relative_reference_crosses_paragraphs_and_sections():
    one, two = book_from_text("Vi kom hit 1990."), book_from_text("Året därpå for vi.")
    book = replace(one, sections=(one.sections[0], replace(two.sections[0], id="b")))
    events = extract_timeline(book).events
    assert [(e.date, e.section_id, e.guessed) for e in events] == [("1990", "text", False),
                                                                   ("1991", "b", True)]


def test_english_book_and_unknown_language():
    assert [e.date for e in extract_timeline(book_from_text("In May 2003 we left.", "en")).events] \
        == ["2003-05"]
    assert extract_timeline(book_from_text("In May 2003 we left.", "fi")).events == ()


def test_book_without_date_has_no_this_year_event():
    assert extract_timeline(book_from_text("I år drar vi igång.", "sv")).events == ()


def test_dropping_a_sentence_without_a_date_is_a_warning_that_says_so():
    text = "Vi flyttade hit 1990.\n\nDet var en kall vinter."
    book = extract_timeline(book_from_text(text, "sv", timeline=(
        entry(match="kall vinter", drop=True),)))
    [warning] = [w for w in book.warnings if "kall vinter" in w.message]
    assert warning.severity == "warning"
    assert "has no date to drop; nothing to do" in warning.message
    assert "line" in warning.message
    assert [e.date for e in book.events] == ["1990"]
