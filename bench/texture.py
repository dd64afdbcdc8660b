"""The texture of justified text, bookgen against Pandoc + XeLaTeX, measured on the PDFs alike.

    .venv/bin/python bench/texture.py                 # the memoir and a 120-page long book
    .venv/bin/python bench/texture.py --pages 300 --png /tmp/pages

Both PDFs are read the same way (pypdfium2: each glyph's origin and advance box, grouped into
lines by baseline, running heads and folios left out by their size): for every justified line
(flush with the column's right edge) the median space between its words, as a multiple of the
font's own space (EB Garamond's is 0.2 em). Printed for each: the share of "loose" lines (median
space over 1.5 × the font's space), the worst line, ladders (runs of 3+ lines ending in a
hyphen), widows and orphans (a paragraph's last line alone at the top of a page, its first alone
at the bottom), stranded lines (a short line in the middle of a paragraph, the text going on
flush left below it) and overfull lines. bookgen's own figures from its layout
(``bookgen.preflight.lines``) are printed beside them as a check of the PDF reading.

The LaTeX side gets what bookgen's PDF has: the same A5 text block (20/16/22/20 mm), the same
EB Garamond files (copied from bookgen's font package), 11 pt on 15.4 pt, Swedish hyphenation,
a 1.3 em paragraph indent; otherwise Pandoc's own LaTeX template, as a user gets it. Without
``pandoc`` and ``xelatex`` (Debian: pandoc, texlive-xetex, texlive-lang-european; ``make
benchdeps`` installs them where root) its column says "skipped". ``--png DIR`` writes pages of
both side by side as PNG (pdftoppm, poppler-utils) to look at.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SPACE_EM = 0.2  # EB Garamond's space advance (200 of 1000 units)
LOOSE = 1.5
HYPHENS = "-\u2010\u00ad"
FULL_PAGE_LINES = 12  # a page with this many lines of body text tells where its column ends


@dataclass
class PdfLine:
    page: int
    left: float
    right: float
    size: float
    gaps: list[float]
    last_char: str
    text: str
    baseline: float = 0.0


def _advances():
    """EB Garamond's advance widths (in em) by character, from bookgen's own font file."""
    from fontTools.ttLib import TTFont

    from bookgen.theme import fonts

    out = {}
    for face in fonts.text_face_files("EB Garamond"):
        font = TTFont(face.path)
        upm, metrics = font["head"].unitsPerEm, font["hmtx"]
        table = {code: metrics[glyph][0] / upm for code, glyph in font.getBestCmap().items()}
        out[face.style] = table
    return out


def pdf_lines(pdf: Path) -> list[PdfLine]:
    """The body text's lines (glyphs of the most common size), top to bottom on each page.

    Each glyph is placed by its origin and advance (from the font file, scaled by the PDF's
    own ratio of glyph boxes to font size: WeasyPrint writes sizes in CSS px under a 0.75
    scale, XeTeX in points), so a word space is the distance between the end of one word's
    last advance and the next word's first origin, whatever the glyphs' shapes."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    advances = _advances().get("normal", {})
    document = pdfium.PdfDocument(str(pdf))
    pages, ratios = [], []
    x, y = ctypes.c_double(), ctypes.c_double()
    for number, page in enumerate(document):
        text = page.get_textpage()
        chars = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            size = raw.FPDFText_GetFontSize(text.raw, i)
            raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            try:
                left, bottom, right, top = text.get_charbox(i, loose=True)
            except pdfium.PdfiumError:
                continue
            advance = advances.get(ord(char)) if len(char) == 1 else None
            if advance and size and not char.isspace() and right > left:
                ratios.append((right - left) / (advance * size))
            chars.append([char, size, x.value, right - x.value, y.value, advance])
        pages.append((number, chars))
    document.close()
    scale = statistics.median(ratios) if ratios else 1.0
    sizes = [round(c[1] * scale, 1) for _, chars in pages for c in chars if not c[0].isspace()]
    body = statistics.mode(sizes)
    out = []
    for number, chars in pages:
        for char in chars:
            char[1] = round(char[1] * scale, 1)
            if char[5] and not char[0].isdigit():
                # the advance, in the page's units; a digit keeps its box's (both PDFs set
                # oldstyle proportional figures, whose advances are not the font's default ones)
                char[3] = char[5] * char[1]
        out.extend(_lines_of_page(number, chars, body))
    return out


