"""``make check-readers``: the memoir's EPUB in real reading systems, as a reader meets it.

* calibre (how most people make a Kindle file): EPUB → AZW3 must find the book's own HTML cover
  (no second cover made by calibre), EPUB → PDF must have one cover and no blank page, and
  calibre's "Check book" must find no broken link;
* epub.js in Chromium (the engine of many reading apps) at a phone's width: at most 5 % of the
  justified lines may have a word space over twice the font's own, and the timeline's labels
  must be at least 11 px at 360 px.

Screenshots and the converted files go to ``dist/readers/``. Run ``scripts/readers.sh install``
first (the make target does). Exit 1 when a check fails.

    python scripts/check_readers.py [EPUB]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(os.environ.get("BOOKGEN_READERS_DIR", ROOT / ".tools" / "readers"))
OUT = ROOT / "dist" / "readers"
MAX_WIDE_SHARE = 0.05
MIN_LABEL_PX = 11.0
#: calibre's QtWebEngine runs as root only without its sandbox, and without a screen offscreen.
CALIBRE_ENV = {**os.environ, "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
               "QT_QPA_PLATFORM": "offscreen"}
LINK_CHECKS = re.compile(r"Link|Anchor|Unreferenced|Missing|Dangling|Bad", re.IGNORECASE)
CHECK_BOOK = """
import json, sys
from calibre.ebooks.oeb.polish.container import get_container
from calibre.ebooks.oeb.polish.check.main import run_checks
found = run_checks(get_container(sys.argv[-1], tweak_mode=True))
print("BOOKGEN-CHECK " + json.dumps([[e.level, type(e).__name__, str(e.msg), e.name or ""]
                                     for e in found]))
"""


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def calibre_checks(epub: Path, failures: list[str]) -> None:
    azw3 = run(["ebook-convert", str(epub), str(OUT / "book.azw3")], env=CALIBRE_ENV)
    if "Found HTML cover" not in azw3.stdout + azw3.stderr:
        failures.append("calibre: AZW3 did not use the book's cover page (a second cover)")
    pdf = run(["ebook-convert", str(epub), str(OUT / "book-calibre.pdf")], env=CALIBRE_ENV)
    if pdf.returncode:
        failures.append(f"calibre: EPUB → PDF failed: {pdf.stderr[-400:]}")
    else:
        failures.extend(_pdf_pages(OUT / "book-calibre.pdf"))
    checked = run(["calibre-debug", "-c", CHECK_BOOK, str(epub)], env=CALIBRE_ENV)
    line = next((l for l in checked.stdout.splitlines() if l.startswith("BOOKGEN-CHECK ")), "")
    found = json.loads(line[len("BOOKGEN-CHECK "):]) if line else None
    if found is None:
        failures.append(f"calibre: Check book did not run: {checked.stderr[-400:]}")
        return
    links = [f for f in found if LINK_CHECKS.search(f[1])]
    others = len(found) - len(links)
    print(f"calibre Check book: {len(links)} link problems, {others} other notes"
          " (CSS selector-order advice is not a reading problem)")
    failures.extend(f"calibre: {kind}: {msg} ({name})" for _, kind, msg, name in links)


def _pdf_pages(pdf: Path) -> list[str]:
    """One cover (the first page), then no page that is blank or a second cover."""
    import pypdfium2 as pdfium

    problems = []
    document = pdfium.PdfDocument(str(pdf))
    inks = []
    for number in range(len(document)):
        image = document[number].render(scale=0.3).to_pil().convert("L")
        histogram = image.histogram()
        inks.append(1 - histogram[255] / max(1, sum(histogram)))  # share of non-white pixels
    if inks and inks[0] < 0.5:
        problems.append("calibre PDF: the first page is not the cover")
    for number, ink in enumerate(inks[1:], 2):
        if ink < 0.0005:
            problems.append(f"calibre PDF: page {number} is blank")
        elif ink > 0.5:
            problems.append(f"calibre PDF: page {number} looks like a second cover")
    document[0].render(scale=0.5).to_pil().save(OUT / "calibre-cover.png")
    print(f"calibre PDF: {len(inks)} pages")
    return problems


def epubjs_checks(epub: Path, failures: list[str]) -> None:
    script = ROOT / "scripts" / "readers" / "epubjs.mjs"
    result = run(["node", str(script), str(epub), str(OUT)], cwd=TOOLS,
                 env={**os.environ, "BOOKGEN_READERS_DIR": str(TOOLS)})
    if result.returncode:
        failures.append(f"epub.js: {result.stderr[-600:]}")
        return
    data = json.loads(result.stdout)
    lines = sum(d["lines"] for d in data["documents"])
    wide = sum(d["wide"] for d in data["documents"])
    worst = max((d["worst"] for d in data["documents"]), default=0)
    share = wide / lines if lines else 0
    print(f"epub.js at {data['width']} px: {wide} of {lines} justified lines ({share:.1%}) "
          f"have a space over twice the normal one; the widest is {worst:.1f} ×")
    if share > MAX_WIDE_SHARE:
        failures.append(f"epub.js: {share:.1%} of justified lines have holes "
                        f"(at most {MAX_WIDE_SHARE:.0%})")
    small = [l for l in data["labels"] if l["px"] < MIN_LABEL_PX]
    sizes = sorted({l["px"] for l in data["labels"]})
    print(f"epub.js at {data['label_width']} px: timeline labels {sizes} px")
    if small:
        failures.append(f"epub.js: {len(small)} timeline labels under {MIN_LABEL_PX:g} px "
                        f"at {data['label_width']} px, e.g. {small[0]['text']!r}")


def memoir_epub(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from bookgen.api import build

    return build(ROOT, ["epub"], {"epub": folder / "book.epub"})["epub"]


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        epub = Path(argv[0]) if argv else memoir_epub(Path(folder))
        calibre_checks(epub, failures)
        epubjs_checks(epub, failures)
    for failure in failures:
        print(f"✗ {failure}")
    print("✓ the EPUB reads well in calibre and epub.js" if not failures
          else f"{len(failures)} problem(s); screenshots in {OUT.relative_to(ROOT)}/")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
