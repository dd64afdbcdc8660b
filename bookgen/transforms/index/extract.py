"""The register transform: every name in the text becomes a mention of a :class:`RegisterEntry`.

The text read is what the tree walkers reach in each chapter: paragraphs (in quotations and
lists too) and figure captions, and whatever block :func:`bookgen.util.tree.map_blocks`
descends into (footnotes); headings and chapter titles are not read (their running copies would
count a name twice). Two passes over the sentences' runs of capitalised words: the first
collects the words of the names the lexicons alone accept (and the acronyms the book spells out
in lower case), the second finds the names with that knowledge. Each mention gets an invisible :class:`Anchor` (``ix-1``, ``ix-2``… in
reading order) before its first letter, which the PDF's register points its page numbers at
and the EPUB's register links to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bookgen import model as m
from bookgen.errors import BookError
from bookgen.transforms.index import settings as authored
from bookgen.transforms.index.classify import Rules, classify
from bookgen.transforms.index.collate import sort_key
from bookgen.transforms.index.find import runs
from bookgen.transforms.index.lexicon_cache import cached_lexicon, remember
from bookgen.transforms.index.resolve import Located, resolve
from bookgen.transforms.index.words import words_for
from bookgen.transforms.timeline.inlines import flatten, insert_anchors
from bookgen.transforms.timeline.sentences import split_sentences
from bookgen.util.tree import map_blocks

_SPELLED_OUT = re.compile(r"\b[a-zåäöéü][\w-]+\s*\((?P<acronym>[A-ZÅÄÖ]{2,})\)")


@dataclass(frozen=True)
class _Text:
    """One run of inline text the register reads: a paragraph, a caption."""

    section: int
    number: int          # its place among the section's texts, in map_blocks order
    text: str
    source: m.SourceRef


def extract_register(book: m.Book) -> m.Book:
    if not book.metadata.index.enabled:
        return book
    try:
        return _extract(book)
    except BookError:
        raise
    except Exception as error:  # a bug must still reach the user as a book problem
        raise BookError(f"register extraction failed: {error!r}") from error


def _extract(book: m.Book) -> m.Book:
    texts = [t for n, s in enumerate(book.sections) for t in _texts(n, s)]
    language = book.metadata.language
    lexicon = cached_lexicon(book.root, language)
    rules = Rules(lexicon, words_for(language), language, frozenset(),
                  _abbreviations(texts))
    text_runs = [_runs(t, rules) for t in texts]
    rules = replace(rules, known=_names_found_alone(text_runs, rules))
    control = authored.Control(book)
    located: list[Located] = []
    for text, found_runs in zip(texts, text_runs):
        section = book.sections[text.section]
        found = control.adjust(section, text.text, _find(found_runs, rules), rules)
        for item in found:
            anchor = f"ix-{len(located) + 1}"
            source = _line(text, item.start)
            mention = m.Mention(section.id, source, anchor, text.text[item.start:item.end]
                                .replace("\n", " "))
            located.append(Located(len(located), item, mention, control.aliases(section)))
            control.place(text, item.start, anchor)
    entries = [e for e in resolve(located, rules, control.kinds()) if control.keeps(e)]
    entries.sort(key=lambda e: sort_key(e.sort_as, language))
    sections = tuple(_with_anchors(n, s, control.anchors) for n, s in enumerate(book.sections))
    remember(book.root, lexicon)
    return replace(book, sections=sections, register=tuple(entries))


def _texts(number: int, section: m.Section) -> list[_Text]:
    texts: list[_Text] = []

    def read(block):
        for inlines, source in _containers(block):
            texts.append(_Text(number, len(texts), flatten(inlines), source))
        return block

    map_blocks(section.blocks, read)
    return texts


def _containers(block) -> list[tuple[tuple, m.SourceRef]]:
    """The inline texts of one block that the register reads."""
    if isinstance(block, m.Heading):
        return []
    if isinstance(block, m.Figure):
        return [(block.caption, block.source)] if block.caption else []
    inlines = getattr(block, "inlines", None)
    if isinstance(inlines, tuple):
        return [(inlines, block.source)]
    return []


def _runs(text: _Text, rules: Rules) -> list:
    return [run for start, end in split_sentences(text.text)
            for run in runs(text.text, start, end, rules.words)]


def _find(text_runs: list, rules: Rules):
    return [found for run in text_runs for found in classify(run, rules)]


def _abbreviations(texts: list[_Text]) -> frozenset[str]:
    """Acronyms the book spells out in lower case: "kommunledningsförvaltningen (KLF)"."""
    return frozenset(m.group("acronym") for t in texts for m in _SPELLED_OUT.finditer(t.text))


def _names_found_alone(text_runs: list[list], rules: Rules) -> frozenset[str]:
    """The words of every name the lexicons alone find: "O’Neill" of "Jim O’Neill" is then a
    name when it opens a sentence too."""
    names: set[str] = set()
    for found_runs in text_runs:
        for found in _find(found_runs, rules):
            if found.sure or len(found.words) > 1:
                names.update(rules.base(w) for w in found.words)
    return frozenset(names)


def _line(text: _Text, offset: int) -> m.SourceRef:
    if text.source.line is None:
        return text.source
    return m.SourceRef(text.source.path, text.source.line + text.text.count("\n", 0, offset))


def _with_anchors(number: int, section: m.Section, anchors) -> m.Section:
    wanted = {key[1]: offsets for key, offsets in anchors.items() if key[0] == number}
    if not wanted:
        return section
    counter = [0]

    def put(block):
        containers = _containers(block)
        if not containers:
            return block
        index = counter[0]
        counter[0] += 1
        if index not in wanted:
            return block
        if isinstance(block, m.Figure):
            return replace(block, caption=insert_anchors(block.caption, wanted[index]))
        return replace(block, inlines=insert_anchors(block.inlines, wanted[index]))

    return replace(section, blocks=map_blocks(section.blocks, put))
