"""English date expressions: the words and the rule table (registered as ``en``)."""

from __future__ import annotations

import re

from bookgen.transforms.timeline import builders as b
from bookgen.transforms.timeline.builders import Relative, Words
from bookgen.transforms.timeline.rules import Language, Result, Rule, State, alternation, register, year_pattern

MONTHS = dict(zip(
    "january february march april may june july august september october november december".split(),
    range(1, 13),
))
ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                 "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
          "eighteenth nineteenth twentieth").split()
ORDINALS = {w: i for i, w in enumerate(_UNITS + _TEENS, 1)}
ORDINALS.update({f"twenty-{w}": 20 + i for i, w in enumerate(_UNITS, 1)})
ORDINALS.update({f"twenty {w}": 20 + i for i, w in enumerate(_UNITS, 1)})
ORDINALS.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31})
NUMBERS = dict(zip(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split(),
    range(1, 21),
))
NUMBERS["a"] = 1
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
HOLIDAYS = {
    "christmas": "christmas", "christmas eve": "christmas eve", "christmas day": "christmas day",
    "boxing day": "boxing day", "new year's eve": "new year's eve",
    "new year's day": "new year's day", "midsummer": "midsummer",
    "midsummer eve": "midsummer eve", "midsummer's eve": "midsummer eve", "easter": "easter",
    "easter sunday": "easter sunday", "easter monday": "easter monday",
    "good friday": "good friday", "thanksgiving": "thanksgiving", "halloween": "halloween",
}
DECADE_WORDS = {w: 1900 + 10 * i for i, w in enumerate(
    "tens twenties thirties forties fifties sixties seventies eighties nineties".split(), 1)}

_N = r"(?P<n>\d{1,2}|" + alternation(NUMBERS) + ")"
_REL = [
    (r"(?:that|the) same year|that year|the same year", "context", 0),
    (r"the (?:following|next|subsequent) year|the year after|a year later", "context", 1),
    (r"the (?:previous|preceding|prior) year|the year before|a year (?:earlier|before)",
     "context", -1),
    (rf"{_N} years? (?:later|after|afterwards|on)", "context", 1),
    (rf"{_N} years? (?:earlier|before|previously)", "context", -1),
    (r"this year|this very year", "book", 0),
    (r"last year", "book", -1),
    (r"next year", "book", 1),
]
WORDS = Words(
    months=MONTHS, abbreviations=ABBREVIATIONS, ordinals=ORDINALS, numbers=NUMBERS,
    seasons=SEASONS, holidays=HOLIDAYS, decade_words=DECADE_WORDS,
    relatives=tuple(Relative(re.compile(p), base, d) for p, base, d in _REL),
)

COUNT = alternation("""
    people persons visitors guests employees staff members residents inhabitants students pupils
    children kids homes houses apartments flats cars books copies pages words letters emails
    votes points dollars euros pounds kronor crowns sek usd eur gbp miles kilometres kilometers
    km meters metres m feet ft yards inches kg kilos lbs tons tonnes litres liters years days
    hours minutes seconds weeks months times units pieces items customers users participants
    attendees applicants jobs positions trees animals steps calories percent per cent
    followers readers posts photos songs managers colleagues workers patients beds rooms seats
    names signatures hits views
""".split())
VERBS = alternation("""
    was were is are saw brought began begins started marked became had has proved turned would
    will ended came went found passed arrived changed opened closed remained gave took made seemed
    felt looked could should might must did does brings sees marks
""".split())
AFTER_WEAK = alternation("""
    in at on to and but when with for after as because so then again too there here until
    before while where which that who from
""".split())
BEFORE_WEAK = frozenset("""
    about approximately around roughly nearly almost only just total number no page pages room
    chapter line bus flight route call code pin paid cost costs weighed weighs of with by to
    than over under plus minus times
""".split())
TRIGGERS = alternation([
    *"in since from until till by during before after throughout year circa around c.".split(),
    *"early late mid mid- budget".split(),
    "the end of", "the beginning of", "the middle of", "the start of", "the year",
    "the turn of", "the course of", "fiscal year", "fiscal", "the spring of",
])
GUESS_TRIGGERS = frozenset("circa around c. by".split())

