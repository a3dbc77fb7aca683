"""Reporting periods of figures: years, halves, quarters, months, year-to-date spans, relative periods.

Why rules: period phrases in news are a small closed grammar ("за 10 месяцев 2025 года", "in the first half
of 2025", "в прошлом году"), and each must become exact dates. Each match is classified as a period of the
figure or as a *base* (what a change is compared with: "к предыдущему году", "compared with 2023",
"year-on-year"), or as anaphoric ("за тот же период", "that year"), which the engine resolves to the
period of the figure referred to. Dates of events ("26 ноября 2025 года") are recognised and masked: they
are not periods.

Incomplete years: a year stated as a year ("В 2025 году ... прибавил 17%", "с начала года", "this year") is
recorded as the calendar year (2025-01-01..2025-12-31) even when the article was published before its
end; the text does not say where the data end, and the claim checker treats such a period as year to date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipelines.extract.numbers import NUMBER_WORDS

_MONTHS_RU = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[йяею]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
]
_MONTHS_EN = [
    "jan(?:uary|\\.)?",
    "feb(?:ruary|\\.)?",
    "mar(?:ch|\\.)?",
    "apr(?:il|\\.)?",
    "may",
    "june?",
    "july?",
    "aug(?:ust|\\.)?",
    "sep(?:tember|t\\.?|\\.)?",
    "oct(?:ober|\\.)?",
    "nov(?:ember|\\.)?",
    "dec(?:ember|\\.)?",
]
_MRU = "(?:" + "|".join(f"(?:{m})" for m in _MONTHS_RU) + r")[а-я]*"
_MEN = r"(?:" + "|".join(f"(?:{m})" for m in _MONTHS_EN) + r")(?![a-z])"
_YEAR = r"(?:19|20)\d{2}"
_YRU = rf"(?P<y>{_YEAR})(?:\s*(?:-?м\s+)?(?:год[а-я]*|гг?\.)|-(?:го|м|й)(?![а-я]))"
# the year of a span, stated or relative: "2025 года", "текущего года", "прошлого года"
_YRU_ANY = (
    rf"(?:\s+(?:в\s+)?(?:{_YRU}|(?P<ry>текущ|этого|нынешн|прошл|предыдущ|минувш|истекш|позапрошл)"
    r"[а-я]*\s+года))"
)

# the year of a span in English, relative: "of this year", "of last year"
_YEN_REL = r"(?:\s+of\s+(?P<ry>this|last|the\s+current|the\s+previous|the\s+past)\s+year)"

_ORD_RU = {
    "перв": 1,
    "втор": 2,
    "трет": 3,
    "четв": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
}
_ORD_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass
class PeriodMatch:
    start: int
    end: int
    span: tuple[date, date] | None  # None for anaphoric references
    kind: str  # period | base | anaphor | yoy (a base one year back)
    explicit_year: bool = True
    resolved: tuple[date, date] | None = None  # a relative base's own dates ("чем в прошлом году")


def month_index(word: str, lang: str) -> int | None:
    w = word.lower()
    pats = _MONTHS_RU if lang == "ru" else _MONTHS_EN
    for i, p in enumerate(pats):
        if re.match(p, w):
            return i + 1
    return None


def month_span(y: int, m1: int, m2: int | None = None) -> tuple[date, date]:
    m2 = m2 or m1
    return date(y, m1, 1), date(y, m2, calendar.monthrange(y, m2)[1])


def year_span(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def shift_years(span: tuple[date, date], years: int) -> tuple[date, date]:
    a, b = span
    b_day = (
        calendar.monthrange(b.year + years, b.month)[1] if b.day == calendar.monthrange(b.year, b.month)[1] else b.day
    )
    return a.replace(year=a.year + years), b.replace(year=b.year + years, day=b_day)


def shift_months(span: tuple[date, date], months: int) -> tuple[date, date]:
    a, b = span

    def mv(d: date) -> tuple[int, int]:
        k = d.year * 12 + d.month - 1 + months
        return k // 12, k % 12 + 1

    (y1, m1), (y2, m2) = mv(a), mv(b)
    return date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])


def _num(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    v = NUMBER_WORDS.get(s)
    return int(v) if v else None


F = re.U  # the patterns run on the folded sentence (lower case, ё → е): no re.I, which is slow
_RU = [
    (
        "date",
        re.compile(
            rf"\b\d{{1,2}}\s+{_MRU}(?:\s+{_YEAR}\s*(?:года|г\.)?)?|"
            r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b",
            F,
        ),
    ),
    (
        "yoy",
        re.compile(
            r"\bгодом\s+ранее|\bгод\s+к\s+году|\bг/г\b|\bв\s+годовом\s+(?:выражении|исчислении)|"
            r"\b(?:аналогичн|соответствующ)[а-я]*\s+период[а-я]*\s+"
            r"(?:прошлого|предыдущего|минувшего)\s+года",
            F,
        ),
    ),
    (
        "monthyears",
        re.compile(
            rf"\b(?:с\s+)?(?P<m1>{_MRU})\s+(?P<y1>{_YEAR})\s*(?:года|г\.)?\s*(?:[-–—]|по|и)\s*"
            rf"(?P<m2>{_MRU})\s+(?P<y>{_YEAR})(?:\s*года|\s*г\.)?",
            F,
        ),
    ),
    (
        "fiscal",
        re.compile(
            rf"\b(?:финансов|фискальн|бюджетн)[а-я]*\s+(?:год[а-я]*\s+)?(?P<y1>{_YEAR})[-–/]"
            rf"(?P<y2s>\d{{2}}|\d{{4}})(?:\s*(?:года|гг?\.))?|\b(?P<y1b>{_YEAR})[-–/](?P<y2b>\d{{2}}|\d{{4}})\s+"
            r"(?:финансов|фискальн|бюджетн)[а-я]*\s+год[а-я]*",
            F,
        ),
    ),
    ("months", re.compile(rf"\b(?:с\s+)?(?P<m1>{_MRU})\s*(?:[-–—]|по|и)\s*(?P<m2>{_MRU}){_YRU_ANY}?", F)),
    ("nmonths", re.compile(rf"\b(?:первые\s+|последние\s+)?(?P<n>\d{{1,2}}|[а-я]+)\s+месяц[а-я]*{_YRU_ANY}?", F)),
    (
        "half",
        re.compile(
            rf"\b(?:(?P<o>перв|втор|i{{1,2}}|[12])[а-я-]*\s+полугоди[а-я]*|(?:первые\s+)?полгода)"
            rf"{_YRU_ANY}?",
            F,
        ),
    ),
    ("quarter", re.compile(rf"\b(?P<n3>три|3)\s+квартала{_YRU_ANY}?", F)),
    (
        "quarter",
        re.compile(
            rf"\b(?P<o>перв|втор|трет|четв|iv|i{{1,3}}|[1-4])[а-я-]*\s+квартал[а-я]*"
            rf"{_YRU_ANY}?",
            F,
        ),
    ),
    ("to_start", re.compile(rf"\bна\s+начало\s+(?P<m1>{_MRU})(?:\s+{_YRU})?", F)),
    ("month_rel", re.compile(rf"\b(?P<m1>{_MRU})\s+(?P<rel>прошл|предыдущ|текущ|этого|нынешн)[а-я]*\s+года", F)),
    (
        "anaphor",
        re.compile(
            r"\b(?:(?:тот|том|того|та|той|ту)\s+же\s+(?:год[а-я]*|период[а-я]*|месяц[а-я]*|"
            r"квартал[а-я]*|полугоди[а-я]*)|(?:этот|этом|этого|данный|данном|рассматриваем[а-я]+|"
            r"указанн[а-я]+|отчетн[а-я]+)\s+(?:период[а-я]*|месяц[а-я]*|квартал[а-я]*|полугоди[а-я]*)|"
            r"(?:данный|данном|рассматриваем[а-я]+|указанн[а-я]+|отчетн[а-я]+)\s+год[а-я]*)",
            F,
        ),
    ),
    ("month", re.compile(rf"\b(?P<m1>{_MRU})(?:\s+{_YRU})?", F)),
    ("years", re.compile(rf"\b(?P<y>{_YEAR})\s*[-–—]\s*(?P<y2>{_YEAR})\s*(?:год[а-я]*|гг?\.)", F)),
    ("year", re.compile(rf"\b{_YRU}|\b(?P<y2>{_YEAR})-(?:м|го|й)(?![а-я])", F)),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>позапрошл|прошл|предыдущ|текущ|этом|этот|нынешн|истекш|минувш)[а-я]*\s+"
            r"(?P<unit>год|месяц|квартал)[а-я]*|\bс\s+начала\s+(?:этого\s+|текущего\s+)?года",
            F,
        ),
    ),
]
_EN = [
    (
        "date",
        re.compile(
            rf"\b{_MEN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MEN}"
            rf"(?:\s+{_YEAR})?",
            F,
        ),
    ),
    (
        "yoy",
        re.compile(
            r"\byear[-\s]on[-\s]year\b|\by/y\b|\byoy\b|\ba\s+year\s+(?:earlier|ago|before)|"
            r"\bthe\s+same\s+period\s+(?:of\s+|in\s+)?last\s+year|\bthe\s+previous\s+year",
            F,
        ),
    ),
    (
        "monthyears",
        re.compile(
            rf"\b(?:between\s+|from\s+)?(?P<m1>{_MEN})\s+(?P<y1>{_YEAR})\s*"
            rf"(?:[-–—]|to|and|through|till|until)\s*(?P<m2>{_MEN})\s+(?P<y>{_YEAR})",
            F,
        ),
    ),
    (
        "fiscal",
        re.compile(
            rf"\b(?:(?:the\s+)?(?:fiscal|financial)\s+(?:year\s+)?|fy\s?)(?P<y1>{_YEAR})[-–/]"
            rf"(?P<y2s>\d{{2}}|\d{{4}})\b|\b(?P<y1b>{_YEAR})[-–/](?P<y2b>\d{{2}}|\d{{4}}),?\s+(?:the\s+)?"
            r"(?:[a-z]+\s+)?(?:fiscal|financial)\s+year",
            F,
        ),
    ),
    (
        "months",
        re.compile(
            rf"\b(?:between\s+|from\s+)?(?P<m1>{_MEN})\s*(?:[-–—]|to|and|through|till|until)\s*"
            rf"(?P<m2>{_MEN})(?:,?\s+\[?(?:of\s+)?(?P<y>{_YEAR})\]?|{_YEN_REL})?",
            F,
        ),
    ),
    (
        "nmonths",
        re.compile(
            rf"\b(?:(?:in|for|over|during)\s+(?:the\s+)?(?:first\s+|past\s+)?|(?:the\s+)?first\s+)"
            rf"(?P<n>\d{{1,2}}|[a-z]+)\s+months(?:\s+of\s+(?P<y>{_YEAR})|{_YEN_REL})?",
            F,
        ),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:the\s+)?(?P<o>first|second)\s+half(?:\s+of)?(?:\s+(?P<y>{_YEAR}))?|"
            rf"\bh(?P<o2>[12])\s*(?P<y2>{_YEAR})",
            F,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?P<o>first|second|third|fourth)\s+quarter(?:\s+of)?"
            rf"(?:\s+(?P<y>{_YEAR}))?|\bq(?P<o2>[1-4])\s*(?P<y2>{_YEAR})?",
            F,
        ),
    ),
    ("anaphor", re.compile(r"\b(?:the\s+same|that|this)\s+(?:period|year|month|quarter)(?!\s+(?:of|in|last)\b)", F)),
    ("month", re.compile(rf"\b(?P<m1>{_MEN})(?:\s+of)?(?:\s+(?P<y>{_YEAR}))?", F)),
    ("year", re.compile(rf"\b(?P<y>{_YEAR})\b(?![-–]\d)", F)),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>last|this|the\s+previous|the\s+current)\s+(?P<unit>year|month|quarter)\b|"
            r"\bso\s+far\s+this\s+year|\byear[-\s]to[-\s]date|\bsince\s+the\s+(?:start|beginning)\s+"
            r"of\s+the\s+year",
            F,
        ),
    ),
]

# A kind's regex runs only when one of these substrings (or, for "month", a month name) is in the sentence.
_ANY_MONTH = {"ru": re.compile(_MRU, F), "en": re.compile(rf"\b{_MEN}", F)}
_TRIGGERS = {
    "ru": {
        "anaphor": ("же ", "этот", "этом", "этого", "данн"),
        "yoy": ("годом", "год к", "г/г", "годов", "аналогичн", "соответствующ"),
        "months": "month",
        "month_rel": "month",
        "month": "month",
        "monthyears": "month",
        "to_start": "month",
        "fiscal": ("финансов", "фискальн", "бюджетн"),
        "nmonths": ("месяц",),
        "half": ("полугод", "полгода"),
        "quarter": ("квартал",),
        "years": ("год", "г."),
        "year": ("год", "г.", "-м", "-го", "-й"),
        "rel": ("год", "месяц", "квартал"),
    },
    "en": {
        "anaphor": ("same", "that ", "this "),
        "yoy": ("year", "y/y", "yoy", "previous"),
        "months": "month",
        "month": "month",
        "date": "month",
        "nmonths": ("months",),
        "monthyears": "month",
        "fiscal": ("fiscal", "financial", "fy"),
        "half": ("half", "h1", "h2"),
        "quarter": ("quarter", "q1", "q2", "q3", "q4"),
        "rel": ("last ", "this ", "previous", "current", "so far", "to date", "since the"),
    },
}

# Words before a period that make it the base of a comparison.
_BASE_BEFORE = {
    "ru": re.compile(
        r"(?:по\s+сравнению\s+с|в\s+сравнении\s+с|относительно|против|\bк|\bнад|\bчем|\bчем\s+в|"
        r"\bчем\s+за|показател[а-я]*|уровн[а-я]*|результат[а-я]*|\bс)\s+(?:(?:показател|уровн|аналогичн|период|"
        r"значени|объем|тем|тот|том|того|той|что|весь|всего|целый|целого|соответствующ|результат)"
        r"[а-я]*\s+|в\s+|за\s+|же\s+){0,4}$",
        F,
    ),
    "en": re.compile(
        r"(?:compared\s+(?:with|to)|versus|vs\.?|\bfrom|\bthan|against|\b(?:times|fold)\s+the|"
        r"(?:increase|growth|rise|up|decline|drop|fall|higher|lower|more|less|%)\w*\s+(?:\S+\s+){0,3}?over|"
        r"relative\s+to|\bsince|\bas|\bon)\s+(?:(?:the|same|period|of|in|a|level|levels|record|peak|high|set|figure|result|"
        r"reached|recorded|seen)\s+){0,5}$",
        F,
    ),
}


def _year_of(m: re.Match, published: date | None, month: int | None = None) -> tuple[int | None, bool]:
    y = m.groupdict().get("y") or m.groupdict().get("y2")
    if y:
        return int(y), True
    if published is None:
        return None, False
    ry = m.groupdict().get("ry")
    if ry:
        back = (
            2
            if ry.startswith("позапрошл")
            else 1
            if ry.startswith(("прошл", "предыдущ", "минувш", "истекш", "last", "the previous", "the past"))
            else 0
        )
        return published.year - back, False
    if month is not None and month > published.month:
        return published.year - 1, False
    return published.year, False


def find_periods(
    sentence: str,
    lang: str,
    published: date | None,
    offset: int = 0,
    folded: str | None = None,
    fiscal_start: int | None = None,
) -> list[PeriodMatch]:
    """Every period phrase of a sentence, with absolute offsets (``offset`` = the sentence's start).

    ``folded``: the sentence lower-cased with ё → е (same length); computed when not given.
    """
    original = sentence
    sentence = folded if folded is not None else sentence.lower().replace("ё", "е")
    out: list[PeriodMatch] = []
    taken: list[tuple[int, int]] = []
    has_month = bool(_ANY_MONTH[lang].search(sentence))
    triggers = _TRIGGERS[lang]
    for kind, rx in _RU if lang == "ru" else _EN:
        need = triggers.get(kind)
        if need is not None and not (has_month if need == "month" else any(w in sentence for w in need)):
            continue  # cheap substring test before the regex
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            if kind == "month" and lang == "en" and original[s : s + 1].islower():
                continue  # "may" the verb; month names are capitalised in English
            span = _resolve(kind, m, lang, published, fiscal_start)
            taken.append((s, e))
            pk = "anaphor" if kind == "anaphor" else "yoy" if kind == "yoy" else "period"
            if pk == "period" and _BASE_BEFORE[lang].search(sentence[max(0, s - 60) : s]):
                pk = "base"
                # "к предыдущему году", "compared with last year": relative to the figure's own period
                if kind == "rel" and re.match(r"(?:прошл|предыдущ|минувш|the\s+previous|last)", m.group(), re.I):
                    pk = "yoy"
            if kind == "date" or (span is None and pk not in ("anaphor", "yoy")):
                continue
            explicit = bool(m.groupdict().get("y") or m.groupdict().get("y2") or m.groupdict().get("ry")) or kind in (
                "year",
                "years",
                "fiscal",
            )
            out.append(PeriodMatch(s + offset, e + offset, None if pk == "yoy" else span, pk, explicit, span))
    out.sort(key=lambda p: p.start)
    return out


def _fiscal(g: dict, start: int | None) -> tuple[date, date] | None:
    """ "fiscal year 2022-23" with the start month of the country's fiscal year (None: not resolved)."""
    y1 = int(g.get("y1") or g.get("y1b"))
    y2s = g.get("y2s") or g.get("y2b")
    y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
    if y2 != y1 + 1 or not start or start == 1:
        return None
    return date(y1, start, 1), month_span(y2, start - 1)[1]


def _resolve(
    kind: str, m: re.Match, lang: str, published: date | None, fiscal_start: int | None = None
) -> tuple[date, date] | None:
    """The dates of a period phrase of ``kind`` (None: not a period, or not resolvable from the text)."""
    if kind == "fiscal":
        return _fiscal(m.groupdict(), fiscal_start)
    fn = _RESOLVERS.get(kind)
    return fn(m, m.groupdict(), lang, published) if fn else None


def _r_to_start(m, g, lang, published):  # "на начало ноября": the year to the end of October
    mi = month_index(g["m1"], lang)
    y, _ = _year_of(m, published, mi)
    return month_span(y, 1, mi - 1) if mi and mi > 1 and y else None


def _r_monthyears(m, g, lang, published):  # "April 2022 - March 2023"
    m1, m2 = month_index(g["m1"], lang), month_index(g["m2"], lang)
    y1, y2 = int(g["y1"]), int(g["y"])
    if not m1 or not m2 or (y2, m2) <= (y1, m1) or y2 - y1 > 1:
        return None
    return date(y1, m1, 1), month_span(y2, m2)[1]


def _r_months(m, g, lang, published):
    m1, m2 = month_index(g["m1"], lang), month_index(g["m2"], lang)
    if not m1 or not m2 or m2 < m1:
        return None
    y, _ = _year_of(m, published, m2)
    return month_span(y, m1, m2) if y else None


def _r_nmonths(m, g, lang, published):
    n = _num(g["n"])
    if not n or n > 12:
        return None
    y, _ = _year_of(m, published, n)
    return month_span(y, 1, n) if y else None


def _r_half(m, g, lang, published):
    o = g.get("o") or g.get("o2") or "1"  # "за полгода": the first half
    h = (_ORD_RU if lang == "ru" else _ORD_EN).get(o.lower())
    y, _ = _year_of(m, published, 6 if h == 1 else 12)
    if not h or h > 2 or not y:
        return None
    return month_span(y, 1, 6) if h == 1 else month_span(y, 7, 12)


def _r_quarter(m, g, lang, published):
    if g.get("n3"):  # "за три квартала": January to September
        y, _ = _year_of(m, published, 9)
        return month_span(y, 1, 9) if y else None
    o = g.get("o") or g.get("o2")
    q = (_ORD_RU if lang == "ru" else _ORD_EN).get(o.lower())
    y, _ = _year_of(m, published, 3 * q if q else None)
    if not q or not y:
        return None
    return month_span(y, 3 * q - 2, 3 * q)


def _r_month_rel(m, g, lang, published):
    mi = month_index(g["m1"], lang)
    if not mi or published is None:
        return None
    y = published.year - 1 if g["rel"].lower().startswith(("прошл", "предыдущ")) else published.year
    return month_span(y, mi)


def _r_month(m, g, lang, published):
    mi = month_index(g["m1"], lang)
    if not mi:
        return None
    if (
        lang == "en"
        and not g.get("y")
        and not re.search(r"\b(?:in|for|during|since|of)\s+$", m.string[max(0, m.start() - 8) : m.start()], re.I)
    ):
        return None  # "May" alone is too often the verb
    y, _ = _year_of(m, published, mi)
    return month_span(y, mi) if y else None


def _r_rel(m, g, lang, published):
    if published is None:
        return None
    text = m.group().lower()
    rel = (g.get("rel") or "").lower()
    unit = (g.get("unit") or "year").lower()
    back = (
        2
        if rel.startswith("позапрошл")
        else 1
        if rel.startswith(("прошл", "предыдущ", "истекш", "минувш", "last", "the previous"))
        else 0
    )
    if "начала" in text or "so far" in text or "to date" in text or "since the" in text:
        back = 0
    if unit.startswith(("год", "year")):
        return year_span(published.year - back)
    if unit.startswith(("месяц", "month")):
        return shift_months(month_span(published.year, published.month), -back)
    q = (published.month - 1) // 3
    return shift_months(month_span(published.year, 3 * q + 1, 3 * q + 3), -3 * back)


_RESOLVERS = {
    "to_start": _r_to_start,
    "monthyears": _r_monthyears,
    "months": _r_months,
    "nmonths": _r_nmonths,
    "half": _r_half,
    "quarter": _r_quarter,
    "month_rel": _r_month_rel,
    "month": _r_month,
    "rel": _r_rel,
    "year": lambda m, g, lang, published: year_span(int(g["y"] or g["y2"])),
    "years": lambda m, g, lang, published: (date(int(g["y"]), 1, 1), date(int(g["y2"]), 12, 31)),
}


def reference_year(sentences: list[str], lang: str) -> int | None:
    """For a text without a publication date: the year its "this year" means, when the text fixes it by a
    comparison with the year before ("compared to the same period in 2022", "по сравнению с 2022 годом",
    "than January 2024"): that year plus one. None when no such comparison is made."""
    years = []
    for i, sent in enumerate(sentences):
        for p in find_periods(sent, lang, None):
            since = _SINCE[lang].search(sent.lower(), max(0, p.start - 8), p.start)  # "since 2015": not a like period
            if p.kind == "base" and p.span and p.explicit_year and p.span[0].year == p.span[1].year and not since:
                # "в прошлом году ... на 3% меньше, чем в 2022 году": the text was written the year after
                back = _LAST_YEAR[lang].search(" ".join(sentences[max(0, i - 1) : i + 1]).lower())
                years.append(p.span[0].year + (2 if back else 1))
    if years:
        return max(years)
    if sentences:  # a headline that states the year: "... в Узбекистан в 2022 году"
        own = [p for p in find_periods(sentences[0], lang, None) if p.kind == "period" and p.explicit_year and p.span]
        if own:
            return own[-1].span[1].year
    return None


_SINCE = {"ru": re.compile(r"(?:^|\s)с\s+$"), "en": re.compile(r"\bsince\s+$")}
_LAST_YEAR = {"ru": re.compile(r"\b(?:прошл|минувш|предыдущ)[а-я]*\s+год"), "en": re.compile(r"\blast\s+year")}
