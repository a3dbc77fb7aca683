"""Is the warehouse the one the loads left? Bookkeeping that is checked, not trusted.

``load_state`` says what each load last wrote, so a run whose inputs have not changed writes nothing.
That is only true while nobody else changed the tables. Every load therefore also records, in its own
transaction, each table's row count and content hash (``table_state``); before work is skipped on the
word of ``load_state``, the tables are compared with that record. A warehouse that does not match was
changed behind the loads' back (a DuckDB shell, a hand edit, a restored backup): it is not trusted.
The next load rebuilds it from the inputs, in one transaction: every table emptied, every load then
finds no fingerprint and writes again, and incremental readers (the articles already extracted) see
an empty warehouse and redo everything.

A run that loses its warehouse half-way (the file deleted between two loads) must not end with a
warehouse holding only the loads after the loss (e.g. no reference tables, because their load was a
no-op on the lost file): each load, written or skipped, records its run in a marker beside the file,
and a load of the same run that finds the file gone fails with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines import warehouse

BOOKKEEPING_TABLES = ("load_state", "table_state")
# Set (to anything) to check, at every load, that the tables it named as written are all it changed.
VERIFY_WRITES = "CORRIDOR_VERIFY_WRITES"
FULL_HASH_MAX_ROWS = 2_000_000
# (device, inode, size, mtime) of a file already checked in this process → its verdict.
_checked: dict[tuple, bool] = {}


class WarehouseLost(RuntimeError):
    """The warehouse file this run already wrote to is gone."""


def file_version(path: Path) -> tuple | None:
    """A file's path, device, inode, size and modification time, and its DuckDB write-ahead log's size and
    time (None if the file is not there): a load writes the file in place (its size or time changes) or
    swaps in a new one, and any other edit changes its time or leaves a log (a session that ended without
    a checkpoint), so this names one version."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    try:
        wal = os.stat(f"{path}.wal")
        log = (wal.st_size, wal.st_mtime_ns)
    except OSError:
        log = None
    return (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, log)


def table_states(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, str]:
    """Each table's ``rows:hash``; a table over ``FULL_HASH_MAX_ROWS`` rows is recorded by its row count
    alone (``rows:count-only``): hashing tens of millions of bulk rows after every load would cost more
    than the load."""
    union = " UNION ALL ".join(f'SELECT {i}, count(*) FROM "{t}"' for i, t in enumerate(tables))
    counts = {tables[i]: n for i, n in (con.execute(union).fetchall() if tables else [])}
    small = [t for t in tables if counts[t] <= FULL_HASH_MAX_ROWS]
    out = warehouse.content_hashes(con, small)
    return {t: out.get(t, f"{counts[t]}:count-only") for t in tables}


def _recorded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The record the loads keep (``table_state``): each table's ``rows:hash`` ({} if there is none yet)."""
    if "table_state" not in warehouse.base_tables(con):
        return {}
    return dict(con.execute("SELECT table_name, content_hash FROM table_state").fetchall())


def recorded_hashes(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, str]:
    """Each table's content hash (``warehouse.content_hashes``) as the loads recorded it, outside a load: a
    table recorded by its row count alone, or not at all, is hashed. The record is the tables' content on a
    warehouse that matches it (``is_trusted``); on one that does not, the next load rebuilds everything
    anyway. Reading it costs a millisecond where hashing the marts' inputs cost 0.1-0.2 s at 10,000 articles."""
    recorded = _recorded(con)
    known = {t: recorded[t] for t in tables if t in recorded and not recorded[t].endswith(":count-only")}
    return {**known, **warehouse.content_hashes(con, [t for t in tables if t not in known])}


def mismatches(con: duckdb.DuckDBPyConnection) -> list[str]:
    """How the tables differ from what the last load recorded ([] if they match or nothing was loaded)."""
    tables = warehouse.base_tables(con)
    recorded = _recorded(con)
    if not recorded:
        loaded = "load_state" in tables and con.execute("SELECT count(*) FROM load_state").fetchall()[0][0]
        # nothing loaded yet: nothing to verify; loads recorded without table states: a warehouse built
        # before loads were verified, or one whose record was emptied
        return ["loads are recorded but no table states"] if loaded else []
    now = table_states(con, [t for t in tables if t not in BOOKKEEPING_TABLES])
    out = [
        f"{t}: {recorded[t].split(':')[0]} rows recorded, {now[t].split(':')[0]} now"
        if t in recorded and recorded[t].split(":")[0] != now[t].split(":")[0]
        else f"{t}: content changed"
        for t in now
        if recorded.get(t) != now[t]
    ]
    out += [f"{t}: table dropped" for t in recorded if t not in now]
    return out


def is_trusted(path: Path) -> bool:
    """True when the live warehouse matches its record (or does not exist); checked once per file version."""
    key = file_version(path)
    if key is None:
        return True
    if key not in _checked and _read_marker(_marker(path, "verified")) == repr(key):  # another process's load
        _checked[key] = True
    if key not in _checked:
        con = warehouse.connect_read_only(path)
        try:
            _checked[key] = not mismatches(con)
        finally:
            con.close()
    return _checked[key]


class UndeclaredWrite(RuntimeError):
    """A load changed a table it did not name (``warehouse.mark_written``): raised only when verifying."""


