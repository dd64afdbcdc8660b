"""PDF inspection over WeasyPrint output and over small hand-made PDFs with awkward fonts."""

from __future__ import annotations

import io
import sys
from functools import lru_cache

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from bookgen.preflight import fonts as pdffonts
from bookgen.preflight import pdf as pdfinspect
from bookgen.errors import BookError, Problem
from bookgen.model import SourceRef
from bookgen.preflight.pdf import FontInfo, MissingGlyph, OutlineEntry

weasyprint = pytest.importorskip("weasyprint")

A5 = (419.528, 595.276)


def render(body: str, css: str = "@page { size: A5 }", **options) -> bytes:
    html = f"""<html lang="sv"><head><title>Havet</title><meta name="author" content="Anna Berg">
    <style>body {{ font-family: DejaVu Serif }} h1, h2 {{ font-family: DejaVu Sans }}
    .new {{ break-before: page }} {css}</style></head><body>{body}</body></html>"""
    return weasyprint.HTML(string=html).write_pdf(**options)


@lru_cache(maxsize=None)
def memoir() -> bytes:
    """Three A5 pages: chapter headings in DejaVu Sans, body in DejaVu Serif, bold only on page 3."""
    return render(
        "<h1>Barndom</h1><p>Vi bodde vid havet.</p><h2>Sommaren</h2><p>Båtarna låg stilla.</p>"
        '<h1 class="new">Skolan</h1><p>Lärarinnan hette Märta.</p>'
        '<p class="new"><b>Slut.</b></p>'
    )


def test_page_sizes_are_trim_sizes_even_with_bleed():
    assert pdfinspect.page_sizes(memoir()) == [pytest.approx(A5, abs=0.01)] * 3
    bled = render("<p>x</p>", "@page { size: A5; bleed: 3mm; marks: crop cross }")
    assert pdfinspect.page_sizes(bled) == [pytest.approx(A5, abs=0.01)]


def test_page_texts():
    texts = pdfinspect.page_texts(memoir())
    assert texts[0].split("\n") == ["Barndom", "Vi bodde vid havet.", "Sommaren", "Båtarna låg stilla."]
    assert "Lärarinnan hette Märta." in texts[1]
    assert texts[2].strip() == "Slut."


def test_page_texts_without_pdfium_come_from_pypdf(monkeypatch):
    with_pdfium = pdfinspect.page_texts(memoir())
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # "import pypdfium2" now fails
    assert [t.split() for t in pdfinspect.page_texts(memoir())] == [t.split() for t in with_pdfium]


def test_fonts_are_listed_by_the_pages_that_draw_with_them():
    found = {font.name: font for font in pdfinspect.fonts(memoir())}
    assert set(found) == {"DejaVu-Sans-Bold", "DejaVu-Serif", "DejaVu-Serif-Bold"}
    assert found["DejaVu-Sans-Bold"].pages == (0, 1)
    assert found["DejaVu-Serif"].pages == (0, 1)
    assert found["DejaVu-Serif-Bold"].pages == (2,)
    assert all(f.subset and f.embedded and f.subtype == "Type0" for f in found.values())


def test_outline_is_flattened_depth_first():
    assert pdfinspect.outline(memoir()) == [
        OutlineEntry("Barndom", 0, 0),
        OutlineEntry("Sommaren", 0, 1),
        OutlineEntry("Skolan", 1, 0),
    ]


def test_language_metadata_and_tagging():
    assert pdfinspect.lang(memoir()) == "sv"
    meta = pdfinspect.metadata(memoir())
    assert (meta["Title"], meta["Author"]) == ("Havet", "Anna Berg")
    assert not pdfinspect.is_tagged(memoir())
    assert pdfinspect.is_tagged(render("<p>x</p>", pdf_variant="pdf/ua-1"))


def test_a_path_works_like_bytes(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(memoir())
    assert pdfinspect.page_sizes(path) == pdfinspect.page_sizes(memoir())
    assert pdfinspect.lang(str(path)) == "sv"


def test_a_clean_book_passes_preflight():
    assert pdfinspect.missing_glyphs(memoir()) == []
    assert pdfinspect.preflight(memoir()) == []


def test_characters_without_a_glyph_are_found():
    pdf = render("<p>Hej</p><p class=new>Tecken \U00013000 och \ue000.</p>")
    assert pdfinspect.missing_glyphs(pdf) == [
        MissingGlyph("\ue000", "DejaVu-Serif", (1,), ".notdef"),
        MissingGlyph("\U00013000", "DejaVu-Serif", (1,), ".notdef"),
    ]
    problems = pdfinspect.preflight(pdf)
    assert [p.severity for p in problems] == ["error", "error"]
    assert "U+13000" in problems[1].message and "page 2" in problems[1].message


def test_replacement_characters_in_the_text_are_found():
    pdf = render("<p>Trasig \ufffd text</p>")
    assert pdfinspect.missing_glyphs(pdf) == [MissingGlyph("\ufffd", None, (0,), "U+FFFD in the text")]


def test_more_than_one_page_size_is_an_error():
    pdf = render('<p>A5</p><p class="new wide">A4</p>', 
                 "@page { size: A5 } @page wide { size: A4 } .wide { page: wide }")
    [problem] = pdfinspect.preflight(pdf, SourceRef("build/book.pdf"))
    assert problem.severity == "error"
    assert "2 different sizes" in problem.message and "(page 2)" in problem.message
    assert str(problem).startswith("build/book.pdf: error:")


# ---------------------------------------------------------------- hand-made fonts


def _stream(writer: PdfWriter, data: bytes, **entries) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject("/" + k): v for k, v in entries.items()})
    return writer._add_object(stream)


