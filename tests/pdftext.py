"""Text of a PDF's pages, read inside the text area only (without running heads and folios)."""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4


def body_text(pdf: Path, top_mm: float = 19.0, bottom_mm: float = 21.0) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    pages = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage().get_text_bounded(0, bottom_mm * MM, width, height - top_mm * MM)
        pages.append(text)
    document.close()
    return "\n".join(pages)


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return texts
