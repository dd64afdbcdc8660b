"""A blog's pictures, found in a copy of its wp-content/uploads folder and never fetched.

``https://blog.se/wp-content/uploads/2009/04/mamma-300x200.jpg`` is looked for as
``2009/04/mamma.jpg`` (the original WordPress resized from: the best for print) and then as
``2009/04/mamma-300x200.jpg``; a wordpress.com address (``…files.wordpress.com/2009/04/…``) by
its path. A picture not found keeps its caption in the text and is named in a warning.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bookgen.importers.manuscript import Manuscript
from bookgen.readers.files import inside
from bookgen.readers.images import MAX_IMAGE_BYTES, image_problem

_SIZED = re.compile(r"-(\d+x\d+|scaled|rotated|e\d{10,})(?=\.[A-Za-z0-9]+$)")
_WEB_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}


def uploads_path(url: str) -> str | None:
    """The path of an image inside wp-content/uploads, from its address; None if not one."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    if "/wp-content/uploads/" in path:
        return path.split("/wp-content/uploads/", 1)[1]
    if parts.netloc.endswith(".files.wordpress.com") or parts.netloc.endswith(".wp.com"):
        return path.lstrip("/").split("/files/", 1)[-1] or None
    if not parts.scheme and not parts.netloc and path and not path.startswith("/"):
        return path
    return None


class MediaFolder:
    def __init__(self, folder: Path | None, manuscript: Manuscript,
                 prefer_original: bool = True):
        self.folder = folder.resolve() if folder else None
        self.manuscript = manuscript
        self.names: dict[Path, str] = {}
        self.prefer_original = prefer_original

    def find(self, url: str) -> Path | None:
        relative = uploads_path(url)
        if self.folder is None or not relative:
            return None
        candidates = [_SIZED.sub("", relative), relative]
        if not self.prefer_original:
            candidates.reverse()
        for candidate in dict.fromkeys(candidates):
            path = inside(self.folder / candidate, self.folder)
            if path is not None and path.is_file():
                return path
        return None

    def place_images(self, soup, warn) -> None:
        """Point each <img> at its copy in the book; one not found becomes its caption."""
        if self.folder is not None and not self.folder.is_dir():
            warn(f"the media folder {self.folder} does not exist: no pictures were taken")
            self.folder = None
        for image in soup.find_all("img"):
            link = image.find_parent("a")
            sources = [image.get("src") or ""]
            if link is not None and re.search(r"\.(jpe?g|png|gif|webp)$", link.get("href", ""),
                                              re.IGNORECASE):
                sources.insert(0, link["href"])
            name = next((n for n in map(self._copied, sources) if n), None)
            if link is not None and name:
                link.replace_with(image)
            if name:
                image["src"] = f"images/{name}"
                continue
            words = image.get("title") or image.get("alt") or ""
            warn(f"picture {sources[-1]} not found in "
                 f"{'the --media folder' if self.folder else 'any folder (no --media given)'}"
                 f"{': its caption stays as text' if image.get('title') else ''}")
            if words and image.get("title"):
                paragraph = soup.new_tag("p")
                emphasis = soup.new_tag("em")
                emphasis.string = words
                paragraph.append(emphasis)
                (image.find_parent("p") or image).insert_after(paragraph)
            (link if link is not None and not link.get_text(strip=True) else image).decompose()

    def copy(self, url: str) -> str | None:
        """The picture at ``url`` copied into the book: its name under images/, or None."""
        if self.folder is not None and not self.folder.is_dir():
            self.folder = None
        return self._copied(url)

    def _copied(self, url: str) -> str | None:
        path = self.find(url)
        if path is None:
            return None
        if path in self.names:
            return self.names[path]
        data = _web_image(path, self.folder)
        if data is None:
            return None
        relative = path.relative_to(self.folder).as_posix()
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", relative.replace("/", "-"))
        name = stem if PurePosixPath(stem).suffix.lower() in _WEB_SUFFIXES else stem + ".png"
        name = name[:-5] + ".jpg" if name.lower().endswith(".jpeg") else name
        self.manuscript.images[name] = data
        self.names[path] = name
        return name


def _web_image(path: Path, folder: Path) -> bytes | None:
    """The picture's bytes if bookgen can use them (else converted to PNG), or None."""
    from bookgen.util.gate import FileRefused, read_file

    try:
        data = read_file(path, folder, MAX_IMAGE_BYTES)
    except FileRefused:
        return None
    if path.suffix.lower() in _WEB_SUFFIXES and image_problem(path) is None:
        return data
    from bookgen.images.prepare import as_png

    return as_png(data)
