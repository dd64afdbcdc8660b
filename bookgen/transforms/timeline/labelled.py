"""Labelled sentences (TSV fixtures) and precision/recall over them, for tests and the benchmark.

A line is ``expected<TAB>context<TAB>sentence``: ``expected`` the EDTF dates in order
(space-separated, ``-`` for none), ``context`` ``-`` or ``last=DATE`` and/or ``book=YEAR`` (or a
full date, the date of writing) and/or ``chapter=DATE`` (a chapter's own ``date:``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bookgen.transforms.timeline.rules import Context
from bookgen.util.gate import read_file


@dataclass(frozen=True)
class Case:
    sentence: str
    expected: tuple[str, ...]
    context: Context
    line: int

    @property
    def last(self) -> str | None:
        return self.context.last


def load_cases(path: Path) -> list[Case]:
    cases = []
    text = read_file(path, path.parent, 64 << 20).decode("utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        expected, context, sentence = line.split("\t", 2)
        dates = () if expected.strip() == "-" else tuple(expected.split())
        cases.append(Case(sentence.strip(), dates, _context(context), number))
    return cases


def _context(text: str) -> Context:
    values = dict(part.split("=", 1) for part in text.split() if "=" in part)
    chapter = values.get("chapter") or values.get("date") or values.get("today")
    written = chapter or values.get("book")
    return Context(last=values.get("last"), book_year=int(written[:4]) if written else None,
                   today=written, chapter_dated=chapter is not None)


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs) -> Score:
    """Counts over ``(expected dates, found dates)`` pairs, matching dates as multisets."""
    tp = fp = fn = 0
    for expected, found in pairs:
        common = sum((Counter(expected) & Counter(found)).values())
        tp += common
        fp += len(found) - common
        fn += len(expected) - common
    return Score(tp, fp, fn)
