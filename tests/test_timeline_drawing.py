"""The drawing at the size of a real memoir: 10 to 1 000 events, text boxes measured in the
typeface's own widths (fontTools) never intersect, at the page's width and a phone's; the axis
holds against a far-off mention; type at least 7 pt in print and 11 px on a 320 px screen."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bookgen.model import Event, SourceRef
from bookgen.theme.fonts import advance_widths, text_measure
from bookgen.transforms.timeline.svg import timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
FACES = ("EB Garamond", "Source Serif 4", "Literata")
PHRASES = ["Blev förvaltningschef för KLF", "Första chefsrådslaget", "Köpte den gamla radion",
           "Flyttade till Norrköping med hela familjen", "Mormor dog", "Ett nytt styrsystem"]


def memoir_events(n: int, first: int = 1950, span: int = 60, outlier: bool = True) -> list[Event]:
    out = []
    for i in range(n):
        year = first + (i * 37) % span
        date = [f"{year}", f"{year}-{i % 12 + 1:02d}", f"{year}-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
                f"{year}-2{i % 4 + 1}", f"{year}/{year + 3}"][i % 5]
        out.append(Event(date, f"Meningen nummer {i}.", "kap", SourceRef("kap.md", i + 1),
                         f"ev-{i + 1}", phrase=PHRASES[i % len(PHRASES)], rank=float(i % 7)))
    if outlier:
        out.append(Event("12XX", "På 1200-talet byggdes kyrkan.", "kap", SourceRef("kap.md", 1),
                         "ev-0", phrase="Byggdes kyrkan"))
    return out


def text_boxes(svg: str, family: str):
    """(x, y, w, h, size) of every <text>, from the face's real advance widths."""
    widths, widest = advance_widths(family)
    boxes = []
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        w = sum(widths.get(ord(c), widest) for c in text.text) * size
        x = float(text.get("x"))
        anchor = text.get("text-anchor", "start")
        x -= w / 2 if anchor == "middle" else w if anchor == "end" else 0
        boxes.append((x, float(text.get("y")) - size * 0.8, w, size, size, text.text))
    return boxes


def overlaps(boxes):
    return [(a[5], b[5]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if not (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1]
                    or b[1] + b[3] <= a[1])]


def view_width(svg: str) -> float:
    return float(ET.fromstring(svg).get("viewBox").split()[2])


@pytest.mark.parametrize("family", FACES)
@pytest.mark.parametrize("layout", ["print", "screen"])
@pytest.mark.parametrize("n,span", [(10, 5), (40, 12), (200, 60), (1000, 80)])
def test_no_two_text_boxes_intersect(n, span, layout, family):
    svg = timeline_svg(memoir_events(n, span=span), "sv", family, layout,
                       measure=text_measure(family))
    boxes = text_boxes(svg, family)
    assert len(boxes) >= 3
    assert overlaps(boxes) == []
    for x, _, w, _, _, text in boxes:
        assert x >= 0 and x + w <= view_width(svg) + 0.01, text


@pytest.mark.parametrize("width_pt", [230.0, 317.5, 450.0])  # A6, A5, A4 text blocks
def test_print_type_is_at_least_7_pt(width_pt):
    svg = timeline_svg(memoir_events(300), "sv", "EB Garamond", "print", width_pt,
                       text_measure("EB Garamond"))
    assert view_width(svg) == width_pt  # one unit is one point on the page
    assert min(b[4] for b in text_boxes(svg, "EB Garamond")) >= 7


def test_screen_labels_are_at_least_11_px_on_a_phone():
    svg = timeline_svg(memoir_events(300), "sv", "EB Garamond", "screen",
                       measure=text_measure("EB Garamond"))
    column = 320  # a 360 px phone less the reading system's margins
    assert min(b[4] for b in text_boxes(svg, "EB Garamond")) * column / view_width(svg) >= 11


@pytest.mark.parametrize("layout", ["print", "screen"])
def test_a_far_off_mention_does_not_stretch_the_axis(layout):
    svg = timeline_svg(memoir_events(474, 1950, 62), "sv", "EB Garamond", layout,
                       measure=text_measure("EB Garamond"))
    ticks = [int(t) for t in re.findall(r">(\d{4})</text>", svg)]
    assert ticks and min(ticks) >= 1940 and max(ticks) <= 2020
    assert "Utanför tidsaxeln: 1200-talet." in svg  # the drawing says what it left out
    assert "1200" not in "".join(re.findall(r">(\d+)</text>", svg))


def test_many_events_are_bars_not_numbers():
    svg = timeline_svg(memoir_events(600, outlier=False), "sv", "EB Garamond")
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}rect"))) >= 10
    numbers = [t.text for t in root.iter(f"{SVG}text") if t.text.isdigit()]
    assert all(len(n) == 4 for n in numbers)  # years on the axis, never counts


def test_labels_are_phrases_with_a_capital():
    svg = timeline_svg(memoir_events(60), "sv", "EB Garamond", "screen",
                       measure=text_measure("EB Garamond"))
    labels = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")
              if not t.text[:1].isdigit() and t.get("fill") is None
              and t.get("font-style") is None]
    assert labels and all(text[:1].isupper() for text in labels)


def test_within_a_year_year_only_events_come_first_in_list_and_drawing():
    from bookgen.transforms.timeline import edtf
    from bookgen.transforms.timeline.svg_parts import position

    dates = ["2009-03-01", "2009", "2009-21", "2009-01", "2009-03", "2009-03-02"]
    listed = sorted(dates, key=edtf.sort_key)
    assert listed[0] == "2009"
    drawn = [position(edtf.parse(d)[0]) for d in listed]
    assert drawn == sorted(drawn)  # the list's order is the drawing's, left to right


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(0, 300), st.integers(0, 20))
def test_short_phrase_never_raises_and_stays_short(text, start, length):
    from bookgen.transforms.timeline.phrases import MAX_PHRASE, short_phrase

    start = min(start, len(text))
    phrase = short_phrase(text, [(start, min(start + length, len(text)))])
    assert len(phrase) <= MAX_PHRASE
    assert phrase == "" or phrase[0] == phrase[0].upper()
