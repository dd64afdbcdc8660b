"""bookgen's own short word lists for finding names: what the packaged lexicons do not know.

Per language: capitalised words that are never names (months, weekdays, holidays, pronouns,
nationalities), titles that stand before a name without being part of it, the nouns whose
apposition tells a name's kind ("stadshuset Gröna Kullen", "företaget Stratsys"), words that
make a run of names an organisation, and the endings of surnames and place names.
"""

from __future__ import annotations

from dataclasses import dataclass


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Words:
    never: frozenset[str]          # lowercased: capitalised, but never a name
    titles: frozenset[str]         # lowercased: before a name, a person's, not part of it
    person_cues: frozenset[str]    # lowercased nouns just before a name: it is a person
    place_cues: frozenset[str]
    organisation_cues: frozenset[str]
    thing_cues: frozenset[str]     # "modellen Trappan", "the novel Emma": not in the register
    place_prepositions: frozenset[str]
    organisation_words: frozenset[str]  # "Katrineholms kommun", "Acme Ltd"
    place_words: frozenset[str]         # "Storgatan", "Lake Placid"
    particles: frozenset[str]      # lowercase words inside a name: "von", "af", "of"
    surname_endings: tuple[str, ...]
    place_endings: tuple[str, ...]
    genitive: tuple[str, ...]      # endings a name takes in the genitive
    demonyms: frozenset[str] = frozenset()  # lowercased: part of a longer name only
    place_bound: frozenset[str] = frozenset()  # "Länsstyrelsen i Södermanlands län"
    organisation_endings: tuple[str, ...] = ()  # "Riksrevisionen", "Skatteverket"
    place_bound_endings: tuple[str, ...] = ()  # "Handelshögskolan i Stockholm"
    determiners: frozenset[str] = frozenset()  # "sin gamla Volvo", "a Ford": a thing


_MONTHS_SV = "januari februari mars april maj juni juli augusti september oktober november december"
_DAYS_SV = "måndag tisdag onsdag torsdag fredag lördag söndag"
_HOLIDAYS_SV = ("jul julafton juldagen annandag nyår nyårsafton nyårsdagen påsk påskafton "
                "påskdagen midsommar midsommarafton midsommardagen valborg valborgsmässoafton "
                "trettondagen trettondagsafton pingst kristi himmelsfärd alla helgons dag "
                "lucia mårtensafton advent fettisdagen")

