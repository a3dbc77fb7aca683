"""Benchmark of the quality suites on SYNTHETIC data (seeded, generated here; not real figures).

    python -m pipelines.tools.quality_bench --rows 1000000 [--claims 100000] [--bad 0.001] [--seed 7]

Prints the GX import and context build time separately from the validation cost (seconds, rows/s)
and the process's peak RSS. ``--bad`` plants that share of bad rows (negative values, unknown
partners ...) so the quarantine path is measured too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time

import numpy as np
import polars as pl

from pipelines import config, model
from pipelines.quality import engine, read_reference, validate_claims, validate_observations

SYNTHETIC_PROVIDER = "synthetic"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def synthetic_observations(
    n: int, ref: dict[str, pl.DataFrame], seed: int, bad_share: float
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``n`` unique-keyed observations over 4 synthetic releases (one per year 2021-2024)."""
    rng = np.random.default_rng(seed)
    iso3 = ref["countries"]["iso3"].to_list()
    money = ["trade.turnover", "trade.exports", "trade.imports", "trade.balance"]
    flows = {
        "trade.turnover": "turnover",
        "trade.exports": "exports",
        "trade.imports": "imports",
        "trade.balance": "balance",
    }
    n_c, n_i, months = len(iso3), len(money), 48
    assert n <= n_c * n_c * n_i * months, "too many rows for unique keys"
    i = pl.int_range(0, n, eager=True, dtype=pl.Int64)
    reporter = i % n_c
    partner = (i // n_c) % n_c
    indicator = (i // (n_c * n_c)) % n_i
    month = (i // (n_c * n_c * n_i)) % months
    year = 2021 + month // 12
    df = pl.DataFrame({"_r": reporter, "_p": partner, "_i": indicator, "_y": year, "_m": month % 12 + 1})
    values = rng.lognormal(mean=15, sigma=2, size=n)
    obs = (
        df.select(
            indicator=pl.col("_i").replace_strict(dict(enumerate(money))),
            reporter=pl.col("_r").replace_strict(dict(enumerate(iso3))),
            partner=pl.col("_p").replace_strict(dict(enumerate(iso3))),
            period_start=pl.date(pl.col("_y"), pl.col("_m"), 1),
            year=pl.col("_y"),
        )
        .with_columns(
            flow=pl.col("indicator").replace_strict(flows),
            period_end=pl.col("period_start").dt.month_end(),
            frequency=pl.lit("M"),
            value=pl.Series(values),
            unit=pl.lit("USD"),
            currency=pl.lit("USD"),
            qualifier=pl.lit("exact"),
            status=pl.lit("reported"),
            entity=pl.lit(None, dtype=pl.String),
            release_id=pl.format("{}:bilateral-{}:2025-06-01", pl.lit(SYNTHETIC_PROVIDER), pl.col("year")),
            source_id=pl.format("official:{}:{}", pl.lit(SYNTHETIC_PROVIDER), pl.col("year")),
            note=pl.lit("synthetic benchmark row"),
        )
        .with_columns(value=pl.when(pl.col("flow") == "balance").then(pl.col("value") - 1e7).otherwise("value"))
    )
    if bad_share > 0:
        bad = pl.Series(rng.random(n) < bad_share)
        kind = pl.Series(rng.integers(0, 3, n))
        obs = obs.with_columns(
            value=pl.when(bad & (kind == 0) & (pl.col("flow") != "balance")).then(-1.0).otherwise("value"),
            # an unknown partner, unique per row so that keys stay unique
            partner=pl.when(bad & (kind == 1)).then(pl.format("X{}", pl.int_range(0, pl.len()))).otherwise("partner"),
            currency=pl.when(bad & (kind == 2)).then(pl.lit("RUB")).otherwise("currency"),
        )
    obs = model.conform(obs, model.OBSERVATION)
    years = sorted(obs["period_start"].dt.year().unique().to_list())
    releases = model.conform(
        pl.DataFrame(
            {
                "release_id": [f"{SYNTHETIC_PROVIDER}:bilateral-{y}:2025-06-01" for y in years],
                "source_id": [f"official:{SYNTHETIC_PROVIDER}:{y}" for y in years],
                "provider": [SYNTHETIC_PROVIDER] * len(years),
                "dataset": [f"bilateral-{y}" for y in years],
                "published_at": [dt.date(2025, 6, 1)] * len(years),
                "coverage_start": [dt.date(y, 1, 1) for y in years],
                "coverage_end": [dt.date(y, 12, 31) for y in years],
            }
        ),
        model.RELEASE,
    )
    return obs, releases


def synthetic_claims(n: int, seed: int, per_article: int = 10) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``n`` claims, ``per_article`` per synthetic article; quotes, offsets and texts consistent."""
    rng = np.random.default_rng(seed + 1)
    i = pl.int_range(0, n, eager=True, dtype=pl.Int64)
    value = pl.Series(np.round(rng.uniform(1, 999, n), 1))
    df = (
        pl.DataFrame({"i": i, "value": value})
        .with_columns(
            source_id=pl.format("article:synthetic{}", (pl.col("i") // per_article).cast(pl.String).str.zfill(8)),
            figure=pl.format("{} million dollars", pl.col("value")),
        )
        .with_columns(
            quote=pl.format("Synthetic trade turnover reached {} in 2024", pl.col("figure")),
        )
        .with_columns(
            qlen=pl.col("quote").str.len_chars().cast(pl.Int64) + 2,  # ". " separator
        )
        .with_columns(
            quote_start=(pl.col("qlen").cum_sum().over("source_id") - pl.col("qlen")),
        )
        .with_columns(
            start=pl.col("quote_start") + len("Synthetic trade turnover reached "),
        )
        .with_columns(end=pl.col("start") + pl.col("figure").str.len_chars().cast(pl.Int64))
    )
    texts = df.group_by("source_id", maintain_order=True).agg(text=pl.col("quote").str.join(". ") + ".")
    claims = df.select(
        claim_id=pl.format("synthetic-{}", pl.col("i")),
        source_id="source_id",
        indicator=pl.lit("trade.turnover"),
        measure=pl.lit("level"),
        value=pl.col("value") * 1e6,
        unit=pl.lit("USD"),
        qualifier=pl.lit("exact"),
        record=pl.lit(False),
        period_start=pl.lit(dt.date(2024, 1, 1)),
        period_end=pl.lit(dt.date(2024, 12, 31)),
        countries=pl.lit(["KGZ", "RUS"], dtype=pl.List(pl.String)),
        quote="quote",
        quote_start="quote_start",
        start="start",
        end="end",
        extractor_version=pl.lit("synthetic"),
    )
    return model.conform(claims, model.CLAIM), texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="synthetic observation rows")
    ap.add_argument("--claims", type=int, default=None, help="synthetic claim rows (default rows/10)")
    ap.add_argument("--bad", type=float, default=0.001, help="share of planted bad observation rows")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    n_claims = args.claims if args.claims is not None else max(args.rows // 10, 1)

    ref = read_reference(config.DataPaths.from_env().reference)
    t = time.perf_counter()
    obs, releases = synthetic_observations(args.rows, ref, args.seed, args.bad)
    claims, texts = synthetic_claims(n_claims, args.seed)
    print(
        f"synthetic data: {obs.height:,} observations, {claims.height:,} claims, {texts.height:,} articles "
        f"generated in {time.perf_counter() - t:.2f} s (seed {args.seed}); peak RSS {peak_rss_mb():,.0f} MB"
    )

    engine.gx_context()
    timings = engine.gx_timings()
    print(
        f"GX import: {timings.import_seconds:.2f} s; ephemeral context: {timings.context_seconds:.2f} s "
        "(once per process, not in the figures below)"
    )

    per_release = obs.group_by("release_id").len()
    previous = {f"{SYNTHETIC_PROVIDER}/{r.split(':')[1]}": n for r, n in per_release.iter_rows()}
    for label, fn in [
        ("observations", lambda: validate_observations(obs, ref, releases, previous)),
        ("claims", lambda: validate_claims(claims, ref, texts)),
    ]:
        t = time.perf_counter()
        res = fn()
        wall = time.perf_counter() - t
        print(
            f"{label}: {res.rows:,} rows validated in {res.seconds:.2f} s ({res.rows / res.seconds:,.0f} rows/s; "
            f"wall incl. call {wall:.2f} s); success={res.success}, "
            f"{len(res.expectations)} expectations, failed {[e.name for e in res.failed()]}, "
            f"quarantined {res.quarantine.height:,}, good {res.good.height:,}; peak RSS {peak_rss_mb():,.0f} MB"
        )
        for line in res.table_failures:
            print(f"  table failure: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
