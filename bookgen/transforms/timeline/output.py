"""The timeline as text for ``bookgen timeline``: an aligned table, JSON or CSV.

Each function takes the book's events (already sorted) and returns a string; a CLI only has to
pick one from :data:`FORMATS` and print it.
"""

from __future__ import annotations

import csv
import io
import json

from bookgen.model import Event
from bookgen.transforms.timeline.edtf import format_date
from bookgen.util.text import json_visible, visible

COLUMNS = ("date", "when", "guessed", "in_appendix", "rank", "section", "source", "anchor",
           "phrase", "text")


def _row(event: Event, language: str) -> dict:
    return {
        "date": event.date,
        "when": format_date(event.date, language),
        "guessed": event.guessed,
        "in_appendix": event.in_appendix,
        "rank": event.rank,
        "section": event.section_id,
        "source": str(event.source),
        "anchor": event.anchor,
        "phrase": event.phrase,
        "text": event.text,
    }


def as_json(events, language: str = "sv") -> str:
    """JSON with every control character as a ``\\u`` escape (json leaves C1 controls and the
    bidirectional overrides raw): the same strings to a program, nothing raw to a terminal."""
    text = json.dumps([_row(e, language) for e in events], ensure_ascii=False, indent=2)
    return json_visible(text) + "\n"


#: What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection"), with the
#: full-width forms some spreadsheets read the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d",
                  "\uff20")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading ``'``
    (OWASP's advice; every cell is also quoted), control characters are written visibly."""
    text = visible(str(value))
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def as_csv(events, language: str = "sv") -> str:
    buffer = io.StringIO()
    buffer.write(",".join(COLUMNS) + "\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n",
                            quoting=csv.QUOTE_ALL)
    for event in events:
        writer.writerow({k: csv_cell(v) for k, v in _row(event, language).items()})
    return buffer.getvalue()


def as_table(events, language: str = "sv", width: int = 100) -> str:
    """One line per event: date, a mark (``?`` a guess, ``-`` not in the printed appendix),
    ``path:line`` and the sentence cut to fit."""
    rows = [(format_date(e.date, language), _mark(e), visible(str(e.source)),
             visible(" ".join(e.text.split()))) for e in events]
    if not rows:
        return ""
    w_date = max(len(r[0]) for r in rows)
    w_source = max(len(r[2]) for r in rows)
    room = max(width - w_date - w_source - 6, 20)
    lines = [f"{d:<{w_date}} {g} {s:<{w_source}}  {t if len(t) <= room else t[: room - 1] + '…'}"
             for d, g, s, t in rows]
    return "\n".join(lines) + "\n"


def _mark(event: Event) -> str:
    return "?" if event.guessed else " " if event.in_appendix else "-"


FORMATS = {"table": as_table, "json": as_json, "csv": as_csv}
