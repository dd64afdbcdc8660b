"""The rebuild cache: a build whose inputs hash the same as last time keeps its outputs.

What goes into an output is hashed by :mod:`bookgen.build.digest`. A book keeps one small stamp,
``dist/.bookgen-cache.json``, in its output folder (a build writes nothing outside it), mapping
each output's absolute path to its format, the digest it was built from, the sha256 of the
bytes the build wrote and the warnings it reported. An output is fresh when its entry has
today's digest and the file still has those bytes; ``build`` skips rendering only when every
requested output is fresh. Outputs sent elsewhere (``-o ~/Desktop/bok.pdf``) are always built
and leave no stamp. A stamp that is missing, unreadable or of another schema counts as no
stamp; one that cannot be written (a read-only book) just means no skipping.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookgen import __version__
from bookgen.build.digest import SCHEMA, builtin_theme_dirs, combine, file_digest, input_digests
from bookgen.errors import BookError
from bookgen.util.gate import read_file

STAMP_NAME = ".bookgen-cache.json"  # in the book's output folder, dist/
MAX_STAMP_BYTES = 4 * 1024 * 1024
SEVERITIES = ("warning", "error")


@dataclass
class RebuildCache:
    """The digests of one build's formats, and the book's stamp of what it last wrote.

    ``outputs`` maps a format to the path asked for; a format not in it goes to ``default_dir``
    (``dist/`` in the book folder) under whatever name the last build recorded for it (the
    name comes from book.toml's title, which is in the digest)."""

    root: Path
    formats: list[str]
    outputs: Mapping[str, Path | str | None] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    theme_dirs: list[Path] | None = None
    default_dir: Path | None = None

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        if self.theme_dirs is None:
            self.theme_dirs = builtin_theme_dirs()
        self.default_dir = Path(self.default_dir or self.root / "dist").resolve()
        # Hashed now, before anything is built: an input edited during the build is then
        # recorded with the digest of what the build may not have seen, so it rebuilds next time.
        files = input_digests(self.root, self.theme_dirs)
        self.digests = {name: combine(files, [name], self.options) for name in self.formats}

    @property
    def stamp(self) -> Path:
        return stamp_path(self.root)

    def digest(self, name: str) -> str:
        return self.digests[name]

    def _asked(self, name: str) -> Path | None:
        path = (self.outputs or {}).get(name)
        return Path(path) if path else None

    def fresh(self) -> dict[str, Path]:
        """The requested outputs that are up to date: format → path."""
        entries = read_stamp(self.stamp, self.root)
        found: dict[str, Path] = {}
        for name in self.formats:
            asked = self._asked(name)
            if asked:
                candidates = [str(asked.resolve())]
            else:
                candidates = sorted(k for k in entries if Path(k).parent == self.default_dir)
            for key in candidates:
                entry = entries.get(key)
                if not entry or entry.get("format") != name \
                        or entry.get("digest") != self.digest(name):
                    continue
                path = Path(key)
                if _same_bytes(path, entry["sha256"], self.root if not asked else None):
                    found[name] = asked or path
                    break
        return found

    @property
    def enabled(self) -> bool:
        """Only builds into the book's own output folder are remembered."""
        return all(self._asked(name) is None
                   or self._asked(name).resolve().parent == self.default_dir
                   for name in self.formats)

    def up_to_date(self) -> dict[str, Path] | None:
        """Every requested output, when all of them are fresh; otherwise None."""
        if not self.enabled:
            return None
        found = self.fresh()
        return {name: found[name] for name in self.formats} \
            if set(found) == set(self.formats) else None

    def warnings(self, kept: Mapping[str, Path]) -> list[dict[str, Any]]:
        """The warnings recorded with these outputs (each once), to report them again."""
        entries = read_stamp(self.stamp, self.root)
        seen: list[dict[str, Any]] = []
        for path in kept.values():
            for warning in entries.get(str(Path(path).resolve()), {}).get("warnings", []):
                if warning not in seen:
                    seen.append(warning)
        return seen

    def record(self, written: Mapping[str, Path],
               warnings: Iterable[Mapping[str, Any]] = (),
               data: Mapping[str, bytes] | None = None) -> None:
        """Note what was just written: ``data`` (format → bytes) is what this build wrote, so a
        file another build replaced meanwhile does not match. Never fails a build: a stamp
        that cannot be written is no stamp, and the next build renders again."""
        if not self.enabled:
            return
        notes = [dict(w) for w in warnings]
        entries: dict[str, dict[str, Any]] = {}
        for name, path in written.items():
            try:
                sha = hashlib.sha256(data[name]).hexdigest() if data and name in data \
                    else file_digest(Path(path))
            except OSError:  # gone, or no longer a regular file: nothing to remember
                continue
            entries[str(Path(path).resolve())] = {
                "format": name, "digest": self.digest(name), "sha256": sha, "warnings": notes}
        try:
            write_stamp(self.stamp, {**read_stamp(self.stamp, self.root), **entries}, self.root)
        except (OSError, BookError):  # a read-only book, a dist/ that is a link: no stamp
            pass


def _same_bytes(path: Path, sha256: str, root: Path | None = None) -> bool:
    """The output at ``path`` is a regular file holding what the stamp says (read through the
    gate, inside ``root`` when given: a stamp naming a FIFO, a device or a file reached
    through a link out of the book never makes a build wait or read it)."""
    try:
        return file_digest(path, [root] if root else None) == sha256
    except OSError:
        return False


def stamp_path(book_root: Path) -> Path:
    """Where a book keeps its stamp: in its output folder, beside the outputs it describes."""
    return Path(book_root) / "dist" / STAMP_NAME


def read_stamp(path: Path, root: Path | None = None) -> dict[str, dict[str, Any]]:
    """A stamp's entries (output path → entry); {} for a missing, corrupt or other stamp, or
    one that does not match the schema in every field (:func:`valid_entry`): a stamp is a
    file anyone can edit, and a bad one must mean "build again", never a crash or a wait."""
    path = Path(path)
    try:
        data = json.loads(read_file(path, root or path.parent, MAX_STAMP_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return {}
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        return {}
    if not all(isinstance(k, str) and os.path.isabs(k) and valid_entry(v)
               for k, v in outputs.items()):
        return {}
    return outputs


_HEX64 = re.compile(r"[0-9a-f]{64}")
_NOTE_TYPES = {"message": (str,), "severity": (str,), "path": (str, type(None)),
               "line": (int, type(None))}


def valid_entry(entry: object) -> bool:
    """One output's entry as :meth:`RebuildCache.record` writes it, field by field."""
    if not isinstance(entry, dict) or set(entry) != {"format", "digest", "sha256", "warnings"}:
        return False
    if not isinstance(entry["format"], str) or not isinstance(entry["warnings"], list):
        return False
    if not all(isinstance(entry[k], str) and _HEX64.fullmatch(entry[k])
               for k in ("digest", "sha256")):
        return False
    return all(_valid_note(note) for note in entry["warnings"])


def _valid_note(note: object) -> bool:
    if not isinstance(note, dict) or set(note) != set(_NOTE_TYPES):
        return False
    if not all(isinstance(note[k], types) and not isinstance(note[k], bool)
               for k, types in _NOTE_TYPES.items()):
        return False
    return note["severity"] in SEVERITIES and (note["line"] is None or note["line"] > 0)


def write_stamp(path: Path, entries: Mapping[str, Mapping[str, Any]],
                book_root: Path | None = None) -> None:
    """Write the stamp through the output gate (all or nothing, never through a link out of
    the book), keeping only entries whose output still exists."""
    from bookgen.build.outputs import write_outputs

    path = Path(path)
    live = {k: v for k, v in entries.items() if os.path.isfile(k)}
    text = json.dumps({"schema": SCHEMA, "bookgen": __version__, "outputs": live},
                      indent=1, sort_keys=True, ensure_ascii=False)
    write_outputs({path: (text + "\n").encode("utf-8")}, book_root, sync=False)


def problem_note(problem: Any) -> dict[str, Any]:
    """A warning (:class:`bookgen.errors.Problem`) as JSON, for the stamp."""
    source = getattr(problem, "source", None)
    return {"message": problem.message, "severity": problem.severity,
            "path": source.path if source else None, "line": source.line if source else None}


def note_problem(note: Mapping[str, Any]) -> Any:
    """A warning read back from the stamp, as the :class:`~bookgen.errors.Problem` it was."""
    from bookgen.errors import Problem
    from bookgen.model import SourceRef

    source = SourceRef(note["path"], note.get("line")) if note.get("path") else None
    severity = note.get("severity")
    return Problem(str(note.get("message", "")), source,
                   severity if severity in SEVERITIES else "error")
