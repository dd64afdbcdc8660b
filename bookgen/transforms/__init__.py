"""Transforms: ``Book -> Book``, applied in the order listed.

Typography comes first so that the timeline quotes each sentence as the book prints it; the
register (index) comes last, so its anchors sit beside the timeline's.
"""

from __future__ import annotations

from collections.abc import Callable

from bookgen.model import Book


def _typography(book: Book) -> Book:
    from bookgen.transforms.typography import apply_typography

    return apply_typography(book)


def _timeline(book: Book) -> Book:
    from bookgen.transforms.timeline.extract import extract_timeline

    return extract_timeline(book)


def _index(book: Book) -> Book:
    from bookgen.transforms.index.extract import extract_register

    return extract_register(book)


TRANSFORMS: list[tuple[str, Callable[[Book], Book]]] = [
    ("typography", _typography),
    ("timeline", _timeline),
    ("index", _index),
]


def apply_transforms(book: Book) -> Book:
    for _name, transform in TRANSFORMS:
        book = transform(book)
    return book
