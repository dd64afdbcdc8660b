"""SVG drawings sanitised by parsing: what goes into the PDF and the EPUB is what was checked.

An SVG image is a document that can point elsewhere and carry code. Byte searches miss what a
parser sees (UTF-16 text, a DOCTYPE after the first 4 KB, CSS escapes, a nested ``data:`` SVG), so
each drawing is parsed with lxml hardened (no DTD loaded, no entities resolved, no network,
libxml2's depth and size limits), checked against an allowlist of SVG elements and attributes,
and serialised again as UTF-8; the writers pack the serialised bytes, never the file.

* refused (an error naming the image): a DOCTYPE that declares entities or elements, ``<?xml-stylesheet?>``, an element
  outside the allowlist (``<script>``, ``<foreignObject>``, ``<a>``, animation …), an event
  handler (``onload=``), ``xml:base``, any reference that is not ``#id`` inside the drawing
  (``href``, ``url()`` in an attribute or in CSS, however escaped), ``@import``, a ``<style>``
  holding elements; a nested ``data:`` image that is not a PNG, JPEG, GIF, WebP or a drawing
  that passes these checks itself;
* left out, with a note: attributes outside the allowlist; left out quietly: comments,
  processing instructions and editors' own elements and attributes (Inkscape's, Illustrator's
  metadata in other XML namespaces), which draw nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import tinycss2
from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_ELEMENTS = 100_000
MAX_USES = 5_000  # <use> copies what it names: many of them multiply the work of drawing
MAX_NESTING = 3  # data: drawings inside data: drawings
RASTER_MAGIC = {"image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",),
                "image/gif": (b"GIF87a", b"GIF89a")}

_FILTERS = ("feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
            "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA "
            "feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset "
            "fePointLight feSpecularLighting feSpotLight feTile feTurbulence")
ELEMENTS = frozenset((
    "svg g defs desc title metadata symbol use path rect circle ellipse line polyline polygon "
    "text tspan textPath image linearGradient radialGradient stop pattern clipPath mask marker "
    "filter style " + _FILTERS).split())
_PRESENTATION = (
    "alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation "
    "color-interpolation-filters color-rendering direction display dominant-baseline "
    "enable-background fill fill-opacity fill-rule filter flood-color flood-opacity font "
    "font-family font-feature-settings font-kerning font-size font-size-adjust font-stretch "
    "font-style font-variant font-weight glyph-orientation-horizontal "
    "glyph-orientation-vertical image-rendering isolation kerning letter-spacing "
    "lighting-color marker marker-end marker-mid marker-start mask mask-type mix-blend-mode "
    "opacity overflow paint-order pointer-events shape-rendering stop-color stop-opacity "
    "stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin "
    "stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration "
    "text-rendering transform-box transform-origin unicode-bidi vector-effect visibility "
    "white-space word-spacing writing-mode")
_GEOMETRY = (
    "id class style lang role tabindex focusable version baseProfile x y width height viewBox "
    "preserveAspectRatio transform d points cx cy r rx ry x1 y1 x2 y2 fx fy fr dx dy rotate "
    "textLength lengthAdjust pathLength startOffset method spacing side offset gradientUnits "
    "gradientTransform spreadMethod patternUnits patternContentUnits patternTransform "
    "clipPathUnits maskUnits maskContentUnits filterUnits primitiveUnits markerWidth "
    "markerHeight markerUnits refX refY orient type media requiredFeatures requiredExtensions "
    "systemLanguage in in2 result stdDeviation edgeMode mode operator k1 k2 k3 k4 values "
    "tableValues slope intercept amplitude exponent order kernelMatrix divisor bias targetX "
    "targetY preserveAlpha kernelUnitLength surfaceScale diffuseConstant specularConstant "
    "specularExponent azimuth elevation pointsAtX pointsAtY pointsAtZ limitingConeAngle z "
    "scale xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles radius "
    "href")
ATTRIBUTES = frozenset((_PRESENTATION + " " + _GEOMETRY).split())
_REASONS = {"script": "scripts are not allowed",
            "foreignObject": "embedded HTML is not allowed",
            "a": "links in a drawing do nothing in a book: remove the <a> around the shapes"}
_URL_FUNCTIONS = {"url", "src"}
_FORBIDDEN_FUNCTIONS = {"image", "image-set", "-webkit-image-set", "cross-fade", "element",
                        "-moz-element", "expression", "paint"}
_FORBIDDEN_PROPERTIES = {"behavior", "-moz-binding"}
# (collect_ids=False would make libxml2 load an external DTD: never set it.)
_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                       dtd_validation=False, attribute_defaults=False, huge_tree=False,
                       remove_comments=True, remove_pis=False)


class _NothingResolver(etree.Resolver):
    """Answers every request for an external file (a DTD, an entity) with nothing."""

    def resolve(self, url, pubid, context):
        return self.resolve_string("", context)


def _parser(**extra) -> etree.XMLParser:
    parser = etree.XMLParser(**_PARSER_OPTIONS, **extra)
    parser.resolvers.add(_NothingResolver())
    return parser


class SvgRefused(ValueError):
    """Why a drawing is not a safe, self-contained SVG (an error message's end)."""


@dataclass(frozen=True)
class CleanSvg:
    data: bytes  # the drawing as checked, serialised again (UTF-8)
    notes: tuple[str, ...] = ()  # what was left out that an author may want to know


def sanitize_svg(data: bytes, depth: int = 0) -> CleanSvg:
    """``data`` parsed, checked and serialised again; raises :class:`SvgRefused`."""
    root = _parse(data)
    notes: list[str] = []
    _check_tree(root, notes, depth)
    etree.cleanup_namespaces(root)
    out = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return CleanSvg(out, tuple(dict.fromkeys(notes)))


def svg_problem(data: bytes) -> str | None:
    """Why an SVG file is not a safe, self-contained drawing, or None."""
    try:
        sanitize_svg(data)
    except SvgRefused as refused:
        return str(refused)
    return None


# ---------------------------------------------------------------- parsing


def _parse(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "ntity" in message or "DOCTYPE" in message or _declares_dtd(data):
            raise SvgRefused("declares a DOCTYPE or entities: remove them (bookgen reads plain "
                             "SVG only)") from None
        raise SvgRefused(f"is not a well-formed SVG file ({message})") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SvgRefused(f"is not a well-formed SVG file ({exc})") from None
    if _declarations(root):
        raise SvgRefused("declares a DOCTYPE or entities: remove them (bookgen reads plain SVG "
                         "only)")
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        _check_instruction(sibling)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgRefused('is not an SVG drawing: its root must be <svg '
                         'xmlns="http://www.w3.org/2000/svg">')
    return root


def _declarations(root: etree._Element) -> bool:
    """Whether the document's DOCTYPE declares anything (entities, elements, attribute
    defaults). A bare ``<!DOCTYPE svg PUBLIC …>``, as Illustrator writes, declares nothing
    here (its DTD is never loaded) and is left out of what goes out."""
    dtd = root.getroottree().docinfo.internalDTD
    return dtd is not None and bool(list(dtd.iterentities()) or list(dtd.iterelements()))


def _declares_dtd(data: bytes) -> bool:
    """Whether a drawing that does not parse has a DOCTYPE (its entities may be why)."""
    try:
        root = etree.fromstring(data, _parser(recover=True))
    except (etree.XMLSyntaxError, ValueError):
        return False
    if root is None:
        return False
    return bool(root.getroottree().docinfo.doctype)


def _check_instruction(node) -> None:
    if isinstance(node, etree._ProcessingInstruction) and \
            node.target.lower() == "xml-stylesheet":
        raise SvgRefused("uses <?xml-stylesheet?>: an SVG image must not use other files")
    if isinstance(node, etree._Entity):
        raise SvgRefused("uses an entity (&name;): bookgen reads plain SVG only")


# ---------------------------------------------------------------- elements and attributes


def _check_tree(root: etree._Element, notes: list[str], depth: int) -> None:
    count = uses = 0
    doomed = []
    for node in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise SvgRefused(f"has more than {MAX_ELEMENTS} elements")
        if not isinstance(node.tag, str):  # a processing instruction or an entity
            _check_instruction(node)
            doomed.append(node)
            continue
        name = etree.QName(node)
        if name.namespace != SVG_NS:
            doomed.append(node)  # an editor's own data: it draws nothing
            continue
        if name.localname not in ELEMENTS:
            reason = _REASONS.get(name.localname, "bookgen allows only drawing elements")
            article = "an" if name.localname[0] in "aeiou" else "a"
            raise SvgRefused(f"contains {article} <{name.localname}> element: {reason}")
        uses += name.localname == "use"
        if uses > MAX_USES:
            raise SvgRefused(f"has more than {MAX_USES} <use> elements")
        _check_attributes(node, name.localname, notes, depth)
        if name.localname == "style":
            _check_style_element(node)
    for node in doomed:
        _remove(node)


def _remove(node) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:  # keep the text that follows it
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _check_attributes(node: etree._Element, tag: str, notes: list[str], depth: int) -> None:
    for key, value in list(node.attrib.items()):
        name = etree.QName(key)
        local, namespace = name.localname, name.namespace
        if local.lower().startswith("on") and namespace in (None, SVG_NS):
            raise SvgRefused(f"has an event handler ({local}=…): scripts are not allowed")
        if namespace == XML_NS and local == "base":
            raise SvgRefused("uses xml:base: an SVG image must not use other files")
        if (namespace is None and local == "href") or (namespace == XLINK_NS and local == "href"):
            node.set(key, _checked_href(value, tag, depth))
        elif namespace == XML_NS and local in ("space", "lang"):
            continue
        elif namespace is None and (local in ATTRIBUTES or local.startswith(("aria-", "data-"))):
            if local == "style" or "(" in value or "\\" in value:
                node.set(key, checked_css(value, f"its {local}= attribute"))
        else:
            del node.attrib[key]
            if namespace is None:
                notes.append(f"the attribute {local}= is not used by bookgen and was left out")


def _check_style_element(node: etree._Element) -> None:
    if len(node):
        raise SvgRefused("has a <style> element with elements inside: a style is CSS text only")
    kind = (node.get("type") or "text/css").strip().lower()
    if kind != "text/css":
        raise SvgRefused(f"has a <style> of type '{kind}': only CSS is allowed")
    node.text = checked_css(node.text or "", "its <style>")


# ---------------------------------------------------------------- references


def _checked_href(value: str, tag: str, depth: int) -> str:
    """An href as it goes out: ``#id``, or (on <image>) a checked and re-encoded data: URL."""
    target = value.strip()
    if target.startswith("#"):
        return target
    if tag == "image" and target[:5].lower() == "data:":
        return _checked_data_url(target, depth)
    shown = target if len(target) <= 60 else target[:57] + "..."
    raise SvgRefused(f"refers to '{shown}': an SVG image must not use other files or the web")


def _checked_data_url(url: str, depth: int) -> str:
    head, comma, payload = url[5:].partition(",")
    if not comma:
        raise SvgRefused("has a data: image that cannot be read")
    parts = [p.strip().lower() for p in head.split(";")]
    media = parts[0] or "text/plain"
    try:
        raw = base64.b64decode(re.sub(r"\s+", "", payload), validate=True) \
            if "base64" in parts[1:] else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise SvgRefused("has a data: image whose base64 cannot be read") from None
    if media == "image/svg+xml":
        if depth >= MAX_NESTING:
            raise SvgRefused(f"nests drawings in drawings more than {MAX_NESTING} deep")
        try:
            raw = sanitize_svg(raw, depth + 1).data
        except SvgRefused as inner:
            raise SvgRefused(f"has a nested SVG image that {inner}") from None
    elif media in RASTER_MAGIC:
        if not raw.startswith(RASTER_MAGIC[media]):
            raise SvgRefused(f"has a data: image that is not the {media} it says it is")
    elif media == "image/webp":
        if not (raw[:4] == b"RIFF" and raw[8:12] == b"WEBP"):
            raise SvgRefused("has a data: image that is not the image/webp it says it is")
    else:
        raise SvgRefused(f"has a data: image of type '{media}': only PNG, JPEG, GIF, WebP and "
                         "SVG images are allowed")
    return f"data:{media};base64,{base64.b64encode(raw).decode('ascii')}"


def checked_css(css: str, where: str) -> str:
    """CSS from a drawing, parsed (escapes decoded as a browser would) and serialised again;
    every url() must name ``#id`` inside the drawing. Raises :class:`SvgRefused`."""
    tokens = tinycss2.parse_component_value_list(css, skip_comments=True)
    _check_tokens(tokens, where)
    return tinycss2.serialize(tokens)


def _check_tokens(tokens, where: str, in_url: bool = False) -> None:
    for token in tokens:
        kind = token.type
        if kind == "error":
            raise SvgRefused(f"has CSS in {where} that cannot be read ({token.message})")
        if kind == "at-keyword" and token.lower_value == "import":
            raise SvgRefused(f"uses @import in {where}: an SVG image must not use other files")
        if kind == "ident" and token.lower_value in _FORBIDDEN_PROPERTIES:
            raise SvgRefused(f"uses '{token.value}' in {where}, which can run code")
        if kind == "url" or (in_url and kind == "string"):
            _check_css_url(token.value, where)
        elif kind == "function":
            name = token.lower_name
            if name in _FORBIDDEN_FUNCTIONS:
                raise SvgRefused(f"uses {name}() in {where}: an SVG image must not use other "
                                 "files")
            _check_tokens(token.arguments, where, name in _URL_FUNCTIONS)
        elif kind in ("() block", "[] block", "{} block"):
            _check_tokens(token.content, where, in_url)


def _check_css_url(url: str, where: str) -> None:
    if not url.strip().startswith("#"):
        shown = url if len(url) <= 60 else url[:57] + "..."
        raise SvgRefused(f"refers to '{shown}' in {where}: an SVG image must not use other files")
