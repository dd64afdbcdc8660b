"""Which .docx library keeps most of a manuscript: mammoth, python-docx or docx2python.

    .venv/bin/python bench/docx_readers.py

Three files: one made with python-docx on Word's default template (the import tests' file:
Title, headings, italics and bold, Quote / Intense Quote / a custom style based on Quote, bullet
and numbered lists, a footnote and an endnote, a picture with its description and caption, a
hard line break, a table), and the Pandoc- and LibreOffice-written fixtures. For each library,
each thing is "kept" when what the library gives back holds it in a form an importer can use
without reading the XML itself. The table goes to stdout (it is in the README).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

FEATURES = {
    "italic": ("mormor", "em"), "bold": ("tåget", "strong"),
    "footnote": "Tåget gick från Katrineholm", "endnote": "Postverket",
    "quote": "Det är inte husen", "bullets": "jordgubbar", "numbers": "Först badet",
    "alt text": "Bryggan där vi badade", "table": "1962", "line break": "Berit.",
}


def _mammoth(path: Path) -> dict[str, bool]:
    import docx
    import mammoth

    from bookgen.importers.docx_styles import style_kinds, style_map

    kinds = style_kinds(docx.Document(str(path)).styles)  # what bookgen import hands mammoth
    html = mammoth.convert_to_html(str(path), style_map=style_map(kinds)).value
    return {
        "italic": "<em>mormor</em>" in html, "bold": "<strong>tåget</strong>" in html,
        "footnote": "Tåget gick från Katrineholm" in html, "endnote": "Postverket" in html,
        "quote": "<blockquote><p>Det är inte husen" in html,
        "bullets": "<ul><li>jordgubbar" in html, "numbers": "<ol><li>Först badet" in html,
        "alt text": 'alt="Bryggan där vi badade"' in html,
        "table": "<td><p>1962</p></td>" in html, "line break": "Berit.<br />" in html,
    }


def _python_docx(path: Path) -> dict[str, bool]:
    import docx

    document = docx.Document(str(path))
    runs = [r for p in document.paragraphs for r in p.runs]
    styles = {p.text: p.style.name for p in document.paragraphs}
    xml = document.element.xml
    return {
        "italic": any(r.italic and "mormor" in r.text for r in runs),
        "bold": any(r.bold and "tåget" in r.text for r in runs),
        "footnote": False, "endnote": False,  # no API: the notes parts are not read
        "quote": any(t.startswith("Det är inte husen") and "Quot" in s
                     for t, s in styles.items()),
        "bullets": any(t == "jordgubbar" and "List" in s for t, s in styles.items()),
        "numbers": any(t == "Först badet" and "List" in s for t, s in styles.items()),
        "alt text": False,  # in the XML only (wp:docPr/@descr): no API
        "table": any("1962" in c.text for t in document.tables for c in t._cells),
        "line break": "<w:br/>" in xml,
    }


def _docx2python(path: Path) -> dict[str, bool]:
    from docx2python import docx2python

    with docx2python(str(path), html=True) as content:
        body = content.body_runs and str(content.body)
        notes = str(content.footnotes) + str(content.endnotes)
        text = content.text
        alt = str(getattr(content, "images", {}))
    return {
        "italic": bool(re.search(r"<i>mormor</i>", body)),
        "bold": bool(re.search(r"<b>tåget</b>", body)),
        "footnote": "Tåget gick från Katrineholm" in notes,
        "endnote": "Postverket" in notes,
        "quote": False,  # the text carries no paragraph styles
        "bullets": "--\tjordgubbar" in text or "•\tjordgubbar" in text,
        "numbers": bool(re.search(r"\d\)\tFörst badet", text)),
        "alt text": "----Image alt text---->Bryggan där vi badade" in text + alt,
        "table": "1962" in text, "line break": "Berit.\nHon" in text,
    }


def main() -> None:
    from test_import_docx import FIXTURES, _word_file

    with tempfile.TemporaryDirectory() as tmp:
        files = {"python-docx (Word's template)": _word_file(Path(tmp) / "word.docx"),
                 "Pandoc": FIXTURES / "pandoc.docx", "LibreOffice": FIXTURES / "libreoffice.docx"}
        readers = {"mammoth": _mammoth, "python-docx": _python_docx,
                   "docx2python": _docx2python}
        print("| file | " + " | ".join(readers) + " |\n|---|" + "---|" * len(readers))
        for label, path in files.items():
            scores = []
            for reader in readers.values():
                try:
                    kept = reader(path)
                except Exception as exc:  # noqa: BLE001 - a library that fails keeps nothing
                    kept = {name: False for name in FEATURES}
                    print(f"  ({reader.__name__} failed on {label}: {exc})", file=sys.stderr)
                missing = [name for name in FEATURES if not kept.get(name)]
                scores.append(f"{len(FEATURES) - len(missing)}/{len(FEATURES)}"
                              + (f" (not: {', '.join(missing)})" if missing else ""))
            print(f"| {label} | " + " | ".join(scores) + " |")


if __name__ == "__main__":
    main()
