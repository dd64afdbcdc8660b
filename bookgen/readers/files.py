"""Reading one text file of a book folder safely: inside the folder, bounded, UTF-8, one line end.

Every way a careless or hostile file can go wrong (a link out of the book, a folder or a device
where a file should be, another encoding, a byte-order mark, CR or CRLF line ends, binary data,
control characters, a huge size) becomes a problem naming the file and, where known, the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookgen.errors import ProblemList
from bookgen.model import SourceRef

MAX_TEXT_BYTES = 8 * 1024 * 1024
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def inside(path: Path, root: Path) -> Path | None:
    """``path`` with symlinks followed, if it stays inside ``root``; None otherwise."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return None
    return resolved if resolved.is_relative_to(root.resolve()) else None


def file_problem(path: Path, root: Path) -> str | None:
    """Why ``path`` cannot be read as one of the book's files, or None when it can."""
    if path.is_symlink() and not path.exists():
        return "the file is a link to something that does not exist"
    if inside(path, root) is None:
        return "the file links to a place outside the book folder"
    if path.is_dir():
        return "this is a folder, not a file"
    if not path.is_file():
        return "this is not a regular file"
    return None


def read_bytes(path: Path, rel: str, root: Path, problems: ProblemList,
               limit: int = MAX_TEXT_BYTES) -> bytes | None:
    """The file's bytes, or None (with a problem) when it may not or cannot be read."""
    why = file_problem(path, root)
    if why:
        problems.error(why, SourceRef(rel))
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        problems.error(f"the file cannot be read: {exc.strerror or exc}", SourceRef(rel))
        return None
    if len(data) > limit:
        problems.error(f"the file is larger than {limit // 1_048_576} MB", SourceRef(rel))
        return None
    return data


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


def read_text(path: Path, rel: str, root: Path, problems: ProblemList,
              limit: int = MAX_TEXT_BYTES) -> str | None:
    """A text file of the book, checked and decoded; None (with a problem) if it cannot be."""
    data = read_bytes(path, rel, root, problems, limit)
    if data is None:
        return None
    text = decode(data, rel, problems)
    return None if text is None else drop_control_characters(text, rel, problems)
