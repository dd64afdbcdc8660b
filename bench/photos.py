"""How a photo book builds: 50 camera photos, first build and rebuild after a one-word edit,
against the same book without the photos (``make bench`` runs it after ``run.py``).

    .venv/bin/python bench/photos.py                 # 50 photos of 24 megapixels: ~5 minutes
    .venv/bin/python bench/photos.py --photos 12 --megapixels 12

The book is the long benchmark book's prose (``longbook.generate``, 60 pages) with a photo
after every few paragraphs: camera files (a gradient with grain, which compresses about as
badly as a photo), every fifth one a phone photo on its side with an EXIF turn, every seventh a
CMYK scan, every ninth a full-page photo, every eleventh a float. Timings are wall time and peak
memory of the real ``bookgen build`` child process (``run.run``); the first build starts with no
dist/ (no rebuild stamp, no image cache), the rebuild follows a one-word edit of one chapter.
The table goes to stdout and ``bench/PHOTOS.md``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from longbook import generate  # noqa: E402
from run import BOOKGEN, page_count, run, venv_env  # noqa: E402

from photobook import phone_photo_on_its_side, photo  # noqa: E402


def add_photos(book: Path, count: int, megapixels: float) -> None:
    width = int((megapixels * 1_000_000 * 1.5) ** 0.5)
    size = (width, int(width / 1.5))
    chapters = sorted((book / "content").glob("*.md"))
    for number in range(count):
        name = f"foto-{number + 1:02d}.jpg"
        if number % 5 == 4:
            image, exif = phone_photo_on_its_side()
            image.save(book / "content" / name, quality=90, exif=exif)
        elif number % 7 == 6:
            photo(size, number % 9, "CMYK").save(book / "content" / name, quality=90)
        else:
            photo(size, number % 9).save(book / "content" / name, quality=90)
    for number in range(count):
        chapter = chapters[number % len(chapters)]
        text = chapter.read_text(encoding="utf-8")
        attrs = "{.full-page}" if number % 9 == 8 else "{.float-right}" if number % 11 == 10 \
            else ""
        figure = f"\n\n![Foto {number + 1}](foto-{number + 1:02d}.jpg \"Bild {number + 1}\"){attrs}\n\n"
        paragraphs = text.split("\n\n")
        at = min(len(paragraphs) - 1, 3 + 4 * (number // len(chapters)))
        paragraphs.insert(at, figure.strip())
        chapter.write_text("\n\n".join(paragraphs), encoding="utf-8")


def one_word_edit(book: Path) -> None:
    chapter = sorted((book / "content").glob("*.md"))[0]
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(re.sub(r"\bochså\b|\boch\b", "samt", text, count=1), encoding="utf-8")


def build(book: Path):
    return run([BOOKGEN, "build", str(book)], env=venv_env(), timeout=3600)


def sizes(book: Path) -> str:
    parts = []
    for path in sorted((book / "dist").glob("*")):
        if path.is_file() and not path.name.startswith("."):
            parts.append(f"{path.suffix[1:]}{' booklet' if 'booklet' in path.name else ''} "
                         f"{path.stat().st_size / 1_048_576:.1f} MB")
    return ", ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--megapixels", type=float, default=24)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--output", type=Path, default=HERE / "PHOTOS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bookgen-photos-") as temp:
        work = Path(temp)
        plain = generate(work / "utan-bilder", args.pages)
        started = time.perf_counter()
        photos = work / "med-bilder"
        shutil.copytree(plain, photos)
        add_photos(photos, args.photos, args.megapixels)
        made = time.perf_counter() - started
        source_mb = sum(p.stat().st_size for p in (photos / "content").glob("*.jpg")) / 2**20
        rows = []
        for label, book in (("without photos", plain), (f"{args.photos} photos", photos)):
            shutil.rmtree(book / "dist", ignore_errors=True)
            first = build(book)
            one_word_edit(book)
            again = build(book)
            pages = page_count(next(p for p in (book / "dist").glob("*.pdf")
                                    if "booklet" not in p.name))
            rows.append((label, first, again, pages, sizes(book)))
    lines = [f"# Photo book benchmark ({args.photos} photos of {args.megapixels:g} megapixels, "
             f"{source_mb:.0f} MB of JPEG; made in {made:.0f} s)", "",
             "| book | first `bookgen build` | after a one-word edit | CPU of the rebuild | "
             "peak memory (first) | pages | outputs |", "|---|---:|---:|---:|---:|---:|---|"]
    for label, first, again, pages, out in rows:
        lines.append(f"| {label} | {first.wall:.1f} s | {again.wall:.1f} s | "
                     f"{again.cpu:.1f} s | {first.rss:.0f} MB | {pages} | {out} |")
    (_, f0, a0, p0, _), (_, f1, a1, p1, _) = rows
    ratio, per_page = a1.cpu / a0.cpu, (a1.cpu / p1) / (a0.cpu / p0)
    lines += ["", f"**A one-word edit, rebuilt, against the same book without photos (goal ≤ 1.3):"
              f" {ratio:.2f} in CPU time, {per_page:.2f} per page made.** The photos add "
              f"{p1 - p0} pages to the {p0} of text (their own space, and full-page photos); "
              "what a rebuild costs is laying out and writing those pages, and the edited "
              "chapter's figure flow, laid out alone (`bookgen/writers/chapter_fixes.py`)."]
    lines += ["", f"Photos cost {f1.wall - f0.wall:.1f} s on the first build "
              f"({(f1.wall - f0.wall) / args.photos:.2f} s a photo) and "
              f"{a1.wall - a0.wall:.1f} s on a rebuild after a one-word edit: the prepared "
              "images come from dist/.bookgen-images/, so a rebuild prepares no image (it reads "
              "and hashes each photo to know it is the same; what remains is laying out and "
              "writing the pages the photos are on, and the edited chapter's figure flow)."]
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
