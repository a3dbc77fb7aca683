"""The figure grammar: compiled once per process, per language.

Why a separate module: these patterns are the whole "model" of what a figure looks like in a news text
(qualifier, currency, number, scale, unit) and of the words around it that decide its indicator, its
direction of change and whether it is a record; keeping them together makes them reviewable as a grammar.
"""

from __future__ import annotations

import re

from pipelines.extract.numbers import WORDS_PATTERN

F = re.I | re.U
# Patterns marked LC run on the folded text (lower case, ё → е; see names.fold) without re.I, which is
# several times faster in Python's re; their literals must be lower case.
LC = re.U
WS = r"(?<![^\W\d_])"  # at a word start
SP = "[ \u00a0\u202f\u2009]"

DIGITS = {
    "ru": re.compile(
        rf"(?<![\w.,/])(?P<sign>[-−+](?=\d))?(?P<num>\d{{1,3}}(?:{SP}\d{{3}})+(?:,\d+)?(?!\d)|"
        r"\d+(?:[.,]\d+)?)"
    ),
    "en": re.compile(
        r"(?<![\w.,/])(?P<sign>[-−+](?=\d))?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|"
        r"\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?!\d)|"
        r"\d+,\d{1,2}(?![\d,])|"  # a decimal comma in English text: "2,8 million tonnes"
        r"\d+(?:\.\d+)?)"
    ),
}
WORDS = re.compile(rf"(?<![\w-])(?P<words>{WORDS_PATTERN})(?![\w-])", LC)
RATIO_WORDS = re.compile(
    r"(?<![\w-])(?P<rw>вдвое|втрое|вчетверо|впятеро|doubled|tripled|trebled|quadrupled|"
    r"(?<=nearly\s)double|(?<=almost\s)double|"
    r"two-?fold|three-?fold|four-?fold|five-?fold|six-?fold|ten-?fold)(?![\w-])",
    LC,
)
RATIO_WORD_VALUES = {
    "double": 2,
    "вдвое": 2,
    "втрое": 3,
    "вчетверо": 4,
    "впятеро": 5,
    "doubled": 2,
    "tripled": 3,
    "trebled": 3,
    "quadrupled": 4,
    "twofold": 2,
    "two-fold": 2,
    "threefold": 3,
    "three-fold": 3,
    "fourfold": 4,
    "four-fold": 4,
    "fivefold": 5,
    "five-fold": 5,
    "sixfold": 6,
    "six-fold": 6,
    "tenfold": 10,
    "ten-fold": 10,
}

RANGE_TAIL = {
    "ru": re.compile(rf"\s*[-–—]\s*(?P<num2>\d{{1,3}}(?:{SP}\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?)(?![-–]\d)"),
    "en": re.compile(r"\s*[-–—]\s*(?P<num2>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![-–]\d)"),
}
RANGE_WORDED = {  # "от 3,5 до 3,8", "between 1.2 and 1.4"
    "ru": (
        re.compile(r"(?:^|\s)от\s+$", F),
        re.compile(rf"\s+до\s+(?P<num2>\d{{1,3}}(?:{SP}\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?)"),
    ),
    "en": (
        re.compile(r"(?:^|\s)between\s+$", F),
        re.compile(r"\s+and\s+(?P<num2>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"),
    ),
}

