"""The DuckDB warehouse: schema, transactional loads, read-only access.

Two parts, so that a load costs what it adds:

* **The DuckDB file** (``data/warehouse.duckdb``): every table but the big facts (sources, articles,
  claims, releases, observations, quarantine, bookkeeping), tens of MiB. DuckDB allows one writing
  process per file, and while it writes, no other process can open the file, not even to read. A load
  takes an exclusive lock (serializing overlapping runs), opens the live file and writes it in place in
  one transaction, then checkpoints and closes it: no copy, so it costs what it adds. Readers
  (``connect_read_only``: ``corridor query``, the loads' own reads) that find the file held by a load
  wait for its commit, then see all of it; a process killed mid-load leaves the last commit (DuckDB's
  transaction and write-ahead log). Two cases write a private copy and swap it in with an atomic rename
  instead: the first load (no file yet, so a killed one leaves none), and readers that still hold the
  file after ``READERS_WAIT_S`` (a notebook or a DuckDB shell left open keeps its snapshot and does not
  stop the loads).
* **Big facts in Parquet parts** (``data/warehouse.duckdb.parts/<fact>/<part>/``, today
  ``trade_commodity``: 10M rows per Comtrade bulk file): each load writes a new part folder, never
  rewrites one, and registers it in ``fact_part`` inside its transaction; the fact is a view over
  the registered parts (``sql/internal/parts/``), rebuilt in that transaction. So the file (and a
  copy of it) never holds them, readers see a part once its load commits, a killed load leaves an
  unregistered folder that a later load removes, and a part replaced by a reload stays on disk for
  ``PART_GRACE_S`` so that a reader still holding a previous file can finish.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines import config
from pipelines.model import CorridorError

SCHEMA_DIRS = ("schema", "views")
# Facts kept in Parquet parts beside the DuckDB file, each a view over its parts (sql/internal/parts/<fact>.sql).
PART_FACTS = ("trade_commodity",)
# How long a part no longer registered stays on disk (a reader of a previous file may still read it).
PART_GRACE_S = 3600.0
# How long a load waits for readers to close the live file before it writes a copy and swaps it in instead.
READERS_WAIT_S = 10.0
# How long a reader waits for a load writing the live file to commit (the writer lock's own timeout).
LOAD_WAIT_S = 900.0
# DuckDB's error when another process holds the file (a writer keeps readers out, and readers a writer).
_LOCKED = "Could not set lock on file"

log = logging.getLogger(__name__)


def sql_text(relative: str) -> str:
    """The text of ``sql/<relative>``."""
    return (config.SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    return sorted((config.SQL_DIR / folder).glob("*.sql"))


_DECLARED = {
    "table": re.compile(r"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+(\w+)", re.IGNORECASE),
    "view": re.compile(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+(\w+)", re.IGNORECASE),
    "macro": re.compile(r"CREATE\s+OR\s+REPLACE\s+MACRO\s+(\w+)", re.IGNORECASE),
}
# A macro whose value is the key of the DDL last applied (see apply_schema).
SCHEMA_KEY_MACRO = "corridor_schema_key"


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the idempotent DDL of sql/schema and sql/views, in file-name order, unless the database already
    holds this DDL: its key (a hash of the texts and DuckDB's version) is what the last application left, and
    every table, view and macro the DDL declares is there (one dropped by hand is made again). Replacing
    every view and macro on each load wrote them into the file again and cost a load ~0.1 s."""
    texts = {folder: [path.read_text(encoding="utf-8") for path in sql_files(folder)] for folder in SCHEMA_DIRS}
    everything = [t for folder in SCHEMA_DIRS for t in texts[folder]]
    key = hashlib.sha256("\0".join([duckdb.__version__, *everything]).encode()).hexdigest()[:20]
    declared = {
        kind: sorted({m.group(1) for t in everything for m in rx.finditer(t)}) for kind, rx in _DECLARED.items()
    }
    if _schema_in_place(con, key, declared):
        return
    rebuilt = _set_aside_dropped_keys(con, texts["schema"])
    _drop_tables_now_views(con, texts["views"])
    for text in everything:
        con.execute(text)
    for name in rebuilt:
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{_SET_ASIDE}{name}"')
        con.execute(f'DROP TABLE "{_SET_ASIDE}{name}"')
    con.execute(f"CREATE OR REPLACE MACRO {SCHEMA_KEY_MACRO}() AS {quote(key)}")


