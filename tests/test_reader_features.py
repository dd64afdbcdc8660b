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
