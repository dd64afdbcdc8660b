"""WordPress export (WXR, Tools → Export) → one chapter per published post, in date order.

The XML is read with lxml with entities, DTDs and the network turned off (a hostile export can
neither expand "billion laughs" nor make bookgen read a file or a web address). Images are never
fetched: they are taken from the ``--media`` folder, a copy of the blog's wp-content/uploads,
by the path after ``/wp-content/uploads/`` (or after the host, for a wordpress.com blog).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from bookgen.errors import BookError
from bookgen.importers import html_markdown as hm
from bookgen.importers.manuscript import (Chapter, Manuscript, choose_language, language_code,
                                          plain_title)
from bookgen.importers.wordpress_html import MORE_LINK, WIDGET_CLASSES, WIDGET_WORDS, clean_post
from bookgen.importers.wordpress_media import MediaFolder

MAX_WXR_BYTES = 500 * 1024 * 1024
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


#: item types that hold no writing of the author's (menus, revisions, the editor's own items)
_NOT_TEXT = {"attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset",
             "oembed_cache", "user_request", "wp_block", "wp_template", "wp_template_part",
             "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face",
             "feedback", "jp_pay_product", "amp_validated_url"}


@dataclass
class _Post:
    title: str
    content: str
    date: str
    kind: str
    status: str
    line: int | None
    number: int
    footnotes: str = ""
    creator: str = ""
    comments: tuple[tuple[str, str, str], ...] = ()


def read_wxr(source: Path, media: Path | None = None, language: str | None = None,
             include: frozenset[str] = frozenset()) -> Manuscript:
    manuscript = Manuscript(source)
    channel = _channel(source, manuscript)
    wp = _wp_namespace(channel)
    manuscript.title = html.unescape(channel.findtext("title") or "").strip()
    manuscript.subtitle = html.unescape(channel.findtext("description") or "").strip()
    posts = _posts(channel, wp, include, manuscript)
    manuscript.author = _author(channel, wp, [p.creator for p in posts])
    manuscript.language = language or language_code(channel.findtext("language")) or "sv"
    folder = MediaFolder(media, manuscript)
    for post in posts:
        manuscript.chapters.append(_chapter(post, folder, manuscript, "comments" in include))
    if not manuscript.chapters:
        manuscript.warn("the export holds no published posts (drafts, private posts and pages "
                        "are left out unless asked for: --drafts, --private, --pages)")
    manuscript.language = choose_language(manuscript, language, channel.findtext("language"))
    return manuscript


def _channel(source: Path, manuscript: Manuscript):
    from lxml import etree

    if source.stat().st_size > MAX_WXR_BYTES:
        raise BookError(f"{source.name} is larger than {MAX_WXR_BYTES >> 20} MB")
    options = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                   huge_tree=True)
    try:
        root = etree.parse(str(source), etree.XMLParser(**options)).getroot()
    except etree.XMLSyntaxError as exc:
        try:
            root = etree.parse(str(source), etree.XMLParser(recover=True, **options)).getroot()
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise BookError(f"{source.name} is not an XML file that can be read ({exc})") from exc
        manuscript.warn(f"the export is damaged ({exc.msg}): read what could be read; "
                        "compare the chapters with the blog", exc.lineno)
    channel = root.find("channel") if root is not None else None
    if channel is None:
        raise BookError(f"{source.name} is not a WordPress export (no <rss><channel>): "
                        "make it with Tools → Export in the blog's dashboard")
    return channel


def _wp_namespace(channel) -> str:
    for uri in channel.nsmap.values() if hasattr(channel, "nsmap") else ():
        if uri and re.fullmatch(r"https?://wordpress\.org/export/\d+(\.\d+)*/?", uri):
            return "{" + uri + "}"
    return "{http://wordpress.org/export/1.2/}"


def _author(channel, wp: str, creators: list[str]) -> str:
    """The display name of whoever wrote most of the posts taken (a blog may have guests)."""
    names = {}
    for author in channel.iter(f"{wp}author"):
        login = (author.findtext(f"{wp}author_login") or "").strip()
        name = html.unescape((author.findtext(f"{wp}author_display_name") or "").strip())
        names[login] = name or login
    counted = [c for c in creators if c]
    if counted:
        most = max(dict.fromkeys(counted), key=counted.count)
        return names.get(most, most)
    return next(iter(names.values()), "")


def _posts(channel, wp: str, include: frozenset[str], manuscript: Manuscript) -> list[_Post]:
    wanted_kinds = {"post"} | ({"page"} if "pages" in include else set())
    wanted_status = {"publish"} | ({"draft", "pending", "future"} if "drafts" in include
                                   else set()) | ({"private"} if "private" in include else set())
    posts, left_out = [], {}
    for number, item in enumerate(channel.iter("item")):
        kind = (item.findtext(f"{wp}post_type") or "post").strip()
        status = (item.findtext(f"{wp}status") or "publish").strip()
        if kind in wanted_kinds and status in wanted_status:
            posts.append(_post(item, wp, kind, status, number))
        elif kind in ("post", "page") or kind not in _NOT_TEXT:
            left_out[(status, kind)] = left_out.get((status, kind), 0) + 1
    for (status, kind), count in sorted(left_out.items()):
        if status == "trash":
            continue
        plural = "" if count == 1 else "s"
        if kind in ("post", "page"):
            what = f"{'' if status == 'publish' else status + ' '}{kind}{plural}"
            manuscript.warn(f"{count} {what} left out (ask for them with --drafts, --private "
                            "or --pages)")
        else:
            manuscript.warn(f"{count} '{kind}' item{plural} left out: a kind of its own (a "
                            "plugin's or the theme's), not a post")
    return sorted(posts, key=lambda p: (p.date or "9999", p.number))


def _post(item, wp: str, kind: str, status: str, number: int) -> _Post:
    date = (item.findtext(f"{wp}post_date") or "").strip()[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or date.startswith("0000"):
        date = ""
    footnotes = ""
    for meta in item.iter(f"{wp}postmeta"):
        if (meta.findtext(f"{wp}meta_key") or "") == "footnotes":
            footnotes = meta.findtext(f"{wp}meta_value") or ""
    comments = tuple(
        (html.unescape(c.findtext(f"{wp}comment_author") or ""),
         (c.findtext(f"{wp}comment_date") or "")[:10], c.findtext(f"{wp}comment_content") or "")
        for c in item.iter(f"{wp}comment")
        if (c.findtext(f"{wp}comment_approved") or "") == "1"
        and (c.findtext(f"{wp}comment_type") or "comment") in ("", "comment"))
    return _Post(html.unescape(item.findtext("title") or "").strip(),
                 item.findtext(_CONTENT) or "", date, kind, status, item.sourceline, number,
                 footnotes, (item.findtext(_DC_CREATOR) or "").strip(), comments)


def _chapter(post: _Post, folder: MediaFolder, manuscript: Manuscript,
             with_comments: bool) -> Chapter:
    title = plain_title(post.title) or (post.date or manuscript.words(
        "chapter", n=len(manuscript.chapters) + 1))
    where = f"post '{title}'"

    def warn(message: str) -> None:
        manuscript.warn(f"{where}: {message}", post.line)

    content = clean_post(post.content + _notes_html(post.footnotes), warn)
    soup = hm.html_soup(content)
    hm.drop_unsupported(soup, warn)
    notes = hm.mark_notes(soup)
    _drop_furniture(soup, warn)
    hm.scene_breaks(soup)
    hm.drop_empty(soup)
    hm.make_figures(soup, lambda p: "wp-caption-text" in (p.get("class") or []))
    folder.place_images(soup, warn)
    _shift_headings(soup)
    body = hm.to_markdown(soup, warn, notes)
    if with_comments and post.comments:
        body += "\n\n" + _comments_markdown(post.comments, manuscript, warn)
    return Chapter(title, body, where=where, date=post.date)


def _notes_html(footnotes: str) -> str:
    """WordPress 6.3's footnotes block keeps the notes in post meta, as JSON."""
    try:
        notes = json.loads(footnotes) if footnotes else []
    except ValueError:
        return ""
    items = "".join(f'<li id="{html.escape(str(n.get("id", "")))}">{n.get("content", "")}</li>'
                    for n in notes if isinstance(n, dict))
    return f"<ol class='wp-block-footnotes'>{items}</ol>" if items else ""


