"""SVG drawings are parsed, checked against allowlists and serialised again (readers/svg.py):
each trick a byte search misses is refused, an editor's own data is left out, and what the PDF
and the EPUB carry is the drawing as checked."""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import etree

from bookgen.readers.svg import SvgRefused, sanitize_svg, svg_problem

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SCRIPTED = f'<svg {NS}><script>alert(1)</script><rect width="1" height="1"/></svg>'


def svg(body: str, attrs: str = "") -> str:
    return f'<svg {NS} width="10" height="10" {attrs}>{body}</svg>'


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


TRICKS = {
    "utf16-entities": ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY a '
                       f'"&#60;script&#62;">]>{svg("<text>&a;</text>")}').encode("utf-16"),
    "doctype-after-4kb": (f'<?xml version="1.0"?><!--{"x" * 5000}--><!DOCTYPE svg [<!ENTITY a '
                          f'"b">]>{svg("<text>&a;</text>")}').encode(),
    "external-entity": ('<!DOCTYPE svg [<!ENTITY a SYSTEM "file:///etc/passwd">]>'
                        + svg("<text>&a;</text>")).encode(),
    "nested-data-svg-base64": svg(f'<image href="data:image/svg+xml;base64,{b64(SCRIPTED)}" '
                                  'width="1" height="1"/>').encode(),
    "nested-data-svg-percent": svg('<image xlink:href="data:image/svg+xml;utf8,'
                                   f'{quote(SCRIPTED)}" width="1" height="1"/>').encode(),
    "nested-twice": svg('<image href="data:image/svg+xml;base64,' + b64(svg(
        f'<image href="data:image/svg+xml;base64,{b64(SCRIPTED)}"/>')) + '"/>').encode(),
    "style-with-elements": svg("<style>rect { fill: red }<script>alert(1)</script></style>")
    .encode(),
    "fill-url": svg('<rect fill="url(http://127.0.0.1:9/x)" width="1" height="1"/>').encode(),
    "filter-url": svg('<rect filter="url(https://example.org/f.svg#f)"/>').encode(),
    "mask-url": svg('<rect mask="url(file:///etc/passwd)"/>').encode(),
    "marker-url": svg('<path d="M0 0L1 1" marker-end="url(m.svg#m)"/>').encode(),
    "xml-stylesheet": ('<?xml-stylesheet href="http://127.0.0.1:9/a.css"?>' + svg("")).encode(),
    "css-escape-in-style": svg("<style>rect { fill: \\75 rl(http://127.0.0.1:9/x) }</style>")
    .encode(),
    "css-escape-in-attribute": svg('<rect style="fill: \\000075rl(//127.0.0.1:9/x)"/>')
    .encode(),
    "css-import": svg('<style>@import "http://127.0.0.1:9/a.css";</style>').encode(),
    "css-image-set": svg('<rect style="fill: image-set(\'a.png\' 1x)"/>').encode(),
    "xml-base": svg('<image href="#a"/>', 'xml:base="http://127.0.0.1:9/"').encode(),
    "script": SCRIPTED.encode(),
    "foreign-object": svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div>'
                          '</foreignObject>').encode(),
    "event-handler": svg("", 'onload="alert(1)"').encode(),
    "javascript-link": svg('<a href="javascript:alert(1)"><rect/></a>').encode(),
    "animate-href": svg('<animate attributeName="href" to="javascript:alert(1)"/>').encode(),
    "use-external": svg('<use href="other.svg#x"/>').encode(),
    "image-file": svg('<image href="/etc/passwd"/>').encode(),
    "image-not-png": svg('<image href="data:image/png;base64,' + b64("<svg/>") + '"/>')
    .encode(),
    "data-html": svg('<image href="data:text/html;base64,' + b64("<script>1</script>") + '"/>')
    .encode(),
    "not-svg": b'<html xmlns="http://www.w3.org/1999/xhtml"><script>1</script></html>',
    "no-namespace": b"<svg><script>alert(1)</script></svg>",
    "billion-laughs": ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                       + svg("<text>&b;</text>")).encode(),
}


@pytest.mark.parametrize("name", TRICKS)
def test_each_trick_is_refused(name):
    with pytest.raises(SvgRefused):
        sanitize_svg(TRICKS[name])
    assert svg_problem(TRICKS[name])


INKSCAPE = f'''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape -->
<svg {NS} xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     width="20mm" height="10mm" viewBox="0 0 20 10" version="1.1" sodipodi:docname="d.svg">
  <sodipodi:namedview id="nv" inkscape:zoom="2"/>
  <metadata><rdf:RDF><rdf:Description/></rdf:RDF></metadata>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient>
    <style>.a {{ fill: url(#g); stroke: #000 }}</style></defs>
  <g inkscape:label="Lager 1" inkscape:groupmode="layer" transform="translate(1,1)">
    <rect class="a" x="0" y="0" width="5" height="5" fill="url(#g)" data-note="x"
          unknownthing="1"/>
    <text x="1" y="9" style="font-family: 'EB Garamond'; font-size: 3px">Sjön &amp; ån</text>
    <image href="data:image/svg+xml;base64,{b64(svg('<circle r="1"/>'))}" width="2" height="2"/>
  </g>
</svg>
'''