def _schema_in_place(con: duckdb.DuckDBPyConnection, key: str, declared: dict[str, list[str]]) -> bool:
    found = con.execute(
        sql_text("internal/schema_in_place.sql"),
        {"tables": declared["table"], "views": declared["view"], "macros": [*declared["macro"], SCHEMA_KEY_MACRO]},
    ).fetchall()[0]
    if found != (len(declared["table"]), len(declared["view"]), len(declared["macro"]) + 1):
        return False
    return con.execute(f"SELECT {SCHEMA_KEY_MACRO}()").fetchall()[0][0] == key


_TABLE_DDL = re.compile(r"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+(\w+)\s*\((.*?)\n\);", re.IGNORECASE | re.DOTALL)
_SET_ASIDE = "_corridor_keyed_"


def _set_aside_dropped_keys(con: duckdb.DuckDBPyConnection, schema_texts: list[str]) -> list[str]:
    """A stored table with a primary key that sql/schema no longer declares (quarantine, until its index was
    found to triple a bulk file's refusal cost) is renamed aside, in the caller's transaction; the schema then
    creates it as declared and ``apply_schema`` moves its rows back (DuckDB cannot drop a constraint)."""
    keyed = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }
    names = [
        m.group(1)
        for text in schema_texts
        for m in _TABLE_DDL.finditer(text)
        if m.group(1) in keyed and "PRIMARY KEY" not in m.group(2).upper()
    ]
    for name in names:
        con.execute(f'ALTER TABLE "{name}" RENAME TO "{_SET_ASIDE}{name}"')
    mark_written(con, *names)
    return names


_VIEW_NAME = re.compile(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+(\w+)", re.IGNORECASE)


def _drop_tables_now_views(con: duckdb.DuckDBPyConnection, view_texts: list[str]) -> None:
    """A stored table that sql/views now declares a view (claim_official, a stored mart until it became a view)
    is dropped in the caller's transaction (DuckDB cannot replace a table by a view), and so is its row in
    table_state: a recorded table gone would read as a warehouse changed behind the loads' back."""
    views = {m.group(1) for text in view_texts for m in _VIEW_NAME.finditer(text)}
    for name in sorted(views & set(base_tables(con))):
        con.execute(f'DROP TABLE "{name}"')
        con.execute("DELETE FROM table_state WHERE table_name = ?", [name])


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


def parts_root(path: Path) -> Path:
    """Where the Parquet parts of the warehouse at ``path`` live."""
    return Path(path).resolve().with_name(f"{Path(path).name}.parts")


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def mark_written(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    """Name the tables a load writes, so that its integrity record (``pipelines.integrity.record``) hashes
    only those again, not the whole warehouse. The write helpers below name theirs; SQL that writes tables
    itself names them with this. Tests check every load's names (``integrity.VERIFY_WRITES``)."""
    con.execute(
        "SET VARIABLE corridor_written = list_distinct(list_concat("
        "coalesce(getvariable('corridor_written'), []::VARCHAR[]), ?::VARCHAR[]))",
        [list(tables)],
    )


def written_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables named by ``mark_written`` on this connection."""
    return set(con.execute("SELECT coalesce(getvariable('corridor_written'), []::VARCHAR[])").fetchall()[0][0])


_ROW_CHANGES = "_corridor_row_changes"


def note_rows(
    con: duckdb.DuckDBPyConnection,
    tables: Sequence[str],
    where: str,
    removed: bool,
    rows_in: Mapping[str, str] | None = None,
) -> None:
    """For a load that changes ``tables`` only by deleting the rows matching ``where`` and inserting rows
    that match it: note those rows' digest (content_hashes' recipe), before the delete (``removed``) and
    after the insert. The integrity record of such a table is then its recorded digest less the removed
    rows plus the added ones (row hashes add up), not a hash of the whole table: a one-article update of
    the marts no longer hashes every mart row. A table also named by ``mark_written`` is hashed in full.
    ``rows_in``: for a table whose rows matching ``where`` after the insert are exactly the rows of another
    relation (the inserted rows, kept in a temp table with the table's columns in order), that relation,
    read instead of finding them in the table."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_ROW_CHANGES} (table_name VARCHAR, n BIGINT, h HUGEINT)")
    sign = -1 if removed else 1
    rows_in = rows_in or {}
    digests = (
        f"SELECT {quote(t)}, {sign} * n, {sign} * h FROM "
        f"({_digest_sql(rows_in[t]) if t in rows_in else _digest_sql(t, where)})"
        for t in tables
    )
    con.execute(f"INSERT INTO {_ROW_CHANGES} " + " UNION ALL ".join(digests))


def row_changes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """The net (rows, hash sum) each table noted by ``note_rows`` gained on this connection."""
    if not con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [_ROW_CHANGES]
    ).fetchall()[0][0]:
        return {}
    rows = con.execute(f"SELECT table_name, sum(n), sum(h) FROM {_ROW_CHANGES} GROUP BY ALL").fetchall()
    return {t: (int(n), int(h)) for t, n, h in rows}


