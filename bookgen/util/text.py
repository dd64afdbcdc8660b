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


# Control characters (C0 but tab and line feed, DEL, C1) and the bidirectional overrides: in a
# terminal they move the cursor, recolour, retitle the window or reorder what is shown.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                        "\u2066-\u2069]")
_INVISIBLE_OR_NEWLINE = re.compile(_INVISIBLE.pattern[:-1] + "\n]")


def visible(text: str, newlines: bool = True) -> str:
    """``text`` safe to print: each control character written as an escape (``\\x1b``), so a
    file name with an escape sequence shows as what it is instead of acting on the terminal.
    ``newlines=False`` escapes line feeds too (a one-line field such as a file name)."""
    pattern = _INVISIBLE if newlines else _INVISIBLE_OR_NEWLINE
    return pattern.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def json_visible(text: str) -> str:
    """JSON text with the characters :func:`visible` escapes written as ``\\uXXXX``."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
