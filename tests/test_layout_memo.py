"""Decisions remembered between layouts and builds (``steering_memo``, ``chapter_fixes``).

A build that remembers its line breaks, notes and figure moves lays the book out once, and the
PDF is byte for byte the one a build from scratch makes; a memo changed in dist/ can change at
most where a line breaks, never a word.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from photobook import make_photo_book

LONG_NOTE = " ".join(["En lång fotnot som fortsätter och fortsätter om allt som hände."] * 40)
NOTES_CHAPTER = """---
title: Noterna
---

{text}[^lang] Karin Ekström skrev om det i Katrineholm. {text}

{text}[^kort] Karin Ekström kom tillbaka. {text}

[^lang]: {note}
[^kort]: En kort not.
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The photo book (figures that leave gaps) with a chapter whose long note WeasyPrint
    cannot set at the foot of its page."""
    from photobook import TEXT

    root = make_photo_book(tmp_path_factory.mktemp("memo") / "bok", text_repeats=3)
    (root / "content" / "02-noter.md").write_text(
        NOTES_CHAPTER.format(text=TEXT * 2, note=LONG_NOTE), encoding="utf-8")
    return root


def _build(root: Path, monkeypatch, processes: str = "1") -> tuple[bytes, list[int]]:
    """The PDF's bytes, and the page count of each layout WeasyPrint made (in this process:
    with one process, all of them)."""
    from weasyprint import HTML

    from bookgen.api import build

    counted = []
    render = HTML.render

    def counting(self, *args, **kwargs):
        document = render(self, *args, **kwargs)
        counted.append(len(document.pages))
        return document

    monkeypatch.setattr(HTML, "render", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("BOOKGEN_PROCESSES", processes)
    for old in (root / "dist").glob("*.pdf"):
        old.unlink()
    (root / "dist" / ".bookgen-cache.json").unlink(missing_ok=True)
    import bookgen.images.cache as cache

    cache._MEMORY_JSON.clear()  # as a new process: read back from dist/
    outputs = build(root, ["pdf"], force=True)
    monkeypatch.setattr(HTML, "render", render)
    return outputs["pdf"].read_bytes(), counted


@pytest.fixture(scope="module")
def builds(source, tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("memobuild") / "bok"
    shutil.copytree(source, root)
    try:
        cold = _build(root, monkeypatch)
        warm = _build(root, monkeypatch)
    finally:
        monkeypatch.undo()
    return {"root": root, "cold": cold, "warm": warm}


def test_a_rebuild_that_remembers_lays_the_book_out_once(builds):
    cold, warm = builds["cold"][1], builds["warm"][1]
    assert len(cold) >= 3  # the chapters alone (first fit, steered, fixed), the book
    book = max(warm)
    # the book once; the register's pages again, with their page ranges merged
    assert warm.count(book) == 1 and all(pages <= 3 for pages in warm if pages != book), warm


def test_two_processes_make_the_same_pdf(source, tmp_path, monkeypatch):
    import tempfile

    root = tmp_path / "bok"
    shutil.copytree(source, root)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    made, in_this_process = _build(root, monkeypatch, processes="2")
    assert in_this_process.count(max(in_this_process)) == 1  # the book, once
    assert len(in_this_process) <= 2  # and the register: the chapters were the workers' 
    import gc

    gc.collect()
    assert not list(temporary.iterdir())  # the workers' font folders (weasyprint-*) are gone
    assert made == _build(source_copy(source, tmp_path), monkeypatch)[0]


def source_copy(source: Path, tmp_path: Path) -> Path:
    root = tmp_path / "one"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("dist"))
    return root


def test_a_rebuild_that_remembers_gives_the_same_bytes(builds):
    assert builds["warm"][0] == builds["cold"][0]


def test_the_memo_has_the_chapters_fixes(builds):
    folder = builds["root"] / "dist" / ".bookgen-images"
    fixes = [json.loads(p.read_text()) for p in folder.glob("chapter-*.json")]
    assert any(f["notes"] for f in fixes), fixes  # the long note, set as a block
    assert any(f["steps"] for f in fixes), fixes  # a figure moved


def test_a_changed_memo_cannot_change_the_words(builds, tmp_path, monkeypatch):
    from pdftext import page_texts

    root = tmp_path / "bok"
    shutil.copytree(builds["root"], root)
    (memo,) = (root / "dist" / ".bookgen-images").glob("steering-*.json")
    decisions = json.loads(memo.read_text())
    changed = 0
    for value in decisions.values():
        if len(value) == 4 and value[1]:
            run = next(iter(value[1]))
            value[1][run] = value[1][run].replace("a", "o", 1) + " INSKJUTET"
            value[2] = [line + " INSKJUTET" for line in value[2]]
            changed += 1
        if len(value) == 4:
            value[3] = "color: red; " + value[3]
    assert changed
    memo.write_text(json.dumps(decisions), encoding="utf-8")
    made, _ = _build(root, monkeypatch)
    assert made == builds["cold"][0]  # every changed entry refused: decided again
    assert not any("INSKJUTET" in text for text in page_texts(root / "dist" / _pdf_name(root)))


def _pdf_name(root: Path) -> str:
    (found,) = (root / "dist").glob("*.pdf")
    return found.name


def test_an_edited_chapter_is_mended_alone_and_the_book_laid_out_once(builds, tmp_path,
                                                                      monkeypatch):
    root = tmp_path / "bok"
    shutil.copytree(builds["root"], root)
    chapter = root / "content" / "02-noter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("hamnen", "viken", 1),
                       encoding="utf-8")
    from weasyprint import HTML

    pages = []
    render = HTML.render
    monkeypatch.setattr(HTML, "render", lambda self, *a, **k: pages.append(
        len((d := render(self, *a, **k)).pages)) or d)
    rebuilt = _build(root, monkeypatch)[0]
    whole = max(pages)
    assert pages.count(whole) <= 2, pages  # once, and once more if the edit needs steering
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("dist"))
    assert _build(fresh, monkeypatch)[0] == rebuilt  # as a first build of the edited book


def test_a_long_note_at_the_end_of_the_book_is_not_lost(tmp_path, monkeypatch):
    """WeasyPrint carries a note that does not fit on to the next page, and past the last
    page it drops it: such a note is set as a block note after its paragraph."""
    from pdftext import page_texts
    from photobook import TEXT

    root = tmp_path / "bok"
    (root / "content").mkdir(parents=True)
    (root / "book.toml").write_text('[book]\ntitle = "Noter"\nauthors = ["Anna"]\n'
                                    'language = "sv"\ndate = "2024"\n', encoding="utf-8")
    (root / "content" / "01-noter.md").write_text(
        NOTES_CHAPTER.format(text=TEXT, note=LONG_NOTE), encoding="utf-8")
    made, _ = _build(root, monkeypatch)
    text = " ".join(page_texts(root / "dist" / _pdf_name(root)))
    assert " ".join(text.split()).count("En lång fotnot som fortsätter") == 40
    assert "En kort not." in text


def test_a_name_added_early_does_not_lay_out_the_later_chapters_again(builds, tmp_path,
                                                                      monkeypatch):
    """The register numbers its mentions through the book; the memo's keys leave ids out."""
    from bookgen.writers import chapter_fixes

    root = tmp_path / "bok"
    shutil.copytree(builds["root"], root)
    first = root / "content" / "01-bilder.md"
    text = first.read_text(encoding="utf-8").replace(
        "\n\n", "\n\nPer Olsson kom på besök, och Per Olsson stannade länge i Eskilstuna.\n\n", 1)
    first.write_text(text, encoding="utf-8")
    jobs = []
    run = chapter_fixes.ChapterFixes.run
    monkeypatch.setattr(chapter_fixes.ChapterFixes, "run",
                        lambda self, job: jobs.append(job) or run(self, job))
    _build(root, monkeypatch)
    assert jobs == ["bilder"]
