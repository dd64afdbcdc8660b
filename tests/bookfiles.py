"""Writing a book's files for the safety tests: text, bytes, a symlink, a named pipe, or a
deletion, with {trap}, {secret} and {outside} filled in."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

FIFO = object()  # a named pipe at this path


@dataclass(frozen=True)
class Link:
    """A symlink to ``target`` ({secret}, {outside} are filled in)."""

    target: str


def write_files(root: Path, files: dict, names: dict) -> None:
    """``files``: rel → text, bytes, :class:`Link`, :data:`FIFO`, or None (delete)."""
    for rel, data in files.items():
        path = root / rel
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        if data is FIFO:
            os.mkfifo(path)
        elif isinstance(data, Link):
            path.symlink_to(fill(data.target, names))
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(fill(data, names), encoding="utf-8")


def fill(text: str, names: dict) -> str:
    """``text`` with {trap}, {secret} and {outside} replaced (braces elsewhere are left)."""
    for key, value in names.items():
        text = text.replace(f"{{{key}}}", value)
    return text
