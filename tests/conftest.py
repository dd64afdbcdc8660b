"""Shared fixtures: the memoir (the repository root is its book folder) built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
#: The author's original text, as it was sent (a blog post: it ends with the share widget's "Dela:").
SEED = Path(__file__).resolve().parent / "fixtures" / "memoir" / "original.txt"


@pytest.fixture(scope="session")
def memoir_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def memoir_outputs(tmp_path_factory) -> dict[str, Path]:
    """The memoir's HTML, PDF, booklet and EPUB, built once into a temporary folder."""
    from bookgen.api import build

    out = tmp_path_factory.mktemp("memoir")
    names = {"html": "book.html", "pdf": "book.pdf", "booklet": "booklet.pdf",
             "epub": "book.epub"}
    return build(ROOT, list(names), {k: out / v for k, v in names.items()})


@pytest.fixture()
def book_copy(tmp_path):
    """A copy of a test book from tests/roots, to change freely."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / name, target)
        return target

    return make


def seed_sentences() -> list[str]:
    """Every sentence of the author's text, without the web page's leftover 'Dela:'."""
    import re

    text = SEED.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip() and p.strip() != "Dela:"]
    sentences = []
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            line = line.strip().lstrip("•").strip()
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", line) if s)
    return sentences


@pytest.fixture(scope="session")
def long_book_root(tmp_path_factory) -> Path:
    """bench/longbook.py's generated book, about 40 A5 pages, written once per session."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("longbook", ROOT / "bench" / "longbook.py")
    longbook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(longbook)
    return longbook.generate(tmp_path_factory.mktemp("longbook") / "book", pages=40)


def laid_out(book):
    """The WeasyPrint document of a loaded book, laid out as the PDF writer does."""
    from bookgen.theme.folders import Theme
    from bookgen.writers import new_context
    from bookgen.writers.pdf import render_document

    return new_context(book, Theme(book.root)).shared("document", render_document)
