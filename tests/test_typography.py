"""Typography: fixture tables per language, the Book transform, the lint, properties, speed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bookgen.model import (
    Anchor, Book, BlockQuote, Code, CodeBlock, Emph, Figure, Heading, Image, LineBreak, Link,
    ListBlock, Metadata, Paragraph, Section, SoftBreak, SourceRef, Strong, Text,
)
from bookgen.transforms.typography import (
    LANGUAGES, NEUTRAL, apply_typography, language_for, typeset, typeset_en, typeset_sv,
)
from bookgen.transforms.typography_lint import typography_problems, unplaced_marks
from bookgen.transforms.typography_rules import is_range

FIXTURES = Path(__file__).parent / "fixtures" / "typography"
NBSP = "\u00a0"
SRC = SourceRef("kap.md", 3)


def _cases() -> list:
    """Every ``input ⇒ expected`` line of the fixture files, named ``file:line``."""
    cases = []
    for path in sorted(FIXTURES.glob("*.txt")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            given_text, _, expected = line.replace("␣", NBSP).partition(" ⇒ ")
            expected = given_text if expected == "=" else expected
            where = f"{path.name}:{number}"
            cases.append(pytest.param(path.stem, given_text, expected, line, id=where))
    return cases


CASES = _cases()


def test_the_fixture_tables_are_big_enough():
    per_language = {lang: sum(1 for c in CASES if c.values[0] == lang) for lang in ("sv", "en")}
    assert per_language["sv"] >= 40 and per_language["en"] >= 25, per_language


@pytest.mark.parametrize(("language", "text", "expected", "line"), CASES)
def test_fixture_case(language, text, expected, line):
    got = typeset(text, language)
    assert got == expected, f"fixture line: {line!r}\n     got: {got!r}\n    want: {expected!r}"
    assert typeset(got, language) == got, f"not idempotent on fixture line: {line!r}"


def test_per_language_helpers_and_lookup():
    assert typeset_sv('"a"') == "”a”"
    assert typeset_en('"a"') == "“a”"
    assert language_for("sv-SE") is LANGUAGES["sv"]
    assert language_for("en_GB") is LANGUAGES["en"]
    assert language_for("fi") is NEUTRAL


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("1996", "2001", True), ("1996", "97", True), ("12", "14", True), ("9", "17", True),
     ("08.00", "17.00", True), ("2007", "02", False), ("08", "123", False),
     ("555", "1234", False), ("3", "2", False), ("2004", "123", False)],
)
def test_is_range(a, b, expected):
    assert is_range(a, b) is expected


# ---------------------------------------------------------------- the Book transform


def _book(*blocks, language="sv", title='Memoarer - "KLF"', section_title="Kapitel 1 - början"):
    meta = Metadata(title=title, authors=("M. A.",), language=language, subtitle="1996-2001")
    section = Section("kap-1", section_title, tuple(blocks), SRC)
    return Book(Path("."), meta, (section,))


def _para(*inlines):
    return Paragraph(tuple(inlines), SRC)


def test_quotes_are_placed_across_emphasis_boundaries():
    book = _book(_para(Text('Hon sa '), Text('"'), Emph((Text("kursiv"),)), Text('" och gick.')),
                 language="en")
    out = apply_typography(book).sections[0].blocks[0]
    assert out.inlines == (Text("Hon sa "), Text("“"), Emph((Text("kursiv"),)), Text("” och gick."))


def test_quote_inside_emphasis_sees_the_text_outside():
    para = _para(Text("He said "), Strong((Text('"yes'),)), Text('" and "no".'))
    book = _book(para, language="en")
    out = apply_typography(book).sections[0].blocks[0]
    assert out.inlines == (Text("He said "), Strong((Text("“yes"),)), Text("” and “no”."))


def test_code_link_targets_image_src_and_anchors_are_untouched():
    para = _para(
        Anchor("ev-2007"), Text('"Se '), Code('"x" -- y...'), Text(' och '),
        Link("http://a.se/x--y...'z'", (Text("1996-2001"),), title="sid. 3"),
        Image("bilder/a--b...png", alt='"Bild" - ett foto'), Text('"'),
    )
    code = CodeBlock('print("a -- b...")', SRC)
    out = apply_typography(_book(para, code)).sections[0].blocks
    assert out[1] == code
    assert out[0].inlines == (
        Anchor("ev-2007"), Text("”Se "), Code('"x" -- y...'), Text(" och "),
        Link("http://a.se/x--y...'z'", (Text("1996–2001"),), title=f"sid.{NBSP}3"),
        Image("bilder/a--b...png", alt="”Bild” – ett foto"), Text("”"),
    )


def test_an_anchor_does_not_hide_the_start_of_the_paragraph():
    book = _book(_para(Anchor("a"), Text('"Quoted," he said')), language="en")
    assert apply_typography(book).sections[0].blocks[0].inlines[1] == Text("“Quoted,” he said")


def test_breaks_are_kept_and_read_as_spaces():
    para = _para(Text('kl.'), SoftBreak(), Text('14 "a'), LineBreak(), Text('b"'))
    out = apply_typography(_book(para, language="en")).sections[0].blocks[0]
    assert out.inlines == (Text("kl."), SoftBreak(), Text("14 “a"), LineBreak(), Text("b”"))


def test_titles_headings_nested_blocks_and_captions_are_done():
    heading = Heading(2, (Text('"Rubrik" - 1996-2001'),), "rubrik-1996-2001", SRC)
    quote = BlockQuote((_para(Text("a -- b")),), SRC)
    items = ListBlock(False, ((_para(Text("c...")),), (_para(Text("'d'")),)), SRC)
    figure = Figure(Image("x.jpg", alt="2 100"), (Text('"Bildtext"'),), SRC)
    book = apply_typography(_book(heading, quote, items, figure))
    assert book.metadata.title == "Memoarer – ”KLF”"
    assert book.metadata.subtitle == "1996–2001"
    assert book.sections[0].title == "Kapitel 1 – början"
    h, q, lst, fig = book.sections[0].blocks
    assert h.inlines == (Text("”Rubrik” – 1996–2001"),) and h.id == "rubrik-1996-2001"
    assert q.blocks[0].inlines == (Text("a – b"),)
    assert [item[0].inlines for item in lst.items] == [(Text("c…"),), (Text("’d’"),)]
    assert fig.caption == (Text("”Bildtext”"),) and fig.image == Image("x.jpg", alt=f"2{NBSP}100")


def test_an_edit_spanning_two_text_nodes_goes_to_the_first():
    out = apply_typography(_book(_para(Text("vänta.."), Emph((Text(". nu"),))))).sections[0]
    assert out.blocks[0].inlines == (Text("vänta…"), Emph((Text(" nu"),)))


def test_the_transform_is_idempotent_and_keeps_the_source():
    book = _book(_para(Text('"Hej" - sa '), Emph((Text("hon"),)), Text(" 1996-2001...")))
    once = apply_typography(book)
    assert apply_typography(once) == once
    assert once.sections[0].blocks[0].source == SRC and once.root == book.root


# ---------------------------------------------------------------- the lint


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ('Hon sa "hej och gick.', "sv", [(7, '"', "opening quote that is never closed")]),
        ('Hon sa hej" och gick.', "sv", [(10, '"', "closing quote with no opening quote")]),
        ('Hon sa " och gick.', "sv", [(7, '"', "quote that neither opens nor closes")]),
        ('He said "hi"there', "en", [(8, '"', "opening"), (11, '"', "neither")]),
        ("Det var bra -liksom.", "sv", [(12, "-", "hyphen")]),
        ("Det var bra- liksom.", "sv", [(11, "-", "hyphen")]),
        ('Hon sa "hej" - styr- och ledning, in- och utgång, -5 grader.', "sv", []),
        ("ansvar och -fördelning", "sv", []),
        ("Er sagte \"Hallo\" und ging's.", "de", [(9, '"', "no quotation marks"),
                                                 (15, '"', "no quotation marks")]),
    ],
)
def test_unplaced_marks(text, language, expected):
    got = unplaced_marks(text, language)
    assert [(m.offset, m.char) for m in got] == [(o, c) for o, c, _ in expected]
    for mark, (_, _, reason) in zip(got, expected, strict=True):
        assert reason in mark.reason


def test_typography_problems_name_the_source():
    book = _book(_para(Text('Hon sa "hej och '), Code('"'), Text(" gick.")))
    problems = typography_problems(book)
    assert len(problems) == 1
    assert problems[0].source == SRC and problems[0].severity == "warning"
    assert "never closed" in problems[0].message


# ---------------------------------------------------------------- properties

_TOKENS = list("\"'-. 0123456789aåsSkKl%§\n–—…”’“‘\u00a0()!,?:😉\ufffc") + [
    "kl.", "s. ", "nr ", "--", "---", "...", "kr", "mm", " - ", "IT", "och ", "'90s",
]
typographic_text = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)
any_text = st.one_of(typographic_text, st.text(max_size=60))
languages = st.sampled_from(["sv", "en", "de"])


def skeleton(text: str) -> str:
    """The text with every character the pass may change normalized away: the words."""
    text = re.sub(r"\s+", "", text.replace("…", "..."))
    text = re.sub("[\"'“”‘’]", "'", text)
    return re.sub("[-–—]+", "-", text)


@settings(max_examples=600, deadline=None)
@given(any_text, languages)
def test_never_raises_and_is_idempotent(text, language):
    once = typeset(text, language)
    assert typeset(once, language) == once


@settings(max_examples=400, deadline=None)
@given(any_text, languages)
def test_words_never_change(text, language):
    assert skeleton(typeset(text, language)) == skeleton(text)


@settings(max_examples=300, deadline=None)
@given(any_text, languages)
def test_length_stays_linear(text, language):
    assert len(typeset(text, language)) <= 2 * len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(typographic_text, st.sampled_from(["text", "emph", "anchor"])),
                max_size=6), languages)
def test_node_boundaries_do_not_change_the_result(pieces, language):
    make = {"text": Text, "emph": lambda t: Emph((Text(t),)), "anchor": lambda t: Anchor("a")}
    inlines = [make[kind](text) for text, kind in pieces]
    book = apply_typography(_book(_para(*inlines), language=language))
    flat = "".join(_plain(n) for n in book.sections[0].blocks[0].inlines)
    joined = "".join(t for t, kind in pieces if kind != "anchor")
    assert flat == typeset(joined, language)
    assert apply_typography(book) == book
    assert [type(n) for n in book.sections[0].blocks[0].inlines] == [type(n) for n in inlines]



@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(typographic_text, st.sampled_from(["text", "strong", "code", "break"])),
                max_size=6), languages)
def test_the_book_transform_is_idempotent_around_code_and_breaks(pieces, language):
    make = {"text": Text, "strong": lambda t: Strong((Text(t),)), "code": Code,
            "break": lambda t: SoftBreak()}
    inlines = [make[kind](text) for text, kind in pieces]
    book = apply_typography(_book(_para(*inlines), language=language))
    assert apply_typography(book) == book
    out = book.sections[0].blocks[0].inlines
    assert [n for n in out if isinstance(n, Code)] == [n for n in inlines if isinstance(n, Code)]

def _plain(node) -> str:
    if isinstance(node, Text):
        return node.text
    return "".join(_plain(c) for c in getattr(node, "children", ()))


# ---------------------------------------------------------------- speed


SEED_LIKE = (
    'Fredagen den nionde februari 2007 frågade KS ordförande "om jag kunde" - tänka mig att bli '
    "förvaltningschef 1996-2001, kl. 14, s. 12-14, 2 100 personer, 30 %... styr- och "
    "ledningssystem, IT-stöd, 2007-02-09 och 'nåväl' -- det var så. 😉 "
)


@pytest.mark.parametrize("language", ["sv", "en", "de"])
@pytest.mark.parametrize(
    "text",
    [
        SEED_LIKE * (1_000_000 // len(SEED_LIKE)),
        "a" * 20_000,
        "1 " * 100_000 + "1",
        "1" * 200_000 + "-",
        "- " * 50_000,
        "-1" * 100_000,
        "." * 200_001,
        "\"'" * 25_000,
        " '" * 25_000 + " \"" * 25_000,
        "1 000" * 50_000,
    ],
    ids=["1MB-prose", "20k-word", "digits-spaces", "digit-run", "hyphens", "minus", "dots",
         "quotes", "openers", "groups"],
)
def test_big_inputs_keep_their_words(text, language):
    """Pathological inputs finish (no catastrophic backtracking) and lose no word; how fast
    they finish is measured in bench/, not asserted here."""
    out = typeset(text, language)
    assert len(out) <= len(text) + len(text) // 2
    unplaced_marks(text, language)


def test_a_paragraph_of_many_nodes():
    emph = Emph((Text('" - 1996-2001 '),))
    nodes = [Text('Hon sa "hej') if i % 2 else emph for i in range(20_000)]
    book = _book(_para(*nodes))
    out = apply_typography(book)
    assert out.sections[0].blocks[0].inlines[1] == Text("Hon sa ”hej")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_rule_waiting_for_another_is_applied_in_the_same_pass(language):
    once = typeset("0-1--", language)  # found by hypothesis: the dash, then the range
    assert "0–1" in once and typeset(once, language) == once
