"""Reading one text file of a book folder safely: inside the folder, bounded, UTF-8, one line end.

Every way a careless or hostile file can go wrong (a link out of the book, a folder or a device
where a file should be, another encoding, a byte-order mark, CR or CRLF line ends, binary data,
control characters, a huge size, a FIFO or a device) becomes a problem naming the file and,
where known, the line. The opening itself is :mod:`bookgen.util.gate`'s, the one way bookgen
reads a file.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from pathlib import Path

from bookgen.errors import ProblemList
from bookgen.model import SourceRef
from bookgen.util.gate import FileRefused, kind_of, read_file, resolve_inside

MAX_TEXT_BYTES = 8 * 1024 * 1024
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def inside(path: Path, root: Path) -> Path | None:
    """``path`` with symlinks followed, if it stays inside ``root``; None otherwise."""
    return resolve_inside(path, root)


def file_problem(path: Path, root: Path | Iterable[Path]) -> str | None:
    """Why ``path`` cannot be read as one of the book's files, or None when it can (a quick
    look that never opens it; :func:`read_bytes` checks again on the file it opens)."""
    if path.is_symlink() and not path.exists():
        return "the file is a link to something that does not exist"
    if resolve_inside(path, root) is None:
        return "the file links to a place outside the book folder"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"the file cannot be read: {exc.strerror or exc}"
    return None if stat.S_ISREG(mode) else kind_of(mode)


def read_bytes(path: Path, rel: str, root: Path | Iterable[Path], problems: ProblemList,
               limit: int = MAX_TEXT_BYTES) -> bytes | None:
    """The file's bytes, or None (with a problem naming ``rel``) when it may not or cannot be
    read: outside ``root`` (a folder, or several), not a regular file, larger than ``limit``.
    This is :func:`bookgen.util.gate.read_file` with the refusal as a problem."""
    try:
        return read_file(path, root, limit)
    except FileRefused as refused:
        problems.error(refused.why, SourceRef(rel))
        return None


def decode(data: bytes, rel: str, problems: ProblemList) -> str | None:
    """UTF-8 text (a byte-order mark dropped) with ``\\n`` line ends, or None with a problem."""
    if data.startswith(_UTF16_BOMS):
        problems.error("the file is UTF-16 text: save it as UTF-8", SourceRef(rel, 1))
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.error("the file holds binary data (NUL bytes), not text", SourceRef(rel, line))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        hint = " (it looks like Latin-1 or Windows-1252)" if 0xA0 <= byte <= 0xFF else ""
        problems.error(f"the file is not UTF-8 text: byte 0x{byte:02X} cannot be read{hint}; "
                       "save it as UTF-8", SourceRef(rel, line))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def drop_control_characters(text: str, rel: str, problems: ProblemList) -> str:
    """Control characters (NUL, ESC, …) cannot be printed: leave them out, with a warning."""
    match = CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        problems.warning("control characters in the text were left out", SourceRef(rel, line))
        text = CONTROL.sub("", text)
    return text


def read_text(path: Path, rel: str, root: Path | Iterable[Path], problems: ProblemList,
              limit: int = MAX_TEXT_BYTES) -> str | None:
    """A text file of the book, checked and decoded; None (with a problem) if it cannot be."""
    data = read_bytes(path, rel, root, problems, limit)
    if data is None:
        return None
    text = decode(data, rel, problems)
    return None if text is None else drop_control_characters(text, rel, problems)
