"""The register's lexicon facts kept in dist/ (transforms/index/lexicon_cache.py): a book built
before loads no word list, and its outputs are the same bytes warm, cold or half warm."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bookgen.build.render import load_book, render
from bookgen.images import cache as image_cache
from bookgen.transforms.index import lexicon as lexicon_module
from bookgen.transforms.index.lexicon_cache import entry_name

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "index" / "sv"


def _build(root: Path) -> bytes:
    image_cache._MEMORY_JSON.clear()  # as a new process: only what dist/ holds
    made, _ = render(load_book(root), ["epub"])
    return made["epub"]


def _entry(root: Path) -> Path:
    return root / "dist" / ".bookgen-images" / f"{entry_name('sv')}.json"


@pytest.fixture
def book(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("dist", "labels.toml"))
    return root


def _no_lists(monkeypatch):
    def refuse(language):
        raise AssertionError("the word lists were loaded")

    monkeypatch.setattr(lexicon_module, "lists_for", refuse)


def test_a_warm_build_loads_no_list_and_makes_the_same_bytes(book, monkeypatch):
    cold = _build(book)
    entry = json.loads(_entry(book).read_text(encoding="utf-8"))
    assert entry["version"] == entry_name("sv")
    assert entry["facts"]["Göran"] & lexicon_module.FIRST_NAME
    _no_lists(monkeypatch)
    assert _build(book) == cold


def test_an_edited_chapter_loads_the_lists_for_its_new_words_only(book, monkeypatch):
    _build(book)
    chapter = sorted((book / "content").glob("*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + "\nSedan kom Ingegerd Wallin från Eskilstuna.\n", encoding="utf-8")
    half_warm = _build(book)
    assert "Ingegerd" in json.loads(_entry(book).read_text(encoding="utf-8"))["facts"]
    shutil.rmtree(book / "dist")
    assert _build(book) == half_warm  # cold
    _no_lists(monkeypatch)
    assert _build(book) == half_warm  # warm again


@pytest.mark.parametrize("damage", [b"\x80not json", b'{"version": "other", "facts": {}}',
                                    b'[1, 2]', None])
def test_a_damaged_or_foreign_entry_is_ignored(book, damage):
    cold = _build(book)
    if damage is None:  # right version, facts with wrong values: all dropped, none trusted
        entry = json.loads(_entry(book).read_text(encoding="utf-8"))
        entry["facts"] = {word: "x" for word in entry["facts"]}
        damage = json.dumps(entry).encode()
    _entry(book).write_bytes(damage)
    assert _build(book) == cold


def test_a_failed_build_writes_no_facts(book):
    load_book(book)  # extraction ran, no build succeeded
    assert not _entry(book).exists()


def test_no_facts_are_kept_for_a_book_without_a_register(book):
    toml = book / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[index]\nenabled = false\n",
                    encoding="utf-8")
    _build(book)
    assert not _entry(book).exists()
