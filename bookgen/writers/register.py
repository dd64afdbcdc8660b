"""The register's data for the templates: persons, places and organisations, each entry with its
locators. Without pages (the HTML, the EPUB, the PDF's first pass) every mention is a locator;
with the pages each mention was laid out on (the PDF's second pass) the pages are merged into
ranges ("12–14"), each linking to the first mention of its range.
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
                     pages: dict[str, int] | None = None) -> dict:
    lists = []
    for kind, list_id, word in LISTS:
        entries = [{"name": e.sort_as, "refs": _refs(e, href, pages)}
                   for e in book.register if e.kind == kind]
        if entries:
            lists.append({"id": list_id, "title": strings.get(word, word), "entries": entries})
    return {"lists": lists}


def _refs(entry: m.RegisterEntry, href, pages: dict[str, int] | None) -> list[dict]:
    if pages is None:
        return [{"href": href(mention), "text": ""} for mention in entry.mentions]
    first_on: dict[int, m.Mention] = {}
    for mention in entry.mentions:
        page = pages.get(mention.anchor)
        if page is not None:
            first_on.setdefault(page, mention)
    refs = []
    for start, end in page_ranges(list(first_on)):
        text = str(start) if start == end else f"{start}{DASH}{end}"
        refs.append({"href": href(first_on[start]), "text": text})
    return refs
