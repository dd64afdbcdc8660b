"""Where a build's outputs go, and the one way bookgen writes them: all or none, never outside.

Every file a build writes (the outputs and the rebuild cache's stamp) goes through
:func:`write_outputs`, which promises:

* the folder written into is the book's real ``dist/`` or the real folder of the ``-o`` path:
  inside the book no link is followed (``dist/`` as a link to another folder is refused, so a
  build never writes, nor cleans up, anywhere else), and nothing is written over the book's own
  inputs (content/, styles/, templates/, book.toml), of this book or of a book it lands in;
* an output replaces only a regular file or takes a new name: a folder, a link, a FIFO or a
  device at the path is refused (``-o /dev/null`` as root never replaces the device);
* every output is first written in full to a temporary file beside its target, then all are
  renamed into place; if one rename fails, the outputs already replaced are put back as they
  were, so the outputs are all new or all old;
* messages name the output, never the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from bookgen.errors import BookError
from bookgen.model import Book
from bookgen.util.gate import kind_of

SUFFIXES = {"html": ".html", "pdf": ".pdf", "epub": ".epub", "booklet": "-booklet.pdf",
            "cover": "-cover.pdf", "docx": ".docx"}
STALE_SECONDS = 60  # a temporary output older than this was left by a killed build
#: Folders and files of the book that a build reads and must never write.
BOOK_INPUTS = ("content", "styles", "templates", "book.toml")
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0)
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def default_output(book: Book, name: str) -> Path:
    return book.root / "dist" / f"{book.slug}{SUFFIXES[name]}"


@dataclass
class _Target:
    asked: Path  # the path as given: what messages name
    folder: Path  # the real folder it is written into
    name: str
    dir_fd: int = -1
    temp: str = ""
    backup: str = ""
    existed: bool = False
    replaced: bool = False


def write_outputs(outputs: dict[Path, bytes], book_root: Path | None = None,
                  sync: bool = True) -> None:
    """Write every output or none (see the module's docstring); a BookError names the output.

    A killed build leaves at most ``.<name>.*.part`` files beside the outputs, which a later
    build removes."""
    targets = [_plan(Path(path), book_root) for path in outputs]
    try:
        for target, data in zip(targets, outputs.values()):
            _open_folder(target)
            _remove_stale_temps(target)
            _write_temp(target, data, sync)
        for target in targets:
            _keep_backup(target)
        _replace_all(targets)
    finally:
        for target in targets:
            _clean(target)


def _fail(target: _Target | Path, exc: OSError | str) -> BookError:
    asked = target.asked if isinstance(target, _Target) else target
    why = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    return BookError(f"cannot write {asked}: {why}")


# ---------------------------------------------------------------- where an output may go


def _plan(path: Path, book_root: Path | None) -> _Target:
    """The checked target for ``path``: its real folder, no link inside the book on the way."""
    asked = path
    path = Path(os.path.abspath(path))
    if path.name in ("", ".", ".."):
        raise _fail(asked, "it is a folder")
    root = Path(book_root).resolve() if book_root else None
    if root is not None:
        _refuse_links(asked, path.parent, root)
    try:
        folder = path.parent.resolve()
    except (OSError, RuntimeError) as exc:
        raise _fail(asked, exc if isinstance(exc, OSError) else "a link loop") from None
    _refuse_book_inputs(asked, folder / path.name, root)
    _refuse_special(asked, folder / path.name)
    return _Target(asked, folder, path.name)


def _refuse_links(asked: Path, folder: Path, root: Path) -> None:
    """Inside the book every folder on the way to an output is a real folder, never a link."""
    if not folder.is_relative_to(root):
        return
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            where = current.relative_to(root).as_posix()
            raise BookError(f"refusing to write {asked}: {where}/ in the book folder is a link "
                            f"(to {os.readlink(current)}); bookgen writes only into the "
                            "book's real folders: make it a folder")
        if current.exists() and not current.is_dir():
            raise _fail(asked, f"{current.relative_to(root).as_posix()} is not a folder")


def _refuse_book_inputs(asked: Path, target: Path, root: Path | None) -> None:
    books = [root] if root else []
    books += [folder for folder in target.parents if (folder / "book.toml").is_file()]
    for book in books:
        for name in BOOK_INPUTS:
            protected = (book / name).resolve()
            if target == protected or target.is_relative_to(protected):
                raise BookError(f"refusing to write {asked}: it is part of the book ({name}), "
                                "which a build only reads")


def _refuse_special(asked: Path, target: Path) -> None:
    """An output replaces a regular file or takes a new name; anything else stays as it is."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _fail(asked, exc) from None
    if stat.S_ISDIR(mode):
        raise _fail(asked, "it is a folder")
    if stat.S_ISLNK(mode):
        raise BookError(f"refusing to write {asked}: it is a link (to {os.readlink(target)}); "
                        "give the path of a regular file or a new name")
    if not stat.S_ISREG(mode):
        what = kind_of(mode).removeprefix("this is ").replace(", not a regular file", "")
        raise BookError(f"refusing to write {asked}: it is {what}, not a regular file; "
                        "bookgen replaces only a regular file or writes a new one")


# ---------------------------------------------------------------- writing, all or none


def _open_folder(target: _Target) -> None:
    try:
        target.folder.mkdir(parents=True, exist_ok=True)
        target.dir_fd = os.open(target.folder, _DIR_FLAGS)
    except OSError as exc:
        raise _fail(target, exc) from None


def _temp_name(target: _Target, kind: str = "") -> str:
    return f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{kind}.part"


def _write_temp(target: _Target, data: bytes, sync: bool) -> None:
    """``data`` in a complete (synced) temporary file beside the target."""
    target.temp = _temp_name(target)
    try:
        fd = os.open(target.temp, _NEW_FLAGS, 0o644, dir_fd=target.dir_fd)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if sync:
                os.fsync(out.fileno())
            os.fchmod(out.fileno(), 0o644)
    except OSError as exc:
        raise _fail(target, exc) from None


def _keep_backup(target: _Target) -> None:
    """A second name for the old output (a hard link), to put it back if a later rename fails."""
    try:
        mode = os.stat(target.name, dir_fd=target.dir_fd, follow_symlinks=False).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _fail(target, exc) from None
    if not stat.S_ISREG(mode):  # it changed since the check
        raise _fail(target, "it is no longer a regular file")
    target.existed = True
    backup = _temp_name(target, ".old")
    try:
        os.link(target.name, backup, src_dir_fd=target.dir_fd, dst_dir_fd=target.dir_fd,
                follow_symlinks=False)
        target.backup = backup
    except OSError:  # a file system without hard links: the old output cannot come back
        target.backup = ""


def _replace_all(targets: list[_Target]) -> None:
    for target in targets:
        try:
            os.replace(target.temp, target.name, src_dir_fd=target.dir_fd,
                       dst_dir_fd=target.dir_fd)
        except OSError as exc:
            restored = _put_back(targets)
            others = " (the outputs already written were put back as they were)" \
                if restored else ""
            raise _fail(target, f"{exc.strerror or exc}{others}") from None
        target.replaced, target.temp = True, ""


def _put_back(targets: list[_Target]) -> bool:
    """Undo the renames done so far: the old output back, or the new one removed."""
    undone = False
    for target in targets:
        if not target.replaced:
            continue
        with contextlib.suppress(OSError):
            if target.backup:
                os.replace(target.backup, target.name, src_dir_fd=target.dir_fd,
                           dst_dir_fd=target.dir_fd)
                target.backup = ""
            elif not target.existed:
                os.unlink(target.name, dir_fd=target.dir_fd)
            target.replaced = False
            undone = True
    return undone


def _clean(target: _Target) -> None:
    if target.dir_fd < 0:
        return
    for name in (target.temp, target.backup):
        if name:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=target.dir_fd)
    os.close(target.dir_fd)
    target.dir_fd = -1


def _remove_stale_temps(target: _Target) -> None:
    """Remove temporary files a killed build left for this output, in its own folder only:
    their process is gone (the process id is in the name) or they are older than any write
    takes. Only regular files named ``.<output>.<pid>.*.part`` are removed."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.dir_fd)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        pid = name[len(prefix):].split(".", 1)[0]
        with contextlib.suppress(OSError):
            info = os.stat(name, dir_fd=target.dir_fd, follow_symlinks=False)
            gone = pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))
            if stat.S_ISREG(info.st_mode) and (gone or time.time() - info.st_mtime
                                               > STALE_SECONDS):
                os.unlink(name, dir_fd=target.dir_fd)


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
