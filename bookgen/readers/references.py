"""Ids for headings, and checks that every link and image points somewhere real and allowed.

Paths in a chapter are relative to the chapter's own file, as in every Markdown renderer
(``content/02-arbetet/03-fabriken.md`` shows ``bilder/fabrik.jpg`` from
``content/02-arbetet/bilder/``); a path that is not found there but is from content/ works
too, as it did when every chapter sat in content/. The reader then writes each image as a
path relative to content/ and each link to another content file (``../01-barndom/02-x.md#y``)
as an internal link (``#section-id`` or ``#y``), so the writers need no file's place.
``#id`` links must name a section or heading; web links (http, https, mailto) stay links but are
never fetched; images must be files inside the book folder.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bookgen import model as m
from bookgen.errors import ProblemList
from bookgen.readers.config import MAX_CONFIG_BYTES
from bookgen.readers.files import inside
from bookgen.util.gate import read_file
from bookgen.readers.ids import FIXED_IDS, reserved_because, title_ids
from bookgen.readers.images import image_problem, svg_notes
from bookgen.util.text import slugify
from bookgen.util.tree import (INLINE_HOLDERS, block_inlines, map_blocks, plain_text, walk_blocks,
                               walk_inlines)

WEB_SCHEMES = ("http", "https", "mailto")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def number_headings(sections: tuple[m.Section, ...]) -> tuple[m.Section, ...]:
    """Give every heading a unique id: ``<section-id>-<slug>``, numbered on a clash."""
    section_ids = {s.id for s in sections}
    used = section_ids | title_ids(section_ids) | FIXED_IDS

    def unique(base: str) -> str:
        candidate, number = base, 2
        while candidate in used or reserved_because(candidate, section_ids):
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        return candidate

    def with_id(section: m.Section) -> Callable[[m.Block], m.Block]:
        def fn(block: m.Block) -> m.Block:
            if isinstance(block, m.Heading) and not block.id:
                slug = slugify(plain_text(block.inlines)) or "rubrik"
                return dataclasses.replace(block, id=unique(f"{section.id}-{slug}"))
            return block
        return fn

    return tuple(dataclasses.replace(s, blocks=map_blocks(s.blocks, with_id(s)))
                 for s in sections)


def check_references(root: Path, sections: tuple[m.Section, ...], problems: ProblemList,
                     extra_ids: Iterable[str] = ()) -> set[Path]:
    """Check every link and image; return the image files the chapters use."""
    ids = {s.id for s in sections} | {b.id for s in sections for b in walk_blocks(s.blocks)
                                      if isinstance(b, m.Heading)} | set(extra_ids)
    files = {PurePosixPath(s.source.path).name: s.id for s in sections}
    used: set[Path] = set()
    for section in sections:
        for block in walk_blocks(section.blocks):
            for inline in walk_inlines(block_inlines(block)):
                if isinstance(inline, m.Link):
                    _check_link(inline.target, ids, files, block.source, problems)
                elif isinstance(inline, m.Image):
                    path = check_image(root, inline, block.source, problems)
                    if path is not None:
                        used.add(path)
    return used


def relocate_paths(root: Path, sections: tuple[m.Section, ...]) -> tuple[m.Section, ...]:
    """Images as paths relative to content/, links to content files as ``#id`` (see above)."""
    by_path = {s.source.path: s.id for s in sections}

    def for_section(section: m.Section) -> m.Section:
        base = PurePosixPath(section.source.path).parent

        def inline(node: m.Inline) -> m.Inline:
            if isinstance(node, m.Image):
                return dataclasses.replace(node, src=_image_src(root, base, node.src))
            if isinstance(node, m.Link):
                return dataclasses.replace(node, target=_link_target(base, node.target, by_path))
            return node

        return dataclasses.replace(section, blocks=map_blocks(
            section.blocks, lambda block: _map_block_inlines(block, inline)))

    return tuple(for_section(s) for s in sections)


def _map_block_inlines(block, fn: Callable[[m.Inline], m.Inline]):
    if isinstance(block, INLINE_HOLDERS):
        return dataclasses.replace(block, inlines=map_inlines(block.inlines, fn))
    if isinstance(block, m.Figure):
        return dataclasses.replace(block, image=fn(block.image),
                                   caption=map_inlines(block.caption, fn))
    return block


