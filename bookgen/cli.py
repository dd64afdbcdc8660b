"""The command line: thin Typer commands over ``bookgen.api``.

A book problem prints ``path:line: error: message`` lines on stderr and exits 1, with no
traceback (``--debug`` shows one); usage errors exit 2 (Typer's own).

Output (see ``bookgen.util.progress``): the paths written go to stdout, one per line, then a summary
line with their sizes; ``--quiet`` leaves only the paths. stderr carries errors and ``warning:``
lines, and progress only when it is a terminal. Nothing heavy is imported at module level, so
``bookgen --help`` and shell completion stay fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from bookgen import __version__

if TYPE_CHECKING:
    from bookgen.util.progress import Reporter

app = typer.Typer(
    help="Typeset a book written as Markdown sections: a PDF, a booklet and an EPUB.",
    no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]})

BookDir = Annotated[Path, typer.Argument(help="The book folder (book.toml + content/).",
                                         metavar="BOOK_DIR",
                                         show_default="the current folder")]
Output = Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write it.",
                                                show_default="dist/<book>.<ext>")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the paths written.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v",
                                       help="Say more: each step and how long it took.")]


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
    quiet: Quiet = False,
    verbose: Verbose = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    _State.debug, _State.quiet, _State.verbose = debug, quiet, verbose


def _reporter(quiet: bool = False, verbose: bool = False) -> Reporter:
    """The command's reporter; ``-q``/``-v`` work before or after the command name."""
    from bookgen.util.progress import Reporter

    return Reporter(quiet=quiet or _State.quiet, verbose=verbose or _State.verbose)


def _interactive() -> bool:
    """Ask questions only when someone can answer: stdin is a terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def run(action):
    """Run a library call; a problem becomes ``error:`` lines and an exit code, never a
    traceback (``--debug`` shows one): 1 for the book or the disk, 130 for Ctrl-C."""
    from bookgen.errors import BookError

    try:
        return action()
    except BookError as error:
        if _State.debug:
            raise
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        if _State.debug:
            raise
        raise typer.Exit(130) from None
    except OSError as error:
        if _State.debug:
            raise
        from bookgen.util.text import visible

        where = f"{error.filename}: " if error.filename else ""
        typer.echo(visible(f"error: {where}{error.strerror or error}"), err=True)
        raise typer.Exit(1) from None
    except Exception as error:  # noqa: BLE001 - the last line of defence for an author
        if _State.debug:
            raise
        from bookgen.util.text import visible

        typer.echo(visible(f"error: internal error: {type(error).__name__}: {error} "
                           "(run with --debug for the details)"), err=True)
        raise typer.Exit(1) from None


Force = Annotated[bool, typer.Option(
    "--force", help="Build even when nothing has changed since the last build.")]


def _build(book_dir: Path, formats: list[str], output: Path | None = None,
           print_marks: bool | None = None, quiet: bool = False, verbose: bool = False,
           force: bool = False) -> None:
    from bookgen.api import build

    reporter = _reporter(quiet, verbose)
    outputs = {formats[0]: output} if output else None
    written = run(lambda: build(book_dir, formats, outputs, print_marks=print_marks,
                                on_warning=reporter.problem, reporter=reporter, force=force))
    reporter.written(written)


class Language(str, Enum):
    sv = "sv"
    en = "en"


@app.command()
def new(folder: Annotated[Path, typer.Argument(help="The new book folder (must not exist, "
                                                    "or be empty).", metavar="FOLDER")],
        title: Annotated[Optional[str], typer.Option(
            "--title", "-t", help="The book's title.",
            show_default="asked for in a terminal, else the folder's name")] = None,
        author: Annotated[Optional[str], typer.Option(
            "--author", "-a", help="The author's name.",
            show_default="asked for in a terminal")] = None,
        language: Annotated[Language, typer.Option(
            "--language", "-l", help="The book's language: its words, quotes and dates.")]
        = Language.sv,
        quiet: Quiet = False, verbose: Verbose = False) -> None:
    """Start a new book: book.toml, a first chapter to write over, styles/ and templates/."""
    from bookgen.api import new_book
    from bookgen.author.new import default_author, default_title

    lang = language.value
    if _interactive() and not (quiet or _State.quiet):
        if title is None:
            title = typer.prompt("Title", default=default_title(folder, lang))
        if author is None:
            author = typer.prompt("Author", default=default_author(lang))
    reporter = _reporter(quiet, verbose)
    written = run(lambda: new_book(folder, title=title, author=author, language=lang))
    for path in written:
        print(path)
    chapter = next(p for p in written if p.parent.name == "content")
    reporter.info(f"\nA new book in {folder}. Write in {chapter.relative_to(folder)} and see it "
                  f"as you write:\n  bookgen preview {folder}\nThen: bookgen check {folder}, "
                  f"and bookgen build {folder} for the PDF, booklet and EPUB.")


@app.command("import")
def import_(source: Annotated[Path, typer.Argument(
                help="A Word file (.docx), a WordPress export (.xml), or one long .md/.txt.",
                metavar="SOURCE")],
            folder: Annotated[Optional[Path], typer.Argument(
                help="The new book folder (must not exist, or be empty).", metavar="BOOK_DIR",
                show_default="the source's name")] = None,
            media: Annotated[Optional[Path], typer.Option(
                "--media", help="Where the pictures are: a copy of a blog's wp-content/uploads, "
                "or the folder of a Markdown file's pictures.")]
            = None,
            language: Annotated[Optional[Language], typer.Option(
                "--language", "-l", help="The book's language.",
                show_default="what the text is written in")] = None,
            split_level: Annotated[int, typer.Option(
                "--split-level", min=1, max=6,
                help="The heading level that starts a chapter (higher ones become parts).")]
            = 1,
            drafts: Annotated[bool, typer.Option("--drafts", help="Blog: drafts too.")] = False,
            private: Annotated[bool, typer.Option(
                "--private", help="Blog: private posts too.")] = False,
            pages: Annotated[bool, typer.Option("--pages", help="Blog: pages too.")] = False,
            comments: Annotated[bool, typer.Option(
                "--comments", help="Blog: readers' approved comments under each post.")]
            = False,
            quiet: Quiet = False, verbose: Verbose = False) -> None:
    """Start a book from what you have: a Word file, a blog's export, or one long text."""
    from bookgen.api import import_book

    reporter = _reporter(quiet, verbose)
    include = frozenset(name for name, asked in
                        (("drafts", drafts), ("private", private), ("pages", pages),
                         ("comments", comments)) if asked)
    report = run(lambda: import_book(source, folder, media, language.value if language else None,
                                     split_level, include))
    for problem in report.warnings:
        reporter.problem(problem)
    for path in report.files:
        print(path)
    noun = "chapter" if len(report.chapters) == 1 else "chapters"
    reporter.info(
        f"\n“{report.title}” ({report.language}): {len(report.chapters)} {noun}, "
        f"{len(report.images)} image{'' if len(report.images) == 1 else 's'}, "
        f"{len(report.warnings)} warning{'' if len(report.warnings) == 1 else 's'}, in "
        f"{report.folder}.\nRead it through, then: bookgen build {report.folder}")


