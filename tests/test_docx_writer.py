"""bookgen docx: the memoir as a Word document in Word's built-in styles, with real footnotes;
imported again it gives back the same chapters and text; LibreOffice opens it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from bookgen.api import build, import_book
from importing import chapters

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def memoir_docx(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "memoar.docx"
    return build(ROOT, ["docx"], {"docx": out})["docx"]


def test_chapters_are_heading_1_in_words_own_styles(memoir_docx):
    import docx

    from bookgen.readers import read_book

    document = docx.Document(memoir_docx)
    book = read_book(ROOT)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in book.sections]
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Quote"} <= styles
    assert document.core_properties.title == book.metadata.title
    lang = document.styles.element.xpath("w:docDefaults//w:lang/@w:val")
    assert lang == ["sv-SE"]  # Word checks the spelling in Swedish
    assert round(document.sections[0].page_width.mm) == 210


def test_the_same_book_makes_the_same_file(memoir_docx, tmp_path):
    again = build(ROOT, ["docx"], {"docx": tmp_path / "igen.docx"})["docx"]
    assert again.read_bytes() == memoir_docx.read_bytes()


def test_round_trip_gives_back_the_same_chapters_and_text(memoir_docx, tmp_path):
    report = import_book(memoir_docx, tmp_path / "igen")
    again = chapters(report.folder)
    source = chapters(ROOT)
    assert [t for t, _ in again] == [t for t, _ in source]
    for (title, blocks), (_, original) in zip(again, source):
        assert blocks == original, title


def test_footnotes_are_word_footnotes(tmp_path):
    import docx

    from bookgen.writers.docx_parts import Footnotes, add_styles

    document = docx.Document()
    add_styles(document)
    paragraph = document.add_paragraph("Text")
    Footnotes(document).add(paragraph).add_run("Noten.")
    document.save(tmp_path / "n.docx")
    with zipfile.ZipFile(tmp_path / "n.docx") as archive:
        notes = archive.read("word/footnotes.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert 'w:id="1"' in notes and "Noten." in notes and "footnotes.xml" in rels
    assert "wordprocessingml.footnotes+xml" in types


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_it(memoir_docx, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(memoir_docx)],
                   check=True, capture_output=True, timeout=180)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "memoar.pdf").pages)
    assert "Avskedet" in text and "Katrineholm" in text


WHOLE_MEMOIR = {
    "content/00-forord.md": "---\ntitle: Förord\nkind: foreword\n---\n\nEtt förord.\n",
    "content/01-barndom/part.md": "---\ntitle: Barndomen\n---\n\nÅren vid sjön.\n",
    "content/01-barndom/01-huset.md": (
        "---\ntitle: Huset\n---\n\nVi bodde[^a] vid *sjön*.\n\n| Vi sjöng:\n|   Du gamla, "
        "du fria\n| du fjällhöga nord\n|\n| du tysta\n\n| År | Klass |\n|---|---|\n"
        "| 1962 | Första |\n| 1963 | Andra |\n\n[^a]: I ett gult hus.\n\n    Med två "
        "våningar.\n"),
    "content/01-barndom/02-skolan.md": (
        "---\ntitle: Skolan\n---\n\nFröken hette **Berit**.\n\n1. ett\n2. två\n"),
}


@pytest.mark.skipif(not all(hasattr(__import__("bookgen.model").model, n)
                            for n in ("Verse", "Table", "Footnote", "Part")),
                    reason="the reader does not know parts, footnotes, verse and tables yet")
def test_parts_footnotes_verse_and_tables_come_back(tmp_path):
    import docx

    from bookgen.author.new import new_book

    book = tmp_path / "bok"
    new_book(book, title="Hela boken", author="Anna", content={
        name: text.encode("utf-8") for name, text in WHOLE_MEMOIR.items()})
    written = build(book, ["docx"], {"docx": tmp_path / "bok.docx"})["docx"]
    document = docx.Document(written)
    outline = [(p.style.name, p.text) for p in document.paragraphs
               if p.style.name.startswith("Heading")]
    assert outline == [("Heading 1", "Förord"), ("Heading 1", "Barndomen"),
                       ("Heading 2", "Huset"), ("Heading 2", "Skolan")]
    with zipfile.ZipFile(written) as archive:
        assert "Med två våningar." in archive.read("word/footnotes.xml").decode()
    report = import_book(written, tmp_path / "igen", split_level=2)
    assert chapters(report.folder) == chapters(book)
    part = next(report.folder.glob("content/*/part.md")).read_text("utf-8")
    assert "Åren vid sjön." in part


def test_figures_lists_and_links_come_back(tmp_path):
    import io

    import docx
    from PIL import Image

    from bookgen.author.new import new_book

    picture = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 90, 160)).save(picture, "PNG")
    new_book(tmp_path / "bok", title="Bilder", author="Anna", content={
        "content/01-sjon.md": (
            "---\ntitle: Sjön\n---\n\nVi bodde vid [sjön](https://sv.wikipedia.org/wiki/"
            "Öljaren).\n\n![Bryggan en morgon](images/brygga.png \"Bryggan i juli 1968\")\n\n"
            "3. tre\n4. fyra\n\n- ett\n    - inne\n- två\n\n* * *\n\nSlut.\n").encode(),
        "content/images/brygga.png": picture.getvalue()})
    written = build(tmp_path / "bok", ["docx"], {"docx": tmp_path / "b.docx"})["docx"]
    document = docx.Document(written)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Bryggan i juli 1968"]
    assert 'descr="Bryggan en morgon"' in document.element.xml
    assert [p.style.name for p in document.paragraphs if p.text in ("ett", "inne")] == [
        "List Bullet", "List Bullet 2"]
    report = import_book(written, tmp_path / "igen")
    assert chapters(report.folder) == chapters(tmp_path / "bok")
    text = report.chapters[0].read_text("utf-8")
    assert "[sjön](https://sv.wikipedia.org/wiki/%C3%96ljaren)" in text
    assert "- ett\n  - inne\n- två" in text
    assert '![Bryggan en morgon](images/image-001.png "Bryggan i juli 1968")' in text
