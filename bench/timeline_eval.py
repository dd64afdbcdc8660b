"""Measure before you choose: bookgen's timeline rules against dateparser on the same labels.

    .venv/bin/python bench/timeline_eval.py

Scores every labelled sentence of ``tests/fixtures/timeline/{sv,en}.tsv``.  "exact" compares
EDTF strings; "year" counts a found date as right when its year is the year of an expected date
(dateparser returns datetimes with no precision, so this is the fair comparison).  dateparser is
a bench-only dependency (``pip install dateparser``); relative phrases get the case's context date
as its ``RELATIVE_BASE``.
"""

from __future__ import annotations

import datetime
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bookgen.transforms.timeline import edtf, find_dates  # noqa: E402
from bookgen.transforms.timeline.labelled import load_cases, score  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "timeline"


def _years(dates) -> tuple[str, ...]:
    out = []
    for date in dates:
        span = edtf.year_span(date)
        out.append(str(span[0]) if span else date)
    return tuple(out)


def ours(case, language):
    return tuple(f.date for f in find_dates(case.sentence, language, case.context))


def theirs(case, language):
    from dateparser.search import search_dates

    base_year = edtf.year_span(case.last)[0] if case.last else case.context.book_year or 2011
    settings = {"RELATIVE_BASE": datetime.datetime(base_year, 6, 15), "PREFER_DATES_FROM": "past"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(case.sentence, languages=[language], settings=settings) or []
    return tuple(str(moment.year) for _, moment in found)


def evaluate(name, extract, language, cases) -> None:
    started = time.perf_counter()
    found = [extract(case, language) for case in cases]
    elapsed = time.perf_counter() - started
    year = score((_years(c.expected), _years(f)) for c, f in zip(cases, found))
    line = f"{name:<11} {language}  year P={year.precision:.3f} R={year.recall:.3f} F1={year.f1:.3f}"
    if name == "bookgen":
        exact = score((c.expected, f) for c, f in zip(cases, found))
        line += f"   exact P={exact.precision:.3f} R={exact.recall:.3f} F1={exact.f1:.3f}"
    print(f"{line}   ({len(cases)} sentences, {elapsed * 1000:.0f} ms)")


def main() -> None:
    for language in ("sv", "en"):
        cases = load_cases(FIXTURES / f"{language}.tsv")
        evaluate("bookgen", ours, language, cases)
        try:
            evaluate("dateparser", theirs, language, cases)
        except ImportError:
            print("dateparser is not installed: pip install dateparser")


if __name__ == "__main__":
    main()
