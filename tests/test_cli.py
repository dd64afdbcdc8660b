"""The command line: outputs where the README says, errors as path:line lines, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from bookgen.cli import app

runner = CliRunner()


def test_html_default_output_is_named_after_the_book(book_copy):
    root = book_copy("mini-sv")
    result = runner.invoke(app, ["html", str(root)])
    assert result.exit_code == 0, result.output
    path = root / "dist" / "en-liten-bok.html"
    assert result.stdout.strip() == str(path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_pdf_and_epub_to_chosen_paths(book_copy, tmp_path):
    root = book_copy("mini-sv")
    for command, name in (("pdf", "x.pdf"), ("epub", "x.epub")):
        result = runner.invoke(app, [command, str(root), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 1000


def test_build_makes_pdf_booklet_and_epub(book_copy):
    root = book_copy("mini-sv")
    result = runner.invoke(app, ["build", str(root)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (root / "dist").iterdir())
    assert names == ["en-liten-bok-booklet.pdf", "en-liten-bok.epub", "en-liten-bok.pdf"]


def test_book_error_prints_path_line_and_exits_1(book_copy):
    root = book_copy("mini-sv")
    (root / "content" / "03-trasig.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    process = subprocess.run([sys.executable, "-m", "bookgen", "pdf", str(root)],
                             capture_output=True, text=True)
    assert process.returncode == 1
    assert "content/03-trasig.md:2: error: front matter is not valid YAML" in process.stderr
    assert "Traceback" not in process.stderr
    assert not (root / "dist").exists()


def test_usage_error_exits_2():
    result = runner.invoke(app, ["pdf", "--no-such-option"])
    assert result.exit_code == 2


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("bookgen ")


def test_missing_book_folder_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["html", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no book folder" in result.output


def test_from_inside_the_book_folder(book_copy, monkeypatch):
    root = book_copy("mini-sv")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["html"])
    assert result.exit_code == 0, result.output
    assert Path("dist/en-liten-bok.html").is_file()