SCALE = {
    "ru": re.compile(
        r"\s?(?P<scale>тыс\.|тысяч[аиу]?(?![а-я])|тыс(?![а-я])|млн(?![а-я])|миллион(?:а|ов)?(?![а-я])|"
        r"млрд(?![а-я])|миллиард(?:а|ов)?(?![а-я])|трлн(?![а-я])|триллион(?:а|ов)?(?![а-я]))",
        F,
    ),
    "en": re.compile(r"\s?(?P<scale>thousand|million|billion|trillion|mln|mn|bln|bn|tn|trln|k|m|b)(?![a-z])", F),
}
# a compound number goes on with a smaller scale: "3 млрд 420 млн", "1 billion 86 million"
COMPOUND = {
    "ru": re.compile(
        rf"{SP}+(?P<num>\d{{1,3}}(?:,\d+)?){SP}?(?P<scale>тыс\.|тысяч[аи]?(?![а-я])|тыс(?![а-я])|"
        r"млн(?![а-я])|миллион(?:а|ов)?(?![а-я]))",
        F,
    ),
    "en": re.compile(
        rf"{SP}+(?:and{SP}+)?(?P<num>\d{{1,3}}(?:\.\d+)?){SP}?(?P<scale>thousand|million|mln|mn)(?![a-z])", F
    ),
}
# and ends with a bare number of units after "тысяч": "1 миллион 316 тысяч 923 человека", "8 тысяч 645"
COMPOUND_UNITS = re.compile(
    rf"{SP}+(?P<num>\d{{1,3}})(?![\d%]|[.,]\d)(?!{SP}?(?:%|процент|раз|млн|млрд|тыс|год|г\.|"
    r"per|times|million|billion|thousand))",
    F,
)
CURRENCY = {
    "ru": re.compile(
        r"\s*(?P<cur>(?:доллар(?:ов|а|ы)?(?![а-я])|долл\.|дол\.|долл(?![а-я]))(?:\s+США)?|\$|"
        r"(?:белорусск[а-я]+\s+рубл(?:ей|я|ь)(?![а-я]))|(?:рубл(?:ей|я|ь)(?![а-я])|руб\.|руб(?![а-я]))|₽|"
        r"евро(?![а-я])|€|юан(?:ей|я|ь|и)(?![а-я])|¥|сом(?:ов|а)?(?![а-я])|тенге(?![а-я])|"
        r"сум(?:ов)?(?![а-я])|сомони(?![а-я])|драм(?:ов|а)?(?![а-я])|рупи[йяи](?![а-я])|лари(?![а-я])|"
        r"(?:турецких\s+)?лир(?:ы|а)?(?![а-я])|гривен(?![а-я])|гривн[аы]?(?![а-я])|тугрик(?:ов|а)?(?![а-я])|"
        r"(?:туркменских\s+|азербайджанских\s+)?манат(?:ов|а)?(?![а-я]))",
        F,
    ),
    "en": re.compile(
        r"\s*(?:(?:Russian|Kazakh|Kazakhstani|Chinese|Kyrgyz|Uzbek)\s+)?"
        r"(?P<cur>(?:US\s?)?dollars?\b|USD\b|\$|euros?\b|EUR\b|€|(?:rubles?|roubles?)\b|RUB\b|"
        r"yuan\b|CNY\b|renminbi\b|¥|tenges?\b|KZT\b|soms?\b|KGS\b|sums?\b|UZS\b|somoni\b|TJS\b|"
        r"rupees?\b|INR\b|₹|lari\b|GEL\b|(?:Turkish\s+)?lira\b|TRY\b|hryvnias?\b|UAH\b|tugriks?\b|MNT\b|"
        r"(?:Turkmen\s+|Azerbaijani\s+)?manats?\b|AZN\b|TMT\b)",
        F,
    ),
}
CURRENCY_PREFIX = re.compile(r"(?P<pre>US\$|\$|€|¥|₽|₹|USD|EUR|RUB|CNY|INR)\s?$")
UNIT = {
    "ru": re.compile(
        r"\s*(?:[а-яё]+(?:ых|их)\s+)?(?P<unit>пассажир(?:ов|а|ы)?(?![а-я])|человека?(?![а-я])|чел\.|"
        r"тонн(?:ы|а)?(?![а-я])|т(?![а-я.])|т\.(?=\s+[А-ЯЁA-Z«\"(]|\s*$)|"
        r"(?:авиа)?рейс(?:ов|а|ы)?(?![а-я]))",
        F,
    ),
    "en": re.compile(
        r"\s*(?:(?:weekly|international|regular|direct|scheduled|air|metric)\s+)?"
        r"(?P<unit>passengers?\b|pax\b|travell?ers\b|travell?ed\b|flew\b|people\b|tonnes?\b|tons?\b|mt\b|"
        r"flights?\b)",
        F,
    ),
}
PERCENT = {
    "ru": re.compile(r"\s?(?P<pct>%|процент(?:а|ов)?(?![а-я]))", F),
    "en": re.compile(r"\s?(?P<pct>%|per\s?cent\b|percent\b|pct\b)", F),
}
RATIO_TAIL = {
    "ru": re.compile(r"\s*(?P<times>раза?(?![а-я]))", F),
    "en": re.compile(r"\s*(?P<times>times\b|-?fold\b)", F),
}
RATIO_HEAD = {"ru": re.compile(r"(?:^|[\s(])(?:в|порядка|около|почти|примерно)\s+$", F), "en": re.compile(r"")}

