"""The SVG drawing, the EDTF helpers and the table/JSON/CSV output."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from bookgen.model import Event, SourceRef
from bookgen.transforms.timeline import edtf
from bookgen.transforms.timeline.output import FORMATS
from bookgen.transforms.timeline.svg import timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def events(n: int, first: int = 1990, span: int = 20) -> list[Event]:
    return [Event(f"{first + (i * 7) % span}-{i % 12 + 1:02d}", f"Händelse nummer {i} <&> hände.",
                  "kap", SourceRef("kap.md", i + 1), f"ev-{i + 1}") for i in range(n)]


@pytest.mark.parametrize("layout,width", [("print", "317"), ("screen", "360")])
@pytest.mark.parametrize("n,span", [(0, 1), (1, 1), (2, 1), (17, 5), (30, 100), (200, 40),
                                    (200, 100)])
def test_svg_is_valid_accessible_and_deterministic(n, span, layout, width):
    svg = timeline_svg(events(n, span=span), "sv", 'EB "Garamond"', layout)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("viewBox").startswith(f"0 0 {width} ")
    assert root[0].tag == f"{SVG}title" and root[1].tag == f"{SVG}desc"
    assert root.get("font-family").startswith('EB "Garamond"')
    assert "href" not in svg and " id=" not in svg
    assert svg == timeline_svg(events(n, span=span), "sv", 'EB "Garamond"', layout)
    if n:
        assert f"{n} händelser" in root[1].text
        assert list(root.iter(f"{SVG}circle")) or list(root.iter(f"{SVG}rect"))


def test_english_text_alternative_and_formatted_dates():
    svg = timeline_svg([Event("2009-21", "Spring came.", "a", SourceRef("a.md", 1),
                              phrase="Spring came")], "en", "x", "screen")
    assert "from spring 2009 to spring 2009" in svg and "<title>Timeline</title>" in svg
    assert ">spring 2009</text>" in svg and ">Spring came</text>" in svg


def test_year_ticks_are_labelled():
    svg = timeline_svg(events(5, 1900, 100), "sv", "serif")
    years = [int(t) for t in re.findall(r">(\d{4})</text>", svg)]
    assert 5 <= len(years) <= 12


@pytest.mark.parametrize("date,sv,en", [
    ("2007-02-09", "9 februari 2007", "9 February 2007"), ("2009-21", "våren 2009", "spring 2009"),
    ("1990/1994", "1990–1994", "1990–1994"), ("198X", "1980-talet", "the 1980s"),
    ("2010", "2010", "2010"), ("2010-01", "januari 2010", "January 2010"),
    ("19XX", "1900-talet", "the 1900s"),
])
def test_format_date(date, sv, en):
    assert edtf.format_date(date, "sv") == sv and edtf.format_date(date, "en") == en


@pytest.mark.parametrize("bad", ["2007-02-30", "2007-13", "2009-25", "1994/1990", "19", "2007-2",
                                 "x", "", "2007/2008/2009"])
def test_invalid_edtf(bad):
    assert not edtf.is_valid(bad)


def test_sort_key_orders_by_start_then_precision():
    dates = ["2009-21", "2008", "198X", "2009", "2009-02-01", "1990/1994"]
    assert sorted(dates, key=edtf.sort_key) == ["198X", "1990/1994", "2008", "2009",
                                                "2009-02-01", "2009-21"]


def test_output_formats():
    evs = events(3)
    data = json.loads(FORMATS["json"](evs, "sv"))
    assert data[0]["when"] == "januari 1990" and data[0]["source"] == "kap.md:1"
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"](evs, "sv"))))
    assert rows[2]["anchor"] == "ev-3"
    table = FORMATS["table"](evs, "sv").splitlines()
    assert len(table) == 3 and table[0].startswith("januari 1990")
    assert FORMATS["table"]([], "sv") == ""
