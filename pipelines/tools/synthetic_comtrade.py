"""SYNTHETIC UN Comtrade bulk CSV, seeded: N commodity rows with a known share of fault rows.

Why: the bulk ingest must be measured and tested at 10M rows without shipping data. Rows are
reporters × partners (real M49 codes from countries.csv / m49_overrides.csv) × flows × years × HS6
codes, each key once, with log-normal values. Faults are planted on even row numbers only, so the
good row after a duplicate (its "victim") is never itself a fault; ``faults`` counts the rows each
check must refuse (a duplicated key counts both of its rows). Vectorised numpy/Polars: 10M rows in
seconds.

    python -m pipelines.tools.synthetic_comtrade OUT.csv --rows 10000000 [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.official.bulk import REQUIRED
from pipelines.official.refdata import load_reference

# The columns the bulk ingest requires, in its order: the file is written for exactly that reader.
COLUMNS = list(REQUIRED)
YEARS = [2019, 2020, 2021, 2022, 2023]
FLOWS = ["X", "M"]
N_COMMODITIES = 5000
UNKNOWN_M49 = 999  # not a code of countries.csv or m49_overrides.csv
# Planted faults by the check of the bulk ingest that must refuse them (pipelines.official.bulk.CHECKS):
# non-numeric or negative primaryValue, unknown reporter or partner code, malformed period, duplicate key.
FAULTS = {
    "bulk_value_numeric": 0.006,
    "bulk_value_not_negative": 0.006,
    "bulk_reporter_known": 0.005,
    "bulk_partner_known": 0.004,
    "bulk_period_valid": 0.005,
    "bulk_key_unique": 0.004,
}


@dataclass
class BulkFile:
    path: Path
    rows: int
    seed: int
    faults: dict[str, int] = field(default_factory=dict)  # check name → rows the ingest must quarantine

    @property
    def good_rows(self) -> int:
        return self.rows - sum(self.faults.values())


def country_codes() -> tuple[np.ndarray, np.ndarray]:
    """(M49 code, ISO3) of every country Comtrade would report, its own codes (842 USA ...) first."""
    m49 = (
        load_reference()
        .m49_frame()
        .filter((pl.col("action") == "map") & pl.col("iso3").is_not_null() & (pl.col("m49") != 0))
    )
    m49 = m49.unique("iso3", keep="first", maintain_order=True).sort("m49")  # one code per country (842, not 841)
    return m49["m49"].to_numpy(), m49["iso3"].to_numpy().astype(str)


def hs6_codes(rng: np.random.Generator, n: int = N_COMMODITIES) -> np.ndarray:
    """``n`` distinct six-digit codes with HS chapters 01-97 (leading zeros kept: they are text)."""
    chapters = rng.integers(1, 98, size=n * 2)
    rest = rng.integers(0, 10_000, size=n * 2)
    codes = np.unique(chapters * 10_000 + rest)
    codes = rng.permutation(codes)[:n]
    return np.char.zfill(codes.astype(str), 6)


def generate(path: Path, rows: int, seed: int = 7, fault_rates: dict[str, float] | None = None) -> BulkFile:
    """Write ``rows`` Comtrade bulk rows to ``path`` (CSV) and say how many of each fault it planted."""
    path = Path(path)
    rates = FAULTS if fault_rates is None else fault_rates
    rng = np.random.default_rng(seed)
    codes, iso3 = country_codes()
    hs = hs6_codes(rng)
    n_c, n_f, n_y = len(codes), len(FLOWS), len(YEARS)
    capacity = n_c * n_f * n_y * n_c * len(hs)
    if rows > capacity:
        raise ValueError(f"{rows} rows exceed the {capacity} distinct keys")
    i = np.arange(rows, dtype=np.int64)
    # Mixed radix, reporter fastest: every (reporter, flow, year) gets about the same number of rows.
    rep = i % n_c
    flow = (i // n_c) % n_f
    year = (i // (n_c * n_f)) % n_y
    partner = (i // (n_c * n_f * n_y)) % n_c
    cmd = i // (n_c * n_f * n_y * n_c)
    # Shift the partner by reporter so that a country does not trade with itself in the first block.
    partner = (partner + rep + 1) % n_c
    value = np.round(rng.lognormal(mean=11.0, sigma=2.2, size=rows), 2)

    # Faults: on even rows only; a duplicate copies the key of the (good, odd) row after it.
    kinds = list(rates)
    p_total = sum(rates.values())
    kind = np.full(rows, -1, dtype=np.int8)
    if kinds and p_total > 0:
        even = i[(i % 2 == 0) & (i + 1 < rows)]
        hit = even[rng.random(len(even)) < 2 * p_total]
        probs = np.array([rates[k] for k in kinds]) / p_total
        kind[hit] = rng.choice(len(kinds), size=len(hit), p=probs)
    k_of = {k: j for j, k in enumerate(kinds)}

    def mask(name: str) -> np.ndarray:
        return kind == k_of[name] if name in k_of else np.zeros(rows, dtype=bool)

    dup = mask("bulk_key_unique")
    src = np.where(dup, i + 1, i)
    rep, flow, year, partner, cmd = rep[src], flow[src], year[src], partner[src], cmd[src]

    rep_code = codes[rep].astype(np.int64)
    partner_code = codes[partner].astype(np.int64)
    rep_code[mask("bulk_reporter_known")] = UNKNOWN_M49
    partner_code[mask("bulk_partner_known")] = UNKNOWN_M49
    year_v = np.array(YEARS, dtype=np.int64)[year]

    df = pl.DataFrame(
        {
            "year": year_v,
            "rep": rep_code,
            "partner": partner_code,
            # gather from small String series (numpy unicode arrays convert slowly at 10M rows)
            "flow": pl.Series(FLOWS).gather(flow),
            "cmd": pl.Series(hs.tolist()).gather(cmd),
            "value": value,
            "rep_iso": pl.Series(iso3.tolist()).gather(rep),
            "partner_iso": pl.Series(iso3.tolist()).gather(partner),
            "bad_value": mask("bulk_value_numeric"),
            "neg": mask("bulk_value_not_negative"),
            "bad_period": mask("bulk_period_valid"),
        }
    )
    value_text = (
        pl.when(pl.col("bad_value"))
        .then(pl.lit("n/a"))
        .when(pl.col("neg"))
        .then((-pl.col("value")).cast(pl.String))
        .otherwise(pl.col("value").cast(pl.String))
    )
    period = (
        pl.when(pl.col("bad_period")).then(pl.format("{}-13", pl.col("year"))).otherwise(pl.col("year").cast(pl.String))
    )
    out = df.select(
        typeCode=pl.lit("C"),
        freqCode=pl.lit("A"),
        refPeriodId=pl.format("{}0101", pl.col("year")),
        refYear=pl.col("year"),
        refMonth=pl.lit(52),
        period=period,
        reporterCode=pl.col("rep"),
        reporterISO=pl.when(pl.col("rep") == UNKNOWN_M49).then(pl.lit("XXX")).otherwise(pl.col("rep_iso")),
        flowCode=pl.col("flow"),
        partnerCode=pl.col("partner"),
        partnerISO=pl.when(pl.col("partner") == UNKNOWN_M49).then(pl.lit("XXX")).otherwise(pl.col("partner_iso")),
        partner2Code=pl.lit(0),
        cmdCode=pl.col("cmd"),
        customsCode=pl.lit("C00"),
        motCode=pl.lit(0),
        primaryValue=value_text,
        isReported=pl.lit("True"),
        isAggregate=pl.lit("False"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    out.write_csv(path)
    faults = {k: int(mask(k).sum()) for k in kinds}
    if "bulk_key_unique" in faults:
        faults["bulk_key_unique"] *= 2  # both rows of a duplicated key are refused
    return BulkFile(path=path, rows=rows, seed=seed, faults=faults)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    import time

    t = time.perf_counter()
    f = generate(Path(args.out), args.rows, args.seed)
    print(f"{f.rows:,} synthetic rows → {f.path} in {time.perf_counter() - t:.2f} s; faults {f.faults}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