UNIT_CODES = [
    (re.compile(r"^(?:пассажир|человек|чел|passenger|pax|travel|flew|people)", F), "passengers"),
    (re.compile(r"^(?:тонн|т\.?$|tonne|ton|mt$)", F), "tonnes"),
    (re.compile(r"^(?:авиарейс|рейс|flight)", F), "flights"),
]
CURRENCY_CODES = [
    (re.compile(r"^(?:долл|\$|us|dollar|usd)", F), "USD"),
    (re.compile(r"^(?:белорусск)", F), "BYN"),
    (re.compile(r"^(?:руб|₽|rub|roub)", F), "RUB"),
    (re.compile(r"^(?:евро|€|eur)", F), "EUR"),
    (re.compile(r"^(?:юан|¥|cny|yuan|renminbi)", F), "CNY"),
    (re.compile(r"^(?:сом(?!они)|kgs|som(?!oni))", F), "KGS"),
    (re.compile(r"^(?:тенге|kzt|tenge)", F), "KZT"),
    (re.compile(r"^(?:сомони|tjs|somoni)", F), "TJS"),
    (re.compile(r"^(?:сум|uzs|sum)", F), "UZS"),
    (re.compile(r"^(?:драм|amd)", F), "AMD"),
    (re.compile(r"^(?:рупи|rupee|inr|₹)", F), "INR"),
    (re.compile(r"^(?:лари|lari|gel)", F), "GEL"),
    (re.compile(r"^(?:турецких\s+лир|лир|turkish\s+lira|lira|try)", F), "TRY"),
    (re.compile(r"^(?:гривн|гривен|hryvnia|uah)", F), "UAH"),
    (re.compile(r"^(?:тугрик|tugrik|mnt)", F), "MNT"),
    (re.compile(r"^(?:туркменских\s+манат|turkmen\s+manat|tmt)", F), "TMT"),
    (re.compile(r"^(?:азербайджанских\s+манат|azerbaijani\s+manat|манат|manat|azn)", F), "AZN"),
]

QUALIFIER = {
    "ru": re.compile(
        r"(?:^|[\s(«])(?P<q>более\s+чем|не\s+менее|не\s+меньше|не\s+более|не\s+свыше|более|свыше|"
        r"больше\s+чем|больше|менее|меньше|около|порядка|примерно|приблизительно|почти|"
        r"превысил[а-я]*|превыша[а-я]*|до)\s+$",
        F,
    ),
    "en": re.compile(
        r"(?:^|[\s(])(?P<q>more\s+than|in\s+excess\s+of|at\s+least|upwards\s+of|no\s+more\s+than|"
        r"up\s+to|over|above|exceed(?:ed|ing|s)?|topped|surpassed|less\s+than|fewer\s+than|"
        r"just\s+under|under|below|almost|nearly|about|around|approximately|roughly|some|"
        r"an\s+estimated|close\s+to)\s+$",
        F,
    ),
}
QUALIFIER_KIND = [
    (re.compile(r"^(?:не\s+более|не\s+свыше|до|up\s+to|no\s+more\s+than)$", F), "up_to"),
    (
        re.compile(
            r"^(?:более|свыше|больше|не\s+менее|не\s+меньше|превы|more|in\s+excess|at\s+least|upwards|"
            r"over|above|exceed|topped|surpassed)",
            F,
        ),
        "more_than",
    ),
    (re.compile(r"^(?:менее|меньше|почти|less|fewer|just\s+under|under|below|almost|nearly)", F), "less_than"),
    (
        re.compile(
            r"^(?:около|порядка|примерно|приблизительно|about|around|approximately|roughly|some|"
            r"an\s+estimated|close\s+to)",
            F,
        ),
        "about",
    ),
]
ABOUT_BAND = 0.10  # "около 4 млрд" → value ± 10 %

BEFORE_TARGET = {"ru": re.compile(r"(?:^|\s)(?:до|с|от)\s+$", F), "en": re.compile(r"(?:^|\s)(?:to|from)\s+$", F)}
BY_BEFORE = {"ru": re.compile(r"(?:^|\s)на\s+$", F), "en": re.compile(r"(?:^|\s)by\s+$", F)}

