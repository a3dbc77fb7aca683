"""From article text to figures: candidates from the figure grammar, then indicator, period, countries,
entity and record decided from the sentence and, where the text refers back, from the figures before.

Why this shape: a figure in news is a short phrase ("более 573 тыс. пассажиров", "$4,1 млрд", "на 13,6%")
whose meaning is spread over its sentence (the indicator word, the period, the countries) and sometimes over
the previous ones ("этот показатель", "между странами", "that year"). The engine therefore works sentence by
sentence (razdel), keeps the last figure as context, and never outputs a number it cannot tie to an
indicator: a number without one is not a figure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pipelines.extract import grammar as G
from pipelines.extract.names import Mention, fold, load_names, tokenize
from pipelines.extract.numbers import parse_digits, parse_words, scale_of
from pipelines.extract.periods import find_periods, reference_year, shift_years

_CYR = re.compile(r"[А-Яа-яЁё]")
_LAT = re.compile(r"[A-Za-z]")


@dataclass
class Cand:
    start: int  # span of the figure in the text
    end: int
    num_start: int
    number: Decimal  # as written (sign applied), before scale
    step: Decimal  # value of the last written digit
    scale: Decimal = Decimal(1)
    number2: Decimal | None = None  # upper end of a range
    currency: str | None = None
    unit_word: str | None = None
    percent: bool = False
    ratio: bool = False
    explicit_sign: int = 0
    qualifier: str = "exact"
    qual_word: str = ""
    core_start: int = 0  # the span without its qualifier word
    by_before: bool = False  # "на 8%", "by 8%"
    target_before: bool = False  # "до 25%", "to 25%"
    compound_units: bool = False  # "1 миллион 316 тысяч 923": scale 1, still a scaled amount


@dataclass
class Fig:
    cand: Cand
    indicator: str
    measure: str
    unit: str
    sentence: int
    period: tuple[date, date] | None = None
    base: tuple[date, date] | None = None
    countries: list[str] = field(default_factory=list)
    entity: str | None = None
    record: bool = False
    sign: int = 1
    cand_text: str = ""  # the sentence, for words that change the sign ("дефицит")
    countries_from: str | None = None  # sentence | headline | speaker | place
    carry: tuple[date, date] | None = None  # the period a later figure inherits (a compared level's is not its own)
    exporter: str | None = None
    importer: str | None = None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: razdel within each line (a line break ends a sentence too: headlines and subtitles have
    no full stop)."""
    from razdel import sentenize

    out = []
    a = 0
    for line in text.split("\n"):
        if line.strip():
            out.extend((a + s.start, a + s.stop) for s in sentenize(line))
        a += len(line) + 1
    return out


def _qualifier(word: str) -> str:
    w = " ".join(word.lower().split())
    for rx, kind in G.QUALIFIER_KIND:
        if rx.match(w):
            return kind
    return "exact"


def _code(table, word: str) -> str | None:
    w = word.strip()
    for rx, code in table:
        if rx.match(w):
            return code
    return None


def _candidates(text: str, low: str, lang: str) -> list[Cand]:
    out: list[Cand] = []
    taken_until = -1
    spans = []
    for m in G.DIGITS[lang].finditer(text):
        spans.append(("d", m))
    for m in G.WORDS.finditer(low):
        spans.append(("w", m))
    for m in G.RATIO_WORDS.finditer(low):
        spans.append(("r", m))
    spans.sort(key=lambda x: x[1].start())
    for kind, m in spans:
        if m.start() < taken_until:
            continue
        c = _candidate(text, low, lang, kind, m)
        if c is not None:
            out.append(c)
            taken_until = c.end
    return out


def _candidate(text: str, low: str, lang: str, kind: str, m: re.Match) -> Cand | None:
    """A number and what follows it (range, scale, currency, percent, ratio, unit), or None when it is no figure."""
    s = m.start()
    if kind == "r":
        return Cand(s, m.end(), s, Decimal(G.RATIO_WORD_VALUES[m.group("rw").lower()]), Decimal(1), ratio=True)
    c = _digits(text, lang, m) if kind == "d" else _worded(m)
    if c is None:
        return None
    pos = _range(text, lang, c) if kind == "d" else c.end
    if pos is None:
        return None
    before = text[max(0, s - 40) : s]
    pre = G.CURRENCY_PREFIX.search(before[-6:])
    sm = G.SCALE[lang].match(text, pos)
    if sm:
        sc = scale_of(sm.group("scale"))
        if sc and (sm.group("scale").lower() not in ("k", "m", "b") or pre):
            c.scale = Decimal(str(sc))
            pos = _compound(text, lang, c, sm.end())
    if pre:
        c.currency = _code(G.CURRENCY_CODES, pre.group("pre"))
        c.start = min(c.start, s - len(pre.group()))
        before = text[max(0, c.start - 40) : c.start]
    pos = _measure(text, lang, c, pos, before)
    if pos is None:
        return None
    if not (c.scale != 1 or c.compound_units or c.unit_word or c.ratio or c.currency or c.percent):
        if kind == "w":
            return None  # "два соглашения"
        if not G.BARE_TRIGGER[lang].search(low, max(0, s - 80), s):
            return None  # a bare number far from "рейсов"/"пассажиров" cannot be a figure
    c.end = pos
    c.by_before = bool(G.BY_BEFORE[lang].search(before))
    c.target_before = bool(G.BEFORE_TARGET[lang].search(before))
    if c.number2 is None:
        qm = G.QUALIFIER[lang].search(before)
        c.core_start = c.start
        if qm:
            c.qualifier = _qualifier(qm.group("q"))
            c.qual_word = qm.group("q").lower()
            c.start = c.start - (len(before) - qm.start("q"))
    return c


def _digits(text: str, lang: str, m: re.Match) -> Cand | None:
    s, e = m.start(), m.end()
    if s >= 2 and text[s - 1] in "-–" and text[s - 2].isalnum() and not m.group("sign"):
        return None  # 123-45-67, COVID-19
    if e < len(text) and text[e] in "-–" and e + 1 < len(text) and text[e + 1].isalpha():
        return None  # 80-летия, 5-процентный
    if re.match(r"[.,]\d|\.\d", text[e : e + 2]):
        return None  # 12.02.2025
    value, step = parse_digits(m.group("num"), lang)
    sign = -1 if m.group("sign") in ("-", "−") else 1 if m.group("sign") == "+" else 0
    if not sign and s >= 5 and text[s - 1] == " ":  # "плюс 34,9%" (a cheap test first: most numbers have none)
        wm = G.SIGN_WORD[lang].search(text, max(0, s - 8), s)
        sign = (1 if wm.group(1).lower() in ("плюс", "plus") else -1) if wm else 0
    return Cand(s, e, s, Decimal(str(value)) * (sign or 1), Decimal(str(step)), explicit_sign=sign)