def _lines_of_page(number: int, chars, body: float) -> list[PdfLine]:
    rows: dict[float, list] = {}
    for char in chars:
        if abs(char[1] - body) > 0.05 * body and not char[0].isspace():
            continue
        rows.setdefault(round(char[4] / 2) * 2, []).append(char)
    lines = []
    for baseline in sorted(rows, reverse=True):
        row = sorted(rows[baseline], key=lambda c: c[2])
        visible = [c for c in row if not c[0].isspace() and c[0] not in "\u200b\ufffe"]
        if not visible:
            continue
        gaps, previous, spaced = [], None, False
        for char in row:
            if char[0].isspace():
                spaced = True
                continue
            if char[0] in "\u200b\ufffe":
                continue
            if previous is not None:
                gap = char[2] - (previous[2] + previous[3])
                if spaced or gap > 0.1 * body:
                    gaps.append(gap)
            previous, spaced = char, False
        text = "".join(c[0] for c in row)
        lines.append(PdfLine(number, visible[0][2], visible[-1][2] + visible[-1][3], body,
                             gaps, visible[-1][0], text, baseline))
    return lines


@dataclass
class Figures:
    lines: int
    justified: int
    loose: int
    worst: float
    ladders: int
    widows: int
    orphans: int
    stranded: int
    overfull: int

    def row(self) -> list[str]:
        share = self.loose / self.justified if self.justified else 0.0
        return [f"{share:.1%}", f"{self.worst:.2f} ×", str(self.ladders),
                f"{self.widows} / {self.orphans}", str(self.stranded), str(self.overfull),
                str(self.justified)]


