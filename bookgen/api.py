"""The library API the CLI is a thin layer over: start a book, load it, build, check, preview.

Every function takes the book folder and raises :class:`bookgen.errors.BookError` for a problem
in the book. Progress goes to an optional :class:`bookgen.util.progress.Reporter`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# The readers, the theme (Jinja2) and the transforms are imported where they are used, so a
# build the rebuild cache keeps, and ``bookgen --help``, do not pay for them.
if TYPE_CHECKING:
    from bookgen.errors import Problem
    from bookgen.model import Book
    from bookgen.author.check import CheckReport
    from bookgen.author.preview import Preview
    from bookgen.util.progress import Reporter

# Reading and rendering in memory are the build's; the API hands them on as they are.
from bookgen.build.render import load_book, render  # noqa: E402

__all__ = ["build", "build_formats", "check", "import_book", "load_book", "new_book",
           "preview", "render"]


def build(root: Path | str, formats: list[str], outputs: dict[str, Path] | None = None,
          print_marks: bool | None = None,
          on_step: Callable[[str, Path], None] | None = None,
          on_warning: Callable[[Problem], None] | None = None,
          reporter: Reporter | None = None, force: bool = False) -> dict[str, Path]:
    """Build ``formats`` (html, pdf, epub, booklet, cover) of the book at ``root``; return the paths.

    Every output is rendered before any is written, and all are written or none (temporary
    files, then renames), so a failed build leaves the last good files as they were.
    Outputs that are still what the book's files, the theme, the options and this bookgen
    would make are kept as they are (``bookgen.build.cache``), unless ``force``.
    """
    from bookgen.build.cache import RebuildCache, note_problem, problem_note
    from bookgen.errors import BookError
    from bookgen.util.progress import Silent

    reporter = reporter or Silent()
    cache = RebuildCache(Path(root), list(formats), outputs or {}, {"print_marks": print_marks})
    kept = None if force else cache.up_to_date()
    if kept is not None:
        replayed = [note_problem(note) for note in cache.warnings(kept)]
        errors = [p for p in replayed if p.severity != "warning"]
        if errors:  # a stamp only records warnings: an error in one fails, as it did then
            raise BookError(errors)
        reporter.kept()
        for problem in replayed:
            if on_warning:
                on_warning(problem)
        for name, path in kept.items():
            if on_step:
                on_step(name, path)
        return kept
    from bookgen.build.outputs import default_output, write_outputs

    with reporter.step("Reading", Path(root).resolve().name):
        book = load_book(root, print_marks)
    made, warnings = render(book, formats, reporter)
    for problem in warnings:
        if on_warning:
            on_warning(problem)
    written = {name: Path((outputs or {}).get(name) or default_output(book, name))
               for name in made}
    write_outputs({written[name]: data for name, data in made.items()}, book.root)
    for name, path in written.items():
        if on_step:
            on_step(name, path)
    cache.record(written, [problem_note(p) for p in warnings], made)
    return written


def build_formats(root: Path | str) -> list[str]:
    """What ``bookgen build`` makes: the PDF, the booklet, the EPUB, and the print cover when
    book.toml has a ``[print]`` table (a book.toml that does not read is reported by the
    build itself)."""
    import tomllib

    from bookgen.util.gate import read_file

    formats = ["pdf", "booklet", "epub"]
    try:
        data = read_file(Path(root) / "book.toml", Path(root), 1024 * 1024)
        has_print = isinstance(tomllib.loads(data.decode("utf-8")).get("print"), dict)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        has_print = False
    return formats + ["cover"] if has_print else formats


def new_book(folder: Path | str, title: str | None = None, author: str | None = None,
             language: str = "sv") -> list[Path]:
    """Make a new book folder that builds at once; return the files written."""
    from bookgen.author.new import new_book as scaffold

    return scaffold(Path(folder), title=title, author=author, language=language)


@dataclass(frozen=True)
class ImportReport:
    """What ``bookgen import`` made: the folder, its files, and what it could not carry over."""

    folder: Path
    files: tuple[Path, ...]
    chapters: tuple[Path, ...]
    images: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    title: str
    language: str


def import_book(source: Path | str, folder: Path | str | None = None,
                media: Path | str | None = None, language: str | None = None,
                split_level: int = 1, include: frozenset[str] = frozenset()) -> ImportReport:
    """Make a new book folder from a .docx, a WordPress export (.xml) or one long .md/.txt.

    ``folder`` defaults to the source's name (``memoarer.docx`` → ``memoarer/``); it must not
    exist or be empty. Only ``source`` and ``media`` (a copy of a blog's wp-content/uploads)
    are read.
    """
    from bookgen.author.new import LANGUAGES, new_book as scaffold
    from bookgen.errors import BookError
    from bookgen.importers import read_source
    from bookgen.importers.folder import content_files
    from bookgen.util.text import slugify

    if language and language not in LANGUAGES:
        raise BookError(f"bookgen import knows the languages {', '.join(LANGUAGES)}, "
                        f"not '{language}'")
    source = Path(source).expanduser()
    target = Path(folder) if folder else Path(slugify(source.stem) or "book")
    if target.is_dir() and any(target.iterdir()):
        raise BookError(f"{target} already exists and is not empty: bookgen import never "
                        "writes into a folder that holds something; name a new folder")
    manuscript = read_source(source, Path(media).expanduser() if media else None, language,
                             split_level, include)
    content = content_files(manuscript)
    written = scaffold(target, title=manuscript.title or None, author=manuscript.author or None,
                       language=manuscript.language, content=content,
                       subtitle=manuscript.subtitle)
    chapters = tuple(p for p in written if p.suffix == ".md" and p.parts[-2] != "images"
                     and "content" in p.parts and p.name != "part.md")
    images = tuple(p for p in written if p.parent.name == "images")
    title = manuscript.title or target.name
    return ImportReport(target, tuple(written), chapters, images, tuple(manuscript.warnings),
                        title, manuscript.language)


def check(root: Path | str, reporter: Reporter | None = None,
          external: bool = True, print_edition: bool = False) -> CheckReport:
    """Everything ``bookgen check`` looks at, without writing into the book folder;
    ``print_edition``: the print shop's PDF/X-4 interior and cover (``check --print``)."""
    from bookgen.author.check import check_book

    return check_book(Path(root), reporter=reporter, external=external,
                      print_edition=print_edition)


def preview(root: Path | str, port: int = 0, reporter: Reporter | None = None) -> Preview:
    """A started preview server (call ``.stop()``), rebuilding the HTML on every save."""
    from bookgen.author.preview import Preview

    server = Preview(Path(root), port=port, reporter=reporter)
    server.start()
    return server
