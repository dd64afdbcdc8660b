"""The theme: templates/, styles/ and strings/ folders searched in order, the book's own first.

A book overrides a built-in file by putting one with the same name in its own templates/ or
styles/ (MkDocs' ``custom_dir``). A template can extend the built-in one it replaces with
``{% extends "!book.html.j2" %}``: the ``!`` skips the book's folders (Sphinx's convention).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2

from bookgen.errors import BookError, Problem
from bookgen.model import SourceRef


def builtin_dir(name: str) -> Path:
    """A built-in theme folder: inside the installed package, or at the repository's top."""
    package = Path(__file__).resolve().parent
    installed = package / "_theme" / name
    return installed if installed.is_dir() else package.parent / name


class _ThemeLoader(jinja2.FileSystemLoader):
    """Looks in every folder in order; a name starting with ``!`` looks in the built-in only."""

    def __init__(self, book_dirs: list[Path], builtin: Path):
        super().__init__([*map(str, book_dirs), str(builtin)])
        self.builtin = jinja2.FileSystemLoader(str(builtin))

    def get_source(self, environment, template):
        if template.startswith("!"):
            return self.builtin.get_source(environment, template[1:])
        return super().get_source(environment, template)


@dataclass(frozen=True)
class Theme:
    root: Path  # the book folder

    def folders(self, kind: str) -> list[Path]:
        """The folders searched for ``kind`` (templates, styles), the book's own first."""
        builtin = builtin_dir(kind)
        own = self.root / kind
        return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]

    @cached_property
    def env(self) -> jinja2.Environment:
        folders = self.folders("templates")
        env = jinja2.Environment(
            loader=_ThemeLoader(folders[:-1], folders[-1]),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        return env

    def render(self, name: str, **context) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            searched = ", ".join(str(f) for f in self.folders("templates"))
            raise BookError(f"template '{exc.name}' not found (searched: {searched})") from None
        except jinja2.TemplateSyntaxError as exc:
            raise BookError(Problem(f"template error: {exc.message}",
                                    SourceRef(self._rel(exc.filename), exc.lineno))) from None
        except jinja2.UndefinedError as exc:
            raise BookError(f"template '{name}' uses something bookgen does not give it: "
                            f"{exc.message}") from None

    def _rel(self, filename: str | None) -> str:
        if not filename:
            return "templates"
        path = Path(filename).resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) \
            else path.as_posix()

    def find_style(self, name: str) -> Path:
        for folder in self.folders("styles"):
            candidate = folder / name
            if candidate.is_file():
                return candidate
        searched = ", ".join(str(f) for f in self.folders("styles"))
        raise BookError(f"stylesheet '{name}' not found (searched: {searched})")

    def stylesheet(self, name: str) -> str:
        return self.find_style(name).read_text(encoding="utf-8")

    def strings(self, language: str) -> dict[str, str]:
        """The theme's words in the book's language (strings/<lang>.toml), English as fallback."""
        merged: dict[str, str] = {}
        for lang in ("en", language):
            for folder in reversed(self.folders("templates")):
                path = folder / "strings" / f"{lang}.toml"
                if path.is_file():
                    merged.update(_read_strings(path))
        return merged


def _read_strings(path: Path) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in tomllib.loads(path.read_text(encoding="utf-8")).items()}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BookError(f"{path.name} is not valid TOML: {exc}", SourceRef(path.as_posix())) \
            from None
