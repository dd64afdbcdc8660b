"""The PDF writer: WeasyPrint lays out the HTML writer's document as a tagged PDF/UA book.

WeasyPrint is imported here only, so commands that make no PDF start fast. What WeasyPrint says
is turned into the build's problems: a refused URL is an error naming where it was written, a
rejected CSS declaration a warning at the stylesheet's own line (the sheet sits in the HTML's
<style> element after a few generated lines, so WeasyPrint's line numbers are shifted back).

The bytes depend on the input only: the document identifier is a hash of the HTML, the dates
come from the build's timestamp (``SOURCE_DATE_EPOCH``, else the build's day), the
book folder is given to WeasyPrint under a fixed URL, and font subset tags are derived by
WeasyPrint from the font description (no clock, no random, no path).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import re
from datetime import datetime

from bookgen.theme import fonts
from bookgen.writers import pdfx
from bookgen.writers.context import BuildContext
from bookgen.errors import Problem
from bookgen.theme.fetch import BOOK_BASE, BookFetcher
from bookgen.model import SourceRef
from bookgen.theme.folders import builtin_dir
from bookgen.readers.files import MAX_TEXT_BYTES
from bookgen.util.gate import read_file, walk_files
from bookgen.writers import steering
from bookgen.writers.weasyprint_fixes import line_breaking_fixed

STYLESHEET = "book.css"
_AT_LINE = re.compile(r"\bat (\d+):(\d+)")
_DATA_URL = re.compile(r"data:[^\s'\")]{40,}")


class _CollectWarnings(logging.Handler):
    """Keeps what WeasyPrint warns about (rejected CSS, refused URLs) for the build's report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_document(ctx: BuildContext):
    """Lay out the book; the PDF and the booklet share the result. Notes WeasyPrint would set
    on the wrong page are moved after their paragraphs (``pdf_notes``), and figures that left a
    page half empty are moved later in the text (``figure_flow``), chapter by chapter
    (``chapter_fixes``); then the book is laid out again."""
    from weasyprint.logger import LOGGER

    from bookgen.writers.pictures import image_store

    source, images = _print_html(ctx)
    ctx.errors_so_far()
    fetcher = BookFetcher(ctx.book.root, [builtin_dir("styles"), *fonts.font_dirs()], images)
    handler = _CollectWarnings()
    LOGGER.addHandler(handler)
    try:
        layouts = _Layouts(ctx, fetcher, handler, image_store(ctx).cache)
        document = _fixed_layout(ctx, layouts)
        if ctx.book.register:
            document = _with_merged_register(ctx, document, layouts)
        if layouts.memo is not None:
            layouts.memo.save()
    finally:
        LOGGER.removeHandler(handler)
    _report(ctx, fetcher, handler.messages)
    stamp = ctx.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = document.metadata.created or stamp
    document.metadata.modified = stamp
    return document


def _fixed_layout(ctx: BuildContext, layouts: _Layouts):
    """The book laid out once, with its notes and figures set right and its line breaks
    decided: first every chapter not remembered from an earlier build is laid out alone and
    mended (``chapter_fixes``, on two cores: ``pdf_jobs``)."""
    from bookgen.writers.chapter_fixes import ChapterFixes, ChapterMemo
    from bookgen.writers.pdf_jobs import run_jobs

    store, source = layouts.store, _print_html(ctx)[0]
    memo = ChapterMemo(lambda book: layouts.html_of(book, alone=True), store) if store else None
    fixes = ChapterFixes(ctx.book, layouts.of, memo)
    run_jobs(fixes, layouts.steering_memo(source), fixes.pending(), layouts.release_styles)
    gc.collect()  # WeasyPrint's boxes hold cycles, and old ones are collected rarely
    book, notes = fixes.current()
    document, _ = layouts.lay_out(source) if book is ctx.book else layouts.of(book, notes)
    ctx.problems.extend(fixes.warnings())
    return document


