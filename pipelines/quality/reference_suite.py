"""The reference suite: data/reference/*.csv checked as one long frame.

Every row of every reference table becomes one row of a frame with the table's name, its JSON record
and the handful of columns the checks read (``_q_code``, ``_q_variant`` ...), so one GX batch validates
all of them: codes unique per table, country name variants unambiguous, references between tables
resolving.
"""

from __future__ import annotations

import time

import polars as pl

from pipelines import model
from pipelines.quality.claims import _codes
from pipelines.quality.engine import gx_context, run_suite
from pipelines.quality.result import SuiteResult, records_json
from pipelines.quality.suites import REFERENCE_CODE_TABLES

SUITE = "reference"
DATASET = model.DATASET_REFERENCE

# derived column → (table, source column)
_PROJECTIONS = {
    "_q_country_iso3": ("countries", "iso3"),
    "_q_variant": ("country_names", "variant"),
    "_q_lang": ("country_names", "lang"),
    "_q_name_iso3": ("country_names", "iso3"),
    "_q_org_country": ("organisations", "country"),
    "_q_org_parent": ("organisations", "parent_id"),
    "_q_iu_indicator": ("indicator_units", "indicator"),
    "_q_iu_measure": ("indicator_units", "measure"),
    "_q_iu_unit": ("indicator_units", "unit"),
}


def reference_params(ref: dict[str, pl.DataFrame]) -> dict:
    return {
        "iso3_codes": _codes(ref, "countries", "iso3"),
        "org_ids": _codes(ref, "organisations", "org_id"),
        "indicator_codes": _codes(ref, "indicators", "code"),
        "unit_codes": _codes(ref, "units", "code"),
    }


def _text(df: pl.DataFrame, column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String) if column in df.columns else pl.lit(None, dtype=pl.String)


def reference_long(ref: dict[str, pl.DataFrame]) -> pl.DataFrame:
    parts = []
    for stem, df in sorted(ref.items()):
        cols = {
            "_q_code": (
                _text(df, REFERENCE_CODE_TABLES[stem])
                if stem in REFERENCE_CODE_TABLES
                else pl.lit(None, dtype=pl.String)
            )
        }
        for derived, (table, column) in _PROJECTIONS.items():
            cols[derived] = _text(df, column) if table == stem else pl.lit(None, dtype=pl.String)
        parts.append(
            df.select(
                _q_table=pl.lit(stem, dtype=pl.String),
                _q_file=pl.lit(f"{stem}.csv", dtype=pl.String),
                _q_table_row=pl.int_range(0, pl.len(), dtype=pl.UInt32),
                **cols,
            ).with_columns(_q_record=records_json(df))
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "_q_table": pl.String,
                "_q_file": pl.String,
                "_q_table_row": pl.UInt32,
                "_q_code": pl.String,
                **{c: pl.String for c in _PROJECTIONS},
                "_q_record": pl.String,
            }
        )
    long = pl.concat(parts, how="vertical")
    names = pl.col("_q_table") == "country_names"
    group = ["_q_variant", "_q_lang"]
    iso3s = pl.col("_q_name_iso3").filter(names).drop_nulls().unique().sort()
    return long.with_columns(
        _q_code_present=(
            ~pl.col("_q_table").is_in(list(REFERENCE_CODE_TABLES))
            | (pl.col("_q_code").str.strip_chars().str.len_chars() > 0).fill_null(False)
        ),
        _q_variant_iso3_count=pl.when(names & pl.col("_q_variant").is_not_null()).then(iso3s.len().over(group)),
        _q_variant_codes=pl.when(names & pl.col("_q_variant").is_not_null()).then(iso3s.str.join(", ").over(group)),
    )


def validate_reference(ref: dict[str, pl.DataFrame]) -> SuiteResult:
    """Run the reference suite. ``good`` is a dict like ``ref`` without rows that failed a row-level check."""
    gx_context()  # GX import and context build (first call only) are not part of the validation time
    t0 = time.perf_counter()
    long = reference_long(ref)
    result, bad = run_suite(
        SUITE,
        long,
        reference_params(ref),
        dataset=DATASET,
        original=long,
        input_names=long["_q_file"],
        source_ids=pl.Series([None] * long.height, dtype=pl.String),
        records=long["_q_record"],
        t0=t0,
    )
    failed = long[bad].select("_q_table", "_q_table_row")
    good = {}
    for stem, df in ref.items():
        rows = failed.filter(pl.col("_q_table") == stem)["_q_table_row"]
        good[stem] = (
            df if rows.is_empty() else df.filter(~pl.int_range(0, pl.len(), dtype=pl.UInt32).is_in(rows.implode()))
        )
    result.good = good
    return result
