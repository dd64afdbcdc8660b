"""The register as text for ``bookgen index``: an aligned table, JSON or CSV.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) get a leading apostrophe, as OWASP's advice on CSV injection says.
"""

from __future__ import annotations

import csv
import io
import json

from bookgen.model import RegisterEntry

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _entry(entry: RegisterEntry) -> dict:
    return {"name": entry.name, "kind": entry.kind,
            "mentions": [{"section": m.section_id, "source": str(m.source), "text": m.text}
                         for m in entry.mentions]}


def as_json(register) -> str:
    return json.dumps([_entry(e) for e in register], ensure_ascii=False, indent=2) + "\n"


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def as_csv(register) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("name", "kind", "section", "source", "text"))
    for entry in register:
        for mention in entry.mentions:
            writer.writerow([_cell(v) for v in (entry.name, entry.kind, mention.section_id,
                                                str(mention.source), mention.text)])
    return buffer.getvalue()


def as_table(register, width: int = 100) -> str:
    """One line per entry: the name as the register prints it, its kind, where it is named."""
    if not register:
        return ""
    w_name = max(len(e.sort_as) for e in register)
    w_kind = max(len(e.kind) for e in register)
    lines = []
    for entry in register:
        places = ", ".join(str(m.source) for m in entry.mentions)
        room = max(width - w_name - w_kind - 4, 20)
        places = places if len(places) <= room else places[: room - 1] + "…"
        lines.append(f"{entry.sort_as:<{w_name}}  {entry.kind:<{w_kind}}  {places}")
    return "\n".join(lines) + "\n"


FORMATS = {"table": as_table, "json": as_json, "csv": as_csv}
