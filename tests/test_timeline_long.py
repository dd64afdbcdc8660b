"""The timeline at the size of a real memoir: a generated book of ~100 pages with hundreds of
dated sentences (bench/longbook.py: a foreword's dateline, photo captions, footnotes, intervals,
a far-off "1200-talet"), built once; the appendix keeps to ``[timeline] max_pages``."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_PAGES = 3
SVG = "{http://www.w3.org/2000/svg}"


def _longbook():
    spec = importlib.util.spec_from_file_location("longbook", ROOT / "bench" / "longbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def long_memoir(tmp_path_factory):
    from bookgen.api import build
    from bookgen.build.render import load_book

    folder = _longbook().generate(tmp_path_factory.mktemp("long") / "bok", pages=100)
    toml = folder / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    + f"\n[timeline]\nmax_pages = {MAX_PAGES}\n", encoding="utf-8")
    notes = []
    out = folder / "ut"
    paths = build(folder, ["pdf", "epub"], {"pdf": out / "bok.pdf", "epub": out / "bok.epub"},
                  on_warning=notes.append)
    return {"book": load_book(folder), "notes": notes, **paths}


def _pages(pdf_path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def _appendix(pages: list[str]) -> list[str]:
    start = max(i for i, text in enumerate(pages) if text.lstrip().startswith("Tidslinje"))
    end = next((i for i, text in enumerate(pages) if i > start
                and text.lstrip().startswith("Personregister")), len(pages))
    return [p for p in pages[start:end] if p.strip()]  # the register follows, on a recto


def test_hundreds_of_events_and_an_appendix_within_max_pages(long_memoir):
    events = long_memoir["book"].events
    assert len(events) >= 200
    listed = [e for e in events if e.in_appendix]
    assert 20 <= len(listed) < len(events)
    appendix = _appendix(_pages(long_memoir["pdf"]))
    assert len(appendix) <= MAX_PAGES, f"{len(appendix)} pages"
    note = [p for p in long_memoir["notes"] if "timeline appendix" in p.message]
    assert note and f"{len(events) - len(listed)} were left out" in note[0].message
    assert "bookgen timeline" in note[0].message and note[0].severity == "note"


def test_no_year_heading_alone_at_a_page_foot(long_memoir):
    for text in _appendix(_pages(long_memoir["pdf"])):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"\d{1,3}", line)]  # the folio
        assert not re.fullmatch(r"\d{4}", body[-1]), body[-3:]


def test_entries_are_short_phrases_with_pages(long_memoir):
    appendix = "\n".join(_appendix(_pages(long_memoir["pdf"])))
    entries = [line for line in appendix.splitlines() if re.search(r"s\.\s*\d+\s*$", line)]
    assert len(entries) >= 20
    assert all(len(line) < 110 for line in entries)


def test_the_forms_of_a_memoir(long_memoir):
    book = long_memoir["book"]
    dates = {e.date for e in book.events}
    texts = [e.text for e in book.events]
    assert not any("Sundsvall i mars" in t for t in texts)  # the foreword's dateline
    assert any(re.fullmatch(r"\d{4}-23/\d{4}-21", d) for d in dates)  # autumn to spring
    assert "1974/1976" in dates  # "i mitten av 1970-talet"
    assert "12XX" in dates  # read, but kept off the drawing's axis
    captions = [e for e in book.events if re.search(r", (våren|sommaren|hösten|vintern) \d{4}$",
                                                      e.text)]
    assert captions  # photo captions are read
    assert not any(re.search(r"\.\[\^\d+\] [A-ZÅÄÖ]", t) for t in texts)  # marks end sentences
    assert not [w for w in book.warnings if "guessed" in w.message]


def test_epub_drawing_is_for_a_screen(long_memoir):
    with zipfile.ZipFile(long_memoir["epub"]) as epub:
        name = next(n for n in epub.namelist() if n.endswith("timeline.xhtml"))
        root = ET.fromstring(epub.read(name))
    svg = next(root.iter(f"{SVG}svg"))
    width = float(svg.get("viewBox").split()[2])
    sizes = [float(t.get("font-size")) for t in svg.iter(f"{SVG}text")]
    assert width == 360 and min(sizes) * 320 / width >= 11
    years = [int(t.text) for t in svg.iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text)]
    assert min(years) >= 1960
