"""`bookgen check`: the memoir passes; planted problems are flagged, errors fail and warnings do not;
dist/ is never written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from bookgen.api import check, load_book
from bookgen.author.check import (
    CheckReport, Finding, horizontal_margins_mm, print_report, text_block_inches,
)
from bookgen.cli import app

runner = CliRunner()


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _findings(report: CheckReport, check_name: str) -> list[Finding]:
    return [f for f in report.findings if f.check == check_name]


def test_the_memoir_passes_and_dist_is_untouched(memoir_root):
    dist = memoir_root / "dist"
    before = {p: p.stat().st_mtime_ns for p in dist.iterdir()} if dist.is_dir() else None
    process = subprocess.run([sys.executable, "-m", "bookgen", "check", str(memoir_root)],
                             capture_output=True, text=True, timeout=900,
                             env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})
    assert process.returncode == 0, process.stdout + process.stderr
    assert "Ready to send: 0 errors" in process.stdout
    assert "EPUBCheck" in process.stdout and "PDF" in process.stdout
    assert "Traceback" not in process.stderr
    after = {p: p.stat().st_mtime_ns for p in dist.iterdir()} if dist.is_dir() else None
    assert before == after


def test_a_clean_book_has_nothing_to_report(book_copy):
    root = book_copy("mini-sv")
    report = check(root, external=False)
    assert report.ok, report.findings
    assert {"book", "typography", "images", "timeline", "PDF"} <= set(report.ran)
    assert not (root / "dist").exists()


def test_planted_warnings_are_flagged_but_do_not_fail(book_copy):
    root = book_copy("mini-sv")
    pictures = root / "content" / "bilder"
    pictures.mkdir()
    Image.new("RGB", (400, 300), "white").save(pictures / "liten.png")
    Image.new("RGB", (1600, 1200), "white").save(pictures / "stor.png")
    chapter = root / "content" / "02-slutet.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "title: Slutet\n", "title: Slutet\nforfattare: Anna\n"), encoding="utf-8")
    _append(chapter, '\n\n![](bilder/liten.png "En liten bild")\n\n'
                     '![En stor bild](bilder/stor.png "Stor")\n\n'
                     'Hon sa "hej och gick.\n\nSamma år kom vi hem.\n')
    report = check(root, external=False)
    assert report.ok, report.errors  # warnings only
    book = [f.message for f in _findings(report, "book")]
    assert any("no alt text" in m for m in book)
    assert any("unknown front matter key 'forfattare'" in m for m in book)
    images = _findings(report, "images")
    assert len(images) == 1 and "liten.png" in images[0].message
    assert "dpi" in images[0].message and images[0].where.startswith("content/02-slutet.md:")
    typography = _findings(report, "typography")
    assert any("never closed" in f.message for f in typography)
    guessed = _findings(report, "timeline")
    assert guessed and all(f.severity == "warning" for f in guessed)
    assert any("Samma år" in f.message for f in guessed)

    result = runner.invoke(app, ["check", str(root)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "warning" in result.stdout and "liten.png" in result.stdout
    assert "Ready to send" in result.stdout


def test_a_planted_error_fails_the_check(book_copy):
    root = book_copy("mini-sv")
    _append(root / "content" / "02-slutet.md", "\n\nSe [kapitlet](03-saknas.md).\n")
    result = runner.invoke(app, ["check", str(root)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "03-saknas.md" in result.stdout and "error" in result.stdout
    assert "Not ready to send: 1 error" in result.stdout
    assert "content/02-slutet.md:" in result.stdout
    assert not (root / "dist").exists()


def test_quiet_check_prints_only_problem_lines(book_copy):
    root = book_copy("mini-sv")
    _append(root / "content" / "02-slutet.md", "\n\nSe [kapitlet](03-saknas.md).\n")
    result = runner.invoke(app, ["check", "-q", str(root)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "content/02-slutet.md:12: error: link '03-saknas.md'" in result.stderr


def test_the_pdf_preflight_runs_on_the_built_pdf(book_copy, monkeypatch):
    from bookgen.preflight import pdf as pdfinspect
    from bookgen.errors import Problem

    seen = []

    def preflight(pdf, source=None):
        seen.append(pdf)
        return [Problem("font X is not embedded (page 3)")]

    monkeypatch.setattr(pdfinspect, "preflight", preflight)
    report = check(book_copy("mini-sv"), external=False)
    assert seen and seen[0][:5] == b"%PDF-"
    assert [(f.check, f.severity) for f in report.errors] == [("PDF", "error")]


def test_epubcheck_findings_are_mapped(book_copy, monkeypatch):
    from bookgen.preflight import validators as validate

    monkeypatch.setattr(validate, "run_epubcheck", lambda path, usage=False: [
        validate.Finding("epubcheck", "ERROR", "RSC-005", "bad", "EPUB/x.xhtml:3:1"),
        validate.Finding("epubcheck", "WARNING", "OPF-096", "meh"),
        validate.Finding("epubcheck", "INFO", "X", "fyi")])
    monkeypatch.setattr(validate, "ace_command", lambda: None)
    report = check(book_copy("mini-sv"))
    epub = _findings(report, "EPUBCheck")
    assert [(f.severity, f.where) for f in epub] == [("error", "EPUB EPUB/x.xhtml:3:1"),
                                                     ("warning", "EPUB")]
    assert any("Ace did not run" in note for note in report.skipped)
    assert not report.ok


def test_a_book_that_does_not_read_reports_and_stops(book_copy):
    root = book_copy("mini-sv")
    (root / "book.toml").write_text('[book]\ntitel = "x"\n', encoding="utf-8")
    report = check(root, external=False)
    assert not report.ok
    assert any("did you mean 'title'" in f.message for f in report.errors)
    assert report.skipped


@pytest.mark.parametrize("css, expected", [
    ("@page { margin: 20mm 16mm 22mm 20mm; }", 36.0),
    ("@page { size: A5; margin: 1in; }", 50.8),
    ("@page { margin: 10mm 15mm; }", 30.0),
    ("p { margin: 0 }", 36.0),
])
def test_horizontal_margins(css, expected):
    assert horizontal_margins_mm(css) == pytest.approx(expected)


def test_the_text_block_of_an_a5_page(book_copy):
    book = load_book(book_copy("mini-sv"))
    css = "@media print { @page { margin: 20mm 16mm 22mm 20mm; } }"
    assert text_block_inches(book, css) == pytest.approx((148 - 36) / 25.4)


def test_the_table_is_readable(tmp_path):
    report = CheckReport(findings=[
        Finding("book", "error", "link 'x.md' points to no section", "content/01-a.md:3"),
        Finding("images", "warning", "image 'a.png' is 72 dpi", "content/01-a.md:9")],
        ran=["book", "images"])
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as file:
        print_report(report, file=file, width=120)
    text = out.read_text(encoding="utf-8")
    assert text.index("error") < text.index("warning")  # errors first
    assert "content/01-a.md:3" in text and "Not ready to send: 1 error, 1 warning" in text


def test_redirected_output_has_whole_lines_never_cut(tmp_path):
    long = ("image 'foto.jpg' is 400 pixels wide: 96 dpi at the text block's width; "
            "it prints sharp up to 34 mm wide, so set it smaller or use a larger scan")
    report = CheckReport(findings=[Finding("images", "warning", long,
                                           "content/a-very-long-folder-name/03-kapitel.md:12")],
                         ran=["images"])
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as file:
        print_report(report, file=file)
    text = out.read_text(encoding="utf-8")
    assert long in text
    assert "content/a-very-long-folder-name/03-kapitel.md:12: warning:" in text


def test_a_narrow_terminal_wraps_the_table_and_keeps_every_word(tmp_path):
    long = "a message with many words that cannot fit on one line of a narrow terminal at all"
    report = CheckReport(findings=[Finding("images", "warning", long, "content/x.md:1")])
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as file:
        print_report(report, file=file, width=60)
    words = out.read_text(encoding="utf-8").split()
    assert all(word in words for word in long.split())
