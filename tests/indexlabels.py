"""Scoring the register against a hand-labelled set (tests/fixtures/index/*/labels.toml).

Each label is a name, its kind and the ``NN:line`` of every mention (NN: the content file's
two-digit prefix). Names are compared as sets, mentions as multisets of (name, file:line).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Score:
    name_precision: float
    name_recall: float
    mention_precision: float
    mention_recall: float
    kinds_right: float
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    wrong_kind: tuple[str, ...]
    mention_diff: tuple[str, ...]


def labels(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["entry"]


def _where(source) -> str:
    return f"{Path(source.path).name[:2]}:{source.line}"


def score(register, gold: list[dict]) -> Score:
    found = {e.name: e for e in register}
    want = {g["name"]: g for g in gold}
    common = set(found) & set(want)
    got_m = Counter((e.name, _where(m.source)) for e in register for m in e.mentions)
    want_m = Counter((g["name"], line) for g in gold for line in g["lines"])
    hit = sum((got_m & want_m).values())
    wrong = tuple(sorted(f"{n}: {found[n].kind} (not {want[n]['kind']})" for n in common
                         if found[n].kind != want[n]["kind"]))
    diff = tuple(sorted(f"+{k}" for k in (got_m - want_m)) +
                 sorted(f"-{k}" for k in (want_m - got_m)))
    return Score(
        name_precision=len(common) / len(found) if found else 1.0,
        name_recall=len(common) / len(want) if want else 1.0,
        mention_precision=hit / sum(got_m.values()) if got_m else 1.0,
        mention_recall=hit / sum(want_m.values()) if want_m else 1.0,
        kinds_right=1 - len(wrong) / len(common) if common else 1.0,
        missing=tuple(sorted(set(want) - set(found))),
        extra=tuple(sorted(set(found) - set(want))),
        wrong_kind=wrong, mention_diff=diff)