def record(con: duckdb.DuckDBPyConnection, written_only: bool = False) -> None:
    """Record each table's count and content hash (inside the load's transaction, after its writes): every
    table's, or (``written_only``) those of the tables the load named as written and of tables with no
    record yet, the others' records being kept. A load then costs what it writes, not what the warehouse
    holds (hashing every table after a one-article load took as long as the load). The kept records are
    right because the load started from a warehouse that matched them (``rebuild_if_untrusted``); for
    the same reason a table the load changed by rows it noted (``warehouse.note_rows``) is recorded as its
    record moved by those rows. With ``VERIFY_WRITES`` set (the tests), the other tables are hashed too and
    a changed one, or one whose noted rows do not add up, raises ``UndeclaredWrite``."""
    tables = [t for t in warehouse.base_tables(con) if t not in BOOKKEEPING_TABLES]
    recorded = _recorded(con)
    moved: dict[str, str] = {}
    if written_only:
        written = warehouse.written_tables(con)
        todo = [t for t in tables if t in written or t not in recorded]
        for t, change in warehouse.row_changes(con).items():
            if t in tables and t not in todo:
                now = _moved(recorded[t], change)
                if now is None:
                    todo.append(t)
                else:
                    moved[t] = now
    else:
        todo = tables
    hashes = {**table_states(con, todo), **moved}
    if written_only and os.environ.get(VERIFY_WRITES):
        kept = table_states(con, [t for t in tables if t not in todo])
        changed = sorted(t for t, h in kept.items() if moved.get(t, recorded.get(t)) != h)
        if changed:
            raise UndeclaredWrite(
                f"this load changed {', '.join(changed)} without naming it (warehouse.mark_written) or beyond "
                "the rows it noted (warehouse.note_rows): its integrity record would be stale"
            )
    con.execute(
        "DELETE FROM table_state WHERE list_contains(?::VARCHAR[], table_name) "
        "OR NOT list_contains(?::VARCHAR[], table_name)",
        [list(hashes), tables],
    )
    if hashes:
        con.executemany(
            "INSERT INTO table_state VALUES (?, ?, ?, now())", [(t, int(h.split(":")[0]), h) for t, h in hashes.items()]
        )


def _moved(recorded: str, change: tuple[int, int]) -> str | None:
    """A table's record (``rows:hash``) moved by noted rows; None when the record holds no hash to move (a
    table recorded by its count alone) or the table would grow past ``FULL_HASH_MAX_ROWS``."""
    rows, digest = recorded.split(":")
    if digest == "count-only" or int(rows) + change[0] > FULL_HASH_MAX_ROWS:
        return None
    return f"{int(rows) + change[0]}:{int(digest) + change[1]}"


def verified(path: Path) -> bool:
    """The live file is a version this process has already found to match its record (checked, or just
    written by a load): a load that opens it (or a copy of it) under the writer's lock needs no second check."""
    return _checked.get(file_version(path)) is True


def rebuild_if_untrusted(con: duckdb.DuckDBPyConnection, live: Path | None = None) -> list[str]:
    """Inside a load's transaction: if the tables do not match their record, empty every table (the
    warehouse is rebuilt from the inputs by this and the following loads). Returns what did not match.
    ``live``: the live file the load opened (or copied); when this process already verified that version,
    the tables are not hashed again."""
    if live is not None and verified(live):
        return []
    found = mismatches(con)
    if found:
        for t in warehouse.base_tables(con):
            con.execute(f'DELETE FROM "{t}"')
        warehouse.mark_written(con, *warehouse.base_tables(con))
    return found


def _marker(path: Path, kind: str) -> Path:
    """A marker file beside the warehouse: ``last-run`` (the run that last relied on it) or ``verified``
    (the file version the last load wrote)."""
    return Path(path).with_name(f".{Path(path).name}.{kind}")


def _read_marker(marker: Path) -> str | None:
    try:
        return marker.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _write_marker(marker: Path, text: str) -> None:
    tmp = marker.with_name(f"{marker.name}.{os.getpid()}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, marker)


def check_not_lost(path: Path, run_id: str | None) -> None:
    """Before a load of run ``run_id``: fail if this run already relied on the warehouse and the file is gone."""
    if not run_id or Path(path).exists():
        return
    if _read_marker(_marker(path, "last-run")) == run_id:
        raise WarehouseLost(
            f"{path} was removed during run {run_id}, after this run had loaded into it or found "
            "its loads already there; "
            "the loads after that would leave it incomplete. Run again to rebuild it"
        )


def mark_used(path: Path, run_id: str | None) -> None:
    """A load of run ``run_id`` relied on the live file: it wrote it, or skipped work the file holds (a
    no-op load of reference data is as lost as a written one if the file goes)."""
    if not run_id:
        return
    marker = _marker(path, "last-run")
    if _read_marker(marker) != run_id:
        _write_marker(marker, run_id)


def mark_written(path: Path, run_id: str | None) -> None:
    """After a load of run ``run_id`` is in the live file: the load just recorded its tables' states, so
    this version is trusted, in this process and (by a marker naming the version) in the next one, which
    then need not hash every table to know it (0.3-0.5 s at 10,000 articles). Any later change to the
    file, in place or through a write-ahead log, is another version, checked in full."""
    key = file_version(path)
    if key is not None:
        _checked[key] = True
        _write_marker(_marker(path, "verified"), repr(key))
    mark_used(path, run_id)


def check_assumed(con: duckdb.DuckDBPyConnection, table: str, assumed) -> None:
    """Inside a load: fail if rows this input took as already loaded (key columns of ``table``, a Polars
    frame) are not there, i.e. the warehouse was removed or changed after the input was planned."""
    if assumed is None or assumed.height == 0:
        return
    con.register("_corridor_assumed", assumed.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in assumed.columns)
        missing = con.execute(
            f'SELECT count(*) FROM (SELECT {cols} FROM _corridor_assumed EXCEPT SELECT {cols} FROM "{table}")'
        ).fetchall()[0][0]
    finally:
        con.unregister("_corridor_assumed")
    if missing:
        raise WarehouseLost(
            f"{missing} of the {assumed.height} {table} rows this run took as already loaded are not "
            "in the warehouse (it was removed, rebuilt or changed during the run); run again"
        )
