"""Render the pictures in the README from the memoir's real outputs in dist/.

Run after `make book`: .venv/bin/python scripts/readme_pictures.py
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
    screens = epub_screens(ROOT / "dist" / "memoarer-klf.epub")
    if screens:
        screens.save(OUT / "epub.png", optimize=True)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    sys.exit(main())
