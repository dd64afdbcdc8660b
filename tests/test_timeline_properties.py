"""Properties on any input: only BookError, no invented text, linear time on pathological text."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookgen.errors import BookError
from bookgen.model import Paragraph
from bookgen.transforms.timeline import edtf, find_dates
from bookgen.transforms.timeline.inlines import flatten
from bookgen.transforms.timeline.plain import book_from_text
from bookgen.transforms.timeline.sentences import split_sentences
from bookgen.transforms.timeline.extract import extract_timeline

PIECES = st.sampled_from([
    "2009", "den", "nionde", "februari", "1990", "och", "mellan", "-talet", "–", " ", "\u00a0",
    "\u2009", ".", "…", "😉", "Samma år", "året därpå", "I år", "våren", "midsommar", "fd.",
    "In", "May", "the", "1980s", "two years later", "12 000", "kronor", "\n", "”", "2:a", "X",
    "\u00ad", "påsken", "vintern", "från", "till", "1996–2001", "0", "9", ",", "between", "and",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=60).map("".join))


def _paragraphs(book):
    return [flatten(p.inlines) for s in book.sections for p in s.blocks if isinstance(p, Paragraph)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["sv", "en", "de", ""]), st.sampled_from(["", "2011", "x"]))
def test_extraction_never_raises_and_never_invents_text(text, language, date):
    book = book_from_text(text, language, date)
    try:
        result = extract_timeline(book)
    except BookError:
        return
    assert _paragraphs(result) == _paragraphs(book)
    visible = " ".join(t.replace("\n", " ") for t in _paragraphs(book))
    for event in result.events:
        assert event.text and event.text in visible
        assert edtf.is_valid(event.date)
    anchors = [e.anchor for e in result.events]
    assert len(set(anchors)) == len(anchors)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_found_spans_are_inside_the_sentence(text):
    for language in ("sv", "en"):
        for found in find_dates(text, language):
            assert 0 <= found.start < found.end <= len(text)


@given(st.text(max_size=200))
def test_sentences_are_stripped_substrings_in_order(text):
    last = 0
    for start, end in split_sentences(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        last = end


@given(st.text(max_size=40))
def test_edtf_functions_are_total(text):
    if edtf.is_valid(text):
        assert edtf.format_date(text, "sv") and edtf.sort_key(text)
    else:
        assert edtf.format_date(text) == text


def _time(text: str, language: str = "sv") -> float:
    """CPU seconds, not wall-clock ones: other work on the machine does not count."""
    started = time.process_time()
    extract_timeline(book_from_text(text, language, "2011"))
    return time.process_time() - started


PATHOLOGICAL = ["1" * 20_000, "2009 " * 4_000, "den " * 5_000 + "2009", "-" * 20_000,
                "1990–" * 4_000, ". " * 10_000, "år " * 6_000, "a" * 20_000, "2 " * 10_000,
                "12 000 " * 3_000]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[t[:8].strip() or "-" for t in PATHOLOGICAL])
def test_pathological_inputs_cost_in_proportion_to_their_length(text, language):
    """Five times the text may cost at most 12 times as long (a quadratic rule costs 25×).

    A ratio, not a time, so it holds on a loaded machine; what the timeline costs is measured
    in bench/ (a 300-page book)."""
    small = min(_time(text, language) for _ in range(3))
    large = min(_time(text * 5, language) for _ in range(3))
    assert large < max(12 * small, 0.1), (text[:20], small, large)
