"""Alphabetical order for the register and page ranges ("12–14") for its locators.

Swedish order puts å, ä, ö after z (and treats é as e, ü as y, æ as ä, ø as ö, as SAOL does);
English order ignores accents. Case and punctuation only break ties.
"""

from __future__ import annotations

import unicodedata

_SWEDISH_TAIL = {"å": "{1", "ä": "{2", "æ": "{2", "ö": "{3", "ø": "{3", "ü": "y"}


def sort_key(text: str, language: str) -> tuple[str, str]:
    folded = text.casefold()
    if language.startswith("sv"):
        letters = "".join(_SWEDISH_TAIL.get(c) or _plain(c) for c in folded)
    else:
        letters = "".join(_plain(c) for c in folded)
    letters = "".join(c for c in letters if c.isalnum() or c in " {,")
    return letters, text


def _plain(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0]


def page_ranges(pages: list[int]) -> list[tuple[int, int]]:
    """Sorted distinct pages as runs: [3, 4, 5, 9] → [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs
