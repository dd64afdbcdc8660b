"""A long book for the benchmark: deterministic, varied Swedish prose with dates in it.

    .venv/bin/python bench/longbook.py /tmp/lang-bok --pages 300

Sentences are drawn by a seeded generator from word lists, so the same ``pages`` and ``seed``
always give the same files. The text has what the memoir has, in the same proportions or more:
real Swedish dates ("den 3 maj 1998", "hösten 2004", "i mars 2001"), numbers with a thin
thousands gap ("2 100 personer"), quotations, lists, headings inside chapters and one sentence
per line, so the reader, the typography and the timeline transforms all have work to do.

Like a real memoir it also has what the timeline must get right at this size: a foreword that
ends with a dateline ("Sundsvall i mars 2012"), photos with dated captions, intervals across
seasons ("från hösten 2001 till våren 2003"), "i mitten av 1970-talet", plain years in ordinary
sentences, footnote marks after a period and one far-off mention ("1200-talet") that must not
stretch the drawing's axis.

``WORDS_PER_PAGE`` was measured: an A5 page of the built-in theme in EB Garamond holds about
that many words of this prose (``bench/run.py`` prints the page counts it gets).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS_PER_PAGE = 185
WORDS_PER_CHAPTER = 25 * WORDS_PER_PAGE

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
SEASONS = ["våren", "sommaren", "hösten", "vintern"]
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

PEOPLE = ["kommunstyrelsens ordförande", "ekonomichefen", "min närmaste kollega",
          "personalchefen", "en ny medarbetare", "förvaltningschefen", "revisorerna",
          "ledningsgruppen", "fackets representant", "oppositionsrådet", "Anna Lindqvist",
          "Göran Dahlström", "kommunens jurist", "den nya nämnden", "vår informatör"]
VERBS = ["föreslog", "beslutade", "ifrågasatte", "presenterade", "diskuterade", "skrev om",
         "ritade upp", "försvarade", "kritiserade", "utvärderade", "lyfte fram", "stoppade",
         "förankrade", "sammanfattade", "räknade på"]
THINGS = ["budgeten", "en ny organisation", "styrsystemet", "lönerevisionen",
          "kommunikationsplanen", "det gemensamma intranätet", "servicecentret",
          "processkartan", "medarbetarenkäten", "den långsiktiga planen", "rekryteringen",
          "mötesordningen", "samverkansavtalet", "uppföljningen av målen", "hela förslaget"]
PLACES = ["i stadshuset", "på kommunledningsförvaltningen", "i sammanträdesrummet",
          "på personalkontoret", "i Katrineholm", "i Eskilstuna", "på en konferens i Örebro",
          "vid fikabordet", "i korridoren", "på Alfa Laval", "hemma vid köksbordet",
          "i fullmäktigesalen", "på tåget till Stockholm"]
MANNERS = ["utan att tveka", "efter en lång diskussion", "med viss tvekan",
           "till allas förvåning", "helt enligt planen", "något motvilligt",
           "med stort engagemang", "i all hast", "trots protesterna", "för första gången"]
FEELINGS = ["Det var en svår tid.", "Nu i efterhand förstår jag hur naivt det var.",
            "Det kändes både roligt och lovande.", "Ingen hade räknat med det.",
            "Sannolikt var det minst lika jobbigt för dem.", "Det var tufft att lämna.",
            "Jag har ofta tänkt på det sedan dess.", "Det fungerade bättre än väntat.",
            "Vi lärde oss mycket av det.", "Det blev en vändpunkt."]
QUOTES = ["Det är ju du som är förvaltningschef nu, det är inte mitt jobb längre",
          "Vi måste våga prioritera, annars gör vi ingenting ordentligt",
          "Kommunikation är inte något man gör efteråt",
          "Skriv kort, skriv klart och skriv till den som ska läsa",
          "Ett styrsystem är bara så bra som samtalen det leder till",
          "Vi har inte råd att låta bli"]
NOUNS = ["personer", "medarbetare", "kronor", "ärenden", "besökare", "timmar", "sidor",
         "invånare", "ansökningar", "möten"]
LIST_ITEMS = ["Formellt styrsystem", "Organisationssystem", "Ledningssystem",
              "Uppföljning och analys", "Intern kommunikation", "Extern kommunikation",
              "Kompetensförsörjning", "Arbetsmiljö", "Ekonomi i balans", "Medborgardialog",
              "Digital service", "Lokalförsörjning"]
HEADINGS = ["Ett nytt uppdrag", "Budgetarbetet", "Omorganisationen", "Samtal i korridoren",
            "Ledningsgruppen", "Kommunikationen", "Ett svårt beslut", "Uppföljningen",
            "Nya medarbetare", "Ett år senare", "Sommaren", "Avslutningen"]
CHAPTER_TITLES = ["Utnämningen", "De första månaderna", "En ny förvaltning",
                  "Tre ledningsprinciper", "Kommunikation", "Budgetåren", "Omvärlden",
                  "Medarbetarna", "Styrsystemet", "Kriser och lärdomar", "Samverkan",
                  "Avskedet", "Efteråt", "Tillbakablick"]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.year = 1996  # advanced chapter by chapter, so the timeline spans the years
        self.notes: list[str] = []

    def date(self) -> str:
        rng = self.rng
        year = self.year + (rng.random() < 0.2)
        kind = rng.randrange(5)
        month = rng.randrange(12)
        if kind == 0:
            return f"den {rng.randint(1, DAYS[month])} {MONTHS[month]} {year}"
        if kind == 1:
            return f"{rng.choice(SEASONS)} {year}"
        if kind == 2:
            return f"i {MONTHS[month]} {year}"
        if kind == 3:
            return f"under {year}"
        return f"i början av {MONTHS[month]} {year}"

    def number(self) -> str:
        rng = self.rng
        value = rng.choice([rng.randint(2, 40), rng.randint(100, 950),
                            rng.randint(1000, 99000) // 100 * 100])
        text = f"{value:,}".replace(",", " ")
        return f"{text} {rng.choice(NOUNS)}"

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.random()
        who, verb, what = rng.choice(PEOPLE), rng.choice(VERBS), rng.choice(THINGS)
        if kind < 0.10:
            text = f"{_upper_first(self.date())} {verb} {who} {what} {rng.choice(PLACES)}."
        elif kind < 0.26:
            text = (f"{_upper_first(who)} {verb} {what} {rng.choice(MANNERS)}, och "
                    f"det berörde ungefär {self.number()}.")
        elif kind < 0.34:
            text = rng.choice(FEELINGS)
        elif kind < 0.40:
            text = f'{_upper_first(who)} sade: "{rng.choice(QUOTES)}."'
        elif kind < 0.70:
            text = (f"{_upper_first(who)} {verb} {what} {rng.choice(PLACES)} "
                    f"{rng.choice(MANNERS)}.")
        else:
            text = (f"Sedan {verb} {rng.choice(PEOPLE)} {what}, medan {rng.choice(PEOPLE)} "
                    f"{rng.choice(VERBS)} {rng.choice(THINGS)} {rng.choice(PLACES)}.")
        return _upper_first(text)

    def memoir_sentence(self) -> str:
        """The forms of a real memoir's dates (see the module's docstring)."""
        rng, year = self.rng, self.year
        kind = rng.randrange(4)
        if kind == 0:
            return (f"Från hösten {year} till våren {year + 2} {rng.choice(VERBS)} "
                    f"{rng.choice(PEOPLE)} {rng.choice(THINGS)}.")
        if kind == 1:
            return (f"I mitten av 1970-talet {rng.choice(VERBS)} {rng.choice(PEOPLE)} "
                    f"{rng.choice(THINGS)}.")
        if kind == 2:
            return f"Vi köpte den gamla radion {year - rng.randint(1, 5)}."
        return self.note(f"{_upper_first(rng.choice(PEOPLE))} {rng.choice(VERBS)} "
                         f"{rng.choice(THINGS)} {year}.")

    def note(self, sentence: str) -> str:
        """The sentence with a footnote mark after its period (the note goes at the chapter's end)."""
        self.notes.append(f"Enligt protokollet från {self.rng.choice(MONTHS)} {self.year}.")
        return f"{sentence}[^{len(self.notes)}]"

    def paragraph(self) -> list[str]:
        rng = self.rng
        return [self.memoir_sentence() if rng.random() < 0.03 else self.sentence()
                for _ in range(rng.randint(3, 8))]

    def figure(self) -> list[str]:
        rng = self.rng
        season = rng.choice(SEASONS)
        return [f'![Ett fotografi](bilder/foto.png "{_upper_first(rng.choice(PEOPLE))} '
                f'{rng.choice(PLACES)}, {season} {self.year}")']

    def chapter(self, title: str, words: int) -> str:
        rng = self.rng
        lines = ["---", f"title: {title}", "---", ""]
        self.notes = []
        count = 0
        while count < words:
            roll = rng.random()
            if roll < 0.01:
                block = self.figure()
            elif roll < 0.06:
                block = [f"## {rng.choice(HEADINGS)}"]
            elif roll < 0.11:
                block = [f"> {rng.choice(QUOTES)}"]
            elif roll < 0.15:
                block = [f"- {item}" for item in rng.sample(LIST_ITEMS, rng.randint(2, 5))]
            else:
                block = self.paragraph()
            lines += [*block, ""]
            count += sum(len(line.split()) for line in block)
        lines += [f"[^{n}]: {text}\n" for n, text in enumerate(self.notes, 1)]
        return "\n".join(lines)


BOOK_TOML = """[book]
title = "En lång bok"
subtitle = "Benchmarkens bok, {pages} sidor"
authors = ["Bänk Marksson"]
language = "sv"
date = "2011"
identifier = "urn:uuid:7d1e1c40-6a0b-4f3e-9b7a-{pages:012d}"

[style]
typeface = "EB Garamond"

[pdf]
paper = "A5"
"""


FOREWORD = """---
title: Förord
---

Det här är berättelsen om mina år i kommunen. Den första kyrkan i socknen byggdes på
1200-talet, men min historia börjar mycket senare.

Jag vill tacka alla som läst och kommenterat.

Sundsvall i mars 2012
Bänk Marksson
"""


def _photo() -> bytes:
    """A small grey PNG, so the figures have an image to show without a binary file in git."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1400, 930), 160).save(buffer, "PNG")
    return buffer.getvalue()


def generate(folder: Path | str, pages: int = 300, seed: int = 2011) -> Path:
    """Write a book of about ``pages`` A5 pages into ``folder`` (created; content/ replaced)."""
    folder = Path(folder)
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    for old in content.glob("*.md"):
        old.unlink()
    (folder / "book.toml").write_text(BOOK_TOML.format(pages=pages), encoding="utf-8")
    writer = Writer(seed)
    (folder / "content" / "bilder").mkdir(exist_ok=True)
    (folder / "content" / "bilder" / "foto.png").write_bytes(_photo())
    (content / "00-forord.md").write_text(FOREWORD, encoding="utf-8")
    words = pages * WORDS_PER_PAGE
    chapters = max(1, round(words / WORDS_PER_CHAPTER))
    for number in range(chapters):
        title = CHAPTER_TITLES[number % len(CHAPTER_TITLES)]
        if number >= len(CHAPTER_TITLES):
            title += f" {number // len(CHAPTER_TITLES) + 1}"
        writer.year = 1996 + number * 15 // chapters
        text = writer.chapter(title, words // chapters)
        (content / f"{number + 1:02d}-kapitel-{number + 1}.md").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2011)
    args = parser.parse_args()
    print(generate(args.folder, args.pages, args.seed))


if __name__ == "__main__":
    main()