_Y = year_pattern("y", COUNT)
_A = year_pattern("a", dash_ok=True)
_B_ANY = rf"(?P<b>1\d{{3}}|20\d{{2}}|2100|\d\d)(?![\w%]|[.,:/]\d)(?!\s+(?:{COUNT})\b)"
_MON = rf"(?-i:{alternation(m.capitalize() for m in MONTHS)})"
_ABBR = rf"(?-i:{alternation(m.capitalize() for m in ABBREVIATIONS)})\.?"
_REL_TEXT = "|".join(p.replace("(?P<n>", "(?:") for p, _, _ in _REL)
_DAY = rf"(?:(?P<dn>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?|(?P<dw>{alternation(ORDINALS)}))"
_WEEKDAY = r"(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?"
_PREP = (r"(?:in|during|since|until|till|by|from|after|before|early|late|mid-?|(?:in\s+)?early|"
         r"(?:in\s+)?late|(?:in\s+)?mid-?|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)")
_HOLIDAY = rf"(?-i:{alternation(h.title().replace('S Eve', 's Eve') for h in HOLIDAYS)})"


def _rule(name: str, pattern: str, build, digit: bool = True, needs=()) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build, digit, tuple(needs))


_MONTH_ROOTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASON_ROOTS = tuple(SEASONS)
_HOLIDAY_ROOTS = ("christmas", "boxing", "new year", "midsummer", "easter", "good friday",
                  "thanksgiving", "halloween")


def _month_day_year(m: re.Match, state: State) -> Result:
    """``March 12, 2004``; without its year only after ``on`` (``May 5`` is often not a date)."""
    if not (m.group("y") or m.group("on")):
        return None
    return b.full_date(WORDS)(m, state)


_QUALIFIERS = {"early": "early", "mid": "mid", "late": "late", "beginning of the": "early",
               "start of the": "early", "middle of the": "mid", "end of the": "late"}
_DAYS = {"yesterday": -1, "the day before yesterday": -2, "tomorrow": 1,
         "the day after tomorrow": 2}
_DECADE = (r"(?:(?<![\w.,/])'?(?P<d>1\d{2}0|20\d0|\d0)'?s\b"
           rf"|(?P<w>{alternation(DECADE_WORDS)})\b)")
_SEASON_OR_MONTH = ("(?:the\\s+)?(?:(?P<s{n}>" + alternation(SEASONS) + r")|(?P<m{n}>" + _MON
                    + r"))\s+(?:of\s+)?")
_END_A = rf"(?:{_SEASON_OR_MONTH.format(n=1)})?{_A}"
_END_B = rf"(?:{_SEASON_OR_MONTH.format(n=2)})?{_Y.replace('P<y>', 'P<b>')}"


def _century(m: re.Match, state: State) -> Result:
    return f"{int(m.group('c')) - 1:02d}XX", False


