"""The safety pieces one by one: the URL fetcher, the stylesheet inliner, SVG checks, atomic
writes, the theme sandbox, pathological text (bounded time, only BookError) and long words."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookgen.build.outputs import write_outputs
from bookgen.errors import BookError, ProblemList
from bookgen.readers import read_book
from bookgen.readers.images import svg_problem
from bookgen.readers.styles import self_contained_css

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")  # a whole 1 x 1 PNG (Pillow decodes it)
TOML = '[book]\ntitle = "T"\nauthors = ["A"]\n'


def _book(root: Path, body: str, toml: str = TOML) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "book.toml").write_text(toml, encoding="utf-8")
    (root / "content" / "01-a.md").write_text(body, encoding="utf-8")
    return root


# ---------------------------------------------------------------- the URL fetcher


@pytest.fixture()
def fetcher(tmp_path):
    from bookgen.theme.fetch import BookFetcher

    book = tmp_path / "book"
    (book / "img").mkdir(parents=True)
    (book / "img" / "a.png").write_bytes(PNG)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (book / "img" / "link.png").symlink_to(tmp_path / "secret.txt")
    return BookFetcher(book)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:1/x.png", "https://example.org/x.css", "ftp://example.org/x",
    "file:///etc/passwd", "file://otherhost/book/img/a.png", "file:///bookgen-book/../etc/passwd",
    "file:///bookgen-book/img/link.png", "file:///bookgen-book/img/saknas.png", "gopher://x"])
def test_fetcher_refuses(fetcher, url):
    from bookgen.theme.fetch import RefusedURL

    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused[-1][0] == url


def test_fetcher_reads_inside_the_book_and_data(fetcher):
    from bookgen.theme.fetch import BOOK_BASE

    assert fetcher.fetch(BOOK_BASE + "img/a.png").read() == PNG  # noqa: the response object
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"
    assert fetcher.refused == []


# ---------------------------------------------------------------- stylesheets and SVG


def test_stylesheet_urls_inlined_or_refused_with_their_line(tmp_path):
    book = tmp_path / "book"
    (book / "styles").mkdir(parents=True)
    (book / "styles" / "a.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    css = ("p { background: url(a.png) }\n"
           "q { background: url('../../secret.png') }\n"
           "@font-face { src: url(https://example.org/f.woff2) }\n"
           "r { background: url(file:///etc/passwd) }\n"
           "s { background: url(saknas.png) }\n"
           "@import 'x.css';\n")
    problems = ProblemList()
    out = self_contained_css(css, "styles/book.css", book / "styles", book, problems)
    assert out.count("\n") == css.count("\n")
    assert "data:image/png;base64," in out.splitlines()[0]
    lines = sorted(p.source.line for p in problems.errors)
    assert lines == [2, 3, 4, 5, 6]
    assert all(p.source.path == "styles/book.css" for p in problems.errors)


@pytest.mark.parametrize("svg, ok", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe/></foreignObject></svg>',
     False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)"/></svg>', False),
    ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     False),
    ("<svg", False),
])
def test_svg_must_be_self_contained(svg, ok):
    assert (svg_problem(svg.encode()) is None) == ok


# ---------------------------------------------------------------- writing outputs


def test_outputs_are_written_all_or_none(tmp_path):
    old = tmp_path / "dist" / "a.pdf"
    old.parent.mkdir()
    old.write_bytes(b"old")
    (tmp_path / "dist" / "folder.epub").mkdir()
    with pytest.raises(BookError, match="folder"):
        write_outputs({old: b"new", tmp_path / "dist" / "folder.epub": b"x"})
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in old.parent.iterdir()) == ["a.pdf", "folder.epub"]


def test_outputs_never_go_into_the_book(tmp_path):
    root = _book(tmp_path / "book", "---\ntitle: A\n---\nText\n")
    before = (root / "content" / "01-a.md").read_bytes()
    for target in ("content/01-a.md", "content/new.html", "book.toml", "templates/x.j2"):
        with pytest.raises(BookError, match="refusing to write"):
            write_outputs({root / target: b"x"})
    assert (root / "content" / "01-a.md").read_bytes() == before


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "dist" / "a.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(BookError, match="No space left"):
        write_outputs({target: b"new"})
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]
    assert target.read_bytes() == b"old"


# ---------------------------------------------------------------- pathological text

PATHOLOGICAL = {
    "deep-quotes": ">" * 500 + " x\n",
    "deep-lists": "".join("  " * i + "- x\n" for i in range(60)),
    "deep-emphasis": "*" * 5000 + "x" + "*" * 5000 + "\n",
    "long-word": "a" * 20_000 + "\n",
    "control-characters": "a\x00b\x01c\x1b[31md\x7f\n",
    "one-megabyte": ("Det var en gång 1958 en man som hette Karl. " * 20 + "\n\n") * 1100,
    "many-paragraphs": "x\n\n" * 10_000,
    "long-line": "ab " * 333_334 + "\n",
    "brackets": "[" * 30_000 + "\n",
    "stars": "*" * 50_000 + "\n",
    "images": "![" * 10_000 + "\n",
    "backticks": "`" * 50_000 + "\n",
    "lt": "<" * 50_000 + "\n",
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_is_read_quickly_or_refused(tmp_path, name):
    from bookgen.api import load_book
    from bookgen.theme.folders import Theme
    from bookgen.writers.html import write_html

    root = _book(tmp_path, "---\ntitle: A\n---\n" + PATHOLOGICAL[name])
    start = time.monotonic()
    try:
        book = load_book(root)
        write_html(book, Theme(book.root))
    except BookError as error:
        assert all(p.source and p.source.path for p in error.problems)
    assert time.monotonic() - start < 10


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(front=st.text(max_size=200), body=st.text(max_size=300),
       title=st.one_of(st.text(max_size=30), st.integers(), st.lists(st.text(max_size=5))))
def test_reader_raises_only_book_errors_on_any_front_matter(tmp_path_factory, front, body,
                                                            title):
    root = _book(tmp_path_factory.mktemp("prop"),
                 f"---\ntitle: {title!r}\n{front}\n---\n{body}")
    try:
        read_book(root)
    except BookError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(toml=st.text(max_size=300), raw=st.binary(max_size=200))
def test_reader_raises_only_book_errors_on_any_toml_and_bytes(tmp_path_factory, toml, raw):
    root = _book(tmp_path_factory.mktemp("prop"), "---\ntitle: A\n---\nText\n", TOML + toml)
    (root / "content" / "02-b.md").write_bytes(raw)
    try:
        read_book(root)
    except BookError:
        pass


# ---------------------------------------------------------------- the theme sandbox


def test_book_template_cannot_reach_python(tmp_path):
    from bookgen.theme.folders import Theme

    root = _book(tmp_path, "---\ntitle: A\n---\nText\n")
    (root / "templates").mkdir()
    (root / "templates" / "x.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(BookError, match=r"templates/x\.j2:1: error: template error"):
        Theme(root).render("x.j2")


# ---------------------------------------------------------------- long words


def test_long_words_get_break_opportunities_and_keep_their_letters():
    from bookgen.writers.markup import ZWSP, text_html

    word = "abc&" * 15
    html = text_html(f"kort {word} slut")
    assert html.startswith('kort <span class="long-word">') and html.endswith("</span> slut")
    inner = html.split(">", 1)[1].rsplit("<", 1)[0]
    assert inner.replace(ZWSP, "").replace("&amp;", "&") == word
    assert inner.count(ZWSP) == (len(word) - 1) // 10


def test_a_20000_letter_word_typesets_in_seconds(tmp_path):
    from bookgen.api import build

    word = ("abcdefghijklmnopqrstuvwxyzåäö" * 700)[:20_000]
    root = _book(tmp_path / "book", f"---\ntitle: A\n---\n\nFöre {word} efter.\n")
    start = time.monotonic()
    pdf = build(root, ["pdf"], {"pdf": tmp_path / "a.pdf"})["pdf"]
    assert time.monotonic() - start < 15

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "\u200b" not in text
    assert word[:3000] in "".join(text.split())  # a page's running head may follow the words
    shutil.rmtree(root)