def _drop_furniture(soup, warn) -> None:
    """Share and like widgets, related posts and "Read more" links: the blog's, not the text's;
    embedded players (a Gutenberg embed block is only the player's address)."""
    for embed in soup.find_all(class_=re.compile(r"wp-block-embed\b|wp-embedded-content")):
        if embed.parent is not None:
            address = embed.get_text(" ", strip=True)
            warn(f"an embedded player ({hm._short(address) or 'no address'}) left out: a book "
                 "cannot play it")
            embed.decompose()
    for element in soup.find_all(class_=WIDGET_CLASSES):
        if element.parent is not None:
            warn(f"a share or like widget ('{hm._short(element.get_text(' ', strip=True))}') "
                 "taken out")
            element.decompose()
    for link in soup.find_all("a", class_=re.compile("more-link")):
        link.decompose()
    for link in soup.find_all("a"):
        if MORE_LINK.match(link.get_text(" ", strip=True)) and link.parent is not None:
            link.decompose()
    for paragraph in reversed(soup.find_all(["p", "div", "h3", "h4", "span"])):
        text = paragraph.get_text(" ", strip=True)
        if text and WIDGET_WORDS.match(text) and _near_the_end(paragraph):
            warn(f"the share widget's leftover '{text}' taken out")
            paragraph.decompose()


def _near_the_end(element) -> bool:
    """Nothing but other widget words follows ``element`` in the post."""
    for following in element.find_all_next(string=True):
        text = following.strip()
        if text and not WIDGET_WORDS.match(text):
            return False
    return True


def _shift_headings(soup) -> None:
    """A post's own headings sit under its title: the highest becomes ``##``."""
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    if levels:
        shift = 2 - min(levels)
        for heading in soup.find_all(re.compile(r"^h[1-6]$")):
            heading.name = f"h{max(2, min(6, int(heading.name[1]) + shift))}"


def _comments_markdown(comments, manuscript: Manuscript, warn) -> str:
    heading = "Kommentarer" if manuscript.language != "en" else "Comments"
    parts = [f"## {heading}"]
    for author, date, text in comments:
        soup = hm.html_soup(clean_post(text, warn))
        parts.append(f"**{hm.to_markdown(hm.html_soup(html.escape(author)), warn)}**"
                     + (f", {date}" if date else "") + ":\n\n" + hm.to_markdown(soup, warn))
    return "\n\n".join(parts)
