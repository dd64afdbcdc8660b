"""Text keeps its meaning: a paragraph that starts with a year and a full stop is a paragraph (not
an ordered list numbered from that year), and dialogue lines written one per line stay lines of
speech, each its own paragraph. In the model, the PDF, the EPUB, and without a word from check."""

from __future__ import annotations

import zipfile

from lxml import etree

from bookgen import model as m
from bookgen.api import build, check
from bookgen.readers.markdown import parse_blocks, years_are_not_lists
from tests.pdftext import body_text

YEAR = "1968. Det året tog jag studenten.\nSedan flyttade jag till Uppsala.\n"
DIALOGUE = "Hon tittade upp.\n– Kommer du i morgon?\n– Ja, svarade jag.\nSedan gick vi hem.\n"


def _texts(blocks) -> list[str]:
    return ["".join(n.text if isinstance(n, m.Text) else " " for n in b.inlines) for b in blocks]


def test_a_year_and_a_full_stop_start_a_paragraph():
    blocks = parse_blocks(YEAR + "\n2001) Ett annat år.\n\n> 1975. I ett citat.\n", "a.md", 0)
    assert [type(b) for b in blocks] == [m.Paragraph, m.Paragraph, m.BlockQuote]
    assert _texts(blocks[:2]) == ["1968. Det året tog jag studenten. Sedan flyttade jag till "
                                  "Uppsala.", "2001) Ett annat år."]
    assert blocks[0].source.line == 1 and blocks[1].source.line == 4


def test_real_lists_and_code_are_left_alone():
    blocks = parse_blocks("1. ett\n2. två\n\n```\n1999. kod\n```\n\n    2004. indrag\n", "a.md", 0)
    assert isinstance(blocks[0], m.ListBlock) and blocks[0].ordered
    assert blocks[1].text == "1999. kod\n" and blocks[2].text == "2004. indrag\n"
    assert years_are_not_lists("a\n1968. b\n").count("\n") == 2  # lines never move


def test_dialogue_lines_are_each_a_paragraph():
    blocks = parse_blocks(DIALOGUE + "\n– Ensam replik.\n", "a.md", 10)
    assert _texts(blocks) == ["Hon tittade upp.", "– Kommer du i morgon?", "– Ja, svarade jag.",
                              "Sedan gick vi hem.", "– Ensam replik."]
    assert [b.source.line for b in blocks] == [11, 12, 13, 14, 16]


def test_one_sentence_per_line_is_still_one_paragraph():
    blocks = parse_blocks("Första meningen.\nAndra meningen – med tankstreck.\n", "a.md", 0)
    assert len(blocks) == 1


def test_the_year_paragraph_in_the_pdf_and_the_epub(book_copy, tmp_path):
    root = book_copy("mini-sv")
    chapter = root / "content" / "02-slutet.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + YEAR + "\n" + DIALOGUE,
                       encoding="utf-8")
    report = check(root, external=False)
    # (the timeline may ask to confirm a date it guessed; nothing else is said about the text)
    assert report.ok and not [f for f in report.findings if f.check != "timeline"], \
        report.findings
    outputs = build(root, ["pdf", "epub"], {"pdf": tmp_path / "b.pdf",
                                             "epub": tmp_path / "b.epub"})
    text = " ".join(body_text(outputs["pdf"]).split())
    assert "1968. Det året tog jag studenten." in text
    with zipfile.ZipFile(outputs["epub"]) as epub:
        name = next(n for n in epub.namelist() if "slutet" in n and n.endswith(".xhtml"))
        tree = etree.fromstring(epub.read(name))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    assert not tree.xpath("//h:ol", namespaces=ns)
    paragraphs = [" ".join("".join(p.itertext()).replace("\u00ad", "").split())
                  for p in tree.xpath("//h:p", namespaces=ns)]  # without the soft hyphens
    assert any(p.startswith("1968. Det året") for p in paragraphs)
    assert "– Kommer du i morgon?" in paragraphs and "– Ja, svarade jag." in paragraphs
