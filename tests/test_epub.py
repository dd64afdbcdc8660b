"""The EPUB writer: valid (EPUBCheck, Ace), complete metadata, reproducible, links that land."""

from __future__ import annotations

import io
import os
import shutil
import uuid
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
from lxml import etree
from PIL import Image

from bookgen.api import load_book
from bookgen.writers import new_context
from bookgen.errors import BookError
from bookgen.theme.folders import Theme
from bookgen.preflight.validators import ace_findings, run_ace, run_epubcheck
from bookgen.writers.epub import write_epub

REPO = Path(__file__).resolve().parents[1]
SMALL = REPO / "tests" / "roots" / "small-en"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def build(root: Path) -> tuple[bytes, BuildContext]:
    book = load_book(root)
    ctx = new_context(book, Theme(book.root))
    return write_epub(ctx), ctx


class Epub:
    """An EPUB opened for reading: its zip, OPF, and documents by manifest id."""

    def __init__(self, data: bytes, ctx: BuildContext):
        self.data, self.ctx, self.book = data, ctx, ctx.book
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.opf = etree.fromstring(self.zip.read("EPUB/content.opf"))
        self.items = {i.get("id"): i for i in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def read(self, href: str) -> bytes:
        return self.zip.read(f"EPUB/{href}")

    def xml(self, href: str):
        return etree.fromstring(self.read(href))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']",
                                                  NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]

    def spine(self) -> list[str]:
        return [i.get("idref") for i in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def xhtml_hrefs(self) -> list[str]:
        return [i.get("href") for i in self.items.values()
                if i.get("media-type") == "application/xhtml+xml"]


@pytest.fixture(scope="module")
def memoir() -> Epub:
    return Epub(*build(REPO))


@pytest.fixture(scope="module")
def small() -> Epub:
    return Epub(*build(SMALL))


@pytest.fixture(params=["memoir", "small"])
def epub(request) -> Epub:
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- validity


@pytest.mark.parametrize("name", ["memoir", "small"])
def test_epubcheck_finds_nothing(name, request, tmp_path):
    book = request.getfixturevalue(name)
    path = tmp_path / f"{name}.epub"
    path.write_bytes(book.data)
    findings = run_epubcheck(path, usage=True)
    if findings is None:
        pytest.skip("Java or the epubcheck package is not installed")
    assert findings == [], "\n".join(map(str, findings))


@pytest.mark.skipif(not os.environ.get("BOOKGEN_A11Y"),
                    reason="Ace is slow: run with BOOKGEN_A11Y=1 (make check-a11y)")
@pytest.mark.parametrize("name", ["memoir", "small"])
def test_ace_finds_no_violations(name, request, tmp_path):
    book = request.getfixturevalue(name)
    path = tmp_path / f"{name}.epub"
    path.write_bytes(book.data)
    findings = run_ace(path)
    if findings is None:
        pytest.skip("Ace is not installed (scripts/ace.sh install)")
    assert findings == [], "\n".join(map(str, findings))


def test_ace_findings_are_read_from_failed_assertions():
    report = {"assertions": [{"earl:testSubject": {"url": "a.xhtml"}, "assertions": [
        {"earl:result": {"earl:outcome": "fail", "dct:description": "no alt",
                         "earl:pointer": {"css": ["img"]}},
         "earl:test": {"earl:impact": "critical", "dct:title": "image-alt"}},
        {"earl:result": {"earl:outcome": "pass"}, "earl:test": {"dct:title": "ok"}}]}]}
    [finding] = ace_findings(report)
    assert (finding.id, finding.severity, finding.location) == ("image-alt", "critical",
                                                                "a.xhtml img")


# ---------------------------------------------------------------- package and metadata


def test_zip_starts_with_stored_mimetype_and_has_fixed_times(epub):
    infos = epub.zip.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED and not infos[0].extra
    assert epub.zip.read("mimetype") == b"application/epub+zip"
    stamp = epub.ctx.timestamp.timetuple()[:6]
    assert {i.date_time for i in infos} == {stamp}


def test_same_book_gives_identical_bytes():
    first, _ = build(SMALL)
    second, _ = build(SMALL)
    assert first == second


def test_metadata(epub):
    meta = epub.book.metadata
    assert epub.opf.get(XML_LANG) == meta.language
    assert epub.dc("title") == ([meta.title, meta.subtitle] if meta.subtitle else [meta.title])
    assert epub.dc("creator") == list(meta.authors)
    assert epub.dc("language") == [meta.language]
    assert epub.dc("date") == [meta.date]
    [identifier] = epub.dc("identifier")
    unique = epub.opf.get("unique-identifier")
    assert epub.opf.find(f"opf:metadata/dc:identifier[@id='{unique}']", NS).text == identifier
    assert epub.meta("dcterms:modified") == [epub.ctx.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert epub.dc("publisher") == ([meta.publisher] if meta.publisher else [])
    assert epub.dc("description") == ([meta.description] if meta.description else [])


def test_accessibility_metadata(epub):
    strings = epub.ctx.theme.strings(epub.book.metadata.language)
    assert set(epub.meta("schema:accessMode")) == {"textual", "visual"}
    assert epub.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
            "displayTransformability"} <= set(epub.meta("schema:accessibilityFeature"))
    assert epub.meta("schema:accessibilityHazard") == ["none"]
    assert epub.meta("schema:accessibilitySummary") == [strings["accessibility_summary"]]
    assert epub.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert epub.meta("a11y:certifiedBy")


def test_identifier_from_book_toml_or_stable_uuid(memoir, small):
    assert memoir.dc("identifier") == [memoir.book.metadata.identifier]
    meta = small.book.metadata
    assert not meta.identifier
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "bookgen:" + "\n".join([meta.title,
                                                                        *meta.authors]))
    assert small.dc("identifier") == [f"urn:uuid:{expected}"]


