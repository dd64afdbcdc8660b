"""The register's settings, the same in book.toml ``[index]`` and in a chapter's ``index:``.

``enabled`` (true/false), ``include`` and ``exclude`` (lists of names), ``aliases`` (a table of
form = full name) and ``kind`` (a table of name = person | place | organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bookgen.errors import ProblemList
from bookgen.model import IndexSettings, SourceRef

KEYS = ("enabled", "include", "exclude", "aliases", "kind")
KINDS = ("person", "place", "organisation")


def check_index(table: dict[str, Any], path: str, line_of: Callable[[str], int | None],
                problems: ProblemList) -> None:
    """Report every value of an index table that is not of its form."""
    for key, value in table.items():
        where = SourceRef(path, line_of(key))
        if key not in KEYS:
            problems.error(f"unknown index key '{key}' (known: {', '.join(KEYS)})", where)
        elif key == "enabled" and not isinstance(value, bool):
            problems.error("'index.enabled' must be true or false", where)
        elif key in ("include", "exclude") and not (
                isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            problems.error(f"'index.{key}' must be a list of names in quotes", where)
        elif key in ("aliases", "kind") and not (
                isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            problems.error(f"'index.{key}' must be a table of name = \"…\"", where)
        elif key == "kind":
            for name, kind in value.items():
                if kind not in KINDS:
                    problems.error(f"'index.kind' for '{name}' is '{kind}', not one of: "
                                   f"{', '.join(KINDS)}", where)


def index_settings(table: Any, source: SourceRef) -> IndexSettings:
    """The settings of a checked table (values of the wrong form are left out)."""
    if not isinstance(table, dict):
        return IndexSettings(source=source)

    def names(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        return tuple(v.strip() for v in value if isinstance(v, str) and v.strip()) \
            if isinstance(value, list) else ()

    def pairs(key: str) -> tuple[tuple[str, str], ...]:
        value = table.get(key, {})
        return tuple((str(k).strip(), v.strip()) for k, v in value.items()
                     if isinstance(v, str)) if isinstance(value, dict) else ()

    kinds = tuple((k, v) for k, v in pairs("kind") if v in KINDS)
    return IndexSettings(enabled=table.get("enabled", True) is not False, include=names("include"),
                         exclude=names("exclude"), aliases=pairs("aliases"), kinds=kinds,
                         source=source)
