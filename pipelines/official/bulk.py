"""Bulk UN Comtrade CSV (millions of commodity rows) → ``trade_commodity``, in DuckDB (no Dagster).

What runs where, and why:

* **DuckDB** does the row work, in one pass over the CSV into a staging table (``bulk_rows``, in a
  scratch DuckDB file of its own connection inside the part's folder, removed after;
  ``sql/internal/bulk/010_stage_rows.sql``; ``read_csv`` with every column as text, so a bad value is
  a refused row and never a failed load): it normalizes each row (M49 → ISO3 from countries.csv +
  m49_overrides.csv, flowCode X/M → exports/imports, period → period_start/period_end, primaryValue →
  DOUBLE; stored compactly, the text given back by 011), evaluates each row-level expectation as a SQL
  predicate with its reason (value not numeric, value negative, unknown reporter or partner code, bad
  period) and gives each row its outcome: good, refused, skipped. Duplicate keys are found on the
  staged good rows (020; every row of a duplicated key is refused, 025), then the part is written
  once: its good rows without those (026), refused and skipped rows beside (027); refused rows go to
  ``quarantine``. DuckDB's own storage is cheaper to write than Parquet split by outcome, and the good
  rows are no longer written twice when a file has duplicated keys. The rows never enter Python: 10M
  rows through pandas and GX
  would cost minutes and gigabytes (``pipelines/tools/quality_bench.py``: ~2 s and 1.2 GB per 1M rows),
  and GX's SQL datasource over duckdb_engine fails here with MetricResolutionError.
* **Great Expectations** (GX Core 1.x, the ephemeral context and pandas datasource of
  ``pipelines.quality.engine``) runs the table-level suite on what is small: per (reporter, year,
  flow) row counts and value sums computed by DuckDB, against the previous release of the same
  dataset. A failure refuses the whole load (``BulkRefused``) before anything is written.
  The GX import (~6 s, once per process) starts in a thread when the load starts, overlapping
  DuckDB's pass; so does the file's sha256 (its source id).

One transaction (the caller's, e.g. ``warehouse.writing()``): the part registered (the parts of the
same release retired), source and release rows replaced, the quarantine rows of the source replaced,
so a rerun of a file adds nothing. The part is never in the DuckDB file that ``writing()`` writes
(``pipelines/warehouse.py``); a load refused or failed before its commit deletes its part.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines import load, model, warehouse
from pipelines.fingerprint import file_sha256
from pipelines.model import CorridorError
from pipelines.official.errors import ManifestError
from pipelines.official.refdata import Reference, load_reference
from pipelines.quality.suites import ROW_COUNT_BAND

DATASET = model.DATASET_TRADE_COMMODITY  # quarantine.dataset of refused bulk rows
FACT = "trade_commodity"  # the part-backed fact the rows go to (warehouse.PART_FACTS)
SQL = "internal/bulk/"
REQUIRED = (
    "typeCode",
    "freqCode",
    "refPeriodId",
    "refYear",
    "refMonth",
    "period",
    "reporterCode",
    "reporterISO",
    "flowCode",
    "partnerCode",
    "partnerISO",
    "partner2Code",
    "cmdCode",
    "customsCode",
    "motCode",
    "primaryValue",
    "isReported",
    "isAggregate",
)
# Row-level checks (SQL predicates in 010_stage_rows.sql / 020-025) and what each refuses.
CHECKS = {
    "bulk_value_numeric": "primaryValue is a finite number",
    "bulk_value_not_negative": "primaryValue >= 0",
    "bulk_reporter_known": "reporterCode is an M49 code of countries.csv or m49_overrides.csv",
    "bulk_partner_known": "partnerCode is an M49 code of countries.csv or m49_overrides.csv",
    "bulk_period_valid": "period is YYYY (freqCode A) or YYYYMM (freqCode M)",
    "bulk_key_unique": "one row per (reporter, partner, flow, cmdCode, period) in the file",
}
AGG_SUITE = "trade_commodity_aggregates"


class BulkRefused(CorridorError, RuntimeError):
    """The table-level suite failed: nothing of this file is loaded."""

    def __init__(self, message: str, result: AggregateResult):
        super().__init__(message)
        self.result = result


@dataclass
class AggregateResult:
    success: bool
    failed: list[str]  # names of the failed expectations
    details: dict[str, str] = field(default_factory=dict)  # name → observed / sample in words
    groups: int = 0


@dataclass
class BulkResult:
    source_id: str
    release_id: str
    loaded: int
    quarantined: int
    skipped: int
    refused_by_check: dict[str, int]
    previous_release: str | None
    aggregates: AggregateResult
    seconds: dict[str, float]


# --------------------------------------------------------------------------- GX on the aggregates
_GX: dict = {}
_GX_LOCK = threading.Lock()


def _aggregate_checks(band: tuple[float, float]) -> list[tuple[str, str, dict]]:
    lo, hi = band
    return [
        ("bulk_agg_has_groups", "ExpectTableRowCountToBeBetween", {"min_value": 1}),
        ("bulk_agg_reporter_not_null", "ExpectColumnValuesToNotBeNull", {"column": "reporter"}),
        ("bulk_agg_year_not_null", "ExpectColumnValuesToNotBeNull", {"column": "year"}),
        (
            "bulk_agg_flow_in_set",
            "ExpectColumnValuesToBeInSet",
            {"column": "flow", "value_set": ["exports", "imports"]},
        ),
        ("bulk_agg_key_unique", "ExpectCompoundColumnsToBeUnique", {"column_list": ["reporter", "year", "flow"]}),
        ("bulk_agg_value_sum_not_negative", "ExpectColumnValuesToBeBetween", {"column": "value_sum", "min_value": 0}),
        ("bulk_agg_value_min_not_negative", "ExpectColumnValuesToBeBetween", {"column": "value_min", "min_value": 0}),
        (
            "bulk_agg_rows_within_band_of_previous",
            "ExpectColumnValuesToBeBetween",
            {"column": "rows_vs_previous", "min_value": lo, "max_value": hi},
        ),
    ]


def _validation_definition(band: tuple[float, float]):
    """The aggregate suite's GX ValidationDefinition, built once per process and band."""
    with _GX_LOCK:
        if band in _GX:
            return _GX[band]
        import great_expectations as gx

        from pipelines.quality import engine

        ctx = engine.gx_context()
        name = f"{AGG_SUITE}_{len(_GX)}"
        asset = ctx.data_sources.get(engine.DATASOURCE).add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(f"{name}_frame")
        suite = ctx.suites.add(gx.ExpectationSuite(name=name))
        for check, cls, kwargs in _aggregate_checks(band):
            suite.add_expectation(getattr(gx.expectations, cls)(**kwargs, meta={"check": check}))
        _GX[band] = ctx.validation_definitions.add(
            gx.ValidationDefinition(name=f"{name}_validation", data=batch, suite=suite)
        )
        return _GX[band]


