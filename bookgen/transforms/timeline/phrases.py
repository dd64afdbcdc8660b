"""An event's short phrase: the clause that holds its date, trimmed to what happened.

"Den 1 mars 2004 blev jag förvaltningschef för KLF, vilket ingen hade räknat med." becomes
"Blev förvaltningschef för KLF": the clause with the date, without the date itself, the narrator's
"jag"/"vi" or a leading "och"/"men", cut before a subordinate clause and at a word when still
long, and beginning with a capital letter, never mid-sentence in lower case.  The appendix prints
the phrase; the full sentence stays in ``bookgen timeline`` and the EPUB's links.
"""

from __future__ import annotations

import re

MAX_PHRASE = 80  # characters: with its date and page, two lines of the appendix at most
MAX_LABEL = 30  # characters of a label in the drawing

_WORDS = {
    "sv": {
        "lead": "och men så då sedan sen när som där eftersom medan att också även dessutom".split(),
        "narrator": "jag vi".split(),
        "before_date": ("i under på den från sedan till efter före innan inför år året hela vid "
                        "kring runt omkring mot mellan fram redan ända allt fr.o.m t.o.m av "
                        "början mitten slutet").split(),
        "subordinate": "som vilket vilka där eftersom därför medan trots fast när innan".split(),
    },
    "en": {
        "lead": "and but so then when which where as also too because while that".split(),
        "narrator": "i we".split(),
        "before_date": ("in on during at from since until till by after before the of around "
                        "circa about between early late mid").split(),
        "subordinate": "which who where because while although though when".split(),
    },
}
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:()]|,|\s[–—-]\s)\s*")
_NOTE_MARK = re.compile(r"\[\^[^\]\s]{1,30}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_EDGE = " ,.;:!?–—-\"'”“»«()[]…"


def short_phrase(sentence: str, spans: list[tuple[int, int]], language: str = "sv",
                 limit: int = MAX_PHRASE) -> str:
    """The phrase for the event whose date is at ``spans[0]`` of ``sentence`` (all ``spans``
    are the sentence's date mentions, removed from the phrase)."""
    words = _WORDS.get((language or "sv").split("-")[0], _WORDS["en"])
    text = " ".join(_NOTE_MARK.sub("", sentence).split())
    if len(text) != len(sentence):  # offsets no longer line up: find the clause by the date text
        spans = _respan(sentence, text, spans)
    clause_start, clause_end = _clause(text, spans[0] if spans else (0, 0))
    clause = _without_dates(text, clause_start, clause_end, spans, words)
    phrase = _trim(clause, words, limit)
    if len(phrase) < 3:  # a sentence that is only its date: its first words then
        phrase = _trim(_without_dates(text, 0, len(text), spans, words), words, limit)
    return _capital(phrase) if phrase else ""


def label(phrase: str, limit: int = MAX_LABEL) -> str:
    """A label for the drawing: the phrase cut at a word to ``limit`` characters."""
    return _cut(phrase, limit)


def _respan(original: str, text: str, spans):
    out, at = [], 0
    for start, end in spans:
        found = text.find(" ".join(original[start:end].split()), at)
        if found < 0:
            continue
        out.append((found, found + len(" ".join(original[start:end].split()))))
        at = found
    return out


def _clause(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The clause (between commas, semicolons, dashes) that holds ``span``; a clause of the date
    alone (``Den 3 maj 1958, en lördag, föddes jag``) takes in the clause after it."""
    cuts = [0, *(x for m in _CLAUSE_BREAK.finditer(text) for x in (m.start(), m.end())), len(text)]
    pieces = list(zip(cuts[::2], cuts[1::2]))
    index = next((i for i, (a, b) in enumerate(pieces) if a <= span[0] < max(b, a + 1)), 0)
    start, end = pieces[index]
    while len(_letters(text[start:end], span)) < 2 and index + 1 < len(pieces):
        index += 1
        end = pieces[index][1]
    return start, end


def _letters(text: str, span) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]{2,}", text)]


def _without_dates(text: str, start: int, end: int, spans, words) -> str:
    """The clause with its date mentions and the prepositions that lead into them taken out."""
    kept, at = [], start
    for a, b in sorted(spans):
        if b <= start or a >= end:
            continue
        kept.append(_drop_leading_into(text[at:max(a, at)], words))
        at = max(b, at)
    kept.append(text[at:end])
    return " ".join(" ".join(kept).split())


def _drop_leading_into(before: str, words) -> str:
    """``"blev jag chef i"`` → ``"blev jag chef"``: the words that lead into a date go with it."""
    parts = before.rstrip().split(" ")
    while parts and parts[-1].lower().strip(",") in words["before_date"]:
        parts.pop()
    return " ".join(parts)


def _trim(clause: str, words, limit: int) -> str:
    tokens = clause.strip(_EDGE).split()
    while tokens and tokens[0].lower().strip(",") in words["lead"]:
        tokens.pop(0)
    tokens = _after_fronted(tokens, words)
    tokens = _without_narrator(tokens, words)
    for i, token in enumerate(tokens):  # cut before a subordinate clause once the gist is there
        if i >= 3 and token.lower().strip(",") in words["subordinate"]:
            tokens = tokens[:i]
            break
    return _cut(" ".join(tokens).strip(_EDGE), limit)


def _after_fronted(tokens: list[str], words) -> list[str]:
    """"Gällande styrsystemet så började vi arbeta med Lots" → "började vi arbeta med Lots": a
    fronted phrase closed by "så" before the verb and the narrator is context, not the event."""
    for i, token in enumerate(tokens[1:6], 1):
        if token.lower() in ("så", "then") and i + 2 < len(tokens) \
                and tokens[i + 2].lower() in words["narrator"]:
            return tokens[i + 1:]
    return tokens


def _without_narrator(tokens: list[str], words) -> list[str]:
    """The narrator needs no naming in their own chronology: "jag blev chef" and the inverted
    "blev jag chef" are both "blev chef"."""
    if tokens and tokens[0].lower() in words["narrator"] and len(tokens) > 2:
        return tokens[1:]
    if len(tokens) > 2 and tokens[1].lower() in words["narrator"]:
        return [tokens[0], *tokens[2:]]
    return tokens


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head and text[limit - 1] != " ":
        head = head[: head.rindex(" ")]
    return head.rstrip(_EDGE) + "…"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
