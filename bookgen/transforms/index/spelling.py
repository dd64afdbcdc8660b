"""Names that look misspelt: a form named once that is one or two letters from a form named
more often ("Dahlstöm" beside "Dahlström" ×3). Forms are compared word by word, so "Göran
Dahlstöm" is caught by its surname; short words (under five letters) are left alone, where
one letter makes another name ("Per", "Pia").
"""

from __future__ import annotations

import difflib
from collections import Counter

from bookgen.errors import Problem
from bookgen.model import RegisterEntry

_MIN_LENGTH = 5
_SIMILAR = 0.84


def likely_misspellings(register: tuple[RegisterEntry, ...]) -> list[Problem]:
    counts: Counter[str] = Counter()
    first_seen = {}
    for entry in register:
        for mention in entry.mentions:
            for word in mention.text.split():
                counts[word] += 1
                first_seen.setdefault(word, mention)
    often = [w for w, n in counts.items() if n > 1 and len(w) >= _MIN_LENGTH]
    problems = []
    for word, n in sorted(counts.items()):
        if n != 1 or len(word) < _MIN_LENGTH:
            continue
        close = [w for w in often if w != word and _close(word, w)]
        if close:
            best = max(close, key=lambda w: counts[w])
            problems.append(Problem(
                f"“{word}” is named once, “{best}” {counts[best]} times: a misspelling? "
                "(if both are right, nothing needs doing)", first_seen[word].source, "warning"))
    return problems


def _close(a: str, b: str) -> bool:
    if a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    if a.rstrip("s") == b.rstrip("s") or a.rstrip("’s") == b.rstrip("’s"):
        return False  # the genitive of the same name
    return difflib.SequenceMatcher(None, a, b).ratio() >= _SIMILAR
