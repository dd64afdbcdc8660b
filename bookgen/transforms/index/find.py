"""Runs of capitalised words in a sentence: the candidates a name can be.

A run is one or more capitalised words with only spaces (or a name particle: "von", "af", "of")
between them, "Göran Dahlström", "Alfa Laval", "Lars-Göran". Each run keeps its offsets in the
paragraph's text, whether it opens a sentence (or a quotation, or follows a colon), the
lower-case word before it (a title or a cue: "stadshuset", "chefen") and the word after it
("kommun"), so :mod:`classify` can decide without looking at the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from bookgen.transforms.index.words import Words

_TOKEN = re.compile(r"[^\W\d_](?:[\w]|[-'’](?=\w))*[®™]?|&")
CONNECTORS = frozenset(("och", "and", "&"))
_OPENERS = set(":;\"“”«»‘'(—–-…[")


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def connector(self) -> bool:
        return self.text in CONNECTORS

    @property
    def acronym(self) -> bool:
        letters = self.text.replace("-", "")
        return len(letters) >= 2 and letters.isupper() and letters.isalpha()


@dataclass(frozen=True)
class Run:
    tokens: tuple[Token, ...]
    initial: bool          # opens the sentence (or a quotation, or follows a colon)
    before: str            # the word before, lower-cased ("" at the start)
    before_gap: str        # what stands between that word and the run (", " or " ")
    after: str             # the word after, lower-cased
    trademark: bool = False
    before2: str = ""      # the word before that, lower-cased ("sin" of "sin gamla Volvo")
    apposition: tuple[str, ...] = ()  # "…, a jazz pub": up to four words after a comma

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens)


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text, start, end)]


def runs(text: str, start: int, end: int, words: Words) -> list[Run]:
    """The runs of capitalised words in ``text[start:end]`` (one sentence)."""
    found: list[Run] = []
    toks = tokens(text, start, end)
    i = 0
    while i < len(toks):
        if not toks[i].capitalised:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and _joins(text, toks, j, words):
            j += 1 if toks[j].capitalised else 2
        found.append(_run(text, toks, i, j, start))
        i = j
    return found


def _joins(text: str, toks: list[Token], j: int, words: Words) -> bool:
    """True when ``toks[j]`` continues the run that ends with ``toks[j - 1]``."""
    gap = text[toks[j - 1].end:toks[j].start]
    if not _only_space(gap) or toks[j - 1].text.endswith(("®", "™")):
        return False
    if toks[j].capitalised:
        return not toks[j].acronym
    previous = toks[j - 1].text.lower()
    joins_place = toks[j].text == "i" and (previous in words.place_bound or
                                           previous.endswith(words.place_bound_endings))
    if (toks[j].text in words.particles or joins_place) and j + 1 < len(toks):
        return _only_space(text[toks[j].end:toks[j + 1].start]) and toks[j + 1].capitalised
    return False


def _after_a_full_stop(tail: str, toks: list[Token], i: int) -> bool:
    """A capital after a lower-case word and a full stop opens a sentence the splitter kept
    whole because the word looked like an abbreviation ("till jul. Jag började", "jul." being
    July's); a title's stop ("Dr. Smith") or an initial's is not one."""
    if not tail.endswith(".") or i == 0:
        return False
    word = toks[i - 1].text
    return len(word) >= 3 and word.islower() and tail[:-1].endswith(word)


def _only_space(gap: str) -> bool:
    return 0 < len(gap) <= 2 and gap.isspace()


def _run(text: str, toks: list[Token], i: int, j: int, sentence_start: int) -> Run:
    run_tokens = tuple(t for t in toks[i:j])
    prefix = text[sentence_start:toks[i].start]
    tail = prefix.rstrip()
    initial = i == 0 or (bool(tail) and tail[-1] in _OPENERS) or _after_a_full_stop(tail, toks, i)
    before = toks[i - 1].text.lower() if i > 0 else ""
    gap = text[toks[i - 1].end:toks[i].start] if i > 0 else ""
    after = toks[j].text.lower() if j < len(toks) and _only_space(
        text[toks[j - 1].end:toks[j].start]) else ""
    before2 = toks[i - 2].text.lower() if i > 1 else ""
    apposition: tuple[str, ...] = ()
    if j < len(toks) and text[toks[j - 1].end:toks[j].start].strip() == ",":
        apposition = tuple(t.text.lower() for t in toks[j:j + 4] if not t.capitalised)
    return Run(run_tokens, initial, before, gap, after,
               trademark=run_tokens[-1].text.endswith(("®", "™")), before2=before2,
               apposition=apposition)
