"""The attributes an image may carry after it, Pandoc's syntax: ``![alt](foto.jpg){width=50%}``.

markdown-it reads them with the attrs plugin's parser (mdit-py-plugins), on images only: braces
after a link, code or text stay text. One difference from the plugin: an unquoted percentage
(``width=50%``, as Pandoc writes it) is a value, not the start of a comment. The attributes are
kept on the :class:`~bookgen.model.Image` as written; this module says what they mean and which
are wrong, for the reader's warnings and the image pipeline's placement.
"""

from __future__ import annotations

import re

from mdit_py_plugins.attrs.parse import ParseError, parse

from bookgen import model as m

#: The classes bookgen places itself; other classes are passed on to the HTML for a book's CSS.
FULL_PAGE, FLOAT_LEFT, FLOAT_RIGHT = "full-page", "float-left", "float-right"
PLACEMENTS = (FULL_PAGE, FLOAT_LEFT, FLOAT_RIGHT)
KNOWN_KEYS = ("width", "credit", "class")
_WIDTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|mm|cm|in|pt)\s*$")
_UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_PERCENT = re.compile(r"(=)(\d+(?:\.\d+)?%)(?=[\s}])")
_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
MAX_ATTRS_CHARS = 2000


def image_attrs_rule(state, silent: bool) -> bool:
    """markdown-it inline rule: ``{…}`` right after an image goes to its ``meta["attrs"]``."""
    if state.pending or not state.tokens or state.tokens[-1].type != "image" \
            or state.src[state.pos] != "{":
        return False
    end = _closing_brace(state.src, state.pos, min(state.posMax, state.pos + MAX_ATTRS_CHARS))
    if end is None:
        return False
    text = _PERCENT.sub(r'\1"\2"', state.src[state.pos:end + 1])
    try:
        used, attrs = parse(text)
    except ParseError:
        return False
    if used != len(text) - 1:
        return False
    state.pos = end + 1
    if not silent:
        meta = state.tokens[-1].meta.setdefault("attrs", {})
        if "class" in attrs and "class" in meta:
            attrs["class"] = f"{meta['class']} {attrs['class']}"
        meta.update({str(k): str(v) for k, v in attrs.items()})
    return True


def _closing_brace(src: str, start: int, stop: int) -> int | None:
    quoted = False
    index = start + 1
    while index < stop:
        char = src[index]
        if char == "\\" and quoted:
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "}" and not quoted:
            return index
        index += 1
    return None


def classes(image: m.Image) -> tuple[str, ...]:
    return tuple(c for c in image.attr("class").split() if _CLASS.match(c))


def placement_class(image: m.Image) -> str:
    """full-page, float-left, float-right or "" (the first one given wins)."""
    return next((c for c in classes(image) if c in PLACEMENTS), "")


def width(image: m.Image) -> tuple[float, str] | None:
    """``width=`` as (number, unit): (50.0, "%") or (60.0, "mm"); None when not given or
    not a width bookgen knows."""
    match = _WIDTH.match(image.attr("width"))
    if not match:
        return None
    number, unit = float(match[1]), match[2]
    return (number, "%") if unit == "%" else (number * _UNIT_MM[unit], "mm")


def attr_problems(image: m.Image, figure: bool) -> list[str]:
    """What is wrong with the attributes (warnings: the image is set without them)."""
    out = []
    for key, value in image.attrs:
        if key not in KNOWN_KEYS:
            out.append(f"the attribute '{key}' is not one bookgen uses (width=, credit=, "
                       ".full-page, .float-left, .float-right): it is left out")
    given = image.attr("width")
    size = width(image)
    if given and (size is None or size[0] <= 0 or (size[1] == "%" and size[0] > 100)):
        out.append(f"width={given} is not a width bookgen knows: write a share of the text "
                   "width (width=50%) or a length (width=6cm, 60mm, 2.5in); the image is set "
                   "without it")
    for name in image.attr("class").split():
        if not _CLASS.match(name):
            out.append(f"'.{name}' is not a class name (letters, digits, - and _): left out")
    placed = [c for c in classes(image) if c in PLACEMENTS]
    if len(placed) > 1:
        out.append(f"{' and '.join('.' + c for c in placed)} do not go together: "
                   f".{placed[0]} is used")
    if not figure and (placed or image.attr("credit")):
        what = ", ".join([*("." + c for c in placed), *(["credit="] if image.attr("credit")
                                                       else [])])
        out.append(f"{what} is for a photo standing alone in its paragraph (a figure); this "
                   "image is in a line of text, so it is set in the line without it")
    return out
