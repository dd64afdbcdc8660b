"""bookgen's pydyf speed-ups change nothing but the time: the same bytes with and without."""

from __future__ import annotations

from pathlib import Path

import pydyf

from bookgen.api import load_book
from bookgen.theme.folders import Theme
from bookgen.writers import new_context
from bookgen.writers import pdf_speed

ROOT = Path(__file__).resolve().parents[1]


def _pdf(root: Path) -> bytes:
    book = load_book(root)
    return new_context(book, Theme(book.root)).output("pdf")


def test_the_same_bytes_with_and_without_the_speed_ups(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pdf_speed.active(), f"pydyf {pydyf.__version__} is not one the speed-ups know"
    fast = _pdf(ROOT)
    monkeypatch.setattr(pdf_speed, "TESTED", set())
    assert not pdf_speed.active()
    assert _pdf(ROOT) == fast


def test_pydyf_is_left_as_it_was():
    data = {cls: cls.__dict__["data"] for cls in pdf_speed._DATA_CLASSES}
    references = pydyf.PDF.__dict__["page_references"]
    with pdf_speed.faster_pdf_writing() as faster:
        faster.serialising()
        assert pydyf.Dictionary.__dict__["data"] is not data[pydyf.Dictionary]
    assert {cls: cls.__dict__["data"] for cls in pdf_speed._DATA_CLASSES} == data
    assert pydyf.PDF.__dict__["page_references"] is references


def test_page_references_follow_new_pages():
    pdf = pydyf.PDF()
    with pdf_speed.faster_pdf_writing():
        assert pdf.page_references == ()
        page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_page(page)
        assert pdf.page_references == (f"{page.number} 0 R".encode(),)