def _worded(m: re.Match) -> Cand | None:
    parsed = parse_words(m.group("words"))
    if parsed is None:
        return None
    return Cand(m.start(), m.end(), m.start(), Decimal(str(parsed[0])), Decimal(str(parsed[1])))


def _range(text: str, lang: str, c: Cand) -> int | None:
    """The end of a range's second number ("3–4 млн", "от 3,5 до 3,8 млн", "between 1.2 and 1.4"), or of the
    number; None for phone-like sequences."""
    s, pos = c.start, c.end
    before = text[max(0, s - 40) : s]
    r = G.RANGE_TAIL[lang].match(text, pos)
    head_rx, tail_rx = G.RANGE_WORDED[lang]
    if r is None and head_rx.search(before):
        r = tail_rx.match(text, pos)
        if r:
            hm = head_rx.search(before)
            c.start = s - (len(before) - hm.start()) + (1 if hm.group().startswith(" ") else 0)
    if r:
        v2, st2 = parse_digits(r.group("num2"), lang)
        c.number2 = Decimal(str(v2))
        c.step = min(c.step, Decimal(str(st2)))
        return r.end()
    if re.match(r"[-–]\d", text[pos : pos + 2]):
        return None
    return pos


def _measure(text: str, lang: str, c: Cand, pos: int, before: str) -> int | None:
    """What the number counts: percent, ratio ("в 2 раза"), currency or unit; None for "3 раза в неделю"."""
    pm = G.PERCENT[lang].match(text, pos)
    if pm and not c.currency:
        c.percent = True
        return pm.end()
    tm = G.RATIO_TAIL[lang].match(text, pos)
    if tm and not c.currency:
        if lang == "ru":
            hm = G.RATIO_HEAD["ru"].search(before)
            if not hm:
                return None  # "3 раза в неделю" is a frequency, not a ratio
            c.start = c.start - (len(before) - hm.start()) + (1 if hm.group()[:1].isspace() else 0)
        c.ratio = True
        return tm.end()
    if c.currency:
        return pos
    cm = G.CURRENCY[lang].match(text, pos)
    if cm:
        c.currency = _code(G.CURRENCY_CODES, cm.group("cur"))
        return cm.end()
    um = G.UNIT[lang].match(text, pos)
    if um and (um.group("unit") not in ("т", "mt") or c.scale != 1):
        c.unit_word = um.group("unit")
        return um.end()
    return pos


def _compound(text: str, lang: str, c: Cand, pos: int) -> int:
    """Absorb the smaller parts of a compound number ("2 млрд 125,8 млн", "1 миллион 316 тысяч 923"):
    the candidate keeps its smallest scale and the number becomes the total in that scale."""
    while True:
        m = G.COMPOUND[lang].match(text, pos)
        if m is None:
            break
        sc = scale_of(m.group("scale"))
        if not sc or Decimal(str(sc)) >= c.scale:
            break
        v, st = parse_digits(m.group("num"), lang)
        sc_d = Decimal(str(sc))
        c.number = c.number * c.scale / sc_d + Decimal(str(v)) * (1 if c.number >= 0 else -1)
        c.step, c.scale, pos = Decimal(str(st)), sc_d, m.end()
    if c.scale == 1000:
        m = G.COMPOUND_UNITS.match(text, pos)
        if m and (pos - c.num_start) < 60 and _prev_part_is_compound(text, c.num_start, pos):
            c.number = c.number * 1000 + int(m.group("num"))
            c.step, c.scale, pos = Decimal(1), Decimal(1), m.end()
            c.compound_units = True
    return pos


def _prev_part_is_compound(text: str, start: int, pos: int) -> bool:
    """ "316 тысяч 923", "84 thousand 315": a thousands part followed by units is one number when written so."""
    return bool(re.search(r"тысяч[аи]?$|тыс\.?$|thousand$", text[start:pos], re.I))


def _clauses(sent: str, offset: int) -> list[int]:
    """Clause boundaries (absolute offsets) of a sentence."""
    return [offset + m.start() for m in G.CLAUSE_BREAK.finditer(sent)]


def _clause_of(pos: int, breaks: list[int], s0: int, s1: int) -> tuple[int, int]:
    i = bisect.bisect_right(breaks, pos)
    return (breaks[i - 1] if i else s0), (breaks[i] if i < len(breaks) else s1)


def _nearest(items, c: Cand, lo: int, hi: int, prefer_before: bool = True):
    """The item (with .start/.end or a (start, end, ...) tuple) nearest the candidate within [lo, hi)."""
    best, best_d = None, None
    for it in items:
        a, b = (it[0], it[1]) if isinstance(it, tuple) else (it.start, it.end)
        if a < lo or b > hi or (a < c.end and c.start < b):
            continue
        d = c.start - b if b <= c.start else (a - c.end) * (1.5 if prefer_before else 1) + 0.5
        if isinstance(it, tuple) and len(it) > 3 and it[3] is True:
            d = d * 3 + 50  # a key word after a preposition is rarely what the figure measures
        if best_d is None or d < best_d:
            best, best_d = it, d
    return best


def _currency_name(low: str, m: Mention) -> bool:
    return bool(
        G.CURRENCY_COUNTRY_BEFORE.search(low, max(0, m.start - 14), m.start)
        or G.CURRENCY_COUNTRY_AFTER.match(low, m.end)
    )


