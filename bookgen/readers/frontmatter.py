"""YAML front matter of a content file: split it off, parse it safely, keep its line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import datetime
import re

import yaml

from bookgen.errors import ProblemList
from bookgen.model import IndexSettings, SourceRef, TimelineEntry
from bookgen.readers.indexsettings import check_index, index_settings

KNOWN_KEYS = ("title", "id", "kind", "timeline", "date", "index")
PART_KEYS = ("title", "id")
TIMELINE_KEYS = ("date", "text", "match", "drop")
MAX_FRONT_MATTER = 64 * 1024
MAX_NODES = 10_000  # YAML aliases can make a few lines stand for billions of values


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any]
    body: str
    body_offset: int  # lines before the body starts, to turn body lines into file lines
    lines: dict[str, int]  # key → file line
    timeline_lines: tuple[int, ...] = ()  # file line of each timeline entry
    scalars: dict[str, str] = field(default_factory=dict)  # key → its value as written
    ok: bool = True  # False when the front matter could not be read (already reported)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, number of lines before the body)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 1
    return None, text, 0


def read_front_matter(text: str, path: str, problems: ProblemList) -> FrontMatter:
    raw, body, offset = split_front_matter(text)
    if raw is None:
        if text.split("\n", 1)[0].rstrip() == "---":
            problems.error("the front matter opened on line 1 is never closed: end it with a "
                           "line holding only ---", SourceRef(path, 1))
            return FrontMatter({}, body, offset, {}, ok=False)
        return FrontMatter({}, body, offset, {})
    if len(raw) > MAX_FRONT_MATTER:
        problems.error(f"the front matter is longer than {MAX_FRONT_MATTER // 1024} KB",
                       SourceRef(path, 2))
        return FrontMatter({}, body, offset, {}, ok=False)
    try:
        node, values = _load_yaml(raw)
    except _YamlProblem as exc:
        problems.error(exc.message, SourceRef(path, exc.line))
        return FrontMatter({}, body, offset, {}, ok=False)
    if not isinstance(values, dict):
        problems.error("front matter must be a mapping of keys (title: …)", SourceRef(path, 2))
        return FrontMatter({}, body, offset, {}, ok=False)
    _warn_repeated_keys(node, path, problems)
    return FrontMatter(values, body, offset, _key_lines(node), _timeline_lines(node),
                       _scalars(node))


class _YamlProblem(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


def _load_yaml(raw: str) -> tuple[yaml.Node | None, Any]:
    """Compose, check the size the aliases expand to, and only then build the values."""
    loader = None
    try:
        loader = yaml.SafeLoader(raw)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if _expanded_size(node, {}) > MAX_NODES:
            raise _YamlProblem("front matter expands to too many values (YAML aliases)", 2)
        return node, loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise _YamlProblem(f"front matter is not valid YAML: {_yaml_reason(exc)}{_hint(exc)}",
                           line) from None
    except RecursionError:
        raise _YamlProblem("front matter is nested too deeply", 2) from None
    finally:
        if loader is not None:
            loader.dispose()


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias is copied out (memoised)."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = MAX_NODES + 1  # a node that contains itself is too big
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size = min(size, MAX_NODES + 1)
    return size


def _warn_repeated_keys(node: yaml.Node | None, path: str, problems: ProblemList) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key, _ in node.value:
        name = str(key.value)
        if name in seen:
            problems.warning(f"'{name}' is given twice in the front matter; the last one counts",
                             SourceRef(path, key.start_mark.line + 2))
        seen.add(name)


def _scalars(node: yaml.Node | None) -> dict[str, str]:
    """Top-level values exactly as written (``title: 1.10`` is the text 1.10, not 1.1)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): str(v.value) for k, v in node.value
            if isinstance(v, yaml.ScalarNode) and v.tag != "tag:yaml.org,2002:null"}


def _hint(exc: yaml.YAMLError) -> str:
    if "'\\t'" in str(exc):
        return " (YAML indents with spaces, never tabs)"
    return ""


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    return problem or str(exc).splitlines()[0]


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 2 for key, _ in node.value}


def _timeline_lines(node: yaml.Node | None) -> tuple[int, ...]:
    if not isinstance(node, yaml.MappingNode):
        return ()
    for key, value in node.value:
        if key.value == "timeline" and isinstance(value, yaml.SequenceNode):
            return tuple(item.start_mark.line + 2 for item in value.value)
    return ()


def index_of(front: FrontMatter, path: str, problems: ProblemList) -> IndexSettings | None:
    """A chapter's own ``index:`` settings (the same keys as book.toml's ``[index]``)."""
    raw = front.values.get("index")
    line = front.lines.get("index")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.error("'index' must be a mapping (exclude: [...], aliases: {...}, …)",
                       SourceRef(path, line))
        return None
    check_index(raw, path, lambda key: line, problems)
    return index_settings(raw, SourceRef(path, line))


def timeline_entries(front: FrontMatter, path: str,
                     problems: ProblemList) -> tuple[TimelineEntry, ...]:
    """The author's timeline instructions: add (date + text), drop or redate (match + …)."""
    raw = front.values.get("timeline")
    line = front.lines.get("timeline")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.error("'timeline' must be a list of entries", SourceRef(path, line))
        return ()
    entries = []
    item_lines = front.timeline_lines or (line,) * len(raw)
    for item, item_line in zip(raw, item_lines):
        ref = SourceRef(path, item_line)
        entry = _timeline_entry(item, ref, problems)
        if entry:
            entries.append(entry)
    return tuple(entries)


def _timeline_entry(item: Any, ref: SourceRef, problems: ProblemList) -> TimelineEntry | None:
    if not isinstance(item, dict):
        problems.error("a timeline entry is a mapping with date and text, or match", ref)
        return None
    unknown = sorted(set(map(str, item)) - set(TIMELINE_KEYS))
    if unknown:
        problems.error(f"unknown timeline key(s): {', '.join(unknown)} "
                       f"(known: {', '.join(TIMELINE_KEYS)})", ref)
        return None
    date, text, match = (str(item.get(k, "") or "") for k in ("date", "text", "match"))
    drop = item.get("drop", False) is True
    if not match and not (date and text):
        problems.error("a timeline entry needs date and text (to add an event), "
                       "or match (to drop or redate a found one)", ref)
        return None
    return TimelineEntry(source=ref, date=date, text=text, match=match, drop=drop)


_CHAPTER_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def chapter_date(front: FrontMatter, path: str, problems: ProblemList) -> str:
    """The chapter's ``date:`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (empty when not given).

    A blog post's date (``date: 2009-04-14``, also with a time) is what its "i går" and "I år"
    mean; a value that is no such date is reported and left out.
    """
    value = front.values.get("date")
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = front.scalars.get("date", str(value)).strip()
    m = _CHAPTER_DATE.match(text)
    if m and (m.end() == len(text) or text[m.end()] in "T "):
        year, month, day = m.groups()
        try:
            datetime.date(int(year), int(month or 1), int(day or 1))
            return m.group(0)
        except ValueError:
            pass
    problems.error(f"'date' {text!r} is not a date: write it as 2011-03-03, 2011-03 or 2011",
                   SourceRef(path, front.lines.get("date")))
    return ""