def test_an_editors_drawing_keeps_what_it_draws():
    clean = sanitize_svg(INKSCAPE.encode())
    text = clean.data.decode("utf-8")
    assert "sodipodi" not in text and "inkscape" not in text and "rdf" not in text
    assert "<!--" not in text and "unknownthing" not in text
    assert 'fill="url(#g)"' in text and "Sjön &amp; ån" in text and "translate(1,1)" in text
    assert clean.notes == ("the attribute unknownthing= is not used by bookgen and was left out",)
    root = etree.fromstring(clean.data)
    nested = root.find(".//{http://www.w3.org/2000/svg}image").get("href")
    assert nested.startswith("data:image/svg+xml;base64,")
    inner = base64.b64decode(nested.split(",", 1)[1])
    assert inner == sanitize_svg(inner).data  # the nested drawing went out as checked


def test_sanitising_is_stable():
    once = sanitize_svg(INKSCAPE.encode()).data
    assert sanitize_svg(once).data == once


def test_utf16_text_goes_out_as_utf8():
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + svg("<text>å</text>")).encode("utf-16")
    out = sanitize_svg(data).data
    assert out.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and "å".encode() in out


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _book(root: Path, files: dict) -> Path:
    base = {"book.toml": '[book]\ntitle = "Ritad"\nauthors = ["Anna"]\nlanguage = "sv"\n'
                         'date = "2020"\n',
            "content/01-a.md": "---\ntitle: Första\n---\n\nText.\n\n![En ritning](r.svg)\n"}
    for rel, data in {**base, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def test_what_goes_out_is_what_was_checked(tmp_path):
    from bookgen.api import build

    root = _book(tmp_path / "bok", {"content/r.svg": INKSCAPE})
    warnings = []
    paths = build(root, ["html", "epub"],
                  {"html": tmp_path / "o.html", "epub": tmp_path / "o.epub"},
                  on_warning=warnings.append)
    expected = sanitize_svg(INKSCAPE.encode()).data
    html = paths["html"].read_text(encoding="utf-8")
    assert f"data:image/svg+xml;base64,{base64.b64encode(expected).decode()}" in html
    with zipfile.ZipFile(paths["epub"]) as epub:
        svgs = [epub.read(n) for n in epub.namelist() if n.endswith(".svg")]
    assert expected in svgs
    assert any("unknownthing" in str(w) and "content/01-a.md:7" in str(w) for w in warnings)


def test_a_data_svg_in_a_stylesheet_is_sanitised_too(tmp_path):
    from bookgen.api import build
    from bookgen.errors import BookError

    css = f'body {{ background: url("data:image/svg+xml;base64,{b64(SCRIPTED)}"); }}\n'
    root = _book(tmp_path / "bok", {"content/r.svg": svg("<rect/>"), "styles/epub.css": css})
    with pytest.raises(BookError, match=r"styles/epub\.css:1: error: a data: SVG image "
                                        r"contains a <script>"):
        build(root, ["epub"], {"epub": tmp_path / "o.epub"})


def test_a_hostile_svg_stops_the_build_with_its_line(tmp_path):
    from bookgen.api import build
    from bookgen.errors import BookError

    root = _book(tmp_path / "bok", {"content/r.svg": TRICKS["nested-data-svg-base64"]})
    with pytest.raises(BookError, match=re.escape("content/01-a.md:7: error: image 'r.svg' has "
                                                  "a nested SVG image that contains a <script>")):
        build(root, ["html"], {"html": tmp_path / "o.html"})


def test_a_doctype_never_makes_the_parser_read_a_file(tmp_path):
    """libxml2 loads an external DTD under some lxml options: a FIFO named as the DTD (or as an
    external entity) would then block, /etc/passwd would be read. Run in a subprocess with a
    timeout, so a regression fails instead of hanging."""
    import os
    import subprocess
    import sys

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "dtd"
    os.mkfifo(fifo)
    documents = [f'<!DOCTYPE svg SYSTEM "{fifo.as_uri()}">' + svg(""),
                 f'<!DOCTYPE svg PUBLIC "x" "{fifo.as_uri()}">' + svg("<text>&a;</text>"),
                 f'<!DOCTYPE svg [<!ENTITY % p SYSTEM "{fifo.as_uri()}"> %p;]>' + svg(""),
                 f'<!DOCTYPE svg [<!ENTITY a SYSTEM "{fifo.as_uri()}">]>' + svg("&a;")]
    code = ("import sys; from bookgen.readers.svg import svg_problem\n"
            f"for d in {documents!r}: print(svg_problem(d.encode()))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "None", "uses an entity (&name;): bookgen reads plain SVG only",
        *["declares a DOCTYPE or entities: remove them (bookgen reads plain SVG only)"] * 2]


def test_a_bare_public_doctype_is_left_out():
    data = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + svg("<rect/>")).encode()
    out = sanitize_svg(data).data
    assert b"DOCTYPE" not in out and b"<rect/>" in out