class _Article:
    def __init__(self, text: str, low: str, lang: str, published: date | None):
        self.text, self.low, self.lang, self.published = text, low, lang, published
        self.names = load_names()
        self._period_cache: dict[int, tuple[date, date] | None] = {}
        self._pair_cache: dict[int, list[str]] = {}
        self._by_sentence: list[set[str]] | None = None
        self._home: str | None = None
        self._periods: dict[int, list] = {}
        toks = tokenize(text, low)
        self.orgs = self.names.find_orgs(text, toks)
        self.countries = [
            m for m in self.names.find_countries(text, toks, self.orgs) if not _currency_name(low, m)
        ]  # "долларов США", "US dollars": a currency
        self._starts = [m.start for m in self.countries]
        self.org_mentions = self._org_mentions()
        counts: dict[str, int] = {}
        for m in self.countries:
            if m.code != "WLD":
                counts[m.code] = counts.get(m.code, 0) + 1
        self.context_countries = sorted(sorted(counts, key=lambda k: -counts[k])[:2])
        # "fiscal year 2022-23": the fiscal year of the first named country that has one not on the calendar
        self.cargo_article = bool(G.CARGO_ARTICLE[lang].search(low))
        fiscal = self.names.fiscal_start
        self.fiscal_start = next((fiscal[m.code] for m in self.countries if m.code in fiscal), None)

    def named(self, a: int, b: int) -> list[Mention]:
        """The country mentions starting in [a, b) (countries are sorted by start)."""
        i = bisect.bisect_left(self._starts, a)
        j = bisect.bisect_left(self._starts, b, i)
        return self.countries[i:j]

    def doc_pair(self, si: int, sents) -> list[str]:
        """The pair the headline or lead names (the first of the first three sentences naming exactly two
        countries), else the pair of the latest earlier sentence naming exactly two."""
        if si in self._pair_cache:
            return self._pair_cache[si]
        per = self._codes_by_sentence(sents)
        pair: list[str] = []
        for j in range(min(si, 3)):
            if len(per[j]) == 2:
                pair = sorted(per[j])
                break
        if not pair:
            for j in range(si - 1, 2, -1):
                if len(per[j]) == 2:
                    pair = sorted(per[j])
                    break
        self._pair_cache[si] = pair
        return pair

    def _codes_by_sentence(self, sents) -> list[set[str]]:
        if self._by_sentence is None:
            starts = [a for a, _ in sents]
            self._by_sentence = [set() for _ in sents]
            for m in self.countries:
                if m.code != "WLD":
                    self._by_sentence[max(0, bisect.bisect_right(starts, m.start) - 1)].add(m.code)
        return self._by_sentence

    def home_country(self) -> str | None:
        """The country the article is about: the most named one, named at least twice and more than any other."""
        if self._home is None:
            counts: dict[str, int] = {}
            for m in self.countries:
                if m.code != "WLD":
                    counts[m.code] = counts.get(m.code, 0) + 1
            best = sorted(counts, key=lambda k: -counts[k])
            ok = best and counts[best[0]] >= 2 and (len(best) == 1 or counts[best[1]] < counts[best[0]])
            self._home = best[0] if ok else ""
        return self._home or None

    def speaker_country(self, before: int) -> str | None:
        """The country of a named official speaking before ``before`` ("посол РФ", "вице-премьер России")."""
        for m in G.SPEAKER[self.lang].finditer(self.low, 0, before):
            c = next((x for x in self.named(m.end(), m.end() + 41) if x.code != "WLD"), None)
            if c is not None:
                return c.code
        return None

    def periods_of(self, si: int) -> list:
        """The period phrases of sentence ``si`` (computed once)."""
        if si not in self._periods:
            s0, s1 = self.sents[si]
            self._periods[si] = find_periods(
                self.text[s0:s1], self.lang, self.published, s0, self.low[s0:s1], self.fiscal_start
            )
        return self._periods[si]

    def topic(self, si: int) -> str | None:
        """The indicator key word of the sentence before ``si`` in the same paragraph (the last one named)."""
        if si == 0:
            return None
        for j in (si - 1, 0) if _same_paragraph(self.text, self.sents[si - 1][0], self.sents[si][0]) else (0,):
            s0, s1 = self.sents[j]  # the sentence before in the paragraph, else the headline
            names = [(m.start, m.end) for m in self.named(s0, s1)]
            found = [
                m
                for m in G.KEYWORDS[self.lang].finditer(self.low, s0, s1)
                if not any(a <= m.start() < b for a, b in names)
            ]
            if found:
                return G.KEYWORD_INDICATOR[self.lang][found[-1 if j else 0].lastgroup]
        return None

    def running_period(self, si: int, sents) -> tuple[date, date] | None:
        """The last period stated in the sentences before ``si`` (headline and lead included): it holds for a
        figure whose sentence states none ("За рассматриваемый период данный показатель составил ...")."""
        for j in range(si - 1, -1, -1):
            if j not in self._period_cache:
                ps = self.periods_of(j)
                found = [p.span for p in ps if p.kind == "period"] or [
                    shift_years(p.span, 1) for p in ps if p.kind == "base" and p.span and not _is_year(p.span)
                ]
                self._period_cache[j] = found[-1] if found else None
            if self._period_cache[j] is not None:
                return self._period_cache[j]
        return None

    def _org_mentions(self) -> list[Mention]:
        out = list(self.orgs)
        explicit = sorted(self.orgs, key=lambda m: m.start)
        starts = [m.start for m in explicit]
        for m in G.ORG_ANAPHOR[self.lang].finditer(self.low):
            if any(o.start <= m.start() < o.end for o in self.orgs):
                continue
            after = self.text[m.end() : m.end() + 3]
            if any(0 <= o.start - m.end() <= 3 for o in self.orgs) or after.lstrip()[:1] in ("«", '"', "“"):
                continue  # apposition: "авиакомпания «Победа»"
            i = bisect.bisect_left(starts, m.start())
            if not i:
                continue
            org = self.names.orgs.get(explicit[i - 1].code)
            if org is None:
                continue
            if m.group("g"):
                parent = self.names.orgs.get(org.parent_id) if org.parent_id else None
                if org.kind != "airline_group" and parent is not None and parent.kind == "airline_group":
                    org = parent
            out.append(Mention(m.start(), m.end(), org.org_id, "anaphor"))
        out.sort(key=lambda m: m.start)
        return out


