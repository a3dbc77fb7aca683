"""The warehouse writer: schema agrees with the model, loads are atomic, idempotent and serialized."""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import load, model
from pipelines import warehouse as wh


def _columns(con, table):
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
        ).fetchall()
    ]


def test_schema_matches_the_polars_model(tmp_path):
    with wh.writing(tmp_path / "w.duckdb") as con:
        for table, schema in model.TABLES.items():
            assert _columns(con, table) == list(schema), table


def test_schema_is_idempotent(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    wh.apply_schema(con)
    wh.apply_schema(con)
    assert "observation_latest" in {
        r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }


def test_the_schema_is_applied_once_and_again_for_what_was_dropped(tmp_path, monkeypatch):
    """A load applies the DDL only when its key changed or a table, view or macro it declares is gone:
    replacing every view and macro on each load rewrote them into the file."""
    path = tmp_path / "w.duckdb"
    applied = []
    set_aside = wh._set_aside_dropped_keys  # the first step of applying the DDL
    monkeypatch.setattr(wh, "_set_aside_dropped_keys", lambda con, texts: applied.append(1) or set_aside(con, texts))

    def views(con):
        return {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}

    with wh.writing(path):
        pass
    with wh.writing(path) as con:
        con.execute("DROP VIEW claim_readable")
    assert len(applied) == 1
    with wh.writing(path) as con:
        assert len(applied) == 2 and "claim_readable" in views(con)  # made again
        con.execute(f"CREATE OR REPLACE MACRO {wh.SCHEMA_KEY_MACRO}() AS 'another DDL'")
    with wh.writing(path):
        pass
    assert len(applied) == 3  # another key: applied in full
    with wh.writing(path):
        pass
    assert len(applied) == 3


def _source_rows(ids):
    return model.conform(
        pl.DataFrame({"source_id": ids, "kind": ["article"] * len(ids), "sha256": [i * 4 for i in ids]}), model.SOURCE
    )


def test_failed_write_leaves_the_live_file_untouched(tmp_path):
    path = tmp_path / "w.duckdb"
    with pytest.raises(RuntimeError):  # a failed first load (built aside) leaves no warehouse at all
        with wh.writing(path) as con:
            raise RuntimeError("crash in the middle of the first load")
    assert not list(tmp_path.glob("w.duckdb*"))
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with wh.writing(path) as con:
            wh.insert(con, "source", _source_rows(["b"]))
            raise RuntimeError("crash in the middle of a load")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("w.duckdb.writing-*")) and not Path(f"{path}.wal").exists()
    con = wh.connect_read_only(path)
    assert con.execute("SELECT list(source_id) FROM source").fetchall()[0][0] == ["a"]


def test_a_killed_runs_copy_and_spill_folder_are_removed_by_the_next_writer(tmp_path):
    path = tmp_path / "w.duckdb"
    (tmp_path / "w.duckdb.writing-999").write_bytes(b"half a copy")
    spill = tmp_path / "w.duckdb.writing-999.tmp"  # DuckDB's temp folder of the killed run's copy
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"spilled")
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    assert not list(tmp_path.glob("w.duckdb.writing-*"))
    assert wh.connect_read_only(path).execute("SELECT count(*) FROM source").fetchall()[0][0] == 1


def test_a_load_writes_the_live_file_in_place_without_copying_it(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    with wh.writing(path) as con:  # the first load builds the file aside and renames it
        wh.insert(con, "source", _source_rows(["a"]))
    inode = path.stat().st_ino

    def no_copy(*args, **kwargs):
        raise AssertionError(f"a load copied the warehouse: {args}")

    monkeypatch.setattr(wh.shutil, "copyfile", no_copy)
    for ids in (["b"], ["c", "d"]):
        with wh.writing(path) as con:
            wh.insert(con, "source", _source_rows(ids))
    assert path.stat().st_ino == inode
    assert not list(tmp_path.glob("w.duckdb.writing-*")) and not Path(f"{path}.wal").exists()
    con = wh.connect_read_only(path)
    assert con.execute("SELECT count(*) FROM source").fetchall()[0][0] == 4
    con.close()


_READER = """
import sys, time
from pipelines import warehouse as wh
con = wh.connect_read_only(sys.argv[1])
print(con.execute("SELECT count(*) FROM source").fetchall()[0][0], flush=True)
if len(sys.argv) > 2:  # hold the file open
    time.sleep(float(sys.argv[2]))
"""


def _reader(path, *hold):
    return subprocess.Popen(
        [sys.executable, "-c", _READER, str(path), *hold], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_reader_waits_for_a_load_in_place_and_then_sees_all_of_it(tmp_path):
    path = tmp_path / "w.duckdb"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["b"]))
        reader = _reader(path)  # DuckDB's lock keeps it out while the load writes
        time.sleep(6)  # long enough for it to start and wait over a second, on a slow machine too
        assert reader.poll() is None, reader.communicate()
        wh.insert(con, "source", _source_rows(["c"]))
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err[-2000:]
    assert out.strip() == "3"
    assert "a load is writing it; waiting for its commit" in err  # one line, on stderr


