"""The printed register's page numbers are the pages the mentions are printed on
(bookgen/writers/register_pages.py finds them in the laid-out lines, with no element per
mention in the PDF's HTML).

A book is written for it where every person is named once, so the page a name is printed on
can be read from the PDF itself: long paragraphs that run over page breaks with names at their
ends, long surnames that get hyphenated at line ends, names in footnotes, in a caption, a list
and a quotation. The test checks every entry's page, and that the book has each hard case.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bookgen.build.render import load_book

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "index"
FIRST = ["Anna", "Bertil", "Cecilia", "David", "Elin", "Fredrik", "Gunilla", "Håkan", "Ingrid",
         "Johan", "Karin", "Lennart", "Maria", "Nils", "Olof", "Petra", "Rune", "Sofia",
         "Tomas", "Ulla", "Viktor", "Yvonne", "Åsa", "Örjan"]
LAST = ["Vallgrenius", "Åkerlundström", "Sundqvistberg", "Bergholmsson", "Lindmarkström",
        "Strandbergsson", "Hedlundqvist", "Norrbyholm", "Ekstamsberg", "Forsgrenius",
        "Kullbergsson", "Moströmmer", "Rydbergsqvist", "Tallqvistson"]
FILLER = ("Vi satt länge i sammanträdesrummet och gick igenom budgeten rad för rad, och ingen "
          "ville vara den som först föreslog att något skulle strykas. ")


def _people():
    for number in range(200):
        yield f"{FIRST[number % len(FIRST)]} {LAST[(number * 5 + number // 14) % len(LAST)]}"


def _write_book(root: Path) -> dict[str, list]:
    """The book; returns where each person is named: "paragraphs" (a list of the names of
    each long paragraph), "notes", "captions", "lists", "quotes"."""
    people = iter(dict.fromkeys(_people()))
    where: dict[str, list] = {"paragraphs": [], "notes": [], "captions": [], "lists": [],
                              "quotes": []}
    (root / "content" / "bilder").mkdir(parents=True)
    shutil.copy(FIXTURES / "blind4" / "content" / "bilder" / "stadshuset.jpg",
                root / "content" / "bilder" / "stadshuset.jpg")
    (root / "book.toml").write_text('[book]\ntitle = "Sidorna"\nauthors = ["Testare"]\n'
                                    'language = "sv"\n', encoding="utf-8")
    for chapter in range(1, 4):
        parts = [f"---\ntitle: Kapitel {chapter}\n---\n"]
        for number in range(6):
            # a long paragraph: names at its start, middle and end, so some land on the page
            # it runs on to
            names = [next(people) for _ in range(9)]
            where["paragraphs"].append(names)
            note = f"[^{chapter}-{number}]" if number % 2 else ""
            # a note's call (its number is no letter of the paragraph) and emphasis mid-way
            text = "".join(f"{FILLER}Där satt också {'*' + name + '*' if k == 5 else name}."
                           f"{note if k == 3 else ''} " for k, name in enumerate(names))
            parts.append(text + "Mötet slutade sent.\n")
            if note:
                told = [next(people), next(people)]
                where["notes"] += told
                parts.append(f"[^{chapter}-{number}]: Det berättade {told[0]} "
                             f"efteråt för {told[1]}.\n")
        named = [next(people) for _ in range(4)]
        where["captions"].append(named[0])
        where["lists"] += named[1:3]
        where["quotes"].append(named[3])
        parts.append(f'![Stadshuset](bilder/stadshuset.jpg "Stadshuset, där {named[0]} '
                     'arbetade.")\n')
        parts.append(f"- Med på listan: {named[1]}.\n- Och {named[2]}.\n")
        parts.append(f"> Det sa {named[3]} en gång till mig.\n")
        (root / "content" / f"0{chapter}-kapitel-{chapter}.md").write_text("\n".join(parts),
                                                                  encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The book, its PDF's page texts, and the page that is folio 1."""
    import pypdf
    from typer.testing import CliRunner

    from bookgen.cli import app

    from bookgen.writers import register_pages

    root = tmp_path_factory.mktemp("pages") / "book"
    where = _write_book(root)
    target = root.parent / "book.pdf"
    found = register_pages._Finder._found
    boxes: dict[str, tuple[str, int]] = {}  # anchor → its text box's text, letters before it

    def record(finder, anchor, box, skipped):
        boxes[anchor] = (box.text, skipped)
        return found(finder, anchor, box, skipped)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(register_pages._Finder, "_found", record)
        result = CliRunner().invoke(app, ["pdf", str(root), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    where["boxes"] = boxes
    reader = pypdf.PdfReader(str(target))
    pages = [p.extract_text() or "" for p in reader.pages]
    pages = [_body(text) for text in pages]
    return load_book(root), reader, pages, reader.page_labels.index("1"), where


def _body(page: str) -> str:
    """A page's text without its running head and folio."""
    return "\n".join(line for line in page.splitlines()
                     if not re.fullmatch(r"\s*(\d+|Sidorna|Kapitel \d)\s*", line))


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", text)


def _register_lines(pages: list[str], first: int) -> dict[str, str]:
    at = next(i for i, t in enumerate(pages) if "Personregister" in t and i > first)
    lines = {}
    for line in "\n".join(pages[at:]).splitlines():
        match = re.match(r"^(\D+?) ([\d–, ]+)$", line.strip())
        if match:
            lines[match.group(1)] = match.group(2)
    return lines


def _pages_of(mention_text: str, pages: list[str]) -> list[int]:
    """The pages a name is printed on (its first letter's page when it is split over two)."""
    want = _letters(mention_text)
    found = [i for i, t in enumerate(pages) if want in _letters(t)]
    for i in range(len(pages) - 1):  # hyphenated over a page break
        tail = _letters(pages[i])[-len(want):]
        if not found and any(tail.endswith(want[:k]) and _letters(pages[i + 1]).startswith(
                want[k:]) for k in range(2, len(want) - 1)):
            found.append(i)
    return found


def test_every_person_has_the_page_it_is_printed_on(printed):
    book, _, pages, first, _ = printed
    lines = _register_lines(pages, first)
    persons = [e for e in book.register if e.kind == "person"]
    assert len(persons) >= 80
    for entry in persons:
        assert len(entry.mentions) == 1, entry.name
        where = _pages_of(entry.mentions[0].text, pages)
        assert len(where) == 1, (entry.name, where)
        assert lines.get(entry.sort_as) == str(where[0] - first + 1), entry.name


def test_the_book_has_the_hard_cases(printed):
    """Names hyphenated at a line end, paragraphs over a page break with names on both pages,
    names in notes, captions, lists and quotations: all of them in the register."""
    book, _, pages, _, where = printed
    raw = re.sub(r"\s+", " ", " ".join(pages))
    found = {e.name for e in book.register if e.kind == "person"}
    everyone = [n for names in where["paragraphs"] for n in names]
    hyphenated = [n for n in everyone if n not in raw]
    assert len(hyphenated) >= 3, "too few names hyphenated at a line end"
    over_a_break = [names for names in where["paragraphs"]
                    if _pages_of(names[0], pages) != _pages_of(names[-1], pages)]
    assert len(over_a_break) >= 3, "too few paragraphs over a page break"
    for case in ("notes", "captions", "lists", "quotes"):
        assert where[case] and set(where[case]) <= found, case
    assert set(hyphenated) <= found


def test_register_links_lead_to_the_pages_of_the_mentions(printed):
    _, reader, pages, first, _ = printed
    at = next(i for i, t in enumerate(pages) if "Personregister" in t and i > first)
    checked = 0
    for index in range(at, len(reader.pages)):
        for annotation in reader.pages[index].get("/Annots") or ():
            annotation = annotation.get_object()
            destination = annotation.get("/Dest")
            if destination is None:
                continue
            target = reader.named_destinations.get(str(destination))
            assert target is not None, destination
            page = reader.get_destination_page_number(target)
            assert page < at
            checked += 1
    assert checked >= 80


def test_the_pdf_html_has_no_element_per_mention_and_the_others_keep_theirs(printed):
    """The PDF's HTML names the elements holding mentions (ixp-N), the one-file HTML and the
    EPUB keep an anchor per mention (ix-N)."""
    from bookgen.theme.folders import Theme
    from bookgen.writers.html import render_html

    book = printed[0]
    theme = Theme(book.root)
    pdf_html = render_html(book, theme, mention_holders=True)
    html = render_html(book, theme)
    mentions = sum(len(e.mentions) for e in book.register)
    assert 'id="ix-' not in pdf_html and pdf_html.count('id="ixp-') >= 30
    assert html.count('id="ix-') == mentions


def test_each_mention_is_found_at_its_own_letters(printed):
    """The text box found for a mention holds the mention's first letters right where the
    count says (after hyphens, soft hyphens, no-break spaces, note calls and emphasis)."""
    book, _, _, _, where = printed
    boxes = where["boxes"]
    mentions = [x for e in book.register for x in e.mentions]
    assert len(boxes) == len(mentions)
    for mention in mentions:
        text, skipped = boxes[mention.anchor]
        letters = _letters(text)
        assert letters[skipped:].startswith(_letters(mention.text)[:len(letters) - skipped]), \
            (mention.text, text, skipped)
