"""The command line: thin Typer commands over ``bookgen.api``.

A book problem prints ``path:line: error: message`` lines on stderr and exits 1, with no
traceback (``--debug`` shows one); usage errors exit 2 (Typer's own).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from bookgen import __version__

app = typer.Typer(
    help="Typeset a book written as Markdown sections: a PDF, a booklet and an EPUB.",
    no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})

BookDir = Annotated[Path, typer.Argument(help="The book folder (book.toml + content/).",
                                         show_default="the current folder")]
Output = Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write it.",
                                                show_default="dist/<book>.<ext>")]


class _State:
    debug = False
    quiet = False
    verbose = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bookgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and stop.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the paths written.")]
    = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say more.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    _State.debug, _State.quiet, _State.verbose = debug, quiet, verbose


def run(action):
    """Run a library call; turn a BookError into its messages and exit code 1."""
    from bookgen.errors import BookError

    try:
        return action()
    except BookError as error:
        if _State.debug:
            raise
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(error.exit_code) from None


def _build(book_dir: Path, formats: list[str], output: Path | None = None,
           print_marks: bool | None = None) -> None:
    from bookgen.api import build

    outputs = {formats[0]: output} if output else None
    written = run(lambda: build(book_dir, formats, outputs, print_marks=print_marks,
                                on_warning=lambda p: typer.echo(str(p), err=True)))
    for path in written.values():
        typer.echo(str(path))


@app.command()
def pdf(book_dir: BookDir = Path("."), output: Output = None,
        print_marks: Annotated[Optional[bool], typer.Option(
            "--print/--no-print", help="Add 3 mm bleed and crop marks for a print shop.",
            show_default="book.toml's [pdf] print")] = None) -> None:
    """Typeset the book as a PDF."""
    _build(book_dir, ["pdf"], output, print_marks)


@app.command()
def epub(book_dir: BookDir = Path("."), output: Output = None) -> None:
    """Make the EPUB 3 e-book."""
    _build(book_dir, ["epub"], output)


@app.command()
def html(book_dir: BookDir = Path("."), output: Output = None) -> None:
    """Write the book as one self-contained HTML file (the one the PDF is made from)."""
    _build(book_dir, ["html"], output)


@app.command()
def booklet(book_dir: BookDir = Path("."), output: Output = None) -> None:
    """Impose the PDF's pages as a folded A4 booklet for a home printer."""
    _build(book_dir, ["booklet"], output)


@app.command("build")
def build_all(book_dir: BookDir = Path(".")) -> None:
    """Make the PDF, the booklet and the EPUB."""
    _build(book_dir, ["pdf", "booklet", "epub"])


class TimelineFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def timeline(book_dir: BookDir = Path("."),
             format: Annotated[TimelineFormat, typer.Option(
                 "--format", "-f", help="How to print the events.")] = TimelineFormat.table,
             ) -> None:
    """List the dated events found in the text (the timeline appendix)."""
    from bookgen.api import load_book
    from bookgen.timeline.output import render_events

    book = run(lambda: load_book(book_dir))
    sys.stdout.write(render_events(book, format.value))


def main() -> None:
    app()
