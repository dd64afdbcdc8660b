"""Ids for headings, and checks that every link and image points somewhere real and allowed.

Links to other content files (``02-name.md#part``) become internal links (``#section-id``);
``#id`` links must name a section or heading; web links (http, https, mailto) stay links but are
never fetched; images must be files inside the book folder.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
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
from bookgen.util.tree import map_blocks, plain_text, walk_blocks, walk_inlines

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


def check_references(root: Path, sections: tuple[m.Section, ...], problems: ProblemList) -> None:
    ids = {s.id for s in sections} | {b.id for s in sections for b in walk_blocks(s.blocks)
                                      if isinstance(b, m.Heading)}
    files = {PurePosixPath(s.source.path).name: s.id for s in sections}
    for section in sections:
        for block in walk_blocks(section.blocks):
            for inline in _block_inlines(block):
                if isinstance(inline, m.Link):
                    _check_link(inline.target, ids, files, block.source, problems)
                elif isinstance(inline, m.Image):
                    check_image(root, inline, block.source, problems)


def _block_inlines(block: m.Block) -> Iterator[m.Inline]:
    if isinstance(block, (m.Paragraph, m.Heading)):
        yield from walk_inlines(block.inlines)
    elif isinstance(block, m.Figure):
        yield block.image
        yield from walk_inlines(block.caption)


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


def check_image(root: Path, image: m.Image, ref: m.SourceRef, problems: ProblemList) -> None:
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
            return
        if path.suffix.lower() == ".svg":
            for note in svg_notes(path, root):
                problems.warning(f"image '{image.src}': {note}", ref)
        if not image.alt.strip():
            problems.warning(f"image '{image.src}' has no alt text (![what it shows](…))", ref)


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