def extract(text: str, lang: str | None = None, published: date | None = None) -> list[dict]:
    if not text or not text.strip():
        return []
    if lang not in ("ru", "en"):
        lang = "ru" if len(_CYR.findall(text[:5000])) >= len(_LAT.findall(text[:5000])) else "en"
    low = fold(text)
    cands = _candidates(text, low, lang)
    if not cands:
        return []
    sents = _sentences(text)
    starts = [s for s, _ in sents]
    if published is None:  # relative periods from the year the text's own comparisons fix, if they do
        ref = reference_year([text[a:b] for a, b in sents], lang)
        published = date(ref, 12, 31) if ref else None
    art = _Article(text, low, lang, published)
    art.sents = sents
    by_sent: dict[int, list[Cand]] = {}
    for c in cands:
        i = max(0, bisect.bisect_right(starts, c.num_start) - 1)
        if c.start < sents[i][0]:
            c.start = sents[i][0]
        if c.end > sents[i][1]:
            c.end = sents[i][1]
        by_sent.setdefault(i, []).append(c)
    figures: list[Fig] = []
    last: Fig | None = None
    for i in sorted(by_sent):
        s0, s1 = sents[i]
        new = _sentence_figures(art, i, s0, s1, by_sent[i], last, sents)
        figures.extend(new)
        if new:
            last = new[-1]
    return [_as_dict(f, text, sents) for f in figures]


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


@dataclass
class _Sent:
    """One sentence and what the figures in it are read against."""

    art: _Article
    si: int
    s0: int
    s1: int
    breaks: list[int]
    kws: list
    ups: list
    downs: list
    backref: bool
    transport: bool
    periods: list
    adjacent: bool
    last: Fig | None
    sents: list
    out: list = field(default_factory=list)  # the figures of the sentence so far


def _sentence(art: _Article, si: int, s0: int, s1: int, last: Fig | None, sents) -> _Sent:
    text, lang = art.text, art.lang
    lsent = art.low[s0:s1]
    names_here = [(m.start, m.end) for m in art.named(s0, s1)]
    kws = [
        (
            s0 + m.start(),
            s0 + m.end(),
            G.KEYWORD_INDICATOR[lang][m.lastgroup],
            bool(G.GOVERNED[lang] and G.GOVERNED[lang].search(lsent[max(0, m.start() - 25) : m.start()])),
        )
        for m in G.KEYWORDS[lang].finditer(lsent)
        if not any(a <= s0 + m.start() < b for a, b in names_here)
    ]  # "Грузией" is not "груз"
    return _Sent(
        art,
        si,
        s0,
        s1,
        _clauses(text[s0:s1], s0),
        kws,
        [(s0 + m.start(), s0 + m.end(), 1) for m in G.UP[lang].finditer(lsent)],
        [(s0 + m.start(), s0 + m.end(), -1) for m in G.DOWN[lang].finditer(lsent)],
        bool(G.BACKREF[lang].search(lsent)),
        bool(G.TRANSPORT_CONTEXT[lang].search(lsent)),
        art.periods_of(si),
        last is not None and last.sentence == si - 1 and _same_paragraph(text, sents[last.sentence][0], s0),
        last,
        sents,
    )


def _sentence_figures(
    art: _Article, si: int, s0: int, s1: int, cands: list[Cand], last: Fig | None, sents
) -> list[Fig]:
    S = _sentence(art, si, s0, s1, last, sents)
    out: list[Fig] = S.out
    for c in cands:
        c_lo, c_hi = _clause_of(c.num_start, S.breaks, s0, s1)
        if c.qual_word in ("до", "to") and any(x[1] <= c.start for x in S.ups + S.downs):
            c.qualifier, c.qual_word, c.start = "exact", "", c.core_start  # "вырос на 11%, до 1,6 млрд"
        prev = out[-1] if out else None
        fig = _classify(c, S, c_lo, c_hi, prev)
        if fig is None or _not_a_fact(art, c, c_lo, s0):
            continue
        fig.period, fig.carry = _period(fig, c, S, c_lo, c_hi, prev)
        if fig.measure != "level":
            fig.base = _base(fig, c, S, c_lo, c_hi)
        fig.countries, fig.countries_from = _countries(
            art, c, fig.indicator, si, s0, s1, c_lo, c_hi, prev or last, sents
        )
        fig.entity = _entity(fig, c, S, prev)
        fig.exporter, fig.importer = _direction(fig, c, S, c_lo, prev)
        out.append(fig)
    _mark_records(S, out)
    return out


def _period(fig: Fig, c: Cand, S: _Sent, c_lo: int, c_hi: int, prev: Fig | None):
    """(the figure's period, the period a later figure carries): they differ for a level stated for a compared
    period ("чем в прошлом году (17,3 млн)", "годом ранее"), whose period is not the story's."""
    if fig.measure == "level" and _nearest([p for p in S.periods if p.kind == "period"], c, c_lo, c_hi) is None:
        compared = _compared_level(c, S, prev)
        if compared is not None:
            return compared, _carried(prev) or compared
    span = _period_stated(fig, c, S, c_lo, c_hi, prev)
    shifted = prev is not None and span == prev.period and G.YEAR_EARLIER[S.art.lang].match(S.art.low, prev.cand.end)
    if (
        span
        and not shifted
        and fig.measure == "level"
        and G.YEAR_EARLIER[S.art.lang].match(S.art.low, c.end)
        and not any(p.kind == "period" and c.end <= p.start < c.end + 50 for p in S.periods)
    ):
        return shift_years(span, -1), span  # "1,74 трлн юаней (249,4 млрд долларов) годом ранее"
    return span, (prev.carry if shifted else span)


def _carried(f: Fig | None) -> tuple[date, date] | None:
    return None if f is None else (f.carry or f.period)


