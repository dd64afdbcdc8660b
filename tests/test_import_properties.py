"""Property: whatever text a paragraph holds (Markdown's special characters, numbers that look
like list items, brackets that look like footnotes), the Markdown the importers write reads
back as the same text, in italics and bold too."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bookgen import model as m
from bookgen.importers.html_markdown import to_markdown
from bookgen.readers.markdown import parse_blocks
from bookgen.util.tree import plain_text

_PIECES = st.sampled_from([
    "ord", "Katrineholm", "1.", "3)", "-", "+", "*", "_", "#", "##", ">", "|", "[", "]", "[^1]",
    "(", ")", "!", "`", "``", "~", "~~~", "```", "<b>", "&amp;", "&", "\\", "=", "===", "---",
    "1998.", "å", "ÅÄÖ", "“citat”", "http://x.se/a_b", "a*b*c", "_x_", "**", "![", "](x)",
])
_TEXT = st.lists(_PIECES, min_size=1, max_size=12).map(" ".join)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read(markdown: str) -> list[m.Block]:
    return list(parse_blocks(markdown, "x.md", 0))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_a_paragraphs_text_reads_back_the_same(text):
    blocks = _read(to_markdown(f"<p>{html.escape(text)}</p>", lambda message: None))
    assert len(blocks) == 1 and isinstance(blocks[0], m.Paragraph)
    assert _norm(plain_text(blocks[0].inlines)) == _norm(text)


@settings(max_examples=200, deadline=None)
@given(_TEXT, _TEXT, _TEXT)
def test_emphasis_and_line_breaks_read_back(before, inside, after):
    source = (f"<p>{html.escape(before)} <em>{html.escape(inside)}</em><br />"
              f"{html.escape(after)}</p>")
    blocks = _read(to_markdown(source, lambda message: None))
    assert len(blocks) == 1 and isinstance(blocks[0], m.Paragraph)
    inlines = blocks[0].inlines
    assert _norm(plain_text(inlines)) == _norm(f"{before} {inside} {after}")
    assert any(isinstance(i, m.LineBreak) for i in inlines)
    assert any(isinstance(i, m.Emph) and _norm(plain_text(i.children)) == _norm(inside)
               for i in inlines)
