"""The EPUB's long words carry soft hyphens from the PDF's patterns (most reading systems have no
Swedish hyphenation); taking them out gives the text exactly as written (search, copy-paste)."""

from __future__ import annotations

import zipfile

from lxml import etree

from bookgen.writers.hyphenate import SOFT_HYPHEN, soft_hyphens

NS = {"h": "http://www.w3.org/1999/xhtml"}


def test_long_words_get_soft_hyphens_and_short_ones_none():
    text = soft_hyphens("Jag blev förvaltningschef på kommunledningsförvaltningen i maj.", "sv")
    assert text.replace(SOFT_HYPHEN, "") == \
        "Jag blev förvaltningschef på kommunledningsförvaltningen i maj."
    assert "kom\u00admun" in text and "maj" in text and "Jag" in text
    assert soft_hyphens("kommunledningsförvaltningen", "xx") == "kommunledningsförvaltningen"


def test_the_memoir_epub_has_soft_hyphens_only_in_running_text(memoir_outputs):
    with zipfile.ZipFile(memoir_outputs["epub"]) as epub:
        names = [n for n in epub.namelist() if n.endswith(".xhtml")]
        trees = {n: etree.fromstring(epub.read(n)) for n in names}
    paragraphs = [p for t in trees.values() for p in t.xpath("//h:p", namespaces=NS)]
    hyphenated = [p for p in paragraphs if SOFT_HYPHEN in "".join(p.itertext())]
    assert len(hyphenated) > 10
    for tree in trees.values():  # no soft hyphen in titles, the contents or metadata
        for element in tree.xpath("//h:title | //h:nav//h:a | //h:h1", namespaces=NS):
            assert SOFT_HYPHEN not in "".join(element.itertext())


def test_a_phone_column_is_set_ragged_right(memoir_outputs):
    import re

    with zipfile.ZipFile(memoir_outputs["epub"]) as epub:
        css = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    narrow = re.search(r"@media \(max-width: 30em\)\s*\{\s*p\s*\{\s*text-align:\s*left", css)
    assert narrow and "text-align: justify" in css
