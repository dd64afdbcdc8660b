"""PDF/X-4 for a print shop: the CMYK output intent, and what WeasyPrint's ``pdf/x-4`` leaves out.

WeasyPrint writes PDF/X-4 (``pdf_variant="pdf/x-4"``) when the document declares a CMYK profile
(``@color-profile device-cmyk { src: url(…); components: cyan, magenta, yellow, black }``; the
commas matter, or the profile is written with ``/N 1``). Its output needs three fixes, made by
the finisher here before the file is written:

- the XMP ``xmpMM:DocumentID`` is a random UUID: it becomes one derived from the document
  identifier, so the same book still gives the same bytes;
- text and RGB images are drawn in DeviceRGB, which PDF/X does not allow next to a CMYK output
  intent: a ``/DefaultRGB`` colour space (sRGB, WeasyPrint's own profile) in the shared
  resources makes every RGB colour calibrated, to be converted by the shop's RIP;
- the output intent is an embedded profile, not a registered printing condition: its
  ``OutputConditionIdentifier`` is ``Custom`` (WeasyPrint writes the description there too),
  the description stays in ``Info``.

A tagged document (``tagged=True``) keeps its structure tree and also declares PDF/UA-1 in the
XMP: WeasyPrint's tags do not depend on the variant, and the two standards ask for different
things (an output intent, boxes; tags, language, title), so one file can be both.

The built-in profile is Ghostscript's ``default_cmyk.icc`` (styles/print/NOTICE.md has its
origin and licence); ``[print] icc_profile`` in book.toml names the shop's own instead.
"""

from __future__ import annotations

import re
import uuid
from pathlib import PurePosixPath
from urllib.parse import quote

from bookgen.model import Book
from bookgen.theme.fetch import BOOK_BASE
from bookgen.theme.folders import builtin_dir

BUILTIN_PROFILE = PurePosixPath("print", "default_cmyk.icc")
MAX_PROFILE_BYTES = 16 * 1024 * 1024
_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-fA-F-]{36}")
_UA = (b'<rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="" '
       b'pdfuaid:part="1"/>')


def profile_url(book: Book) -> str:
    """The CMYK profile as WeasyPrint fetches it: the book's own (checked: inside the book
    folder, an ICC profile, CMYK), or the built-in one."""
    own = book.metadata.print.icc_profile
    if own:
        _check_profile(book.root, own)
        return BOOK_BASE + quote(own.lstrip("/"))
    return (builtin_dir("styles") / BUILTIN_PROFILE).resolve().as_uri()


def _check_profile(root, name: str) -> None:
    from bookgen.errors import BookError
    from bookgen.model import SourceRef
    from bookgen.util.gate import FileRefused, read_file

    where = SourceRef("book.toml")
    try:
        header = read_file(root / name, root, MAX_PROFILE_BYTES)[:40]
    except FileRefused as refused:
        raise BookError(f"[print] icc_profile '{name}': {refused.why}", where) from None
    if len(header) < 40 or header[36:40] != b"acsp":
        raise BookError(f"[print] icc_profile '{name}' is not an ICC profile", where)
    if header[16:20] != b"CMYK":
        raise BookError(f"[print] icc_profile '{name}' is a {header[16:20].decode('latin-1')!r}"
                        " profile; the print shop's output intent needs a CMYK one", where)


def profile_css(book: Book) -> str:
    """The @color-profile rule that turns WeasyPrint's PDF/X-4 on."""
    return (f'@color-profile device-cmyk {{ src: url("{profile_url(book)}"); '
            "components: cyan, magenta, yellow, black; }")


def interior_css(book: Book) -> str:
    """The profile, and the book's text colour (the theme's #111) in black ink only: text in
    a four-colour black blurs when the plates are a hair out of register. A user stylesheet's
    ``!important`` is needed to win over the theme's ``html { color }``; anything the theme or
    the book colours itself keeps its colour."""
    return profile_css(book) + "\nhtml { color: device-cmyk(0 0 0 0.93) !important; }"


def render_html(book: Book, html: str, problems: list) -> object:
    """Lay out a page of bookgen's own (the cover) with the book's fonts and the CMYK profile;
    a file it may not read is an error in ``problems``, as for the book."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from bookgen.errors import Problem
    from bookgen.theme import fonts
    from bookgen.theme.fetch import BookFetcher

    fetcher = BookFetcher(book.root, [builtin_dir("styles"), *fonts.font_dirs()])
    font_config = FontConfiguration()
    profiles: dict = {}
    sheets = [CSS(string=fonts.font_face_css(book.metadata.typeface), url_fetcher=fetcher,
                  font_config=font_config),
              CSS(string=profile_css(book), url_fetcher=fetcher, color_profiles=profiles)]
    document = HTML(string=html, url_fetcher=fetcher, base_url=BOOK_BASE).render(
        stylesheets=sheets, font_config=font_config, color_profiles=profiles)
    for url, why in fetcher.refused:
        problems.append(Problem(f"refused to read '{url}': {why}", None, "error"))
    return document


def write_pdfx(document, identifier: bytes, tagged: bool, finisher=None) -> bytes:
    """``document`` (rendered with :func:`profile_css`) as PDF/X-4 bytes."""

    def finish(doc, pdf) -> None:
        _fix(pdf, identifier, tagged)
        if finisher:
            finisher(doc, pdf)

    return document.write_pdf(pdf_variant="pdf/x-4", pdf_identifier=identifier,
                              pdf_tags=tagged, uncompressed_pdf=False, finisher=finish)


def _fix(pdf, identifier: bytes, tagged: bool) -> None:
    import pydyf

    _fix_metadata(pdf, identifier, tagged)
    srgb = pydyf.Stream([_weasyprint_srgb()], pydyf.Dictionary({"N": 3}), compress=True)
    pdf.add_object(srgb)
    for space in _objects(pdf, lambda o: isinstance(o, pydyf.Dictionary) and "lab-d50" in o):
        space["DefaultRGB"] = pydyf.Array(("/ICCBased", srgb.reference))
    for intent in pdf.catalog.get("OutputIntents", ()):
        # Not a registered characterisation (FOGRA39, …) but an embedded profile: "Custom",
        # as Acrobat writes it, with the profile's description as Info.
        intent["OutputConditionIdentifier"] = pydyf.String("Custom")
        intent["RegistryName"] = pydyf.String("")


def _weasyprint_srgb() -> bytes:
    """WeasyPrint's own sRGB profile (the one its PDF/A output intents embed)."""
    from pathlib import Path

    import weasyprint.pdf

    from bookgen.util.gate import read_file

    folder = Path(weasyprint.pdf.__file__).resolve().parent
    return read_file(folder / "sRGB2014.icc", folder, 1024 * 1024)


def _fix_metadata(pdf, identifier: bytes, tagged: bool) -> None:
    reference = pdf.catalog["Metadata"]
    reference = reference.decode() if isinstance(reference, bytes) else str(reference)
    number = int(reference.split()[0])
    stream = pdf.objects[number]
    xmp = b"".join(part if isinstance(part, bytes) else str(part).encode()
                   for part in stream.stream)
    document_id = uuid.uuid5(uuid.NAMESPACE_OID, identifier.decode("ascii"))
    xmp = _DOCUMENT_ID.sub(f"xmp.did:{document_id}".encode(), xmp, count=1)
    if tagged:
        xmp = xmp.replace(b"</rdf:RDF>", _UA + b"</rdf:RDF>", 1)
    stream.stream = [xmp]


def _objects(pdf, wanted):
    return [obj for obj in pdf.objects if wanted(obj)]
