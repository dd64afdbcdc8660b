"""The timeline: dates found in the prose (per language), EDTF helpers, SVG and table output.

Public entry points:

* :func:`find_dates` — the date mentions of one sentence, given the context before it;
* :func:`split_sentences` — sentence spans of a paragraph's text;
* :mod:`bookgen.transforms.timeline.edtf` — ``is_valid``, ``sort_key``, ``format_date``;
* :func:`bookgen.transforms.timeline.svg.timeline_svg` and :mod:`bookgen.transforms.timeline.output`.

The transform that fills ``Book.events`` is :func:`bookgen.transforms.timeline.extract.extract_timeline`.
"""

from __future__ import annotations

from bookgen.transforms.timeline.edtf import format_date, is_valid, sort_key
from bookgen.transforms.timeline.rules import Context, Found, language_for, languages
from bookgen.transforms.timeline.rules import find_dates as _find_dates
from bookgen.transforms.timeline.sentences import split_sentences


def find_dates(sentence: str, language: str = "sv", context: Context | None = None) -> list[Found]:
    """The date mentions of one sentence (empty for a language without rules)."""
    rules = language_for(language)
    if rules is None:
        return []
    return _find_dates(sentence, rules, context or Context())[0]


__all__ = [
    "Context", "Found", "find_dates", "format_date", "is_valid", "language_for", "languages",
    "sort_key", "split_sentences",
]