def prewarm_gx(band: tuple[float, float] = ROW_COUNT_BAND) -> threading.Thread:
    """Import GX and build the suite in a thread (the import is ~6 s of mostly Python)."""
    t = threading.Thread(target=_validation_definition, args=(tuple(band),), daemon=True)
    t.start()
    return t


def validate_aggregates(aggregates: pl.DataFrame, band: tuple[float, float] = ROW_COUNT_BAND) -> AggregateResult:
    """Run the GX suite on the per-(reporter, year, flow) frame of ``030_aggregates.sql``."""
    from pipelines.quality import engine

    vd = _validation_definition(tuple(band))
    pdf = aggregates.drop("first_start", "last_end", strict=False).to_pandas()
    res = engine.run_named(
        vd, pdf, None, "trade_commodity", result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5}
    )
    failed, details = [], {}
    for r in res.results:
        if r.success:
            continue
        name = r.expectation_config.meta.get("check", r.expectation_config.type)
        failed.append(name)
        info = r.result or {}
        details[name] = (
            f"{info.get('unexpected_count')} group(s), e.g. {info.get('partial_unexpected_list')}"
            if "unexpected_count" in info
            else f"observed {info.get('observed_value')}"
        )
    return AggregateResult(success=bool(res.success), failed=failed, details=details, groups=aggregates.height)


