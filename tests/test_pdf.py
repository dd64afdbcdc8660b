"""The memoir's PDF, checked as a structure: pages, fonts, outline, language, tags, TOC."""

from __future__ import annotations

import re

import pypdf
import pytest

from bookgen.api import load_book
from pdftext import page_texts

A5 = (419.53, 595.28)


@pytest.fixture(scope="module")
def reader(memoir_outputs):
    return pypdf.PdfReader(memoir_outputs["pdf"])


@pytest.fixture(scope="module")
def book(memoir_root):
    return load_book(memoir_root)


def test_every_page_is_a5(reader):
    for page in reader.pages:
        box = page.trimbox
        assert float(box.width) == pytest.approx(A5[0], abs=0.5)
        assert float(box.height) == pytest.approx(A5[1], abs=0.5)


def _fonts(reader):
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_fonts_are_the_book_face_embedded_and_subset(reader):
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts), fonts
    names = " ".join(fonts)
    assert "EB-Garamond" in names
    assert "DejaVu" not in names


def test_emoji_is_drawn_by_the_emoji_font(reader):
    assert "Noto-Emoji" in " ".join(_fonts(reader))


def test_outline_has_one_entry_per_chapter(reader, book):
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    expected = [s.title for s in book.sections]
    assert titles[: len(expected)] == expected
    register = [t for kind, t in (("person", "Personregister"), ("place", "Ortregister"),
                                  ("organisation", "Organisationer"))
                if any(e.kind == kind for e in book.register)]
    if book.events:
        assert titles[len(expected):] == ["Tidslinje", *register]


def test_language_metadata_and_tags(reader):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa
    assert "/StructTreeRoot" in root
    meta = reader.metadata
    assert meta.title == "Memoarer – KLF"
    assert meta.author == "Mattias"


def test_toc_page_numbers_match_chapter_openings(memoir_outputs, book):
    texts = page_texts(memoir_outputs["pdf"])
    toc_index = next(i for i, t in enumerate(texts) if t.lstrip().startswith("Innehåll"))
    toc = texts[toc_index]
    first_chapter = book.sections[0].title
    openings = {}
    for index, text in enumerate(texts[toc_index + 1:], toc_index + 1):
        for number, section in enumerate(book.sections, 1):
            if re.match(rf"^\s*{number}\s+{re.escape(section.title)}", text):
                openings.setdefault(section.title, index)
    body_start = openings[first_chapter]
    for section in book.sections:
        listed = re.search(rf"{re.escape(section.title)}\s+(\d+)", toc)
        assert listed, f"{section.title} not in the TOC"
        assert int(listed.group(1)) == openings[section.title] - body_start + 1
        assert openings[section.title] % 2 == 0, "a chapter opens on a right-hand page"


def test_internal_links_point_into_the_document(reader):
    links = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                links += 1
                assert "/Dest" in annot or "/A" in annot
    assert links >= 6


