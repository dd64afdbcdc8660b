"""What an output is made from, hashed: the book's files, the theme, bookgen and its libraries.

One digest per output format (:func:`inputs_digest`): book.toml, everything under content/, the
book's styles/ and templates/, every file inside the book folder that those name (images, an
EPUB cover, a stylesheet's url()), the built-in theme folders, bookgen's version *and* its
source files, the versions of the libraries that lay out and pack the book, the build options
and ``SOURCE_DATE_EPOCH``. File contents are hashed, never their mtimes. Nothing heavy is
imported here: hashing costs a few file reads, not a WeasyPrint import.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bookgen import __version__
from bookgen.util.gate import FileRefused, hash_file, read_file, resolve_inside, walk_files

SCHEMA = 1
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
# Libraries whose version changes the bytes of an output (layout, fonts, packing, parsing).
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "fonttools", "pillow",
             "pypdf", "ebooklib", "lxml", "jinja2", "markupsafe", "markdown-it-py", "pyyaml",
             "fontpkg-eb-garamond", "fontpkg-source-serif-4", "fontpkg-literata",
             "manimgx-fonts")
BOOK_FOLDERS = ("content", "styles", "templates")
SKIPPED_DIRS = {"__pycache__", ".git"}
MAX_HASHED_BYTES = 1 << 30  # more than any reader accepts: such a file fails the build anyway
MAX_SCANNED_BYTES = 8 * 1024 * 1024  # a text searched for the files it names
_REFERENCE = re.compile(
    r"""\]\(\s*<?([^)\s>]+)"""                # Markdown ![alt](src) and [text](href)
    r"""|^\s*\[[^\]]+\]:\s*<?(\S+?)>?\s"""    # a reference definition  [id]: src
    r"""|\b(?:src|href)\s*=\s*["']([^"']+)"""  # HTML in Markdown or a template
    r"""|url\(\s*["']?([^"')]+)""",            # CSS url()
    re.MULTILINE)


def inputs_digest(book_root: Path | str, theme_dirs: Iterable[Path | str],
                  formats: Iterable[str], options: Mapping[str, Any] | None = None) -> str:
    """The sha256 of everything an output of ``formats`` is made from (hex)."""
    return combine(input_digests(book_root, theme_dirs), formats, options)


def input_digests(book_root: Path | str,
                  theme_dirs: Iterable[Path | str]) -> list[tuple[str, str]]:
    """(label, sha256) of every input file, in a stable order: the slow half of the digest."""
    root = Path(book_root).resolve()
    themes = [Path(d).resolve() for d in theme_dirs]
    return [(label, _state(path, [root, *themes]))
            for label, path in _input_files(root, themes)]


def _state(path: Path, allowed: list[Path]) -> str:
    """A file's sha256; "missing", or why it is refused (a link out of the book, a FIFO, a
    device, a huge file: never read, through :mod:`bookgen.util.gate`; the readers refuse it
    with a message, so such a book never keeps an output)."""
    if not os.path.lexists(path):
        return "missing"
    if resolve_inside(path, allowed) is None:  # where it leads is part of the state
        return f"outside:{os.path.realpath(path)}"
    try:
        return hash_file(path, allowed, MAX_HASHED_BYTES)
    except FileRefused as refused:
        return f"refused:{refused.why}"


def combine(files: list[tuple[str, str]], formats: Iterable[str],
             options: Mapping[str, Any] | None) -> str:
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        for part in parts:
            data = str(part).encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)

    feed("schema", SCHEMA, "bookgen", __version__, "code", code_digest())
    for name, version in library_versions():
        feed("library", name, version)
    feed("formats", *sorted(set(formats)))
    feed("options", json.dumps(dict(options or {}), sort_keys=True, default=str))
    for name in ENVIRONMENT:
        feed("env", name, os.environ.get(name, "").strip())
    for label, sha in files:
        feed(label, sha)
    return digest.hexdigest()