def connection_parts_root(con: duckdb.DuckDBPyConnection) -> Path:
    """The parts folder of the warehouse a ``writing()`` connection writes."""
    root = con.execute("SELECT getvariable('corridor_parts')").fetchall()[0][0]
    if not root:
        raise RuntimeError("this connection is not a warehouse.writing() one: it has no parts folder")
    return Path(root)


def new_part(con: duckdb.DuckDBPyConnection, fact: str, label: str) -> Path:
    """A new, empty folder for one part of ``fact`` (registered by ``register_part`` in the same load)."""
    folder = connection_parts_root(con) / fact / f"{label}-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    return folder


def register_part(
    con: duckdb.DuckDBPyConnection, fact: str, folder: Path, release_id: str, source_id: str, n_rows: int
) -> None:
    """Make a written part visible in ``fact`` when the load commits."""
    con.execute("INSERT INTO fact_part VALUES (?, ?, ?, ?, ?)", [fact, folder.name, release_id, source_id, n_rows])
    mark_written(con, "fact_part")


def retire_parts(con: duckdb.DuckDBPyConnection, fact: str, release_id: str) -> None:
    """Unregister the parts of ``release_id`` (a reload replaces them); their folders go after the grace time."""
    rows = con.execute(
        "DELETE FROM fact_part WHERE fact = ? AND release_id = ? RETURNING part", [fact, release_id]
    ).fetchall()
    mark_written(con, "fact_part")
    for (part,) in rows:
        folder = connection_parts_root(con) / fact / part
        if folder.exists():
            os.utime(folder)  # the grace time counts from now


def fill(sql: str, **literals: str) -> str:
    """``sql`` with each ``{name}`` replaced by its SQL text (literals DuckDB cannot take as parameters,
    e.g. a COPY target or a view's file list; ``str.format`` would trip on SQL's own braces)."""
    for name, text in literals.items():
        sql = sql.replace("{" + name + "}", text)
    return sql


def parquet_source(files: Sequence[Path | str]) -> str:
    """``read_parquet([...])`` of ``files`` as SQL text (plain columns: no hive partition column)."""
    return "read_parquet([" + ", ".join(quote(str(f)) for f in files) + "], hive_partitioning = false)"


def _part_files(root: Path, fact: str, part: str) -> str:
    return quote(str(root / fact / part / "outcome=good" / "*.parquet"))