def test_spine_follows_the_book(epub):
    chapters = [f"chapter-{n:02d}" for n in range(1, len(epub.book.sections) + 1)]
    timeline = ["timeline"] if epub.book.events else []
    register = ["register"] if epub.book.register else []
    assert epub.spine() == ["cover", "title-page", "colophon", "nav", *chapters, *timeline,
                            *register]
    assert not epub.opf.findall("opf:spine/opf:itemref[@linear='no']", NS)
    for number, section in enumerate(epub.book.sections, 1):
        document = epub.xml(epub.items[f"chapter-{number:02d}"].get("href"))
        assert document.findtext(".//x:h1//x:span[@class='chapter-title-text']",
                                 namespaces=NS) == section.title


def test_cover_is_marked_both_ways_and_large(epub):
    [image] = [i for i in epub.items.values() if i.get("properties") == "cover-image"]
    cover_meta = epub.opf.find("opf:metadata/opf:meta[@name='cover']", NS)
    assert cover_meta.get("content") == image.get("id")
    with Image.open(io.BytesIO(epub.read(image.get("href")))) as picture:
        assert picture.format in ("JPEG", "PNG") and picture.height >= 1600
    page = epub.xml("cover.xhtml")
    svg = page.find(".//{http://www.w3.org/2000/svg}svg")
    picture = svg.find("{http://www.w3.org/2000/svg}image")
    assert picture.get("{http://www.w3.org/1999/xlink}href") == image.get("href")
    # a viewBox scaled to the screen at the picture's own proportions, never fixed pixels
    assert svg.get("viewBox") == f"0 0 {picture.get('width')} {picture.get('height')}"
    assert svg.get("preserveAspectRatio") == "xMidYMid meet" and svg.get("width") is None
    assert svg.get("role") == "img" and epub.book.metadata.title in svg.get("aria-label")
    assert "svg" in epub.items["cover"].get("properties").split()


def test_guide_names_the_cover_and_where_reading_starts(epub):
    """calibre (and so every Kindle file made with it) reads the EPUB 2 guide: without a cover
    reference it takes cover.xhtml for text and makes a second cover of its own."""
    guide = {r.get("type"): r.get("href") for r in epub.opf.iterfind("opf:guide/opf:reference",
                                                                    NS)}
    assert guide["cover"] == "cover.xhtml"
    assert guide["toc"].startswith("nav.xhtml")
    nav = epub.xml("nav.xhtml")
    [start] = [a.get("href") for a in nav.iterfind(".//x:nav//x:a", NS)
               if a.get(EPUB_TYPE) == "bodymatter"]
    assert guide["text"] == start


