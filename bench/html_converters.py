"""markdownify against html2text on the HTML bookgen import hands them (``make``-free):

    .venv/bin/python bench/html_converters.py

Each case is a piece of HTML as mammoth or a WordPress post gives it, and what the Markdown
must do so bookgen's reader gets back the same text and markup. A case counts as kept when the
converter's Markdown, read by bookgen's own Markdown reader, has the expected blocks.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = {
    "emphasis": ("<p>Hej <em>kursiv</em> och <strong>fet</strong></p>", "Emph"),
    "line break": ("<p>rad ett<br />rad två</p>", "LineBreak"),
    "quote": ("<blockquote><p>Ett citat.</p></blockquote>", "BlockQuote"),
    "nested list": ("<ul><li>ett<ul><li>inne</li></ul></li><li>två</li></ul>", "ListBlock"),
    "ordered from 3": ('<ol start="3"><li>tre</li><li>fyra</li></ol>', "start=3"),
    "figure title": ('<p><img src="a.png" alt="Alt" title="Bildtext"></p>', "Figure"),
    "'1998.' at a line start": ("<p>1998. Det året</p>", "Paragraph"),
    "'*' in text": ("<p>5 * 3 och _x_</p>", "text:5 * 3 och _x_"),
    "long paragraph unwrapped": ("<p>" + "ord " * 40 + "</p>", "oneline"),
    "pipe table": ("<table><tr><th>År</th><th>Klass</th></tr><tr><td>1962</td><td>Första"
                   "</td></tr></table>", "pipe"),
}


def _markdownify(html: str) -> str:
    """markdownify as bookgen import drives it (its options, and the tidying after)."""
    from bookgen.importers.html_markdown import to_markdown

    return to_markdown(html, lambda message: None)


def _html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = 0
    return converter.handle(html)


def kept(markdown: str, want: str) -> bool:
    from bookgen.readers.markdown import parse_blocks
    from bookgen.util.tree import plain_text, walk_blocks, walk_inlines

    blocks = parse_blocks(markdown, "x.md", 0)
    kinds = {type(b).__name__ for b in walk_blocks(blocks)}
    inlines = {type(i).__name__ for b in walk_blocks(blocks) if hasattr(b, "inlines")
               for i in walk_inlines(b.inlines)}
    if want == "start=3":
        return any(getattr(b, "start", 1) == 3 for b in blocks)
    if want.startswith("text:"):
        return any(plain_text(b.inlines) == want[5:] for b in blocks if hasattr(b, "inlines"))
    if want == "oneline":
        return markdown.strip().count("\n") == 0
    if want == "pipe":
        import re  # GFM: a header row, then a delimiter row; outer pipes are optional

        return bool(re.search(r"År\s*\|\s*Klass\s*\|?\n\|?\s*:?-+:?\s*\|", markdown))
    return want in kinds | inlines


def main() -> None:
    converters = {"markdownify": _markdownify, "html2text": _html2text}
    print("| case | " + " | ".join(converters) + " |\n|---|" + "---|" * len(converters))
    totals = dict.fromkeys(converters, 0)
    for name, (html, want) in CASES.items():
        row = []
        for label, convert in converters.items():
            ok = kept(convert(html), want)
            totals[label] += ok
            row.append("yes" if ok else "no")
        print(f"| {name} | " + " | ".join(row) + " |")
    print("| **kept** | " + " | ".join(f"{n}/{len(CASES)}" for n in totals.values()) + " |")


if __name__ == "__main__":
    main()
