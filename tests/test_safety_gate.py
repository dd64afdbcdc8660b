"""Safe with any book, part two: special files, links out of the book, writes outside it, a bad
rebuild stamp, dates past what a zip carries, spreadsheet formulas and terminal escapes.

Each hostile book is run through the CLI in a subprocess with a timeout, so a regression that
waits on a FIFO or reads /dev/zero fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bookfiles import FIFO, Link, fill, write_files

from bookgen.build import outputs as outputs_module
from bookgen.build.outputs import write_outputs
from bookgen.errors import BookError

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")  # a whole 1 x 1 PNG (Pillow decodes it)
SECRET = "TOPSECRET-21-e5b1"
TOML = '[book]\ntitle = "Boken"\nauthors = ["Anna"]\nlanguage = "sv"\ndate = "2020"\n'
GOOD = {
    "book.toml": TOML,
    "content/01-a.md": "---\ntitle: Första\n---\n\nEn mening om 1958.\n\n![En prick](prick.png)\n",
    "content/02-b.md": "---\ntitle: Andra\n---\n\nSe [första](01-a.md).\n",
    "content/prick.png": PNG,
}
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@dataclass(frozen=True)
class Row:
    name: str
    files: dict
    message: str
    command: str = "html"
    code: int = 1
    args: tuple = ()
    extra: dict = field(default_factory=dict)


MEMORY_CAP = 3 << 30  # a regression reading /dev/zero fails instead of eating the machine


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_cli(command: str, root: Path, *args: str, timeout: float = 90, env: dict | None = None):
    """The CLI in a subprocess, bounded in time and (but for check, whose EPUBCheck is a Java
    virtual machine that reserves more) in memory."""
    cap = _cap_memory if command != "check" and sys.platform.startswith("linux") else None
    return subprocess.run([sys.executable, "-m", "bookgen", command, str(root), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=root,
                          preexec_fn=cap, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def good_book(tmp_path_factory) -> Path:
    """The good book with its HTML and EPUB built once (the outputs each row must keep)."""
    root = tmp_path_factory.mktemp("good21") / "bok"
    write_files(root, GOOD, {})
    for command in ("html", "epub"):
        result = run_cli(command, root)
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture()
def shelf(tmp_path, good_book):
    """A copy of the good book, a folder beside it with a secret, and the names to fill in."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    (outside / "secret.css").write_text(f"/* {SECRET} */ p {{ color: red }}\n")
    root = tmp_path / "bok"
    shutil.copytree(good_book, root, symlinks=True)
    return root, {"outside": str(outside), "secret": str(outside / "secret.txt")}


def _outputs_hold_no_secret(root: Path) -> None:
    for path in (root / "dist").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".epub":
                with zipfile.ZipFile(path) as epub:
                    data = b"".join(epub.read(n) for n in epub.namelist())
            assert SECRET.encode() not in data, path


ROWS = [
    Row("epub-css-to-passwd", {"styles/epub.css": Link("/etc/passwd")},
        r"styles/epub\.css: error: the file links to a place outside the book folder",
        command="epub"),
    Row("epub-css-to-valid-css", {"styles/epub.css": Link("{outside}/secret.css")},
        r"styles/epub\.css: error: the file links to a place outside the book folder",
        command="epub"),
    Row("content-fifo", {"content/03-c.md": FIFO},
        r"content/03-c\.md: error: this is a named pipe"),
    Row("content-dev-zero", {"content/03-c.md": Link("/dev/zero")},
        r"content/03-c\.md: error: the file links to a place outside"),
    Row("book-toml-fifo", {"book.toml": FIFO}, r"book\.toml: error: this is a named pipe"),
    Row("template-fifo", {"templates/book.html.j2": FIFO},
        r"templates/book\.html\.j2: error: this is a named pipe"),
    Row("strings-fifo", {"templates/strings/sv.toml": FIFO},
        r"templates/strings/sv\.toml: error: this is a named pipe"),
    Row("book-css-fifo", {"styles/book.css": FIFO},
        r"styles/book\.css: error: this is a named pipe"),
    Row("epub-css-fifo", {"styles/epub.css": FIFO},
        r"styles/epub\.css: error: this is a named pipe", command="epub"),
    Row("image-fifo", {"content/prick.png": FIFO},
        r"content/01-a\.md:7: error: image 'prick\.png' is a named pipe"),
    Row("styles-to-usr", {"styles": Link("/usr")},
        r"styles: error: styles/ links to a place outside the book folder"),
    Row("templates-to-root", {"templates": Link("/")},
        r"templates: error: templates/ links to a place outside the book folder"),
    Row("dist-to-outside", {"dist": Link("{outside}")},
        r"refusing to write .*dist/ in the book folder is a link"),
    Row("output-to-fifo", {"out.html": FIFO}, r"refusing to write .*out\.html: it is a named pipe",
        args=("-o", "out.html")),
    Row("output-to-link", {"out.html": Link("{secret}")},
        r"refusing to write .*out\.html: it is a link", args=("-o", "out.html")),
]


