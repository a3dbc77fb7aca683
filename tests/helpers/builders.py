"""Builders for the quality-suite tests: a small reference set, a valid claim row, a valid observation row.

Everything is built in code so each test states exactly which rows are bad.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines import model

D = dt.date


def small_reference() -> dict[str, pl.DataFrame]:
    """A tiny, consistent reference set (same columns as data/reference/*.csv)."""
    s = pl.String
    return {
        "countries": pl.DataFrame(
            {
                "iso3": ["RUS", "KGZ", "KAZ", "UZB", "WLD"],
                "iso2": ["RU", "KG", "KZ", "UZ", None],
                "m49": [643, 417, 398, 860, 0],
                "name_en": ["Russia", "Kyrgyzstan", "Kazakhstan", "Uzbekistan", "World"],
                "name_ru": ["Россия", "Киргизия", "Казахстан", "Узбекистан", "Мир"],
                "official_name_en": [None, "Kyrgyz Republic", "Republic of Kazakhstan", None, None],
            },
            schema_overrides={"iso2": s, "official_name_en": s},
        ),
        "country_names": pl.DataFrame(
            {
                "variant": ["Russia", "Россия", "Kyrgyzstan", "Kirghizia", "Киргизии"],
                "lang": ["en", "ru", "en", "en", "ru"],
                "iso3": ["RUS", "RUS", "KGZ", "KGZ", "KGZ"],
                "kind": ["short", "short", "short", "historic", "inflection"],
            }
        ),
        "indicators": pl.DataFrame(
            {
                "code": ["trade.turnover", "trade.exports", "trade.balance", "transport.passengers"],
                "domain": ["trade", "trade", "trade", "transport"],
                "name_en": ["Trade turnover", "Exports", "Trade balance", "Passengers"],
                "unit_kind": ["currency", "currency", "currency", "count"],
                "default_unit": ["USD", "USD", "USD", "passengers"],
                "flow": ["turnover", "exports", "balance", None],
            },
            schema_overrides={"flow": s},
        ),
        "units": pl.DataFrame(
            {
                "code": ["USD", "RUB", "EUR", "passengers", "tonnes", "percent", "ratio"],
                "kind": ["currency", "currency", "currency", "count", "mass", "percent", "ratio"],
                "name_en": ["US dollar", "Russian rouble", "Euro", "passengers", "tonnes", "percent", "ratio"],
                "is_currency": [True, True, True, False, False, False, False],
            }
        ),
        "indicator_units": pl.DataFrame(
            [("trade.turnover", "level", u) for u in ("USD", "RUB")]
            + [("trade.exports", "level", u) for u in ("USD", "RUB", "EUR")]
            + [("trade.balance", "level", "USD"), ("transport.passengers", "level", "passengers")]
            + [(i, "change_pct", "percent") for i in ("trade.turnover", "trade.exports", "transport.passengers")]
            + [("trade.turnover", "ratio", "ratio")],
            schema=["indicator", "measure", "unit"],
            orient="row",
        ),
        "organisations": pl.DataFrame(
            {
                "org_id": ["aeroflot_group", "aeroflot", "air_manas"],
                "name_en": ["Aeroflot Group", "Aeroflot", "Air Manas"],
                "kind": ["airline_group", "airline", "airline"],
                "country": ["RUS", "RUS", "KGZ"],
                "parent_id": [None, "aeroflot_group", None],
            },
            schema_overrides={"parent_id": s},
        ),
    }


# ------------------------------------------------------------------------------------------------ claims
SOURCE = "article:0123456789abcdef"
TEXT = (
    "Moscow, 5 March. In 2024 trade turnover between Russia and Kyrgyzstan reached 3.5 billion dollars, "
    "up 12 percent, officials said. Flights grew too."
)
QUOTE = "trade turnover between Russia and Kyrgyzstan reached 3.5 billion dollars"
QUOTE_START = TEXT.index(QUOTE)
FIGURE = "3.5 billion dollars"
FIG_START = TEXT.index(FIGURE)


def texts_frame() -> pl.DataFrame:
    return pl.DataFrame({"source_id": [SOURCE], "text": [TEXT]}, schema={"source_id": pl.String, "text": pl.String})


def valid_claim(i: int = 0, **over) -> dict:
    row = {
        "claim_id": f"claim-{i:04d}",
        "source_id": SOURCE,
        "indicator": "trade.turnover",
        "measure": "level",
        "value": 3.5e9,
        "value_low": None,
        "value_high": None,
        "unit": "USD",
        "qualifier": "exact",
        "record": False,
        "period_start": D(2024, 1, 1),
        "period_end": D(2024, 12, 31),
        "base_period_start": None,
        "base_period_end": None,
        "countries": ["KGZ", "RUS"],
        "entity": None,
        "quote": QUOTE,
        "quote_start": QUOTE_START,
        "start": FIG_START,
        "end": FIG_START + len(FIGURE),
        "derived_from": None,
        "extractor_version": "test-1",
    }
    unknown = set(over) - set(row)
    assert not unknown, f"not claim columns: {unknown}"
    row.update(over)
    return row


def clean_claims() -> list[dict]:
    """Six valid claims exercising the optional parts (bounds, change_pct, ratio, base period)."""
    return [
        valid_claim(0),
        valid_claim(1, value_low=3.0e9, value_high=4.0e9, qualifier="about"),
        valid_claim(
            2,
            measure="change_pct",
            value=12.0,
            unit="percent",
            base_period_start=D(2023, 1, 1),
            base_period_end=D(2023, 12, 31),
        ),
        valid_claim(3, measure="change_pct", value=-100.0, unit="percent"),
        valid_claim(4, indicator="trade.exports", unit="EUR", qualifier="more_than", countries=["RUS"]),
        valid_claim(5, measure="ratio", value=2.0, unit="ratio", countries=[], value_low=2.0, value_high=2.0),
    ]


def claims_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=model.CLAIM)


# ------------------------------------------------------------------------------------------ observations
RELEASE_ID = "comtrade:KGZ-2024-A:2025-06-01"
DATASET_KEY = "comtrade/KGZ-2024-A"


def releases_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "release_id": RELEASE_ID,
                "source_id": "official:comtrade:00112233aabbccdd",
                "provider": "comtrade",
                "dataset": "KGZ-2024-A",
                "published_at": D(2025, 6, 1),
                "retrieved_at": D(2025, 6, 2),
                "coverage_start": D(2024, 1, 1),
                "coverage_end": D(2024, 12, 31),
            }
        ],
        schema=model.RELEASE,
    )


def valid_observation(i: int = 0, **over) -> dict:
    month = i % 12 + 1
    start = D(2024, month, 1)
    end = (D(2024, month + 1, 1) if month < 12 else D(2025, 1, 1)) - dt.timedelta(days=1)
    row = {
        "indicator": "trade.exports",
        "reporter": "KGZ",
        "partner": "RUS",
        "flow": "exports",
        "period_start": start,
        "period_end": end,
        "frequency": "M",
        "value": 1.0e6 * (i + 1),
        "unit": "USD",
        "currency": "USD",
        "qualifier": "exact",
        "status": "reported",
        "entity": None,
        "release_id": RELEASE_ID,
        "source_id": "official:comtrade:00112233aabbccdd",
        "note": None,
    }
    unknown = set(over) - set(row)
    assert not unknown, f"not observation columns: {unknown}"
    row.update(over)
    return row


def clean_observations() -> list[dict]:
    """Six valid observations: money, a negative balance, passengers by airline, WLD partner, a year."""
    return [
        valid_observation(0),
        valid_observation(1, partner="WLD", currency="USD"),
        valid_observation(2, indicator="trade.balance", flow="balance", value=-2.5e6),
        valid_observation(
            3,
            indicator="transport.passengers",
            flow="total",
            unit="passengers",
            currency=None,
            entity="Air Manas",
            value=12000.0,
        ),
        valid_observation(4, unit="RUB", currency="RUB", status="provisional", qualifier="about"),
        valid_observation(5, frequency="A", period_start=D(2024, 1, 1), period_end=D(2024, 12, 31), value=0.0),
    ]


def observations_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=model.OBSERVATION)


def checking_claim(
    cid,
    indicator,
    measure,
    value,
    low,
    high,
    period,
    *,
    unit="USD",
    qualifier="exact",
    countries=("KGZ", "RUS"),
    entity=None,
    source="article:a",
    exporter=None,
    importer=None,
    base=None,
    record=False,
    speaker=None,
):
    """A claim row for the claim-checking marts' tests: ``low``/``high`` its bounds, ``period`` and ``base``
    (start, end) pairs; the quote and offsets are placeholders."""
    return {
        "claim_id": cid,
        "source_id": source,
        "indicator": indicator,
        "measure": measure,
        "value": value,
        "value_low": low,
        "value_high": high,
        "unit": unit,
        "qualifier": qualifier,
        "record": record,
        "period_start": period[0],
        "period_end": period[1],
        "base_period_start": base[0] if base else None,
        "base_period_end": base[1] if base else None,
        "countries": sorted(countries),
        "entity": entity,
        "quote": f"quote {cid}",
        "quote_start": 0,
        "start": 0,
        "end": 5,
        "exporter": exporter,
        "importer": importer,
        "speaker": speaker,
    }
