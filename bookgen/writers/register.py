"""The register's data for the templates: persons, places and organisations, each entry with its
locators. In the EPUB every mention is a locator that reads as the chapter's number and which
mention of the name it is there ("2.1", "2.2"), the chapter's title as its tooltip; in the HTML
(and so the PDF's first layout) a locator is a chapter's number, linking to the first mention
there; with the pages each mention was laid out on (the PDF's second layout of the register)
the pages are merged into ranges ("12–14"), each linking to the first mention of its range.

The first layout carries no ``target-counter()``: WeasyPrint resolves those by laying pages
out again, and 2 000 of them made a 300-page book five times slower.
"""

from __future__ import annotations

from collections.abc import Callable

from bookgen import model as m
from bookgen.transforms.index.collate import page_ranges

LISTS = (("person", "register-persons", "register_persons"),
         ("place", "register-places", "register_places"),
         ("organisation", "register-organisations", "register_organisations"))
DASH = "\u2013"


def register_context(book: m.Book, strings: dict[str, str], href: Callable[[m.Mention], str],
                     pages: dict[str, int] | None = None, per_chapter: bool = False) -> dict:
    """The lists for the templates; ``per_chapter``: one locator per chapter (the HTML and the
    PDF's first layout), else one per mention (the EPUB), or merged pages with ``pages``."""
    lists = []
    numbers = chapter_numbers(book)
    titles = {s.id: s.title for s in book.sections}
    for kind, list_id, word in LISTS:
        entries = [{"name": e.sort_as, "refs": _chapter_refs(e, href, numbers, titles)
                    if per_chapter and pages is None else _refs(e, href, pages, numbers, titles)}
                   for e in book.register if e.kind == kind]
        if entries:
            lists.append({"id": list_id, "title": strings.get(word, word), "entries": entries})
    return {"lists": lists, "title": strings.get("register", "Register"),
            "id": lists[0]["id"] if lists else ""}


def _refs(entry: m.RegisterEntry, href, pages: dict[str, int] | None,
          numbers: dict[str, str], titles: dict[str, str]) -> list[dict]:
    if pages is None:
        return [{"href": href(mention), "text": label, "title": titles.get(mention.section_id, "")}
                for label, mention in chapter_labels(entry, numbers)]
    refs = []
    for start, end, mention in _page_refs(entry, pages):
        text = str(start) if start == end else f"{start}{DASH}{end}"
        refs.append({"href": href(mention), "text": text, "title": ""})
    return refs


def _page_refs(entry: m.RegisterEntry, pages: dict[str, int]):
    """Each run of pages an entry's mentions are on, with the first mention of the run."""
    first_on: dict[int, m.Mention] = {}
    for mention in entry.mentions:
        page = pages.get(mention.anchor)
        if page is not None:
            first_on.setdefault(page, mention)
    return [(start, end, first_on[start]) for start, end in page_ranges(list(first_on))]


def linked_anchors(book: m.Book, pages: dict[str, int]) -> set[str]:
    """The mentions the register with merged ``pages`` links to (the first of each run)."""
    return {mention.anchor for entry in book.register
            for _, _, mention in _page_refs(entry, pages)}


def _chapter_refs(entry: m.RegisterEntry, href, numbers: dict[str, str],
                  titles: dict[str, str]) -> list[dict]:
    first: dict[str, m.Mention] = {}
    for mention in entry.mentions:
        first.setdefault(mention.section_id, mention)
    return [{"href": href(x), "text": numbers.get(x.section_id, ""),
             "title": titles.get(x.section_id, "")} for x in first.values()]


def chapter_numbers(book: m.Book) -> dict[str, str]:
    """Section id → the number its heading prints; a section without one (a foreword, an
    afterword) is named by its title's first word."""
    numbers, count = {}, 0
    for section in book.sections:
        if getattr(section, "numbered", True):
            count += 1
            numbers[section.id] = str(count)
        else:
            numbers[section.id] = (section.title.split() or ["§"])[0]
    return numbers


def chapter_labels(entry: m.RegisterEntry, numbers: dict[str, str]):
    """Each mention's locator where there are no pages: the chapter's number and which mention
    of the name it is in that chapter ("2.1", "2.2"), in reading order."""
    counts: dict[str, int] = {}
    for mention in entry.mentions:
        counts[mention.section_id] = counts.get(mention.section_id, 0) + 1
        yield f"{numbers.get(mention.section_id, '')}.{counts[mention.section_id]}", mention
