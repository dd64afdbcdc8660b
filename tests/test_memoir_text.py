"""Every sentence of the author's text reaches every output, verbatim and in order."""

from __future__ import annotations

import zipfile

from lxml import etree

from conftest import SEED, seed_sentences
from pdftext import body_text
from textnorm import missing_in_order


def test_seed_has_the_sentences_we_expect():
    sentences = seed_sentences()
    assert sentences[0] == "Memoarer – KLF"
    assert sentences[-1] == "…och du, jag är fortfarande lika engagerad 😉"
    assert "Dela:" not in sentences and SEED.is_file()


def test_content_files_hold_every_sentence(memoir_root):
    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in sorted((memoir_root / "content").glob("*.md")))
    assert "Dela:" not in text
    assert missing_in_order(seed_sentences()[1:], text) == []


def test_pdf_holds_every_sentence_in_order(memoir_outputs):
    text = body_text(memoir_outputs["pdf"])
    assert missing_in_order(seed_sentences(), text) == []


def test_html_holds_every_sentence_in_order(memoir_outputs):
    tree = etree.HTML(memoir_outputs["html"].read_bytes())
    text = "".join(tree.find("body").itertext())
    assert missing_in_order(seed_sentences(), text) == []


def test_epub_spine_holds_every_sentence_in_order(memoir_outputs):
    with zipfile.ZipFile(memoir_outputs["epub"]) as epub:
        opf_name = next(n for n in epub.namelist() if n.endswith(".opf"))
        opf = etree.fromstring(epub.read(opf_name))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", ns)}
        base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        text = ""
        for ref in opf.iterfind(".//opf:spine/opf:itemref", ns):
            doc = etree.fromstring(epub.read(base + hrefs[ref.get("idref")]))
            body = doc.find("{http://www.w3.org/1999/xhtml}body")
            text += "".join(body.itertext()) + "\n"
    assert missing_in_order(seed_sentences(), text) == []
