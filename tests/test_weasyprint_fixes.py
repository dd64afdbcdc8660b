"""The line-breaking fault bookgen fixes in WeasyPrint (bookgen/writers/weasyprint_fixes.py).

One paragraph, laid out with its sentence's first word plain and inside a ``<span>``: with the
fix the lines are the same; without it WeasyPrint leaves "munstyrel-" alone on a line. When a
WeasyPrint release fixes the fault itself, ``test_the_fault_is_still_in_weasyprint`` fails:
then the fix can go (and ``CHECKED`` no longer needs the new version).
"""

from __future__ import annotations

import pytest

from bookgen.preflight.lines import document_lines
from bookgen.writers import weasyprint_fixes

TEXT = ("Ekonomichefen räknade på lönerevisionen på en konferens i Örebro till allas förvåning.\n"
        "Sedan räknade på vår informatör rekryteringen, medan kommunstyrelsens ordförande "
        "ifrågasatte rekryteringen i sammanträdesrummet.\n"
        "{word} 2005 diskuterade kommunens jurist rekryteringen vid fikabordet.")
CSS = """@page { size: 148mm 210mm; margin: 20mm 16mm 22mm 20mm; }
body { margin: 0; }
p { font-family: "EB Garamond"; font-size: 11pt; line-height: 1.4; text-align: justify;
    hyphens: auto; hyphenate-limit-chars: 6 3 3; font-kerning: normal;
    font-variant-ligatures: common-ligatures;
    font-variant-numeric: oldstyle-nums proportional-nums; }"""


def _lines(word: str, fixed: bool) -> list[str]:
    from weasyprint import CSS as Sheet, HTML
    from weasyprint.text.fonts import FontConfiguration

    from bookgen.theme import fonts
    from bookgen.theme.fetch import BOOK_BASE, BookFetcher
    from bookgen.theme.folders import builtin_dir

    fetcher = BookFetcher(builtin_dir("styles"), [*fonts.font_dirs()])
    config = FontConfiguration()
    faces = Sheet(string=fonts.font_face_css("EB Garamond") + CSS, url_fetcher=fetcher,
                  font_config=config)
    html = HTML(string=f'<html lang="sv"><body><p>{TEXT.format(word=word)}</p></body></html>',
                url_fetcher=fetcher, base_url=BOOK_BASE)
    if fixed:
        with weasyprint_fixes.line_breaking_fixed():
            document = html.render(stylesheets=[faces], font_config=config)
    else:
        document = html.render(stylesheets=[faces], font_config=config)
    return [line.text.strip() for line in document_lines(document)]


@pytest.mark.skipif(not weasyprint_fixes.applies(), reason="fix not checked for this WeasyPrint")
def test_a_span_changes_no_line_with_the_fix():
    plain = _lines("Sommaren", fixed=True)
    assert _lines('<span id="a">Sommaren</span>', fixed=True) == plain
    assert _lines('<em>Sommaren</em>', fixed=True) == plain
    assert "munstyrelsens" in " ".join(plain)


@pytest.mark.skipif(not weasyprint_fixes.applies(), reason="fix not checked for this WeasyPrint")
def test_the_fault_is_still_in_weasyprint():
    broken = _lines('<span id="a">Sommaren</span>', fixed=False)
    assert "munstyrel‐" in broken and broken != _lines("Sommaren", fixed=False)


def test_the_fix_is_undone_after_layout():
    from weasyprint.layout import inline

    before = inline.split_first_line
    with weasyprint_fixes.line_breaking_fixed():
        pass
    assert inline.split_first_line is before
