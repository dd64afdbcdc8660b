"""The print shop's files: the PDF/X-4 interior, the one-piece cover with its ISBN barcode, the
ISBN in book.toml, ``check --print``, and the booklet in signatures.

Two books are rendered once per session (the small Swedish test book, and the same with twelve
more chapters), each as the print interior and the cover; everything is read back with pikepdf.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookgen.build.render import load_book, render
from bookgen.errors import BookError

ROOTS = Path(__file__).resolve().parent / "roots"
MM = 72 / 25.4
ISBN = "9789170000010"
PRINT_TABLE = ('\n[print]\npage_thickness = "{page}"\ncover_thickness = "0.4mm"\n'
               'back_text = "Om en liten stad vid ån.\\n\\nOch en andra stycke."\n')
PARAGRAPH = ("Vi gick längs ån om kvällarna och pratade om allt som hade hänt under dagen, "
             "om kontoret, om staden och om de människor vi mötte. ") * 14


def _book(tmp: Path, name: str, chapters: int, page: str = "0.1mm") -> Path:
    root = tmp / name
    shutil.copytree(ROOTS / "mini-sv", root)
    toml = (root / "book.toml").read_text(encoding="utf-8")
    toml = toml.replace("[book]\n", f'[book]\nisbn = "978-91-7000-001-0"\n'
                                     'publisher = "Eget förlag"\n', 1)
    (root / "book.toml").write_text(toml + PRINT_TABLE.format(page=page), encoding="utf-8")
    for number in range(chapters):
        text = (f"---\ntitle: Kapitel {number + 3}\nid: kapitel-{number + 3}\n---\n\n"
                + "\n\n".join([PARAGRAPH] * 5) + "\n")
        (root / "content" / f"{number + 3:02d}-kapitel.md").write_text(text, encoding="utf-8")
    return root


def _made(root: Path) -> dict:
    book = load_book(root, print_marks=True)
    made, warnings = render(book, ["pdf", "cover"])
    return {"book": book, "warnings": warnings, **made}


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("print")
    return {"short": _made(_book(tmp, "short", 0)),
            "long": _made(_book(tmp, "long", 6, page="0.2mm"))}


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


# ---------------------------------------------------------------- the interior


@pytest.mark.parametrize("which", ["short", "long"])
@pytest.mark.parametrize("output", ["pdf", "cover"])
def test_pdfx4_output_intent_with_a_cmyk_profile(printed, which, output):
    pdf = _open(printed[which][output])
    assert pdf.pdf_version == "1.6"
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    profile = intent.DestOutputProfile
    assert profile.N == 4
    assert profile.read_bytes()[16:20] == b"CMYK"  # the ICC header's colour space
    assert str(intent.OutputConditionIdentifier) == "Custom"
    assert str(intent.Info) == "Artifex CMYK SWOP Profile"  # the built-in profile's own name


@pytest.mark.parametrize("output", ["pdf", "cover"])
def test_xmp_says_pdfx4(printed, output):
    pdf = _open(printed["long"][output])
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert str(xmp.get("xmpMM:DocumentID", "")).startswith("xmp.did:")


def test_the_print_interior_stays_tagged_and_declares_pdfua(printed):
    pdf = _open(printed["long"]["pdf"])
    assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
    assert str(pdf.Root.Lang) == "sv"
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"


@pytest.mark.parametrize("output", ["pdf", "cover"])
def test_trim_and_bleed_boxes_on_every_page(printed, output):
    pdf = _open(printed["long"][output])
    for page in pdf.pages:
        trim, bleed, media = (list(map(float, page[k])) for k in
                              ("/TrimBox", "/BleedBox", "/MediaBox"))
        assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.01)
        assert bleed[2] - trim[2] == pytest.approx(3 * MM, abs=0.01)
        assert media[0] <= bleed[0] and media[2] >= bleed[2]


def _fonts(pdf: pikepdf.Pdf):
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            for leaf in font.get("/DescendantFonts", [font]):
                yield leaf


@pytest.mark.parametrize("output", ["pdf", "cover"])
def test_every_font_is_embedded(printed, output):
    pdf = _open(printed["long"][output])  # kept: pikepdf objects die with their Pdf
    fonts = list(_fonts(pdf))
    assert fonts
    for font in fonts:
        if font.Subtype == "/Type3":
            continue
        descriptor = font.FontDescriptor
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_rgb_is_calibrated_by_a_default_rgb(printed):
    pdf = _open(printed["long"]["pdf"])
    space = pdf.pages[0].Resources.ColorSpace.DefaultRGB
    assert space[0] == "/ICCBased" and space[1].N == 3


# ---------------------------------------------------------------- the cover


@pytest.mark.parametrize("which", ["short", "long"])
def test_cover_size_is_two_pages_and_the_spine(printed, which):
    made = printed[which]
    pages = len(_open(made["pdf"]).pages)
    spine = pages * made["book"].metadata.print.page_mm + 0.4  # [print] page_/cover_thickness
    cover = _open(made["cover"])
    (page,) = cover.pages
    trim = list(map(float, page.TrimBox))
    assert (trim[2] - trim[0]) / MM == pytest.approx(2 * 148 + spine, abs=0.02)
    assert (trim[3] - trim[1]) / MM == pytest.approx(210, abs=0.02)
    media = list(map(float, page.MediaBox))
    assert (media[2] - media[0]) / MM == pytest.approx(2 * 148 + spine + 6, abs=0.02)


def test_the_two_books_have_different_spines(printed):
    counts = {len(_open(m["pdf"]).pages) for m in printed.values()}
    assert len(counts) == 2 and max(counts) >= 30


def _cover_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def test_a_thin_spine_is_blank_and_the_build_says_why(printed):
    made = printed["short"]
    assert any("spine" in p.message and "left blank" in p.message for p in made["warnings"])
    assert _cover_text(made["cover"]).count("En liten bok") == 1  # the front only


def test_a_wide_spine_carries_title_and_author(printed):
    made = printed["long"]
    assert not any("spine" in p.message for p in made["warnings"])
    text = _cover_text(made["cover"])
    assert text.count("En liten bok") == 2 and "Anna Andersson" in text


def test_back_cover_has_the_text_the_publisher_and_the_isbn(printed):
    text = _cover_text(printed["long"]["cover"])
    assert "Om en liten stad vid ån." in text and "Och en andra stycke." in text
    assert "Eget förlag" in text and "ISBN 978-91-7000-001-0" in text


@pytest.mark.skipif(shutil.which("zbarimg") is None,
                    reason="zbarimg is not installed (Debian: apt-get install zbar-tools; "
                           "make test installs it where it is root)")
def test_the_barcode_reads_back_as_the_isbn(printed, tmp_path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(printed["long"]["cover"])
    image = document[0].render(scale=300 / 72).to_pil()
    document.close()
    path = tmp_path / "cover.png"
    image.save(path)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.split() == [ISBN], result.stderr


def test_barcode_is_the_nominal_ean13_size_in_black_ink():
    from bookgen.writers import isbn_barcode

    svg = isbn_barcode.barcode_svg(ISBN)
    assert isbn_barcode.WIDTH_MM == pytest.approx(38.61)  # 95 modules + 2 x 11 quiet
    assert f'height="{isbn_barcode.HEIGHT_MM}mm"' in svg
    assert "fill:black" not in svg and "device-cmyk(0 0 0 1)" in svg
    digits = [text for text, _ in isbn_barcode.digit_groups(ISBN)]
    assert digits == ["9", "789170", "000010"]


def test_spine_width_formula():
    from bookgen.model import PrintSettings
    from bookgen.writers.print_cover import spine_width

    for pages, page_mm, cover_mm, expected in [(100, 0.05, 0, 5.0), (188, 0.05, 0.5, 9.9),
                                               (320, 0.0572, 0, 18.304)]:
        assert spine_width(pages, PrintSettings(True, page_mm, cover_mm)) == expected


# ---------------------------------------------------------------- the ISBN


def _with_isbn(book_copy, isbn: str) -> Path:
    root = book_copy("mini-sv")
    toml = (root / "book.toml").read_text(encoding="utf-8")
    (root / "book.toml").write_text(toml.replace("[book]\n", f'[book]\nisbn = "{isbn}"\n', 1),
                                    encoding="utf-8")
    return root


@pytest.mark.parametrize("isbn", ["978-91-7000-001-1", "97891700000", "ISBN 12"])
def test_an_invalid_isbn_is_an_error_at_its_line(book_copy, isbn):
    with pytest.raises(BookError) as caught:
        load_book(_with_isbn(book_copy, isbn))
    (problem,) = caught.value.problems
    assert str(problem.source) == "book.toml:2" and "isbn" in problem.message


def test_an_isbn10_is_converted_and_printed_in_the_colophon_and_epub(book_copy):
    book = load_book(_with_isbn(book_copy, "91-7000-001-8"))
    assert book.metadata.isbn == ISBN
    made, _ = render(book, ["html", "epub"])
    assert "ISBN 978-91-7000-001-0" in made["html"].decode()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(made["epub"])) as epub:
        opf = next(epub.read(n) for n in epub.namelist() if n.endswith(".opf")).decode()
        colophon = next(epub.read(n) for n in epub.namelist() if n.endswith("colophon.xhtml"))
    assert re.search(r"<dc:source>urn:isbn:9789170000010</dc:source>", opf)
    assert "978-91-7000-001-0" in colophon.decode()


# ---------------------------------------------------------------- check --print


def test_check_print_finds_nothing_wrong_in_bookgens_own_files(printed):
    from bookgen.preflight.print_shop import print_problems

    made = printed["long"]
    problems = print_problems(made["pdf"], made["cover"])
    assert not [p for p in problems if p.severity == "error"], problems


def test_check_print_refuses_the_screen_pdf(book_copy):
    from bookgen.model import SourceRef
    from bookgen.preflight.print_shop import pdfx_problems

    made, _ = render(load_book(book_copy("mini-sv"), print_marks=False), ["pdf"])
    messages = " | ".join(p.message for p in pdfx_problems(made["pdf"], SourceRef("x")))
    assert "no PDF/X output intent" in messages and "DeviceRGB" in messages
    assert "bleed" in messages


def test_check_print_names_page_count_trim_size_and_low_resolution(book_copy):
    from PIL import Image

    from bookgen.preflight.print_shop import print_problems

    root = book_copy("mini-sv")
    Image.new("RGB", (300, 200), "#806040").save(root / "content" / "liten.png")
    with (root / "content" / "02-slutet.md").open("a", encoding="utf-8") as text:
        text.write("\n\n![En liten bild](liten.png)\n")
    toml = (root / "book.toml").read_text(encoding="utf-8")
    (root / "book.toml").write_text(toml + '\n[pdf]\nwidth = "140mm"\nheight = "200mm"\n',
                                    encoding="utf-8")
    made, _ = render(load_book(root, print_marks=True), ["pdf"])
    messages = " | ".join(p.message for p in print_problems(made["pdf"]))
    assert "not a multiple of 4" in messages and "blank page" in messages
    assert "140.0 x 200.0 mm is not one print shops" in messages
    assert re.search(r"300 x 200 pixels prints at \d+ dpi", messages)


def test_check_print_reports_the_print_checks_and_the_cover(tmp_path):
    from bookgen.api import check

    report = check(_book(tmp_path, "bok", 0), external=False, print_edition=True)
    assert "print" in report.ran and report.ok
    messages = " | ".join(f.message for f in report.findings)
    assert "spine" in messages and "multiple of 4" in messages


def test_check_has_a_print_option():
    from typer.testing import CliRunner

    from bookgen.cli import app

    result = CliRunner().invoke(app, ["check", "--help"])
    assert "--print" in result.output


# ---------------------------------------------------------------- the commands


def test_cover_command_and_build_with_print(tmp_path):
    from typer.testing import CliRunner

    from bookgen.cli import app

    root = _book(tmp_path, "bok", 0)
    result = CliRunner().invoke(app, ["cover", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "dist" / "en-liten-bok-cover.pdf").is_file()
    result = CliRunner().invoke(app, ["build", str(root), "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "dist").glob("*.pdf")) == [
        "en-liten-bok-booklet.pdf", "en-liten-bok-cover.pdf", "en-liten-bok.pdf"]


def test_build_without_print_makes_no_cover(book_copy):
    from bookgen.api import build_formats

    assert build_formats(book_copy("mini-sv")) == ["pdf", "booklet", "epub"]


def test_a_back_text_too_long_for_the_back_is_a_warning(tmp_path):
    root = _book(tmp_path, "lang", 0)
    long_text = ("Ett långt stycke om staden och om åren som gick. " * 30 + "\\n\\n") * 4
    toml = re.sub(r'back_text = ".*"', lambda _: f'back_text = "{long_text}"',
                  (root / "book.toml").read_text(encoding="utf-8"))
    (root / "book.toml").write_text(toml, encoding="utf-8")
    _, warnings = render(load_book(root), ["cover"])
    assert any("back text runs into the ISBN barcode" in p.message for p in warnings)


def _check_digit(twelve: str) -> str:
    return str(-sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve)) % 10)


@given(st.sampled_from(["978", "979"]), st.text("0123456789", min_size=9, max_size=9),
       st.integers(1, 9))
def test_isbn13_check_digit_property(prefix, body, wrong):
    from bookgen.readers.config import isbn13, isbn_problem

    twelve = prefix + body
    good = twelve + _check_digit(twelve)
    if prefix == "979" and body[0] == "0":
        return  # 979-0 is the ISMN range, not an ISBN
    assert isbn_problem(good) == ""
    assert isbn13(good) == good
    bad = twelve + str((int(_check_digit(twelve)) + wrong) % 10)
    assert isbn_problem(bad) != ""


def test_the_shops_own_profile_is_used_and_checked(book_copy):
    root = book_copy("mini-sv")
    shutil.copy(Path(__file__).resolve().parent.parent / "styles" / "print" / "default_cmyk.icc",
                root / "tryckeri.icc")
    (root / "srgb.icc").write_bytes(b"\0" * 16 + b"RGB " + b"\0" * 16 + b"acsp" + b"\0" * 100)
    toml = (root / "book.toml").read_text(encoding="utf-8")
    (root / "book.toml").write_text(toml + '\n[print]\nicc_profile = "tryckeri.icc"\n',
                                    encoding="utf-8")
    made, _ = render(load_book(root, print_marks=True), ["pdf"])
    pdf = _open(made["pdf"])
    assert pdf.Root.OutputIntents[0].DestOutputProfile.N == 4
    (root / "book.toml").write_text(toml + '\n[print]\nicc_profile = "srgb.icc"\n',
                                    encoding="utf-8")
    with pytest.raises(BookError, match="needs a CMYK one"):
        render(load_book(root, print_marks=True), ["pdf"])


def test_cover_problems_name_a_blank_back_and_a_title_too_long():
    from bookgen.model import Metadata
    from bookgen.writers.print_cover import cover_problems, cover_size

    meta = Metadata(title=" ".join(["Ofantligt"] * 40), authors=("A",))
    messages = " | ".join(p.message for p in cover_problems(meta, cover_size(meta, 200)))
    assert "the back has no text" in messages and "the title does not fit" in messages
