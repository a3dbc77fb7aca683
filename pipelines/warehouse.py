"""The DuckDB warehouse: schema, transactional copy-on-write loads, read-only access.

DuckDB allows one writing process per file and a writer cannot open a file that readers hold.
Corridor's writers therefore never write the live file: a writer takes an exclusive lock
(serializing overlapping runs), copies the live file, writes the copy inside one transaction,
checkpoints it and swaps it in with an atomic rename. Readers (``corridor query``, the DuckDB
CLI, notebooks) open the live file read-only and see either the state before or after a load,
never half of one; a process killed mid-load leaves the live file untouched.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines import config
from pipelines.model import CorridorError

SCHEMA_DIRS = ("schema", "views")


def sql_text(relative: str) -> str:
    """The text of ``sql/<relative>``."""
    return (config.SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    return sorted((config.SQL_DIR / folder).glob("*.sql"))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the idempotent DDL of sql/schema and sql/views, in file-name order."""
    for folder in SCHEMA_DIRS:
        for path in sql_files(folder):
            con.execute(path.read_text(encoding="utf-8"))


class WarehouseBusy(CorridorError, RuntimeError):
    """Another process holds the writer lock for longer than we were willing to wait."""


@contextmanager
def _writer_lock(path: Path, timeout_s: float) -> Iterator[None]:
    lock_path = path.with_name(f".{path.name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise WarehouseBusy(f"{path}: another run held the writer lock for over {timeout_s:.0f}s") from exc
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_copies(path: Path) -> None:
    # Only the lock holder writes copies, so any copy left while we hold the lock is from a killed run.
    for stale in path.parent.glob(f"{path.name}.writing-*"):
        stale.unlink(missing_ok=True)


@contextmanager
def writing(path: Path, timeout_s: float = 900.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction on a private copy of the warehouse, swapped in atomically on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path, timeout_s):
        _remove_stale_copies(path)
        work = path.with_name(f"{path.name}.writing-{os.getpid()}")
        if path.exists():
            shutil.copyfile(path, work)
        con = duckdb.connect(str(work))
        try:
            con.execute("BEGIN TRANSACTION")
            apply_schema(con)
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            with open(work, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(work, path)
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except BaseException:
            try:
                con.close()
            finally:
                work.unlink(missing_ok=True)
                Path(f"{work}.wal").unlink(missing_ok=True)
            raise


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live warehouse (fails clearly if no run has built it)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse yet; build it with `corridor run`")
    return duckdb.connect(str(path), read_only=True)


def query_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    """The result of ``sql`` as a Polars frame (DuckDB 2 hands results to Polars through relations)."""
    rel = con.sql(sql)
    return rel.pl() if rel is not None else pl.DataFrame()


def _register(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame) -> None:
    con.register(name, df.to_arrow())


def insert(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> int:
    """Append ``df`` to ``table`` by column name."""
    if df.height == 0:
        return 0
    _register(con, "_corridor_rows", df)
    con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _corridor_rows')
    con.unregister("_corridor_rows")
    return df.height


def delete_matching(con: duckdb.DuckDBPyConnection, table: str, keys: pl.DataFrame) -> None:
    """Delete the rows of ``table`` whose key columns equal a row of ``keys``."""
    if keys.height == 0:
        return
    keys = keys.unique()
    _register(con, "_corridor_keys", keys)
    match = " AND ".join(f't."{c}" IS NOT DISTINCT FROM k."{c}"' for c in keys.columns)
    con.execute(f'DELETE FROM "{table}" t USING _corridor_keys k WHERE {match}')
    con.unregister("_corridor_keys")


def replace(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, key: Sequence[str]) -> int:
    """Idempotent load: delete the rows sharing ``key`` values with ``df``, then insert ``df``."""
    delete_matching(con, table, df.select(list(key)))
    return insert(con, table, df)


def replace_all(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> int:
    con.execute(f'DELETE FROM "{table}"')
    return insert(con, table, df)


def base_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in base_tables(con)}


# Tables that record how the warehouse was built, not what it holds (left out of content_hashes).
BOOKKEEPING = ("load_state", "table_state")


def content_hashes(con: duckdb.DuckDBPyConnection, tables: Sequence[str] | None = None) -> dict[str, str]:
    """An order-independent hash of each table's content (row count and summed row hashes); by default
    every base table but the bookkeeping ones."""
    out = {}
    for t in tables if tables is not None else [t for t in base_tables(con) if t not in BOOKKEEPING]:
        n, h = con.execute(f'SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM "{t}" t').fetchall()[0]
        out[t] = f"{n}:{h}"
    return out