def _font(writer: PdfWriter, **entries) -> object:
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font")})
    font.update({NameObject("/" + k): v for k, v in entries.items()})
    return writer._add_object(font)


@lru_cache(maxsize=None)
def handmade() -> bytes:
    """Page 1 draws Helvetica (not embedded) and, through a Form XObject, a Type3 font whose glyph
    draws with Courier (not embedded).  Page 2 draws an embedded TrueType font that is not subset
    and lists Times (never drawn) in its resources."""
    writer = PdfWriter()
    courier = _font(writer, Subtype=NameObject("/Type1"), BaseFont=NameObject("/Courier"))
    glyph = _stream(writer, b"500 0 d0 BT /C 1 Tf (a) Tj ET")
    type3 = _font(
        writer, Subtype=NameObject("/Type3"), Name=NameObject("/Stamp"),
        FontBBox=ArrayObject([NumberObject(0)] * 4),
        FontMatrix=ArrayObject([FloatObject(0.001), *[NumberObject(0)] * 2, FloatObject(0.001),
                                *[NumberObject(0)] * 2]),
        CharProcs=DictionaryObject({NameObject("/a"): glyph}),
        Encoding=DictionaryObject({NameObject("/Differences"): ArrayObject([NumberObject(97), NameObject("/a")])}),
        FirstChar=NumberObject(97), LastChar=NumberObject(97), Widths=ArrayObject([NumberObject(500)]),
        Resources=DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/C"): courier})}),
    )
    form = _stream(
        writer, b"BT /T3 12 Tf 10 10 Td (a) Tj ET", Type=NameObject("/XObject"),
        Subtype=NameObject("/Form"), BBox=ArrayObject([NumberObject(v) for v in (0, 0, 100, 100)]),
        Resources=DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/T3"): type3})}),
    )
    helvetica = _font(writer, Subtype=NameObject("/Type1"), BaseFont=NameObject("/Helvetica"))
    page = writer.add_blank_page(*A5)
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): helvetica}),
        NameObject("/XObject"): DictionaryObject({NameObject("/Fm0"): form}),
    })
    page[NameObject("/Contents")] = _stream(writer, b"BT /F1 12 Tf 72 500 Td (Hej) Tj ET /Fm0 Do")
    descriptor = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"), NameObject("/FontName"): NameObject("/Gentium"),
        NameObject("/FontFile2"): _stream(writer, b"not really a font"),
    }))
    whole = _font(writer, Subtype=NameObject("/TrueType"), BaseFont=NameObject("/Gentium"),
                  FontDescriptor=descriptor)
    times = _font(writer, Subtype=NameObject("/Type1"), BaseFont=NameObject("/Times-Roman"))
    page = writer.add_blank_page(*A5)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({
        NameObject("/G"): whole, NameObject("/T"): times})})
    page[NameObject("/Contents")] = _stream(writer, b"BT /G 12 Tf 72 500 Td (Hej) Tj ET")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_fonts_are_found_through_form_xobjects_and_type3_glyphs():
    assert pdfinspect.fonts(handmade()) == [
        FontInfo("Courier", "Type1", subset=False, embedded=False, pages=(0,)),
        FontInfo("Gentium", "TrueType", subset=False, embedded=True, pages=(1,)),
        FontInfo("Helvetica", "Type1", subset=False, embedded=False, pages=(0,)),
        FontInfo("Stamp", "Type3", subset=False, embedded=True, pages=(0,)),
        FontInfo("Times-Roman", "Type1", subset=False, embedded=False, pages=()),
    ]


def test_text_in_fonts_that_are_not_embedded_counts_as_missing():
    missing = pdfinspect.missing_glyphs(handmade())
    assert MissingGlyph(None, "Helvetica", (0,), "font not embedded") in missing
    assert MissingGlyph(None, "Courier", (0,), "font not embedded") in missing
    assert all(m.font != "Times-Roman" for m in missing)


def test_preflight_reports_font_problems_with_pages():
    assert pdfinspect.preflight(handmade()) == [
        Problem("font Courier is not embedded (page 1)"),
        Problem("font Gentium is embedded whole, not subset (page 2)", severity="warning"),
        Problem("font Helvetica is not embedded (page 1)"),
        Problem("font Times-Roman is not embedded"),
    ]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n%%EOF\n"])
def test_unreadable_pdfs_are_book_errors(data):
    with pytest.raises(BookError):
        pdfinspect.page_sizes(data)
    with pytest.raises(BookError):
        pdfinspect.page_texts(data)
    [problem] = pdfinspect.preflight(data)
    assert problem.severity == "error"


def test_a_missing_file_is_a_book_error(tmp_path):
    with pytest.raises(BookError, match="cannot read the PDF .*nothing.pdf"):
        pdfinspect.fonts(tmp_path / "nothing.pdf")


def test_tounicode_ranges_are_read_both_ways():
    cmap = (b"2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<00E5> <D83DDE00>]\nendbfrange\n"
            b"1 beginbfchar\n<0005> <00660069>\nendbfchar\n")
    text = pdffonts._cmap_unicode(cmap, {0x5, 0x12, 0x20, 0x21, 0x99})
    assert text == {0x5: "fi", 0x12: "C", 0x20: "å", 0x21: "\U0001F600"}