def _period_stated(fig: Fig, c: Cand, S: _Sent, c_lo: int, c_hi: int, prev: Fig | None) -> tuple[date, date] | None:
    """The figure's own period phrase (its clause first, then before it in the sentence, then after), else a
    change's period from its base, else the figure before's, else the last period the text stated."""
    periods, last, s0, s1 = S.periods, S.last, S.s0, S.s1
    comparison = next((p2.start for p2 in periods if p2.kind in ("base", "yoy") and p2.start >= c.end), s1)
    own = [p for p in periods if p.kind == "period"]
    p = _nearest(own, c, c_lo, c_hi) or _nearest(own, c, s0, c.start) or _nearest(own, c, s0, comparison)
    anaphor = any(p2.kind == "anaphor" for p2 in periods)
    based = [p2 for p2 in periods if p2.kind == "base" and p2.span and p2.start > c.end - 200]
    if p is not None:
        ref = _carried(prev) if prev is not None else _carried(last)
        if (
            _is_year(p.span)
            and ref
            and not _is_year(ref)
            and any(a.kind == "anaphor" and c_lo <= a.start < c_hi + 40 for a in periods)
        ):
            return _to_year(ref, p.span[0].year)  # "(в 2022 году — 59,5 млрд за тот же период)"
        return p.span
    if fig.measure != "level" and based and (prev is None or prev.period is None):
        ref = _carried(last)
        if _is_year(based[0].span) and ref and not _is_year(ref) and ref[0].year == based[0].span[0].year + 1:
            return ref  # "в 1,9 раза больше, чем за аналогичный период 2020 года" after a Jan-Sep 2021 figure
        return shift_years(based[0].span, 1)  # "+23.7% relative to the first five months of 2023"
    if prev is not None:
        return _carried(prev)
    if S.si == 0 and len(S.sents) > 1:  # a headline's figure: the period of a subtitle line under it
        a, b = S.sents[1]
        if b - a <= 80 and "\n" in S.art.text[S.s1 : a + 1]:
            sub = [
                p2
                for p2 in find_periods(
                    S.art.text[a:b], S.art.lang, S.art.published, a, S.art.low[a:b], S.art.fiscal_start
                )
                if p2.kind == "period"
            ]
            if sub:
                return sub[0].span
    if last is not None and (anaphor or S.backref or (S.adjacent and _shares_countries(S.art, s0, s1, last))):
        ref = _carried(last)
        if fig.measure == "level" and ref and any(p2.kind == "yoy" and p2.end <= c.start for p2 in periods):
            return shift_years(ref, -1)  # "Годом ранее за тот же период показатель составлял"
        return ref
    return S.art.running_period(S.si, S.sents)


def _direction(fig: Fig, c: Cand, S: _Sent, c_lo: int, prev: Fig | None) -> tuple[str | None, str | None]:
    """Who exports to whom, where the words fix it: "экспорт из Грузии в РФ", "импорт РФ из Китая", "China's
    imports from Kazakhstan", "Таджикистан импортировал из России", "экспорт российских товаров в Китай".
    Both ends or neither: (None, None) for turnover, for a pair the words do not orient, or for one side only."""
    if fig.indicator not in ("trade.exports", "trade.imports") or len(fig.countries) != 2:
        return None, None
    art = S.art
    if (
        prev is not None
        and prev.indicator == fig.indicator
        and prev.countries == fig.countries
        and 0 <= c.start - prev.cand.end <= 8
    ):
        return prev.exporter, prev.importer  # the same flow in a second currency
    lo = c_lo if art.named(c_lo, c.start) else S.s0
    roles: dict[str, str] = {}
    for m in art.named(lo, c.start):
        if m.code in fig.countries:
            role = _role(art, m)
            if role:
                roles.setdefault(role, m.code)
    if not roles and prev is not None and prev.indicator == fig.indicator and prev.countries == fig.countries:
        return prev.exporter, prev.importer  # "..., экспортировал в РФ – на 58,6 млн": the clause before's
    a, b = fig.countries
    other = {a: b, b: a}
    if fig.indicator == "trade.exports":
        exporter = roles.get("src") or roles.get("subj")
        importer = roles.get("dst") or (other[exporter] if exporter else None)
        exporter = exporter or (other[importer] if importer else None)
    else:
        importer = roles.get("dst") or roles.get("subj")
        exporter = roles.get("src") or (other[importer] if importer else None)
        importer = importer or (other[exporter] if exporter else None)
    if exporter is None or importer is None or exporter == importer:
        return None, None
    return exporter, importer


def _role(art: _Article, m: Mention) -> str | None:
    """A country mention's role in a flow phrase: source ("из России", "from China", "российских товаров"),
    destination ("в Китай", "to India") or the subject whose flow it is ("импорт РФ", "China's exports")."""
    low, lang = art.low, art.lang
    before = low[max(0, m.start - 14) : m.start]
    after = low[m.end : m.end + 24]
    if m.kind in ("adjective", "stem"):  # "российского экспорта", "китайских товаров", "в казахстанском экспорте"
        if G.GOODS_AFTER[lang].match(after):
            return "src"
        # "российский экспорт", or elliptical "…, иранский — 800 млн" (the flow word left out)
        return "subj" if G.FLOW_WORD_AFTER[lang].match(after) or re.match(r"\s*[-–—]", after) else None
    if G.FROM_BEFORE[lang].search(before):
        return "src"
    if G.TO_BEFORE[lang].search(before):
        return "dst"
    if G.GOODS_AFTER[lang].match(after):
        return "src"
    if G.FLOW_BEFORE[lang].search(before) or G.FLOW_AFTER[lang].match(after):
        return "subj"  # "импорт РФ", "China's imports", "Таджикистан импортировал"
    return None


def _compared_level(c: Cand, S: _Sent, prev: Fig | None) -> tuple[date, date] | None:
    """A level right after the period it is compared with is that period's: "на 13 % больше, чем за тот же
    период в прошлом году (8,7 млн)", "превышая показатели за весь прошлый год - 7,4 млрд"."""
    for p in S.periods:
        if (
            p.kind in ("base", "yoy")
            and 0 <= c.start - p.end <= 4
            and G.COMPARED_GAP.fullmatch(S.art.text, p.end, c.start)
        ):
            if p.span:
                return p.span
            if prev is not None and prev.period and prev.measure != "level":
                return shift_years(prev.period, -1)
            return p.resolved
    return None


def _base(fig: Fig, c: Cand, S: _Sent, c_lo: int, c_hi: int) -> tuple[date, date] | None:
    bases = [p2 for p2 in S.periods if p2.kind in ("base", "yoy")]
    b = _nearest(bases, c, c_lo, c_hi, prefer_before=False) or _nearest(bases, c, S.s0, S.s1, False)
    if b is not None and b.kind == "base" and b.span:
        if fig.period and _is_year(b.span) and not _is_year(fig.period):
            return _to_year(fig.period, b.span[0].year)
        return b.span
    return shift_years(fig.period, -1) if fig.period else None


def _entity(fig: Fig, c: Cand, S: _Sent, prev: Fig | None) -> str | None:
    art, last = S.art, S.last
    ms = [m for m in art.org_mentions if S.s0 <= m.start < S.s1]
    em = _nearest(ms, c, S.s0, S.s1)
    if em is not None:
        return art.names.orgs[em.code].name_en
    if prev is not None and prev.indicator == fig.indicator:
        return prev.entity
    if last is not None and last.indicator == fig.indicator and (S.backref or (S.adjacent and fig.measure != "level")):
        return last.entity
    return None


