"""Steering WeasyPrint's line breaks (bookgen.writers.steering) on small laid-out documents: the
widths the plans rely on, letter spacing kept off where it would cost a ligature, paragraphs with
footnote calls steered, and the texture measure's font space."""

from __future__ import annotations

import json
import re

import pytest

from bookgen.preflight.lines import blocks_with_lines, document_lines, font_space, texture
from bookgen.writers import steering, steering_measure, steering_plan
from bookgen.writers.weasyprint_fixes import line_breaking_fixed


def _text(seed: int) -> str:
    """A paragraph of the benchmark's long book (bench/longbook.py): long Swedish compounds."""
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("longbook", ROOT / "bench" / "longbook.py")
    longbook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(longbook)
    writer = longbook.Writer(seed)
    return " ".join(" ".join(writer.sentence() for _ in range(8)).split())


def _html(body: str) -> str:
    return ("<html lang='sv'><head><style>@page { size: 132mm 600mm; margin: 10mm }"
            "body { font-family: 'EB Garamond'; font-size: 11pt; line-height: 1.4 }"
            "p { margin: 0 0 1em; text-align: justify; hyphens: auto; "
            "hyphenate-limit-chars: 5 2 2 }"
            ".footnote { float: footnote; font-size: 8pt }"
            ".footnote::footnote-call, .footnote::footnote-marker { content: none }"
            "</style></head>"
            f"<body>{body}</body></html>")


def _render(source):
    """``source`` (a ``weasyprint.HTML``) laid out in the book's typeface, EB Garamond."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from bookgen.theme import fonts

    font_config = FontConfiguration()
    faces = "".join(f"@font-face {{ font-family: 'EB Garamond'; font-style: {face.style}; "
                    f"src: url('{face.path.as_uri()}') }}"
                    for face in fonts.text_face_files("EB Garamond"))
    return source.render(stylesheets=[CSS(string=faces, font_config=font_config)],
                         font_config=font_config)


def _steered(html: str):
    from weasyprint import HTML

    source = HTML(string=html)
    with line_breaking_fixed():
        document, counts = steering.steer(lambda: _render(source))
    return source.etree_element, document, counts


def _first_text_box(document):
    for block in blocks_with_lines(document.pages[0]._page_box):
        for line in block.children:
            for box in steering_measure.text_boxes(line):
                return box
    raise AssertionError("no text")


@pytest.fixture(scope="module")
def style():
    from weasyprint import HTML

    return _first_text_box(_render(HTML(string=_html("<p>ord</p>")))).style


def test_letter_spacing_widens_a_word_by_one_step_per_letter(style):
    """What a plan with letter spacing counts on (``steering_plan._spaced``): Pango adds the spacing
    once per character, the word's first and last too."""
    measure = steering_measure.Measure()
    spaced = style.copy()
    spaced["letter_spacing"] = 62 / steering_plan.PANGO_UNITS
    for word in ("kommunledningsförvaltningen", "Vår", "”det”", "på‐"):
        grown = measure.width(spaced, word) - measure.width(style, word)
        assert grown == pytest.approx(len(word) * spaced["letter_spacing"], abs=1e-3)


def test_letter_spacings_are_half_and_one_percent_and_never_with_a_ligature(style):
    measure = steering_measure.Measure()

    def spacings(text):
        paragraph = steering_plan.Paragraph(None, [steering_plan.Run(None, "text", style, text)],
                                        [300.0, 300.0], [])
        return steering_plan.letter_spacings(paragraph, steering_plan.tokens_of(paragraph.runs, measure))

    assert spacings("ett fint ord på en offentlig plats") == [0.0]
    found = spacings("ett bra ord på en plats i stadshuset")
    assert found[0] == 0.0 and len(found) == 5
    assert sorted(found) == sorted(-s for s in found)
    mean = sum(measure.width(style, w) for w in "ettbraordpåenplatsistadshuset".split()) / 29
    assert sorted(abs(s) for s in found)[1::2] == pytest.approx([0.005 * mean, 0.01 * mean],
                                                                 abs=1 / 1024)
    assert all(float(s * steering_plan.PANGO_UNITS).is_integer() for s in found)