UP = {
    "ru": re.compile(
        r"(?<![а-я])(?:вырос[а-я]*|возрос[а-я]*|возраст[а-я]*|подня[а-я]*|поднял[а-я]*|рост[а-я]*|"
        r"прирост[а-я]*|увелич[а-я]*|прибав[а-я]*|нарост[а-я]*|"
        r"нарасти[а-я]*|нараст[а-я]*|повыс[а-я]*|повышен[а-я]*|подскоч[а-я]*|превыша[а-я]*|"
        r"превысил[а-я]*|больше|выше|добави[а-я]*)",
        LC,
    ),
    "en": re.compile(
        r"\b(?:rose|rise[sn]?|rising|grew|grow(?:s|n|ing|th)?|increas\w*|up|higher|more|jump\w*|"
        r"climb\w*|surg\w*|gain\w*|expand\w*|added|exceed\w*|boost\w*|rais\w*)\b",
        LC,
    ),
}
DOWN = {
    "ru": re.compile(
        r"(?<![а-я])(?:сократ[а-я]*|сокращ[а-я]*|снизи[а-я]*|снижен[а-я]*|упал[а-я]*|падени[а-я]*|"
        r"уменьш[а-я]*|меньше|ниже|спад[а-я]*|просел[а-я]*|просяд[а-я]*|опусти[а-я]*)",
        LC,
    ),
    "en": re.compile(
        r"\b(?:fell|fall(?:s|en|ing)?|declin\w*|decreas\w*|down|lower|less|drop\w*|slump\w*|plung\w*|"
        r"contract\w*|shrank|shrunk|shrink\w*|reduc\w*)\b",
        LC,
    ),
}
RECORD = {
    "ru": re.compile(WS + r"(?:рекорд[а-я]*|историческ[а-я]+\s+максимум[а-я]*)", LC),
    "en": re.compile(WS + r"(?:record\b|all-time\s+high|highest\s+ever|highest\s+level\s+ever)", LC),
}
BACKREF = {
    "ru": re.compile(
        r"(?<![а-я])(?:это|этот|эта|эти|этих|этом|этой|этого|тот\s+же|та\s+же|том\s+же|те\s+же|"
        r"при\s+этом|данный|данного|показател[а-я]*)(?![а-я])",
        LC,
    ),
    "en": re.compile(r"\b(?:this|that|these|it|its|the\s+same)\b", LC),
}
TRANSPORT_CONTEXT = {
    "ru": re.compile(
        WS + r"(?:пассажир|перевез|перевоз|рейс|авиа|аэропорт|поезд|турпоток|полет|перелет|"
        r"пункт[а-я]*\s+пропуска|пересек|проследова|границ)",
        LC,
    ),
    "en": re.compile(
        WS + r"(?:passenger|carried|flew|flight|airline|airport|travell?ers|rail|train|checkpoint|"
        r"crossed|crossing|border)",
        LC,
    ),
}
BARE_LINK = {
    "ru": re.compile(
        r"(?:рейс|пассажир)[а-я]*\s+(?:[^\s\d]+\s+){0,3}?(?:составил[а-я]*|достиг[а-я]*|"
        r"превысил[а-я]*|—|–|:)\s+(?:более\s+|свыше\s+|около\s+|почти\s+)?$",
        F,
    ),
    "en": re.compile(
        r"(?:flight|passenger)s?\s+(?:\S+\s+){0,3}?(?:reached|totall?ed|exceeded|was|were|"
        r"stood\s+at|amounted\s+to|—|:)\s+(?:more\s+than\s+|over\s+|about\s+|nearly\s+)?$",
        F,
    ),
}

BARE_TRIGGER = {"ru": re.compile(r"рейс|пассажир", LC), "en": re.compile(r"flight|passenger", LC)}  # LC

# Indicator key words: (pattern, indicator); the nearest one to a figure decides.
_KW = {
    "ru": [
        (r"товарооборот[а-я]*|товарообмен[а-я]*|торгов(?:ый|ого|ом|ым)\s+оборот[а-я]*|торговл[а-я]*", "trade.turnover"),
        (r"экспорт[а-я]*|поставк[а-я]*|поставил[а-я]*|поставлен[а-я]*", "trade.exports"),
        (r"импорт[а-я]*|закуп[а-я]*|ввоз[а-я]*|ввез[а-я]*", "trade.imports"),
        (r"сальдо|профицит[а-я]*|дефицит[а-я]*", "trade.balance"),
        (
            r"инвестиц[а-я]*|инвестир[а-я]*|капиталовложени[а-я]*|вложени[а-я]*|вложил[а-я]*|вложено|вложат",
            "investment",
        ),
        (r"(?:авиа)?пассажир[а-я]*", "transport.passengers"),
        (r"груз[а-я]*|перевалк[а-я]*|перевозк[а-я]*|перевозок|тонн[а-я]*", "transport.cargo"),
        (r"(?:авиа)?рейс[а-я]*|полет[а-я]*|перелет[а-я]*", "transport.flights"),
    ],
    "en": [
        (r"trade\s+turnover|turnover|trade|commerce", "trade.turnover"),
        (r"exports?|exported|shipped|shipments?|supplied|supplies|deliveries", "trade.exports"),
        (r"imports?|imported|purchases?|purchased", "trade.imports"),
        (r"trade\s+(?:surplus|deficit|balance)|surplus|deficit", "trade.balance"),
        (r"invest\w*|FDI", "investment"),
        (r"passengers?|pax|travell?ers", "transport.passengers"),
        (r"cargo|freight|tonnes|tons", "transport.cargo"),
        (r"flights?", "transport.flights"),
    ],
}
KEYWORDS = {  # LC
    lang: re.compile(WS + "(?:" + "|".join(f"(?P<k{i}>{p.lower()})" for i, (p, _) in enumerate(kws)) + ")", LC)
    for lang, kws in _KW.items()
}
KEYWORD_INDICATOR = {lang: {f"k{i}": ind for i, (_, ind) in enumerate(kws)} for lang, kws in _KW.items()}
DEFICIT = re.compile(r"дефицит|deficit", F)
MONEY_INDICATORS = {"trade.turnover", "trade.exports", "trade.imports", "trade.balance", "investment"}
COUNT_UNITS = {"transport.passengers": "passengers", "transport.flights": "flights"}

ORG_ANAPHOR = {
    "ru": re.compile(
        r"(?<![а-я])(?:(?P<g>групп[аыеуо]й?\s+(?:авиа)?компаний)|(?P<a>авиакомпани[яиюей]|"
        r"(?:авиа)?перевозчик[а-я]*))(?![а-я])",
        F,
    ),
    "en": re.compile(r"\bthe\s+(?:(?P<g>group)|(?P<a>airline|carrier))\b", F),
}
GOVERNED = {  # a key word right after a preposition (and one modifier): "на этих рейсах"
    "ru": re.compile(r"(?:^|\s)(?:на|в|во|по|из|с|со|для|к|при)\s+(?:[а-яё]+\s+)?$", F),
    "en": None,
}
CLAUSE_BREAK = re.compile(r"[;()]|(?<!\d),|,(?!\d)|:\s")

# a named official whose country is the speaker's side: "посол РФ", "вице-премьер России", "the ambassador of"
SPEAKER = {
    "ru": re.compile(
        r"(?<![а-я])(?:посол|послом|посла|министр[а-я]*|замминистра|вице-премьер[а-я]*|премьер[а-я]*|"
        r"президент[а-я]*|глав[аыу]|генконсул[а-я]*|генеральн[а-я]+\s+консул[а-я]*|торгпред[а-я]*|"
        r"зампред[а-я]*|председател[а-я]*|спикер[а-я]*|пресс-секретар[а-я]*)(?![а-я])",
        LC,
    ),
    "en": re.compile(
        r"\b(?:ambassador|minister|deputy\s+prime\s+minister|prime\s+minister|president|"
        r"consul(?:\s+general)?|spokesperson|spokesman|trade\s+representative)\b",
        LC,
    ),
}

# a country's trade with the world, not with a partner: "внешнеторговый оборот Киргизии", "China's total trade"
WORLD_TOTAL = {
    "ru": re.compile(
        r"(?<![а-я])(?:внешнеторгов[а-я]+|внешн[а-я]+\s+торгов[а-я]+|общ[а-я]+\s+объем[а-я]*\s+"
        r"внешн[а-я]+)(?![а-я])(?![^.;]*?(?:\sс\s|\sсо\s|между))",
        LC,
    ),
    "en": re.compile(
        r"\b(?:total\s+foreign\s+trade|overall\s+foreign\s+trade|foreign\s+trade|external\s+trade)\b"
        r"(?![^.;]*?\b(?:with|between)\b)",
        LC,
    ),
}
BETWEEN = {"ru": re.compile(r".*(?:между|из|в|до)\s+$", LC), "en": re.compile(r".*(?:between|from|to)\s+$", LC)}

