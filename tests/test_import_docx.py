"""bookgen import of Word files: one made here with python-docx on Word's own default template
(every style the issue lists, footnotes and endnotes, a picture with its description and
caption, a table, a page break), and one written by Pandoc (tests/fixtures/import)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from bookgen.api import import_book
from bookgen.errors import BookError
from importing import chapters

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"

#: (kind, text) of every paragraph the Word file holds after its title, by chapter
EXPECTED = [
    ("Barndomen i Katrineholm", [
        ("p", "Vi bodde i ett gult hus vid sjön och mormor kom med tåget varje sommar."),
        ("quote", "Det är inte husen som gör en plats, det är människorna."),
        ("quote", "Så sa mormor alltid."),
        ("quote", "Ett eget citat i en egen stil."),
        ("li", "jordgubbar"), ("li", "nypotatis"),
        ("li", "Först badet"), ("li", "Sedan middagen"),
        ("figure", "Bryggan en morgon i juli 1968"),
        ("h2", "Skolan"),
        ("p", "Fröken hette Berit. Hon bodde i byn."),
        ("h3", "Första klass"),
        ("p", "Ett stycke i en stil som ingen känner."),
    ]),
    ("Arbetslivet", [
        ("p", "Jag började på posten 1975 och stannade i trettio år."),
        ("p", "Sedan kom datorerna."),
    ]),
]


def _word_file(path: Path) -> Path:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK
    from PIL import Image

    from bookgen.writers.docx_parts import Footnotes, add_styles

    document = docx.Document()
    add_styles(document)
    document.core_properties.title = "Fel titel i egenskaperna"
    document.core_properties.author = "Karin Lind"
    document.core_properties.language = "sv-SE"
    document.add_paragraph("Sommarminnen", style="Title")
    document.add_paragraph("Karin Lind")
    document.add_heading("Barndomen i Katrineholm", 1)
    p = document.add_paragraph("Vi bodde i ett gult hus vid sjön och ")
    p.add_run("mormor").italic = True
    p.add_run(" kom med ")
    p.add_run("tåget").bold = True
    p.add_run(" varje sommar.")
    Footnotes(document).add(p).add_run("Tåget gick från Katrineholm klockan sju.")
    document.add_paragraph("Det är inte husen som gör en plats, det är människorna.",
                           style="Quote")
    document.add_paragraph("Så sa mormor alltid.", style="Intense Quote")
    citat = document.styles.add_style("Citat", WD_STYLE_TYPE.PARAGRAPH)
    citat.base_style = document.styles["Quote"]
    document.add_paragraph("Ett eget citat i en egen stil.", style="Citat")
    for text in ("jordgubbar", "nypotatis"):
        document.add_paragraph(text, style="List Bullet")
    for text in ("Först badet", "Sedan middagen"):
        document.add_paragraph(text, style="List Number")
    picture = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 120, 40)).save(picture, "JPEG")
    run = document.add_paragraph().add_run()
    run.add_picture(picture)
    run._r.find(".//{*}docPr").set("descr", "Bryggan där vi badade")
    document.add_paragraph("Bryggan en morgon i juli 1968", style="Caption")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Skolan", 2)
    lines = document.add_paragraph("Fröken hette Berit.")
    lines.runs[0].add_break()
    lines.add_run("Hon bodde i byn.")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([("År", "Klass"), ("1962", "Första"), ("1963", "Andra")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("Första klass", 3)
    odd = document.styles.add_style("Konstig", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Ett stycke i en stil som ingen känner.", style=odd)
    document.add_heading("Arbetslivet", 1)
    work = document.add_paragraph("Jag började på posten 1975 och stannade i trettio år.")
    document.add_paragraph("Sedan kom datorerna.")
    document.save(path)
    _add_endnote(path, work_text="trettio år.", note="Posten hette då Postverket.")
    return path


def _add_endnote(path: Path, work_text: str, note: str) -> None:
    """An endnote as Word writes it: an endnotes part and a reference run (python-docx has no
    API for either)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    endnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {w}>'
                '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                '</w:endnote><w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                '<w:continuationSeparator/></w:r></w:p></w:endnote><w:endnote w:id="1"><w:p>'
                f'<w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r>'
                '</w:p></w:endnote></w:endnotes>')
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    document = files["word/document.xml"].decode("utf-8")
    document = document.replace(f"{work_text}</w:t></w:r>", f"{work_text}</w:t></w:r><w:r>"
                                '<w:endnoteReference w:id="1"/></w:r>', 1)
    files["word/document.xml"] = document.encode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    files["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdEnd" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/endnotes" Target="endnotes.xml"/></Relationships>')).encode("utf-8")
    types = files["[Content_Types].xml"].decode("utf-8")
    files["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.endnotes+xml"/></Types>')).encode("utf-8")
    files["word/endnotes.xml"] = endnotes.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def _comparable(found):
    """Paragraphs as the reader sees them, before and after footnotes and tables are read
    (a table or a note definition was a paragraph of literal text before)."""
    kept = []
    for kind, text in found:
        if kind in ("row", "note") or text.startswith(("|", "[^")):
            continue
        kept.append((kind, re.sub(r"\[\^\d+\]", "", text).strip()))
    return kept


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("word")
    source = _word_file(folder / "sommarminnen.docx")
    return import_book(source, folder / "bok")


def test_every_paragraph_comes_over_in_order(imported):
    found = chapters(imported.folder)
    assert [title for title, _ in found] == [title for title, _ in EXPECTED]
    for (title, blocks), (_, expected) in zip(found, EXPECTED):
        assert _comparable(blocks) == expected, title


def test_title_author_and_language_go_to_book_toml(imported):
    toml = (imported.folder / "book.toml").read_text(encoding="utf-8")
    assert 'title = "Sommarminnen"' in toml  # the Title paragraph wins over the properties
    assert 'authors = ["Karin Lind"]' in toml and 'language = "sv"' in toml


def test_the_markup_is_carried_over(imported):
    first, second = (p.read_text(encoding="utf-8") for p in imported.chapters)
    assert "*mormor*" in first and "**tåget**" in first
    assert "> Det är inte husen" in first and "> Ett eget citat" in first
    assert "- jordgubbar" in first and "1. Först badet\n2. Sedan middagen" in first
    assert "## Skolan" in first and "### Första klass" in first
    assert "Fröken hette Berit.  \nHon bodde i byn." in first
    assert "| År | Klass |\n| --- | --- |\n| 1962 | Första |" in first
    assert "sommar.[^1]" in first and "[^1]: Tåget gick från Katrineholm klockan sju." in first
    assert "trettio år.[^1]" in second and "[^1]: Posten hette då Postverket." in second
    figure = re.search(r'!\[Bryggan där vi badade\]\((images/[\w.-]+) "Bryggan en morgon i '
                       r'juli 1968"\)', first)
    assert figure and (imported.chapters[0].parent / figure[1]).is_file()


def test_what_could_not_be_carried_over_is_named_with_where(imported):
    messages = [p.message for p in imported.warnings]
    assert any("Konstig" in m and "paragraph" in m and "Barndomen" in m for m in messages)
    assert all(p.source.path == "sommarminnen.docx" for p in imported.warnings)


@pytest.mark.parametrize("name", ["pandoc.docx", "libreoffice.docx"])
def test_files_written_by_pandoc_and_libreoffice(tmp_path, name):
    report = import_book(FIXTURES / name, tmp_path / "bok")
    found = chapters(report.folder)
    assert [t for t, _ in found] == ["Barndomen", "Arbetslivet"]
    assert _comparable(found[0][1])[:3] == [
        ("p", "Vi bodde i ett gult hus vid sjön, och varje sommar kom mormor med tåget."),
        ("quote", "Det är inte husen som gör en plats, det är människorna."),
        ("li", "jordgubbar")]
    text = report.chapters[0].read_text(encoding="utf-8")
    assert "[^1]: Tåget gick" in text and "| 1962 | Första |" in text
    assert re.search(r'!\[[^\]]*\]\(images/image-001.png "Bryggan', text)
    assert "Fröken hette Berit.  \nHon bodde i byn." in text
    toml = (report.folder / "book.toml").read_text(encoding="utf-8")
    assert 'title = "Sommarminnen"' in toml and '"Karin Lind"' in toml
    assert "Jag började på posten 1975. Det var" in report.chapters[1].read_text("utf-8")


def test_split_level_makes_parts(tmp_path):
    import docx

    document = docx.Document()
    for part, chapter in (("Del ett", "Första"), ("Del två", "Andra")):
        document.add_heading(part, 1)
        document.add_heading(chapter, 2)
        document.add_paragraph(f"Text i kapitlet {chapter} som är långt och fint och bra.")
        document.add_heading("Under", 3)
    document.save(tmp_path / "delar.docx")
    report = import_book(tmp_path / "delar.docx", tmp_path / "bok", split_level=2)
    names = sorted(p.relative_to(report.folder).as_posix() for p in report.chapters)
    assert names == ["content/01-del-ett/01-forsta.md", "content/02-del-tva/01-andra.md"]
    assert "## Under" in report.chapters[0].read_text("utf-8")
    assert 'title: "Del ett"' in (report.folder / "content/01-del-ett/part.md").read_text("utf-8")


def test_never_writes_into_a_folder_that_holds_something(tmp_path):
    (tmp_path / "bok").mkdir()
    (tmp_path / "bok" / "mitt.txt").write_text("x")
    with pytest.raises(BookError, match="never writes"):
        import_book(FIXTURES / "pandoc.docx", tmp_path / "bok")
    assert sorted(p.name for p in (tmp_path / "bok").iterdir()) == ["mitt.txt"]


def test_a_file_that_is_no_word_document(tmp_path):
    (tmp_path / "fel.docx").write_bytes(b"not a zip")
    with pytest.raises(BookError, match="not a Word document"):
        import_book(tmp_path / "fel.docx", tmp_path / "bok")


def test_a_document_typed_without_heading_styles(tmp_path):
    import docx

    document = docx.Document()
    for title in ("Barndomen", "Skolan"):
        document.add_paragraph().add_run(title).bold = True
        paragraph = document.add_paragraph("Det var en gång ")
        paragraph.add_run("ett hus").bold = True
        paragraph.add_run(" vid sjön.")
    document.save(tmp_path / "utan.docx")
    report = import_book(tmp_path / "utan.docx", tmp_path / "bok")
    assert [t for t, _ in chapters(report.folder)] == ["Barndomen", "Skolan"]
    assert any("no heading styles" in p.message for p in report.warnings)


def test_a_linked_picture_is_never_read(tmp_path):
    """A .docx may point at a picture outside itself (a file, a web address): the importer
    reads only the file it is given."""
    import docx
    from PIL import Image

    secret = tmp_path / "secret.png"
    Image.new("RGB", (5, 5), "black").save(secret)
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(picture, "PNG")
    document = docx.Document()
    document.add_heading("Ett", 1)
    document.add_paragraph().add_run().add_picture(picture)
    document.save(tmp_path / "l.docx")
    with zipfile.ZipFile(tmp_path / "l.docx") as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = re.sub(rb'r:embed="(rId\d+)"', b'r:link="rIdOut"',
                                        files["word/document.xml"])
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdOut" Type="http://schemas.openxmlformats.'
        b'org/officeDocument/2006/relationships/image" Target="' + secret.as_uri().encode()
        + b'" TargetMode="External"/></Relationships>')
    with zipfile.ZipFile(tmp_path / "l.docx", "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    report = import_book(tmp_path / "l.docx", tmp_path / "bok")
    assert report.images == ()
    assert any("external" in p.message for p in report.warnings)