def _mark_records(S: _Sent, out: list[Fig]) -> None:
    """Each record cue marks the nearest figure of its clause (or of the sentence, close by)."""
    s0, s1 = S.s0, S.s1
    for m in G.RECORD[S.art.lang].finditer(S.art.low, s0, s1):
        a, b = m.start(), m.end()
        lo, hi = _clause_of(a, S.breaks, s0, s1)
        probe = Cand(a, b, a, Decimal(0), Decimal(1))
        best = _nearest([(f.cand.start, f.cand.end, f) for f in out], probe, lo, hi, False)
        if best is None:
            best = _nearest(
                [(f.cand.start, f.cand.end, f) for f in out], probe, max(s0, a - 80), min(s1, b + 80), False
            )
        if best is not None:
            best[2].record = True


def _countries(
    art: _Article, c: Cand, indicator: str, si: int, s0: int, s1: int, c_lo: int, c_hi: int, ctx: Fig | None, sents
) -> tuple[list[str], str | None]:
    """The country pair of a figure and where it came from (sentence / headline / speaker / place).

    The sentence's own names first; a list ("с Украиной – на 57,5%, с Кыргызстаном – на 35,4%") gives each
    figure its clause's country with the document's home country; one named side is completed from the
    figure before, the headline/lead pair or the speaker's country; none at all takes the context's pair."""
    ms = [m for m in art.named(s0, s1) if m.code != "WLD"]
    here = sorted({m.code for m in ms})
    how = "place" if ms and all(m.kind == "place" for m in ms) else "sentence"
    if G.WORLD_TOTAL[art.lang].search(art.low, s0, c.start):
        return _one_side(art, ms, here, how, c_lo, c_hi, ctx, si, sents)
    home = art.home_country()
    if len(here) >= 3:
        others = {m.code for m in ms if c_lo <= m.start < c_hi} - {home}
        if len(others) > 1:  # "to Turkmenistan $780 million and to Kyrgyzstan $610 million"
            before = [m.code for m in ms if c_lo <= m.start < c.start and m.code != home]
            others = {before[-1]} if before else others
        if not others and home:  # "..., 9.2% less than in 2022": the partner named last before the figure
            before = [m.code for m in ms if m.start < c.start and m.code != home]
            others = {before[-1]} if before else set()
        if len(others) == 1:
            return sorted(others | ({home} if home else set())), how
        return here, how
    if len(here) == 2:
        return here, how
    if len(here) == 1:
        return _one_named(art, c, indicator, here[0], ms, how, home, si, s0, s1, ctx, sents)
    if home and G.THE_COUNTRY[art.lang].search(art.low, s0, c.start):
        return [home], "headline"  # "Экспорт страны за этот период составил 1,7 млрд": the article's country
    if ctx is not None and ctx.countries:
        return list(ctx.countries), ctx.countries_from
    pair = art.doc_pair(si, sents)
    if pair:
        return list(pair), "headline"
    return list(art.context_countries), ("headline" if art.context_countries else None)


def _one_named(art: _Article, c: Cand, indicator: str, x: str, ms, how, home, si, s0, s1, ctx, sents):
    """One country named in the sentence: the pair of the figure before, of the headline, of a named official, or
    of the article's home country (a partner in its list), else that country alone."""
    if ctx is not None and x in ctx.countries and len(ctx.countries) == 2:
        return list(ctx.countries), ctx.countries_from
    if G.OUR_COUNTRY[art.lang].search(art.low, s0, s1):  # "наша страна" in a named official's words
        sp = art.speaker_country(s1)
        if sp and sp != x:
            return sorted({x, sp}), "speaker"
    pair = art.doc_pair(si, sents)
    route = indicator.startswith("transport.") and any(
        G.ROUTE_BEFORE[art.lang].search(art.low, max(0, m.start - 10), m.start) for m in ms
    )
    if x in pair and (route or not indicator.startswith("transport.")):  # an airport's figure is one side,
        return list(pair), "headline"  # a route's has two
    if route and home and home != x:
        return sorted({x, home}), "headline"
    sp = art.speaker_country(s1)
    if sp and sp != x and not pair:
        return sorted({x, sp}), "speaker"
    if (
        home
        and home != x
        and not indicator.startswith("transport.")
        and not G.WORLD_TOTAL[art.lang].search(art.low, s0, c.start)
    ):
        return sorted({x, home}), "headline"  # "Turnover with Azerbaijan increased by 20%" in Tajikistan's list
    return [x], how


def _one_side(art: _Article, ms, here, how, c_lo, c_hi, ctx, si, sents) -> tuple[list[str], str | None]:
    """Transport figures (an airport's, a country's airlines') and world totals ("внешнеторговый оборот
    Киргизии") are about one country; a pair only where the sentence names a route between two."""
    if len(here) == 2 and any(G.BETWEEN[art.lang].match(art.low, max(0, m.start - 8), m.start) for m in ms):
        return here, how
    clause = sorted({m.code for m in ms if c_lo <= m.start < c_hi})
    if len(clause) == 1:
        return clause, how
    if len(here) == 1:
        return here, how
    if not here and ctx is not None and len(ctx.countries) == 1:
        return list(ctx.countries), ctx.countries_from
    if not here:
        home = art.home_country()
        if home:
            return [home], "headline"
    return [], None


def _tonnes_follow(art: _Article, c: Cand, c_hi: int) -> bool:
    return bool(G.UNIT[art.lang].search(art.text, c.end, min(c_hi + 40, c.end + 60))) and bool(
        re.search(r"тонн|\bт\b|tonnes?|tons?", art.low[c.end : min(len(art.low), c.end + 60)])
    )


def _not_a_fact(art: _Article, c: Cand, c_lo: int, s0: int) -> bool:
    """A target, plan, forecast or hope ("планируют довести до", "может достичь", "expected to reach") before the
    figure in its clause, or in its sentence with nothing but the figure's phrase between, is not an observed
    figure; a comparison word between the cue and the figure ("против 14 млрд") brings back a fact."""
    lo = max(s0, c_lo - 120) if G.FUTURE_CUE[art.lang].search(art.low, max(s0, c_lo - 120), c_lo) else c_lo
    cues = list(G.FUTURE_CUE[art.lang].finditer(art.low, lo, c.start))
    m = cues[-1] if cues else None  # the cue nearest the figure
    if m is None:
        return bool(G.FUTURE_AFTER[art.lang].match(art.low, c.end))
    return not G.FACT_AGAIN[art.lang].search(art.low, m.end(), c.start)


