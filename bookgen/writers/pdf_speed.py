"""Two costs of writing a PDF that pydyf pays and bookgen need not, removed for one write.

Both are pinned to the pydyf versions they were measured on (:data:`TESTED`); with any other
version the PDF is written as pydyf writes it. ``tests/test_pdf_speed.py`` checks that the bytes
are the same with and without them.

* ``PDF.page_references`` builds a new tuple of every page's reference on each access, and
  WeasyPrint's PDF/UA tagging asks for it once per tagged element: quadratic in the pages
  (20 000 accesses × 300 pages, about 1 s of a 300-page book). Pages are only ever appended, so
  the tuple is kept until the page count changes.
* With an identifier, ``PDF.write`` hashes every object's serialised form after writing it:
  each dictionary is serialised, and each stream compressed, a second time (0.3–0.5 s at 300
  pages). During the write an object's ``data`` is kept the first time it is made.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pydyf

TESTED = {"0.13.0"}


def _cached_page_references(self) -> tuple[bytes, ...]:
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_bookgen_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self.__dict__["_bookgen_page_references"] = cached
    return cached[1]


class FasterWrite:
    """Given to the write as it runs: ``serialising()`` is called by the finisher, just before
    pydyf writes the objects, when nothing changes them any more."""

    def __init__(self) -> None:
        self.kept: dict | None = None
        self._originals: dict = {}

    def serialising(self) -> None:
        if self.kept is not None or not active():
            return
        self.kept = {}  # id → (the object, kept alive so its id stays its own; its bytes)
        for cls in _DATA_CLASSES:
            self._originals[cls] = cls.__dict__["data"]
            setattr(cls, "data", self._keeping(cls.__dict__["data"].fget))

    def _keeping(self, make):
        kept = self.kept

        def data(obj):
            key = id(obj)
            if key not in kept:
                kept[key] = (obj, make(obj))
            return kept[key][1]
        return property(data)

    def restore(self) -> None:
        for cls, prop in self._originals.items():
            setattr(cls, "data", prop)
        self._originals.clear()
        self.kept = None


_DATA_CLASSES = (pydyf.Object, pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array)


def active() -> bool:
    return getattr(pydyf, "__version__", "") in TESTED


@contextlib.contextmanager
def faster_pdf_writing() -> Iterator[FasterWrite]:
    """Within the block pydyf keeps the page references; after ``serialising()``, the objects'
    serialised bytes too (see the module's docstring)."""
    write = FasterWrite()
    references = pydyf.PDF.__dict__["page_references"]
    if active():
        pydyf.PDF.page_references = property(_cached_page_references)
    try:
        yield write
    finally:
        write.restore()
        pydyf.PDF.page_references = references
