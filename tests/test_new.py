"""`bookgen new` and the theme a new book can change: a folder that builds at once, templates and
styles overridden by name, `{% extends "!…" %}`, and the theme's words by language."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bookgen import cli
from bookgen.api import build, load_book, new_book
from bookgen.cli import app
from bookgen.errors import BookError
from bookgen.theme.folders import Theme, builtin_dir

runner = CliRunner()
UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _html(root: Path) -> str:
    out = root / "out.html"
    build(root, ["html"], {"html": out})
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("language, chapter_words, contents", [
    ("sv", "Den nionde februari 2007", "Innehåll"),
    ("en", "On 9 February 2007", "Contents"),
])
def test_new_book_builds_at_once_with_an_event(tmp_path, language, chapter_words, contents):
    root = tmp_path / "min-bok"
    written = new_book(root, title="Min bok", author="Anna Andersson", language=language)
    assert {p.relative_to(root).as_posix() for p in written} >= {
        "book.toml", "styles/README.md", "templates/README.md"}
    config = tomllib.loads((root / "book.toml").read_text(encoding="utf-8"))
    assert config["book"]["title"] == "Min bok"
    assert config["book"]["authors"] == ["Anna Andersson"]
    assert config["book"]["language"] == language
    assert UUID.match(config["book"]["identifier"])
    chapters = list((root / "content").glob("*.md"))
    assert len(chapters) == 1 and chapters[0].name.startswith("01-")
    text = chapters[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ") and "\n> " in text and chapter_words in text
    book = load_book(root)
    assert [e.date for e in book.events] == ["2007-02-09"]
    assert not book.warnings
    html = _html(root)
    assert contents in html and "Anna Andersson" in html
    for folder in ("styles", "templates"):
        readme = (root / folder / "README.md").read_text(encoding="utf-8")
        assert "book.css" in readme or "book.html.j2" in readme


def test_new_book_builds_the_pdf_and_epub_too(tmp_path):
    root = tmp_path / "bok"
    new_book(root)
    written = build(root, ["pdf", "epub"])
    assert all(path.stat().st_size > 1000 for path in written.values())


def test_identifiers_are_fresh(tmp_path):
    ids = set()
    for name in ("a", "b"):
        new_book(tmp_path / name)
        ids.add(tomllib.loads((tmp_path / name / "book.toml").read_text())["book"]["identifier"])
    assert len(ids) == 2


def test_title_and_author_are_written_safely(tmp_path):
    root = tmp_path / "q"
    new_book(root, title='Ett "citat" \\ och [hakar]', author="Åsa Ö'Neill")
    meta = load_book(root).metadata
    assert meta.authors == ("Åsa Ö'Neill",)
    assert "citat" in meta.title and "[hakar]" in meta.title


def test_cli_new_without_a_terminal_never_prompts(tmp_path):
    root = tmp_path / "mitt-liv"
    result = runner.invoke(app, ["new", str(root)])  # CliRunner's stdin is no terminal
    assert result.exit_code == 0, result.output
    assert str(root / "book.toml") in result.stdout.splitlines()
    assert "bookgen preview" in result.stdout
    meta = load_book(root).metadata
    assert meta.title == "Mitt liv" and meta.language == "sv" and meta.authors


def test_cli_new_asks_in_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    root = tmp_path / "bok"
    result = runner.invoke(app, ["new", str(root), "--language", "en"],
                           input="A Life\nJane Doe\n")
    assert result.exit_code == 0, result.output
    meta = load_book(root).metadata
    assert (meta.title, meta.authors, meta.language) == ("A Life", ("Jane Doe",), "en")


def test_cli_new_quiet_prints_only_paths(tmp_path):
    root = tmp_path / "bok"
    result = runner.invoke(app, ["new", str(root), "-q", "--title", "T", "--author", "A"])
    assert result.exit_code == 0, result.output
    assert all(Path(line).is_file() for line in result.stdout.splitlines())


def test_new_refuses_a_folder_with_something_in_it(tmp_path):
    root = tmp_path / "bok"
    root.mkdir()
    (root / "anteckningar.txt").write_text("mina anteckningar", encoding="utf-8")
    result = runner.invoke(app, ["new", str(root)])
    assert result.exit_code == 1
    assert "not empty" in result.stderr and "Traceback" not in result.output
    assert [p.name for p in root.iterdir()] == ["anteckningar.txt"]
    assert (root / "anteckningar.txt").read_text(encoding="utf-8") == "mina anteckningar"


def test_new_accepts_an_empty_folder_and_refuses_a_file(tmp_path):
    (tmp_path / "tom").mkdir()
    new_book(tmp_path / "tom")
    assert (tmp_path / "tom" / "book.toml").is_file()
    (tmp_path / "fil").write_text("x")
    with pytest.raises(BookError, match="is a file"):
        new_book(tmp_path / "fil")


def test_new_rejects_an_unknown_language(tmp_path):
    result = runner.invoke(app, ["new", str(tmp_path / "b"), "--language", "xx"])
    assert result.exit_code == 2
    assert not (tmp_path / "b").exists()


# ---------------------------------------------------------------- the theme


@pytest.fixture()
def book(tmp_path) -> Path:
    root = tmp_path / "bok"
    new_book(root, title="Temabok", author="Anna")
    return root


def test_a_template_can_extend_the_builtin_one_it_replaces(book):
    (book / "templates" / "book.html.j2").write_text(
        '{% extends "!book.html.j2" %}\n'
        "{% block appendix %}<p>Egen bilaga</p>{% endblock %}\n", encoding="utf-8")
    html = _html(book)
    assert "<p>Egen bilaga</p>" in html
    assert 'class="timeline-events"' not in html  # the block it replaced
    assert "Där allt började" in html and "Innehåll" in html  # the rest is the built-in's


def test_a_partial_template_overrides_by_name(book):
    (book / "templates" / "colophon.html.j2").write_text(
        '<section class="colophon">Tryckt hemma</section>\n', encoding="utf-8")
    assert "Tryckt hemma" in _html(book)


def test_a_stylesheet_overrides_by_name(book):
    (book / "styles" / "book.css").write_text("body { color: rebeccapurple; }\n",
                                              encoding="utf-8")
    html = _html(book)
    assert "rebeccapurple" in html
    assert ".toc li" in builtin_dir("styles").joinpath("book.css").read_text()
    assert ".toc li" not in html  # the built-in stylesheet is not used at all


def test_a_missing_template_names_every_folder_searched(book):
    (book / "templates" / "book.html.j2").write_text(
        '{% extends "!book.html.j2" %}{% block appendix %}{% include "saknas.html.j2" %}'
        "{% endblock %}", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        _html(book)
    message = str(caught.value)
    assert "saknas.html.j2" in message
    assert str(book / "templates") in message and str(builtin_dir("templates")) in message


def test_the_theme_words_follow_the_language(book):
    sv = Theme(book).strings("sv")
    en = Theme(book).strings("en")
    assert (sv["contents"], sv["timeline"], sv["page"]) == ("Innehåll", "Tidslinje", "Sida")
    assert (en["contents"], en["timeline"], en["page"]) == ("Contents", "Timeline", "Page")
    assert set(sv) == set(en)  # every built-in word is in both languages


def test_a_book_adds_a_language_with_one_file(book):
    strings = book / "templates" / "strings"
    strings.mkdir()
    (strings / "de.toml").write_text('contents = "Inhalt"\ntimeline = "Zeitleiste"\n',
                                     encoding="utf-8")
    toml = book / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('language = "sv"',
                                                             'language = "de"'), "utf-8")
    html = _html(book)
    assert "Inhalt" in html and 'lang="de"' in html
    assert "Colophon" in html  # a word the file leaves out comes from English


def test_a_book_changes_one_word(book):
    strings = book / "templates" / "strings"
    strings.mkdir()
    (strings / "sv.toml").write_text('contents = "Innehållsförteckning"\n', encoding="utf-8")
    words = Theme(book).strings("sv")
    assert words["contents"] == "Innehållsförteckning" and words["timeline"] == "Tidslinje"
    assert "Innehållsförteckning" in _html(book)
