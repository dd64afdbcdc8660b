"""The typefaces bookgen sets books in: OFL fonts installed as Python packages.

Fonts come from PyPI packages declared in pyproject.toml, never from the system, so a book looks
the same on every machine. The text face is the author's choice (``[style] typeface``); Noto
Emoji and Noto Sans Symbols follow it in the font stack so that 😉 and other symbols are drawn
in black and white, as print wants, instead of as empty boxes or the system's DejaVu.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bookgen.util.gate import read_file

TEXT_FACES = {
    "EB Garamond": "fontpkg_eb_garamond",
    "Source Serif 4": "fontpkg_source_serif_4",
    "Literata": "fontpkg_literata",
}
FALLBACK_PACKAGE = "manimgx_fonts"
FALLBACK_FACES = {"Noto Emoji": "NotoEmoji[wght].ttf",
                  "Noto Sans Symbols": "NotoSansSymbols[wght].ttf"}


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path
    style: str  # normal | italic


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@cache
def text_face_files(family: str) -> tuple[FontFile, ...]:
    """The regular and italic files of a text face (empty if its package is missing)."""
    root = _package_dir(TEXT_FACES.get(family, ""))
    if root is None:
        return ()
    meta = json.loads(read_file(root / "metadata.json", root, 1 << 20).decode("utf-8"))
    return tuple(FontFile(family, root / f["path"], f["style"]) for f in meta["files"])


@cache
def fallback_files() -> tuple[FontFile, ...]:
    root = _package_dir(FALLBACK_PACKAGE)
    if root is None:
        return ()
    return tuple(FontFile(name, root / file, "normal") for name, file in FALLBACK_FACES.items()
                 if (root / file).is_file())


def font_dirs() -> tuple[Path, ...]:
    """The folders fonts may be read from while rendering (the URL fetcher allows them)."""
    dirs = {f.path.parent.resolve() for face in TEXT_FACES for f in text_face_files(face)}
    dirs |= {f.path.parent.resolve() for f in fallback_files()}
    return tuple(sorted(dirs))


def font_stack(family: str) -> str:
    """The CSS font-family list: the text face, the symbol fallbacks, then generic serif."""
    names = [family, *FALLBACK_FACES]
    return ", ".join(f'"{name}"' for name in names) + ", serif"


def font_face_css(family: str, url: Callable[[FontFile], str] | None = None) -> str:
    """@font-face rules for the text face and the fallbacks, each file at ``url(font)`` (its
    file: URL for WeasyPrint; the preview serves them over HTTP). Variable fonts get no weight
    range (WeasyPrint rejects ``font-weight: 400 800``), so bold is the same file asked for at
    weight 700."""
    rules = []
    for font in (*text_face_files(family), *fallback_files()):
        url_of = url(font) if url else font.path.resolve().as_uri()
        for weight in ("normal", "bold"):
            rules.append(f'@font-face {{ font-family: "{font.family}"; src: url("{url_of}"); '
                         f"font-style: {font.style}; font-weight: {weight}; }}")
    return "\n".join(rules)


@cache
def advance_widths(family: str) -> tuple[dict[int, float], float]:
    """Each character's advance in ems in the regular face of ``family`` (from its file, with
    fontTools), and the widest, for characters the face lacks; empty if the face is missing."""
    files = [f for f in text_face_files(family) if f.style == "normal"]
    if not files:
        return {}, 0.0
    from fontTools.ttLib import TTFont

    font = TTFont(files[0].path, lazy=True)
    units, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
    widths = {code: metrics[name][0] / units for code, name in font.getBestCmap().items()
              if name in metrics}
    return widths, max(widths.values(), default=1.0)


def text_measure(family: str) -> Callable[[str], float] | None:
    """A function giving a text's width in ems in ``family`` (None if the face is missing):
    the timeline drawing places its labels by it, so none overlaps another."""
    widths, widest = advance_widths(family)
    if not widths:
        return None
    return lambda text: sum(widths.get(ord(ch), widest) for ch in text)
