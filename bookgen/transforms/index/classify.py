"""Which runs of capitalised words are names, and of what kind.

The rules, in order: a trademark ("Lots®") or a run after a noun that names a thing ("modellen
Trappan") is no entry; months, weekdays, holidays and nationalities never are; an acronym that
the book spells out in lower case ("kommunledningsförvaltningen (KLF)") or that abbreviates a
common noun ("KS") is none. A word that opens a sentence is a name only when the lexicons know
it as one and not as a common word ("Nåväl", "Samtidigt" are not), or when the book uses it as a
name mid-sentence too. The kind comes from a title or a cue word before the name ("Mr", "chefen",
"stadshuset", "företaget"), a word of the name ("kommun", "Ltd", "gatan"), the first-name and
place lists, the endings of surnames and place names, a preposition of place ("i", "in"), and
otherwise is an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bookgen.transforms.index.find import Run, Token
from bookgen.transforms.index.lexicon import Lexicon
from bookgen.transforms.index.words import Words

PERSON, PLACE, ORGANISATION = "person", "place", "organisation"
KINDS = (PERSON, PLACE, ORGANISATION)
# Acronyms of common nouns: never an entry of the register unless the author includes them.
COMMON_ACRONYMS = frozenset(
    "KS KF KSAU AU VD IT HR PR TV CV OK PC AB HB KB ID SMS USB PDF CEO CFO CTO HQ PS NB "
    "OBS ÖK LSS LOU LAS MBL FAQ DVD CD GPS".split())
# Lower-case words that finish a name begun with a capital: "Katrineholms kommun", "Svenska
# kyrkan" (organisations), "Badelundaåsens kapell", "Sala kyrka" (places).
_ORG_AFTER = {"sv": frozenset("kommun kommuns län landsting region universitet högskola "
                              "församling ab kyrkan akademien riksdag sjukhus lasarett "
                              "regemente stift".split()),
              "en": frozenset("ltd inc plc llc".split())}
_PLACE_AFTER = {"sv": frozenset("kapell kyrka slott gård torg station hamn bro sjö å älv "
                                "kyrkogård torget stan slottet hamnen bron parken "
                                "kyrkogården".split()),
                "en": frozenset("church chapel cathedral abbey school college hospital".split())}
# Endings of a common noun that makes a business of a genitive: "Bergströms Järnhandel".
_BUSINESS_ENDINGS = ("handel", "bageri", "konditori", "verkstad", "byrå", "firma", "bolag",
                     "fabrik", "bruk", "varv", "tryckeri", "förlag", "bank", "kompani",
                     "shop", "store", "bakery")


@dataclass(frozen=True)
class Found:
    """A name as written in the text: where, its words, and the kind the rules gave it."""

    start: int
    end: int
    words: tuple[str, ...]
    kind: str
    sure: bool  # kind from a lexicon, a title or a cue rather than the default
    title: str = ""  # the title before a person's name, lower-cased: "mr", "fru"


@dataclass(frozen=True)
class Rules:
    lexicon: Lexicon
    words: Words
    language: str
    known: frozenset[str]          # words the book uses as names mid-sentence
    abbreviations: frozenset[str]  # acronyms the book spells out in lower case
    _bases: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def base(self, word: str) -> str:
        """``word`` without a genitive ending when the name without it is known."""
        found = self._bases.get(word)
        if found is None:
            found = self._bases[word] = self._base(word)
        return found

    def _base(self, word: str) -> str:
        if word.endswith(("'s", "’s")) and self.language.startswith("en"):
            return word[:-2]
        if self._known(word):
            return word
        for ending in self.words.genitive:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) > 1 and self._known(stem):
                return stem
        return word.rstrip("'’")

    def _known(self, word: str) -> bool:
        lex = self.lexicon
        return (word in self.known or word in lex.first_names or word in lex.places
                or word in lex.proper)

    def is_first_name(self, word: str) -> bool:
        parts = self.base(word).split("-")
        return all(p in self.lexicon.first_names for p in parts)


def classify(run: Run, rules: Rules) -> list[Found]:
    if run.trademark or _ends_with(run.before, rules.words.thing_cues):
        return []
    found: list[Found] = []
    for piece in _pieces(run, rules):
        found.extend(_classify_piece(piece, rules))
    return found


_HOLIDAY_TAILS = frozenset("eve day night morning afternoon evening week weekend".split())


def _pieces(run: Run, rules: Rules) -> list[Run]:
    """``run`` cut where it holds more than one name: at a month or holiday ("On Sundays |
    Thomas"), at "och"/"and" unless the whole is an organisation ("Sveriges Kommuner och
    Landsting"), after a person's genitive before a common word, which then titles a work and
    is left out ("Strindbergs | Röda rummet")."""
    w = rules.words
    lowered = {t.text.lower() for t in run.tokens}
    keep_connectors = bool(lowered & w.organisation_words) or "&" in lowered
    pieces: list[list[Token]] = [[]]
    befores = [run.before]
    works: set[int] = set()  # pieces that title a work of the person before them
    skip = False
    for token in run.tokens:
        lower = token.text.lower()
        never = (lower in w.never or lower.rstrip("s") in w.never or
                 rules.base(token.text).lower() in w.never) and not _names_with(token, run, w, rules)
        cut_after_genitive = pieces[-1] and _person_genitive(pieces[-1][-1], rules) and \
            rules.lexicon.is_common(token.text) and not lower.endswith(_BUSINESS_ENDINGS)
        if never or (token.connector and not keep_connectors) or cut_after_genitive or \
                (skip and lower in _HOLIDAY_TAILS):
            if cut_after_genitive:
                works.add(len(pieces))
            pieces.append([] if never or token.connector or skip else [token])
            befores.append(lower)
            skip = never
            continue
        skip = False
        pieces[-1].append(token)
    out = []
    for index, (tokens, before) in enumerate(zip(pieces, befores)):
        while tokens and (tokens[-1].connector or tokens[-1].text in w.particles or
                          tokens[-1].text == "i"):
            tokens = tokens[:-1]
        if tokens and index not in works:
            out.append(replace(run, tokens=tuple(tokens), before=before,
                               initial=run.initial and index == 0))
    return out


def _names_with(token: Token, run: Run, w, rules: Rules | None = None) -> bool:
    """A nationality that opens a longer name: "British Museum", "Swedish Academy"; a month
    that is a first name before a surname: "May Whitaker", "June Carter" (not "In May Hugh
    came", "i juni Göran": a preposition before it, or a first name after it)."""
    at = run.tokens.index(token)
    following = run.tokens[at + 1] if at + 1 < len(run.tokens) else None
    if following is None or not following.capitalised:
        return False
    if lower_in(token, w.demonyms):
        return at == 0 or run.tokens[at - 1].text.lower() in w.never
    return rules is not None and at == 0 and run.before not in _TIME_PREPOSITIONS and \
        token.text in rules.lexicon.first_names and not rules.is_first_name(following.text) \
        and following.text.lower() not in w.never and not rules.lexicon.is_common(following.text)


# Words before a month that make it a date: "in May", "i maj", "since June".
_TIME_PREPOSITIONS = frozenset("in on of since until till by during before after from "
                               "i på om sedan till under efter före från".split())


def lower_in(token: Token, words: frozenset[str]) -> bool:
    return token.text.lower() in words


def _person_genitive(token: Token, rules: Rules) -> bool:
    base = rules.base(token.text)
    return base != token.text and base not in rules.lexicon.places and (
        base.lower().endswith(rules.words.surname_endings) or base in rules.lexicon.first_names)


def _classify_piece(run: Run, rules: Rules) -> list[Found]:
    toks = list(run.tokens)
    if any("-" in t.text and not _all_capitalised(t.text) for t in toks):
        return _compound(toks, rules)
    titled = False
    before = run.before
    while toks and rules.base(toks[0].text).lower().rstrip(".") in rules.words.titles:
        titled, before = True, toks[0].text.lower()
        toks = toks[1:]
    if toks and run.initial and not titled and not _opens_a_name(toks, rules):
        before = toks[0].text.lower()
        toks = toks[1:]
    while toks and toks[0].acronym and _common_acronym(toks[0].text, rules) and len(toks) > 1:
        before, toks = toks[0].text.lower(), toks[1:]
    if not toks:
        return []
    if len(toks) == 1 and toks[0].acronym:
        return _acronym(toks[0], rules)
    words = tuple(t.text for t in toks)
    end = toks[-1].end
    finished_by = _finishing_kind(run, toks[-1], rules)
    if finished_by:
        return [Found(toks[0].start, end + 1 + len(run.after), (*words, run.after),
                      finished_by, True)]
    if len(toks) == 1 and not titled and _common_word(toks[0].text, before, rules):
        return []
    kind, sure = _kind(toks, titled, before, run, rules)
    if kind == PERSON and before == "the" and not titled:
        return []  # "the Mary Ellen": a boat, a pub, a house, not a person
    if _owned(run, before, toks, rules):
        return []  # "sin gamla Volvo", "a Ford": a thing someone has, not a name of one
    title = before.rstrip(".") if titled or before in rules.words.titles else ""
    return [Found(toks[0].start, end, words, kind, sure, title)]


def _owned(run: Run, before: str, toks: list[Token], rules: Rules) -> bool:
    w = rules.words
    first = rules.base(toks[0].text)
    if before != run.before or first in rules.lexicon.local_names or \
            rules.is_first_name(first) or first in rules.lexicon.places:
        return False  # "min Monica", "their London office": a person, a place
    if before in w.determiners:
        return True
    return run.before2 in w.determiners and before.isalpha() and before.islower() and \
        before not in w.place_prepositions and not _ends_with(
            before, w.person_cues | w.place_cues | w.organisation_cues | w.titles)


def _finishing_kind(run: Run, last: Token, rules: Rules) -> str:
    """The kind a lower-case word after the name gives it ("Svenska kyrkan"), or ""."""
    if last is not run.tokens[-1] or not run.after:
        return ""
    language = rules.language[:2]
    if run.after in _ORG_AFTER.get(language, ()):
        return ORGANISATION
    if run.after in _PLACE_AFTER.get(language, ()):
        return PLACE
    return ""


def _compound(toks: list[Token], rules: Rules) -> list[Found]:
    """A hyphenated word with a common-noun part: "IT-stöd" is none, "EU-kommissionen" is the
    organisation when its acronym is a name."""
    if len(toks) != 1:
        return []
    head = toks[0].text.split("-")[0]
    if len(head) >= 2 and head.isupper() and not _common_acronym(head, rules):
        return [Found(toks[0].start, toks[0].end, (toks[0].text,), ORGANISATION, False)]
    return []


def _common_acronym(text: str, rules: Rules) -> bool:
    return text in COMMON_ACRONYMS or text in rules.abbreviations


def _all_capitalised(word: str) -> bool:
    return all(part[:1].isupper() for part in word.split("-"))


def _ends_with(word: str, cues: frozenset[str]) -> bool:
    """``word`` is a cue or a compound ending in one ("jämstödsmodellen"); short cues ("ån",
    "ön") only as whole words, or "från" would be a river."""
    if not word:
        return False
    if word in cues:
        return True
    return any(word[i:] in cues for i in range(1, len(word) - 3))


def _opens_a_name(toks: list[Token], rules: Rules) -> bool:
    """Is the capitalised word that opens a sentence a name ("Göran sa") or not ("Nåväl")?"""
    word = toks[0].text
    base = rules.base(word)
    lex = rules.lexicon
    if word in rules.known or base in rules.known:
        return True
    if lex.is_common(word) or lex.is_common(base) or word.lower() in lex.common:
        return len(toks) > 1 and base in lex.first_names  # "Will Smith", not "When Geoffrey"
    if toks[0].acronym:
        return True
    if base in lex.first_names or base in lex.places or base in lex.proper:
        return True
    # Swedish opens a sentence with a common word; one the dictionary cannot explain even as an
    # inflection or a compound ("Stratsys lanserade …") is taken for a name.
    return rules.language.startswith("sv") and len(word) >= 3 and not lex.looks_common(word)


def _common_word(word: str, before: str, rules: Rules) -> bool:
    """A lone capitalised common noun mid-sentence ("det första Nyhetsbrev") is no name."""
    lex = rules.lexicon
    base = rules.base(word)
    if base in rules.known or base in lex.first_names or base in lex.places:
        return False
    if base.lower() in rules.words.place_words | rules.words.organisation_words:
        return False  # "the Minster", "the Council": a building or a body named by a noun
    if rules.language.startswith("sv"):
        # Swedish capitalises no common noun mid-sentence, so a capital there makes a name,
        # unless it titles something after an acronym ("det första KLF Nyhetsbrev").
        return before.upper() in COMMON_ACRONYMS or before.upper() in rules.abbreviations
    if before in rules.words.place_prepositions:
        return False  # "to Tilbury", "in Reading": English capitalises no common noun there
    cues = rules.words.person_cues | rules.words.place_cues | rules.words.organisation_cues
    return base.lower() in lex.common and not _ends_with(before, cues)


def _acronym(token: Token, rules: Rules) -> list[Found]:
    if _common_acronym(token.text, rules):
        return []
    kind = PLACE if token.text in rules.lexicon.places else ORGANISATION
    return [Found(token.start, token.end, (token.text,), kind, kind == PLACE)]


def _kind(toks: list[Token], titled: bool, before: str, run: Run,
          rules: Rules) -> tuple[str, bool]:
    w, lex = rules.words, rules.lexicon
    bases = [rules.base(t.text) for t in toks]
    lowered = {t.text.lower() for t in toks} | {b.lower() for b in bases} | {
        t.text.lower().rsplit("-", 1)[-1] for t in toks if "-" in t.text}  # "…-Kuriren"
    if titled or _ends_with(before, w.person_cues):
        return PERSON, True
    if any(t.text == "&" for t in toks):
        return ORGANISATION, True  # "Ernst & Young", "Harland & Sons": a firm
    head = bases[0].lower()
    if len(toks) > 1 and head.endswith(w.place_bound_endings + w.organisation_endings):
        return ORGANISATION, True  # "Handelshögskolan i Stockholm"
    if len(toks) > 1 and bases[-1].lower() in w.place_words:
        return PLACE, True  # the last word is the head of a name: "Church Street"
    if lowered & w.organisation_words or toks[-1].text.lower().endswith(_BUSINESS_ENDINGS):
        return ORGANISATION, True
    if _ends_with(before, w.organisation_cues):
        return ORGANISATION, True
    if _ends_with(before, w.place_cues) or lowered & w.place_words:
        return PLACE, True
    told = _apposition_kind(run, rules)
    if told and not (len(toks) > 1 and rules.is_first_name(toks[0].text)):
        return told, True
    name = " ".join(bases)
    if len(toks) > 1:
        return _kind_of_many(toks, bases, name, before, rules)
    return _kind_of_one(bases[0], before, rules)


# The definite nouns that end the name of a street or a square (Swedish): a place.
_STREET_ENDINGS = ("gatan", "vägen", "torget", "gränd", "gränden", "allén", "stigen",
                   "esplanaden", "kajen", "promenaden")
_ARTICLES = frozenset("a an the one en ett den det".split())


def _apposition_kind(run: Run, rules: Rules) -> str:
    """The kind an apposition after a comma tells: "the Old Duke, a jazz pub", "Stratsys, ett
    IT-företag", "Hartley Brothers, a small law firm"."""
    w = rules.words
    words = run.apposition
    if not words:
        return ""
    if words[0] in _ARTICLES:
        words = words[1:]
    elif len(words) > 1:
        words = words[:1]  # "Gröna Kullen, stadshuset": a bare noun right after the comma
    for word in words:
        noun = word.split("-")[-1]
        if noun in w.organisation_cues or noun in w.organisation_words or _ends_with(
                noun, w.organisation_cues):
            return ORGANISATION
        if noun in w.place_cues or noun in w.place_words or _ends_with(noun, w.place_cues):
            return PLACE
        if noun in w.person_cues or _ends_with(noun, w.person_cues):
            return PERSON
    return ""


def _kind_of_many(toks, bases, name: str, before: str, rules: Rules) -> tuple[str, bool]:
    lex, w = rules.lexicon, rules.words
    if name in lex.places:
        return PLACE, True
    last = bases[-1]
    # Surnames are often common words ("Ek", "Berg", "Strand"): after a first name anything
    # but a place ("Alfa Laval") is taken for one.
    surname_like = last.lower().endswith(w.surname_endings) or last in lex.first_names or \
        last not in lex.places
    if rules.is_first_name(toks[0].text) and surname_like:
        return PERSON, True
    if last.lower().endswith(_STREET_ENDINGS):
        return PLACE, True  # "Norra Ringvägen", "Lilla Torget"
    if toks[0].acronym:
        return ORGANISATION, False
    if before in w.place_prepositions and (last in lex.places or bases[0] in lex.places):
        return PLACE, False
    return ORGANISATION, False


def _kind_of_one(base: str, before: str, rules: Rules) -> tuple[str, bool]:
    lex, w = rules.lexicon, rules.words
    after_preposition = before in w.place_prepositions
    if w.organisation_endings and base.lower().endswith(w.organisation_endings) and \
            base not in lex.places:
        return ORGANISATION, True
    if base in lex.places and (after_preposition or base not in lex.local_names):
        return PLACE, True
    if rules.is_first_name(base):
        return PERSON, True
    lower = base.lower()
    if lower.endswith(w.surname_endings) and not after_preposition:
        return PERSON, False
    if after_preposition or lower.endswith(w.place_endings):
        return PLACE, False
    if base in lex.proper and rules.language.startswith("en") and before != "the":
        return PERSON, False  # Webster's proper nouns are mostly surnames and places
    return ORGANISATION, False
