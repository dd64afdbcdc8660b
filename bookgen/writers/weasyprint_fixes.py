"""A fix for a WeasyPrint line-breaking fault, applied while bookgen lays out a book.

The fault (WeasyPrint 66 to 70 at least, ``weasyprint.text.line_break.split_first_line``): a
text box that ends in a collapsible space and is followed by an inline element (an anchor
``<span id>``, ``<em>``, a link) is measured *with* its trailing space when WeasyPrint checks
whether it fits (step 2 of ``split_first_line``). When the text fits only without that space,
the function takes the text for too wide to break anywhere, and hyphenates its *first* word
instead: the line holds one word part ("munstyrel-") and the paragraph goes on flush left on
the next line. A trailing collapsible space hangs at the end of a line (CSS Text 3, 4.1.3); it
never makes text too wide.

:func:`split_first_line` wraps WeasyPrint's function: when the first answer broke the text
although the text without its trailing spaces fits the width, it answers as WeasyPrint does for
text that fits (the whole text on the line, its trailing space left to hang and be removed at
the line's end). Everything else is WeasyPrint's own answer. The wrapper is installed only for
the WeasyPrint versions it was checked against (:data:`CHECKED`); the tests lay out the same
paragraph with and without an anchor and require the same lines, and check that the fault is
still there without the fix, so a WeasyPrint that fixes it is noticed.

Upstream report, in short: "split_first_line: text ending with a collapsible space that fits
without it is hyphenated at its first word when an inline box follows (step 2 compares
first_line_width including the trailing space with max_width)".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

#: The WeasyPrint major versions the fix was checked against.
CHECKED = ("66", "67", "68", "69", "70")


def _fits_without_trailing_space(text, style, context, max_width, justification_spacing) -> bool:
    from weasyprint.text.line_break import create_layout, line_size

    stripped = text.rstrip(" ")
    if not stripped or stripped == text:
        return False
    layout = create_layout(stripped, style, context, max_width, justification_spacing)
    first_line, resume_index = layout.get_first_line()
    fits = resume_index is None and line_size(first_line, style)[0] <= max_width
    layout.deactivate()
    return fits


def _pango_overshoot(text, style, context, max_width, justification_spacing) -> float:
    """How far Pango's own first line of ``text`` is wider than ``max_width`` (0 if it fits).

    With a ``word-spacing`` (WeasyPrint sets it as letter spacing on each space, doubled on a
    text's first and last character) Pango wraps a line that is too wide by a fraction of a
    pixel; WeasyPrint then takes the text for one that cannot break before its first word."""
    from weasyprint.text.line_break import create_layout, line_size

    sample = text[:int(max_width / max(style["font_size"], 1) * 4) + 40]
    layout = create_layout(sample, style, context, max_width, justification_spacing)
    first_line, resume_index = layout.get_first_line()
    width = line_size(first_line, style)[0]
    layout.deactivate()
    return width - max_width if resume_index is not None and width > max_width else 0.0


def fixed(original):
    """``original`` (WeasyPrint's ``split_first_line``) with the trailing-space faults fixed."""

    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        result = original(text, style, context, max_width, justification_spacing,
                          is_line_start, minimum)
        if (result[2] is None or max_width is None
                or style["white_space"] not in ("normal", "nowrap", "pre-line")):
            return result
        if text.endswith(" ") and _fits_without_trailing_space(
                text, style, context, max_width, justification_spacing):
            # As WeasyPrint answers for text that fits: the whole text, laid out without a width.
            return original(text, style, context, None, justification_spacing,
                            is_line_start, minimum)
        if not max_width - 3 * style["font_size"] <= result[3] <= max_width:
            # a short line (cut early?) or one too wide (taken for unbreakable?)
            over = _pango_overshoot(text, style, context, max_width, justification_spacing)
            if 0 < over < style["font_size"]:
                again = original(text, style, context, max_width - 2 * over - 0.5,
                                 justification_spacing, is_line_start, minimum)
                if again[3] <= max_width and again[1] > result[1]:
                    return again
        return result

    split_first_line.bookgen_fixed = True
    return split_first_line


def applies() -> bool:
    import weasyprint

    return weasyprint.__version__.split(".")[0] in CHECKED


@contextlib.contextmanager
def line_breaking_fixed() -> Iterator[None]:
    """WeasyPrint's inline layout uses the fixed ``split_first_line`` inside this block."""
    from weasyprint.layout import inline

    before = inline.split_first_line
    if not applies() or getattr(before, "bookgen_fixed", False):
        yield
        return
    inline.split_first_line = fixed(before)
    try:
        yield
    finally:
        inline.split_first_line = before
