"""The booklet writer: saddle-stitch order, sheet size, crop to trim, reproducible, fonts kept."""

from __future__ import annotations

import io
import re
from functools import lru_cache

import pypdfium2
import pytest
from PIL import ImageChops, ImageStat
from pypdf import PdfReader, PdfWriter

from bookgen.preflight import pdf as pdfinspect
from bookgen.errors import BookError
from bookgen.writers.booklet import impose_booklet, saddle_stitch_order

weasyprint = pytest.importorskip("weasyprint")

A5 = (419.528, 595.276)
A4_LANDSCAPE = (841.89, 595.276)
MM = 72 / 25.4


@lru_cache(maxsize=None)
def book(pages: int, page_css: str = "size: A5; margin: 15mm") -> bytes:
    """A WeasyPrint book of ``pages`` pages, each saying "Sida n" in big type."""
    body = "".join(f'<section><p class="n">Sida {n}</p><p>Text på sidan {n}.</p></section>'
                   for n in range(1, pages + 1))
    html = f"""<html lang="sv"><head><title>Havet</title><meta name="author" content="Anna Berg">
    <style>@page {{ {page_css} }} body {{ font-family: DejaVu Serif }}
    section {{ break-after: page }} section:last-child {{ break-after: auto }}
    .n {{ font-size: 40pt; font-weight: bold }}</style></head><body>{body}</body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


def half_texts(pdf: bytes) -> list[tuple[str, str]]:
    """The page label ("7", or "" for blank) on the left and right half of every sheet."""
    doc = pypdfium2.PdfDocument(pdf)
    sides = []
    for page in doc:
        width, height = page.get_size()
        text = page.get_textpage()
        halves = [text.get_text_bounded(x, 0, x + width / 2, height) for x in (0, width / 2)]
        sides.append(tuple(_label(h) for h in halves))
    return sides


def _label(text: str) -> str:
    words = text.split()
    return words[words.index("Sida") + 1] if "Sida" in words else text.strip()


def expected_sides(pages: int) -> list[tuple[str, str]]:
    """Saddle-stitch order written out from the rule, 1-based, independent of the writer."""
    padded = -(-pages // 4) * 4
    sides = []
    for sheet in range(padded // 4):
        front = (padded - 2 * sheet, 2 * sheet + 1)
        back = (2 * sheet + 2, padded - 2 * sheet - 1)
        sides += [front, back]
    return [tuple(str(n) if n <= pages else "" for n in side) for side in sides]


def test_eight_pages_in_reading_order_when_folded():
    assert half_texts(impose_booklet(book(8))) == [("8", "1"), ("2", "7"), ("6", "3"), ("4", "5")]


@pytest.mark.parametrize("pages", [1, 2, 3, 4, 5, 8, 13])
def test_order_and_blank_padding(pages):
    booklet = impose_booklet(book(pages))
    assert len(PdfReader(io.BytesIO(booklet)).pages) == -(-pages // 4) * 2
    assert half_texts(booklet) == expected_sides(pages)


def test_order_of_indices():
    assert list(saddle_stitch_order(5)) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_a5_pages_make_a4_landscape_sheets():
    reader = PdfReader(io.BytesIO(impose_booklet(book(4))))
    for sheet in reader.pages:
        assert [float(v) for v in sheet.mediabox] == pytest.approx([0, 0, *A4_LANDSCAPE], abs=0.01)


def test_a5_pages_are_centred_on_a4_so_the_fold_is_in_the_middle():
    page = PdfReader(io.BytesIO(impose_booklet(book(4)))).pages[0]
    offsets = re.findall(rb"1 0 0 1 ([\d.]+) ([\d.]+) cm", page.get_contents().get_data())
    assert [(float(x), float(y)) for x, y in offsets] == [
        pytest.approx((0.5 * MM, 0), abs=0.01),
        pytest.approx((0.5 * MM + A5[0], 0), abs=0.01),
    ]


def test_any_page_size_makes_a_sheet_twice_as_wide():
    booklet = impose_booklet(book(3, "size: 120mm 180mm; margin: 10mm"))
    assert pdfinspect.page_sizes(booklet) == [pytest.approx((240 * MM, 180 * MM), abs=0.01)] * 2


BLEED_CSS = "size: A5; margin: 15mm; bleed: 3mm; marks: crop cross; background: #8cf"


def test_bleed_is_cropped_to_trim_so_the_halves_meet_at_the_fold():
    source = book(4, BLEED_CSS)
    booklet = impose_booklet(source)
    assert pdfinspect.page_sizes(booklet) == [pytest.approx(A4_LANDSCAPE, abs=0.01)] * 2
    bleed = 3 * MM
    page_one = _render(source, 0, crop=(bleed, bleed, bleed, bleed))
    sheet = _render(booklet, 0)
    middle = sheet.width // 2
    width, height = page_one.width - 1, min(page_one.height, sheet.height) - 1  # pixel rounding
    right_half = sheet.crop((middle, 0, middle + width, height))
    assert _difference(right_half, page_one.crop((0, 0, width, height))) < 1.0  # same place, no marks
    fold = sheet.crop((sheet.width // 2 - 2, 0, sheet.width // 2 + 2, sheet.height))
    assert fold.convert("RGB").getcolors() == [(fold.width * fold.height, (0x88, 0xcc, 0xff))]


def _render(pdf: bytes, index: int, crop=(0, 0, 0, 0)):
    doc = pypdfium2.PdfDocument(pdf)
    return doc[index].render(scale=2, crop=crop).to_pil().convert("RGB")


def _difference(a, b) -> float:
    """Mean absolute difference per channel, 0-255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_same_input_gives_the_same_bytes():
    source = book(5)
    first, second = impose_booklet(source), impose_booklet(source)
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first
    other = impose_booklet(book(6))
    assert PdfReader(io.BytesIO(first)).trailer["/ID"] != PdfReader(io.BytesIO(other)).trailer["/ID"]


