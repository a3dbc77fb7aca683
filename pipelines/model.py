"""The one data model every stage hands on: Polars schemas of the warehouse tables, the vocabularies
of their coded columns, the id formats, the quarantine row and the base of every refusal exception.

These schemas are the contract between the plain modules (extraction, official parsers,
quality suites) and the loader. The DuckDB DDL in ``sql/schema/`` mirrors them; a test
checks that the two agree. Code that computes values does not go here, only their shapes and names.
"""

from __future__ import annotations

import hashlib

import polars as pl


class CorridorError(Exception):
    """The base of every refusal: an input (file, row, warehouse lock, download) that cannot be used, with a
    message that says what and why in one line. Handlers catch this, never a bare Exception."""


# --- vocabularies of the coded columns ------------------------------------------------------------
MEASURES = ["level", "change_pct", "ratio"]
QUALIFIERS = ["exact", "about", "more_than", "less_than", "up_to"]
FLOWS = ["exports", "imports", "turnover", "balance", "total"]
FREQUENCIES = ["A", "Q", "M", "YTD", "P"]
STATUSES = ["reported", "estimated", "provisional"]

# --- quarantine.dataset: what kind of input a refused row came from -------------------------------
DATASET_ARTICLE = "article"  # an article file that cannot be read, or whose extraction failed
DATASET_CLAIM = "claim"  # a claim row refused by the claims suite
DATASET_OBSERVATION = "observation"  # an official observation row refused by the observations suite
DATASET_OFFICIAL_FILE = "official_file"  # an official snapshot refused whole
DATASET_REFERENCE = "reference"  # a reference CSV row refused by the reference suite
DATASET_TRADE_COMMODITY = "trade_commodity"  # a bulk row refused by the bulk row checks
DATASET_BULK_FILE = "bulk_file"  # a bulk file refused whole
QUARANTINE_DATASETS = [
    DATASET_ARTICLE,
    DATASET_CLAIM,
    DATASET_OBSERVATION,
    DATASET_OFFICIAL_FILE,
    DATASET_REFERENCE,
    DATASET_TRADE_COMMODITY,
    DATASET_BULK_FILE,
]


# --- id formats ------------------------------------------------------------------------------------
def sha16(text: str) -> str:
    """The first 16 hex digits of the sha256 of ``text`` (the short hash in source and release ids)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_source_id(sha256: str) -> str:
    """``article:<first 16 hex of the file's sha256>``."""
    return f"article:{sha256[:16]}"


def official_source_id(provider: str, sha16_of_source: str) -> str:
    """``official:<provider>:<sha16>``."""
    return f"official:{provider}:{sha16_of_source}"


def release_id(provider: str, dataset: str, release: object, sha16_of_source: str) -> str:
    """``<provider>:<dataset>:<release or published date>:<sha16 of the source>``."""
    return f"{provider}:{dataset}:{release}:{sha16_of_source}"


def quarantine_id(dataset: str, input_name: str | None, source_id: str | None, record: str | None) -> str:
    """The one quarantine id recipe: sha256 of dataset, input, source and record joined by U+001F (a missing
    part as ""), so the same refusal gets the same id on every run. ``sql/internal/bulk/050_insert_quarantine.sql``
    computes the same expression in DuckDB."""
    parts = [dataset, input_name or "", source_id or "", record or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def quarantine_row(
    dataset: str,
    input_name: str | None,
    check_name: str,
    reason: str,
    source_id: str | None = None,
    record: str | None = None,
) -> dict:
    """One QUARANTINE row: what was refused (dataset, input, source, record), by which check and why."""
    return {
        "quarantine_id": quarantine_id(dataset, input_name, source_id, record),
        "dataset": dataset,
        "input_name": input_name,
        "source_id": source_id,
        "check_name": check_name,
        "reason": reason,
        "record": record,
    }


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
