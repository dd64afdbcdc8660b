"""HTML → bookgen's Markdown, shared by the Word importer (mammoth's HTML) and the blog importer.

markdownify does the converting (it escapes what would otherwise turn into Markdown: ``*``,
``_``, ``#``, ``1.`` at a line start, ``[``, ``|``…). This module adds what a book needs:
footnotes become ``[^n]`` with their notes under the chapter, an image standing alone with its
caption becomes a figure (``![alt](images/x.jpg "caption")``), links that lead nowhere a reader
can follow keep only their words, and whatever has no Markdown form is reported, never dropped
silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from bookgen import model

#: verse becomes Pandoc's line blocks (``| line``) when bookgen's reader knows them
LINE_BLOCKS = hasattr(model, "Verse")

NOTE_MARK = "\ue000{}\ue001"
_NOTE_MARK = NOTE_MARK_PATTERN = re.compile("\ue000([^\ue001]*)\ue001")
_WEB = ("http", "https", "mailto")
_DROPPED = {"script": "a script", "style": "a style sheet", "iframe": "an embedded page",
            "object": "an embedded object", "embed": "an embedded object",
            "video": "a video", "audio": "a sound clip", "form": "a form",
            "noscript": None, "svg": "a drawing", "canvas": "a drawing", "button": None}

Warn = Callable[[str], None]


class _Converter(MarkdownConverter):
    def __init__(self, warn: Warn, **options):
        super().__init__(heading_style="ATX", bullets="-", escape_misc=True,
                         escape_asterisks=True, escape_underscores=True,
                         table_infer_header=True, strong_em_symbol="*", newline_style="SPACES",
                         **options)
        self.warn = warn

    def convert_a(self, el, text, parent_tags):
        href = (el.get("href") or "").strip()
        if urlsplit(href).scheme.lower() in _WEB and text.strip():
            return super().convert_a(el, text, parent_tags)
        return text

    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        if not src:
            return ""
        alt = re.sub(r"\s+", " ", el.get("alt") or "").strip()
        title = re.sub(r"\s+", " ", el.get("title") or "").strip().replace('"', "\u201d")
        alt = alt.replace("[", "(").replace("]", ")")
        return f"![{alt}]({src}" + (f' "{title}"' if title else "") + ")"

    def convert_td(self, el, text, parent_tags):
        if int(el.get("colspan") or 1) > 1 or int(el.get("rowspan") or 1) > 1:
            self.warn(f"a table cell spanning several columns or rows ('{_short(text)}'): "
                      "a Markdown table has one cell per column, so it stands in one")
        return super().convert_td(el, re.sub(r"\s+", " ", text).strip(), parent_tags)

    convert_th = convert_td

    def convert_div(self, el, text, parent_tags):
        if not LINE_BLOCKS or "verse" not in (el.get("class") or []):
            return super().convert_div(el, text, parent_tags)
        stanzas = []
        for stanza in re.split(r"\n[ \t]*\n", text.strip("\n")):
            lines = [line.rstrip() for line in re.split(r" {2}\n|\n", stanza)]
            stanzas.append("\n".join("| " + _indent(line) for line in lines if line.strip()))
        return "\n\n" + "\n|\n".join(s for s in stanzas if s) + "\n\n"

    def convert_s(self, el, text, parent_tags):
        return text  # struck-through words are kept as words: Markdown has no strike

    convert_del = convert_strike = convert_s

    def convert_u(self, el, text, parent_tags):
        return self.convert_em(el, text, parent_tags)  # underlining is emphasis on paper

    def convert_sup(self, el, text, parent_tags):
        return text

    convert_sub = convert_sup


def _indent(line: str) -> str:
    """A verse line's leading no-break spaces (Word's indent) as the spaces of ``|   line``."""
    body = line.lstrip("\u00a0 ")
    return " " * (len(line) - len(body)) + body


def group_verse(soup: Tag) -> None:
    """Consecutive paragraphs in a verse style are one poem: its stanzas."""
    for paragraph in soup.find_all("p", class_="verse"):
        if paragraph.parent is None or paragraph.find_parent("div", class_="verse"):
            continue
        poem = soup.new_tag("div", attrs={"class": "verse"})
        paragraph.insert_before(poem)
        node = paragraph
        while node is not None and getattr(node, "name", None) == "p" and \
                "verse" in (node.get("class") or []):
            following = node.find_next_sibling()
            poem.append(node.extract())
            node = following


def _short(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def html_soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def drop_unsupported(soup: Tag, warn: Warn) -> None:
    """Remove scripts, embeds and media players, each named in a warning."""
    for element in soup.find_all(list(_DROPPED)):
        what = _DROPPED[element.name]
        if what:
            src = element.get("src") or element.get("data") or ""
            host = urlsplit(src).netloc
            warn(f"{what}{' from ' + host if host else ''} left out: a book cannot play it")
        element.decompose()


def make_figures(soup: Tag, is_caption: Callable[[Tag], bool]) -> None:
    """An image alone in its paragraph (or in <figure>) with its caption → one figure."""
    for figure in soup.find_all("figure"):
        image = figure.find("img")
        caption = figure.find("figcaption")
        if image is None:
            figure.unwrap()
            continue
        if caption is not None:
            image["title"] = caption.get_text(" ", strip=True)
            caption.decompose()
        paragraph = soup.new_tag("p")
        paragraph.append(image.extract())
        rest = [c for c in figure.contents if not (isinstance(c, NavigableString)
                                                    and not c.strip())]
        figure.replace_with(paragraph)
        for child in reversed(rest):
            paragraph.insert_after(child)
    for image in soup.find_all("img"):
        paragraph = image.find_parent("p")
        if paragraph is None or paragraph.get_text(strip=True) or len(paragraph.find_all("img")) > 1:
            continue
        following = paragraph.find_next_sibling()
        if following is not None and following.name == "p" and is_caption(following) \
                and not image.get("title"):
            image["title"] = following.get_text(" ", strip=True)
            following.decompose()


def drop_empty(soup: Tag) -> None:
    """Paragraphs of nothing but spaces (``<p>&nbsp;</p>``, a blank line typed as a
    paragraph) go; an emoji drawn as a picture (WordPress's ``wp-smiley``) becomes its
    character."""
    for image in soup.find_all("img", class_=re.compile(r"wp-smiley|emoji")):
        image.replace_with(NavigableString(image.get("alt") or ""))
    for paragraph in soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6"]):
        if not paragraph.get_text().strip() and not paragraph.find(["img", "br"]) \
                and not _NOTE_MARK.search(str(paragraph)):
            paragraph.decompose()


def scene_breaks(soup: Tag) -> None:
    """A paragraph of only ``* * *``, ``#`` or ``⁂`` is a scene break (Markdown's ``---``)."""
    for paragraph in soup.find_all("p"):
        if re.fullmatch(r"\s*(?:[*#~⁂•·]\s*){1,5}", paragraph.get_text()) and \
                not paragraph.find("img"):
            paragraph.replace_with(soup.new_tag("hr"))


def mark_notes(soup: Tag) -> dict[str, Tag]:
    """Note references → :data:`NOTE_MARK` in the text; return each note's body by its key.

    A note reference is a link to ``#id`` inside <sup> (or carrying a class with "footnote"
    or "fn"), where ``id`` is a list item: mammoth's footnotes and endnotes, WordPress's
    footnotes block and most footnote plugins write it that way.
    """
    notes: dict[str, Tag] = {}
    for link in soup.find_all("a", href=re.compile(r"^#.")):
        target = soup.find(id=link["href"][1:])
        classes = " ".join(link.get("class") or []) + " ".join(
            (link.parent.get("class") or []) if isinstance(link.parent, Tag) else [])
        if target is None or target.name != "li":
            continue
        if not (link.find_parent("sup") or re.search(r"footnote|\bfn\b|noteref", classes)):
            continue
        key = link["href"][1:]
        notes[key] = target
        holder = link.find_parent("sup") or link
        holder.replace_with(NavigableString(NOTE_MARK.format(key)))
    for key, item in notes.items():
        for back in item.find_all("a", href=re.compile(r"^#")):
            if back.get_text(strip=True) in ("↑", "↩", "↩︎", "^", "") or \
                    re.search(r"back|ref", " ".join(back.get("class") or []) + back["href"]):
                back.decompose()
        parent = item.parent
        item.extract()
        if parent is not None and parent.name in ("ol", "ul") and not parent.find("li"):
            wrapper = parent.find_parent(["section", "div"]) or parent
            if not wrapper.get_text(strip=True):
                wrapper.decompose()
            else:
                parent.decompose()
    return notes


def to_markdown(fragment: str | Tag, warn: Warn, notes: dict[str, Tag] | None = None) -> str:
    """One chapter's HTML → Markdown, its notes numbered from 1 and written under it."""
    converter = _Converter(warn)
    html = fragment if isinstance(fragment, str) else str(fragment)
    text = _tidy(converter.convert(html))
    if not notes:
        return _NOTE_MARK.sub("", text)
    numbers: dict[str, int] = {}

    def number(match: re.Match) -> str:
        key = match[1]
        if key not in notes:
            return ""
        numbers.setdefault(key, len(numbers) + 1)
        return f"[^{numbers[key]}]"

    text = _NOTE_MARK.sub(number, text)
    definitions = []
    for key, n in numbers.items():
        body = _tidy(converter.convert(notes[key].decode_contents()))
        body = _NOTE_MARK.sub("", body) or "…"
        lines = body.split("\n")
        definitions.append(f"[^{n}]: " + "\n".join(
            [lines[0]] + [("    " + line) if line else "" for line in lines[1:]]))
    return text + ("\n\n" + "\n\n".join(definitions) if definitions else "")


_NEEDLESS_ESCAPE = re.compile(r"(?<!\\)\\([.)\-+#=~<>&])")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _unescape_line(line: str) -> str:
    """markdownify escapes ``1.``, ``-``, ``#``, ``>`` everywhere; only a line's start needs it
    (and ``&`` only before an entity's name), and the author is to read and edit these files."""
    def keep_or_drop(match: re.Match) -> str:
        before = line[:match.start()]
        if not before.strip(" >0123456789"):
            return match[0]
        if match[1] == "&" and _ENTITY.match(line, match.start() + 1):
            return match[0]
        return match[1]

    return _NEEDLESS_ESCAPE.sub(keep_or_drop, line)


def _tidy(markdown: str) -> str:
    markdown = "\n".join(_unescape_line(line) for line in markdown.split("\n"))
    markdown = re.sub(r"[ \t]+\n(?!\n)", lambda m: "  \n" if m[0].startswith("  ") else "\n",
                      markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return markdown.strip("\n")
