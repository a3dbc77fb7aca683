"""The warehouse writer: schema agrees with the model, loads are atomic, idempotent and serialized."""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
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
    with wh.writing(tmp_path / "w.ducklake") as con:
        for table, schema in model.TABLES.items():
            assert _columns(con, table) == list(schema), table


def test_schema_is_idempotent(tmp_path):
    con = wh.connect(tmp_path / "x.ducklake")
    wh.apply_schema(con)
    wh.apply_schema(con)
    assert "observation_latest" in {
        r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }


def _source_rows(ids):
    return model.conform(
        pl.DataFrame({"source_id": ids, "kind": ["article"] * len(ids), "sha256": [i * 4 for i in ids]}), model.SOURCE
    )


def test_failed_write_leaves_the_live_file_untouched(tmp_path):
    path = tmp_path / "w.ducklake"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with wh.writing(path) as con:
            wh.insert(con, "source", _source_rows(["b"]))
            raise RuntimeError("crash in the middle of a load")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".w.ducklake.new-*"))
    con = wh.connect_read_only(path)
    assert con.execute("SELECT list(source_id) FROM source").fetchall()[0][0] == ["a"]


def test_a_failed_first_load_leaves_no_warehouse_and_a_killed_ones_catalog_goes(tmp_path):
    path = tmp_path / "w.ducklake"
    with pytest.raises(RuntimeError, match="boom"):
        with wh.writing(path) as con:
            wh.insert(con, "source", _source_rows(["a"]))
            raise RuntimeError("boom")
    assert not path.exists() and not list(tmp_path.glob(".w.ducklake.new-*"))
    (tmp_path / ".w.ducklake.new-999").write_bytes(b"the catalog of a first load killed before its commit")
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    assert not list(tmp_path.glob(".w.ducklake.new-*"))
    assert wh.connect_read_only(path).execute("SELECT count(*) FROM source").fetchall()[0][0] == 1


def test_a_reader_keeps_its_snapshot_while_a_writer_commits_and_blocks_no_load(tmp_path):
    """No load copies the warehouse: a reader in another process holds its connection (and a transaction)
    open through a load, keeps reading its snapshot, and sees the load once it starts a new transaction."""
    path = tmp_path / "w.ducklake"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pipelines import warehouse as wh; con = wh.connect_read_only(sys.argv[1]); "
            "con.execute('BEGIN'); n = lambda: con.execute('SELECT count(*) FROM source').fetchall()[0][0]; "
            "print(n(), flush=True); sys.stdin.readline(); print(n(), flush=True); con.execute('COMMIT'); "
            "print(n(), flush=True)",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        files = {p.name for p in path.parent.iterdir()}
        with wh.writing(path, timeout_s=30) as con:
            wh.insert(con, "source", _source_rows(["b"]))
        assert {p.name for p in path.parent.iterdir()} == files  # nothing copied or swapped beside the catalog
        out, _ = reader.communicate("\n", timeout=60)
    finally:
        reader.kill()
    assert out.split() == ["1", "2"]
    assert wh.connect_read_only(path).execute("SELECT count(*) FROM source").fetchall()[0][0] == 2


def test_replace_by_key_is_idempotent(tmp_path):
    path = tmp_path / "w.ducklake"
    staged = load.Staged(tables={"source": _source_rows(["a", "b"])})
    hashes = []
    for _ in range(3):
        with wh.writing(path) as con:
            load.load_staged(con, staged)
            hashes.append(wh.content_hashes(con))
    assert hashes[0] == hashes[1] == hashes[2]
    assert hashes[0]["source"].startswith("2:")


def test_scope_removes_rows_an_input_no_longer_brings(tmp_path):
    path = tmp_path / "w.ducklake"
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
    path = tmp_path / "w.ducklake"
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
    path = tmp_path / "w.ducklake"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a"]))
        before = wh.content_hashes(con)["source"]
        con.execute("UPDATE source SET title = 'changed'")
        assert wh.content_hashes(con)["source"] != before


def test_the_schema_is_applied_once_and_again_for_what_was_dropped(tmp_path):
    """Each DDL statement is a change to the lake's catalog: a write after the first applies none (no new
    snapshot), unless a table, view or macro the DDL declares is gone."""
    path = tmp_path / "w.ducklake"
    with wh.writing(path):
        pass

    def snapshots():
        con = wh.connect_read_only(path)
        try:
            return con.execute("SELECT count(*) FROM ducklake_snapshots('corridor')").fetchall()[0][0]
        finally:
            con.close()

    before = snapshots()
    with wh.writing(path):
        pass
    assert snapshots() == before
    con = wh.connect(path)
    con.execute("DROP VIEW claim_readable")
    con.close()
    with wh.writing(path) as con:
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'claim_readable'").fetchall() == [
            (1,)
        ]


def test_a_query_read_only_as_far_as_its_limit_keeps_its_order():
    con = duckdb.connect()
    assert wh.query_frame(con, "SELECT i FROM range(100) t(i) ORDER BY i DESC", limit=3)["i"].to_list() == [99, 98, 97]
    assert wh.query_frame(con, "SELECT i FROM range(5) t(i)").height == 5