# --------------------------------------------------------------------------------------- the load
def _m49_lists(ref: Reference) -> tuple[list, list]:
    iso3, action = [None] * 1000, [None] * 1000
    for code, i3, act in ref.m49_frame().select("m49", "iso3", "action").iter_rows():
        if code is not None and 0 <= code < 1000:
            iso3[code], action[code] = i3, act
    return iso3, action


def _header(path: Path) -> tuple[list[str], str]:
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        first = fh.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    delim = "\t" if "\t" in first else ","
    return [c.strip().strip('"') for c in first.split(delim)], delim


def _one(con, sql: str, params: dict):
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def _drop_temp(con) -> None:
    for view in ("bulk_refused", "bulk_skipped", "bulk_good"):
        con.execute(f"DROP VIEW IF EXISTS {view}")


def _outcome_view(con, name: str, folder: Path) -> None:
    """Temp view ``name`` over the part's Parquet files in ``folder`` (none written: no rows)."""
    files = sorted(folder.glob("*.parquet"))
    src = (
        f"SELECT * FROM {warehouse.parquet_source(files)}"
        if files
        else warehouse.sql_text(SQL + "015_outcome_empty.sql")
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {src}")


STAGE_DB = "staging.duckdb"  # the scratch DuckDB file of the pass, inside the part's folder while it runs


def _stage_connection(con, folder: Path):
    """A connection to a new scratch DuckDB file in ``folder``, with ``con``'s memory, thread and order
    settings. Its own connection: the load's transaction writes only the warehouse (DuckDB writes one
    database per transaction), and the rows never enter the warehouse file."""
    stage = duckdb.connect(str(folder / STAGE_DB))
    for name in ("memory_limit", "threads", "preserve_insertion_order", "enable_progress_bar"):
        value = _one(con, f"SELECT current_setting('{name}')", {})
        stage.execute(f"SET {name} = {warehouse.quote(str(value))}")
    return stage


def _remove_stage(folder: Path) -> None:
    for name in (STAGE_DB, f"{STAGE_DB}.wal"):
        (folder / name).unlink(missing_ok=True)
    shutil.rmtree(folder / f"{STAGE_DB}.tmp", ignore_errors=True)  # DuckDB's spill folder


def _write_part(con, path: Path, delim: str, ref: Reference, input_name: str, secs: dict) -> Path:
    """The one pass over the CSV into the staging table (010, in a scratch DuckDB file), the rows of
    duplicated keys found on it (020/025), then the part written once: its good rows without those
    (026), its refused rows with them and its skipped rows (027). Leaves temp views bulk_good,
    bulk_refused (refused rows, those of duplicated keys included) and bulk_skipped on ``con``."""
    iso3, action = _m49_lists(ref)
    part = warehouse.new_part(con, FACT, f"bulk-{Path(input_name).stem[:40]}")
    t = time.perf_counter()
    stage = _stage_connection(con, part)
    try:
        stage.execute(warehouse.sql_text(SQL + "005_m49.sql"), {"iso3": iso3, "action": action})
        stage.execute(warehouse.sql_text(SQL + "006_m49_enum.sql"))
        stage.execute(warehouse.sql_text(SQL + "007_trim_macro.sql"))
        stage.execute(warehouse.sql_text(SQL + "010_stage_rows.sql"), {"path": str(path), "delim": delim})
        secs["pass"] = time.perf_counter() - t
        t = time.perf_counter()
        stage.execute(warehouse.sql_text(SQL + "011_staged_view.sql"))
        stage.execute(warehouse.sql_text(SQL + "020_duplicate_keys.sql"))
        stage.execute(warehouse.sql_text(SQL + "025_duplicate_rows.sql"))
        counts = dict(stage.execute("SELECT outcome, count(*) FROM bulk_rows GROUP BY outcome").fetchall())
        counts["refused"] = counts.get("refused", 0) + _one(stage, "SELECT count(*) FROM bulk_duplicate_rows", {})
        secs["duplicate_keys"] = time.perf_counter() - t
        t = time.perf_counter()
        for outcome in ("good", "refused", "skipped"):
            if not counts.get(outcome):
                continue  # no file: its view reads 015's empty columns
            folder = part / f"outcome={outcome}"
            folder.mkdir()
            target = warehouse.quote(str(folder / "data_0.parquet"))
            if outcome == "good":
                stage.execute(warehouse.fill(warehouse.sql_text(SQL + "026_copy_good.sql"), out=target))
            else:
                stage.execute(
                    warehouse.fill(warehouse.sql_text(SQL + "027_copy_outcome.sql"), out=target), {"outcome": outcome}
                )
        secs["write_part"] = time.perf_counter() - t
    finally:
        stage.close()
        _remove_stage(part)
    for name, outcome in (("bulk_good", "good"), ("bulk_refused", "refused"), ("bulk_skipped", "skipped")):
        _outcome_view(con, name, part / f"outcome={outcome}")
    return part


def tune(con, memory_limit: str | None = None, threads: int | None = None) -> None:
    """Settings for the bulk pass: no insertion order (lets DuckDB stream in parallel), bounded memory."""
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")


def load_bulk(
    con,
    path: Path,
    *,
    provider: str = "comtrade",
    dataset: str = "bulk-hs",
    release: str | None = None,
    published: date | None = None,
    retrieved: date | None = None,
    sha256: str | None = None,
    input_name: str | None = None,
    title: str | None = None,
    url: str | None = None,
    publisher: str = "UN Statistics Division (UN Comtrade)",
    ref: Reference | None = None,
    band: tuple[float, float] = ROW_COUNT_BAND,
    expected_sha256: str | None = None,
) -> BulkResult:
    """Load one bulk file inside the caller's transaction; raises ``BulkRefused`` if the GX suite fails
    and ``ManifestError`` if the file's sha256 is not ``expected_sha256`` (both before writing a row)."""
    path = Path(path)
    secs: dict[str, float] = {}
    gx_thread = prewarm_gx(band)
    header, delim = _header(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError(f"{path.name}: not a Comtrade bulk file, missing column(s) {', '.join(missing)}")
    ref = ref or load_reference()
    # The file's sha256 (its source id) in a thread while DuckDB stages it: hashlib releases the GIL.
    digest: dict = {"sha": sha256}
    sha_thread = None
    if sha256 is None:
        sha_thread = threading.Thread(target=lambda: digest.update(sha=file_sha256(path)), daemon=True)
        sha_thread.start()
    input_name = input_name or path.name

    part = _write_part(con, path, delim, ref, input_name, secs)
    try:
        return _finish_load(
            con,
            path,
            part,
            secs,
            sha_thread,
            digest,
            gx_thread,
            provider=provider,
            dataset=dataset,
            release=release,
            published=published,
            retrieved=retrieved,
            input_name=input_name,
            title=title,
            url=url,
            publisher=publisher,
            band=band,
            expected_sha256=expected_sha256,
        )
    except BaseException:
        _drop_temp(con)
        shutil.rmtree(part, ignore_errors=True)  # never registered: no reader can see it
        raise


def _finish_load(
    con,
    path: Path,
    part: Path,
    secs: dict,
    sha_thread,
    digest: dict,
    gx_thread,
    *,
    provider: str,
    dataset: str,
    release: str | None,
    published: date | None,
    retrieved: date | None,
    input_name: str,
    title: str | None,
    url: str | None,
    publisher: str,
    band: tuple[float, float],
    expected_sha256: str | None,
) -> BulkResult:
    """The checks on the written part, then (they passed) its registration, source, release and
    quarantine rows, in the caller's transaction."""
    t = time.perf_counter()
    if sha_thread is not None:
        sha_thread.join()
    secs["sha256_wait"] = time.perf_counter() - t
    sha = digest["sha"] or file_sha256(path)  # the thread failed: fail here with its error
    if expected_sha256 is not None and sha != expected_sha256:
        raise ManifestError(
            path,
            f"sha256 mismatch: its manifest says {expected_sha256}, the file hashes to {sha}",
            check="manifest.sha256",
        )
    sha16 = sha[:16]
    source_id = model.official_source_id(provider, sha16)
    release_id = model.release_id(provider, dataset, release or published or "unversioned", sha16)

    t = time.perf_counter()
    previous = _one(
        con,
        warehouse.sql_text(SQL + "070_previous_release.sql"),
        {"provider": provider, "dataset": dataset, "release_id": release_id},
    )
    aggregates = con.sql(warehouse.sql_text(SQL + "030_aggregates.sql"), params={"previous_release": previous}).pl()
    secs["aggregate"] = time.perf_counter() - t
    t = time.perf_counter()
    gx_thread.join()
    secs["gx_wait"] = time.perf_counter() - t
    t = time.perf_counter()
    agg = validate_aggregates(aggregates, band)
    secs["gx_validate"] = time.perf_counter() - t
    if not agg.success:
        raise BulkRefused(
            f"{input_name}: table-level suite {AGG_SUITE} failed: "
            + "; ".join(f"{k}: {v}" for k, v in agg.details.items()),
            agg,
        )

    t = time.perf_counter()
    coverage = aggregates.select(pl.col("first_start").min(), pl.col("last_end").max()).row(0)
    source = model.conform(
        pl.DataFrame(
            [
                {
                    "source_id": source_id,
                    "kind": "official",
                    "provider": provider,
                    "publisher": publisher,
                    "title": title or f"UN Comtrade bulk file {path.name}",
                    "url": url,
                    "published_date": published,
                    "retrieved_date": retrieved,
                    "sha256": sha,
                    "path": input_name,
                    "n_bytes": os.path.getsize(path),
                }
            ]
        ),
        model.SOURCE,
    )
    rel = model.conform(
        pl.DataFrame(
            [
                {
                    "release_id": release_id,
                    "source_id": source_id,
                    "provider": provider,
                    "dataset": dataset,
                    "published_at": published,
                    "retrieved_at": retrieved,
                    "coverage_start": coverage[0],
                    "coverage_end": coverage[1],
                }
            ]
        ),
        model.RELEASE,
    )
    counts = dict(con.execute(warehouse.sql_text(SQL + "060_outcome_counts.sql")).fetchall())
    warehouse.retire_parts(con, FACT, release_id)
    if counts.get("good", 0):
        warehouse.register_part(con, FACT, part, release_id, source_id, counts["good"])
    warehouse.delete_matching(con, "quarantine", pl.DataFrame({"dataset": [DATASET], "source_id": [source_id]}))
    warehouse.replace(con, "source", source, ["source_id"])
    warehouse.replace(con, "release", rel, ["release_id"])
    secs["register"] = time.perf_counter() - t
    t = time.perf_counter()
    con.execute(
        warehouse.sql_text(SQL + "050_insert_quarantine.sql"),
        {"dataset": DATASET, "input_name": input_name, "source_id": source_id},
    )
    warehouse.mark_written(con, "quarantine")
    secs["quarantine"] = time.perf_counter() - t
    t = time.perf_counter()
    _drop_temp(con)
    for outcome in ("refused", "skipped"):  # in quarantine now, or only counted
        shutil.rmtree(part / f"outcome={outcome}", ignore_errors=True)
    if not counts.get("good", 0):
        shutil.rmtree(part, ignore_errors=True)
    secs["register"] += time.perf_counter() - t
    refused = {k: v for k, v in counts.items() if k not in ("good", "skipped") and v}
    return BulkResult(
        source_id=source_id,
        release_id=release_id,
        loaded=counts.get("good", 0),
        quarantined=sum(refused.values()),
        skipped=counts.get("skipped", 0),
        refused_by_check=refused,
        previous_release=previous,
        aggregates=agg,
        seconds=secs,
    )


def ingest(
    path: Path,
    warehouse_path: Path | None = None,
    *,
    memory_limit: str | None = "1GB",
    threads: int | None = None,
    **kwargs,
) -> BulkResult:
    """``load_bulk`` in one warehouse transaction with the integrity bookkeeping of every load
    (``load.write_checked``; the small DuckDB file written in place, the commodity rows in a new Parquet
    part), so that the next load trusts the warehouse."""

    def write(con):
        tune(con, memory_limit, threads)
        return load_bulk(con, path, **kwargs), time.perf_counter()

    res, t = load.write_checked(warehouse_path, write)
    res.seconds["commit"] = time.perf_counter() - t  # integrity record, views, COMMIT, CHECKPOINT
    return res
