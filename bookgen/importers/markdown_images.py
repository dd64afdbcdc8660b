"""The pictures a long Markdown file shows (and its links), taken from the ``--media`` folder (and only there:
the importer reads the file and the folder it is given, nothing beside them). A picture not
found, or on the web, becomes its caption (or description) in italics, with a warning, so the
book builds at once."""

from __future__ import annotations

import re
from pathlib import Path

from bookgen.importers.manuscript import Manuscript
from bookgen.importers.wordpress_media import MediaFolder

_IMAGE = re.compile(r'!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"([^"]*)")?\s*\)')
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LINK = re.compile(r'(?<![!\\])\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)')
_WEB = re.compile(r"^(https?|mailto):", re.IGNORECASE)


def place_images(manuscript: Manuscript, media: Path | None) -> None:
    folder = MediaFolder(media, manuscript, prefer_original=False)
    for chapter in manuscript.chapters:
        lines, fence = chapter.body.split("\n"), None
        for index, line in enumerate(lines):
            mark = _FENCE.match(line)
            if mark:
                fence = None if fence == mark[1] else (fence or mark[1])
            if fence is None and "![" in line:
                lines[index] = _IMAGE.sub(lambda m: _image(m, folder, chapter.title,
                                                           manuscript, media), line)
            if fence is None and "](" in line:
                lines[index] = _LINK.sub(lambda m: _link(m, chapter.title, manuscript),
                                         lines[index])
        chapter.body = "\n".join(lines)


def _link(match: re.Match, chapter: str, manuscript: Manuscript) -> str:
    """A link to a web address stays; one to a place in the old file or beside it (which
    the chapters no longer are) keeps its words."""
    if _WEB.match(match[2]) or match[0].startswith("[^"):
        return match[0]
    manuscript.warn(f"chapter '{chapter}': the link to '{match[2]}' leads nowhere in the book: "
                    "its words are kept, without the link")
    return match[1]


def _image(match: re.Match, folder: MediaFolder, chapter: str, manuscript: Manuscript,
           media: Path | None) -> str:
    alt, src, title = match[1], match[2], match[3]
    name = folder.copy(src) if not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) else None
    if name:
        return f"![{alt}](images/{name}" + (f' "{title}"' if title else "") + ")"
    where = "the --media folder" if media else "any folder (give the pictures' folder with " \
        "--media)"
    manuscript.warn(f"chapter '{chapter}': picture {src} not found in {where}: "
                    f"{'its caption stays as text' if title or alt else 'left out'}")
    words = title or alt
    return f"*{words}*" if words else ""
