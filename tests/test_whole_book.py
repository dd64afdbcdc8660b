"""A whole memoir (issue 12): parts, kinds of section, footnotes, verse and tables, read from
tests/roots/whole-sv and whole-en and checked in the PDF and the EPUB as a reader meets them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bookgen import model as m
from bookgen.api import build
from bookgen.preflight.validators import run_epubcheck
from bookgen.readers import read_book
from bookgen.util.tree import plain_text, walk_blocks

ROOTS = Path(__file__).resolve().parent / "roots"
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/", "opf": "http://www.idpf.org/2007/opf"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="session")
def whole(tmp_path_factory):
    """Both books built once: name → {"pdf": path, "epub": path, "html": path, "book": Book}."""
    made = {}
    for name in ("whole-sv", "whole-en"):
        out = tmp_path_factory.mktemp(name)
        paths = {k: out / f"book.{k}" for k in ("html", "pdf", "epub")}
        warnings: list = []
        made[name] = {**build(ROOTS / name, list(paths), paths, on_warning=warnings.append),
                      "book": read_book(ROOTS / name), "warnings": warnings}
    return made


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    document.close()
    return texts


def page_of(texts: list[str], needle: str) -> int:
    """The 1-based page holding ``needle`` (whitespace and hyphenation-proof)."""
    squeeze = "".join(needle.split())
    hits = [n for n, t in enumerate(texts, 1)
            if squeeze in "".join(t.replace("\u00ad", "").replace("-", "").split())]
    assert hits, f"{needle!r} is on no page"
    return hits[0]


# ---------------------------------------------------------------- the reader


def test_parts_hold_their_chapters_in_reading_order(whole):
    book = whole["whole-sv"]["book"]
    assert [s.id for s in book.sections] == [
        "dedikation", "motto", "forord", "byn", "skolan", "fabriken", "facket", "efterord",
        "tack", "bilaga"]
    assert [(p.title, p.sections, p.number) for p in book.parts] == [
        ("Barndomen", ("byn", "skolan"), 1), ("Arbetslivet", ("fabriken", "facket"), 2)]
    assert plain_text(book.parts[0].blocks[0].inlines) == "Åren i byn, 1948–1962."
    assert book.parts[1].blocks == ()  # no part.md: the title is the folder's name
    assert book.chapter_numbers == {"byn": 1, "skolan": 2, "fabriken": 3, "facket": 4}
    assert [s.kind for s in book.sections][:3] == ["dedication", "epigraph", "foreword"]


def test_footnotes_verse_and_tables_become_nodes(whole):
    book = whole["whole-sv"]["book"]
    byn = next(s for s in book.sections if s.id == "byn")
    notes = [b for b in byn.blocks if isinstance(b, m.Footnote)]
    assert [n.number for n in notes] == [1, 2, 3]
    assert len(notes[1].blocks) == 2 and notes[1].source == m.SourceRef(
        "content/02-barndomen/01-byn.md", 22)
    verse = next(b for b in byn.blocks if isinstance(b, m.Verse))
    assert [len(stanza) for stanza in verse.stanzas] == [2, 2]
    assert [line.indent for line in verse.stanzas[0]] == [0, 2]
    table = next(b for s in book.sections for b in s.blocks if isinstance(b, m.Table))
    assert table.align == ("left", "left", "right") and len(table.rows) == 3
    # the image beside the chapter's own file, written relative to content/
    figure = next(b for b in byn.blocks if isinstance(b, m.Figure))
    assert figure.image.src == "02-barndomen/bilder/baten.png"


def test_typography_and_the_timeline_read_notes_and_verse(whole):
    book = whole["whole-en"]["book"]
    from bookgen.transforms import apply_transforms

    done = apply_transforms(book)
    docks = next(s for s in done.sections if s.id == "docks")
    texts = [plain_text(b.inlines) for b in walk_blocks(docks.blocks)
             if isinstance(b, (m.Paragraph, m.VerseLine))]
    assert any("“the sea gives and the sea takes”" in t for t in texts)
    assert any(e.text.startswith("In 1950 more than 600 trawlers") for e in done.events)


def test_unknown_kind_names_the_closest(book_copy):
    root = book_copy("whole-sv")
    path = root / "content" / "04-efterord.md"
    path.write_text(path.read_text("utf-8").replace("kind: afterword", "kind: afterwrod"),
                    "utf-8")
    with pytest.raises(Exception) as caught:
        read_book(root)
    assert "content/04-efterord.md:3: error: unknown kind 'afterwrod'. Did you mean " \
           "'afterword'?" in str(caught.value)


def test_a_call_without_a_note_is_an_error_and_an_unused_note_a_warning(book_copy):
    root = book_copy("whole-sv")
    path = root / "content" / "03-arbetslivet" / "02-facket.md"
    path.write_text(path.read_text("utf-8") + "\nEn gång till.[^saknas]\n\n[^over]: Ingen.\n",
                    "utf-8")
    with pytest.raises(Exception) as caught:
        read_book(root)
    text = str(caught.value)
    assert "content/03-arbetslivet/02-facket.md:12: error: footnote call [^saknas] has no note" \
        in text
    assert "content/03-arbetslivet/02-facket.md:14: warning: footnote [^over] is never called" \
        in text


def test_every_unused_file_and_folder_is_named(book_copy):
    root = book_copy("whole-sv")
    (root / "content" / "utkast.docx").write_bytes(b"PK")
    (root / "content" / "02-barndomen" / "bilder" / "oanvand.png").write_bytes(
        (ROOTS / "small-en" / "content" / "images" / "boat.png").read_bytes())
    deep = root / "content" / "02-barndomen" / "gammalt"
    deep.mkdir()
    (deep / "x.md").write_text("---\ntitle: X\n---\n\nText.\n", "utf-8")
    warnings = [str(w) for w in read_book(root).warnings]
    assert any(w.startswith("content/utkast.docx: warning: no chapter uses this file")
               for w in warnings)
    assert any(w.startswith("content/02-barndomen/bilder/oanvand.png: warning") for w in warnings)
    assert any(w.startswith("content/02-barndomen/gammalt/x.md: warning: this text is not read")
               for w in warnings)
    assert not any("baten.png" in w and "no chapter uses" in w for w in warnings)


def test_check_shows_the_unused_file(book_copy):
    import subprocess
    import sys

    root = book_copy("mini-sv")  # the smallest book: check builds it whole
    (root / "content" / "anteckningar.txt").write_text("att göra", "utf-8")
    result = subprocess.run([sys.executable, "-m", "bookgen", "check", str(root)],
                            capture_output=True, text=True, timeout=300)
    assert "content/anteckningar.txt" in result.stdout + result.stderr


def test_front_matter_kinds_cannot_sit_in_a_part(book_copy):
    root = book_copy("whole-sv")
    (root / "content" / "02-barndomen" / "00-tack.md").write_text(
        "---\ntitle: Tack\nkind: acknowledgments\n---\n\nTack.\n", "utf-8")
    with pytest.raises(Exception, match="belongs to the whole book"):
        read_book(root)


def test_a_flat_book_keeps_its_paths(tmp_path):
    """Old books: every chapter in content/, images under content/ (small-en)."""
    book = read_book(ROOTS / "small-en")
    assert book.parts == () and all(s.kind == "chapter" for s in book.sections)
    figures = [b for s in book.sections for b in walk_blocks(s.blocks) if isinstance(b, m.Figure)]
    assert figures and figures[0].image.src == "images/boat.png"


# ---------------------------------------------------------------- the PDF


def test_footnote_text_is_on_the_page_of_its_call(whole):
    for name, calls in {
        "whole-sv": [("om våren steg vattnet", "Ån heter Kävlingeån"),
                     ("Vi gick dit, vinter som sommar", "Det fanns en skolbuss"),
                     ("började jag på fabriken", "Lönen var 3 kronor"),
                     ("Arbetarna sjöng på rasterna", "inte ens för förmannen"),
                     ("Förmannen räknade", "olyckor."),
                     ("Morgon", "Lag A var mitt lag"),  # a call in a table cell
                     ("Den som kommer sent", "Det sa förmannen"),  # in a quotation
                     ("skrevs under tre vintrar", "Vintrarna 2019, 2020 och 2021")],
        "whole-en": [("fish docks from 1946", "My father counted boxes for a living"),
                     ("the sea gives and the sea takes", "He said it often"),
                     ("for my grandchildren", "They are five and seven")],
    }.items():
        texts = page_texts(whole[name]["pdf"])
        for call, note in calls:
            assert page_of(texts, call) == page_of(texts, note), (name, note)


def test_every_note_of_the_test_books_is_a_footnote(whole):
    """No note needed the fix-up (set after its paragraph): all sit at the foot of the page."""
    for name in ("whole-sv", "whole-en"):
        assert not [w for w in whole[name]["warnings"] if "does not fit" in str(w)], name


def test_dedication_and_epigraph_have_pages_of_their_own_before_the_contents(whole):
    texts = page_texts(whole["whole-sv"]["pdf"])
    dedication = page_of(texts, "Till Anna, som väntade.")
    epigraph = page_of(texts, "utan livet i dina år")
    contents = page_of(texts, "Innehåll")
    assert dedication < epigraph < contents
    assert texts[dedication - 1] == "Till Anna, som väntade."  # no heading, no folio
    assert "Tillägnan" not in " ".join(texts)  # its title is for the EPUB's navigation
    assert dedication % 2 == 1 and epigraph % 2 == 1


def test_part_pages_are_right_hand_pages_with_a_blank_back(whole):
    for name, labels in {"whole-sv": ["Del I Barndomen", "Del II Arbetslivet"],
                         "whole-en": ["Part I Youth", "Part II The Sea"]}.items():
        texts = page_texts(whole[name]["pdf"])
        for label in labels:
            squeezed = "".join(label.split()).lower()  # letter-spacing splits the label
            page = next(n for n, t in enumerate(texts, 1)
                        if "".join(t.split()).lower().startswith(squeezed))
            assert page % 2 == 1, (name, label)
            assert texts[page] == "", (name, label)  # the back is blank


def test_contents_lists_parts_with_their_chapters_and_no_dedication(whole):
    texts = page_texts(whole["whole-sv"]["pdf"])
    toc = texts[page_of(texts, "Innehåll") - 1]
    order = ["Förord", "Barndomen", "1 Byn", "2 Skolan", "Arbetslivet", "3 Fabriken",
             "4 Facket", "Efterord", "Tack", "Släkten", "Tidslinje"]
    places = [toc.find(entry) for entry in order]
    assert -1 not in places and places == sorted(places), toc
    assert "Tillägnan" not in toc and "Motto" not in toc
    assert "Förord xi" in toc  # front matter: roman folios


def test_back_matter_after_the_last_chapter_and_before_the_timeline(whole):
    texts = page_texts(whole["whole-sv"]["pdf"])
    last_chapter = page_of(texts, "Vi förhandlade i fyra veckor")
    assert last_chapter < page_of(texts, "Fabriken stängde 1998. Byggnaden") \
        < page_of(texts, "Tack till alla som läste") < page_of(texts, "Namn Född Död") \
        < page_of(texts, "Händelserna i boken i tidsordning")


# ---------------------------------------------------------------- the EPUB


class Epub:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(io.BytesIO(path.read_bytes()))

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(f"EPUB/{name}"))

    def documents(self) -> list[str]:
        return [n[5:] for n in self.zip.namelist() if n.endswith(".xhtml")]


@pytest.mark.parametrize("name", ["whole-sv", "whole-en"])
def test_epubcheck_finds_nothing(whole, name):
    assert run_epubcheck(whole[name]["epub"]) == []


def test_each_kind_has_its_epub_type_and_role(whole):
    epub = Epub(whole["whole-sv"]["epub"])
    expected = {"01-dedikation.xhtml": "dedication", "02-motto.xhtml": "epigraph",
                "03-forord.xhtml": "foreword", "04-byn.xhtml": "chapter",
                "08-efterord.xhtml": "afterword", "09-tack.xhtml": "acknowledgments",
                "10-bilaga.xhtml": "appendix", "part-01-barndomen.xhtml": "part"}
    for name, kind in expected.items():
        section = epub.xml(name).find(".//x:body/x:section", NS)
        assert section.get(EPUB_TYPE) == kind and section.get("role") == f"doc-{kind}", name
    matter = {"01-dedikation.xhtml": "frontmatter", "04-byn.xhtml": "bodymatter",
              "09-tack.xhtml": "backmatter"}
    for name, value in matter.items():
        assert epub.xml(name).find("x:body", NS).get(EPUB_TYPE) == value
    assert epub.xml("01-dedikation.xhtml").find(".//x:h1", NS) is None  # no visible heading


def test_parts_nest_their_chapters_in_nav_and_ncx(whole):
    epub = Epub(whole["whole-en"]["epub"])
    nav = epub.xml("nav.xhtml").find(".//x:nav[@id='toc']/x:ol", NS)
    parts = [li for li in nav.findall("x:li", NS) if "part-" in li.find("x:a", NS).get("href")]
    assert [p.find("x:a", NS).text for p in parts] == ["Part I. Youth", "Part II. The Sea"]
    assert [a.text for a in parts[0].findall("x:ol/x:li/x:a", NS)] == ["The Docks", "School"]
    ncx = epub.xml("toc.ncx")
    points = ncx.findall("ncx:navMap/ncx:navPoint", NS)
    youth = next(p for p in points if p.find("ncx:navLabel/ncx:text", NS).text == "Part I. Youth")
    assert [c.find("ncx:navLabel/ncx:text", NS).text
            for c in youth.findall("ncx:navPoint", NS)] == ["The Docks", "School"]
    landmarks = epub.xml("nav.xhtml").findall(".//x:nav[@id='landmarks']//x:a", NS)
    body = next(a for a in landmarks if a.get(EPUB_TYPE) == "bodymatter")
    assert body.get("href").endswith("-prologue.xhtml")  # the prologue: the body starts there


def test_noterefs_resolve_to_footnotes_in_their_own_document(whole):
    for name in ("whole-sv", "whole-en"):
        epub = Epub(whole[name]["epub"])
        count = 0
        for document in epub.documents():
            root = epub.xml(document)
            for ref in root.iterfind(".//x:a[@epub:type='noteref']", NS):
                href = ref.get("href")
                assert href.startswith("#"), href
                aside = root.find(f".//x:aside[@id='{href[1:]}']", NS)
                assert aside is not None and aside.get(EPUB_TYPE) == "footnote"
                assert aside.get("role") == "doc-footnote"
                back = aside.find(".//x:a[@role='doc-backlink']", NS).get("href")
                assert root.find(f".//*[@id='{back[1:]}']", NS) is not None
                count += 1
        assert count >= 4, name


def test_verse_keeps_its_lines_and_tables_have_header_cells(whole):
    epub = Epub(whole["whole-en"]["epub"])
    docks = next(d for d in epub.documents() if d.endswith("-docks.xhtml"))
    stanza = epub.xml(docks).find(".//x:div[@class='verse']/x:p", NS)
    assert len(stanza.findall("x:span", NS)) == 4 and len(stanza.findall("x:br", NS)) == 3
    assert stanza.findall("x:span", NS)[1].text.startswith("\u00a0" * 4)
    trip = next(d for d in epub.documents() if d.endswith("-first-trip.xhtml"))
    headers = epub.xml(trip).findall(".//x:table/x:thead/x:tr/x:th", NS)
    assert [h.get("scope") for h in headers] == ["col"] * 3
    assert all(h.get("class") == "align-right" for h in headers)


def test_the_html_shows_notes_beside_their_call(whole):
    html = whole["whole-sv"]["html"].read_text("utf-8")
    assert 'class="noteref"' in html and '<span class="footnote" id="byn--fn2">' in html
    assert '<section class="part first" id="part-barndomen" role="doc-part"' in html
    assert '<th scope="col" class="align-right">Elever</th>' in html


def test_a_note_too_long_for_a_page_follows_its_paragraph(book_copy, tmp_path):
    """WeasyPrint cannot split a note (#1833): measured after layout, such a note is set after
    its paragraph instead, whole, with a warning naming its line."""
    root = book_copy("mini-sv")
    path = root / "content" / "02-slutet.md"
    long = " ".join(["En mycket lång fotnot som fortsätter med ord efter ord."] * 90)
    verse_note = " ".join(["Visans not är också alldeles för lång för en sida."] * 90)
    path.write_text(path.read_text("utf-8") + f"\nHär.[^lang]\n\n[^lang]: {long} Slutord.\n"
                    f"\n| En rad i en visa[^visa]\n| och en till\n\n[^visa]: {verse_note} Sist.\n",
                    "utf-8")
    warnings: list = []
    made = build(root, ["pdf"], {"pdf": tmp_path / "b.pdf"}, on_warning=warnings.append)
    assert any(str(w).startswith("content/02-slutet.md:") and "footnote 1 does not fit" in str(w)
               for w in warnings), warnings
    texts = page_texts(made["pdf"])
    joined = " ".join(texts)
    assert joined.count("En mycket lång fotnot") == 90 and "Slutord." in joined
    assert page_of(texts, "Här.") == page_of(texts, "1 En mycket lång fotnot")
    assert joined.count("Visans not är också") == 90 and "Sist." in joined  # after the verse
    assert page_of(texts, "och en till") == page_of(texts, "2 Visans not")


def test_the_pdf_outline_nests_chapters_under_their_parts(whole):
    from pypdf import PdfReader

    outline = PdfReader(whole["whole-en"]["pdf"]).outline
    titles = [item.title if not isinstance(item, list) else [i.title for i in item]
              for item in outline]
    youth = titles.index("Part I. Youth")
    assert titles[youth + 1] == ["The Docks", "School"]
    assert "Acknowledgments" in titles and "Dedication" not in str(titles)


@pytest.mark.skipif(not __import__("os").environ.get("BOOKGEN_A11Y"),
                    reason="Ace is slow: run with BOOKGEN_A11Y=1 (make check-a11y)")
@pytest.mark.parametrize("name", ["whole-sv", "whole-en"])
def test_ace_finds_no_violations(whole, name):
    from bookgen.preflight.validators import run_ace

    assert run_ace(whole[name]["epub"]) == []