SWEDISH = Words(
    never=_set(f"{_MONTHS_SV} {_DAYS_SV} {_HOLIDAYS_SV} gud herren herregud jesus "
               "ok okej hej tack ja nej aha oj"),
    titles=_set("herr fru fröken doktor dr professor prof kung drottning prins prinsessan "
                "prinsen kungen drottningen greve grevinnan biskop kyrkoherde pastor kapten "
                "överste general direktör vd ordförande ordföranden statsminister minister "
                "landshövding kommunalråd kommunalrådet riksdagsman"),
    person_cues=_set("chefen ordföranden ordförande kollegan kollegor kollegorna vännen "
                     "väninnan systern brodern bror syster mamma pappa mor far mormor morfar "
                     "farmor farfar moster faster morbror farbror kusin kusinen sonen dottern "
                     "hustrun maken frun mannen sambon grannen läraren rektorn chef vd:n "
                     "direktören sekreteraren assistenten kommunchefen förvaltningschefen "
                     "personalchefen ekonomichefen kommunalrådet oppositionsrådet "
                     "administratören medarbetaren journalisten författaren präst prästen "
                     "hette heter kallades"),
    place_cues=_set("stadshuset huset gården gatan vägen torget sjön ön byn staden orten "
                    "socknen kvarteret parken hotellet skolan kyrkan slottet herrgården "
                    "stugan ån älven berget fjället landet länet landskapet stadsdelen "
                    "förorten restaurangen restaurang hotell"),
    organisation_cues=_set("företaget bolaget firman koncernen banken föreningen klubben "
                           "partiet förbundet tidningen myndigheten verket organisationen "
                           "kedjan fabriken leverantören konsultfirman byrån företag bolag "
                           "firma kedja förening klubb parti förbund tidning myndighet"),
    thing_cues=_set("modellen metoden systemet programmet projektet boken romanen filmen "
                    "låten skivan serien appen verktyget begreppet konceptet mässan "
                    "satsningen tjänsten produkten"),
    place_prepositions=_set("i från till mot genom utanför vid"),
    organisation_words=_set("ab kommun kommuns kommunen landsting region regionen förvaltning "
                            "universitet universitetet högskola högskolan skola gymnasium "
                            "förening föreningen förbund förbundet klubb if bk ff sk partiet "
                            "kyrka församling bank banken stiftelse stiftelsen bolag group "
                            "fonden akademi akademin institut institutet verket styrelsen "
                            "nämnden riksdagen regeringen departementet inc ltd kommuner landsting "
                            # newspapers: "Eskilstuna-Kuriren", "Göteborgs-Posten"
                            "kuriren posten tidningen tidning bladet nytt allehanda dagblad "
                            "nyheter"),
    place_words=_set("gata gatan väg vägen torg torget plan park parken sjön ön udden "
                     "backe backen berget dal dalen stan staden hotel hôtel hotell restaurang "
                     "café kafé krog pub"),
    particles=_set("von af de van der den du la och &"),
    surname_endings=("sson", "son", "ström", "gren", "qvist", "kvist", "blad", "stedt",
                     "dahl", "lund", "berg", "ander", "ius", "én", "ell", "mark", "ling",
                     "nius", "ing"),
    place_endings=("holm", "köping", "stad", "sund", "hamn", "fors", "torp", "ryd",
                   "åsen", "berga", "inge", "hult", "näs", "tuna", "åker", "by", "vik",
                   "ö", "ön", "ås", "borg", "land", "bo", "dal", "gatan", "vägen", "torget",
                   "berget", "backen", "udden", "näset", "viken", "holmen", "sjön", "ängen",
                   "skogen", "dalen", "gården", "parken", "kyrkan", "slottet", "hamnen",
                   "leden", "stigen"),
    genitive=("s",),
    demonyms=_set("svenska svenske norska danska finska engelska tyska franska"),
    place_bound=_set("länsstyrelsen landstinget tingsrätten hovrätten förvaltningsrätten "
                     "kammarrätten polisen stiftet regionen domkapitlet"),
    organisation_endings=("verket", "styrelsen", "revisionen", "inspektionen", "myndigheten",
                          "kassan", "nämnden", "rådet", "bolaget", "banken", "förbundet",
                          "kommissionen", "departementet", "förvaltningen", "rätten",
                          "ombudsmannen", "institutet", "akademien", "föreningen"),
    place_bound_endings=("högskolan", "universitetet", "sjukhuset", "lasarettet", "styrelsen",
                         "rätten", "stiftet", "museet", "biblioteket"),
    determiners=_set("en ett min mitt mina din ditt dina sin sitt sina vår vårt våra er ert "
                     "era hans hennes deras dess"),
)

_MONTHS_EN = ("january february march april may june july august september october "
              "november december jan feb mar apr jun jul aug sep sept oct nov dec")
_DAYS_EN = "monday tuesday wednesday thursday friday saturday sunday"
_HOLIDAYS_EN = ("christmas xmas easter midsummer thanksgiving halloween whitsun pentecost "
                "lent advent hanukkah ramadan eid diwali boxing new year's eve")
_DEMONYMS = ("swedish swede swedes english british briton american americans european "
             "norwegian danish finnish german germans french italian spanish dutch polish "
             "russian chinese japanese indian african asian scandinavian nordic irish "
             "scottish welsh canadian australian greek turkish arabic latin christian "
             "catholic protestant lutheran jewish muslim viking vikings roman romans norman "
             "normans saxon saxons celt celts greeks methodist methodists anglican baptist "
             "quaker quakers presbyterian orthodox")

