"""Pandoc's line blocks for verse, as a markdown-it block rule.

Every line starts with ``|`` and a space (a line holding only ``|`` is the blank line between
stanzas); spaces after ``| `` are kept as the line's indent; a line that starts with a space
instead of ``|`` continues the line before it (Pandoc's rule for long lines). A run of ``|``
lines whose second line is a table's delimiter row (``|---|:--:|``) is a pipe table, not verse.

The rule writes ``verse_open``, then per line ``verse_line_open`` (``meta["indent"]``), an
``inline`` token with the line's text and ``verse_line_close``, then ``verse_close``; the inline
parser reads emphasis, links and footnote calls in each line as in any paragraph.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_DELIMITER_ROW = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_VERSE_LINE = re.compile(r"^\|( |$)")


def _line(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number]:state.eMarks[number]]


def _raw(state: StateBlock, number: int) -> str:
    """The line without the block's own indent (for continuation lines)."""
    return state.src[state.bMarks[number]:state.eMarks[number]]


def line_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not _VERSE_LINE.match(_line(state, start)):
        return False
    if start + 1 < end and _DELIMITER_ROW.match(_line(state, start + 1)):
        return False  # a pipe table
    lines: list[tuple[int, str]] = []  # (source line, text after "| ")
    number = start
    while number < end and not state.isEmpty(number) and state.sCount[number] >= state.blkIndent:
        text = _line(state, number)
        if _VERSE_LINE.match(text):
            lines.append((number, text[2:]))
        elif lines and _raw(state, number)[:1] in (" ", "\t"):
            first, before = lines[-1]
            lines[-1] = (first, before + " " + text.strip())
        else:
            break
        number += 1
    if silent:
        return True
    opening = state.push("verse_open", "div", 1)
    opening.map = [start, number]
    for line, text in lines:
        body = text.lstrip(" ")
        token = state.push("verse_line_open", "span", 1)
        token.map = [line, line + 1]
        token.meta = {"indent": len(text) - len(body)}
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = body.rstrip(), [line, line + 1], []
        state.push("verse_line_close", "span", -1)
    state.push("verse_close", "div", -1)
    state.line = number
    return True


def verse_plugin(parser: MarkdownIt) -> None:
    parser.block.ruler.before("table", "line_block", line_block,
                              {"alt": ["paragraph", "reference"]})
