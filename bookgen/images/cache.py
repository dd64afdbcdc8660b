"""Prepared images kept between builds, in the book's ``dist/.bookgen-images/`` (and, beside
them, the figure flow's moves of each chapter, small JSON files keyed the same way).

An entry's name is the sha256 of the source file's bytes, the :class:`Target` (with the
pipeline's version) and Pillow's version: an edited photo, another placed size or a new Pillow
is another name, so an entry can never be stale; a text edit finds every photo ready. Entries
are written when a build has succeeded, atomically (a temporary file renamed), read back through the book's read gate and
checked to be the image they claim; a damaged entry is ignored and made again. Entries nobody
used for :data:`KEEP_DAYS` are removed. The cache lives inside the book folder only: when
``dist/`` is a link out of the book, or cannot be written, there simply is no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import PIL

from bookgen.errors import ProblemList
from bookgen.images.prepare import MEDIA, Prepared, Target
from bookgen.images.source import ImageUnusable, header
from bookgen.readers.files import inside, read_bytes

FOLDER = Path("dist") / ".bookgen-images"
KEEP_DAYS = 30
#: Prepared images also kept in memory, for a process that builds again and again (the
#: preview, which writes nothing): at most this many bytes, the least recently used go first.
MEMORY_BYTES = 64 * 1024 * 1024
_MEMORY: OrderedDict[str, Prepared] = OrderedDict()
_MEMORY_JSON: dict[str, object] = {}
_EXTENSIONS = {ext: fmt for fmt, (_, ext) in MEDIA.items()}


def cache_key(source_digest: str, target: Target) -> str:
    text = f"{source_digest}|{target.key()}|pillow {PIL.__version__}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


class ImageCache:
    """The book's image cache; ``writable=False`` only reads (``bookgen check``)."""

    def __init__(self, book_root: Path, writable: bool = True):
        self.root = Path(book_root).resolve()
        self.folder = self.root / FOLDER
        self.writable = writable
        self.pending: dict[str, Prepared] = {}
        self.pending_json: dict[str, object] = {}
        self._pruned = False

    def _usable_folder(self) -> bool:
        dist = self.root / "dist"
        if dist.is_symlink() or (dist.exists() and inside(dist, self.root) is None):
            return False
        return not self.folder.exists() or (not self.folder.is_symlink()
                                            and inside(self.folder, self.root) is not None)

    def get(self, key: str) -> Prepared | None:
        if key in _MEMORY:
            _MEMORY.move_to_end(key)
            return _MEMORY[key]
        if not self.folder.is_dir() or not self._usable_folder():
            return None
        for extension, fmt in _EXTENSIONS.items():
            path = self.folder / f"{key}{extension}"
            if not path.is_file():
                continue
            data = read_bytes(path, path.relative_to(self.root).as_posix(), self.root,
                              ProblemList(), limit=256 * 1024 * 1024)
            try:
                head = header(data) if data else None
            except ImageUnusable:
                head = None
            if head is None or head.format != fmt:
                return None
            _touch(path)
            return Prepared(data, fmt, head.width, head.height, head.mode)
        return None

    def put(self, key: str, prepared: Prepared) -> None:
        """Keep an entry to write when the build succeeds (:meth:`commit`): a failed build
        leaves dist/ as it was."""
        _remember(key, prepared)
        if self.writable:
            self.pending[key] = prepared

    def commit(self) -> None:
        for key, prepared in self.pending.items():
            self._write(key, prepared)
        self.pending.clear()
        for name, value in self.pending_json.items():
            self._write_file(f"{name}.json", json.dumps(value, ensure_ascii=False).encode())
        self.pending_json.clear()

    def get_json(self, name: str):
        """A small JSON entry beside the images (the figure flow's moves), or None."""
        if name in _MEMORY_JSON:
            return _MEMORY_JSON[name]
        path = self.folder / f"{name}.json"
        if not path.is_file() or not self._usable_folder():
            return None
        data = read_bytes(path, path.relative_to(self.root).as_posix(), self.root,
                          ProblemList(), limit=4 * 1024 * 1024)
        try:
            value = json.loads(data.decode("utf-8")) if data else None
        except (UnicodeDecodeError, ValueError):
            return None
        _touch(path)
        return value

    def put_json(self, name: str, value) -> None:
        _MEMORY_JSON[name] = value
        if self.writable:
            self.pending_json[name] = value

    def _write(self, key: str, prepared: Prepared) -> None:
        self._write_file(f"{key}{prepared.extension}", prepared.data)

    def _write_file(self, name: str, data: bytes) -> None:
        if not self._usable_folder():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=self.folder)
            os.close(handle)  # a new file of our own, in the cache folder checked above
            try:
                Path(temp).write_bytes(data)
                os.chmod(temp, 0o644)
                os.replace(temp, self.folder / name)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a read-only book: no cache, the build goes on
        self.prune()

    def prune(self) -> None:
        """Remove entries unused for KEEP_DAYS and temporary files a killed build left."""
        if self._pruned:
            return
        self._pruned = True
        now = time.time()
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for path in entries:
            try:
                age = now - path.lstat().st_mtime
                stale = (path.suffix == ".part" and age > 3600) or age > KEEP_DAYS * 86400
                if stale and (path.is_file() or path.is_symlink()):
                    path.unlink()
            except OSError:
                continue


def _remember(key: str, prepared: Prepared) -> None:
    _MEMORY[key] = prepared
    _MEMORY.move_to_end(key)
    while sum(len(p.data) for p in _MEMORY.values()) > MEMORY_BYTES and len(_MEMORY) > 1:
        _MEMORY.popitem(last=False)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass
