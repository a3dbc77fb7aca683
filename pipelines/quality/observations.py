"""The observations suite: official figures normalized to the OBSERVATION model."""

from __future__ import annotations

import time

import polars as pl

from pipelines import model
from pipelines.quality.claims import _codes
from pipelines.quality.engine import check_schema, gx_context, run_suite
from pipelines.quality.result import SuiteResult

SUITE = "observations"
DATASET = model.DATASET_OBSERVATION


def observation_params(ref: dict[str, pl.DataFrame]) -> dict:
    units = ref.get("units")
    currencies = []
    if units is not None and {"code", "is_currency"} <= set(units.columns):
        currencies = sorted(
            units.filter(pl.col("is_currency").cast(pl.Boolean).fill_null(False))["code"]
            .drop_nulls()
            .unique()
            .to_list()
        )
    return {
        "indicator_codes": _codes(ref, "indicators", "code"),
        "iso3_codes": _codes(ref, "countries", "iso3"),
        "unit_codes": _codes(ref, "units", "code"),
        "currency_codes": currencies,
    }


def derive_observations(
    obs: pl.DataFrame,
    ref: dict[str, pl.DataFrame],
    releases: pl.DataFrame,
    previous_counts: dict[str, int] | None,
    loaded_releases: set[str] | None = None,
) -> pl.DataFrame:
    """The observations with the derived ``_q_*`` columns the suite reads (same rows, same order)."""
    params = observation_params(ref)
    rel = (
        model.conform(releases, model.RELEASE)
        .select(
            "release_id",
            _q_dataset_key=pl.concat_str("provider", "dataset", separator="/"),
            _q_coverage_start="coverage_start",
            _q_coverage_end="coverage_end",
            _q_release=pl.lit(True),
        )
        .unique("release_id", keep="first", maintain_order=True)
    )
    units = ref.get("units", pl.DataFrame(schema={"code": pl.String, "kind": pl.String, "is_currency": pl.Boolean}))
    units = units.select(
        unit="code", _q_unit_kind="kind", _q_is_currency=pl.col("is_currency").cast(pl.Boolean)
    ).unique("unit", keep="first")
    iu = ref.get("indicator_units", pl.DataFrame(schema={"indicator": pl.String, "unit": pl.String}))
    iu = iu.select("indicator", "unit").drop_nulls().unique().with_columns(_q_iu=pl.lit(True))
    previous = {k: int(v) for k, v in (previous_counts or {}).items() if v}

    f = (
        obs.with_row_index("_q_row")
        .join(rel, on="release_id", how="left")
        .join(units, on="unit", how="left")
        .join(iu, on=["indicator", "unit"], how="left")
        .sort("_q_row")
    )
    unit_applies = pl.col("indicator").is_in(params["indicator_codes"]) & pl.col("unit").is_in(params["unit_codes"])
    money = pl.col("_q_is_currency")
    f = (
        f.with_columns(
            _q_entity_key=pl.col("entity").fill_null(""),
            _q_value_finite=pl.col("value").is_null() | pl.col("value").cast(pl.Float64).is_finite(),
            _q_unit_ok=(~unit_applies | pl.col("_q_iu").fill_null(False)).fill_null(True),
            _q_currency_ok=(
                pl.when(money.is_null())
                .then(True)
                .when(money)
                .then((pl.col("currency") == pl.col("unit")).fill_null(False))
                .otherwise(pl.col("currency").is_null())
            ),
            _q_level_value=pl.when(
                (pl.col("flow") != "balance") & (pl.col("_q_unit_kind").fill_null("") != "percent")
            ).then(pl.col("value")),
            _q_release_known=pl.col("release_id").is_null() | pl.col("_q_release").fill_null(False),
            _q_in_coverage=(
                (
                    pl.col("_q_coverage_start").is_null()
                    | pl.col("period_start").is_null()
                    | (pl.col("period_start") >= pl.col("_q_coverage_start"))
                )
                & (
                    pl.col("_q_coverage_end").is_null()
                    | pl.col("period_end").is_null()
                    | (pl.col("period_end") <= pl.col("_q_coverage_end"))
                )
            ),
            _q_dataset_rows=pl.len().over("release_id"),
            _q_previous_rows=pl.col("_q_dataset_key").replace_strict(previous, default=None, return_dtype=pl.Int64),
        )
        .with_columns(
            _q_rows_vs_previous=pl.when(
                pl.col("release_id").is_not_null()
                & (pl.col("_q_previous_rows") > 0)
                & ~pl.col("release_id").is_in(sorted(loaded_releases or ()))
            ).then(pl.col("_q_dataset_rows") / pl.col("_q_previous_rows")),
        )
        .drop("_q_release", "_q_iu")
    )
    assert f.height == obs.height
    return f


def validate_observations(
    obs: pl.DataFrame,
    ref: dict[str, pl.DataFrame],
    releases: pl.DataFrame,
    previous_counts: dict[str, int] | None = None,
    loaded_releases: set[str] | None = None,
) -> SuiteResult:
    """Run the observations suite.

    ``releases``: RELEASE rows (coverage_start/coverage_end bound each observation's period);
    ``previous_counts``: rows of the previous release per "provider/dataset" (row-count band), or None;
    ``loaded_releases``: releases already in the warehouse, not new, so not held against the band.
    """
    gx_context()  # GX import and context build (first call only) are not part of the validation time
    t0 = time.perf_counter()
    cast, schema_outcome, failure = check_schema(
        SUITE, "observation_schema_matches_model", obs, model.OBSERVATION, DATASET, t0
    )
    if failure is not None:
        return failure
    frame = derive_observations(cast, ref, releases, previous_counts, loaded_releases)
    result, _ = run_suite(
        SUITE,
        frame,
        observation_params(ref),
        dataset=DATASET,
        original=obs,
        input_names=cast["source_id"],
        source_ids=cast["source_id"],
        pre_outcomes=[schema_outcome],
        t0=t0,
    )
    return result
