"""Property tests of the reader's new blocks: verse keeps every line and its indent, a pipe
table every cell, footnotes are numbered in the order of their first call."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bookgen import model as m
from bookgen.errors import ProblemList
from bookgen.readers.markdown import parse_blocks
from bookgen.util.tree import plain_text

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöABC0123456789,.;", min_size=1,
               max_size=12)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


@given(st.lists(st.tuples(st.integers(0, 8), LINE), min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_verse_keeps_every_line_and_its_indent(lines):
    body = "\n".join(f"| {' ' * indent}{text}" for indent, text in lines)
    blocks = parse_blocks(body, "c.md", 3)
    assert len(blocks) == 1 and isinstance(blocks[0], m.Verse)
    verse = blocks[0]
    assert [(line.indent, plain_text(line.inlines)) for line in verse.lines] == lines
    assert [line.source.line for line in verse.lines] == list(range(4, 4 + len(lines)))


@given(st.integers(1, 5).flatmap(lambda cols: st.tuples(
    st.lists(WORD, min_size=cols, max_size=cols),
    st.lists(st.sampled_from(["---", ":--", ":-:", "--:"]), min_size=cols, max_size=cols),
    st.lists(st.lists(WORD, min_size=cols, max_size=cols), min_size=0, max_size=6))))
@settings(max_examples=60, deadline=None)
def test_a_pipe_table_keeps_every_cell_and_alignment(table):
    header, delimiters, rows = table
    body = "\n".join("| " + " | ".join(row) + " |" for row in [header, delimiters, *rows])
    blocks = parse_blocks(body, "c.md", 0)
    assert len(blocks) == 1 and isinstance(blocks[0], m.Table)
    parsed = blocks[0]
    assert [plain_text(c.inlines) for c in parsed.header] == header
    assert [[plain_text(c.inlines) for c in row] for row in parsed.rows] == rows
    names = {"---": "", ":--": "left", ":-:": "center", "--:": "right"}
    assert list(parsed.align) == [names[d] for d in delimiters]


LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


@given(st.lists(LABEL, min_size=1, max_size=8, unique=True), st.randoms())
@settings(max_examples=60, deadline=None)
def test_footnotes_are_numbered_by_first_call_and_none_is_lost(labels, random):
    calls = " ".join(f"ord[^{label}]" for label in labels)
    order = list(labels)
    random.shuffle(order)
    notes = "\n\n".join(f"[^{label}]: Noten {label}." for label in order)
    problems = ProblemList()
    blocks = parse_blocks(f"{calls}\n\n{notes}\n", "c.md", 0, "x--fn", problems)
    found = [b for b in blocks if isinstance(b, m.Footnote)]
    assert [(n.number, n.label) for n in found] == [(i, lab) for i, lab in enumerate(labels, 1)]
    assert [plain_text(n.blocks[0].inlines) for n in found] == [f"Noten {lab}." for lab in labels]
    assert problems.items == []


NAME = st.text(alphabet="abcdefgh0123", min_size=1, max_size=5)
FILE = st.tuples(NAME, st.sampled_from([".md", ".txt", ".png"]))
TREE = st.dictionaries(NAME, st.one_of(
    FILE, st.dictionaries(NAME, st.one_of(FILE, st.dictionaries(NAME, FILE, max_size=3)),
                          max_size=4)), min_size=1, max_size=5)


def _write(folder, tree, made):
    from pathlib import Path

    for name, node in tree.items():
        if isinstance(node, dict):
            (folder / f"d{name}").mkdir()
            _write(folder / f"d{name}", node, made)
            continue
        stem, suffix = node
        path = Path(folder, f"f{name}{stem}{suffix}")
        if path.exists():
            continue
        text = f"---\ntitle: T {stem}\n---\n\nText.\n" if suffix == ".md" else "x"
        path.write_text(text, "utf-8")
        made.append(path)


@given(TREE)
@settings(max_examples=40, deadline=None)
def test_every_file_in_content_is_read_or_named(tree):
    """Whatever folders and files content/ holds, each is a section, a part's part.md, or
    named in a warning: nothing is left out without a word."""
    import shutil
    import tempfile
    from pathlib import Path

    from bookgen.errors import BookError
    from bookgen.readers import read_book

    root = Path(tempfile.mkdtemp(prefix="bookgen-tree-"))
    try:
        (root / "book.toml").write_text('[book]\ntitle = "T"\nauthors = ["A"]\n', "utf-8")
        (root / "content").mkdir()
        made: list[Path] = []
        _write(root / "content", tree, made)
        try:
            book = read_book(root)
        except BookError as error:  # e.g. no .md at all, or two files with one id
            __import__("hypothesis").event("an error")
            text = str(error)
            assert "error" in text
            return
        read = {s.source.path for s in book.sections}
        named = " ".join(str(w) for w in book.warnings)
        for path in made:
            rel = path.relative_to(root).as_posix()
            folder = path.parent.relative_to(root).as_posix() + "/"
            assert rel in read or rel in named or folder in named, rel
    finally:
        shutil.rmtree(root)
