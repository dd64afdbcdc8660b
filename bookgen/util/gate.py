"""The one way bookgen opens a file to read it: inside an allowed folder, a regular file, bounded.

Every read of a book's file (content, images, the theme, strings, book.toml, the rebuild cache's
stamp and hashing, the files the preview serves) comes here, directly or through
:mod:`bookgen.readers.files`; a test walks the code for reads that do not.

A read is refused, without ever blocking or reading a byte too many, when the path:

* resolves (symlinks followed) outside every allowed folder: the book folder, or bookgen's own
  theme and font packages;
* is not a regular file: a folder, a FIFO (which would make an ``open`` wait forever), a device
  (``/dev/zero`` never ends), a socket. The file is opened with ``O_NONBLOCK`` and
  ``O_NOFOLLOW`` on its resolved path and checked with ``fstat`` on the descriptor, so a file
  swapped for a link or a FIFO between the check and the read is refused too;
* is larger than the caller's limit (checked on the descriptor, and again while reading).

The bytes returned are the bytes read once from that descriptor: what a caller checks is what it
uses. Walks of a folder (:func:`walk_files`) never follow a link out of it and stop at a count.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

MAX_WALK_FILES = 20_000
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_BLOCK = 1 << 20


class FileRefused(OSError):
    """A file that may not or cannot be read; ``why`` says so in words for an author (an
    OSError, so code that already copes with an unreadable file copes with this too)."""

    def __init__(self, path: Path | str, why: str):
        super().__init__(f"{path}: {why}")
        self.path = Path(path)
        self.why = why


def _roots(roots: Path | str | Iterable[Path | str]) -> list[Path]:
    if isinstance(roots, (str, os.PathLike)):
        roots = [roots]
    return [Path(r).resolve() for r in roots]


def resolve_inside(path: Path | str, roots: Path | str | Iterable[Path | str]) -> Path | None:
    """``path`` with symlinks followed, if it stays inside one of ``roots``; None otherwise."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return None
    return resolved if any(resolved.is_relative_to(r) for r in _roots(roots)) else None


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "this is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "this is a socket, not a regular file"
    return "this is not a regular file"


def _open(path: Path | str, roots, limit: int | None) -> tuple[int, int]:
    """An open descriptor of the checked file and its size; raises :class:`FileRefused`."""
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise FileRefused(path, "the file is a link to something that does not exist")
    resolved = resolve_inside(path, roots)
    if resolved is None:
        raise FileRefused(path, "the file links to a place outside the book folder")
    try:
        mode = os.stat(resolved, follow_symlinks=False).st_mode
    except OSError as exc:
        raise FileRefused(path, _reason(exc)) from None
    if not stat.S_ISREG(mode):  # refused before open: a device's open can have effects
        raise FileRefused(path, kind_of(mode))
    try:
        fd = os.open(resolved, _FLAGS)
    except OSError as exc:
        raise FileRefused(path, _reason(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(path, kind_of(info.st_mode))
        if limit is not None and info.st_size > limit:
            raise FileRefused(path, too_large(limit))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def _reason(exc: OSError) -> str:
    if exc.errno is not None and exc.errno == getattr(os, "ELOOP", -1):
        return "the file is a link that leads nowhere (a loop)"
    if isinstance(exc, FileNotFoundError):
        return "the file does not exist"
    return f"the file cannot be read: {exc.strerror or exc}"


def too_large(limit: int) -> str:
    size = f"{limit // 1_048_576} MB" if limit >= 1_048_576 else f"{limit // 1024} kB"
    return f"the file is larger than {size}"


def read_file(path: Path | str, roots: Path | str | Iterable[Path | str],
              limit: int) -> bytes:
    """The bytes of a regular file inside ``roots``, at most ``limit`` of them, read once."""
    fd, _ = _open(path, roots, limit)
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileRefused(path, _reason(exc)) from None
    if len(data) > limit:  # it grew since fstat
        raise FileRefused(path, too_large(limit))
    return data


def hash_file(path: Path | str, roots: Path | str | Iterable[Path | str],
              limit: int) -> str:
    """The sha256 (hex) of a regular file inside ``roots``, streamed; refused past ``limit``."""
    fd, _ = _open(path, roots, limit)
    digest = hashlib.sha256()
    total = 0
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            while block := handle.read(_BLOCK):
                total += len(block)
                if total > limit:
                    raise FileRefused(path, too_large(limit))
                digest.update(block)
    except OSError as exc:
        raise FileRefused(path, _reason(exc)) from None
    return digest.hexdigest()


def walk_files(folder: Path | str, root: Path | str, skip: Iterable[str] = (),
               limit: int = MAX_WALK_FILES) -> list[Path]:
    """Every file under ``folder``, sorted, without following a link out of ``root``.

    ``folder`` itself must resolve inside ``root`` (a ``styles`` link to /usr walks nothing).
    Links to folders are never walked into; links to files are listed (their reader refuses
    them if they lead out). More than ``limit`` files raise :class:`FileRefused`.
    """
    folder = Path(folder)
    if not folder.is_dir() or resolve_inside(folder, root) is None:
        return []
    skipped = set(skip)
    files: list[Path] = []
    for base, dirs, names in os.walk(folder.resolve(), followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in skipped)
        files += [Path(base, name) for name in sorted(names)]
        if len(files) > limit:
            raise FileRefused(folder, f"the folder holds more than {limit} files")
    # os.walk resolved the top: give the paths back under the name they were asked by.
    top = folder.resolve()
    return [folder / p.relative_to(top) for p in files]


def real_folders(root: Path | str, skip: Iterable[str] = (),
                 limit: int = MAX_WALK_FILES) -> Iterator[Path]:
    """``root`` and every folder under it that is a real folder (never a link), to watch."""
    skipped = set(skip)
    count = 0
    for base, dirs, _ in os.walk(Path(root).resolve(), followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in skipped and not d.startswith(".")
                         and not os.path.islink(os.path.join(base, d)))
        count += 1
        if count > limit:
            return
        yield Path(base)
