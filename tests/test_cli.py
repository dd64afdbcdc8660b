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
    assert result.stdout.splitlines()[0] == str(path)
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
    names = sorted(p.name for p in (root / "dist").iterdir() if not p.name.startswith("."))
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
    from bookgen import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"bookgen {__version__}\n"


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


# ---------------------------------------------------------------- output, speed, completion


def test_paths_on_stdout_then_a_summary_and_quiet_leaves_only_paths(book_copy):
    root = book_copy("mini-sv")
    path = root / "dist" / "en-liten-bok.html"
    result = runner.invoke(app, ["html", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == str(path)
    assert lines[1].startswith("Wrote 1 file in ") and "en-liten-bok.html (" in lines[1]
    assert " kB)" in lines[1]
    for args in (["-q", "html", str(root)], ["html", str(root), "--quiet"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{path}\n"


def test_build_lists_every_file(book_copy):
    root = book_copy("mini-sv")
    result = runner.invoke(app, ["-q", "build", str(root)])
    assert result.exit_code == 0, result.output
    assert [Path(p).name for p in result.stdout.splitlines()] == [
        "en-liten-bok.pdf", "en-liten-bok-booklet.pdf", "en-liten-bok.epub"]


def test_stderr_holds_only_problems_when_not_a_terminal(book_copy):
    root = book_copy("mini-sv")
    process = subprocess.run([sys.executable, "-m", "bookgen", "pdf", str(root)],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    assert all(": warning: " in line or line.startswith("warning: ")
               for line in process.stderr.splitlines()), process.stderr
    assert process.stdout.splitlines()[0] == str(root / "dist" / "en-liten-bok.pdf")


def test_verbose_prints_each_step_and_its_time(book_copy):
    root = book_copy("mini-sv")
    result = runner.invoke(app, ["pdf", str(root), "-v"])
    assert result.exit_code == 0, result.output
    steps = [line.split(":")[0] for line in result.stderr.splitlines() if line.endswith("s")]
    assert steps[:3] == ["Reading mini-sv", "Laying out HTML", "Rendering PDF"]


def test_progress_is_drawn_on_a_terminal(book_copy):
    import io

    from bookgen.api import build
    from bookgen.util.progress import Reporter

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err, out = Terminal(), io.StringIO()
    reporter = Reporter(err=err, out=out)
    written = build(book_copy("mini-sv"), ["booklet"], reporter=reporter)
    reporter.written(written)
    shown = err.getvalue()
    for step in ("Reading", "Laying out HTML", "Rendering PDF", "Imposing booklet"):
        assert step in shown
    assert "✓" in shown
    assert out.getvalue().splitlines()[0].endswith("en-liten-bok-booklet.pdf")


def test_timeline_formats(book_copy):
    import json

    root = book_copy("mini-sv")
    result = runner.invoke(app, ["timeline", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert events and events[0]["date"] == "1958-05-03"
    result = runner.invoke(app, ["timeline", str(root), "-f", "csv"])
    assert result.stdout.startswith("date,")


def test_help_imports_nothing_heavy():
    """``bookgen --help`` stays fast because it loads no renderer (its time is in bench/)."""
    heavy = ("weasyprint", "ebooklib", "pypdf", "pypdfium2", "rich", "jinja2", "PIL",
             "watchfiles", "yaml", "markdown_it")
    code = ("import sys, bookgen.cli; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert process.stdout.strip() == "[]", process.stdout + process.stderr


def test_help_lists_every_command_and_completion():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("new", "preview", "check", "pdf", "epub", "html", "booklet", "build",
                    "timeline"):
        assert command in result.stdout
    assert "--install-completion" in result.stdout and "--quiet" in result.stdout


def test_shell_completion_completes_commands():
    import os

    bookgen = Path(sys.executable).parent / "bookgen"
    if not bookgen.exists():
        import pytest

        pytest.skip("the bookgen script is not installed next to this Python")
    env = {**os.environ, "COMP_WORDS": "bookgen pre", "COMP_CWORD": "1",
           "_BOOKGEN_COMPLETE": "complete_bash"}
    process = subprocess.run([str(bookgen)], capture_output=True, text=True, env=env)
    assert process.stdout.split() == ["preview"]