def test_memoir_booklet_sheets_in_saddle_stitch_order(memoir_outputs):
    """Each half-sheet of the booklet shows the book page the rule says, read by its text."""
    import pypdfium2 as pdfium

    from bookgen.writers.booklet import saddle_stitch_order

    book_pages = page_texts(memoir_outputs["pdf"])
    booklet = pdfium.PdfDocument(str(memoir_outputs["booklet"]))
    pairs = list(saddle_stitch_order(len(book_pages)))
    assert len(booklet) == len(pairs) == -(-len(book_pages) // 4) * 2
    for sheet, pair in zip(booklet, pairs):
        width, height = sheet.get_size()
        assert (round(width), round(height)) == (842, 595)  # A4 landscape
        text = sheet.get_textpage()
        for side, index in zip((0, width / 2), pair):
            half = text.get_text_bounded(side, 0, side + width / 2, height)
            expected = book_pages[index] if index < len(book_pages) else ""
            assert "".join(half.split()) == "".join(expected.split())
    booklet.close()


def test_print_option_adds_bleed_and_crop_marks_keeping_the_trim(book_copy, tmp_path):
    from bookgen.api import build

    root = book_copy("mini-sv")
    path = build(root, ["pdf"], {"pdf": tmp_path / "print.pdf"}, print_marks=True)["pdf"]
    page = pypdf.PdfReader(path).pages[0]
    trim, media = page.trimbox, page.mediabox
    assert float(trim.width) == pytest.approx(A5[0], abs=0.5)
    assert float(trim.height) == pytest.approx(A5[1], abs=0.5)
    bleed = 3 * 72 / 25.4
    assert float(media.width) > float(trim.width) + 2 * bleed - 0.5
    assert float(page.bleedbox.width) >= float(trim.width) + 2 * bleed - 0.5


def test_timeline_anchors_do_not_change_line_breaks(memoir_outputs, tmp_path):
    """WeasyPrint breaks a hyphenated line wrongly around an empty inline element, so anchors
    hold a word; the memoir's lines must be the same with and without them."""
    from weasyprint import HTML

    html = memoir_outputs["html"].read_text(encoding="utf-8")
    assert '<span id="ev-1" class="anchor"></span>' not in html
    assert re.search(r'<span id="ev-1" class="anchor">\S+</span>', html)
    plain = re.sub(r'<span id="ev-\d+" class="anchor">(\S+)</span>', r"\1", html)
    for name, source in (("anchors.pdf", html), ("plain.pdf", plain)):
        HTML(string=source).write_pdf(tmp_path / name)
    anchored, plain_pages = (page_texts(tmp_path / n) for n in ("anchors.pdf", "plain.pdf"))
    appendix = next(i for i, t in enumerate(anchored) if t.startswith("Tidslinje"))
    assert anchored[:appendix] == plain_pages[:appendix]


@pytest.mark.parametrize("settings, size_mm", [
    ('paper = "A4"', (210, 297)),
    ('paper = "6x9in"', (152.4, 228.6)),
    ('width = "140mm"\nheight = "216mm"', (140, 216)),
])
def test_trim_size_from_book_toml(book_copy, tmp_path, settings, size_mm):
    from bookgen.api import build

    root = book_copy("mini-sv")
    with open(root / "book.toml", "a", encoding="utf-8") as toml:
        toml.write(f"\n[pdf]\n{settings}\n")
    path = build(root, ["pdf"], {"pdf": tmp_path / "x.pdf"})["pdf"]
    for page in pypdf.PdfReader(path).pages:
        assert float(page.trimbox.width) == pytest.approx(size_mm[0] * 72 / 25.4, abs=0.5)
        assert float(page.trimbox.height) == pytest.approx(size_mm[1] * 72 / 25.4, abs=0.5)


def test_no_running_head_or_folio_on_openings_and_blanks(memoir_outputs, book):
    """Chapter openings and blank pages carry neither a running head nor a folio; other
    body pages carry both."""
    import pypdfium2 as pdfium

    mm = 72 / 25.4
    document = pdfium.PdfDocument(str(memoir_outputs["pdf"]))
    titles = [f"{n}\r\n{s.title}" for n, s in enumerate(book.sections, 1)] + [
        "Tidslinje", "Personregister"]
    seen_body = False
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        body = text.get_text_bounded(0, 21 * mm, width, height - 19 * mm).strip()
        margins = (text.get_text_bounded(0, height - 19 * mm, width, height).strip()
                   + text.get_text_bounded(0, 0, width, 21 * mm).strip())
        opening = any(body.startswith(t) for t in titles)
        if opening or not body:
            assert margins == "", f"head or folio on an opening or blank page: {margins!r}"
        elif seen_body:
            assert margins, "a body page without running head and folio"
        seen_body = seen_body or body.startswith("1\r\n")
    document.close()


def test_subject_comes_from_the_description_or_subtitle(reader, book):
    assert reader.metadata.subject == (book.metadata.description or book.metadata.subtitle)


def test_page_labels_are_the_printed_folios(reader, memoir_outputs):
    """A viewer's page numbers match the folios: roman in the front matter, 1 at chapter 1."""
    import pypdfium2 as pdfium

    labels = reader.page_labels
    document = pdfium.PdfDocument(str(memoir_outputs["pdf"]))
    folios = 0
    for index, page in enumerate(document):
        width, _ = page.get_size()
        foot = page.get_textpage().get_text_bounded(0, 0, width, 21 * 72 / 25.4).strip()
        if foot:
            folios += 1
            assert foot == labels[index], f"page {index}: folio {foot!r}, label {labels[index]!r}"
    document.close()
    assert folios >= 4 and labels[0] == "i" and "1" in labels
