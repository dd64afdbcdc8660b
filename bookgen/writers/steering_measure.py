"""Widths of text as WeasyPrint sets it, for the line breaker (``steering``): WeasyPrint's own
Pango layout, the same font, shaping, word and letter spacing.
"""

from __future__ import annotations

from bookgen.preflight.lines import letter_spacing_of, text_boxes, word_spacing_of
from bookgen.writers import linebreak as kp

__all__ = ["Measure", "steered_style", "text_boxes", "word_spacing_of", "letter_spacing_of"]

NBSP = "\u00a0"
#: How far a steered paragraph's spaces may close (em): its CSS ``word-spacing``. WeasyPrint only
#: widens spaces, so a narrower natural space is how a line gets TeX's shrink: a third of the
#: font's space, as TeX gives a font's space (EB Garamond's 0.2 em closes to 0.133 em).
SHRINK_EM = 0.2 / 3


class Measure:
    """Widths of text in a style, with WeasyPrint's own Pango layout (cached)."""

    def __init__(self):
        self.layouts: dict = {}
        self.widths: dict = {}
        self.spaces: dict = {}
        self.keys: dict[int, tuple] = {}  # id(style) → (style, its key): styles are shared

    def key(self, style) -> tuple:
        found = self.keys.get(id(style))
        if found is None or found[0] is not style:
            found = self.keys[id(style)] = (style, self._key(style))
        return found[1]

    @staticmethod
    def _key(style) -> tuple:
        return tuple(repr(style[name]) for name in (
            "font_family", "font_size", "font_style", "font_weight", "font_stretch",
            "font_variant_caps", "font_variant_numeric", "font_variant_ligatures",
            "font_kerning", "font_feature_settings", "letter_spacing", "word_spacing", "lang"))

    def width(self, style, text: str) -> float:
        """The width of ``text``, which has no spaces (a layout is reused only for those: a
        text with spaces leaves WeasyPrint's word-spacing attributes on the layout)."""
        if not text:
            return 0.0
        key = (self.key(style), text)
        if key not in self.widths:
            from weasyprint.text.line_break import Layout, line_size

            spaced = " " in text or NBSP in text
            layout = Layout(style) if spaced else self._layout(style, key[0])
            layout.set_text(text)
            self.widths[key] = line_size(layout.get_first_line()[0], style)[0]
        return self.widths[key]

    def _layout(self, style, key):
        if key not in self.layouts:
            from weasyprint.text.line_break import Layout

            self.layouts[key] = Layout(style)
        return self.layouts[key]

    def space(self, style) -> float:
        """The font's own space (without ``word-spacing``)."""
        key = self.key(style)
        if key not in self.spaces:
            self.spaces[key] = (self.width(style, "n n") - self.width(style, "nn")
                                - word_spacing_of(style))
        return self.spaces[key]

    def glue(self, style) -> kp.Item:
        """A space that ideally is the font's space, may shrink to the steered paragraph's
        no-break space (:data:`SHRINK_EM` narrower: the narrowest WeasyPrint sets) and
        stretches by half a space per unit of ratio, as TeX's."""
        space = self.space(style)
        key = (self.key(style), "shrunk")
        if key not in self.spaces:
            shrunk = steered_style(style)
            self.spaces[key] = self.width(shrunk, "n\u00a0n") - self.width(shrunk, "nn")
        return kp.glue(space, space / 2, max(0.0, space - self.spaces[key]))

    def line_ratio(self, line) -> float:
        texts = [t for t in text_boxes(line) if " " in t.text or NBSP in t.text]
        if not texts:
            return 0.0
        style = texts[0].style
        extra = max(t.justification_spacing for t in texts)
        space = self.space(style)
        # as bookgen.preflight.lines measures it: letter spacing counts twice in a word space
        return (space + word_spacing_of(style) + 2 * letter_spacing_of(style) + extra) / space


def steered_style(style):
    """``style`` as a steered paragraph has it: the word space :data:`SHRINK_EM` narrower."""
    shrunk = style.copy()
    shrunk["word_spacing"] = word_spacing_of(style) - SHRINK_EM * style["font_size"]
    return shrunk
