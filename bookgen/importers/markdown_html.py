"""Raw HTML in a long Markdown file, which bookgen's reader shows as text (it reads no HTML, so
nothing in a book can run a script): HTML blocks become Markdown through the same converter as
Word and WordPress, ``<br>`` a hard line break, comments go; any other tag inside a paragraph is
named in a warning with its line."""

from __future__ import annotations

import re

from bookgen.importers import html_markdown as hm
from bookgen.importers.manuscript import Manuscript

_BR = re.compile(r"<br\s*/?>[ \t]*", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def convert_html(text: str, manuscript: Manuscript) -> str:
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    tokens = MarkdownIt("commonmark").parse(text)
    for token in reversed(tokens):
        if token.type == "html_block" and token.map:
            start, end = token.map
            html = _COMMENT.sub("", "\n".join(lines[start:end]))
            converted = hm.to_markdown(html, lambda message: manuscript.warn(message, start + 1))
            lines[start:end] = ([""] + converted.split("\n") + [""]) if converted.strip() else [""]
    warned = set()
    for token in tokens:
        for child in token.children or ():
            if child.type == "html_inline" and not _BR.fullmatch(child.content) and \
                    not child.content.startswith("<!--") and token.map:
                tag = re.match(r"</?\s*([A-Za-z][\w-]*)", child.content)
                if tag and tag[1].lower() not in warned:
                    warned.add(tag[1].lower())
                    manuscript.warn(f"HTML <{tag[1]}> in a paragraph is shown as text: write it "
                                    "in Markdown (*italics*, **bold**, [link](…))",
                                    token.map[0] + 1)
    text = "\n".join(lines)
    text = _COMMENT.sub("", text)
    return _BR.sub("\\\\\n", text)