# a country name that is part of a currency's name: "долларов США", "US dollars", "российских рублей"
CURRENCY_COUNTRY_BEFORE = re.compile(r"(?:доллар[а-я]*|долл\.)\s*$", LC)
CURRENCY_COUNTRY_AFTER = re.compile(r"\$|\s*(?:dollars?\b|руб|rubles?\b|roubles?\b|tenges?\b|тенге|юан|yuan)", LC)

# not a fact: targets, plans, forecasts, hopes and potential
FUTURE_CUE = {
    "ru": re.compile(
        r"(?<![а-я])(?:довести|доведени[а-я]+|достичь|достигнет|достигнут|достижени[а-я]+|"
        r"планир[а-я]+|план[а-я]*\s+по|намерен[а-я]*|цел[ьи]|задач[а-я]*|прогноз[а-я]*|"
        r"ожида[а-я]+|может|могут|сможет|потенциал[а-я]*|рассчитыва[а-я]+|стремит[а-я]*|стремим[а-я]*|стремят[а-я]*|стремлени[а-я]*|надежд[а-я]*|"
        r"увеличить|нарастить|удвоить|утроить|превысит|составит|будет|будут)(?![а-я])",
        LC,
    ),
    "en": re.compile(
        r"\b(?:target\w*|aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|expect\w*|forecast\w*|projected|could|can|"
        r"may\s+(?:reach|exceed|grow|rise|increase|total|amount|double|be)|might|will|"
        r"would|goal|potential|seek\w*|hope\w*|intend\w*|to\s+double|to\s+bring)\b",
        LC,
    ),
}
FACT_AGAIN = {
    "ru": re.compile(
        r"(?<![а-я])(?:против|по\s+сравнению|тогда\s+как|а\s+в|при\s+этом|фактически|"
        r"в\s+итоге|по\s+факту)(?![а-я])",
        LC,
    ),
    "en": re.compile(r"\b(?:against|compared|versus|from|while|whereas|actually|in\s+fact)\b", LC),
}
FUTURE_AFTER = {
    "ru": re.compile(r"[^.;]{0,40}?(?<![а-я])к\s+20[2-9]\d\s*(?:-?му\s+)?год", LC),
    "en": re.compile(r"[^.;]{0,30}?\bby\s+(?:the\s+end\s+of\s+)?20[2-9]\d\b(?!\s*,)", LC),
}

# an article about freight: exports and imports in tonnes are cargo carried ("Exports grew by 13% to 3 million tons")
CARGO_ARTICLE = {
    "ru": re.compile(
        r"(?<![а-я])(?:грузоперевоз|перевозк[а-я]*\s+груз|железнодорожн[а-я]+\s+перевоз|"
        r"грузооборот|перевалк|пункт[а-я]*\s+пропуска|погранпереход|железн[а-я]+\s+дорог|"
        r"ржд(?![а-я]))",
        LC,
    ),
    "en": re.compile(
        r"\b(?:rail\s+freight|freight|cargo|rail\s+transportation|"
        r"carriage\s+of\s+goods)\b",
        LC,
    ),
}
# a partner named after a preposition: "с Казахстаном", "в Туркменистан", "из Китая", "with/to/from Uzbekistan"
PARTNER_BEFORE = {
    "ru": re.compile(r"(?<![а-я])(?:с|со|в|во|из)\s+$", LC),
    "en": re.compile(r"\b(?:with|to|from)\s+(?:neighbou?ring\s+)?$", LC),
}
# "экспорт страны", "товарооборот республики": the article's own country, not named
THE_COUNTRY = {
    "ru": re.compile(
        r"(?<![а-я])(?:экспорт|импорт|товарооборот|внешнеторгов)[а-я]*\s+(?:[а-я]+\s+)?"
        r"(?:страны|республики)(?![а-я])",
        LC,
    ),
    "en": re.compile(r"\bthe\s+country['’]s\s+(?:exports|imports|trade)", LC),
}

# a second currency of the same flow: "33,2 млрд юаней ($5,3 млрд)", "716 billion rubles ($8.7 billion), or"
SAME_FLOW_OTHER_CURRENCY = re.compile(r"(?:\(|\(около\s|\(about\s|\(or\s|,\s+или\s|,\s+or\s|\sили\s|\sor\s)$")

# the clause before a change that leaves out its verb: "с Кыргызстаном – на 35,4%", "импорта - около 18%",
# "экспорт - на 3,2%", "and by 30% with Moldova"
ELLIPSIS = {
    "ru": re.compile(
        r"[\s,;]*(?:а\s+|и\s+)?(?:(?:с|со)\s+)?(?:[а-яёА-ЯЁ0-9-]+\s+){0,6}?[а-яёА-ЯЁ]+\s*[-–—]?\s*"
        r"(?:уже\s+|еще\s+|ещё\s+)?(?:на|около|порядка|почти|более\s+чем\s+на|более|свыше)?\s*"
    ),
    "en": re.compile(r"[\s,;]*(?:and\s+)?(?:by\s+)?"),
}  # used with fullmatch
SIGN_WORD = {"ru": re.compile(r"(плюс|минус)\s*$", F), "en": re.compile(r"(plus|minus)\s*$", F)}

# a level stated for the year before: "(249,4 млрд долларов) годом ранее", "a year earlier"
YEAR_EARLIER = {
    "ru": re.compile(r"(?:\s*\([^()]{0,40}\))?\s*,?\s*годом\s+(?:ранее|раньше)", LC),
    "en": re.compile(r"(?:\s*\([^()]{0,40}\))?\s*,?\s*a\s+year\s+(?:earlier|before)", LC),
}
COMPARED_GAP = re.compile(r"\s*(?:\(|[-–—:]|,)?\s*(?:около\s+|about\s+)?")  # used with fullmatch
ELLIPSIS_SHARE = re.compile(r"дол[яиеюь]|share|доля", LC)  # a share is not the flow of the sentence before

# the direction of a flow (exporter, importer)
FROM_BEFORE = {"ru": re.compile(r"(?:^|[^а-я])(?:из|от)\s+$", LC), "en": re.compile(r"\bfrom\s+$", LC)}
TO_BEFORE = {"ru": re.compile(r"(?:^|[^а-я])(?:в|во)\s+$", LC), "en": re.compile(r"\b(?:to|into)\s+$", LC)}
GOODS_AFTER = {
    "ru": re.compile(r"\s+(?:товар|продукц|продукт|груз|нефт|сырь)", LC),
    "en": re.compile(r"\s+(?:goods|products|commodities|oil|cargo)", LC),
}
FLOW_BEFORE = {
    "ru": re.compile(r"(?:экспорт|импорт|поставк|ввоз|вывоз)[а-я]*\s+$", LC),
    "en": re.compile(r"\b(?:exports?|imports?)\s+(?:of\s+)?$", LC),
}
FLOW_AFTER = {
    "ru": re.compile(
        r"\s+(?:экспортир|импортир|ввез|вывез|постав|закупил|нарастил\s+импорт|"
        r"нарастил\s+экспорт)",
        LC,
    ),
    "en": re.compile(
        r"(?:’s|'s)?\s+(?:exports?|imports?|exported|imported|shipped|bought|sold|"
        r"supplied)",
        LC,
    ),
}
FLOW_WORD_AFTER = {
    "ru": re.compile(r"\s+(?:экспорт|импорт|поставк|ввоз|вывоз)", LC),
    "en": re.compile(r"\s+(?:exports?|imports?|shipments?|supplies)", LC),
}
# a key word after a figure and a conjunction belongs to the next figure: "$880 million and imports from ..."
NEXT_CONJ = {
    "ru": re.compile(r"(?<![а-я])(?:и|а|но|тогда\s+как|при\s+этом)(?![а-я])|[,;]", LC),
    "en": re.compile(r"\b(?:and|while|whereas|but)\b|[,;]", LC),
}
ROUTE_BEFORE = {
    "ru": re.compile(r"(?<![а-я])(?:в|во|из|между)\s+$", LC),
    "en": re.compile(r"\b(?:to|from|between)\s+$", LC),
}
COUNT_UNIT_NAMES = {"passengers", "flights", "tonnes"}
OUR_COUNTRY = {
    "ru": re.compile(r"(?<![а-я])(?:наш[а-я]*\s+(?:стран|республик|государств)[а-я]*|у\s+нас)(?![а-я])", LC),
    "en": re.compile(r"\bour\s+(?:country|republic|nation)\b", LC),
}
