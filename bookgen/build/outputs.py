"""Where a build's outputs go, and writing them: all of them or none, never into the book."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from pathlib import Path

from bookgen.errors import BookError
from bookgen.model import Book

SUFFIXES = {"html": ".html", "pdf": ".pdf", "epub": ".epub", "booklet": "-booklet.pdf",
            "cover": "-cover.pdf"}


def default_output(book: Book, name: str) -> Path:
    return book.root / "dist" / f"{book.slug}{SUFFIXES[name]}"


STALE_SECONDS = 60  # a temporary output older than this was left by a killed build
#: Folders and files of the book that a build reads and must never write.
BOOK_INPUTS = ("content", "styles", "templates", "book.toml")


def write_outputs(outputs: dict[Path, bytes], book_root: Path | None = None) -> None:
    """Write every output or none: all go to temporary files first, then each is renamed.

    A failure while writing (disk full, no permission, an output path that is a folder or one
    of the book's own files) removes the temporary files and leaves every old output as it
    was; a killed build leaves at most a ``.<name>.*.part`` file, which a later build removes.
    """
    for path in outputs:
        _check_target(Path(path), book_root)
    temps: dict[Path, str] = {}
    try:
        for path, data in outputs.items():
            temps[Path(path)] = _write_temp(Path(path), data)
        for path, temp in temps.items():
            os.replace(temp, path)
    except OSError as exc:
        raise BookError(f"cannot write {exc.filename or ''}: {exc.strerror or exc}") from None
    finally:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)


def _check_target(path: Path, book_root: Path | None) -> None:
    if path.is_dir():
        raise BookError(f"cannot write {path}: it is a folder")
    target = path.resolve()
    books = [book_root] if book_root else []
    books += [folder for folder in target.parents if (folder / "book.toml").is_file()]
    for book in books:
        for name in BOOK_INPUTS:
            protected = (book / name).resolve()
            if target == protected or target.is_relative_to(protected):
                raise BookError(f"refusing to write {path}: it is part of the book ({name}), "
                                "which a build only reads")


def _write_temp(path: Path, data: bytes) -> str:
    """``data`` in a complete, synced temporary file beside ``path``; stale ones go first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part",
                                    dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary files a killed build left for ``path``: their process is gone (the
    process id is in the name) or they are older than any write takes."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = stale.name[len(path.name) + 2:].split(".", 1)[0]
        with contextlib.suppress(OSError):
            gone = pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))
            if gone or time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()


def _alive(pid: int) -> bool:
    if os.name != "posix":  # signal 0 only asks on POSIX
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is not ours
        return True
    return True