def test_fonts_stay_embedded_and_shared():
    source = book(13)
    booklet = impose_booklet(source)
    before, after = pdfinspect.fonts(source), pdfinspect.fonts(booklet)
    assert {f.name for f in after} == {f.name for f in before} == {"DejaVu-Serif", "DejaVu-Serif-Bold"}
    assert all(f.embedded and f.subset for f in after)
    assert len(after) == len(before)  # each font once, not copied per sheet
    assert {p for f in after for p in f.pages} == set(range(8))
    assert pdfinspect.preflight(booklet) == []


def test_output_adds_little_more_than_the_sheets_themselves():
    """Content and fonts are referenced, not copied: about 300 bytes of structure per page."""
    source = book(40)
    assert len(impose_booklet(source)) < len(source) + 400 * 40


def test_metadata_language_and_print_preferences():
    booklet = impose_booklet(book(2))
    meta = pdfinspect.metadata(booklet)
    assert (meta["Title"], meta["Author"]) == ("Havet", "Anna Berg")
    assert pdfinspect.lang(booklet) == "sv"
    prefs = PdfReader(io.BytesIO(booklet)).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"
    assert prefs["/PrintScaling"] == "/None"


def test_a_tagged_book_gives_a_booklet_that_claims_no_conformance():
    source = weasyprint.HTML(string='<html lang="sv"><title>T</title><p>x').write_pdf(
        pdf_variant="pdf/ua-1")
    root = PdfReader(io.BytesIO(impose_booklet(source))).trailer["/Root"]
    assert "/Metadata" not in root and "/StructTreeRoot" not in root and "/MarkInfo" not in root
    assert root["/Lang"] == "sv"


def test_a_300_page_book_imposes_quickly():
    """A guard against quadratic work, with a generous bound; the real time is well under 1 s."""
    import time

    writer, pages = PdfWriter(), PdfReader(io.BytesIO(book(4))).pages
    for index in range(300):
        writer.add_page(pages[index % 4])
    out = io.BytesIO()
    writer.write(out)
    assert len(PdfReader(out).pages) == 300
    start = time.process_time()  # CPU time: other work on the machine does not count
    booklet = impose_booklet(out.getvalue())
    assert time.process_time() - start < 5
    assert len(PdfReader(io.BytesIO(booklet)).pages) == 150


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.7\n%%EOF\n"])
def test_unreadable_input_is_a_book_error(data):
    with pytest.raises(BookError, match="booklet"):
        impose_booklet(data)


def test_a_pdf_without_pages_is_a_book_error():
    out = io.BytesIO()
    PdfWriter().write(out)
    with pytest.raises(BookError, match="no pages"):
        impose_booklet(out.getvalue())


def test_pages_of_different_sizes_are_a_book_error():
    writer = PdfWriter()
    writer.add_blank_page(A5[0], A5[1])
    writer.add_blank_page(A4_LANDSCAPE[1], A4_LANDSCAPE[0])
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(BookError, match="page 2 .* same size"):
        impose_booklet(out.getvalue())


# ---------------------------------------------------------------- signatures


def test_signatures_share_the_sheets_out_evenly():
    from bookgen.writers.booklet import signature_sheets

    assert signature_sheets(187, 5) == [5] * 7 + [4] * 3  # 47 sheets: not 9 of 5 and 1 of 2
    assert signature_sheets(20, 5) == [5]
    assert signature_sheets(21, 5) == [3, 3]
    assert signature_sheets(187, 0) == [47]


def test_the_default_folds_a_short_booklet_once_and_a_long_one_in_fives():
    from bookgen.writers.booklet import sheets_per_signature

    assert sheets_per_signature(48, None) == 0  # 12 sheets: one fold
    assert sheets_per_signature(49, None) == 5
    assert sheets_per_signature(49, 0) == 0 and sheets_per_signature(8, 2) == 2


def test_each_signature_is_imposed_on_its_own():
    # 16 pages in signatures of 2 sheets: pages 1-8 folded together, then 9-16.
    sides = half_texts(impose_booklet(book(16), sheets_per_signature=2))
    assert sides == [("8", "1"), ("2", "7"), ("6", "3"), ("4", "5"),
                     ("16", "9"), ("10", "15"), ("14", "11"), ("12", "13")]


def test_padding_blanks_come_last_in_the_last_signature():
    sides = half_texts(impose_booklet(book(10), sheets_per_signature=2))
    assert sides[:4] == [("8", "1"), ("2", "7"), ("6", "3"), ("4", "5")]
    assert sides[4:] == [("", "9"), ("10", "")]


def test_the_build_says_how_many_signatures_and_warns_about_a_thick_fold():
    from bookgen.writers.booklet import booklet_notes

    (note,) = booklet_notes(187, 5)
    assert note.severity == "note" and "10 signatures (7 of 5 sheets, 3 of 4 sheets)" in \
        note.message and "fold each signature" in note.message
    (warning,) = booklet_notes(187, 0)
    assert warning.severity == "warning" and "47 sheets" in warning.message
    assert booklet_notes(40, 0) == []
