"""YAML front matter of a content file: split it off, parse it safely, keep its line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from bookgen.errors import ProblemList
from bookgen.model import SourceRef, TimelineEntry

KNOWN_KEYS = ("title", "id", "timeline")
TIMELINE_KEYS = ("date", "text", "match", "drop")


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any]
    body: str
    body_offset: int  # lines before the body starts, to turn body lines into file lines
    lines: dict[str, int]  # key → file line
    timeline_lines: tuple[int, ...] = ()  # file line of each timeline entry


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
        return FrontMatter({}, body, offset, {})
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        values = yaml.safe_load(raw) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problems.error(f"front matter is not valid YAML: {_yaml_reason(exc)}",
                       SourceRef(path, line))
        return FrontMatter({}, body, offset, {})
    except RecursionError:
        problems.error("front matter is nested too deeply", SourceRef(path, 1))
        return FrontMatter({}, body, offset, {})
    if not isinstance(values, dict):
        problems.error("front matter must be a mapping of keys (title: …)", SourceRef(path, 2))
        return FrontMatter({}, body, offset, {})
    return FrontMatter(values, body, offset, _key_lines(node), _timeline_lines(node))


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
