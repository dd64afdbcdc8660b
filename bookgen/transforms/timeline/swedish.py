"""Swedish date expressions: the words and the rule table (registered as ``sv``)."""

from __future__ import annotations

import re

from bookgen.transforms.timeline import builders as b
from bookgen.transforms.timeline.builders import Relative, Words
from bookgen.transforms.timeline.rules import Language, Rule, alternation, register, year_pattern

MONTHS = dict(zip(
    "januari februari mars april maj juni juli augusti september oktober november december".split(),
    range(1, 13),
))
ABBREVIATIONS = {"jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "aug": 8, "sep": 9,
                 "sept": 9, "okt": 10, "nov": 11, "dec": 12}
_ORDINAL_WORDS = (
    "första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde elfte tolfte trettonde "
    "fjortonde femtonde sextonde sjuttonde artonde nittonde tjugonde"
).split()
ORDINALS = {w: i for i, w in enumerate(_ORDINAL_WORDS, 1)}
ORDINALS.update({f"tjugo{w}": 20 + i for i, w in enumerate(_ORDINAL_WORDS[:9], 1)})
ORDINALS.update({"trettionde": 30, "trettioförsta": 31})
NUMBERS = dict(zip(
    "ett en två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton "
    "arton nitton tjugo".split(),
    [1, 1, *range(2, 21)],
))
SEASONS = {
    **dict.fromkeys("våren vårvintern vårterminen förvåren senvåren".split(), 21),
    **dict.fromkeys("sommaren sommar försommaren sensommaren högsommaren sommarlovet".split(), 22),
    **dict.fromkeys("hösten höst höstterminen förhösten senhösten".split(), 23),
    **dict.fromkeys("vintern vinter förvintern midvintern".split(), 24),
}
HOLIDAYS = {
    **dict.fromkeys(["jul", "julen", "julhelgen"], "christmas"),
    **dict.fromkeys(["julafton", "julaftonen"], "christmas eve"),
    **dict.fromkeys(["juldagen"], "christmas day"),
    "annandag jul": "boxing day",
    **dict.fromkeys(["nyårsafton", "nyårsaftonen"], "new year's eve"),
    "nyårsdagen": "new year's day",
    **dict.fromkeys(["midsommar", "midsommaren", "midsommarhelgen"], "midsummer"),
    **dict.fromkeys(["midsommarafton", "midsommaraftonen"], "midsummer eve"),
    **dict.fromkeys(["påsk", "påsken", "påskhelgen", "påsklovet"], "easter"),
    "påskdagen": "easter sunday",
    "långfredagen": "good friday",
    "påskafton": "easter eve",
    "annandag påsk": "easter monday",
    **dict.fromkeys(["valborg", "valborgsmässoafton"], "walpurgis"),
    "nationaldagen": "national day",
    **dict.fromkeys(["lucia", "luciadagen"], "lucia"),
    **dict.fromkeys(["trettondagen", "trettondedag jul"], "epiphany"),
}
DECADE_WORDS = {f"{w}talet": 1900 + 10 * i for i, w in enumerate(
    "tio tjugo trettio fyrtio femtio sextio sjuttio åttio nittio".split(), 1)}

_N = r"(?P<n>\d{1,2}|" + alternation(NUMBERS) + ")"
_REL = [
    (r"samma år|samma året|det året|detta år|det här året", "context", 0),
    (r"året (?:därpå|därefter|efter)|(?:på)?följande år|nästkommande år"
     r"|ett år (?:senare|därefter|efteråt)|efter ett år", "context", 1),
    (r"året (?:innan|före|dessförinnan)|föregående år|ett år (?:tidigare|innan|före)", "context", -1),
    (rf"{_N} år (?:senare|därefter|efteråt)", "context", 1),
    (rf"efter {_N} år", "context", 1),
    (rf"{_N} år (?:tidigare|innan|före|dessförinnan)", "context", -1),
    (r"i år", "book", 0),
    (r"i fjol|förra året", "book", -1),
    (r"nästa år", "book", 1),
]
WORDS = Words(
    months=MONTHS, abbreviations=ABBREVIATIONS, ordinals=ORDINALS, numbers=NUMBERS,
    seasons=SEASONS, holidays=HOLIDAYS, decade_words=DECADE_WORDS,
    relatives=tuple(Relative(re.compile(p), base, d) for p, base, d in _REL),
)

