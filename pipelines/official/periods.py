"""Canonical periods: every observation carries a start and end date and a frequency.

Frequency follows from the span, so parsers that only know dates (manual CSV) and those that know
a period code (SDMX "2024-Q1", Comtrade "202401") agree:
A = a calendar year, Q = a calendar quarter, M = a calendar month, YTD = 1 January to the end of a
month before December, P = any other span.
"""

from __future__ import annotations

import re

import polars as pl

_RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}
_EN_MONTHS = {
    m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def frequency_expr(start: str = "period_start", end: str = "period_end") -> pl.Expr:
    """Polars expression giving A | Q | M | YTD | P from a start and an end date column."""
    s, e = pl.col(start), pl.col(end)
    month_end = s.dt.month_end()
    quarter_end = s.dt.offset_by("3mo").dt.offset_by("-1d")
    jan1 = (s.dt.month() == 1) & (s.dt.day() == 1)
    same_year = s.dt.year() == e.dt.year()
    return (
        pl.when(jan1 & (e.dt.month() == 12) & (e.dt.day() == 31) & same_year)
        .then(pl.lit("A"))
        .when((s.dt.day() == 1) & s.dt.month().is_in([1, 4, 7, 10]) & (e == quarter_end))
        .then(pl.lit("Q"))
        .when((s.dt.day() == 1) & (e == month_end))
        .then(pl.lit("M"))
        .when(jan1 & same_year & (e == e.dt.month_end()))
        .then(pl.lit("YTD"))
        .otherwise(pl.lit("P"))
    )


def code_period_exprs(code: str = "period_code") -> tuple[pl.Expr, pl.Expr]:
    """(start, end) expressions for SDMX/Comtrade/World Bank period codes; null where not understood.

    Understood: 2024 | 2024-Q1 2024Q1 | 2024-01 202401 2024M01 2024-M01 | 2024-01-01 (a day is
    not a period here and gives null).
    """
    c = pl.col(code).cast(pl.String).str.strip_chars()
    year = c.str.extract(r"^(\d{4})$", 1)
    q = c.str.extract_groups(r"^(\d{4})-?Q([1-4])$")
    m = c.str.extract_groups(r"^(\d{4})(?:-?M?|M)(0[1-9]|1[0-2])$")
    start = (
        pl.when(year.is_not_null())
        .then(pl.date(year.cast(pl.Int32), 1, 1))
        .when(q.struct.field("1").is_not_null())
        .then(pl.date(q.struct.field("1").cast(pl.Int32), q.struct.field("2").cast(pl.Int32) * 3 - 2, 1))
        .when(m.struct.field("1").is_not_null())
        .then(pl.date(m.struct.field("1").cast(pl.Int32), m.struct.field("2").cast(pl.Int32), 1))
    )
    end = (
        pl.when(year.is_not_null())
        .then(pl.date(year.cast(pl.Int32), 12, 31))
        .when(q.struct.field("1").is_not_null())
        .then(start.dt.offset_by("3mo").dt.offset_by("-1d"))
        .when(m.struct.field("1").is_not_null())
        .then(start.dt.month_end())
    )
    return start, end


def with_code_periods(df: pl.LazyFrame | pl.DataFrame, code: str = "period_code"):
    start, end = code_period_exprs(code)
    return df.with_columns(start.alias("period_start"), end.alias("period_end")).with_columns(
        frequency_expr().alias("frequency")
    )


def parse_label(label: str) -> tuple[str, str] | None:
    """A spreadsheet header's period label → (start, end) ISO dates, or None.

    Handles what statistics offices write: "2023", "2023 г.", "2023 год", "I квартал 2024",
    "1 кв. 2024", "Q1 2024", "январь 2024", "январь-сентябрь 2024" (year to date),
    "Jan-Sep 2024", "2024-01", "2024Q1".
    """
    import calendar

    s = label.strip().lower().replace("—", "-").replace("–", "-")
    s = re.sub(r"\s+", " ", s)
    ym = re.search(r"(\d{4})", s)
    if not ym:
        return None
    y = int(ym.group(1))
    rest = (s[: ym.start()] + " " + s[ym.end() :]).strip()
    rest = re.sub(r"\b(г|гг|год|года|year)\b\.?", "", rest).strip(" .,")

    def month_of(word: str) -> int | None:
        w = word.strip(" .")
        if w[:3] in _EN_MONTHS and re.fullmatch(r"[a-z]+", w):
            return _EN_MONTHS[w[:3]]
        for stem, n in sorted(_RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
            if w.startswith(stem) and (stem != "ма" or w in ("май", "мая", "мае")):
                return n
        return None

    def last_day(month: int) -> int:
        return calendar.monthrange(y, month)[1]

    if rest == "":
        return f"{y}-01-01", f"{y}-12-31"
    if m := re.fullmatch(r"(?:q([1-4])|([1-4]|i{1,3}|iv) ?(?:квартал|кв)\.?)", rest):
        n = int(m.group(1)) if m.group(1) else int(_ROMAN.get(m.group(2), m.group(2)))
        sm, em = 3 * n - 2, 3 * n
        return f"{y}-{sm:02d}-01", f"{y}-{em:02d}-{last_day(em):02d}"
    # "2024-01", "2024m01", "2024q1" split off the year; "2023 1" is a footnote mark, never a month
    if m := re.fullmatch(r"(?:-(?:q|m)?|q|m)(\d{1,2})", rest):
        n = int(m.group(1))
        if 1 <= n <= 12 and "q" not in rest:
            return f"{y}-{n:02d}-01", f"{y}-{n:02d}-{last_day(n):02d}"
        if "q" in rest and 1 <= n <= 4:
            return f"{y}-{3 * n - 2:02d}-01", f"{y}-{3 * n:02d}-{last_day(3 * n):02d}"
        return None
    parts = [p for p in re.split(r"\s*-\s*", rest) if p]
    months = [month_of(p) for p in parts]
    if len(parts) == 1 and months[0]:
        n = months[0]
        return f"{y}-{n:02d}-01", f"{y}-{n:02d}-{last_day(n):02d}"
    if len(parts) == 2 and all(months) and months[0] <= months[1]:
        a, b = months
        return f"{y}-{a:02d}-01", f"{y}-{b:02d}-{last_day(b):02d}"
    return None