def _shares_countries(art: _Article, s0: int, s1: int, last: Fig) -> bool:
    """A sentence that names no other countries than the previous figure's continues its story."""
    here = {m.code for m in art.named(s0, s1)}
    return not here or bool(here & set(last.countries))


def _is_year(span) -> bool:
    return (
        span[0].month == 1
        and span[0].day == 1
        and span[1].month == 12
        and span[1].day == 31
        and span[0].year == span[1].year
    )


def _to_year(span, year: int):
    return shift_years(span, year - span[0].year)


class _Reader:
    """The indicator of one candidate: the nearest key word of its clause or sentence, else the figure referred
    to ("этот показатель"), else the key word of the sentence before."""

    def __init__(self, c: Cand, S: _Sent, c_lo: int, c_hi: int, prev: Fig | None):
        self.c, self.S, self.c_lo, self.c_hi, self.prev = c, S, c_lo, c_hi, prev

    def keyword(self, allowed=None) -> str | None:
        """The key word of the figure's clause, else before it in the sentence, else after it; a key word after
        the figure and a conjunction ("$880 million and imports from ...") is the next figure's, used last."""
        low, conj, c, S = self.S.art.low, G.NEXT_CONJ[self.S.art.lang], self.c, self.S
        pool = [k for k in S.kws if allowed is None or k[2] in allowed]
        near = [k for k in pool if not (k[0] >= c.end and conj.search(low, c.end, k[0]))]
        k = _nearest(near, c, self.c_lo, self.c_hi)
        if k is None and S.art.text[self.c_lo : self.c_lo + 1] == "(":  # "(рост в 2,1 раза)" comments on
            k = _nearest(near, c, S.s0, self.c_lo)  # what comes before it
        # the subject comes first: a key word before the figure, then one after it
        k = k or _nearest(near, c, S.s0, c.start) or _nearest(near, c, S.s0, S.s1) or _nearest(pool, c, S.s0, S.s1)
        return k[2] if k else None

    def referred(self, allowed=None) -> str | None:
        S = self.S
        for f in (self.prev, S.last if (S.backref or S.adjacent) else None):
            if (
                f is not None
                and (allowed is None or f.indicator in allowed)
                and (f is self.prev or S.backref or (S.adjacent and f.indicator))
            ):
                return f.indicator
        if not S.kws and G.ELLIPSIS_SHARE.search(S.art.low, self.c_lo, self.c.start) is None:
            ind = S.art.topic(S.si)  # "данный показатель составил ...": the indicator of the sentence before
            if ind is not None and (allowed is None or ind in allowed):
                return ind
        return None

    def indicator(self, allowed=None) -> str | None:
        return self.keyword(allowed) or self.referred(allowed)


def _classify(c: Cand, S: _Sent, c_lo: int, c_hi: int, prev: Fig | None) -> Fig | None:
    """The figure a candidate is, or None: a number tied to no indicator is not a figure."""
    r = _Reader(c, S, c_lo, c_hi, prev)
    if c.percent or c.ratio:
        return _change(c, S, r, c_lo, c_hi, prev)
    if c.by_before and ([x for x in S.ups + S.downs if c_lo <= x[0] < c_hi]):
        return None  # "вырос на $500 млн": an absolute change, not a level
    if c.currency:
        return _money(c, S, r, prev)
    if c.unit_word:
        return _counted(c, S, r)
    if c.scale != 1 or c.compound_units:
        return _scaled(c, S, r, prev)
    # a bare number: only right after "число рейсов достигло", "passengers totalled"
    if c.number2 is None and G.BARE_LINK[S.art.lang].search(S.art.text[c_lo : c.start]) and abs(c.number) >= 10:
        ind = r.keyword(set(G.COUNT_UNITS))
        if ind:
            return Fig(c, ind, "level", G.COUNT_UNITS[ind], S.si)
    return None


def _scaled(c: Cand, S: _Sent, r: _Reader, prev: Fig | None) -> Fig | None:
    """A scaled number without its unit ("1,1 млрд", "2,5 млн"): a count by its key word, an amount of money
    in the currency of the figure before it or of the next amount in the sentence ("1,7 млрд, импорт — 4,7 млрд
    долларов"), a level in parentheses after a comparison in the unit of the level before."""
    ind = r.keyword()
    if ind == "transport.flights" and c.scale >= 1_000_000:  # millions of flights: the passengers on them
        ind = "transport.passengers" if G.BARE_TRIGGER[S.art.lang].search(S.art.low, max(0, S.s0 - 300), S.s1) else None
    if ind in G.COUNT_UNITS:
        return Fig(c, ind, "level", G.COUNT_UNITS[ind], S.si)
    money = [
        f
        for f in (prev, S.last if S.adjacent else None)
        if f is not None and f.measure == "level" and f.indicator in G.MONEY_INDICATORS
    ]
    ind = ind or (r.indicator(G.MONEY_INDICATORS) if money or not S.kws else None)
    if ind in G.MONEY_INDICATORS:
        if money:
            return Fig(c, ind, "level", money[0].unit, S.si)
        nxt = G.CURRENCY[S.art.lang].search(S.art.text, c.end, min(S.s1, c.end + 60))
        if nxt and re.search(r"\d", S.art.text[c.end : nxt.start()]):  # the next amount's currency
            return Fig(c, ind, "level", _code(G.CURRENCY_CODES, nxt.group("cur")), S.si)
    lvl = next((f for f in reversed(S.out) if f.measure == "level"), None)
    if lvl is not None and "(" in S.art.text[max(0, c.start - 2) : c.start]:
        return Fig(c, lvl.indicator, "level", lvl.unit, S.si)  # "на 13 % больше, чем ... (8,7 млн)"
    if (
        ind is None
        and prev is not None
        and prev.measure == "level"
        and prev.unit in G.COUNT_UNIT_NAMES
        and 0 < c.start - prev.cand.end <= 40
        and not re.search(r"\d", S.art.text[prev.cand.end : c.start])
    ):
        return Fig(c, prev.indicator, "level", prev.unit, S.si)  # "вылетели 395 тыс. человек, а прибыли 404,5 тысячи"
    return None


