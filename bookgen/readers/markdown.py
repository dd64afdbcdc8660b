"""Markdown body → model blocks, via markdown-it-py tokens (whose ``map`` gives source lines).

Raw HTML is not interpreted: markdown-it runs with ``html=False``, so any tag in the text stays
text and is escaped by the writers. Nothing an author (or a stranger's book folder) writes can
put a script, an iframe or an event handler into an output.
"""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bookgen import model as m
from bookgen.readers.image_attrs import image_attrs_rule

MAX_NESTING = 40
MAX_INLINE_NESTING = 30  # emphasis inside emphasis: markdown-it does not bound it, we recurse


def make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                       "maxNesting": MAX_NESTING})
    parser.inline.ruler.push("image_attrs", image_attrs_rule)
    return parser.disable(["html_block", "html_inline"])


_PARSER = make_parser()


class _Tokens:
    """A cursor over a flat token list; blocks are read recursively up to their close token."""

    def __init__(self, tokens: list[Token], path: str, offset: int):
        self.tokens, self.index, self.path, self.offset = tokens, 0, path, offset

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def next(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def source(self, token: Token) -> m.SourceRef:
        line = token.map[0] + self.offset + 1 if token.map else None
        return m.SourceRef(self.path, line)


class NestingTooDeep(Exception):
    """The text nests blocks deeper than bookgen sets (markdown-it would drop the rest)."""

    def __init__(self, line: int | None):
        super().__init__(line)
        self.line = line


def parse_blocks(body: str, path: str, offset: int) -> tuple[m.Block, ...]:
    """Parse a Markdown body whose first line is line ``offset + 1`` of ``path``."""
    tokens = _PARSER.parse(body)
    for token in tokens:
        inline_depth = max((child.level for child in token.children or ()), default=0)
        if token.level >= MAX_NESTING - 2 or inline_depth > MAX_INLINE_NESTING:
            raise NestingTooDeep(token.map[0] + offset + 1 if token.map else None)
    cursor = _Tokens(tokens, path, offset)
    return tuple(_blocks_until(cursor, None))


def _blocks_until(cursor: _Tokens, close: str | None) -> Iterator[m.Block]:
    while (token := cursor.peek()) is not None:
        if token.type == close:
            cursor.next()
            return
        block = _block(cursor)
        if block is not None:
            yield block


def _block(cursor: _Tokens) -> m.Block | None:
    token = cursor.next()
    ref = cursor.source(token)
    kind = token.type
    if kind == "paragraph_open":
        inlines = _inlines(cursor.next().children or [])
        cursor.next()  # paragraph_close
        return _figure_or_paragraph(inlines, ref)
    if kind == "heading_open":
        inlines = _inlines(cursor.next().children or [])
        cursor.next()
        return m.Heading(int(token.tag[1]), inlines, "", ref)
    if kind == "blockquote_open":
        return m.BlockQuote(tuple(_blocks_until(cursor, "blockquote_close")), ref)
    if kind in ("bullet_list_open", "ordered_list_open"):
        return _list(cursor, token, ref)
    if kind in ("fence", "code_block"):
        return m.CodeBlock(token.content, ref, token.info.strip().split(" ")[0])
    if kind == "hr":
        return m.ThematicBreak(ref)
    return None


def _list(cursor: _Tokens, token: Token, ref: m.SourceRef) -> m.ListBlock:
    ordered = token.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    items = []
    while (item := cursor.next()).type != close:
        if item.type == "list_item_open":
            items.append(tuple(_blocks_until(cursor, "list_item_close")))
    start = int(token.attrGet("start") or 1) if ordered else 1
    return m.ListBlock(ordered, tuple(items), ref, start)


def _figure_or_paragraph(inlines: tuple[m.Inline, ...], ref: m.SourceRef) -> m.Block:
    if len(inlines) == 1 and isinstance(inlines[0], m.Image):
        image = inlines[0]
        caption = (m.Text(image.title),) if image.title else ()
        return m.Figure(image, caption, ref)
    return m.Paragraph(inlines, ref)


_WRAPPERS = {"em_open": ("em_close", m.Emph), "strong_open": ("strong_close", m.Strong)}


def _inlines(tokens: list[Token]) -> tuple[m.Inline, ...]:
    result, _ = _inline_run(tokens, 0, None)
    return _merge_text(result)


def _inline_run(tokens: list[Token], index: int, close: str | None) -> tuple[list, int]:
    out: list[m.Inline] = []
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == close:
            break
        if token.type in _WRAPPERS:
            end, kind = _WRAPPERS[token.type]
            children, index = _inline_run(tokens, index, end)
            out.append(kind(_merge_text(children)))
        elif token.type == "link_open":
            children, index = _inline_run(tokens, index, "link_close")
            out.append(m.Link(str(token.attrGet("href") or ""), _merge_text(children),
                              str(token.attrGet("title") or "")))
        else:
            out.extend(_leaf(token))
    return out, index


def _leaf(token: Token) -> list[m.Inline]:
    if token.type == "softbreak":
        return [m.SoftBreak()]
    if token.type == "hardbreak":
        return [m.LineBreak()]
    if token.type == "code_inline":
        return [m.Code(token.content)]
    if token.type == "image":
        alt = "".join(child.content for child in token.children or [])
        attrs = tuple((token.meta or {}).get("attrs", {}).items())
        return [m.Image(str(token.attrGet("src") or ""), alt, str(token.attrGet("title") or ""),
                        attrs)]
    return [m.Text(token.content)] if token.content else []


def _merge_text(inlines: list[m.Inline]) -> tuple[m.Inline, ...]:
    merged: list[m.Inline] = []
    for inline in inlines:
        if isinstance(inline, m.Text) and merged and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text + inline.text)
        else:
            merged.append(inline)
    return tuple(merged)
