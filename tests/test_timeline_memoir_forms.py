"""The timeline's new reading of a memoir: chapter dates, captions, footnote marks, datelines,
weekday and "I år" warnings, phrases, ranking and [timeline] settings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bookgen.errors import BookError, ProblemList
from bookgen.model import Figure, Image, Paragraph, SourceRef, Text, TimelineSettings
from bookgen.readers.frontmatter import chapter_date, read_front_matter
from bookgen.transforms.timeline import chronology
from bookgen.transforms.timeline.extract import extract_timeline
from bookgen.transforms.timeline.phrases import short_phrase
from bookgen.transforms.timeline.plain import book_from_text


def dated(text: str, date: str, book_date: str = "2011", language: str = "sv"):
    book = book_from_text(text, language, book_date)
    return replace(book, sections=(replace(book.sections[0], date=date),))


def dates(book) -> list[str]:
    return [e.date for e in sorted(extract_timeline(book).events, key=lambda e: e.anchor)]


@pytest.mark.parametrize("text,date,want", [
    ("I år har jag skrivit mycket.", "2012", "2012"),
    ("I förrgår var jag på stadshuset.", "2011-03-03", "2011-03-01"),
    ("Den tionde maj kom beskedet.", "2008-05", "2008-05-10"),
    ("I fjol var vi i Rom.", "2012-06-01", "2011"),
])
def test_a_chapter_date_anchors_its_relative_dates(text, date, want):
    assert dates(dated(text, date, "2020")) == [want]


def test_english_chapter_date():
    book = dated("Yesterday the chairman called. This year I wrote more.", "2011-03-03", "2020", "en")
    assert dates(book) == ["2011-03-02", "2011"]


def test_the_next_chapter_counts_from_its_own_date_or_the_book():
    one = dated("I år har jag skrivit mycket.", "2012")
    two = replace(one.sections[0], id="b", date="", blocks=book_from_text("I år likaså.").sections[0].blocks)
    book = replace(one, sections=(one.sections[0], two))
    assert sorted(e.date for e in extract_timeline(book).events) == ["2011", "2012"]


def test_i_ar_without_any_date_is_warned_not_guessed():
    book = extract_timeline(book_from_text("I år har jag skrivit mycket.", "sv", ""))
    assert book.events == ()
    assert any("“I år” needs to know when it was written" in w.message for w in book.warnings)


@pytest.mark.parametrize("front,want", [
    ("date: 2009-04-14", "2009-04-14"), ("date: 2009-04-14 10:22:00", "2009-04-14"),
    ("date: 2012", "2012"), ("date: '2008-05'", "2008-05"), ("title: x", ""),
])
def test_chapter_date_in_front_matter(front, want):
    problems = ProblemList()
    parsed = read_front_matter(f"---\n{front}\n---\nText.\n", "kap.md", problems)
    assert chapter_date(parsed, "kap.md", problems) == want and not problems.items


def test_a_wrong_chapter_date_is_an_error_with_its_line():
    problems = ProblemList()
    parsed = read_front_matter("---\ntitle: x\ndate: 14/4 2009\n---\nText.\n", "kap.md", problems)
    assert chapter_date(parsed, "kap.md", problems) == ""
    assert problems.errors[0].source == SourceRef("kap.md", 3)


def test_a_weekday_that_contradicts_its_date_is_warned():
    book = extract_timeline(book_from_text("Onsdagen den 9 maj 1975 föddes hon.", "sv", "2011"))
    assert [e.date for e in book.events] == ["1975-05-09"]
    message = next(w.message for w in book.warnings if "was a" in w.message)
    assert "9 maj 1975 was a Friday, not a Wednesday" in message
    right = extract_timeline(book_from_text("Fredagen den 9 maj 1975 föddes hon.", "sv", "2011"))
    assert not [w for w in right.warnings if "was a" in w.message]


def test_captions_are_read_and_anchored():
    book = book_from_text("Vi flyttade 1990.")
    figure = Figure(Image("a.png", "Ett foto"), (Text("Mormor i Flen, sommaren 1962"),),
                    SourceRef("text.md", 3))
    book = replace(book, sections=(replace(book.sections[0], blocks=(*book.sections[0].blocks, figure)),))
    result = extract_timeline(book)
    assert sorted(e.date for e in result.events) == ["1962-22", "1990"]
    caption = result.sections[0].blocks[-1].caption
    assert any(type(node).__name__ == "Anchor" for node in caption)


def test_a_footnote_mark_never_joins_sentences():
    book = extract_timeline(book_from_text("Hon dog 1998.[^1] Sedan kom vi hem 1999.", "sv", "2011"))
    assert [(e.date, e.text) for e in book.events] == [
        ("1998", "Hon dog 1998.[^1]"), ("1999", "Sedan kom vi hem 1999.")]


@pytest.mark.parametrize("closing", ["Sundsvall i mars 2024", "Sundsvall i mars 2024\nAnna Berg",
                                     "Stockholm den 3 maj 2011", "Katrineholm, maj 2011"])
def test_a_foreword_dateline_is_not_an_event(closing):
    book = extract_timeline(book_from_text(f"Vi kom hit 1990.\n\nTack alla.\n\n{closing}", "sv"))
    assert [e.date for e in book.events] == ["1990"]


def test_a_dated_sentence_at_the_end_is_still_an_event():
    book = extract_timeline(book_from_text("Vi kom hit 1990.\n\nI mars 2024 dog mormor.", "sv"))
    assert sorted(e.date for e in book.events) == ["1990", "2024-03"]


@pytest.mark.parametrize("sentence,want", [
    ("Den 1 mars 2004 blev jag förvaltningschef för KLF, vilket ingen hade räknat med.",
     "Blev förvaltningschef för KLF"),
    ("Vi köpte den gamla radion 1964.", "Köpte den gamla radion"),
    ("I mars 2010 hade vi vårt första chefsrådslag.", "Hade vårt första chefsrådslag"),
])
def test_short_phrases(sentence, want):
    book = extract_timeline(book_from_text(sentence, "sv", "2011"))
    assert book.events[0].phrase == want


def test_phrases_start_with_a_capital_and_stay_short():
    long = "och sedan " + " ".join(["ord"] * 40) + " 1990."
    phrase = short_phrase(long, [(len(long) - 5, len(long) - 1)])
    assert phrase[:1].isupper() and len(phrase) <= 80


def test_ranking_prefers_exact_dates_and_the_narrator():
    text = ("Den 3 maj 1958 föddes jag. Kyrkan byggdes 1958. "
            "Jag flyttade 1960. Staden grundades 1960.")
    events = {e.text: e.rank for e in extract_timeline(book_from_text(text, "sv")).events}
    assert events["Den 3 maj 1958 föddes jag."] > events["Kyrkan byggdes 1958."]
    assert events["Jag flyttade 1960."] > events["Staden grundades 1960."]


def test_keep_and_max_pages_choose_what_is_printed():
    text = " ".join(f"Den {d} maj {1950 + y} hände något. Vi flyttade {1950 + y}."
                    for y in range(40) for d in (1, 9))
    book = book_from_text(text, "sv", "2011")
    only_days = replace(book, metadata=replace(
        book.metadata, timeline=TimelineSettings(max_pages=100, keep=("day",))))
    kept = [e for e in extract_timeline(only_days).events if e.in_appendix]
    assert kept and all(len(e.date) == 10 for e in kept)
    small = replace(book, metadata=replace(book.metadata, timeline=TimelineSettings(max_pages=1)))
    result = extract_timeline(small)
    listed = sum(e.in_appendix for e in result.events)
    assert chronology.MIN_EVENTS <= listed < len(result.events)
    assert any(w.severity == "note" and "were left out" in w.message for w in result.warnings)


def test_default_budget_is_three_pages_or_eight_percent():
    assert chronology.page_budget(TimelineSettings(), 20) == 3
    assert chronology.page_budget(TimelineSettings(), 300) == 24
    assert chronology.page_budget(TimelineSettings(max_pages=2), 300) == 2


def test_story_span_ignores_a_far_off_mention():
    from bookgen.model import Event

    events = [Event(str(1950 + i % 60), "x", "s", SourceRef("a")) for i in range(300)]
    events.append(Event("12XX", "Kyrkan.", "s", SourceRef("a")))
    assert chronology.story_span(events) == (1950, 2009)
    few = [Event(d, "x", "s", SourceRef("a")) for d in ("1990", "1995", "2001", "12XX")]
    assert chronology.story_span(few) == (1990, 2001)


def test_timeline_config_is_validated(tmp_path):
    from bookgen.readers.config import read_config

    (tmp_path / "book.toml").write_text(
        '[book]\ntitle = "T"\nauthors = ["A"]\n[timeline]\nmax_pages = 0\nkeep = ["day", "dag"]\n',
        encoding="utf-8")
    problems = ProblemList()
    assert read_config(tmp_path, problems) is None
    text = " ".join(p.message for p in problems.errors)
    assert "max_pages" in text and "dag" in text
    (tmp_path / "book.toml").write_text(
        '[book]\ntitle = "T"\nauthors = ["A"]\n[timeline]\nmax_pages = 4\nkeep = ["day"]\n',
        encoding="utf-8")
    meta = read_config(tmp_path, ProblemList())
    assert meta.timeline == TimelineSettings(4.0, ("day",))


def test_footnotes_are_read_and_their_marks_end_sentences():
    from bookgen.model import Footnote, FootnoteRef

    ref = SourceRef("text.md", 1)
    text = Paragraph((Text("Hon dog 1998."), FootnoteRef("n-1", 1, "1"), Text(" Sedan kom vi hem.")),
                     ref)
    note = Footnote("n-1", 1, "1", (Paragraph((Text("Enligt protokollet från maj 1998."),),
                                              SourceRef("text.md", 3)),), SourceRef("text.md", 3))
    book = book_from_text("x")
    book = replace(book, sections=(replace(book.sections[0], blocks=(text, note)),))
    result = extract_timeline(book)
    assert sorted((e.date, e.text) for e in result.events) == [
        ("1998", "Hon dog 1998."), ("1998-05", "Enligt protokollet från maj 1998.")]
    inner = result.sections[0].blocks[1].blocks[0].inlines
    assert any(type(node).__name__ == "Anchor" for node in inner)


def test_a_blog_post_chapter_end_to_end(book_copy):
    """A chapter as `bookgen import` writes a blog post: its date in the front matter."""
    from bookgen.build.render import load_book

    root = book_copy("mini-sv")
    (root / "content" / "09-inlagg.md").write_text(
        "---\ntitle: Ett inlägg\ndate: 2011-03-03\n---\n\nI förrgår var jag på stadshuset.\n"
        "I år blir det val.\n", encoding="utf-8")
    book = load_book(root)
    post = [e for e in book.events if e.source.path == "content/09-inlagg.md"]
    assert sorted(e.date for e in post) == ["2011", "2011-03-01"]
    assert next(s for s in book.sections if s.title == "Ett inlägg").date == "2011-03-03"