RULES = (
    _rule("day month year", rf"\b(?:{_WEEKDAY}\s+)?(?P<den>the\s+)?{_DAY}\s+(?:of\s+)?"
          rf"(?P<mon>{_MON}|{_ABBR})(?!\w)(?:,?\s+{_Y}|\s+(?P<rel>{_REL_TEXT})\b)?",
          b.full_date(WORDS), digit=False, needs=_MONTH_ROOTS),
    _rule("month day year", rf"(?P<on>\bon\s+)?\b(?:{_WEEKDAY}\s+)?(?P<mon>{_MON}|{_ABBR})(?!\w)\s+"
          rf"(?P<den>the\s+)?{_DAY}(?![\w:.,]\d)(?:,?\s+{_Y})?(?!\s+(?:{COUNT})\b)",
          _month_day_year, digit=False, needs=_MONTH_ROOTS),
    _rule("iso date", r"(?<![\w.,/-])(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)"
          r"(?![\w-]|[.,]\d)", b.numeric_date),
    _rule("month and year", rf"\b(?P<mon>{_MON})\s+(?:of\s+)?{_Y}", b.month(WORDS),
          needs=_MONTH_ROOTS),
    _rule("month alone", rf"\b{_PREP}\s+(?P<mon>{_MON})\b(?!\s*,?\s*\d)"
          rf"(?:\s+(?P<rel>{_REL_TEXT})\b)?", b.month(WORDS), digit=False, needs=_MONTH_ROOTS),
    _rule("season and year", rf"\b(?P<s>{alternation(SEASONS)})\s+(?:of\s+)?{_Y}", b.season(WORDS),
          needs=_SEASON_ROOTS),
    _rule("season short year", rf"\b(?P<s>{alternation(SEASONS)})\s+(?:of\s+)?'(?P<yy>\d\d)(?![\w%]|[.,:]\d)",
          b.season(WORDS), digit=False, needs=_SEASON_ROOTS),
    _rule("season alone", rf"\b(?:that(?:\s+same)?|the\s+same)\s+(?P<s>{alternation(SEASONS)})\b"
          r"(?!\s*(?:of\s+)?\d)", b.season(WORDS), digit=False, needs=_SEASON_ROOTS),
    _rule("season relative", rf"\b(?P<s>{alternation(SEASONS)})\s+(?:of\s+)?(?P<rel>{_REL_TEXT})\b",
          b.season(WORDS), digit=False, needs=_SEASON_ROOTS),
    _rule("holiday and year", rf"\b(?P<h>{_HOLIDAY})\s+(?:of\s+)?{_Y}", b.holiday(WORDS),
          needs=_HOLIDAY_ROOTS),
    _rule("holiday relative", rf"\b(?P<h>{_HOLIDAY})\s+(?P<rel>{_REL_TEXT})\b", b.holiday(WORDS),
          digit=False, needs=_HOLIDAY_ROOTS),
    _rule("relative day", rf"\b(?P<rd>{alternation(_DAYS)})\b", b.relative_day(_DAYS),
          digit=False, needs=("yesterday", "tomorrow")),
    _rule("qualified decade", rf"\b(?:(?:in\s+)?the\s+)?(?P<q>{alternation(_QUALIFIERS)})"
          rf"[\s-]*{_DECADE}", b.qualified_decade(WORDS, _QUALIFIERS), digit=False,
          needs=("0s", "0's", "ties", "tens")),
    _rule("season interval", rf"\b(?=(?:from|between|the|{alternation(SEASONS)}|{_MON})\s)"
          rf"(?:(?P<between>between\s+)|from\s+)?{_END_A}\s*"
          rf"(?:to|until|till|through|-|(?(between)and|(?!)))\s*{_END_B}",
          b.season_interval(WORDS), needs=_SEASON_ROOTS),
    _rule("month interval", rf"\b(?=(?:from|between|the|{alternation(SEASONS)}|{_MON})\s)"
          rf"(?:(?P<between>between\s+)|from\s+)?{_END_A}\s*"
          rf"(?:to|until|till|through|-|(?(between)and|(?!)))\s*{_END_B}",
          b.season_interval(WORDS), needs=_MONTH_ROOTS),
    _rule("decade", r"(?<![\w.,/-])'?(?P<d>1\d{2}0|20\d0|\d0)'?s\b"
          rf"|\bthe\s+(?:early\s+|late\s+|mid-?\s*)?(?P<w>{alternation(DECADE_WORDS)})\b",
          b.decade(WORDS), digit=False, needs=("0s", "0's", "ties", "tens")),
    _rule("century", r"\b(?P<c>1\d|2[01])(?:st|nd|rd|th)[\s-]+century\b", _century,
          digit=False, needs=("century",)),
    _rule("between", rf"\bbetween\s+(?:the\s+years\s+)?{_A}\s+and\s+{_B_ANY}", b.interval(1500)),
    _rule("from to", rf"\bfrom\s+(?:the\s+year\s+)?{_A}\s*(?:to|until|till|through|-)\s*{_B_ANY}",
          b.interval(1500)),
    _rule("span", rf"{_A}\s?-\s?(?P<b>1\d{{3}}|20\d{{2}}|\d\d)(?![\w%]|[.,:/]\d|-\d)"
          rf"(?!\s+(?:{COUNT})\b)", b.interval(1800)),
    _rule("relative", rf"\b(?P<rel>{_REL_TEXT})\b(?!\s*-?\s*\d)(?!'s)", b.relative(WORDS),
          digit=False, needs=("year",)),
    _rule("year after trigger", rf"\b(?P<t>{TRIGGERS})\s*{_Y}",
          b.year(1800, 2100, guess_words=GUESS_TRIGGERS)),
    _rule("year of", rf"\b(?P<t>the\s+year|year)\s+{_Y}", b.year(1000, 2100)),
    _rule("year genitive", rf"{year_pattern('y')}'s\b", b.year(1000, 2100)),
    _rule("year first", rf"\A[\s\"'(\[-]*{_Y}(?=\s*,|\s+(?:and|or)\s+\d{{4}}|\s+(?:{VERBS}|[a-z]+ed)\b)",
          b.year(1500, 2100)),
    _rule("year as adjective", rf"\bthe\s+{_Y}(?=\s+[a-z])", b.year(1900, 2099, guessed=True)),
    _rule("year in a list", rf"(?<=\d)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_Y}",
          b.chained_year),
    _rule("bare year", rf"(?<=[a-z] ){_Y}(?=\s*[.!?;:)\"',]|\s*$|\s+(?:{AFTER_WEAK})\b)",
          b.weak_year(BEFORE_WEAK)),
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NEEDS_TODAY = re.compile(r"\b(?:this year|last year|next year|yesterday|the day before yesterday)\b",
                         re.IGNORECASE)

register(Language("en", RULES, WEEKDAYS, NEEDS_TODAY))
