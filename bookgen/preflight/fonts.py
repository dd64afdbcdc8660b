"""The fonts of a PDF: which pages draw with each, whether it is embedded and subset, and which
characters it draws as .notdef (read from its CMaps).  The font half of :mod:`bookgen.preflight.pdf`.

Fonts are attributed to the pages that *draw* with them (``Tf`` in the page's content or in a Form
XObject it paints), not to the pages whose resources merely list them: WeasyPrint gives every
page one shared resource dictionary holding every font of the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, PdfObject, StreamObject


@dataclass(frozen=True)
class FontInfo:
    """One font dictionary: ``name`` is the BaseFont without its ``ABCDEF+`` subset tag."""

    name: str
    subtype: str
    subset: bool
    embedded: bool
    pages: tuple[int, ...]
    notdef: tuple[str, ...] = ()
    """Characters this font draws as .notdef (the font has no glyph for them)."""


def read_fonts(reader: PdfReader) -> list[FontInfo]:
    """Every font the pages draw with or list in their resources, sorted by name."""
    walker = _FontWalker()
    for index, page in enumerate(reader.pages):
        walker.walk_page(index, page)
    return sorted(walker.fonts(), key=_font_key)


def _font_key(font: FontInfo) -> tuple:
    return (font.name, font.subtype, font.pages)


def resolve_object(obj: PdfObject | None) -> PdfObject | None:
    """The object ``obj`` is or refers to (None stays None)."""
    return obj.get_object() if obj is not None else None


def resolve_dict(obj: PdfObject | None) -> DictionaryObject:
    """The dictionary ``obj`` is or refers to, or an empty one: absent and malformed are alike."""
    obj = resolve_object(obj)
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


# ---------------------------------------------------------------- fonts per page


_NAME = rb"/([^\s/\[\]()<>{}%]+)"
_TF = re.compile(_NAME + rb"\s+[-+]?(?:\d+\.?\d*|\.\d+)\s+Tf\b")
_DO = re.compile(_NAME + rb"\s+Do\b")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


class _FontWalker:
    """Finds the fonts each page draws with, through Form XObjects and Type3 glyph procedures.

    Content streams are scanned for ``/Name size Tf`` and ``/Name Do`` rather than parsed: the
    scan is far faster than pypdf's content parser, and it can only err towards listing a font
    on a page where a text string happens to look like an operator.
    """

    def __init__(self) -> None:
        self._records: dict[int, dict] = {}
        self._inner: dict[int, set[int]] = {}  # form or Type3 font -> fonts it draws with

    def walk_page(self, index: int, page) -> None:
        resources = resolve_dict(page.get("/Resources"))
        listed = resolve_dict(resources.get("/Font"))
        for name in listed:
            self._font(listed.raw_get(name), frozenset())
        contents = page.get_contents()
        content = contents.get_data() if contents is not None else b""
        for key in self._used(resources, content, frozenset()):
            self._records[key]["pages"].add(index)

    def fonts(self) -> list[FontInfo]:
        records = self._records.values()
        return [FontInfo(**{**r, "pages": tuple(sorted(r["pages"]))}) for r in records]

    def _used(self, resources: DictionaryObject, content: bytes, seen: frozenset) -> set[int]:
        fonts = resolve_dict(resources.get("/Font"))
        xobjects = resolve_dict(resources.get("/XObject"))
        used: set[int] = set()
        for name in _names(_TF, content) & set(fonts):
            used |= self._font(fonts.raw_get(name), seen)
        for name in _names(_DO, content) & set(xobjects):
            used |= self._form(xobjects.raw_get(name), resources, seen)
        return used

    def _font(self, ref: PdfObject, seen: frozenset) -> set[int]:
        font, key = resolve_dict(ref), _key(ref)
        if key not in self._records:
            self._records[key] = _font_record(font)
        if font.get("/Subtype") != "/Type3" or key in seen:
            return {key}
        if key not in self._inner:
            resources = resolve_dict(font.get("/Resources"))
            procs = resolve_dict(font.get("/CharProcs"))
            self._inner[key] = set().union(
                *(self._used(resources, procs[n].get_data(), seen | {key}) for n in procs)
            )
        return {key} | self._inner[key]

    def _form(self, ref: PdfObject, parent: DictionaryObject, seen: frozenset) -> set[int]:
        form, key = resolve_dict(ref), _key(ref)
        if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form" or key in seen:
            return set()
        if key in self._inner:
            return self._inner[key]
        own = "/Resources" in form
        used = self._used(resolve_dict(form.get("/Resources")) if own else parent, form.get_data(),
                          seen | {key})
        if own:  # a form without resources uses its caller's, so its fonts depend on the caller
            self._inner[key] = used
        return used


def _key(ref: PdfObject) -> int:
    return ref.idnum if isinstance(ref, IndirectObject) else id(ref)


def _names(pattern: re.Pattern, content: bytes) -> set[str]:
    """Resource names an operator uses, spelled as pypdf spells dictionary keys."""
    unescape = lambda raw: re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw)
    return {"/" + unescape(raw).decode("latin-1") for raw in pattern.findall(content)}


# ---------------------------------------------------------------- one font dictionary


def _font_record(font: DictionaryObject) -> dict:
    subtype = str(font.get("/Subtype", "/Unknown"))[1:]
    base = str(font.get_object().get("/BaseFont") or font.get("/Name") or "/" + subtype)[1:]
    return {
        "name": _SUBSET_TAG.sub("", base),
        "subtype": subtype,
        "subset": bool(_SUBSET_TAG.match(base)),
        "embedded": _is_embedded(font),
        "notdef": _notdef_chars(font),
        "pages": set(),
    }


def _is_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are content streams in the file
    if font.get("/Subtype") == "/Type0":
        descendants = resolve_object(font.get("/DescendantFonts")) or []
        font = resolve_dict(descendants[0] if descendants else None)
    descriptor = resolve_dict(font.get("/FontDescriptor"))
    return any(key in descriptor for key in _FONT_FILES)


def _notdef_chars(font: DictionaryObject) -> tuple[str, ...]:
    """Characters a Type0 font's embedded CMap sends to CID 0, named through its ToUnicode.

    WeasyPrint writes such a CMap when no available font has a glyph for a character.
    """
    encoding = resolve_object(font.get("/Encoding"))
    if font.get("/Subtype") != "/Type0" or not isinstance(encoding, StreamObject):
        return ()
    codes = _cmap_notdef_codes(encoding.get_data())
    to_unicode = resolve_object(font.get("/ToUnicode"))
    if not isinstance(to_unicode, StreamObject):
        return ("\ufffd",) if codes else ()
    text = _cmap_unicode(to_unicode.get_data(), codes)
    return tuple(sorted({text.get(code, "\ufffd") for code in codes}))


# ---------------------------------------------------------------- CMaps


def _cmap_notdef_codes(cmap: bytes) -> set[int]:
    codes = set()
    for block in re.findall(rb"begincidchar(.*?)endcidchar", cmap, re.S):
        pairs = re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block)
        codes |= {int(code, 16) for code, cid in pairs if int(cid) == 0}
    for block in re.findall(rb"begincidrange(.*?)endcidrange", cmap, re.S):
        ranges = re.findall(rb"<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>\s*(\d+)", block)
        codes |= {int(low, 16) for low, cid in ranges if int(cid) == 0}
    return codes


def _cmap_unicode(cmap: bytes, codes: set[int]) -> dict[int, str]:
    """The text a ToUnicode CMap gives for ``codes`` (bfchar and bfrange entries)."""
    text: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, dest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            if int(code, 16) in codes:
                text[int(code, 16)] = _utf16(bytes.fromhex(dest.decode()))
    pattern = rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])"
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, dest in re.findall(pattern, block):
            low, high = int(low, 16), int(high, 16)
            items = re.findall(rb"<([0-9A-Fa-f]*)>", dest)
            for code in (c for c in codes if low <= c <= high):
                if dest.startswith(b"["):
                    hex_text = items[code - low] if code - low < len(items) else b""
                    raw = bytes.fromhex(hex_text.decode())
                else:
                    first = bytes.fromhex(items[0].decode())
                    last = int.from_bytes(first[-2:] or b"\0", "big") + code - low
                    raw = first[:-2] + last.to_bytes(2, "big")
                text[code] = _utf16(raw)
    return text


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-be", errors="replace")


__all__ = ["FontInfo", "read_fonts", "resolve_dict", "resolve_object"]
