"""The same book gives the same bytes: at two different paths, at two different times.

Two copies of a book (with a stylesheet image, a figure and a timeline) in folders of different
depth, with different file times, are built through the CLI; the PDF, the booklet and the EPUB
must be byte-identical. With ``SOURCE_DATE_EPOCH`` the outputs carry that moment; without it,
the build's day (never the time of day, never the file times of a fresh clone).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
NAMES = ("en-liten-bok.pdf", "en-liten-bok-booklet.pdf", "en-liten-bok.epub")
EPOCH = 1_700_000_000


def _copy(tmp_path: Path, where: str, mtime: int) -> Path:
    root = tmp_path / where / "bok"
    shutil.copytree(ROOTS / "mini-sv", root)
    (root / "styles").mkdir()
    (root / "styles" / "prick.png").write_bytes(PNG)
    (root / "styles" / "book.css").write_text(
        ".chapter-title { background: url(prick.png) no-repeat; }\n", encoding="utf-8")
    (root / "content" / "bild.png").write_bytes(PNG)
    with (root / "content" / "02-slutet.md").open("a", encoding="utf-8") as text:
        text.write("\n\n![En prick](bild.png \"En bildtext\")\n")
    for path in root.rglob("*"):
        os.utime(path, (mtime, mtime))
    return root


def _build(root: Path, epoch: int | None) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    result = subprocess.run([sys.executable, "-m", "bookgen", "build", str(root)], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {name: (root / "dist" / name).read_bytes() for name in NAMES}


def _today() -> datetime:
    now = datetime.now(timezone.utc)
    return datetime(now.year, now.month, now.day, tzinfo=timezone.utc)


@pytest.mark.parametrize("epoch", [EPOCH, None], ids=["SOURCE_DATE_EPOCH", "build-day"])
def test_two_clones_build_the_same_bytes(tmp_path, epoch):
    day = _today()
    first = _build(_copy(tmp_path, "a", 1_000_000_000), epoch)
    second = _build(_copy(tmp_path, "b/much/deeper/path", 1_600_000_000), epoch)
    if epoch is None and _today() != day:
        pytest.skip("the day changed between the two builds")
    for name in NAMES:
        assert first[name] == second[name], f"{name} differs between the two clones"
    for data in first.values():
        assert b"/a/bok" not in data and str(tmp_path).encode() not in data


def test_outputs_carry_the_source_date(tmp_path):
    outputs = _build(_copy(tmp_path, "a", 1_000_000_000), EPOCH)
    moment = datetime.fromtimestamp(EPOCH, tz=timezone.utc)
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(outputs["en-liten-bok.pdf"])).metadata
    assert info["/ModDate"].startswith(moment.strftime("D:%Y%m%d%H%M%S"))
    epub = tmp_path / "book.epub"
    epub.write_bytes(outputs["en-liten-bok.epub"])
    with zipfile.ZipFile(epub) as archive:
        assert {info.date_time for info in archive.infolist()} == {moment.timetuple()[:6]}
        opf = next(archive.read(n) for n in archive.namelist() if n.endswith(".opf")).decode()
    assert moment.strftime("%Y-%m-%dT%H:%M:%SZ") in opf


def test_without_source_date_the_build_day_is_used_and_the_book_keeps_its_date(
        tmp_path, monkeypatch):
    from bookgen.util.dates import build_timestamp

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    noon = datetime(2026, 12, 1, 12, 34, 56, tzinfo=timezone.utc)
    assert build_timestamp(noon) == datetime(2026, 12, 1, tzinfo=timezone.utc)
    day = _today()
    outputs = _build(_copy(tmp_path, "a", 1_000_000_000), None)
    if _today() != day:
        pytest.skip("the day changed during the build")
    with zipfile.ZipFile(io.BytesIO(outputs["en-liten-bok.epub"])) as archive:
        opf = next(archive.read(n) for n in archive.namelist() if n.endswith(".opf")).decode()
    assert f'<meta property="dcterms:modified">{day:%Y-%m-%dT%H:%M:%SZ}</meta>' in opf
    assert "<dc:date>2020</dc:date>" in opf  # the book's own date, from book.toml


def test_a_source_date_past_what_zip_can_carry_still_builds(tmp_path):
    outputs = _build(_copy(tmp_path, "a", 1_000_000_000), 4_400_000_000)  # the year 2109
    with zipfile.ZipFile(io.BytesIO(outputs["en-liten-bok.epub"])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


def _build_print(root: Path) -> dict[str, bytes]:
    """The print shop's files: the PDF/X-4 interior and the cover (book.toml gets [print])."""
    with (root / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[print]\npage_thickness = "0.5mm"\n')
    text = (root / "book.toml").read_text(encoding="utf-8")
    (root / "book.toml").write_text(text.replace("[book]\n", '[book]\nisbn = "9789170000010"\n'),
                                    encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    for command in (["pdf", "--print"], ["cover"]):
        result = subprocess.run([sys.executable, "-m", "bookgen", *command, str(root)], env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    names = ("en-liten-bok.pdf", "en-liten-bok-cover.pdf")
    return {name: (root / "dist" / name).read_bytes() for name in names}


def test_two_clones_build_the_same_print_files(tmp_path):
    first = _build_print(_copy(tmp_path, "a", 1_000_000_000))
    second = _build_print(_copy(tmp_path, "b/much/deeper/path", 1_600_000_000))
    for name, data in first.items():
        assert data == second[name], f"{name} differs between the two clones"
        assert b"/a/bok" not in data and str(tmp_path).encode() not in data
