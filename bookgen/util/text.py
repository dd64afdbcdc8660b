"""Small pure helpers on strings shared by readers and writers."""

from __future__ import annotations

import re
import unicodedata

_TRANSLITERATE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o", "ß": "ss"})


def slugify(text: str, limit: int = 60) -> str:
    """A lowercase ASCII id for file names and anchors: ``Memoarer – KLF`` → ``memoarer-klf``."""
    text = text.lower().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-")


_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}


def length_mm(value: str) -> float | None:
    """A CSS length (``148mm``, ``6in``, ``12pt``; a bare number is px) in millimetres, or
    None when it is not one."""
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt|px)?\s*", value)
    if not match:
        return None
    return float(match[1]) * _UNITS_MM[match[2] or "px"] if match[1] != "0" else 0.0