def test_a_reader_holding_the_file_keeps_its_snapshot_and_the_load_swaps_a_copy_in(tmp_path, monkeypatch):
    """A reader left open (a notebook, a DuckDB shell) does not stop the loads: after READERS_WAIT_S the load
    writes a copy and swaps it in, and the reader keeps the file it opened."""
    monkeypatch.setattr(wh, "READERS_WAIT_S", 0.5)
    path = tmp_path / "w.duckdb"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    inode = path.stat().st_ino
    holder = _reader(path, "30")  # another process
    assert holder.stdout.readline().strip() == "1"
    in_process = wh.connect_read_only(path)  # and one in this process
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["b"]))
    assert path.stat().st_ino != inode
    assert in_process.execute("SELECT count(*) FROM source").fetchall()[0][0] == 1
    holder.kill()
    holder.wait()
    # DuckDB shares one database instance per path inside a process, so a new reader is another process.
    out, err = _reader(path).communicate(timeout=60)
    assert out.strip() == "2", err[-2000:]
    in_process.close()


def test_replace_by_key_is_idempotent(tmp_path):
    path = tmp_path / "w.duckdb"
    staged = load.Staged(tables={"source": _source_rows(["a", "b"])})
    hashes = []
    for _ in range(3):
        with wh.writing(path) as con:
            load.load_staged(con, staged)
            hashes.append(wh.content_hashes(con))
    assert hashes[0] == hashes[1] == hashes[2]
    assert hashes[0]["source"].startswith("2:")


def test_scope_removes_rows_an_input_no_longer_brings(tmp_path):
    path = tmp_path / "w.duckdb"
    claim = model.conform(
        pl.DataFrame(
            {
                "claim_id": ["c1"],
                "source_id": ["a"],
                "indicator": ["investment"],
                "measure": ["level"],
                "value": [1.0],
                "unit": ["USD"],
                "qualifier": ["exact"],
                "record": [False],
                "quote": ["q"],
                "quote_start": [0],
                "start": [0],
                "end": [1],
            }
        ),
        model.CLAIM,
    )
    with wh.writing(path) as con:
        load.load_staged(con, load.Staged(tables={"claim": claim}))
    with wh.writing(path) as con:
        load.load_staged(
            con, load.Staged(tables={"claim": claim.clear()}, scope={"claim": pl.DataFrame({"source_id": ["a"]})})
        )
        assert con.execute("SELECT count(*) FROM claim").fetchall()[0][0] == 0


def _append_rows(path: str, prefix: str, n: int) -> None:
    for i in range(n):
        with wh.writing(Path(path)) as con:
            wh.insert(con, "source", _source_rows([f"{prefix}{i}"]))


def test_overlapping_writers_serialize(tmp_path):
    path = tmp_path / "w.duckdb"
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_append_rows, args=(str(path), p, 5)) for p in ("x", "y")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    con = wh.connect_read_only(path)
    assert con.execute("SELECT count(DISTINCT source_id) FROM source").fetchall()[0][0] == 10


def test_content_hash_sees_a_changed_value(tmp_path):
    path = tmp_path / "w.duckdb"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
        before = wh.content_hashes(con)["source"]
        con.execute("UPDATE source SET title = 'changed'")
        assert wh.content_hashes(con)["source"] != before


def test_a_primary_key_the_schema_dropped_is_dropped_with_the_rows_kept(tmp_path):
    """quarantine had a PRIMARY KEY until its index was found to triple a bulk file's refusal cost: a
    warehouse built then is rebuilt without it on its next write, its rows and content hash unchanged."""
    path = tmp_path / "w.duckdb"
    with wh.writing(path) as con:
        con.execute(f"DROP MACRO {wh.SCHEMA_KEY_MACRO}")  # built before today's DDL
        con.execute("DROP TABLE quarantine")
        con.execute(
            "CREATE TABLE quarantine (quarantine_id VARCHAR PRIMARY KEY, dataset VARCHAR NOT NULL, "
            "input_name VARCHAR NOT NULL, source_id VARCHAR, check_name VARCHAR NOT NULL, reason VARCHAR NOT NULL, "
            "record VARCHAR)"
        )
        con.execute(
            "INSERT INTO quarantine VALUES ('q1', 'd', 'in', NULL, 'c', 'why', 'r1'), "
            "('q2', 'd', 'in', 's', 'c', 'why', NULL)"
        )
        before = wh.content_hashes(con, ["quarantine"])

    def keys(con):
        return con.execute(
            "SELECT count(*) FROM duckdb_constraints() "
            "WHERE table_name = 'quarantine' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()[0][0]

    con = duckdb.connect(str(path), read_only=True)
    assert keys(con) == 1
    con.close()
    with wh.writing(path) as con:
        assert keys(con) == 0
        assert wh.content_hashes(con, ["quarantine"]) == before
        assert not [t for t in wh.base_tables(con) if t.startswith("_corridor")]
    with pytest.raises(duckdb.ConstraintException):  # the declared NOT NULLs came back with the table
        with wh.writing(path) as con:
            con.execute("INSERT INTO quarantine VALUES (NULL, 'd', 'in', NULL, 'c', 'why', NULL)")


def test_every_table_of_the_schema_is_seen_by_the_key_migration():
    """The migration reads each CREATE TABLE of sql/schema: one it failed to parse would keep a dropped key."""
    texts = [path.read_text(encoding="utf-8") for path in wh.sql_files("schema")]
    declared = sum(text.upper().count("CREATE TABLE") for text in texts)
    assert sum(len(wh._TABLE_DDL.findall(text)) for text in texts) == declared


def test_a_query_read_only_as_far_as_its_limit_keeps_its_order():
    con = duckdb.connect()
    assert wh.query_frame(con, "SELECT i FROM range(100) t(i) ORDER BY i DESC", limit=3)["i"].to_list() == [99, 98, 97]
    assert wh.query_frame(con, "SELECT i FROM range(5) t(i)").height == 5