ENGLISH = Words(
    never=_set(f"{_MONTHS_EN} {_DAYS_EN} {_HOLIDAYS_EN} {_DEMONYMS} i i'm i've i'd i'll "
               "god lord jesus ok okay mum mom dad mummy daddy grandma grandpa granny "
               "internet web tv"),
    titles=_set("mr mrs ms miss dr prof professor sir dame lady lord uncle aunt auntie "
                "captain president mayor senator governor reverend rev father sister "
                "brother king queen prince princess count countess judge officer sergeant "
                "colonel general chancellor"),
    person_cues=_set("friend colleague boss manager chairman chairwoman chair director "
                     "teacher neighbour neighbor wife husband son daughter cousin mother "
                     "father brother sister uncle aunt grandmother grandfather partner "
                     "secretary assistant named"),
    place_cues=_set("town city village street road river lake island hotel church school "
                    "hall castle county parish"),
    organisation_cues=_set("company firm bank club party union newspaper agency "
                           "corporation charity business"),
    thing_cues=_set("book novel film movie song album model method programme program "
                    "system project app tool concept"),
    place_prepositions=_set("in from to towards near outside through"),
    organisation_words=_set("inc ltd llc plc co corp corporation company group bank "
                            "university college school council society association union "
                            "party club foundation trust institute academy ministry "
                            "department agency church fc united sons brothers bros museum "
                            "library gallery navy army police"),
    place_words=_set("street road lane avenue square park lake river island hill bay "
                     "mountain county minster cathedral abbey castle hall tower bridge dales "
                     "moor moors valley pier quay harbour wharf restaurant café pub inn hotel"),
    particles=_set("von van der de du la of and &"),
    surname_endings=("son", "sen", "ton", "ley", "ford", "field", "ington", "man", "er",
                     "ski", "sky", "ez"),
    place_endings=("ton", "ham", "bury", "borough", "burgh", "ford", "chester", "caster",
                   "mouth", "port", "ville", "wick", "field", "land", "shire"),
    genitive=("'s", "’s", "'", "’"),
    demonyms=_set(_DEMONYMS),
    determiners=_set("a an my your his her our their its"),
)


def words_for(language: str) -> Words:
    return ENGLISH if language.startswith("en") else SWEDISH


# Function words the Swedish dictionary leaves out (it spell-checks, so it needs no "det").
SWEDISH_FUNCTION_WORDS = _set(
    "det den de dem denna detta dessa vi jag han hon du ni man en ett och men att som hur när "
    "var vad vem vilken vilket vilka samma sedan efter innan under över med utan för från till "
    "på i av om så då nu här där inte också redan alltid aldrig ofta mycket lite många alla "
    "ingen inget inga något några mig dig sig oss er dom ju nog väl bara även hos mot vid "
    "mellan genom enligt trots kring bland åt ty eller samt både varken antingen "
    "hans hennes deras dess min mitt mina din ditt dina sin sitt sina vår vårt våra ert era")

# Places GeoNames' cities do not hold, or holds under another language's name.
SWEDISH_PLACES = _set(
    "Sverige Norge Danmark Finland Island Tyskland Frankrike England Storbritannien "
    "Skottland Irland Spanien Portugal Italien Grekland Polen Ryssland Estland Lettland "
    "Litauen Nederländerna Holland Belgien Schweiz Österrike Ungern Tjeckien Turkiet "
    "Kina Japan Indien Thailand Kanada Mexiko Brasilien Argentina Australien Afrika "
    "Amerika Europa Asien Norden Skandinavien Östersjön Medelhavet USA "
    "Skåne Blekinge Halland Småland Öland Gotland Östergötland Västergötland Bohuslän "
    "Dalsland Värmland Närke Södermanland Sörmland Uppland Västmanland Dalarna "
    "Gästrikland Hälsingland Härjedalen Jämtland Medelpad Ångermanland Västerbotten "
    "Norrbotten Lappland Norrland Svealand Götaland Roslagen Bergslagen Mälardalen "
    "Köpenhamn Helsingfors Åbo Rom Aten Moskva Warszawa Bryssel Wien Prag Lissabon "
    "Vingåker Flen Gnesta Nyköping Oxelösund Trosa Strängnäs")
ENGLISH_PLACES = _set(
    "England Scotland Wales Ireland Britain Europe America Africa Asia Scandinavia "
    "Yorkshire Cornwall Devon Kent Sussex Essex Surrey")