def test_subtitle_is_refined_as_a_subtitle(memoir):
    refines = {(m.get("refines"), m.get("property")): m.text
               for m in memoir.opf.iterfind("opf:metadata/opf:meta[@refines]", NS)}
    titles = {t.text: t.get("id") for t in memoir.opf.iterfind("opf:metadata/dc:title", NS)}
    main, sub = titles[memoir.book.metadata.title], titles[memoir.book.metadata.subtitle]
    assert refines[(f"#{main}", "title-type")] == "main"
    assert refines[(f"#{sub}", "title-type")] == "subtitle"


def test_the_colophon_never_prints_a_urn(memoir):
    colophon = memoir.read("colophon.xhtml").decode("utf-8")
    assert "urn:uuid" not in colophon and memoir.book.metadata.identifier not in colophon


def test_every_document_has_its_language(epub):
    lang = epub.book.metadata.language
    for href in epub.xhtml_hrefs():
        root = epub.xml(href)
        assert (root.get("lang"), root.get(XML_LANG)) == (lang, lang), href


def test_nav_has_toc_landmarks_and_ncx(epub):
    assert epub.items["nav"].get("properties") == "nav"
    nav = epub.xml("nav.xhtml")
    toc = nav.find(".//x:nav[@id='toc']", NS)
    assert toc.get(EPUB_TYPE) == "toc" and toc.get("role") == "doc-toc"
    titles = [a.text for a in toc.iterfind("x:ol/x:li/x:a", NS)]
    strings = epub.ctx.theme.strings(epub.book.metadata.language)
    assert titles == [s.title for s in epub.book.sections] + (
        [strings["timeline"]] if epub.book.events else []) + (
        [strings["register"]] if epub.book.register else [])
    landmarks = nav.find(".//x:nav[@id='landmarks']", NS)
    kinds = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iterfind(".//x:a", NS)}
    assert kinds == {"cover": "cover.xhtml", "toc": "nav.xhtml#toc",
                     "bodymatter": epub.items["chapter-01"].get("href")}
    spine = epub.opf.find("opf:spine", NS)
    ncx = etree.fromstring(epub.read(epub.items[spine.get("toc")].get("href")))
    assert len(ncx.findall("ncx:navMap/ncx:navPoint", NS)) == len(titles)


def test_semantics_and_heading_order(epub):
    for number in range(1, len(epub.book.sections) + 1):
        document = epub.xml(epub.items[f"chapter-{number:02d}"].get("href"))
        section = document.find(".//x:section", NS)
        assert (section.get(EPUB_TYPE), section.get("role")) == ("chapter", "doc-chapter")
        levels = [int(e.tag[-1]) for e in document.iter()
                  if isinstance(e.tag, str) and e.tag[-2:-1] == "h" and e.tag[-1].isdigit()]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    colophon = epub.xml("colophon.xhtml").find(".//x:section", NS)
    assert (colophon.get(EPUB_TYPE), colophon.get("role")) == ("colophon", "doc-colophon")
    title = epub.xml("title-page.xhtml").find(".//x:section", NS)
    assert title.get(EPUB_TYPE) == "titlepage"


def _targets(epub: Epub) -> dict[str, set[str]]:
    return {href: {e.get("id") for e in epub.xml(href).iter() if e.get("id")}
            for href in epub.xhtml_hrefs()}


def test_every_internal_link_lands(epub):
    ids, files = _targets(epub), set(epub.zip.namelist())
    for href in epub.xhtml_hrefs():
        for link in epub.xml(href).iter(f"{{{NS['x']}}}a"):
            target = urlsplit(link.get("href"))
            if target.scheme:
                continue
            path = target.path or href
            assert path in ids, (href, link.get("href"))
            assert not target.fragment or target.fragment in ids[path], (href, link.get("href"))
        for image in epub.xml(href).iter(f"{{{NS['x']}}}img"):
            assert f"EPUB/{image.get('src')}" in files and image.get("alt"), href


def test_small_book_links_and_figure(small):
    harbour = small.read(small.items["chapter-02"].get("href")).decode().replace("\u00ad", "")
    assert 'href="01-arrival.xhtml#arrival-the-house"' in harbour
    assert ('<figcaption><span class="caption">The boat on its first morning</span>'
            "</figcaption>") in harbour
    arrival = small.xml(small.items["chapter-01"].get("href"))
    assert arrival.find(".//x:h2", NS).text == "The house"  # '# The house' is one level down
    assert arrival.find(".//x:blockquote", NS) is not None
    assert len(arrival.findall(".//x:ul/x:li", NS)) == 3