def test_steered_paragraphs_are_even_and_the_letter_spaced_ones_as_planned():
    """Paragraphs of long compounds in a narrow column: WeasyPrint's first fit leaves loose
    lines, the steered layout far fewer; the paragraphs that keep their plan with letter
    spacing were laid out as planned (steer gives a paragraph whose lines differ its text
    back, and its style with it)."""
    from weasyprint import HTML

    texts = [re.sub("f[fil]", "", _text(seed)) for seed in range(12)]
    html = _html("".join(f"<p>{text}</p>" for text in texts))
    first_fit = texture(document_lines(_render(HTML(string=html))))
    root, document, counts = _steered(html)
    steered = texture(document_lines(document))
    assert counts["kept"] >= 6 and counts["given back"] <= 1
    assert steered.loose < first_fit.loose / 2 and steered.ladders == 0
    spaced = [p for p in root.iter("p") if "letter-spacing" in (p.get("style") or "")]
    assert spaced, "no plan needed letter spacing: the test text is too easy"
    # spaces close only as far as the plan's tightest line needs: the last lines, which are
    # not justified, keep more of their space than the most a plan may take
    closing = [float(re.search(r"word-spacing: (-?[\d.]+)em", p.get("style")).group(1))
               for p in root.iter("p") if p.get("style")]
    assert all(-steering_measure.SHRINK_EM - 1e-4 <= em <= 0 for em in closing)
    assert any(em > -steering_measure.SHRINK_EM / 2 for em in closing)


def test_paragraphs_with_a_footnote_call_are_steered():
    """A note's text is floated to the foot of the page: none of it is in its paragraph's
    lines, and the paragraph around the call is steered like any other."""
    from weasyprint import HTML

    def call(number):
        return (f'<a class="noteref" href="#n{number}">{number}</a><span class="footnote" '
                f'id="n{number}"><span class="fn-p">Enligt protokollet {number}.</span></span>')

    paragraphs = []
    for seed in range(6):
        words = _text(seed).split()
        paragraphs.append(f"<p>{' '.join(words[:30])}{call(seed + 1)} {' '.join(words[30:])}</p>")
    html = _html("".join(paragraphs))
    first_fit = texture(document_lines(_render(HTML(string=html))))
    root, document, counts = _steered(html)
    assert first_fit.loose and counts["kept"] >= 3
    assert texture(document_lines(document)).loose < first_fit.loose
    for number, paragraph in enumerate(root.iter("p"), 1):
        note = next(e for e in paragraph.iter() if e.get("id") == f"n{number}")
        assert "".join(note.itertext()) == f"Enligt protokollet {number}."  # untouched


def test_the_font_space_does_not_depend_on_what_was_measured_before():
    """The texture measure's font space is the font's, whatever paragraph was measured first
    (a layout reused from a word- or letter-spaced text once gave a wider one)."""
    from weasyprint import HTML

    html = _html("<p style='word-spacing: -0.05em; letter-spacing: 0.01em'>ett ord</p>"
                 "<p>ett ord</p>")
    boxes = [next(steering_measure.text_boxes(block.children[0]))
             for block in blocks_with_lines(_render(HTML(string=html)).pages[0]._page_box)]
    spaced, plain = (box.style for box in boxes)
    assert font_space(spaced) == pytest.approx(font_space(plain), abs=0.01)  # Pango units
    assert font_space(plain) == pytest.approx(steering_measure.Measure().space(plain))


def test_remembered_plans_with_letter_spacing_and_notes_are_applied_as_made():
    """A second layout of the same text from the memo (as a rebuild does): the plans come back
    through the memo's JSON, letter spacing and paragraphs with a note included, and WeasyPrint
    sets every one as planned, laying the text out once."""
    from weasyprint import HTML

    from bookgen.writers import steering_memo

    class Store(dict):
        def get_json(self, name):
            return json.loads(self[name]) if name in self else None

        def put_json(self, name, value):
            self[name] = json.dumps(value)

    note = ('<a class="noteref" href="#n1">1</a><span class="footnote" id="n1">'
            '<span class="fn-p">Enligt protokollet.</span></span>')
    texts = [re.sub("f[fil]", "", _text(seed)) for seed in range(8)]
    texts[0] = texts[0].replace(". ", f".{note} ", 1)
    html = _html("".join(f"<p>{text}</p>" for text in texts))
    store = Store()
    counts, styles = [], []
    for _ in range(2):
        source = HTML(string=html)
        memo = steering_memo.SteeringMemo("test", store)
        layouts = []

        def render(source=source):
            layouts.append(1)
            return _render(source)

        with line_breaking_fixed():
            _, found = steering.steer(render, source.etree_element, memo)
        memo.save()
        counts.append((found, len(layouts)))
        styles.append([p.get("style") for p in source.etree_element.iter("p")])
    (first, first_layouts), (second, second_layouts) = counts
    assert first["kept"] >= 4 and first["given back"] == 0 and first_layouts == 2
    assert second == first and second_layouts == 1
    assert styles[1] == styles[0]
    assert any("letter-spacing" in (s or "") for s in styles[0])
    assert "hyphens: manual" in (styles[0][0] or "")  # the paragraph with the note
