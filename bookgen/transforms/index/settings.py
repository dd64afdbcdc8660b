"""The author's control over the register: book.toml ``[index]`` and a chapter's ``index:``.

- ``exclude``: names (or forms as written) that are not entries; in a chapter, only there.
- ``include``: words the rules missed ("twitter"); every occurrence becomes a mention.
- ``aliases``: a form as written → the full name it means ("Göran" → "Göran Dahlström").
- ``kind``: a name → person, place or organisation.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bookgen import model as m
from bookgen.transforms.index.classify import PERSON, Found, Rules


class Control:
    def __init__(self, book: m.Book):
        self.book = book.metadata.index
        self.anchors: dict[tuple[int, int], dict[int, list[str]]] = defaultdict(
            lambda: defaultdict(list))
        self._kinds = dict(self.book.kinds)
        for section in book.sections:
            if section.index:
                self._kinds.update(section.index.kinds)

    def _of(self, section: m.Section) -> list[m.IndexSettings]:
        return [self.book, section.index] if section.index else [self.book]

    def aliases(self, section: m.Section) -> dict[str, str]:
        merged: dict[str, str] = {}
        for settings in self._of(section):
            merged.update(settings.aliases)
        return merged

    def kinds(self) -> dict[str, str]:
        return self._kinds

    def adjust(self, section: m.Section, text: str, found: list[Found],
               rules: Rules) -> list[Found]:
        """``found`` less the excluded names, plus the included ones, in text order."""
        settings = self._of(section)
        excluded = {name for s in settings for name in s.exclude}
        kept = [f for f in found if not _names(f, rules) & excluded]
        for s in settings:
            for name in s.include:
                kept.extend(self._included(name, text, kept))
        return sorted(kept, key=lambda f: f.start)

    def _included(self, name: str, text: str, found: list[Found]) -> list[Found]:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        kind = self._kinds.get(name, PERSON)
        added = []
        for match in pattern.finditer(text):
            if not any(f.start <= match.start() < f.end for f in (*found, *added)):
                added.append(Found(match.start(), match.end(), tuple(name.split()), kind, True))
        return added

    def place(self, text, start: int, anchor: str) -> None:
        self.anchors[(text.section, text.number)][start].append(anchor)

    def keeps(self, entry: m.RegisterEntry) -> bool:
        return entry.name not in self.book.exclude


def _names(found: Found, rules: Rules) -> set[str]:
    written = " ".join(found.words)
    return {written, " ".join((*found.words[:-1], rules.base(found.words[-1])))}