def refresh_fact_views(con: duckdb.DuckDBPyConnection, facts: Sequence[str] = PART_FACTS) -> None:
    """(Re)create each part-backed fact's view over its registered parts (inside the caller's transaction)."""
    root = connection_parts_root(con)
    for fact in facts:
        if _is_base_table(con, fact):
            _migrate_to_parts(con, fact)
        branch = sql_text(f"internal/parts/{fact}_part.sql")
        rows = con.execute(
            "SELECT part, release_id, source_id FROM fact_part WHERE fact = ? ORDER BY part", [fact]
        ).fetchall()
        parts = "".join(
            "\nUNION ALL\n"
            + fill(branch, files=_part_files(root, fact, part), release_id=quote(rel), source_id=quote(src))
            for part, rel, src in rows
        )
        con.execute(fill(sql_text(f"internal/parts/{fact}.sql"), parts=parts))


def _is_base_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return (
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ?",
            [name],
        ).fetchall()[0][0]
        > 0
    )


def _migrate_to_parts(con: duckdb.DuckDBPyConnection, fact: str) -> None:
    """A warehouse built before parts holds ``fact`` as a table: its rows go to one part per release."""
    for rel, src, n in con.execute(
        f'SELECT release_id, any_value(source_id), count(*) FROM "{fact}" GROUP BY ALL ORDER BY ALL'
    ).fetchall():
        folder = new_part(con, fact, "migrated")
        (folder / "outcome=good").mkdir()
        con.execute(
            f'COPY (SELECT * EXCLUDE (release_id, source_id) FROM "{fact}" WHERE release_id = ?) '
            f"TO {quote(str(folder / 'outcome=good' / 'data_0.parquet'))} (FORMAT parquet)",
            [rel],
        )
        register_part(con, fact, folder, rel, src, n)
    con.execute(f'DROP TABLE "{fact}"')