@needs_fifo
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_hostile_book(row: Row, shelf):
    root, names = shelf
    outside = Path(names["outside"])
    (outside / ".bok.html.999999.1234.part").write_text("a stale temp of someone else")
    before = {p.name: p.read_bytes() for p in (root / "dist").iterdir() if p.is_file()}
    write_files(root, row.files, names)
    result = run_cli(row.command, root, *row.args)
    assert result.returncode == row.code, result.stderr
    assert re.search(fill(row.message, names), result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == \
        [".bok.html.999999.1234.part", "secret.css", "secret.txt"], "a write outside the book"
    assert (outside / "secret.txt").read_text() == f"{SECRET}\n"
    if not (root / "dist").is_symlink():
        after = {p.name: p.read_bytes() for p in (root / "dist").iterdir() if p.is_file()}
        assert after == before, "an old output changed or a temporary file was left"
        _outputs_hold_no_secret(root)
    for rel, data in row.files.items():
        if data is FIFO:
            assert stat.S_ISFIFO(os.lstat(root / rel).st_mode), "the FIFO was replaced"


@needs_fifo
def test_check_refuses_an_epub_css_link_out(shelf):
    root, names = shelf
    write_files(root, {"styles/epub.css": Link("/etc/passwd")}, names)
    result = run_cli("check", root, timeout=300)
    assert result.returncode == 1
    assert "Ready to send" not in result.stdout and "epub.css" in result.stdout + result.stderr


@needs_fifo
@pytest.mark.parametrize("stamp", [FIFO, Link("/dev/zero"), '{"schema": 1, "outputs": 5}',
                                   "[" * 100_000])
def test_a_hostile_stamp_is_ignored(shelf, stamp):
    root, names = shelf
    write_files(root, {"dist/.bookgen-cache.json": stamp}, names)
    result = run_cli("html", root)
    assert result.returncode == 0, result.stderr
    assert "Up to date" not in result.stdout  # built again


def _stamp(root: Path) -> dict:
    return json.loads((root / "dist" / ".bookgen-cache.json").read_text())


def test_a_stamp_of_the_wrong_types_is_rebuilt_not_fatal(shelf):
    root, _ = shelf
    assert run_cli("html", root).returncode == 0  # the copy's own stamp
    data = _stamp(root)
    for entry in data["outputs"].values():  # digests still right: a cache hit would replay
        entry["warnings"] = ["not a warning", {"message": 5, "line": "x"}]
    (root / "dist" / ".bookgen-cache.json").write_text(json.dumps(data))
    result = run_cli("html", root)
    assert result.returncode == 0, result.stderr
    assert "Up to date" not in result.stdout and "Traceback" not in result.stderr
    result = run_cli("html", root)
    assert result.returncode == 0, result.stderr
    assert "Up to date" in result.stdout  # the stamp was written anew and is used again


def test_a_replayed_error_fails_the_build(shelf):
    root, _ = shelf
    assert run_cli("html", root).returncode == 0  # the copy's own stamp
    assert "Up to date" in run_cli("html", root).stdout
    data = _stamp(root)
    for entry in data["outputs"].values():
        entry["warnings"] = [{"message": "planted", "severity": "error",
                              "path": "content/01-a.md", "line": 3}]
    (root / "dist" / ".bookgen-cache.json").write_text(json.dumps(data))
    result = run_cli("html", root)
    assert result.returncode == 1
    assert "content/01-a.md:3: error: planted" in result.stderr


@pytest.mark.parametrize("date", ["2108-05-01", "9999"])
def test_a_date_past_what_a_zip_can_carry_is_carried(shelf, date):
    root, _ = shelf
    (root / "book.toml").write_text(TOML.replace('"2020"', f'"{date}"'))
    result = run_cli("epub", root, env={"SOURCE_DATE_EPOCH": "4418150400"})  # 2110-01-01
    assert result.returncode == 0, result.stderr
    epub = next((root / "dist").glob("*.epub"))
    with zipfile.ZipFile(epub) as package:
        assert {i.date_time[0] for i in package.infolist()} == {2107}
        opf = next(package.read(n) for n in package.namelist() if n.endswith(".opf"))
    assert f"<dc:date>{date}</dc:date>".encode() in opf


def test_file_names_with_escape_sequences_print_as_escapes(shelf):
    root, _ = shelf
    (root / "content" / "03-\x1b]0;pwned\x07\x1b[31mröd.md").write_text("---\ntitle: [x\n---\n")
    result = run_cli("html", root)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "03-\\x1b]0;pwned\\x07\\x1b[31mröd.md:2: error:" in result.stderr


def test_timeline_csv_cells_cannot_start_a_formula():
    from bookgen.model import Event, SourceRef
    from bookgen.transforms.timeline.output import as_csv

    events = [Event("1958", text, "a", SourceRef("content/01-a.md", 3))
              for text in ("=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tx", "Lund")]
    lines = as_csv(events).splitlines()
    assert lines[0].startswith("date,")
    cells = [line.rsplit(",", 1)[1] for line in lines[1:]]
    assert cells == ['"\'=HYPERLINK(""http://x"")"', '"\'+1+1"', '"\'-2"', '"\'@SUM(A1)"',
                     '"\'\tx"', '"Lund"']


# ---------------------------------------------------------------- the write gate


def test_a_failed_rename_puts_back_the_outputs_already_replaced(tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "a.pdf").write_bytes(b"old a")
    (dist / "b.epub").write_bytes(b"old b")
    real_replace = os.replace

    def failing(src, dst, **kwargs):
        if dst == "b.epub":
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(outputs_module.os, "replace", failing)
    with pytest.raises(BookError) as raised:
        write_outputs({dist / "a.pdf": b"new a", dist / "b.epub": b"new b",
                       dist / "c.html": b"new c"})
    message = str(raised.value)
    assert "b.epub" in message and ".part" not in message and "put back" in message
    assert (dist / "a.pdf").read_bytes() == b"old a"
    assert (dist / "b.epub").read_bytes() == b"old b"
    assert sorted(p.name for p in dist.iterdir()) == ["a.pdf", "b.epub"]


def test_a_write_error_names_the_output_not_the_temporary_file(tmp_path, monkeypatch):
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(BookError, match=r"cannot write .*bok\.pdf: No space left") as raised:
        write_outputs({tmp_path / "bok.pdf": b"x"})
    assert ".part" not in str(raised.value)


@pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="needs root")
def test_a_device_node_is_never_replaced(tmp_path):
    """``-o /dev/null`` as root. Tried on a device of its own, never the system's: a regression
    here must not replace the /dev/null of the machine running the tests."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    with pytest.raises(BookError, match="it is a device"):
        write_outputs({null: b"x"})
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_link_inside_the_book_on_the_way_to_an_output_is_refused(tmp_path):
    book = tmp_path / "bok"
    (book / "real").mkdir(parents=True)
    (book / "book.toml").write_text(TOML)
    (book / "out").symlink_to(book / "real")
    with pytest.raises(BookError, match=r"out/ in the book folder is a link"):
        write_outputs({book / "out" / "x.pdf": b"x"}, book)
    assert list((book / "real").iterdir()) == []


def test_the_digest_does_not_walk_a_styles_link_to_usr(tmp_path):
    from bookgen.build.digest import input_digests

    book = tmp_path / "bok"
    write_files(book, GOOD, {})
    (book / "styles").symlink_to("/usr")
    labels = [label for label, _ in input_digests(book, [])]
    assert "book:styles/" in labels and len(labels) < 20, labels


def test_a_dist_link_out_is_never_read_for_the_cache(shelf):
    """dist/ as a link elsewhere: the stamp and the outputs there are not read (nor written)."""
    root, names = shelf
    outside = Path(names["outside"])
    shutil.copytree(root / "dist", outside / "dist")
    shutil.rmtree(root / "dist")
    (root / "dist").symlink_to(outside / "dist")
    before = {p.name: p.read_bytes() for p in (outside / "dist").rglob("*") if p.is_file()}
    result = run_cli("html", root)
    assert result.returncode == 1 and "Up to date" not in result.stdout
    assert "dist/ in the book folder is a link" in result.stderr
    assert {p.name: p.read_bytes() for p in (outside / "dist").rglob("*")
            if p.is_file()} == before  # the outputs and the image cache alike