def map_inlines(inlines: tuple[m.Inline, ...], fn: Callable[[m.Inline], m.Inline]) -> tuple:
    out = []
    for node in inlines:
        if isinstance(node, (m.Emph, m.Strong, m.Link)):
            node = dataclasses.replace(node, children=map_inlines(node.children, fn))
        out.append(fn(node))
    return tuple(out)


def _relative(src: str) -> str | None:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or re.match(r"^[/\\]", parts.path):
        return None
    return unquote(parts.path)


def _image_src(root: Path, base: PurePosixPath, src: str) -> str:
    """``src`` (relative to the chapter's folder ``base``) as a path relative to content/."""
    path = _relative(src)
    if path is None:
        return src
    content = PurePosixPath(CONTENT_BASE)
    own = PurePosixPath(posixpath.normpath((base / path).as_posix()))
    if own.is_relative_to(content) and (root / own).is_file():
        return own.relative_to(content).as_posix()
    return src  # as before: relative to content/


def _link_target(base: PurePosixPath, target: str, by_path: dict[str, str]) -> str:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return target
    own = posixpath.normpath((base / unquote(parts.path)).as_posix())
    if own in by_path:
        return f"#{parts.fragment or by_path[own]}"
    return target


def resolve_link(target: str, files: dict[str, str]) -> str:
    """A link as the writers write it: content file links become ``#section-id``."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return target
    name = PurePosixPath(unquote(parts.path)).name
    if name in files:
        return f"#{parts.fragment or files[name]}"
    return target


def _check_link(target: str, ids: set[str], files: dict[str, str], ref: m.SourceRef,
                problems: ProblemList) -> None:
    parts = urlsplit(target)
    if parts.scheme:
        if parts.scheme.lower() not in WEB_SCHEMES:
            problems.error(f"link '{target}' uses a scheme bookgen does not allow "
                           f"(only {', '.join(WEB_SCHEMES)})", ref)
        return
    resolved = resolve_link(target, files)
    if not resolved.startswith("#"):
        problems.error(f"link '{target}' points to no section of the book "
                       "(link to another content file, #id, or a web address)", ref)
    elif resolved[1:] not in ids:
        problems.error(f"link '{target}' points to '{resolved}', which is no section or "
                       "heading id", ref)


def image_path(root: Path, src: str) -> Path | None:
    """The image's file, if ``src`` is a relative path that stays inside the book folder."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or re.match(r"^[/\\]", parts.path):
        return None
    return inside(root / CONTENT_BASE / unquote(parts.path), root.resolve())


CONTENT_BASE = "content"


def check_image(root: Path, image: m.Image, ref: m.SourceRef,
                problems: ProblemList) -> Path | None:
    """Report what is wrong with an image; its file when it is a usable image."""
    path = image_path(root, image.src)
    if path is None:
        problems.error(f"image '{image.src}' is not a file inside the book folder "
                       "(web addresses and paths outside the book are not read)", ref)
    elif not path.exists():
        problems.error(f"image '{image.src}' does not exist", ref)
    elif path.suffix.lower() not in IMAGE_SUFFIXES:
        problems.error(f"image '{image.src}' is not a PNG, JPEG, GIF, WebP or SVG file", ref)
    else:
        why = image_problem(path, root)
        if why:
            problems.error(f"image '{image.src}' {why}", ref)
            return None
        if path.suffix.lower() == ".svg":
            for note in svg_notes(path, root):
                problems.warning(f"image '{image.src}': {note}", ref)
        if not image.alt.strip():
            problems.warning(f"image '{image.src}' has no alt text (![what it shows](…))", ref)
        return path
    return None


def check_cover(root: Path, cover: str, problems: ProblemList) -> None:
    """[epub] cover must name an image file inside the book folder."""
    if not cover:
        return
    where = m.SourceRef("book.toml", _cover_line(root))
    path = inside(root / cover, root) if not urlsplit(cover).scheme else None
    if path is None:
        problems.error(f"[epub] cover '{cover}' is outside the book folder", where)
    elif not path.exists():
        problems.error(f"[epub] cover '{cover}' does not exist", where)
    elif path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        problems.error(f"[epub] cover '{cover}' is not a JPEG or PNG file", where)
    elif why := image_problem(path, root):
        problems.error(f"[epub] cover '{cover}' {why}", where)


def _cover_line(root: Path) -> int | None:
    try:
        lines = read_file(root / "book.toml", root, MAX_CONFIG_BYTES).decode("utf-8-sig")\
            .splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if line.strip().startswith("cover")), None)
