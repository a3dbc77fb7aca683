"""Regenerate data/official/<provider>/ from the statistics offices' own tables in ../shared/data/national/.

Run by people, never by the pipeline::

    uv run --frozen python -m pipelines.tools.national_tables [--national ../shared/data/national]

For each row of ``data/official/mappings/national/tables.csv`` the table is parsed with its mapping
(``pipelines.official.parsers.spreadsheet``) and the figures it states are written in the manual CSV
form, one file per table with its manifest, each row carrying the publisher, the table's id and
title, the publisher's site, the vintage (published) and retrieved dates and the URL of the exact
bytes read (the repository commit named in the folder's PROVENANCE.csv). The shared tables are never
copied into the project; the output is deterministic (same tables → same bytes).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path
from urllib.parse import quote

import polars as pl

from pipelines import config
from pipelines.official.errors import OfficialFileError
from pipelines.official.manifest import write_manifest
from pipelines.official.parsers import spreadsheet
from pipelines.official.refdata import MAPPINGS_DIR, load_reference

TABLES = MAPPINGS_DIR / "national" / "tables.csv"


def shared_dir() -> Path | None:
    """../shared beside the repository (CORRIDOR_SHARED overrides; a git worktree one level deeper finds it too)."""
    env = os.environ.get("CORRIDOR_SHARED")
    candidates = (
        [Path(env)] if env else [config.PROJECT_ROOT.parent / "shared", config.PROJECT_ROOT.parent.parent / "shared"]
    )
    return next((p for p in candidates if p.is_dir()), None)


DEFAULT_NATIONAL = (shared_dir() or config.PROJECT_ROOT.parent / "shared") / "data" / "national"
COLUMNS = (
    "indicator",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "status",
    "entity",
    "official_source",
    "reported_by",
    "url",
    "page",
    "published",
    "retrieved",
    "note",
    "table_id",
    "table_title",
    "publisher_url",
)


def _value(v: float) -> str:
    """Base units with float noise of the table's sums taken off (never more than a thousandth of a unit)."""
    text = f"{round(v, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _provenance(national: Path) -> dict[str, dict]:
    with (national / "PROVENANCE.csv").open(encoding="utf-8", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def _source_url(prov: dict) -> str:
    return f"https://github.com/{prov['repository']}/blob/{prov['commit']}/{quote(prov['path_in_repository'])}"


def table_rows(table: dict, national: Path, prov: dict) -> pl.DataFrame:
    """The manual-CSV rows of one table (sorted, deterministic)."""
    path = national / table["file"]
    obs = spreadsheet.parse(path, mapping=MAPPINGS_DIR / "national" / table["mapping"], ref=load_reference())
    return obs.select(
        "indicator",
        "reporter",
        "partner",
        "flow",
        pl.col("period_start").cast(pl.String),
        pl.col("period_end").cast(pl.String),
        pl.col("value").map_elements(_value, return_dtype=pl.String),
        "unit",
        "qualifier",
        "status",
        pl.lit(None, pl.String).alias("entity"),
        pl.lit(table["publisher"]).alias("official_source"),
        pl.lit(None, pl.String).alias("reported_by"),
        pl.lit(_source_url(prov)).alias("url"),
        pl.lit(None, pl.String).alias("page"),
        pl.lit(table["published"]).alias("published"),
        pl.lit(table["retrieved"]).alias("retrieved"),
        pl.col("note").str.replace(r"^.*?(sheet: )", "$1"),  # where in the table: sheet and column
        pl.lit(table["dataset"]).alias("table_id"),
        pl.lit(table["title"]).alias("table_title"),
        pl.lit(table["publisher_url"]).alias("publisher_url"),
    ).sort("indicator", "partner", "flow", "period_start", "period_end")


def write_table(table: dict, rows: pl.DataFrame, out_root: Path) -> Path:
    folder = out_root / table["provider"]
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{table['dataset']}.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows.select(COLUMNS).iter_rows())
    out.write_text(buf.getvalue(), encoding="utf-8")
    write_manifest(
        out,
        provider=table["provider"],
        dataset=table["dataset"],
        title=table["title"],
        publisher=table["publisher"],
        fmt="manual_csv",
        url=rows["url"].unique().sort().to_list(),
        licence=f"figures as published by {table['publisher']} ({table['publisher_url']}); "
        "the table itself is not copied here",
        published=None,
        retrieved=table["retrieved"],
        language=table.get("language") or None,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--national", type=Path, default=DEFAULT_NATIONAL, help="folder of the national tables")
    ap.add_argument("--out", type=Path, default=config.DataPaths.from_env().official, help="data/official (default)")
    args = ap.parse_args(argv)
    if not (args.national / "PROVENANCE.csv").exists():
        print(f"no national tables at {args.national} (PROVENANCE.csv missing)", file=sys.stderr)
        return 2
    prov = _provenance(args.national)
    with TABLES.open(encoding="utf-8", newline="") as fh:
        tables = list(csv.DictReader(fh))
    failed = 0
    for t in tables:
        try:
            rows = table_rows(t, args.national, prov[t["file"]])
        except (OfficialFileError, KeyError) as exc:
            print(f"{t['file']}: refused: {exc}", file=sys.stderr)
            failed += 1
            continue
        out = write_table(t, rows, args.out)
        print(
            f"{out.relative_to(args.out)}: {rows.height} figures, {rows['partner'].n_unique()} partners, "
            f"{rows['period_start'].min()[:4]}-{rows['period_end'].max()[:4]}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