class _Layouts:
    """WeasyPrint layouts of versions of the book, sharing the fetcher and decoded images."""

    def __init__(self, ctx: BuildContext, fetcher: BookFetcher, handler: _CollectWarnings,
                 store=None):
        self.ctx, self.fetcher, self.handler = ctx, fetcher, handler
        self.decoded: dict = {}  # WeasyPrint's images, decoded once for every layout
        self.store = store  # the book's JSON cache in dist/, or None
        self.memo: steering.SteeringMemo | None = None  # see steering_memo()
        self.styles: tuple | None = None  # see _stylesheets

    def steering_memo(self, source: bytes) -> steering.SteeringMemo:
        """The line-breaking decisions of this stylesheet (every version of the book laid out
        in a build has the same one), fonts and code."""
        if self.memo is None:
            import pyphen
            import weasyprint

            book = self.ctx.book
            css = fonts.font_face_css(book.metadata.typeface) + \
                (pdfx.interior_css(book) if book.metadata.pdf.print_marks else "")

            start, end = source.find(b"<style>"), source.find(b"</style>")
            context = hashlib.sha256(source[start:end] + css.encode())
            context.update(f"{weasyprint.__version__} {pyphen.__version__} "
                           f"{steering.code_fingerprint()}".encode())
            self.memo = steering.SteeringMemo(context.hexdigest(), self.store)
        return self.memo

    def lay_out(self, source: bytes):
        from weasyprint import HTML

        self.handler.messages.clear()  # the last layout's warnings are the PDF's
        html = HTML(string=source.decode("utf-8"), url_fetcher=self.fetcher, base_url=BOOK_BASE)
        book = self.ctx.book
        font_config, font_css, print_css, profiles = self._stylesheets()

        def render():
            return html.render(stylesheets=[font_css, *print_css], font_config=font_config,
                               color_profiles=profiles, cache=self.decoded)

        with line_breaking_fixed():
            if book.metadata.pdf.line_breaking == "first-fit":
                return render(), html.etree_element
            document = steering.steer(render, html.etree_element, self.steering_memo(source))[0]
        return document, html.etree_element

    def _stylesheets(self) -> tuple:
        """The fonts and the print stylesheet, made once for every layout of the build (and
        once per worker): loading the @font-face fonts into a FontConfiguration is a tenth
        of a second that each layout of a chapter or of the register paid again."""
        if self.styles is None:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            book = self.ctx.book
            font_config = FontConfiguration()
            font_css = CSS(string=fonts.font_face_css(book.metadata.typeface),
                           url_fetcher=self.fetcher, font_config=font_config)
            profiles: dict = {}
            print_css = [CSS(string=pdfx.interior_css(book), url_fetcher=self.fetcher,
                             color_profiles=profiles)] if book.metadata.pdf.print_marks else []
            self.styles = (font_config, font_css, print_css, profiles)
        return self.styles

    def release_styles(self) -> None:
        self.styles = None

    def html_of(self, book, block_notes: frozenset[str] = frozenset(),
                alone: bool = False) -> bytes:
        from bookgen.writers.html import print_html

        made, more = print_html(self.ctx, book, block_notes, alone)
        self.fetcher.served.update(more)
        return made

    def of(self, book, block_notes: frozenset[str] = frozenset(), alone: bool = False):
        return self.lay_out(self.html_of(book, block_notes, alone))


def print_document_html(ctx: BuildContext) -> tuple[bytes, dict[str, tuple[bytes, str]]]:
    """The HTML WeasyPrint lays out and the images it names, made once per build."""
    from bookgen.writers.html import print_html

    return ctx.shared("print-html", print_html)


_print_html = print_document_html


def _with_merged_register(ctx: BuildContext, document, layouts: _Layouts):
    """The register set again with its pages merged into ranges ("12–14").

    WeasyPrint cannot merge target-counter() values, so the first layout prints one page number
    per mention. The register comes last, so its own pages move no mention: the pages each
    mention landed on are read from that layout (found in its lines: ``register_pages``; the
    mentions the ranges link to are made anchors of their pages), the register alone is laid
    out again with the ranges written out (its first page numbered as before, links by name to
    the mentions), and its pages replace the first layout's. Costs the register's pages only.
    """
    from bookgen.writers.html import render_html
    from bookgen.writers.register import linked_anchors
    from bookgen.writers.register_pages import add_anchors, place_mentions

    first = first_body_id(ctx.book)  # the page whose folio is 1
    start = next((i for i, page in enumerate(document.pages)
                  if first and first in page.anchors), 0)
    register_at = next((i for i, page in enumerate(document.pages)
                        if any(a.startswith("register-") for a in page.anchors)), None)
    if register_at is None:
        return document
    placed = place_mentions(document, ctx.book)
    pages = {anchor: index - start + 1 for anchor, (index, _) in placed.items()
             if index < register_at}
    add_anchors(document, placed, linked_anchors(ctx.book, pages))
    html = render_html(ctx.book, ctx.theme, pages=pages, first_folio=register_at - start + 1)
    again, _ = layouts.lay_out(html.encode("utf-8"))
    return document.copy(document.pages[:register_at] + again.pages)


