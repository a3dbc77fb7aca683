"""The one data model every stage hands on: Polars schemas of the warehouse tables.

These schemas are the contract between the plain modules (extraction, official parsers,
quality suites) and the loader. The DuckDB DDL in ``sql/schema/`` mirrors them; a test
checks that the two agree.
"""

from __future__ import annotations

import polars as pl

SOURCE = {
    "source_id": pl.String,  # "article:<sha16>" or "official:<provider>:<sha16>"
    "kind": pl.String,  # article | official
    "provider": pl.String,  # e.g. comtrade, worldbank, press (official); null for articles
    "publisher": pl.String,
    "title": pl.String,
    "url": pl.String,
    "language": pl.String,  # ISO 639-1
    "published_date": pl.Date,
    "retrieved_date": pl.Date,
    "licence": pl.String,
    "sha256": pl.String,  # of the raw bytes (volatile parts stripped for official snapshots)
    "path": pl.String,  # relative to the project's data/ folder
    "n_bytes": pl.Int64,
}

ARTICLE_TEXT = {
    "source_id": pl.String,
    "text": pl.String,  # the normalized text that claim offsets point into
    "extractor_version": pl.String,  # the engine version its claims came from (reruns skip it while equal)
}

RELEASE = {
    "release_id": pl.String,  # provider-scoped, e.g. "comtrade:KGZ-2024-A:2025-06-01"
    "source_id": pl.String,
    "provider": pl.String,
    "dataset": pl.String,
    "published_at": pl.Date,
    "retrieved_at": pl.Date,
    "coverage_start": pl.Date,
    "coverage_end": pl.Date,
    "published_precision": pl.String,  # day | month | year: a source giving only "2025" is year (stored as 1 January)
}

OBSERVATION = {
    "indicator": pl.String,  # code in data/reference/indicators.csv
    "reporter": pl.String,  # ISO 3166 alpha-3 of the reporting country
    "partner": pl.String,  # ISO 3166 alpha-3, or WLD for all partners
    "flow": pl.String,  # exports | imports | turnover | balance | total (non-trade series)
    "period_start": pl.Date,
    "period_end": pl.Date,
    "frequency": pl.String,  # A (year) | Q | M | YTD (year to date) | P (other span)
    "value": pl.Float64,  # base units: USD not thousands of USD; persons; tonnes
    "unit": pl.String,  # code in data/reference/units.csv
    "currency": pl.String,  # ISO 4217 for money, else null
    "qualifier": pl.String,  # exact | about | more_than | less_than | up_to (rounded statements)
    "status": pl.String,  # reported | estimated | provisional
    "entity": pl.String,  # organisation whose figure it is (airline group), null for countries
    "release_id": pl.String,
    "source_id": pl.String,
    "note": pl.String,
}

# Official trade values at commodity (HS code) grain, from bulk files: a fact table of its own so that the
# totals in ``observation`` and its views stay as they are. Loaded in DuckDB by pipelines.official.bulk.
TRADE_COMMODITY = {
    "indicator": pl.String,  # trade.exports | trade.imports
    "reporter": pl.String,
    "partner": pl.String,
    "flow": pl.String,  # exports | imports
    "commodity": pl.String,  # HS code as text (leading zeros kept)
    "period_start": pl.Date,
    "period_end": pl.Date,
    "frequency": pl.String,  # A | M
    "value": pl.Float64,  # US dollars
    "unit": pl.String,
    "currency": pl.String,
    "status": pl.String,  # reported | estimated
    "release_id": pl.String,
    "source_id": pl.String,
}

OBSERVATION_KEY = ["indicator", "reporter", "partner", "flow", "period_start", "period_end", "entity", "release_id"]

CLAIM = {
    "claim_id": pl.String,  # stable hash of source, offsets, indicator and measure
    "source_id": pl.String,
    "indicator": pl.String,
    "measure": pl.String,  # level | change_pct | ratio
    "value": pl.Float64,
    "value_low": pl.Float64,
    "value_high": pl.Float64,
    "unit": pl.String,
    "qualifier": pl.String,  # exact | more_than | less_than | about | up_to
    "record": pl.Boolean,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "base_period_start": pl.Date,
    "base_period_end": pl.Date,
    "countries": pl.List(pl.String),  # sorted ISO3 codes
    "entity": pl.String,  # normalized organisation name, e.g. "Aeroflot Group"
    "quote": pl.String,  # the sentence or clause the figure stands in
    "quote_start": pl.Int64,  # offset of the quote in article_text.text
    "start": pl.Int64,  # character offsets of the figure's span in article_text.text
    "end": pl.Int64,
    "derived_from": pl.String,  # claim_id this one is implied from (claim checking), else null
    "extractor_version": pl.String,
    "exporter": pl.String,  # ISO3 of the exporting side when the text fixes the direction; null for turnover
    "importer": pl.String,  # ISO3 of the importing side (same rule)
    "speaker": pl.String,  # who stated the figure, when the extractor names them, else null
}

QUARANTINE = {
    "quarantine_id": pl.String,  # stable hash of dataset, input and record
    "dataset": pl.String,  # claim | observation | article | official_file | reference
    "input_name": pl.String,  # file name or article path the row came from
    "source_id": pl.String,
    "check_name": pl.String,  # the expectation or parser step that refused it
    "reason": pl.String,  # in words
    "record": pl.String,  # the refused row as JSON (or null for a whole file)
}

TABLES = {
    "source": SOURCE,
    "article_text": ARTICLE_TEXT,
    "release": RELEASE,
    "observation": OBSERVATION,
    "claim": CLAIM,
    "quarantine": QUARANTINE,
    "trade_commodity": TRADE_COMMODITY,
}


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def conform(df: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """Select and cast ``df`` to ``schema``: missing columns become nulls, extra ones are dropped."""
    if df.width == 0:
        return empty(schema)
    cols = []
    for name, dtype in schema.items():
        if name in df.columns:
            cols.append(pl.col(name).cast(dtype, strict=True))
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    return df.select(cols)
