"""Sentence splitting for memoir prose (Swedish and English).

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) or at an
emoji (and any footnote mark after it: ``[^2]``, ``²``), when whitespace and then a capital letter, a digit or an opening quote follow.  A period
that closes a known abbreviation (``fd.``, ``t.ex.``, ``kl.``, ``s.``, ``e.g.``) never ends one.
The scan is one linear regex pass; spans index the original string, so sentences stay verbatim.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """
    fd f.d d.v.s dvs pga p.g.a t.ex bl.a kl s ca c:a resp osv o.s.v m.fl m.m jfr ev inkl exkl
    tel st kap ff s.k t.o.m fr.o.m e.d dr nr mr mrs ms prof e.g i.e etc vs jr sr no vol pp p
    f.ö o.d obs sid uppl red anm dir eng sv tf t.f d.ä d.y f.n m.a.o mfl mm tex bla ang bl a
    jan feb mar apr jun jul aug sep sept okt oct nov dec st.
    """.split()
)

# An end mark with its closing punctuation, then the gap, then what may open a sentence.
_BOUNDARY = re.compile(
    r"(?:[.!?…]+|[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?)[\"'”’»)\]]*"
    r"(?:\[\^[^\]\s]{1,30}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰])*"  # a footnote's mark after the period
    r"(?=\s+[\"'“”‘’«(\[–—-]?[A-ZÅÄÖÉÜ0-9\U0001F300-\U0001FAFF])"
)
_WORD_BEFORE = re.compile(r"[\w.:]{1,12}$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation like ``t.ex.`` or ``kl.``."""
    if text[dot] != "." or (dot + 1 < len(text) and text[dot + 1] == "."):
        return False
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group().lower().lstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word.islower())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the stripped sentences of ``text``, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, m.start()):
            continue
        _add(text, start, m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
