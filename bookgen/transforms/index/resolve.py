"""Mentions → register entries: "Göran Dahlström", later "Göran", "Dahlströms" are one person.

A person named in full (first name and surname) lends both parts to later and earlier mentions
of either alone, in the genitive too; when two people share a part, a lone part goes to the one
named in full most recently before it (or else first after it), among those of the gender
a title before it says ("Mr Whitaker", "fru Lundgren") when their first names tell. Every other name is an entry
of its own under its form without the genitive, with the kind most of its mentions were given.
The author's aliases ("Göran" → "Göran Dahlström") and kinds come first.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from bookgen.model import Mention, RegisterEntry
from bookgen.transforms.index.classify import PERSON, Found, Rules


@dataclass(frozen=True)
class Located:
    """A found name with its place in the book: reading order, section, source, anchor."""

    order: int
    found: Found
    mention: Mention
    aliases: dict            # the aliases in force where it stands (book's and chapter's)


def resolve(found: list[Located], rules: Rules, kinds: dict[str, str]) -> list[RegisterEntry]:
    full_names = _full_names(found, rules)
    parts = _parts(full_names)
    singles = {rules.base(i.found.words[0]) for i in found if len(i.found.words) == 1}
    entries: dict[str, list[Located]] = defaultdict(list)
    votes: dict[str, Counter] = defaultdict(Counter)
    for item in found:
        name = _name_of(item, rules, parts)
        if rules.language.startswith("sv") and name.endswith("s") and name[:-1] in singles:
            name = name[:-1]  # "Mälarenergis" when the book also writes "Mälarenergi"
        entries[name].append(item)
        weight = 3 if name in full_names else (2 if item.found.sure else 1)
        votes[name][PERSON if name in full_names else item.found.kind] += weight
    result = []
    for name, items in entries.items():
        kind = kinds.get(name) or votes[name].most_common(1)[0][0]
        result.append(RegisterEntry(name, kind, sort_form(name, kind, rules),
                                    tuple(i.mention for i in sorted(items, key=lambda i: i.order))))
    return result


def _full(item: Located, rules: Rules) -> str:
    words = item.found.words
    return " ".join((*words[:-1], rules.base(words[-1])))


def _full_names(found: list[Located], rules: Rules) -> dict[str, list[int]]:
    """Each person named with two or more words → the reading orders where they are."""
    names: dict[str, list[int]] = defaultdict(list)
    for item in found:
        if item.found.kind == PERSON and len(item.found.words) > 1 and not _aliased(item, rules):
            names[_full(item, rules)].append(item.order)
    return names


def _parts(full_names: dict[str, list[int]]) -> dict[str, list[tuple[str, list[int]]]]:
    parts: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
    for name, orders in full_names.items():
        words = name.split()
        for part in {words[0], words[-1], *words[0].split("-")}:
            parts[part].append((name, orders))
    return parts


def _aliased(item: Located, rules: Rules) -> str:
    words = item.found.words
    for form in (" ".join(words), _full(item, rules), rules.base(words[0])):
        if form in item.aliases:
            return item.aliases[form]
    return ""


def _name_of(item: Located, rules: Rules, parts) -> str:
    alias = _aliased(item, rules)
    if alias:
        return alias
    words = item.found.words
    if len(words) > 1:
        return _full(item, rules)
    base = rules.base(words[0])
    for form in (words[0], base, words[0].rstrip("s")):
        if form in parts:
            return _nearest(_of_gender(parts[form], item.found.title, rules), item.order)
    return base


# Titles that say a man or a woman: "Mr Whitaker" among Hugh, Alison and May Whitaker.
MALE_TITLES = frozenset("mr sir lord king prince count father brother uncle herr kung prins "
                        "prinsen kungen greve farbror morbror".split())
FEMALE_TITLES = frozenset("mrs ms miss lady dame queen princess countess sister aunt auntie "
                          "fru fröken drottning drottningen prinsessan grevinnan moster "
                          "faster".split())


def _of_gender(people: list[tuple[str, list[int]]], title: str, rules: Rules):
    """The people a title's gender allows (by their first names), or all when none is left."""
    if title in MALE_TITLES:
        names = rules.lexicon.male
    elif title in FEMALE_TITLES:
        names = rules.lexicon.female
    else:
        return people
    kept = [(name, orders) for name, orders in people if name.split()[0] in names]
    return kept or people


def _nearest(people: list[tuple[str, list[int]]], order: int) -> str:
    """The person named in full most recently before ``order``, else the first after it."""
    best, best_before, best_after = people[0][0], -1, None
    for name, orders in people:
        i = bisect_right(orders, order)
        if i and orders[i - 1] > best_before:
            best, best_before = name, orders[i - 1]
        elif not i and best_before < 0 and (best_after is None or orders[0] < best_after):
            best, best_after = name, orders[0]
    return best


def sort_form(name: str, kind: str, rules: Rules) -> str:
    """How the register writes a name: "Dahlström, Göran" for a person, else as it is."""
    words = name.split()
    if kind != PERSON or len(words) < 2:
        return name
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in rules.words.particles:
        cut -= 1
    return f"{' '.join(words[cut:])}, {' '.join(words[:cut])}"
