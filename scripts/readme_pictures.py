"""Render the pictures in the README from the memoir's real outputs in dist/.

Run after `make book`: .venv/bin/python scripts/readme_pictures.py

The print cover is made here from a copy of the memoir lengthened with the benchmark's
generated chapters (bench/longbook.py) to a paperback's page count, with an example ISBN, so
the spine carries its title; the signatures drawing is drawn with Pillow.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
GAP, GREY = 12, (150, 150, 150)


def pages(pdf: Path, indices: list[int], scale: float) -> list[Image.Image]:
    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=scale).to_pil().convert("RGB") for i in indices]
    document.close()
    return images


def side_by_side(images: list[Image.Image]) -> Image.Image:
    width = sum(i.width for i in images) + GAP * (len(images) + 1)
    height = max(i.height for i in images) + 2 * GAP
    sheet = Image.new("RGB", (width, height), GREY)
    x = GAP
    for image in images:
        sheet.paste(image, (x, GAP))
        x += image.width + GAP
    return sheet


def find_page(pdf: Path, text: str) -> int:
    document = pdfium.PdfDocument(str(pdf))
    for index, page in enumerate(document):
        if page.get_textpage().get_text_range().replace("\r\n", "\n").startswith(text):
            return index
    raise SystemExit(f"no page starts with {text!r}")


def full_sheet(booklet: Path) -> int:
    """The first booklet sheet with text on both halves."""
    document = pdfium.PdfDocument(str(booklet))
    for index, page in enumerate(document):
        width, height = page.get_size()
        text = page.get_textpage()
        if all(text.get_text_bounded(x, 0, x + width / 2, height).strip()
               for x in (0, width / 2)):
            return index
    return 0


def epub_screens(epub: Path) -> Image.Image | None:
    """Two EPUB documents as headless Chromium shows them at a phone's width (if installed)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    shots = []
    with tempfile.TemporaryDirectory() as work:
        zipfile.ZipFile(epub).extractall(work)
        for name in ("02-de-forsta-manaderna.xhtml", "timeline.xhtml"):
            shot = Path(work) / f"{name}.png"
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--no-first-run",
                            f"--user-data-dir={work}/profile", "--hide-scrollbars",
                            f"--screenshot={shot}", "--window-size=480,800",
                            (Path(work) / "EPUB" / name).as_uri()],
                           capture_output=True, timeout=60, check=False)
            shots.append(Image.open(shot).convert("RGB"))
    return side_by_side(shots)


EXAMPLE_PRINT = """
[print]
page_thickness = "0.05mm"
cover_thickness = "0.4mm"
back_text = \"\"\"Hösten 2006 blev jag kommundirektör i Katrineholm. Det här är berättelsen om \\
de fyra och ett halvt år som följde: om en ny förvaltning som skulle byggas, om budgetar och \\
ledningsgrupper, och om människorna som fick det att fungera.

Skriven för kollegor, vänner och familj.\"\"\"
"""


def print_cover(pages: int = 180) -> Image.Image:
    """The memoir's print cover at a paperback's thickness (an example ISBN on the back)."""
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    from longbook import generate

    from bookgen.build.render import load_book, render

    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / "memoar"
        shutil.copytree(ROOT / "content", book / "content")
        generate(Path(work) / "lang", pages=pages - 20)
        for number, chapter in enumerate(sorted((Path(work) / "lang" / "content").glob("*.md"))):
            shutil.copy(chapter, book / "content" / f"{90 + number:02d}-{chapter.name}")
        toml = (ROOT / "book.toml").read_text(encoding="utf-8").replace(
            "[book]\n", '[book]\nisbn = "978-91-7000-001-0"\npublisher = "Eget förlag"\n', 1)
        (book / "book.toml").write_text(toml + EXAMPLE_PRINT, encoding="utf-8")
        made, _ = render(load_book(book, print_marks=True), ["cover"])
    document = pdfium.PdfDocument(made["cover"])
    image = document[0].render(scale=0.75).to_pil().convert("RGB")
    document.close()
    return image


def signatures_drawing() -> Image.Image:
    """A booklet of three signatures seen from the head: each is five sheets folded together
    (nested folds at the spine, on the left), the signatures stacked and sewn through the folds."""
    from PIL import ImageDraw, ImageFont

    from bookgen.theme.fonts import text_face_files

    regular = next(f.path for f in text_face_files("EB Garamond") if f.style == "normal")
    font, small = ImageFont.truetype(str(regular), 26), ImageFont.truetype(str(regular), 21)
    image = Image.new("RGB", (980, 470), "white")
    draw = ImageDraw.Draw(image)
    ink, thread, soft = (38, 52, 59), (196, 110, 50), (110, 110, 110)
    fold_x, right, gap = 150, 560, 9
    for number in range(3):
        top = 40 + number * 135
        for sheet in range(5):  # the outer sheet first: nested folds
            y0, y1 = top + sheet * gap, top + 110 - sheet * gap
            radius = (y1 - y0) / 2
            draw.arc((fold_x + sheet * 4, y0, fold_x + sheet * 4 + 2 * radius, y1), 90, 270,
                     fill=ink, width=3)
            x = fold_x + sheet * 4 + radius
            draw.line((x, y0, right, y0), fill=ink, width=3)
            draw.line((x, y1, right, y1), fill=ink, width=3)
        middle = top + 55
        draw.text((right + 30, middle - 30), f"Signature {number + 1}: 5 sheets, pages "
                  f"{20 * number + 1}–{20 * number + 20}", font=font, fill=ink)
        draw.text((right + 30, middle + 4), "folded together in the middle", font=small, fill=soft)
    draw.line((fold_x - 4, 40, fold_x - 4, 420), fill=thread, width=5)
    draw.text((20, 430), "The spine: the signatures in order, sewn or glued through their folds "
              "(or each one stapled).", font=small, fill=soft)
    draw.text((20, 6), "Spine", font=small, fill=thread)
    return image


def main() -> None:
    pdf, booklet = ROOT / "dist" / "memoarer-klf.pdf", ROOT / "dist" / "memoarer-klf-booklet.pdf"
    OUT.mkdir(parents=True, exist_ok=True)
    title = find_page(pdf, "Memoarer – KLF\nFyra")
    toc = find_page(pdf, "Innehåll")
    fourth = find_page(pdf, "4\nTre ledningsprinciper")
    timeline = find_page(pdf, "Tidslinje")
    side_by_side(pages(pdf, [title, toc], 1.2)).save(OUT / "title-and-contents.png", optimize=True)
    side_by_side(pages(pdf, [fourth + 1, fourth + 2], 1.2)).save(OUT / "spread.png",
                                                                 optimize=True)
    side_by_side(pages(pdf, [timeline], 1.2)).save(OUT / "timeline.png", optimize=True)
    side_by_side(pages(booklet, [full_sheet(booklet)], 0.9)).save(OUT / "booklet-sheet.png", optimize=True)
    print_cover().save(OUT / "print-cover.png", optimize=True)
    signatures_drawing().save(OUT / "signatures.png", optimize=True)
    screens = epub_screens(ROOT / "dist" / "memoarer-klf.epub")
    if screens:
        screens.save(OUT / "epub.png", optimize=True)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    sys.exit(main())
