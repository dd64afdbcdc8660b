"""A WordPress post's stored HTML → clean HTML: what WordPress itself adds when it shows a post
(paragraphs from blank lines, captions from shortcodes) is done here, and what belongs to the
blog rather than the text (block comments, share and like widgets, "Read more") is taken out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

Warn = Callable[[str], None]

_BLOCK_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]]*)?)\]")
#: shortcodes whose content is a player or a list of files, not the author's words
_MEDIA_SHORTCODES = {"embed", "video", "audio", "playlist", "gallery", "youtube", "vimeo",
                     "soundcloud", "slideshow", "wpvideo", "googlemaps", "instagram", "twitter",
                     "tweet", "spotify", "polldaddy", "crowdsignal", "contact-form",
                     "contact-form-7", "gravityform", "dailymotion", "flickr"}
_BLOCK_TAGS = ("table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td",
               "th", "div", "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area",
               "blockquote", "address", "math", "style", "p", "h[1-6]", "hr", "fieldset",
               "legend", "section", "article", "aside", "hgroup", "header", "footer", "nav",
               "figure", "figcaption", "details", "menu", "summary", "iframe", "script")
#: what share, like and related-posts widgets leave in a text copied from a blog page
WIDGET_WORDS = re.compile(
    r"^(dela|dela detta|share|share this|gilla|gilla detta|like this|like|"
    r"gilla laddar|like loading|laddar|loading|relaterade|relaterat|related|"
    r"dela på facebook|share on facebook|tweet|twittra|skriv ut|print|e-post|email|"
    r"facebook|twitter|pinterest|linkedin|reddit|tumblr|whatsapp|mer|more)"
    r"\s*[:.…]*(\s*(gilla|like|laddar|loading)\s*[.…]*)*$", re.IGNORECASE)
WIDGET_CLASSES = re.compile(r"sharedaddy|sharing|share|jp-relatedposts|wpl-like|like-post|"
                            r"addtoany|a2a_|social|sd-block|jetpack-likes", re.IGNORECASE)
MORE_LINK = re.compile(r"^\s*(läs mer|läs vidare|fortsätt läsa|read more|continue reading|"
                       r"more)\b.*$", re.IGNORECASE | re.DOTALL)


def clean_post(content: str, warn: Warn) -> str:
    """Stored post content → HTML with paragraphs, figures, and no blog furniture."""
    gutenberg = "<!-- wp:" in content
    content = _BLOCK_COMMENT.sub("", content)
    content = _CAPTION.sub(_caption_figure, content)
    content = _SHORTCODE.sub(lambda m: _shortcode(m, warn), _drop_media_shortcodes(content,
                                                                                  warn))
    if not gutenberg:
        content = wpautop(content)
    return content


def _attribute(attributes: str, name: str) -> str:
    match = re.search(name + r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""", attributes)
    return html.unescape(next(g for g in match.groups() if g is not None)) if match else ""


def _caption_figure(match: re.Match) -> str:
    attributes, inner = match[2], match[3]
    image = re.search(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", inner, re.IGNORECASE)
    caption = _attribute(attributes, "caption")
    if image is None:
        return inner
    text = (inner[:image.start()] + inner[image.end():]).strip()
    caption = caption or text
    return (f"\n\n<figure>{image[0]}<figcaption>{caption}</figcaption></figure>\n\n")


def _drop_media_shortcodes(content: str, warn: Warn) -> str:
    def drop(match: re.Match) -> str:
        warn(f"[{match[1]}] shortcode left out (a player or a gallery; "
             f"{_short(match[0])}): add its pictures or words to the chapter by hand")
        return ""
    names = "|".join(re.escape(n) for n in sorted(_MEDIA_SHORTCODES))
    content = re.sub(rf"\[({names})\b[^\]]*\].*?\[/\1\]", drop, content,
                     flags=re.DOTALL | re.IGNORECASE)
    return re.sub(rf"\[({names})\b[^\]]*\]", drop, content, flags=re.IGNORECASE)


def _shortcode(match: re.Match, warn: Warn) -> str:
    """``[name attr="…"]`` and ``[/name]`` go, with a warning; ``[sic]`` or ``[1]`` stay text."""
    closing, name, attributes = match[1], match[2], match[3]
    if not closing and "=" not in attributes and not attributes.strip() and \
            name.lower() not in _MEDIA_SHORTCODES and not _is_enclosing(match):
        return match[0]
    if not closing:
        warn(f"[{name}] shortcode taken out ({_short(match[0])}); "
             "the words inside it are kept")
    return ""


def _is_enclosing(match: re.Match) -> bool:
    return f"[/{match[2]}]" in match.string[match.end():]


def _short(text: str, limit: int = 50) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def wpautop(text: str) -> str:
    """WordPress's own rule for classic-editor posts (wp-includes/formatting.php, wpautop): a
    blank line ends a paragraph, a single line break is ``<br />``, block elements stand as
    they are (a quotation's paragraphs inside it)."""
    blocks = "(?:" + "|".join(_BLOCK_TAGS) + ")"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match[0])
        return f"\ue010{len(kept) - 1}\ue011"

    text = re.sub(r"<(pre|figure)\b.*?</\1>", keep, text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub("(\ue010\\d+\ue011)", r"\n\n\1\n\n", text)
    text = re.sub(rf"(<{blocks}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{blocks}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"\n\s*\n+", "\n\n", text.strip())
    html = "".join(f"<p>{chunk.strip()}</p>\n" for chunk in re.split(r"\n\s*\n", text)
                   if chunk.strip())
    flags = re.IGNORECASE
    html = re.sub(r"<p>\s*</p>", "", html)
    html = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", html, flags=flags)
    html = re.sub(rf"<p>\s*(</?{blocks}[^>]*>)\s*</p>", r"\1", html, flags=flags)
    html = re.sub(r"<p>(<li.+?)</p>", r"\1", html, flags=flags)
    html = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", html, flags=flags)
    html = html.replace("</blockquote></p>", "</p></blockquote>")
    html = re.sub(rf"<p>\s*(</?{blocks}[^>]*>)", r"\1", html, flags=flags)
    html = re.sub(rf"(</?{blocks}[^>]*>)\s*</p>", r"\1", html, flags=flags)
    html = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", html)
    html = re.sub(rf"(</?{blocks}[^>]*>)\s*<br />", r"\1", html, flags=flags)
    html = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", html,
                  flags=flags)
    html = re.sub("<p>\\s*(\ue010\\d+\ue011)\\s*</p>", r"\1", html)
    return re.sub("\ue010(\\d+)\ue011", lambda m: kept[int(m[1])], html)