# What a number counts: a number followed by one of these is never a year.
COUNT = alternation("""
    kr kronor kronors sek tkr mkr mnkr miljoner miljarder tusen hundra euro dollar pund procent
    st stycken styck personer människor invånare besökare besök medarbetare anställda elever barn
    bostäder lägenheter hus villor år åren dagar dygn timmar minuter sekunder veckor månader sidor
    ord exemplar böcker deltagare medlemmar kunder platser meter m km mil kg kilo ton liter gram
    kvm kvadratmeter hektar poäng röster ärenden fall gånger tecken mail brev svar ansökningar
    sökande tjänster jobb arbetstillfällen skolor företag bilar träd djur mål gäster patienter
    studenter steg varv grader kalorier bitar paket flaskor timmars sidors kronors meters
    chefer ledamöter anmälningar följare visningar läsare inlägg artiklar bilder foton låtar
    ex mg ml cl dl hk kw kwh mb gb tim min sek
""".split())
VERBS = alternation("""
    var blev fick kom gick såg tog gav for drog bröt skrev höll låg satt stod fanns sa sade lät
    gjorde hade har är blir får kommer går tar ger gör ser finns sker skedde hände händer kan
    kunde ska skulle vill ville måste dog föddes flyttade startade började slutade bytte
    vann förlorade blev
""".split())
SUBJECTS = alternation("vi jag han hon de dom det man du ni den detta dessa alla".split())
_VERB_END = r"[a-zåäö]+(?:ade|ades|de|des|dde|ddes|te|tes|tte|ttes|as|ats|ts|ds|gs|ks)"
AFTER_WEAK = alternation("""
    i på till från och men när då som med efter för vid under hos inom innan eftersom så samt
    hem hit dit igen också även inte tillbaka tillsammans ut in upp ner där direkt genast
""".split())
BEFORE_WEAK = frozenset("""
    ca cirka c:a över drygt knappt nästan bara endast enbart hela totalt sammanlagt nummer nr
    sidan sida sid kapitel rum kl klockan linje buss tåg kostade kostar vägde väger mätte mäter
    räknade räknar med av om på tel telefon postnummer box konto kod plus minus gånger
""".split())

TRIGGERS = alternation([
    *"år året från sedan redan under efter före innan inför till budget budgeten budgetåret".split(),
    *"verksamhetsåret räkenskapsåret hela t.o.m. fr.o.m. tom fom valet senast tidigast".split(),
    *"alltsedan kring runt omkring mot vid".split(),
    "fram till", "till och med", "från och med", "slutet av", "början av", "mitten av",
])
GUESS_TRIGGERS = frozenset("kring runt omkring mot vid".split())

_Y = year_pattern("y", COUNT)
_A = year_pattern("a", dash_ok=True)
_B = year_pattern("b", COUNT)
_B_ANY = rf"(?P<b>1\d{{3}}|20\d{{2}}|2100|\d\d)(?![\w%]|[.,:/]\d)(?!\s+(?:{COUNT})\b)"
_MON = alternation(MONTHS)
_REL_TEXT = "|".join(p.replace("(?P<n>", "(?:") for p, _, _ in _REL)
_DAY = rf"(?:(?P<dn>3[01]|[12]\d|0?[1-9])(?::[ae])?|(?P<dw>{alternation(ORDINALS)}))"
_WEEKDAY = r"(?P<wd>(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?)"
_PREP = r"(?:i|under|från|sedan|till|efter|före|innan|inför|av|hela|fram\s+till)"


def _rule(name: str, pattern: str, build, digit: bool = True, needs=()) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build, digit, tuple(needs))


_MONTH_ROOTS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_SEASON_ROOTS = ("vår", "sommar", "höst", "vinter")
_HOLIDAY_ROOTS = ("jul", "påsk", "midsommar", "nyår", "valborg", "nationaldag", "lucia",
                  "trettond", "långfredag")


_PAST_SEASONS = {"våras": 21, "somras": 22, "höstas": 23, "vintras": 24}


def _season_past(m: re.Match, state) -> b.Result:
    """``i somras``: the season just past: before the date of writing when its month is known
    ("i somras" in March 2011 is summer 2010), else in the book's year (a guess)."""
    code = _PAST_SEASONS[m.group("s").lower()]
    today = state.context.today or ""
    if len(today) >= 7:
        year, month = int(today[:4]), int(today[5:7])
        start = {21: 3, 22: 6, 23: 9, 24: 12}[code]
        return f"{year if start < month else year - 1}-{code}", False
    year = state.context.book_year
    return (f"{year}-{code}", True) if year else None