@app.command()
def pdf(book_dir: BookDir = Path("."), output: Output = None,
        print_marks: Annotated[Optional[bool], typer.Option(
            "--print/--no-print",
            help="The print shop's edition: PDF/X-4 (CMYK output intent), 3 mm bleed, crop marks.",
            show_default="book.toml's [pdf] print")] = None,
        quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Typeset the book as a PDF."""
    _build(book_dir, ["pdf"], output, print_marks, quiet, verbose, force=force)


@app.command()
def epub(book_dir: BookDir = Path("."), output: Output = None,
         quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Make the EPUB 3 e-book."""
    _build(book_dir, ["epub"], output, quiet=quiet, verbose=verbose, force=force)


@app.command()
def html(book_dir: BookDir = Path("."), output: Output = None,
         quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Write the book as one self-contained HTML file (the one the PDF is made from)."""
    _build(book_dir, ["html"], output, quiet=quiet, verbose=verbose, force=force)


@app.command()
def booklet(book_dir: BookDir = Path("."), output: Output = None,
            quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Impose the PDF's pages as a folded A4 booklet for a home printer."""
    _build(book_dir, ["booklet"], output, quiet=quiet, verbose=verbose, force=force)


@app.command()
def cover(book_dir: BookDir = Path("."),
          output: Annotated[Optional[Path], typer.Option(
              "-o", "--output", help="Where to write it.",
              show_default="dist/<book>-cover.pdf")] = None,
          quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Make the print shop's cover: back, spine and front on one PDF/X-4 page, with bleed."""
    _build(book_dir, ["cover"], output, quiet=quiet, verbose=verbose, force=force)


@app.command()
def docx(book_dir: BookDir = Path("."), output: Output = None,
         quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Write the book as a Word document, for comments and tracked changes (a proofreader's,
    a fact-checker's); bring their changes back into the Markdown by hand."""
    _build(book_dir, ["docx"], output, quiet=quiet, verbose=verbose, force=force)


@app.command("build")
def build_all(book_dir: BookDir = Path("."),
              quiet: Quiet = False, verbose: Verbose = False, force: Force = False) -> None:
    """Make the PDF, the booklet and the EPUB (and the print cover when book.toml has
    [print])."""
    from bookgen.api import build_formats

    _build(book_dir, build_formats(book_dir), quiet=quiet, verbose=verbose, force=force)


@app.command()
def preview(book_dir: BookDir = Path("."),
            port: Annotated[Optional[int], typer.Option(
                "--port", "-p", min=0, max=65535,
                help="The port on 127.0.0.1 (0: any free port).",
                show_default="8000, or a free one if it is taken")] = None,
            open_browser: Annotated[bool, typer.Option(
                "--open", help="Open the page in the web browser.")] = False,
            quiet: Quiet = False, verbose: Verbose = False) -> None:
    """Show the book in the web browser, updated each time a file is saved (Ctrl-C stops)."""
    from bookgen.author.preview import DEFAULT_PORT, PortInUse, Preview

    reporter = _reporter(quiet, verbose)

    def start() -> Preview:
        server = Preview(book_dir, port=DEFAULT_PORT if port is None else port,
                         reporter=reporter)
        try:
            server.start()
        except PortInUse:
            if port is not None:
                raise
            server = Preview(book_dir, port=0, reporter=reporter)  # 8000 is taken: any port
            server.start()
        return server

    server = run(start)
    if reporter.quiet:
        print(server.url, flush=True)
    else:
        from bookgen.util.text import visible

        print(f"Previewing “{visible(server.title)}” at {server.url}\n"
              "The page updates each time you save a file. Press Ctrl-C to stop.", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    server.run()
    reporter.info("Stopped.")


@app.command()
def check(book_dir: BookDir = Path("."),
          print_edition: Annotated[bool, typer.Option(
              "--print", help="Check the print shop's files instead of the screen PDF: "
                              "PDF/X-4, fonts, image dpi, trim size, page count, the cover.")]
          = False,
          quiet: Quiet = False, verbose: Verbose = False) -> None:
    """Check the book before sending it: text, images, timeline, PDF and EPUB (exit 1 on an
    error; warnings do not fail). Writes nothing into the book folder."""
    from bookgen.api import check as check_book
    from bookgen.author.check import print_report

    reporter = _reporter(quiet, verbose)
    report = run(lambda: check_book(book_dir, reporter=reporter,
                                    print_edition=print_edition))
    if reporter.quiet:
        for finding in report.findings:
            reporter.problem(finding)
    else:
        print_report(report)
    if not report.ok:
        raise typer.Exit(1)


class TimelineFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def timeline(book_dir: BookDir = Path("."),
             format: Annotated[TimelineFormat, typer.Option(
                 "--format", "-f", help="How to print the events.")] = TimelineFormat.table,
             quiet: Quiet = False, verbose: Verbose = False) -> None:
    """List the dated events found in the text (the timeline appendix)."""
    from bookgen.transforms.timeline.output import FORMATS

    book = _read_for_listing(book_dir, quiet, verbose)
    sys.stdout.write(FORMATS[format.value](book.events, book.metadata.language))


@app.command("index")
def index_command(book_dir: BookDir = Path("."),
                  format: Annotated[TimelineFormat, typer.Option(
                      "--format", "-f", help="How to print the register.")] = TimelineFormat.table,
                  quiet: Quiet = False, verbose: Verbose = False) -> None:
    """List the people, places and organisations found in the text (the register)."""
    from bookgen.transforms.index.output import FORMATS

    book = _read_for_listing(book_dir, quiet, verbose)
    sys.stdout.write(FORMATS[format.value](book.register))


def _read_for_listing(book_dir: Path, quiet: bool, verbose: bool):
    """The transformed book for a command that lists what was found in it, warnings shown."""
    from bookgen.api import load_book

    reporter = _reporter(quiet, verbose)
    with reporter.step("Reading", Path(book_dir).resolve().name):
        book = run(lambda: load_book(book_dir))
    for problem in book.warnings:
        reporter.problem(problem)
    return book


def main() -> None:
    app()