def _registered_parts(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return {(f, p) for f, p in con.execute("SELECT fact, part FROM fact_part").fetchall()}


def _stale_fact_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The part-backed facts whose view is missing, still a table (a new or pre-parts warehouse), or names
    its parts under another folder (the warehouse was moved)."""
    views = dict(
        con.execute(
            "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
        ).fetchall()
    )
    here = quote(str(connection_parts_root(con)))[:-1]
    registered = {f for f, _ in _registered_parts(con)}
    return [f for f in PART_FACTS if f not in views or (f in registered and here not in views[f])]


def _remove_unregistered_parts(root: Path, registered: set[tuple[str, str]]) -> None:
    """Part folders no load registered (a killed load's, or replaced ones) past the grace time. Only the
    lock holder writes parts, so no load in progress is touched."""
    if not root.is_dir():
        return
    cutoff = time.time() - PART_GRACE_S
    for fact_dir in (d for d in root.iterdir() if d.is_dir()):
        for part in (p for p in fact_dir.iterdir() if p.is_dir()):
            if (fact_dir.name, part.name) not in registered and part.stat().st_mtime < cutoff:
                shutil.rmtree(part, ignore_errors=True)


def _remove_stale_copies(path: Path) -> None:
    # Only the lock holder writes copies, so any copy left while we hold the lock is from a killed run
    # (its WAL, and DuckDB's spill folder <copy>.tmp/ when a big load was killed, too).
    for stale in path.parent.glob(f"{path.name}.writing-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _held_elsewhere(exc: Exception) -> bool:
    """DuckDB refused to open the file because another process holds it (its lock), or because this process
    holds it with another configuration (a read-only connection still open while a load opens it to write)."""
    text = str(exc)
    return _LOCKED in text or "different configuration" in text


def _open_in_place(path: Path) -> duckdb.DuckDBPyConnection | None:
    """The live file opened to write; None when there is no file yet, or when readers still held it after
    ``READERS_WAIT_S`` (a notebook or a DuckDB shell left open must not stop the loads)."""
    deadline = time.monotonic() + READERS_WAIT_S
    while path.exists():
        try:
            return duckdb.connect(str(path))
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _held_elsewhere(exc):
                raise
            if time.monotonic() > deadline:
                log.warning(
                    "%s: readers held the file for over %.0fs (%s); this load writes a copy and swaps it in",
                    path,
                    READERS_WAIT_S,
                    str(exc).split(". See also")[0],
                )
                return None
            time.sleep(0.05)
    return None


def _copy_aside(path: Path) -> Path:
    """A private copy of the live file (with its write-ahead log, if a session left one) to write instead."""
    work = path.with_name(f"{path.name}.writing-{os.getpid()}")
    live_log = Path(f"{path}.wal")
    if path.exists():
        shutil.copyfile(path, work)
        if live_log.exists():  # the copy is what DuckDB would show: the file with its log replayed
            shutil.copyfile(live_log, f"{work}.wal")
    return work


def _swap_in(work: Path, path: Path) -> None:
    """Rename the written copy over the live file, durably."""
    with open(work, "rb") as fh:
        os.fsync(fh.fileno())
    # the old file's log would not open with the new file; a crash between these two leaves the old file
    # without the log's edits, which the copy already holds
    Path(f"{path}.wal").unlink(missing_ok=True)
    os.replace(work, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextmanager
def writing(path: Path, timeout_s: float = 900.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction on the warehouse: on the live file, in place, whenever no reader holds it; else (no
    file yet, or readers past ``READERS_WAIT_S``) on a private copy swapped in by rename on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path, timeout_s):
        _remove_stale_copies(path)
        con = _open_in_place(path)
        work = None if con is not None else _copy_aside(path)
        try:
            if con is None:
                con = duckdb.connect(str(work))
            con.execute("SET VARIABLE corridor_parts = ?", [str(parts_root(path))])
            con.execute("BEGIN TRANSACTION")
            apply_schema(con)
            refresh_fact_views(con, _stale_fact_views(con))
            parts_before = _registered_parts(con)
            yield con
            # views rebuilt only when the load changed the parts (binding one reads every part's footer)
            changed = {f for f, _ in parts_before ^ _registered_parts(con)}
            refresh_fact_views(con, [f for f in PART_FACTS if f in changed])
            con.execute("COMMIT")
            con.execute("CHECKPOINT")  # readers then open a file with no log to replay
            registered = _registered_parts(con)
            con.close()
            if work is not None:
                _swap_in(work, path)
            _remove_unregistered_parts(parts_root(path), registered)
        except BaseException:
            try:
                if con is not None:
                    con.close()  # an open transaction is rolled back: the live file keeps its last commit
            finally:
                if work is not None:
                    work.unlink(missing_ok=True)
                    Path(f"{work}.wal").unlink(missing_ok=True)
            raise


def connect_read_only(path: Path, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live warehouse (fails clearly if no run has built it). While a load
    writes the file in place (DuckDB's lock keeps readers out), it waits for the load's commit, up to
    ``LOAD_WAIT_S``, and then sees the whole load."""
    path = Path(path)
    start = time.monotonic()
    said = False
    while True:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no warehouse yet; build it with `corridor run`")
        try:
            return duckdb.connect(str(path), read_only=True, config=dict(config or {}))
        except duckdb.IOException as exc:
            waited = time.monotonic() - start
            if _LOCKED not in str(exc) or waited > LOAD_WAIT_S:
                raise
            if waited > 1.0 and not said:  # a one-article load's write is shorter: say why a longer one waits
                log.warning("%s: a load is writing it; waiting for its commit (up to %.0fs)", path, LOAD_WAIT_S)
                said = True
            time.sleep(0.05)


def query_frame(
    con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = None, params: dict | None = None
) -> pl.DataFrame:
    """The result of ``sql`` (with its named ``params``; its first ``limit`` rows) as a Polars frame (DuckDB 2
    hands results to Polars through relations)."""
    rel = con.sql(sql, params=params)
    if rel is None:
        return pl.DataFrame()
    return (rel if limit is None else rel.limit(limit)).pl()


def _register(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame) -> None:
    con.register(name, df.to_arrow())


def _append(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> int:
    if df.height:
        _register(con, "_corridor_rows", df)
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _corridor_rows')
        con.unregister("_corridor_rows")
    return df.height


def insert(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> int:
    """Append ``df`` to ``table`` by column name."""
    if df.height == 0:
        return 0
    mark_written(con, table)
    return _append(con, table, df)


def delete_matching(con: duckdb.DuckDBPyConnection, table: str, keys: pl.DataFrame) -> None:
    """Delete the rows of ``table`` whose key columns equal a row of ``keys``."""
    if keys.height == 0:
        return
    keys = keys.unique()
    _register(con, "_corridor_keys", keys)
    match = " AND ".join(f't."{c}" IS NOT DISTINCT FROM k."{c}"' for c in keys.columns)
    con.execute(f'DELETE FROM "{table}" t USING _corridor_keys k WHERE {match}')
    con.unregister("_corridor_keys")
    mark_written(con, table)


def replace_noted(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, keys: pl.DataFrame) -> int:
    """``delete_matching`` ``keys``, then ``insert`` ``df`` (the key of each of its rows among ``keys``), with the
    rows replaced noted (``note_rows``) instead of the table named as written: its integrity record then moves by
    those rows rather than by a hash of the whole table (one article's claims against every claim)."""
    keys = keys.unique()
    if keys.height == 0:
        return insert(con, table, df)  # no key: no row either
    _register(con, "_corridor_noted_keys", keys)
    try:
        match = " AND ".join(f'"{table}"."{c}" IS NOT DISTINCT FROM k."{c}"' for c in keys.columns)
        where = f"EXISTS (SELECT 1 FROM _corridor_noted_keys k WHERE {match})"
        note_rows(con, [table], where, removed=True)
        con.execute(f'DELETE FROM "{table}" WHERE {where}')
        inserted = _append(con, table, df)
        note_rows(con, [table], where, removed=False)
    finally:
        con.unregister("_corridor_noted_keys")
    return inserted


def replace(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, key: Sequence[str]) -> int:
    """Idempotent load: delete the rows sharing ``key`` values with ``df``, then insert ``df``."""
    delete_matching(con, table, df.select(list(key)))
    return insert(con, table, df)


def replace_all(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> int:
    con.execute(f'DELETE FROM "{table}"')
    mark_written(con, table)
    return insert(con, table, df)


def base_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def data_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The base tables and the part-backed facts (views over Parquet parts) of the warehouse."""
    views = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
        ).fetchall()
    }
    return sorted(base_tables(con) + [f for f in PART_FACTS if f in views])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in data_tables(con)}


# Tables that record how the warehouse was built, not what it holds (left out of content_hashes).
BOOKKEEPING = ("load_state", "table_state", "fact_part")


def content_hashes(con: duckdb.DuckDBPyConnection, tables: Sequence[str] | None = None) -> dict[str, str]:
    """An order-independent hash of each table's content (row count and summed row hashes); by default
    every base table but the bookkeeping ones."""
    names = list(tables) if tables is not None else [t for t in data_tables(con) if t not in BOOKKEEPING]
    if not names:
        return {}
    # one query for all tables (one per table cost more in round trips than in hashing at 10,000 articles)
    rows = con.execute(
        " UNION ALL ".join(f"SELECT {i} AS i, * FROM ({_digest_sql(t)})" for i, t in enumerate(names))
    ).fetchall()
    return {names[i]: f"{n}:{h}" for i, n, h in rows}


def _digest_sql(table: str, where: str | None = None) -> str:
    """The digest of a table's rows (all, or those matching ``where``): their count and the sum of their row
    hashes, which adds up over disjoint sets of rows. The rows matching ``where`` are found first by their
    ``rowid`` (a scan of the columns it names), so that only they are read in full."""
    sql = f'SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0) AS h FROM "{table}" t'
    return sql + (f' WHERE rowid IN (SELECT rowid FROM "{table}" WHERE {where})' if where else "")