_QUALIFIERS = {"början": "early", "mitten": "mid", "slutet": "late"}
_DAYS = {"i förrgår": -2, "förrgår": -2, "i går": -1, "igår": -1, "i morgon": 1, "imorgon": 1,
         "i övermorgon": 2}
_DECADE = (r"(?:(?<![\w.,/-])(?P<d>1\d{2}0|20\d0|\d0)\s?-\s?tal(?:et|ets|en)?\b"
           rf"|(?P<w>{alternation(DECADE_WORDS)}))")
_SEASON_OR_MONTH = "(?:(?P<s{n}>" + alternation(SEASONS) + r")|(?P<m{n}>" + _MON + r"))\s+(?:år\s+)?"
_END_A = rf"(?:{_SEASON_OR_MONTH.format(n=1)})?(?:år\s+)?{_A}"
_END_B = rf"(?:{_SEASON_OR_MONTH.format(n=2)})?(?:år\s+)?{_Y.replace('P<y>', 'P<b>')}"


RULES = (
    _rule("full date", rf"\b(?:{_WEEKDAY}\s+)?(?P<den>den\s+)?{_DAY}\s+(?:i\s+)?"
          rf"(?P<mon>{_MON}|{alternation(ABBREVIATIONS)}\.?)(?!\w)"
          rf"(?:\s+(?:år\s+)?{_Y}|\s+(?P<rel>{_REL_TEXT})\b)?", b.full_date(WORDS),
          digit=False, needs=_MONTH_ROOTS),
    _rule("iso date", r"(?<![\w.,/-])(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)"
          r"(?![\w-]|[.,]\d)", b.numeric_date),
    _rule("numeric date", r"(?<![\w./-])(?P<d>[12]\d|3[01]|0?[1-9])/(?P<m>1[0-2]|0?[1-9])"
          r"(?:\s+|-)(?P<y>1\d{3}|20\d{2})(?![\w%]|[.,:/]\d)", b.numeric_date),
    _rule("month range", rf"\b(?P<m1>{_MON})\s*(?:-|till)\s*(?P<m2>{_MON})\s+(?:år\s+)?{_Y}",
          b.month_range(WORDS), needs=_MONTH_ROOTS),
    _rule("month and year", rf"\b(?P<mon>{_MON})\s+(?:år\s+)?{_Y}", b.month(WORDS),
          needs=_MONTH_ROOTS),
    _rule("month alone", rf"\b{_PREP}\s+(?P<mon>{_MON})\b(?!\s*-?\s*\d)"
          rf"(?:\s+(?P<rel>{_REL_TEXT})\b)?", b.month(WORDS), digit=False, needs=_MONTH_ROOTS),
    _rule("season and year", rf"\b(?P<s>{alternation(SEASONS)})\s+(?:år\s+)?{_Y}", b.season(WORDS),
          needs=_SEASON_ROOTS),
    _rule("season short year", rf"\b(?P<s>{alternation(SEASONS)})\s+[-']\s?(?P<yy>\d\d)(?![\w%]|[.,:]\d)",
          b.season(WORDS), digit=False, needs=_SEASON_ROOTS),
    _rule("month short year", rf"\b(?P<mon>{_MON})\s+[-']\s?(?P<yy>\d\d)(?![\w%]|[.,:]\d)",
          b.month(WORDS), digit=False, needs=_MONTH_ROOTS),
    _rule("season just past", r"\bi\s+(?P<s>somras|våras|höstas|vintras)\b", _season_past,
          digit=False, needs=("as",)),
    _rule("season alone", rf"\b(?:{_PREP}|samma|den|denna)\s+(?P<s>{alternation(SEASONS)})\b"
          rf"(?!\s*-?\s*\d)(?:\s+(?P<rel>{_REL_TEXT})\b)?", b.season(WORDS),
          digit=False, needs=_SEASON_ROOTS),
    _rule("season relative", rf"\b(?P<s>{alternation(SEASONS)})\s+(?P<rel>{_REL_TEXT})\b",
          b.season(WORDS), digit=False, needs=_SEASON_ROOTS),
    _rule("holiday and year", rf"\b(?P<h>{alternation(HOLIDAYS)})\s+(?:år\s+)?{_Y}",
          b.holiday(WORDS), needs=_HOLIDAY_ROOTS),
    _rule("holiday relative", rf"\b(?P<h>{alternation(HOLIDAYS)})\s+(?P<rel>{_REL_TEXT})\b",
          b.holiday(WORDS), digit=False, needs=_HOLIDAY_ROOTS),
    _rule("relative day", rf"\b(?P<rd>{alternation(_DAYS)})\b", b.relative_day(_DAYS),
          digit=False, needs=("går", "morgon")),
    _rule("qualified decade", rf"\b(?:i\s+)?(?P<q>början|mitten|slutet)\s+(?:av|på)\s+{_DECADE}",
          b.qualified_decade(WORDS, _QUALIFIERS), digit=False, needs=("tal",)),
    _rule("season interval", rf"\b(?=(?:från|mellan|{alternation(SEASONS)}|{_MON})\s)"
          rf"(?:(?P<between>mellan\s+)|från\s+(?:och\s+med\s+)?)?"
          rf"{_END_A}\s*(?:till|fram\s+till|-|(?(between)och|(?!)))\s*(?:och\s+med\s+)?{_END_B}",
          b.season_interval(WORDS), needs=_SEASON_ROOTS),
    _rule("month interval", rf"\b(?=(?:från|mellan|{alternation(SEASONS)}|{_MON})\s)"
          rf"(?:(?P<between>mellan\s+)|från\s+(?:och\s+med\s+)?)?"
          rf"{_END_A}\s*(?:till|fram\s+till|-|(?(between)och|(?!)))\s*(?:och\s+med\s+)?{_END_B}",
          b.season_interval(WORDS), needs=_MONTH_ROOTS),
    _rule("decade", r"(?<![\w.,/-])(?P<d>1\d{2}0|20\d0|\d0)\s?-\s?tal(?:et|ets|en)?\b"
          rf"|\b(?P<w>{alternation(DECADE_WORDS)})", b.decade(WORDS), digit=False, needs=("tal",)),
    _rule("between", rf"\bmellan\s+(?:åren\s+)?{_A}\s+och\s+(?:år\s+)?{_B_ANY}", b.interval(1500)),
    _rule("from to", rf"\b(?:från\s+(?:och\s+med\s+)?|åren\s+)(?:år\s+)?{_A}\s*"
          rf"(?:till|fram\s+till|-|och)\s*(?:och\s+med\s+)?(?:år\s+)?{_B_ANY}", b.interval(1500)),
    _rule("span", rf"{_A}\s?-\s?(?P<b>1\d{{3}}|20\d{{2}}|\d\d)(?![\w%]|[.,:/]\d|-\d)"
          rf"(?!\s+(?:{COUNT})\b)", b.interval(1800)),
    _rule("relative", rf"\b(?P<rel>{_REL_TEXT})\b(?!\s*-?\s*\d)", b.relative(WORDS),
          digit=False, needs=("år", "fjol")),
    _rule("year after trigger", rf"\b(?P<t>{TRIGGERS})\s+(?:år\s+)?{_Y}",
          b.year(1800, 2100, guess_words=GUESS_TRIGGERS)),
    _rule("year of", rf"\b(?P<t>år|året)\s+{_Y}", b.year(1000, 2100)),
    _rule("year genitive", rf"{year_pattern('y')}\s+års\b", b.year(1000, 2100)),
    _rule("year first", rf"\A[\s\"'(\[-]*{_Y}(?=\s*,|\s+(?:och|eller|samt)\s+\d{{4}}|\s+(?:{VERBS}|{_VERB_END})\b"
          rf"|\s+[a-zåäö]+r\s+(?:{SUBJECTS})\b)", b.year(1500, 2100)),
    _rule("year before verb", rf"{_Y}(?=\s+(?:{VERBS}|{_VERB_END}|[a-zåäö]+r)\s+(?:{SUBJECTS})\b)",
          b.year(1800, 2100)),
    _rule("year in a list", rf"(?<=\d)(?:\s*,\s*|\s+(?:och|samt|eller|respektive)\s+)(?:år\s+)?{_Y}",
          b.chained_year),
    _rule("bare year", rf"(?<=[a-zåäö] ){_Y}(?=\s*[.!?;:)\"',]|\s*$|\s+(?:{AFTER_WEAK})\b)",
          b.weak_year(BEFORE_WEAK)),
)

WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
NEEDS_TODAY = re.compile(r"\b(?:i år|i fjol|förra året|nästa år|i går|igår|i förrgår|i somras|"
                         r"i våras|i höstas|i vintras)\b", re.IGNORECASE)

register(Language("sv", RULES, WEEKDAYS, NEEDS_TODAY))
