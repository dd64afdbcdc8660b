"""The PDF writer: WeasyPrint lays out the HTML writer's document as a tagged PDF/UA book.

WeasyPrint is imported here only, so commands that make no PDF start fast.
"""

from __future__ import annotations

import hashlib
import logging

from bookgen import fonts
from bookgen.build import BuildContext
from bookgen.errors import Problem
from bookgen.fetch import BookFetcher
from bookgen.model import SourceRef
from bookgen.theme import builtin_dir


class _CollectWarnings(logging.Handler):
    """Keeps what WeasyPrint warns about (rejected CSS, refused URLs) for the build's report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_document(ctx: BuildContext):
    """Lay out the book once; the PDF and the booklet share the result."""
    from weasyprint import CSS, HTML
    from weasyprint.logger import LOGGER
    from weasyprint.text.fonts import FontConfiguration

    book = ctx.book
    fetcher = BookFetcher([book.root, builtin_dir("styles"), *fonts.font_dirs()])
    handler = _CollectWarnings()
    LOGGER.addHandler(handler)
    try:
        html = HTML(string=ctx.output("html").decode("utf-8"), url_fetcher=fetcher,
                    base_url=book.root.as_uri() + "/")
        font_config = FontConfiguration()
        font_css = CSS(string=fonts.font_face_css(book.metadata.typeface), url_fetcher=fetcher,
                       font_config=font_config)
        document = html.render(stylesheets=[font_css], font_config=font_config)
    finally:
        LOGGER.removeHandler(handler)
    _report(ctx, fetcher, handler.messages)
    stamp = ctx.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = document.metadata.created or stamp
    document.metadata.modified = stamp
    return document


def _report(ctx: BuildContext, fetcher: BookFetcher, messages: list[str]) -> None:
    for url in fetcher.refused:
        ctx.problems.append(Problem(f"refused to read {url}: rendering reads only files "
                                    "inside the book folder", SourceRef("styles"), "error"))
    for message in messages:
        if not message.startswith(("Failed to load", "Error fetching")):
            ctx.problems.append(Problem(f"WeasyPrint: {message}", None, "warning"))


def write_pdf(ctx: BuildContext) -> bytes:
    document = ctx.shared("document", render_document)
    identifier = hashlib.sha256(ctx.output("html")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier,
                              uncompressed_pdf=False)
