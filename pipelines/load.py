"""Loading staged frames into the warehouse: one transaction per load, idempotent by key.

Every staged input says which rows it replaces (its scope), so a rerun on the same input deletes
and re-inserts the same rows and leaves the tables exactly as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl

from pipelines import integrity, model, warehouse
from pipelines.fingerprint import CodeDeps, content_fingerprint

T = TypeVar("T")
log = logging.getLogger(__name__)

# The key a staged table replaces its rows by.
REPLACE_KEYS = {
    "source": ["source_id"],
    "article_text": ["source_id"],
    "claim": ["source_id"],
    "release": ["release_id"],
    "observation": ["release_id"],
}


@dataclass
class Staged:
    """Rows ready for the warehouse, by table, plus the rows and files refused on the way."""

    tables: dict[str, pl.DataFrame]
    quarantine: pl.DataFrame = field(default_factory=lambda: model.empty(model.QUARANTINE))
    # Key values whose rows this input replaces even where it brings no new rows (an article
    # whose figures were all refused still replaces its old claims).
    scope: dict[str, pl.DataFrame] = field(default_factory=dict)
    # Key sets of the quarantine rows this input owns (e.g. {dataset: article}, or {dataset: claim,
    # source_id: ...}): their old rows are deleted before the new ones go in.
    quarantine_inputs: list[pl.DataFrame] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    # The fingerprint of what a rerun with nothing new would stage (an incremental input's new rows
    # emptied): once this input is loaded, such a rerun has nothing to write.
    settled_fingerprint: str | None = None
    # Rows this input takes as already in the warehouse ({table: key frame}; an incremental input): the
    # load fails if they are not there (the warehouse was lost or changed after the input was planned).
    assumed: dict[str, pl.DataFrame] = field(default_factory=dict)


# The code and SQL a load runs: a change to them rewrites every load once.
LOAD_CODE = CodeDeps(modules=("pipelines.load",), sql=("sql/schema", "sql/views", "sql/internal/parts"))


def staged_fingerprint(staged: Staged) -> str:
    """What a load of ``staged`` would write, as one hash (rows in any order, and the load's code)."""
    return content_fingerprint(
        LOAD_CODE.fingerprint(), staged.tables, staged.quarantine, staged.scope, staged.quarantine_inputs
    )


def loaded_fingerprint(path: Path, target: str) -> str | None:
    """The fingerprint ``target`` last wrote to the live warehouse (None: no warehouse, or never loaded)."""
    if not Path(path).exists() or not integrity.is_trusted(path):  # an untrusted warehouse is rebuilt
        return None
    con = warehouse.connect_read_only(path)
    try:
        if "load_state" not in warehouse.base_tables(con):  # a warehouse built before load_state
            return None
        rows = con.execute(warehouse.sql_text("internal/load_fingerprint.sql"), {"target": target}).fetchall()
        return rows[0][0] if rows else None
    finally:
        con.close()


def record_load(con, target: str, fingerprint: str, run_id: str | None = None) -> None:
    """Record, inside the load's transaction, what ``target`` wrote."""
    con.execute(
        warehouse.sql_text("internal/record_load.sql"), {"target": target, "fingerprint": fingerprint, "run_id": run_id}
    )


def write_unless_unchanged(
    path: Path,
    target: str,
    fingerprint: str,
    write: Callable[[object], T],
    run_id: str | None = None,
    settled: str | None = None,
) -> tuple[bool, T | None]:
    """``write(con)`` in one warehouse transaction that also records a fingerprint for ``target``
    (``settled`` if given, else ``fingerprint``); skipped (the file not opened to write) when the warehouse
    already records ``fingerprint`` for it. Returns (written, what ``write`` returned)."""
    if loaded_fingerprint(path, target) == fingerprint:
        integrity.mark_used(path, run_id)
        return False, None

    def write_and_record(con) -> T:
        out = write(con)
        record_load(con, target, settled or fingerprint, run_id)
        return out

    return True, write_checked(path, write_and_record, run_id)


def write_checked(path: Path, write: Callable[[object], T], run_id: str | None = None) -> T:
    """``write(con)`` in one warehouse transaction with the integrity bookkeeping of every load: the
    warehouse rebuilt first if its tables do not match their record, and the record of what ``write``
    wrote kept in the same transaction."""
    integrity.check_not_lost(path, run_id)
    with warehouse.writing(path) as con:
        found = integrity.rebuild_if_untrusted(con, live=path)  # under the lock: the version opened
        if found:
            log.warning(
                "%s: the tables do not match what the loads recorded (%s); rebuilding it from the inputs",
                path,
                "; ".join(found[:5]),
            )
        out = write(con)
        integrity.record(con, written_only=True)
    integrity.mark_written(path, run_id)
    return out


def name_inputs(quarantine: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Quarantine rows name their input file (the source's path under data/) rather than its id."""
    paths = sources.select("source_id", pl.col("path").alias("_path")).unique("source_id")
    return (
        quarantine.join(paths, on="source_id", how="left")
        .with_columns(pl.coalesce("_path", "input_name").alias("input_name"))
        .drop("_path")
    )


def concat_staged(parts: list[Staged]) -> Staged:
    tables: dict[str, list[pl.DataFrame]] = {}
    scope: dict[str, list[pl.DataFrame]] = {}
    for p in parts:
        for name, df in p.tables.items():
            tables.setdefault(name, []).append(df)
        for name, df in p.scope.items():
            scope.setdefault(name, []).append(df)
    return Staged(
        tables={k: pl.concat(v, how="vertical") for k, v in tables.items()},
        quarantine=pl.concat([p.quarantine for p in parts], how="vertical"),
        scope={k: pl.concat(v, how="vertical").unique() for k, v in scope.items()},
        quarantine_inputs=[k for p in parts for k in p.quarantine_inputs],
    )


def load_staged(con, staged: Staged) -> dict[str, int]:
    """Write one staged input inside the caller's transaction; returns rows inserted per table."""
    inserted = {}
    for table, keys in staged.assumed.items():
        integrity.check_assumed(con, table, keys)
    for table, df in staged.tables.items():
        key = REPLACE_KEYS[table]
        keys = df.select(key)
        if table in staged.scope:
            keys = pl.concat([keys, staged.scope[table].select(key)], how="vertical")
        inserted[table] = warehouse.replace_noted(con, table, model.conform(df, model.TABLES[table]), keys)
    for keys in staged.quarantine_inputs:
        warehouse.delete_matching(con, "quarantine", keys)
    q = staged.quarantine.unique(subset=["quarantine_id"], keep="first", maintain_order=True)
    warehouse.delete_matching(con, "quarantine", q.select("quarantine_id"))
    inserted["quarantine"] = warehouse.insert(con, "quarantine", q)
    return inserted


def load_reference(con, frames: dict[str, pl.DataFrame], tables: dict[str, str]) -> dict[str, int]:
    """Replace each reference table in full from its CSV frame (``tables``: CSV stem → table)."""
    out = {}
    for stem, table in tables.items():
        if stem in frames:
            out[table] = warehouse.replace_all(con, table, frames[stem])
    return out


def read_live(path: Path, sql_file: str) -> pl.DataFrame | None:
    """A read-only query of the live warehouse; None when no run has built it yet, or when its tables do
    not match what the loads recorded (it is rebuilt: nothing in it counts as done)."""
    if not Path(path).exists() or not integrity.is_trusted(path):
        return None
    con = warehouse.connect_read_only(path)
    try:
        return warehouse.query_frame(con, warehouse.sql_text(sql_file))
    finally:
        con.close()


def release_counts(path: Path) -> dict[str, int]:
    """Rows of the latest loaded release per provider/dataset (for the row-count band check)."""
    df = read_live(path, "internal/latest_release_counts.sql")
    return {} if df is None else dict(df.iter_rows())


def loaded_releases(path: Path) -> set[str]:
    """Release ids already loaded (a rerun of them is not held against the row-count band)."""
    df = read_live(path, "internal/loaded_releases.sql")
    return set() if df is None else set(df["release_id"])
