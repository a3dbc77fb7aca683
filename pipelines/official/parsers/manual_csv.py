"""Figures taken by hand from official PDFs, press releases and officials' statements, one per row.

Full form: ``indicator,reporter,partner,flow,period_start,period_end,value,unit,qualifier,status,
entity,official_source,reported_by,url,page,published,retrieved,note``. The older form of
``reported_official_figures.csv`` lacks status, entity, page and retrieved: status defaults to
reported, entity to null, retrieved to the manifest's date.

Every row names its URL and publication date, so provenance is per row: ``read`` returns the
observations plus the provenance columns (url, published, official_source, reported_by, page,
retrieved) from which the loader makes one source and one release per distinct URL.

``published`` is read leniently and kept as written in the snapshot: YYYY-MM-DD as is, YYYY-MM
→ the 1st of the month, a bare year YYYY → 1 January of that year; when a date was completed
this way the observation's note says so ("published given as 2025") and ``published_precision`` (day,
month or year, carried to the release) says how much of the date is known. Values are never changed.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers.common import TRADE_FLOW, check_numeric, fail_if_any, finish
from pipelines.official.refdata import Reference, load_reference

REQUIRED = (
    "indicator",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "official_source",
    "url",
    "published",
)
OPTIONAL = ("status", "entity", "reported_by", "page", "retrieved", "note", "frequency")
PROVENANCE = (
    "url",
    "published",
    "published_raw",
    "published_precision",
    "official_source",
    "reported_by",
    "page",
    "retrieved",
)


def _lenient_date(col: str) -> pl.Expr:
    c = pl.col(col).str.strip_chars()
    return (
        pl.when(c.str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .then(c.str.to_date("%Y-%m-%d", strict=False))
        .when(c.str.contains(r"^\d{4}-\d{2}$"))
        .then((c + "-01").str.to_date("%Y-%m-%d", strict=False))
        .when(c.str.contains(r"^\d{4}$"))
        .then((c + "-01-01").str.to_date("%Y-%m-%d", strict=False))
    )


def read(path: Path, *, ref: Reference | None = None, raw: bytes | None = None, retrieved=None, **_) -> pl.DataFrame:
    """Observation columns plus provenance columns (url, published, ...), one row per figure."""
    path = Path(path)
    ref = ref or load_reference()
    raw = raw if raw is not None else path.read_bytes()
    try:
        df = pl.read_csv(io.BytesIO(raw), infer_schema=False, encoding="utf8")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, UnicodeDecodeError) as exc:
        raise OfficialFileError(path, f"not a readable UTF-8 CSV ({str(exc).splitlines()[0]})") from exc
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise OfficialFileError(path, f"missing column(s) {', '.join(missing)}")
    if df.height == 0:
        raise OfficialFileError(path, "no rows")
    for c in OPTIONAL:
        if c not in df.columns:
            df = df.with_columns(pl.lit(None, pl.String).alias(c))
    df = df.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in (*REQUIRED, *OPTIONAL))
    fail_if_any(df, pl.col("url").is_null(), path, "row without a URL", "indicator")
    df = df.with_columns(
        pl.col("value").str.replace_all(r"[\s_]", "").cast(pl.Float64, strict=False).alias("number"),
        pl.col("period_start").str.to_date("%Y-%m-%d", strict=False).alias("start"),
        pl.col("period_end").str.to_date("%Y-%m-%d", strict=False).alias("end"),
        _lenient_date("published").alias("published_date"),
        _lenient_date("retrieved").alias("retrieved_date"),
        pl.col("status").fill_null("reported"),
    )
    check_numeric(df, "value", "number", path)
    fail_if_any(df, pl.col("number").is_null(), path, "empty value", "indicator")
    fail_if_any(
        df,
        pl.col("start").is_null() | pl.col("end").is_null(),
        path,
        "bad period (period_start/period_end must be YYYY-MM-DD)",
        ["period_start", "period_end"],
    )
    fail_if_any(
        df,
        pl.col("published_date").is_null(),
        path,
        "bad or missing published date (YYYY-MM-DD, YYYY-MM or YYYY)",
        "published",
    )
    fail_if_any(
        df,
        pl.col("retrieved").is_not_null() & pl.col("retrieved_date").is_null(),
        path,
        "bad retrieved date",
        "retrieved",
    )
    fail_if_any(
        df,
        pl.col("indicator").is_in(list(TRADE_FLOW)) & (pl.col("flow") != pl.col("indicator").replace(TRADE_FLOW)),
        path,
        "flow does not match the trade indicator",
        ["indicator", "flow"],
    )
    precision = pl.when(pl.col("published").str.contains(r"^\d{4}(-\d{2})?$")).then(
        pl.lit("published given as ") + pl.col("published")
    )
    provenance = pl.concat_str(
        [
            pl.lit("official source: ") + pl.col("official_source"),
            pl.lit("stated by: ") + pl.col("reported_by"),
            pl.lit("url: ") + pl.col("url"),
            pl.lit("page: ") + pl.col("page"),
            precision,
        ],
        separator="; ",
        ignore_nulls=True,
    )
    df = df.with_columns(
        pl.col("start").alias("period_start"),
        pl.col("end").alias("period_end"),
        pl.col("number").alias("value"),
        pl.concat_str([pl.col("note"), provenance], separator=" | ", ignore_nulls=True).alias("note"),
        pl.col("published").alias("published_raw"),
        # how much of the date the source gave: a bare year is not 1 January (release.published_precision)
        pl.when(pl.col("published").str.contains(r"^\d{4}$"))
        .then(pl.lit("year"))
        .when(pl.col("published").str.contains(r"^\d{4}-\d{2}$"))
        .then(pl.lit("month"))
        .otherwise(pl.lit("day"))
        .alias("published_precision"),
        pl.col("published_date").alias("published"),
        pl.col("retrieved_date").fill_null(pl.lit(retrieved, pl.Date)).alias("retrieved"),
    ).drop("frequency")
    return finish(df, path, ref, extra=PROVENANCE)  # codes checked; provenance carried along


def parse(path: Path, *, ref: Reference | None = None, raw: bytes | None = None, **kw) -> pl.DataFrame:
    """Manual CSV → observations only (provenance goes into ``note``)."""
    from pipelines import model

    return model.conform(read(path, ref=ref, raw=raw, **kw), model.OBSERVATION)
