"""What every parser shares: code resolution by join, numeric checks, and the final OBSERVATION shape."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines import model
from pipelines.official.errors import OfficialFileError
from pipelines.official.periods import frequency_expr
from pipelines.official.refdata import Reference

FLOWS = ("exports", "imports", "turnover", "balance", "total")
QUALIFIERS = ("exact", "about", "more_than", "less_than", "up_to")
STATUSES = ("reported", "estimated", "provisional")
# Trade indicator ↔ flow, for sources that state one and imply the other.
TRADE_FLOW = {
    "trade.exports": "exports",
    "trade.imports": "imports",
    "trade.turnover": "turnover",
    "trade.balance": "balance",
}
INDICATOR_OF_FLOW = {v: k for k, v in TRADE_FLOW.items()}


def examples(values, n: int = 5) -> str:
    vals = [repr(v) for v in list(dict.fromkeys(values))[:n]]
    return ", ".join(vals)


def fail_if_any(df: pl.DataFrame, mask: pl.Expr, path: Path, what: str, show: str | list[str]) -> None:
    """Raise OfficialFileError if any row matches ``mask``, quoting a few offending values."""
    bad = df.filter(mask)
    if bad.height:
        cols = [show] if isinstance(show, str) else show
        vals = (
            bad.select(pl.concat_str([pl.col(c).cast(pl.String).fill_null("null") for c in cols], separator="/"))
            .to_series()
            .to_list()
        )
        raise OfficialFileError(path, f"{what} in {bad.height} row(s): {examples(vals)}")


def to_number(col: str, *, decimal_comma: bool = False, thousands: str | None = None) -> pl.Expr:
    """Text → Float64 (null when the text is not a number; callers compare with the raw column)."""
    c = pl.col(col).cast(pl.String).str.strip_chars().str.replace_all("\u00a0", " ")
    if thousands:
        c = c.str.replace_all(thousands, "", literal=True)
    c = c.str.replace_all(" ", "", literal=True)
    if decimal_comma:
        c = c.str.replace_all(",", ".", literal=True)
    return c.cast(pl.Float64, strict=False)


def check_numeric(df: pl.DataFrame, raw: str, parsed: str, path: Path, label: str = "value") -> None:
    """Every non-empty raw value must have parsed to a finite number."""
    fail_if_any(
        df,
        pl.col(raw).is_not_null()
        & (pl.col(raw).cast(pl.String).str.strip_chars() != "")
        & (pl.col(parsed).is_null() | pl.col(parsed).is_nan() | pl.col(parsed).is_infinite()),
        path,
        f"non-numeric {label}",
        raw,
    )


def resolve_m49(df: pl.DataFrame, col: str, out: str, ref: Reference, path: Path) -> pl.DataFrame:
    """M49 code column → ISO3 column ``out``; drops rows of areas marked 'drop'; unknown codes raise."""
    m49 = ref.m49_frame().rename({"m49": "_m49", "iso3": out, "action": f"_{out}_action"})
    df = df.with_columns(pl.col(col).cast(pl.Int64, strict=False).alias("_m49"))
    fail_if_any(df, pl.col("_m49").is_null(), path, f"{col} is not an M49 number", col)
    df = df.join(m49, on="_m49", how="left")
    fail_if_any(df, pl.col(f"_{out}_action").is_null(), path, f"unknown M49 code in {col}", col)
    return df.filter(pl.col(f"_{out}_action") == "map").drop("_m49", f"_{out}_action")


def check_iso3(df: pl.DataFrame, col: str, ref: Reference, path: Path, allow_world: bool) -> None:
    known = set(ref.iso3_set) - (set() if allow_world else {"WLD"})
    fail_if_any(
        df, ~pl.col(col).is_in(list(known)) | pl.col(col).is_null(), path, f"unknown country code in {col}", col
    )


def finish(
    df: pl.DataFrame, path: Path, ref: Reference, *, check_keys: bool = True, extra: tuple[str, ...] = ()
) -> pl.DataFrame:
    """Fill frequency and currency, check codes, and conform to OBSERVATION (release/source left null).

    ``extra`` columns are carried after the OBSERVATION ones and take part in the duplicate check
    (manual CSV: the same figure from two URLs is two statements, not a duplicate).
    """
    if "frequency" not in df.columns:
        df = df.with_columns(frequency_expr().alias("frequency"))
    if "currency" not in df.columns:
        cur = ref.units.filter(pl.col("is_currency")).select(
            pl.col("code").alias("unit"), pl.col("code").alias("currency")
        )
        df = df.join(cur, on="unit", how="left")
    fail_if_any(
        df,
        pl.col("period_start").is_null()
        | pl.col("period_end").is_null()
        | (pl.col("period_end") < pl.col("period_start")),
        path,
        "bad period",
        [c for c in ("period_code", "period_start", "period_end") if c in df.columns][:2],
    )
    check_iso3(df, "reporter", ref, path, allow_world=False)
    check_iso3(df, "partner", ref, path, allow_world=True)
    fail_if_any(df, ~pl.col("indicator").is_in(list(ref.indicators)), path, "unknown indicator", "indicator")
    fail_if_any(df, ~pl.col("flow").is_in(FLOWS), path, "unknown flow", "flow")
    fail_if_any(df, ~pl.col("unit").is_in(list(ref.unit_codes)), path, "unknown unit", "unit")
    fail_if_any(df, ~pl.col("qualifier").is_in(QUALIFIERS), path, "unknown qualifier", "qualifier")
    fail_if_any(df, ~pl.col("status").is_in(STATUSES), path, "unknown status", "status")
    # an overflow (a 400-digit figure, a power-of-ten multiplier of 400) is no figure
    fail_if_any(
        df,
        ~pl.col("value").cast(pl.Float64, strict=False).is_finite(),
        path,
        "non-finite value (infinite or NaN)",
        "value",
    )
    out = (
        model.conform(df, model.OBSERVATION).hstack(df.select(extra)) if extra else model.conform(df, model.OBSERVATION)
    )
    if check_keys:
        key = [k for k in model.OBSERVATION_KEY if k != "release_id"] + list(extra)
        dup = out.filter(out.select(key).is_duplicated())
        if dup.height:
            first = dup.row(0, named=True)
            raise OfficialFileError(
                path,
                f"{dup.height} rows share a key (e.g. {first['indicator']} "
                f"{first['reporter']}→{first['partner']} {first['period_start']}"
                f"..{first['period_end']}): the file states one figure twice",
            )
    return out.sort(["indicator", "reporter", "partner", "flow", "period_start", "period_end"], nulls_last=True)