def test_images_are_packed_once(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(SMALL, root)
    leaving = root / "content" / "03-leaving.md"
    leaving.write_text(leaving.read_text(encoding="utf-8")
                       + "\n![The boat again](images/boat.png)\n\n"
                         "![And again](./images/../images/boat.png)\n", encoding="utf-8")
    epub = Epub(*build(root))
    images = [n for n in epub.zip.namelist() if n.startswith("EPUB/images/")
              and "cover" not in n]
    assert images == ["EPUB/images/01-boat.png"]
    from PIL import Image, ImageChops

    packed = Image.open(io.BytesIO(epub.read("images/01-boat.png")))
    original = Image.open(SMALL / "content/images/boat.png")
    assert packed.size == original.size  # re-encoded from the decoded pixels, not copied
    assert ImageChops.difference(packed.convert("RGB"), original.convert("RGB")).getbbox() is None


def test_timeline_links_events_to_their_passages(epub):
    if not epub.book.events:
        pytest.skip("no events")
    item = epub.items["timeline"]
    assert "svg" in (item.get("properties") or "").split()
    timeline = epub.xml(item.get("href"))
    section = timeline.find(".//x:section", NS)
    assert (section.get(EPUB_TYPE), section.get("role")) == ("appendix", "doc-appendix")
    ids = _targets(epub)
    anchored = [e for e in epub.book.events if e.anchor]
    links = [a.get("href") for a in timeline.iterfind(".//x:a[@class='timeline-ref']", NS)]
    assert len(links) == len(anchored)
    for href in links:
        path, fragment = href.split("#")
        assert fragment in ids[path] and fragment.startswith("ev-")
        assert f"tl-{fragment}" in ids[item.get("href")]  # the way back from the passage


def test_chapters_with_events_link_back_to_the_timeline(memoir):
    with_events = {e.section_id for e in memoir.book.events if e.anchor}
    assert with_events
    for number, section in enumerate(memoir.book.sections, 1):
        document = memoir.xml(memoir.items[f"chapter-{number:02d}"].get("href"))
        back = document.find(".//x:p[@class='back-link']/x:a", NS)
        assert (back is not None) == (section.id in with_events)
        if back is not None:
            assert back.get("href").startswith("timeline.xhtml#tl-ev-")


def test_memoir_is_small(memoir):
    assert len(memoir.data) < 500_000


def test_stylesheet_is_for_reflowable_reading(memoir):
    css = memoir.read("styles/epub.css").decode()
    assert "@font-face" not in css and "@page" not in css
    assert "hyphens: auto" in css and "-epub-hyphens: auto" in css
    assert not any(unit in css for unit in ("px;", "pt;", "mm;"))


# ---------------------------------------------------------------- the author's cover


def _book_with_cover(tmp_path: Path, cover: str) -> Path:
    root = tmp_path / "book"
    shutil.copytree(SMALL, root)
    with (root / "book.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[epub]\ncover = "{cover}"\n')
    return root


def test_author_cover_is_packed_as_it_is(tmp_path):
    root = _book_with_cover(tmp_path, "art/cover.png")
    (root / "art").mkdir()
    Image.new("RGB", (400, 600), "#335").save(root / "art" / "cover.png")
    epub = Epub(*build(root))
    [image] = [i for i in epub.items.values() if i.get("properties") == "cover-image"]
    assert (image.get("href"), image.get("media-type")) == ("images/cover.png", "image/png")
    assert epub.read("images/cover.png") == (root / "art" / "cover.png").read_bytes()


def test_author_cover_outside_the_book_is_refused(tmp_path):
    Image.new("RGB", (40, 60)).save(tmp_path / "outside.png")
    root = _book_with_cover(tmp_path, "../outside.png")
    with pytest.raises(BookError, match="outside the book"):
        build(root)


def test_chapter_files_are_named_in_order(small):
    names = [PurePosixPath(small.items[f"chapter-{n:02d}"].get("href")).stem for n in (1, 2, 3)]
    assert names == ["01-arrival", "02-harbour", "03-leaving"]
