"""The images of one build: each source file read once through the book's read gate, each
(source, target) prepared once, from the cache when it has it.

Writers ask for an image by the ``src`` the text gives and the :class:`SourceRef` of the block
it is in; a problem (not readable, truncated, a bomb) becomes the build's error at that
``path:line``, reported once per place, and the writer leaves the image out of that output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from bookgen import model as m
from bookgen.errors import Problem, ProblemList
from bookgen.images.cache import ImageCache, cache_key
from bookgen.images.prepare import Prepared, Target, prepare
from bookgen.images.source import Header, ImageUnusable, header
from bookgen.readers.files import inside, read_bytes
from bookgen.images.walk import is_raster
from bookgen.readers.images import MAX_IMAGE_BYTES
from bookgen.readers.svg import SvgRefused, sanitize_svg
from bookgen.readers.references import image_path


KEEP_BYTES = 1024 * 1024


@dataclass
class ImageStore:
    root: Path
    problems: list[Problem]
    cache: ImageCache | None = None
    _data: dict[str, bytes | None] = field(default_factory=dict)
    _headers: dict[str, Header | None] = field(default_factory=dict)
    _prepared: dict[tuple[str, Target], Prepared | None] = field(default_factory=dict)
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _failure: dict[str, str] = field(default_factory=dict)
    _digests: dict[str, str] = field(default_factory=dict)  # src → sha256 of its bytes

    def data(self, src: str, ref: m.SourceRef | None) -> bytes | None:
        """The file's bytes, through bookgen.readers.files.read_bytes. ``src`` is as the text
        writes it (relative to content/), or ``/``-prefixed relative to the book folder (the
        cover book.toml names). Small files are kept; a large one is read again when asked
        again (a book of fifty 10 MB photos is not held in memory)."""
        if src in self._data:
            if self._data[src] is None:
                self._report(src, ref, "cannot be read")
            return self._data[src]
        path = (inside(self.root / src[1:], self.root) if src.startswith("/")
                else image_path(self.root, src))
        problems = ProblemList()
        data = None
        if path is None:
            problems.error("is not a file inside the book folder")
        else:
            rel = path.relative_to(self.root.resolve()).as_posix()
            data = read_bytes(path, rel, self.root, problems, MAX_IMAGE_BYTES)
        for problem in problems.items:
            self._report(src, ref, f"cannot be read: {problem.message}")
        if data is not None and not is_raster(src):
            data = self._sanitised(src, data, ref)
        if data is None or len(data) <= KEEP_BYTES:
            self._data[src] = data
        return data

    def _sanitised(self, src: str, data: bytes, ref: m.SourceRef | None) -> bytes | None:
        """An SVG as bookgen.readers.svg re-serialises it: what was checked is what goes out."""
        try:
            return sanitize_svg(data).data
        except SvgRefused as refused:
            self._report(src, ref, str(refused))
            return None

    def header(self, src: str, ref: m.SourceRef | None) -> Header | None:
        if src not in self._headers:
            data = self.data(src, ref)
            try:
                self._headers[src] = header(data) if data is not None else None
            except ImageUnusable as exc:
                self._headers[src] = None
                self._report(src, ref, str(exc))
        elif self._headers[src] is None:
            self.data(src, ref)
        return self._headers[src]

    def prepared(self, src: str, target: Target, ref: m.SourceRef | None) -> Prepared | None:
        """The image as ``target`` wants it, or None (and an error at ``ref``)."""
        digest, data = self._digests.get(src), None
        if digest is None:  # once a build: a photo is 10 MB to read and hash, used many times
            data = self.data(src, ref)
            if data is None:
                return None
            digest = self._digests[src] = hashlib.sha256(data).hexdigest()
        memo = (digest, target)
        if memo not in self._prepared:
            data = data if data is not None else self.data(src, ref)
            if data is None:
                return None
            self._prepared[memo] = self._make(src, data, digest, target, ref)
        elif self._prepared[memo] is None:
            self._report(src, ref, self._failure.get(memo[0], "cannot be used"))
        return self._prepared[memo]

    def _make(self, src: str, data: bytes, digest: str, target: Target,
              ref: m.SourceRef | None) -> Prepared | None:
        key = cache_key(digest, target)
        cached = self.cache.get(key) if self.cache else None
        if cached is not None:
            return cached
        try:
            made = prepare(data, target)
        except ImageUnusable as exc:
            self._failure[digest] = str(exc)
            self._report(src, ref, str(exc))
            return None
        if self.cache:
            self.cache.put(key, made)
        return made

    def _report(self, src: str, ref: m.SourceRef | None, why: str) -> None:
        place = (src, str(ref))
        if place in self._reported:
            return
        self._reported.add(place)
        self.problems.append(Problem(f"image '{src.lstrip('/')}' {why}", ref, "error"))
