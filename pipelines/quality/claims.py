"""The claims suite: figures extracted from articles, checked against the reference data and their text."""

from __future__ import annotations

import time

import polars as pl

from pipelines import model
from pipelines.quality.engine import check_schema, gx_context, run_suite
from pipelines.quality.result import SuiteResult
from pipelines.quality.suites import MEASURES

SUITE = "claims"
DATASET = model.DATASET_CLAIM


def _codes(ref: dict[str, pl.DataFrame], table: str, column: str) -> list[str]:
    df = ref.get(table)
    if df is None or column not in df.columns:
        return []
    return sorted(df[column].drop_nulls().unique().to_list())


def claim_params(ref: dict[str, pl.DataFrame]) -> dict:
    return {"indicator_codes": _codes(ref, "indicators", "code")}


def derive_claims(claims: pl.DataFrame, ref: dict[str, pl.DataFrame], texts: pl.DataFrame) -> pl.DataFrame:
    """The claims with the derived ``_q_*`` columns the suite reads (same rows, same order)."""
    indicators = _codes(ref, "indicators", "code")
    iso3 = _codes(ref, "countries", "iso3")
    iu = ref.get(
        "indicator_units", pl.DataFrame(schema={"indicator": pl.String, "measure": pl.String, "unit": pl.String})
    )
    iu = iu.select("indicator", "measure", "unit").drop_nulls().unique()
    valid_units = iu.group_by("indicator", "measure").agg(_q_valid_units=pl.col("unit").sort().str.join(", "))
    triples = iu.with_columns(_q_triple=pl.lit(True))
    text = texts.select(pl.col("source_id").cast(pl.String), _q_text=pl.col("text").cast(pl.String)).unique(
        "source_id", keep="first", maintain_order=True
    )

    f = (
        claims.with_row_index("_q_row")
        .join(valid_units, on=["indicator", "measure"], how="left")
        .join(triples, on=["indicator", "measure", "unit"], how="left")
        .join(text, on="source_id", how="left")
        .sort("_q_row")
    )
    applies_unit = (
        pl.col("indicator").is_in(indicators) & pl.col("measure").is_in(MEASURES) & pl.col("unit").is_not_null()
    )
    unknown = pl.col("countries").list.eval(pl.element().filter(~pl.element().is_in(iso3)))
    quote_len = pl.col("quote").str.len_chars().cast(pl.Int64)
    f = f.with_columns(
        _q_unit_ok=(~applies_unit | pl.col("_q_triple").fill_null(False)).fill_null(True),
        _q_valid_units=pl.col("_q_valid_units").fill_null("none"),
        _q_change_pct_value=pl.when(pl.col("measure") == "change_pct").then(pl.col("value")),
        _q_unknown_countries=unknown.list.join(", "),
        _q_countries_ok=(unknown.list.len() == 0).fill_null(True),
        _q_text_len=pl.col("_q_text").str.len_chars().cast(pl.Int64),
        _q_text_found=(pl.col("source_id").is_null() | pl.col("_q_text").is_not_null()),
        _q_quote_end=pl.col("quote_start") + quote_len,
        _q_values_finite=pl.all_horizontal(
            [
                (pl.col(c).is_null() | pl.col(c).cast(pl.Float64).is_finite())
                for c in ("value", "value_low", "value_high")
            ]
        ),
    )
    quote_applies = (
        pl.col("_q_text").is_not_null()
        & pl.col("quote").is_not_null()
        & pl.col("quote_start").is_not_null()
        & (pl.col("quote_start") >= 0)
    )
    at_quote = pl.col("_q_text").str.slice(pl.col("quote_start").clip(lower_bound=0), quote_len)
    f = (
        f.with_columns(_q_text_at_quote=pl.when(quote_applies).then(at_quote))
        .with_columns(
            _q_quote_ok=(~quote_applies | (pl.col("_q_text_at_quote") == pl.col("quote"))).fill_null(True),
            _q_figure_in_quote=(
                (pl.col("start") >= pl.col("quote_start")) & (pl.col("end") <= pl.col("_q_quote_end"))
            ).fill_null(True),
        )
        .drop("_q_text", "_q_triple")
    )
    assert f.height == claims.height
    return f


def validate_claims(claims: pl.DataFrame, ref: dict[str, pl.DataFrame], texts: pl.DataFrame) -> SuiteResult:
    """Run the claims suite. ``texts``: source_id, text (the normalized article text offsets point into)."""
    gx_context()  # GX import and context build (first call only) are not part of the validation time
    t0 = time.perf_counter()
    cast, schema_outcome, failure = check_schema(SUITE, "claim_schema_matches_model", claims, model.CLAIM, DATASET, t0)
    if failure is not None:
        return failure
    frame = derive_claims(cast, ref, texts)
    result, _ = run_suite(
        SUITE,
        frame,
        claim_params(ref),
        dataset=DATASET,
        original=claims,
        input_names=cast["source_id"],
        source_ids=cast["source_id"],
        pre_outcomes=[schema_outcome],
        t0=t0,
    )
    return result
