"""Comparing the author's text with what an output shows, whatever typography and layout did."""

from __future__ import annotations

import re

# Typographic forms the book may print for the author's plain characters.
_FOLD = str.maketrans({"”": '"', "“": '"', "„": '"', "’": "'", "‘": "'", "–": "-", "—": "-",
                       "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u00ad": ""})
_DROP = re.compile(r"[\s\-\u2010\u2011]+")


def fold(text: str) -> str:
    """Text without whitespace and hyphens, typographic characters folded to plain ones:
    line breaks, hyphenation and typography disappear, the words and their order stay."""
    return _DROP.sub("", text.translate(_FOLD)).replace("...", "…")


def missing_in_order(sentences: list[str], text: str) -> list[str]:
    """The sentences not found in ``text`` in the given order (empty when all are there)."""
    folded, position, missing = fold(text), 0, []
    for sentence in sentences:
        found = folded.find(fold(sentence), position)
        if found < 0:
            missing.append(sentence)
        else:
            position = found + len(fold(sentence))
    return missing
