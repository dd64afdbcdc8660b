"""The labelled sets: every sentence on its own, then precision and recall over each set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookgen.transforms.timeline import find_dates
from bookgen.transforms.timeline.labelled import load_cases, score
from bookgen.transforms.timeline.plain import book_from_text
from bookgen.transforms.timeline.extract import extract_timeline

FIXTURES = Path(__file__).parent / "fixtures" / "timeline"
SETS = {"sv": load_cases(FIXTURES / "sv.tsv"), "en": load_cases(FIXTURES / "en.tsv")}


def _found(language, case):
    return tuple(f.date for f in find_dates(case.sentence, language, case.context))


@pytest.mark.parametrize(
    "language,case",
    [(lang, case) for lang, cases in SETS.items() for case in cases],
    ids=lambda v: f"line{v.line}" if hasattr(v, "line") else v,
)
def test_sentence(language, case):
    assert _found(language, case) == case.expected, case.sentence


@pytest.mark.parametrize("language", sorted(SETS))
def test_precision_and_recall(language):
    result = score((case.expected, _found(language, case)) for case in SETS[language])
    assert result.precision >= 0.95 and result.recall >= 0.95, result


def test_set_sizes_cover_the_brief():
    assert len(SETS["sv"]) >= 60 and len(SETS["en"]) >= 30
    for cases in SETS.values():
        assert sum(1 for c in cases if not c.expected) >= 20  # many negatives


def _memoir_expected():
    rows = []
    for line in (FIXTURES / "memoir_klf.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            date, start = line.split("\t")
            rows.append((date, start))
    return rows


def test_memoir_every_dated_sentence_in_reading_order():
    text = (FIXTURES / "memoir_klf.txt").read_text(encoding="utf-8")
    book = extract_timeline(book_from_text(text, "sv", "2011"))
    by_anchor = sorted(book.events, key=lambda e: int(e.anchor.split("-")[1]))
    found = [(e.date, e.text) for e in by_anchor]
    expected = _memoir_expected()
    assert len(found) == len(expected)
    for (date, text_), (want_date, want_start) in zip(found, expected):
        assert (date, text_[: len(want_start)]) == (want_date, want_start)


def test_memoir_has_no_guesses():
    """Its plain years are dates as written, its "Samma år" follows its year in the same
    paragraph and its "I år" counts from the book's date: nothing for the author to confirm."""
    text = (FIXTURES / "memoir_klf.txt").read_text(encoding="utf-8")
    book = extract_timeline(book_from_text(text, "sv", "2011"))
    assert [e.text[:12] for e in book.events if e.guessed] == []
    assert not [w for w in book.warnings if w.severity == "warning"]