def _report(ctx: BuildContext, fetcher: BookFetcher, messages: list[str]) -> None:
    html = _print_html(ctx)[0].decode("utf-8")
    for url, why in fetcher.refused:
        ctx.problems.append(Problem(f"refused to read '{_short(url)}': {why}",
                                    _written_at(ctx, url), "error"))
    rel, offset = _stylesheet_offset(ctx, html)
    for message in dict.fromkeys(messages):  # the book may be laid out more than once
        if message.startswith(("Failed to load", "Error fetching")) and fetcher.refused:
            continue  # reported above, with the place it was written
        ctx.problems.append(_css_warning(message, rel, offset))


def _css_warning(message: str, rel: str, offset: int | None) -> Problem:
    """A WeasyPrint warning; one about the <style> element points into the stylesheet."""
    match = _AT_LINE.search(message)
    message = _DATA_URL.sub(lambda m: m.group(0)[:40] + "…", message)
    if match is None or offset is None or int(match.group(1)) <= offset:
        return Problem(f"WeasyPrint: {message}", None, "warning")
    line = int(match.group(1)) - offset
    text = _AT_LINE.sub(f"at {line}:{match.group(2)}", message, count=1)
    return Problem(f"CSS: {text}", SourceRef(rel, line), "warning")


def _stylesheet_offset(ctx: BuildContext, html: str) -> tuple[str, int | None]:
    """The stylesheet's path, and how many lines of the <style> element come before it."""
    rel, css = ctx.theme.style_source(STYLESHEET)
    start = html.find("<style>")
    end = html.find("</style>", start)
    at = html.find(css.replace("</", "<\\/"), start, end) if start >= 0 and css else -1
    if at < 0:
        return rel, None
    return rel, html.count("\n", start + len("<style>"), at)


def _written_at(ctx: BuildContext, url: str) -> SourceRef | None:
    """Where a refused URL is written: the stylesheet or one of the book's own templates."""
    rel, css = ctx.theme.style_source(STYLESHEET)
    needles = (url, url.removeprefix(BOOK_BASE), url.rstrip("/").rsplit("/", 1)[-1])
    candidates = [(rel, css)]
    for path in walk_files(ctx.book.root / "templates", ctx.book.root):
        if path.suffix == ".j2":
            with contextlib.suppress(OSError):
                text = read_file(path, ctx.book.root, MAX_TEXT_BYTES).decode("utf-8", "replace")
                candidates.append((path.relative_to(ctx.book.root).as_posix(), text))
    for needle in filter(None, needles):
        for name, text in candidates:
            index = text.find(needle)
            if index >= 0:
                return SourceRef(name, text.count("\n", 0, index) + 1)
    return None


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."


def write_pdf(ctx: BuildContext) -> bytes:
    document = ctx.shared("document", render_document)
    identifier = hashlib.sha256(_print_html(ctx)[0]).hexdigest()[:32].encode("ascii")
    first = first_body_id(ctx.book)
    from bookgen.writers.pdf_speed import faster_pdf_writing

    def finish(doc, pdf) -> None:
        _page_labels(doc, pdf, first)
        faster.serialising()

    with _font_timestamps(ctx.timestamp), faster_pdf_writing() as faster:
        if ctx.book.metadata.pdf.print_marks:  # the print shop's edition: PDF/X-4, still tagged
            return pdfx.write_pdfx(document, identifier, tagged=True, finisher=finish)
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier,
                                  uncompressed_pdf=False, finisher=finish)


def first_body_id(book) -> str | None:
    """The id on the page that is folio 1: the first part's title page, or the first section of
    the body (a prologue, the first chapter)."""
    section = next((s for s in book.sections if s.matter == "body"), None)
    if section is None:
        return None
    part = book.part_of(section.id)
    return part.id if part and part.sections[0] == section.id else section.id


def _page_labels(document, pdf, first_chapter: str | None) -> None:
    """Page labels as the folios print them: the front matter i, ii, iii …, the first chapter
    1 onwards, so a reader's "go to page 7" lands on the page that says 7."""
    import pydyf

    start = next((i for i, page in enumerate(document.pages)
                  if first_chapter and first_chapter in page.anchors), None)
    if not start:
        return
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([
        0, pydyf.Dictionary({"S": "/r"}), start, pydyf.Dictionary({"S": "/D"})])})


@contextlib.contextmanager
def _font_timestamps(when: datetime):
    """fontTools stamps every font it saves (WeasyPrint instantiates the variable fonts with
    it) with ``SOURCE_DATE_EPOCH`` or else the clock: give it the build's timestamp."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
