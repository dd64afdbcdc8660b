"""bookgen's paragraph line breaker (Knuth–Plass) on made-up widths, and the memoir's texture."""

from __future__ import annotations

import random

from bookgen.preflight.lines import texture
from bookgen.writers import linebreak as kp


def _paragraph(seed: int, words: int = 120) -> list[kp.Item]:
    rng = random.Random(seed)
    items: list[kp.Item] = []
    for _ in range(words):
        for part in range(rng.choice([1, 1, 2, 3])):
            if part:
                items.append(kp.hyphen(4.0))
            items.append(kp.box(rng.uniform(6, 22)))
        items.append(kp.glue(3.0, 1.5, 0.75))
    items[-1] = kp.end()
    return items


def _lines(items, breaks):
    start, out = 0, []
    for b in breaks:
        out.append((items[start:b], items[b]))
        start = b + 1
    return out


def test_every_line_fits_and_no_three_hyphens_in_a_row():
    for seed in range(20):
        items = _paragraph(seed)
        breaks = kp.break_lines(items, [240.0, 260.0])
        assert breaks is not None and breaks[-1] == len(items) - 1
        run = 0
        for number, (line, end) in enumerate(_lines(items, breaks)):
            width = 240.0 if number == 0 else 260.0
            natural = sum(i.width for i in line if i.kind == "box")
            natural += sum(i.width - i.shrink for i in line if i.kind == "glue")
            natural += end.width if end.kind == "penalty" else 0.0
            assert natural <= width + 1e-6
            run = run + 1 if end.flagged else 0
            assert run <= kp.MAX_HYPHENS_IN_A_ROW


def test_no_breaks_when_a_word_is_wider_than_the_line():
    assert kp.break_lines([kp.box(300.0), kp.end()], [200.0]) is None


def test_the_memoir_is_as_even_as_latex():
    """The memoir at its measure: at most 10 % loose lines, no ladder, widow, orphan or
    overfull line (the PDF of the session's build; bench/texture.py compares with XeLaTeX)."""
    from bookgen.build.render import load_book
    from bookgen.preflight.lines import document_lines
    from tests.conftest import ROOT, laid_out

    found = texture(document_lines(laid_out(load_book(ROOT))))
    assert found.loose_share <= 0.10, found
    assert (found.ladders, found.widows, found.orphans, found.overfull, found.stranded) == \
        (0, 0, 0, 0, 0)
