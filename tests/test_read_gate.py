"""Every file bookgen reads goes through one gate (bookgen.util.gate): a walk of the code's AST
finds any read that does not (``open()``, ``Path.read_bytes/read_text/open``, ``os.open``,
``Image.open`` of a path, a recursive walk), and the gate itself refuses what it must."""

from __future__ import annotations

import ast
import os
import threading
import time
from pathlib import Path

import pytest

from bookgen.util import gate

PACKAGE = Path(__file__).resolve().parent.parent / "bookgen"
#: Modules allowed to open files themselves, and why.
ALLOWED = {
    "bookgen/util/gate.py": "the read gate itself",
    "bookgen/build/outputs.py": "the write gate (it opens only the files it creates)",
}
READ_METHODS = {"read_bytes", "read_text", "open", "rglob", "walk"}
#: ``x.open(...)`` calls that are not file reads.
NOT_READS = {"webbrowser"}


def _receiver(node: ast.Attribute) -> str:
    value = node.value
    if isinstance(value, ast.Name):
        return value.id
    if isinstance(value, ast.Attribute):
        return value.attr
    return ""


def _is_bytes_io(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Attribute) and node.func.attr == "BytesIO")
        or (isinstance(node.func, ast.Name) and node.func.id == "BytesIO"))


def _line(path: Path, node: ast.AST) -> str:
    return path.read_text(encoding="utf-8").splitlines()[node.lineno - 1]


def reads_outside_the_gate(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"{node.lineno}: open()")
        elif isinstance(func, ast.Attribute) and func.attr in READ_METHODS:
            receiver = _receiver(func)
            if receiver in NOT_READS:
                continue
            if func.attr == "open" and receiver == "image" and "mammoth" in _line(path, node):
                continue  # a picture inside a .docx, read by mammoth from the zip
            if func.attr == "open" and receiver == "Image" and node.args \
                    and _is_bytes_io(node.args[0]):
                continue  # Pillow reading bytes the gate read
            if func.attr == "walk" and receiver != "os":
                continue
            found.append(f"{node.lineno}: {receiver}.{func.attr}()")
        elif isinstance(func, ast.Attribute) and func.attr in ("fdopen", "scandir") \
                and _receiver(func) == "os":
            found.append(f"{node.lineno}: os.{func.attr}()")
    return found


def test_every_read_goes_through_the_gate():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        if rel in ALLOWED:
            continue
        found = reads_outside_the_gate(path)
        if found:
            offenders[rel] = found
    assert offenders == {}, "read files through bookgen.util.gate (or readers.files): " \
        f"{offenders}"


def test_the_walker_sees_the_reads_it_must(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom pathlib import Path\nopen('x')\nPath('x').read_bytes()\n"
                      "p.read_text()\nos.walk('.')\nImage.open(path)\n"
                      "Image.open(io.BytesIO(data))\nwebbrowser.open(url)\n")
    assert [line.split(":")[0] for line in reads_outside_the_gate(sample)] == \
        ["3", "4", "5", "6", "7"]


# ---------------------------------------------------------------- the gate itself


def _in_thread(function, seconds: float = 5.0):
    """Run ``function`` in a thread and give up after ``seconds``: a read that blocks on a FIFO
    fails the test instead of hanging it."""
    result: dict = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as exc:  # noqa: BLE001
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the read blocked"
    return result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "book.toml"
    os.mkfifo(fifo)
    for read in (lambda: gate.read_file(fifo, tmp_path, 1000),
                 lambda: gate.hash_file(fifo, tmp_path, 1000)):
        result = _in_thread(read)
        assert isinstance(result.get("error"), gate.FileRefused)
        assert "named pipe" in result["error"].why


def test_devices_and_links_out_are_refused(tmp_path):
    (tmp_path / "zero").symlink_to("/dev/zero")
    result = _in_thread(lambda: gate.read_file(tmp_path / "zero", tmp_path, 1000))
    assert "outside the book folder" in result["error"].why
    result = _in_thread(lambda: gate.read_file("/dev/zero", "/dev", 1000))
    assert "device" in result["error"].why
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert isinstance(_in_thread(lambda: gate.read_file(tmp_path / "loop", tmp_path, 10))
                      ["error"], gate.FileRefused)


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(gate.FileRefused, match="larger than"):
        gate.read_file(big, tmp_path, 1000)
    assert gate.read_file(big, tmp_path, 2000) == b"x" * 2000


def test_walks_do_not_follow_links_out(tmp_path):
    book = tmp_path / "bok"
    (book / "styles" / "sub").mkdir(parents=True)
    (book / "styles" / "sub" / "a.css").write_text("p {}")
    (book / "styles" / "usr").symlink_to("/usr")
    (tmp_path / "elsewhere").symlink_to("/usr")
    start = time.monotonic()
    assert gate.walk_files(book / "styles", book) == [book / "styles" / "sub" / "a.css"]
    assert gate.walk_files(tmp_path / "elsewhere", book) == []
    assert [p.name for p in gate.real_folders(book)] == ["bok", "styles", "sub"]
    assert time.monotonic() - start < 2


def test_a_folder_in_a_part_linking_to_usr_is_not_walked(tmp_path):
    from bookgen.errors import ProblemList
    from bookgen.readers.layout import read_layout

    root = tmp_path / "bok"
    (root / "content" / "del-1").mkdir(parents=True)
    (root / "content" / "del-1" / "01-a.md").write_text("---\ntitle: A\n---\nText\n")
    (root / "content" / "del-1" / "bilder").symlink_to("/usr")
    problems = ProblemList()
    start = time.monotonic()
    layout = read_layout(root, root / "content", problems)
    assert time.monotonic() - start < 2 and layout.assets == ()
    assert [str(p) for p in problems.items] == [
        "content/del-1/bilder: warning: this folder links to a place outside the book folder: "
        "it is not used"]