def figures(lines: list[PdfLine]) -> Figures:
    by_page: dict[int, list[PdfLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    justified = loose = ladders = widows = orphans = stranded = overfull = 0
    worst, run = 0.0, 0
    previous_page_continues = False
    edges = _column_edges(by_page)
    for number in sorted(by_page):
        page = by_page[number]
        if len(page) < 3:
            previous_page_continues = False
            continue
        left, right = edges[number]
        em = page[0].size
        flush = [abs(line.right - right) < 0.15 * em for line in page]
        leading = statistics.median([a.baseline - b.baseline for a, b in zip(page, page[1:])])
        # a paragraph starts indented, or after a gap (a heading, a quotation, a list)
        after_gap = [i > 0 and page[i - 1].baseline - line.baseline > 1.3 * leading
                     for i, line in enumerate(page)]
        starts = [line.left > left + 0.5 * em or after_gap[i] for i, line in enumerate(page)]
        for index, line in enumerate(page):
            if line.right > right + 0.15 * em:
                overfull += 1
            if flush[index] and len(line.gaps) >= 2 and ". ." not in line.text \
                    and max(line.gaps) < 3 * em:  # not a contents line with leaders
                justified += 1
                ratio = statistics.median(line.gaps) / (SPACE_EM * line.size)
                loose += ratio > LOOSE
                worst = max(worst, ratio)
            hyphen = flush[index] and line.last_char in HYPHENS
            run = run + 1 if hyphen else 0
            ladders += run == 3
            following = page[index + 1] if index + 1 < len(page) else None
            # (not a line set off by a gap above it: a heading, whose text follows flush left)
            if (following is not None and not flush[index] and not starts[index + 1]
                    and not after_gap[index]
                    and line.right - line.left < 0.6 * (right - left)
                    and abs(following.left - left) < 0.1 * em and flush[index + 1]):
                stranded += 1
        if previous_page_continues and not flush[0] and not starts[0]:
            widows += 1
        last = page[-1]  # (not a contents line, whose page number ends it flush right)
        if starts[-1] and flush[-1] and not (last.gaps and max(last.gaps) >= 3 * em):
            orphans += 1
        previous_page_continues = flush[-1]
        run = 0
    return Figures(len(lines), justified, loose, worst, ladders, widows, orphans, stranded,
                   overfull)


def _column_edges(by_page: dict[int, list[PdfLine]]) -> dict[int, tuple[float, float]]:
    """Each page's column: its left edge (its leftmost line) and its right edge. A page's own
    right edge (where most of its longer lines end) is taken only where it has lines enough
    to tell; other pages get the one of the full pages with the same left edge (left and
    right pages have their own), so a page of a few short lines has no overfull line."""
    own = {}
    for number, page in by_page.items():
        rights = sorted(line.right for line in page)[-max(3, len(page) // 2):]
        own[number] = (min(line.left for line in page), statistics.median(rights), len(page))
    full: dict[int, list[float]] = {}
    for left, right, count in own.values():
        if count >= FULL_PAGE_LINES:
            full.setdefault(round(left), []).append(right)
    edges = {}
    for number, (left, right, count) in own.items():
        rights = full.get(round(left))
        edges[number] = (left, right if count >= FULL_PAGE_LINES or not rights
                         else statistics.median(rights))
    return edges


# ------------------------------------------------------------------ making the PDFs


def bookgen_pdf(book: Path, out: Path) -> tuple[Path, object]:
    """bookgen's PDF of ``book``, and its texture as read from the layout itself."""
    from bookgen.build.render import load_book
    from bookgen.preflight.lines import document_lines, texture
    from bookgen.theme.folders import Theme
    from bookgen.writers import new_context
    from bookgen.writers.pdf import render_document, write_pdf

    loaded = load_book(book)
    ctx = new_context(loaded, Theme(loaded.root))
    out.write_bytes(write_pdf(ctx))
    document = ctx.shared("document", render_document)
    return out, texture(document_lines(document))


def write_one_markdown(book: Path, target: Path) -> None:
    """The book's content files as one Markdown file for Pandoc, each front-matter title made
    the chapter's ``#`` heading."""
    parts = []
    for path in sorted((book / "content").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = ""
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if match:
            text = text[match.end():]
            found = re.search(r"^title:\s*(.+)$", match.group(1), re.M)
            title = found.group(1).strip().strip("\"'") if found else ""
        parts.append(f"# {title}\n\n{text}" if title else text)
    target.write_text("\n\n".join(parts), encoding="utf-8")


def latex_available() -> bool:
    return bool(shutil.which("pandoc") and shutil.which("xelatex"))


def latex_pdf(book: Path, work: Path) -> Path:
    """The same text through Pandoc and XeLaTeX, with bookgen's text block and fonts."""
    subprocess.run(latex_command(book, work), cwd=work, check=True, capture_output=True,
                   timeout=900)
    return work / "latex.pdf"


def latex_command(book: Path, work: Path, toc: bool = False) -> list[str]:
    """Pandoc's command (run in ``work``) for ``book`` through XeLaTeX into ``latex.pdf``, with
    the files it reads written into ``work``. With ``toc``, a table of contents, for which
    Pandoc runs XeLaTeX as often as LaTeX needs (three times for a book)."""
    from bookgen.theme import fonts

    work.mkdir(parents=True, exist_ok=True)
    files = {f.style: f.path for f in fonts.text_face_files("EB Garamond")}
    shutil.copy2(files["normal"], work / "Garamond-Regular.ttf")
    shutil.copy2(files["italic"], work / "Garamond-Italic.ttf")
    write_one_markdown(book, work / "book.md")
    (work / "header.tex").write_text(
        "\\setlength{\\parindent}{1.3em}\n\\setlength{\\parskip}{0pt}\n", encoding="utf-8")
    return [
        "pandoc", "book.md", "-o", "latex.pdf", "--pdf-engine=xelatex", *(["--toc"] if toc else []),
        "--top-level-division=chapter", "-V", "documentclass=book", "-V", "classoption=oneside",
        "-V", "geometry:paperwidth=148mm,paperheight=210mm,top=20mm,bottom=22mm,"
              "left=20mm,right=16mm",
        "-V", "fontsize=11pt", "-V", "linestretch=1.1324",  # 15.4 pt on LaTeX's 13.6 pt
        "-V", "lang=sv", "-V", "indent=true",
        "-V", "mainfont=Garamond-Regular.ttf",
        "-V", "mainfontoptions=Path=./,ItalicFont=Garamond-Italic.ttf,Numbers=OldStyle",
        "-H", "header.tex",
    ]


def pngs(pdf: Path, folder: Path, name: str, pages: tuple[int, int]) -> None:
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(pages[0]), "-l",
                        str(pages[1]), str(pdf), str(folder / name)], check=True)


# ------------------------------------------------------------------ the report


HEAD = ["", "loose lines", "worst line", "ladders", "widows / orphans", "stranded",
        "overfull", "justified lines"]


def measure(name: str, book: Path, work: Path, png: Path | None) -> list[list[str]]:
    rows = []
    ours, layout = bookgen_pdf(book, work / f"{name}-bookgen.pdf")
    rows.append([f"{name}: bookgen (PDF)", *figures(pdf_lines(ours)).row()])
    share = layout.loose_share
    rows.append([f"{name}: bookgen (its layout)", f"{share:.1%}", f"{layout.worst:.2f} ×",
                 str(layout.ladders), f"{layout.widows} / {layout.orphans}",
                 str(layout.stranded), str(layout.overfull), str(layout.justified)])
    if latex_available():
        theirs = latex_pdf(book, work / f"{name}-latex")
        rows.append([f"{name}: Pandoc + XeLaTeX", *figures(pdf_lines(theirs)).row()])
        if png:
            pngs(theirs, png, f"{name}-latex", (3, 6))
    else:
        rows.append([f"{name}: Pandoc + XeLaTeX", "skipped (no pandoc/xelatex)"])
    if png:
        pngs(ours, png, f"{name}-bookgen", (9, 12))
    return rows


def table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(row + [""] * (len(HEAD) - len(row))) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=120, help="the long book's length")
    parser.add_argument("--png", type=Path, help="write pages of both PDFs here as PNG")
    parser.add_argument("--memoir", type=Path, default=REPO, help="the memoir's book folder")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "bench"))
    import longbook

    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        long_book = longbook.generate(work / "long", pages=args.pages)
        rows = measure("memoir", args.memoir, work, args.png)
        rows += measure(f"long book ({args.pages} p.)", long_book, work, args.png)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