def _input_files(root: Path, theme_dirs: list[Path]) -> Iterator[tuple[str, Path]]:
    """(label, path) of every input: a label is the path relative to the book or the theme."""
    seen: set[Path] = set()
    texts: list[Path] = []

    def add(label: str, path: Path) -> Iterator[tuple[str, Path]]:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield label, path

    yield from add("book:book.toml", root / "book.toml")
    for folder in BOOK_FOLDERS:
        if os.path.islink(root / folder):  # where it leads is part of the state
            yield from add(f"book:{folder}/", root / folder)
        for path in _walk(root / folder, root):
            texts.append(path)
            yield from add(f"book:{path.relative_to(root).as_posix()}", path)
    for number, theme in enumerate(sorted({d.resolve() for d in theme_dirs})):
        for path in _walk(theme, theme):
            yield from add(f"theme{number}:{path.relative_to(theme).as_posix()}", path)
    # Files inside the book that an input names: images, the EPUB cover, a url() in CSS.
    for name in sorted(_references(root, texts)):
        path = (root / name)
        if _resolves_inside(path, root) and not path.is_dir():
            yield from add(f"ref:{name}", path)


def _resolves_inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False


def _walk(folder: Path, root: Path) -> list[Path]:
    """Every file under ``folder``, in a stable order: nothing when it is not a folder inside
    ``root`` (a ``styles`` link to /usr is not walked), no link to a folder followed, and a
    folder of more files than any book has counts as one refused input."""
    try:
        return walk_files(folder, root, SKIPPED_DIRS)
    except FileRefused:
        return [folder]  # hashed as refused: the digest changes, the readers say why


def _references(root: Path, texts: list[Path]) -> set[str]:
    """Paths relative to the book folder that the inputs may read (more is harmless)."""
    found: set[str] = set()
    cover = _cover(root / "book.toml")
    if cover:
        found.add(cover)
    for path in texts:
        if path.suffix.lower() not in {".md", ".markdown", ".css", ".j2", ".html", ".xhtml"}:
            continue
        try:
            text = read_file(path, root, MAX_SCANNED_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        for match in _REFERENCE.finditer(text):
            target = next(g for g in match.groups() if g)
            parts = urlsplit(target.strip())
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = unquote(parts.path)
            # Markdown images resolve against content/, CSS against its own folder, templates
            # against the book folder: try them all.
            for base in {path.parent, root / "content", root}:
                candidate = Path(os.path.normpath(base / target.lstrip("/")))
                if candidate.is_relative_to(root) and candidate != root:
                    found.add(candidate.relative_to(root).as_posix())
    return found


def _cover(book_toml: Path) -> str | None:
    try:
        data = tomllib.loads(read_file(book_toml, book_toml.parent, MAX_SCANNED_BYTES)
                             .decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # the reader reports it; the digest still has the bytes
    epub = data.get("epub")
    cover = epub.get("cover") if isinstance(epub, dict) else None
    return cover if isinstance(cover, str) and cover else None


def file_digest(path: Path, roots: Iterable[Path] | None = None) -> str:
    """The sha256 of a regular file inside ``roots`` (its own folder by default): raises
    :class:`~bookgen.util.gate.FileRefused`, an OSError, for anything else."""
    return hash_file(path, list(roots) if roots else [Path(path).parent], MAX_HASHED_BYTES)


@cache
def code_digest() -> str:
    """bookgen's own source files: an edited checkout rebuilds even with the same version."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in _walk(package, package):
        if path.suffix in {".py", ".toml", ".json", ".j2", ".css"}:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file_digest(path).encode())
    return digest.hexdigest()


@cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """(name, version) of each library in LIBRARIES, "-" when it is not installed."""
    installed = _installed_versions()
    versions = []
    for name in LIBRARIES:
        version = installed.get(_normalize(name))
        if version is None:  # not found by its folder name: ask importlib.metadata
            from importlib import metadata

            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
        versions.append((name, version))
    return tuple(versions)


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_versions() -> dict[str, str]:
    """Versions from the ``name-version.dist-info`` folder names on sys.path (the first one
    found wins, as for imports): one listdir per folder instead of a search per library."""
    import sys

    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder[: -len(".dist-info")].split("-", 1)
                found.setdefault(_normalize(name), version)
    return found


def builtin_theme_dirs() -> list[Path]:
    """The built-in templates/ and styles/: ``bookgen.theme.folders.builtin_dir`` without importing
    Jinja2 (a test keeps the two the same), so a cache hit stays cheap."""
    package = Path(__file__).resolve().parent.parent
    dirs = []
    for name in ("templates", "styles"):
        installed = package / "_theme" / name
        dirs.append(installed if installed.is_dir() else package.parent / name)
    return dirs
