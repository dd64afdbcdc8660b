"""The theme: templates/, styles/ and strings/ folders searched in order, the book's own first.

A book overrides a built-in file by putting one with the same name in its own templates/ or
styles/ (MkDocs' ``custom_dir``). A template can extend the built-in one it replaces with
``{% extends "!book.html.j2" %}``: the ``!`` skips the book's folders (Sphinx's convention).
"""

from __future__ import annotations

import os
import tomllib
import traceback
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bookgen.errors import BookError, Problem, ProblemList
from bookgen.model import SourceRef
from bookgen.readers.files import read_text
from bookgen.readers.styles import self_contained_css
from bookgen.util.gate import FileRefused, read_file, resolve_inside

MAX_TEMPLATE_BYTES = 4 * 1024 * 1024


def builtin_dir(name: str) -> Path:
    """A built-in theme folder: inside the installed package, or at the repository's top."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_theme" / name
    return installed if installed.is_dir() else package.parent / name


class TemplateRefused(jinja2.TemplateNotFound):
    """A template file that links to a place outside its theme folder."""

    filename = ""


class _ThemeLoader(jinja2.BaseLoader):
    """Looks in every folder in order; a name starting with ``!`` looks in the built-in only.

    Jinja's ``split_template_path`` refuses ``..`` in names; every file is read through the
    gate (:mod:`bookgen.util.gate`): one that resolves (through a symlink) outside the book
    folder or the built-in theme, a FIFO, a device or a huge file is refused, so a book's
    template can neither read other files nor make a build wait.
    """

    def __init__(self, book_dirs: list[Path], builtin: Path, book_root: Path):
        self.book_dirs = list(book_dirs)
        self.builtin = builtin
        self.roots = (book_root.resolve(), builtin.resolve())

    def get_source(self, environment, template):
        pieces = split_template_path(template.lstrip("!"))
        folders = [] if template.startswith("!") else self.book_dirs
        for folder, root in [*((f, self.roots[0]) for f in folders),
                             (self.builtin, self.roots[1])]:
            path = Path(folder, *pieces)
            if not os.path.lexists(path):
                continue
            try:
                source = read_file(path, root, MAX_TEMPLATE_BYTES).decode("utf-8-sig")
            except (FileRefused, UnicodeDecodeError) as exc:
                why = exc.why if isinstance(exc, FileRefused) else \
                    "the template is not UTF-8 text"
                refused = TemplateRefused(template, why.replace("the file", "the template", 1))
                refused.filename = str(path)
                raise refused from None
            mtime = _mtime(path)
            return source, str(path), lambda: _mtime(path) == mtime
        raise jinja2.TemplateNotFound(template)


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


@dataclass(frozen=True)
class Theme:
    root: Path  # the book folder
    _styles: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def folders(self, kind: str) -> list[Path]:
        """The folders searched for ``kind`` (templates, styles), the book's own first.

        The book's own folder must be inside the book: a ``styles`` link to /usr is an error,
        never a folder searched (nor silently passed over)."""
        builtin = builtin_dir(kind)
        own = self.root / kind
        if own.is_symlink() and resolve_inside(own, self.root) is None:
            raise BookError(f"{kind}/ links to a place outside the book folder: make it a "
                            "folder of the book", SourceRef(kind))
        return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]

    @cached_property
    def env(self) -> jinja2.Environment:
        """A sandboxed environment: a book's template can format what it is given, not reach
        Python's internals (``{{ cycler.__init__.__globals__.os }}``)."""
        folders = self.folders("templates")
        return ImmutableSandboxedEnvironment(
            loader=_ThemeLoader(folders[:-1], folders[-1], self.root),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)

    def render(self, name: str, **context) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise BookError(Problem(f"template error: {exc.message}",
                                    SourceRef(self._rel(exc.filename), exc.lineno))) from None
        except TemplateRefused as exc:
            raise BookError(Problem(exc.message or "", SourceRef(self._rel(exc.filename)))) \
                from None
        except jinja2.TemplateNotFound as exc:
            searched = ", ".join(str(f) for f in self.folders("templates"))
            raise BookError(Problem(f"template '{exc.name}' not found (searched: {searched})",
                                    self._where(exc))) from None
        except jinja2.UndefinedError as exc:
            raise BookError(Problem(f"template '{name}' uses something bookgen does not give "
                                    f"it: {exc.message}", self._where(exc))) from None
        except Exception as exc:  # a book's template failing as it runs: its own line, no trace
            where = self._where(exc)
            if where is None:
                raise
            raise BookError(Problem(f"template error: {type(exc).__name__}: {exc}", where)) \
                from None

    def _where(self, exc: BaseException) -> SourceRef | None:
        """The template file and line an error was raised at (Jinja rewrites the traceback
        so that its frames are the templates' own lines)."""
        folders = [f.resolve() for f in self.folders("templates")]
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            path = Path(frame.filename)
            if path.is_absolute() and any(path.resolve().is_relative_to(f) for f in folders):
                return SourceRef(self._rel(frame.filename), frame.lineno)
        return None

    def _rel(self, filename: str | None) -> str:
        if not filename:
            return "templates"
        path = Path(filename).absolute()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) \
            else path.as_posix()

    def find_style(self, name: str) -> Path:
        for folder in self.folders("styles"):
            candidate = folder / name
            if os.path.lexists(candidate):  # whatever it is: the gate says if it can be read
                return candidate
        searched = ", ".join(str(f) for f in self.folders("styles"))
        raise BookError(f"stylesheet '{name}' not found (searched: {searched})")

    def stylesheet(self, name: str) -> str:
        """The stylesheet, self-contained: local url()s inlined, everything else refused."""
        return self.style_source(name)[1]

    def style_source(self, name: str) -> tuple[str, str]:
        """(the stylesheet's path for messages, its self-contained text)."""
        if name not in self._styles:
            self._styles[name] = self._read_style(name)
        return self._styles[name]

    def _read_style(self, name: str) -> tuple[str, str]:
        path = self.find_style(name)
        own = path.absolute().is_relative_to(self.root)
        root = self.root if own else builtin_dir("styles")
        rel = self._rel(str(path))
        problems = ProblemList()
        text = read_text(path, rel, root, problems)
        if text is not None:
            text = self_contained_css(text, rel, path.parent, root, problems)
        problems.raise_if_errors()
        return rel, text or ""

    def strings(self, language: str) -> dict[str, str]:
        """The theme's words in the book's language (strings/<lang>.toml), English as fallback."""
        merged: dict[str, str] = {}
        for lang in ("en", language):
            for folder in reversed(self.folders("templates")):
                path = folder / "strings" / f"{lang}.toml"
                if os.path.lexists(path):
                    merged.update(self._read_strings(path))
        return merged

    def _read_strings(self, path: Path) -> dict[str, str]:
        own = path.absolute().is_relative_to(self.root)
        rel = self._rel(str(path))
        problems = ProblemList()
        text = read_text(path, rel, self.root if own else builtin_dir("templates"), problems)
        problems.raise_if_errors()
        try:
            return {k: str(v) for k, v in tomllib.loads(text or "").items()}
        except tomllib.TOMLDecodeError as exc:
            raise BookError(f"not valid TOML: {exc}", SourceRef(rel)) from None
