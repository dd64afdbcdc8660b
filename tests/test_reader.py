"""The reader: book.toml and content/*.md → Book, with source lines and every problem at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookgen import model as m
from bookgen.errors import BookError
from bookgen.readers import read_book
from bookgen.readers.frontmatter import split_front_matter
from bookgen.readers.markdown import parse_blocks
from bookgen.util.tree import plain_text, walk_blocks


def test_memoir_sections_in_file_order(memoir_root):
    book = read_book(memoir_root)
    assert book.metadata.title == "Memoarer – KLF"
    assert book.metadata.language == "sv"
    assert book.metadata.date == "2011"
    files = [s.source.path for s in book.sections]
    assert files == sorted(files) and len(files) == 6
    assert all(s.title for s in book.sections)


def test_memoir_quotations_and_list(memoir_root):
    book = read_book(memoir_root)
    quotes = [plain_text(b.blocks[0].inlines) for s in book.sections for b in walk_blocks(s.blocks)
              if isinstance(b, m.BlockQuote)]
    assert any(q.startswith("Det är ju du som är förvaltningschef nu") for q in quotes)
    assert any(q.startswith("Lita inte på någon Mattias") for q in quotes)
    assert any("här fikar vi till tre" in q for q in quotes)
    lists = [b for s in book.sections for b in walk_blocks(s.blocks) if isinstance(b, m.ListBlock)]
    assert [plain_text(item[0].inlines) for item in lists[0].items] == [
        "Formellt styrsystem", "Organisationssystem", "Ledningssystem"]


def test_blocks_keep_their_file_line(memoir_root):
    book = read_book(memoir_root)
    first = book.sections[0].blocks[0]
    assert first.source == m.SourceRef("content/01-utnamningen.md", 5)
    text = (memoir_root / first.source.path).read_text(encoding="utf-8").splitlines()
    assert text[first.source.line - 1].startswith("Fredagen den nionde februari 2007")


def test_front_matter_split_counts_lines():
    raw, body, offset = split_front_matter("---\ntitle: A\n---\n\nText\n")
    assert raw == "title: A" and body == "\nText\n" and offset == 3


def test_raw_html_stays_text():
    blocks = parse_blocks('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">', "a.md", 0)
    assert [plain_text(b.inlines) for b in blocks] == [
        "<script>alert(1)</script>", '<img src=x onerror="alert(1)">']


def test_javascript_links_are_not_links():
    blocks = parse_blocks("[klick](javascript:alert(1))", "a.md", 0)
    assert not any(isinstance(i, m.Link) for i in blocks[0].inlines)


def test_headings_get_unique_ids(book_copy):
    root = book_copy("mini-sv")
    book = read_book(root)
    headings = [b for b in walk_blocks(book.sections[0].blocks) if isinstance(b, m.Heading)]
    assert headings[0].id == "borjan-en-underrubrik"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_every_problem_reported_at_once(tmp_path):
    root = _write(tmp_path, {
        "book.toml": '[book]\ntitle = "T"\nauthors = ["A"]\ntitel = "x"\n[pfd]\npaper = "A5"\n',
        "content/01-a.md": "---\ntitle: [unclosed\n---\nText\n",
        "content/02-b.md": "---\nnotitle: x\n---\nText\n",
        "content/03-c.md": "---\ntitle: C\n---\n![](saknas.png)\n",
    })
    with pytest.raises(BookError) as caught:
        read_book(root)
    text = str(caught.value)
    assert "book.toml:4: error: unknown key 'titel' in [book] (did you mean 'title'?)" in text
    assert "book.toml:5: error: unknown table [pfd] (did you mean 'pdf'?)" in text
    assert "content/01-a.md:2: error: front matter is not valid YAML" in text
    assert "content/02-b.md:1: error: the section has no 'title'" in text
    assert "content/03-c.md:4: error: image 'saknas.png' does not exist" in text


def test_not_utf8_names_file_and_line(tmp_path):
    root = _write(tmp_path, {"book.toml": '[book]\ntitle = "T"\nauthors = ["A"]\n'})
    (root / "content").mkdir()
    (root / "content" / "01-a.md").write_bytes(b"---\ntitle: A\n---\nline\nbad \xff byte\n")
    with pytest.raises(BookError, match=r"content/01-a.md:5: error: the file is not UTF-8"):
        read_book(root)


def test_deep_nesting_is_an_error_not_a_loss(tmp_path):
    root = _write(tmp_path, {"book.toml": '[book]\ntitle = "T"\nauthors = ["A"]\n',
                             "content/01-a.md": "---\ntitle: A\n---\n" + ">" * 500 + " x\n"})
    with pytest.raises(BookError, match="nested too deeply"):
        read_book(root)


MINI = Path(__file__).parent / "roots" / "mini-sv"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_reader_raises_only_book_errors(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("prop")
    shutil.copy(MINI / "book.toml", root / "book.toml")
    _write(root, {"content/01-a.md": text})
    try:
        book = read_book(root)
    except BookError:
        return
    assert len(book.sections) == 1


# ---------------------------------------------------------------- careless books (issue 6)


def _mini(root: Path, files: dict[str, str | bytes]) -> Path:
    shutil.copy(MINI / "book.toml", root / "book.toml")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def test_title_written_as_a_number_is_kept_as_written(tmp_path):
    root = _mini(tmp_path, {"content/01-a.md": "---\ntitle: 1.10\n---\nText\n",
                            "content/02-b.md": "---\ntitle: 1958\n---\nText\n"})
    assert [s.title for s in read_book(root).sections] == ["1.10", "1958"]


def test_bom_crlf_and_hidden_files(tmp_path):
    root = _mini(tmp_path, {"content/01-a.md": "\ufeff---\r\ntitle: A\r\n---\r\n\r\nText\r\n",
                            "content/._01-a.md": b"\x00\x05\x16\x07 mac resource fork",
                            "content/02-b.MD": "---\ntitle: B\n---\nText\n"})
    book = read_book(root)
    assert [s.title for s in book.sections] == ["A", "B"]
    assert book.sections[0].blocks[0].source.line == 5


def test_control_characters_are_dropped_with_a_warning(tmp_path):
    root = _mini(tmp_path, {"content/01-a.md": "---\ntitle: A\n---\n\nEtt\x1b[31m\x85\x9b ord\n"})
    book = read_book(root)
    assert plain_text(book.sections[0].blocks[0].inlines) == "Ett[31m\x85 ord"
    assert [str(w) for w in book.warnings] == [
        "content/01-a.md:5: warning: control characters in the text were left out"]


def test_repeated_front_matter_key_is_a_warning(tmp_path):
    root = _mini(tmp_path, {"content/01-a.md": "---\ntitle: A\ntitle: B\n---\nText\n"})
    book = read_book(root)
    assert book.sections[0].title == "B"
    assert "content/01-a.md:3: warning: 'title' is given twice" in str(book.warnings[0])


def test_no_title_error_after_a_yaml_error(tmp_path):
    root = _mini(tmp_path, {"content/01-a.md": "---\ntitle: A\n\tid: x\n---\nText\n"})
    with pytest.raises(BookError) as caught:
        read_book(root)
    assert [str(p) for p in caught.value.problems] == [
        "content/01-a.md:3: error: front matter is not valid YAML: found character '\\t' "
        "that cannot start any token (YAML indents with spaces, never tabs)"]


def test_heading_ids_avoid_the_theme_and_title_ids(tmp_path):
    root = _mini(tmp_path, {"content/01-a.md": "---\ntitle: A\n---\n\n## Title\n\n## Toc\n"})
    book = read_book(root)
    ids = [b.id for b in walk_blocks(book.sections[0].blocks) if isinstance(b, m.Heading)]
    assert ids == ["a-title-2", "a-toc"]


def test_book_error_keeps_its_problems_through_pickle():
    import pickle

    from bookgen.errors import Problem

    error = BookError([Problem("a", m.SourceRef("content/01-a.md", 3)),
                       Problem("b", None, "warning")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)


def test_line_breaking_is_total_fit_unless_a_draft_asks_for_first_fit(tmp_path):
    root = tmp_path / "bok"
    shutil.copytree(Path(__file__).parent / "roots" / "mini-sv", root)
    assert read_book(root).metadata.pdf.line_breaking == "total-fit"
    toml = root / "book.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text + '\n[pdf]\nline_breaking = "first-fit"\n', encoding="utf-8")
    assert read_book(root).metadata.pdf.line_breaking == "first-fit"
    toml.write_text(text + '\n[pdf]\nline_breaking = "best"\n', encoding="utf-8")
    with pytest.raises(BookError, match="line_breaking"):
        read_book(root)
