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