def _change(c: Cand, S: _Sent, r: _Reader, c_lo: int, c_hi: int, prev: Fig | None) -> Fig | None:
    """A change in percent or a ratio: it needs a direction word in its clause (or an explicit sign)."""
    art = S.art
    if c.percent and c.target_before and not c.explicit_sign:
        return None  # "доля выросла до 25%": a level of a share, not a change
    if c.percent and c.number2 is not None:
        return None  # "ежегодный прирост составляет 15-20%": an estimate, not a stated change
    cues = [x for x in S.ups + S.downs if c_lo <= x[0] < c_hi and not (x[0] < c.end and c.start < x[1])]
    cue = _nearest(cues, c, c_lo, c_hi, prefer_before=False)
    if cue is None and art.text[c_lo : c_lo + 1] == "(":  # "рост товарооборота с Азербайджаном (в 2,8 раза)"
        cue = _nearest([x for x in S.ups + S.downs if x[1] <= c_lo], c, max(S.s0, c_lo - 80), c_lo)
    change = next((f for f in reversed(S.out) if f.measure == "change_pct"), None)
    if (
        cue is None
        and c.percent
        and not c.explicit_sign
        and change is not None
        and G.ELLIPSIS[art.lang].fullmatch(art.text, c_lo, c.start)
    ):
        cue = (0, 0, change.sign)  # "с Кыргызстаном – на 35,4%", "импорта - около 18%": the verb before holds
    if c.percent and cue is None and not c.explicit_sign:
        return None  # a share or a rate, not a change
    sign = c.explicit_sign or (cue[2] if cue else 1)
    ind = r.indicator()
    if ind is None:
        return None
    cargo_before = any(
        f is not None and f.indicator == "transport.cargo" and f.measure == "level" for f in (prev, S.last)
    )
    if (
        ind in ("trade.exports", "trade.imports")
        and art.cargo_article
        and (_tonnes_follow(art, c, c_hi) or cargo_before)
    ):
        ind = "transport.cargo"  # "Exports grew by 13% to 3 million tons" in a freight article
    return Fig(c, ind, "change_pct" if c.percent else "ratio", "percent" if c.percent else "ratio", S.si, sign=sign)


def _money(c: Cand, S: _Sent, r: _Reader, prev: Fig | None) -> Fig | None:
    if (
        prev is not None
        and prev.measure == "level"
        and prev.indicator in G.MONEY_INDICATORS
        and G.SAME_FLOW_OTHER_CURRENCY.search(S.art.text, max(0, c.start - 6), c.start)
        and c.start - prev.cand.end <= 8
    ):
        return Fig(c, prev.indicator, "level", c.currency, S.si)  # "33,2 млрд юаней ($5,3 млрд)": one flow
    ind = r.indicator(G.MONEY_INDICATORS)
    return Fig(c, ind, "level", c.currency, S.si) if ind else None


def _counted(c: Cand, S: _Sent, r: _Reader) -> Fig | None:
    """Passengers, tonnes, flights: the unit says the indicator."""
    unit = _code(G.UNIT_CODES, c.unit_word)
    last = S.last
    if (
        unit == "passengers"
        and c.unit_word.lower().startswith(("человек", "чел", "people"))
        and not S.transport
        and not (S.backref and last is not None and last.indicator == "transport.passengers")
    ):
        return None
    ind = {"passengers": "transport.passengers", "tonnes": "transport.cargo", "flights": "transport.flights"}[unit]
    if unit == "tonnes":
        k = r.keyword()
        if (
            k in G.MONEY_INDICATORS
            and not S.art.cargo_article
            and not any(x[2] == "transport.cargo" and not (x[0] >= c.start and x[1] <= c.end) for x in S.kws)
        ):
            return None  # "экспорт зерна 5 млн тонн": a trade volume in tonnes, not cargo carried
    return Fig(c, ind, "level", unit, S.si)


def _band(f: Fig) -> tuple[Decimal, Decimal | None, Decimal | None]:
    c = f.cand
    sc = c.scale
    if c.number2 is not None:
        lo, hi = c.number * sc, c.number2 * sc
        value, low, high = (lo + hi) / 2, lo, hi
    else:
        v = abs(c.number) * sc
        half = c.step * sc / 2
        q = c.qualifier
        if q == "more_than":
            value, low, high = v, v, None
        elif q in ("less_than", "up_to"):
            value, low, high = v, None, v
        elif q == "about":
            band = Decimal(str(G.ABOUT_BAND))
            value, low, high = v, v * (1 - band), v * (1 + band)
        else:
            value, low, high = v, v - half, v + half
    sign = -1 if (c.number < 0 or (f.measure == "change_pct" and f.sign < 0)) else 1
    if f.indicator == "trade.balance" and f.measure == "level" and G.DEFICIT.search(f.cand_text):
        sign = -1
    if f.measure == "ratio" and f.sign < 0:
        inv = lambda x: None if x is None or x == 0 else 1 / x  # noqa: E731
        return inv(value), inv(high), inv(low)
    if sign < 0:
        value = -abs(value)
        low, high = (None if high is None else -abs(high)), (None if low is None else -abs(low))
    return value, low, high


def _f(x) -> float | None:
    if x is None:
        return None
    v = float(x)
    return float(f"{v:.12g}")


def _as_dict(f: Fig, text: str, sents) -> dict:
    s0, s1 = sents[f.sentence]
    f.cand_text = text[s0:s1]
    value, low, high = _band(f)
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "indicator": f.indicator,
        "measure": f.measure,
        "value": _f(value),
        "value_low": _f(low),
        "value_high": _f(high),
        "unit": f.unit,
        "qualifier": f.cand.qualifier if f.cand.number2 is None else "exact",
        "record": f.record,
        "period_start": iso(f.period[0]) if f.period else None,
        "period_end": iso(f.period[1]) if f.period else None,
        "base_period_start": iso(f.base[0]) if f.base else None,
        "base_period_end": iso(f.base[1]) if f.base else None,
        "countries": sorted(f.countries),
        "countries_from": f.countries_from if f.countries else None,
        "exporter": f.exporter,
        "importer": f.importer,
        "entity": f.entity,
        "quote": text[s0:s1],
        "quote_start": s0,
        "start": f.cand.start,
        "end": f.cand.end,
    }
