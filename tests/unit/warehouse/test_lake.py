"""The warehouse as a DuckLake: its maintenance (merged files, the rows kept) and the DuckDB CLI on it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from pipelines import model
from pipelines import warehouse as wh
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.warehouse import warehouse_maintenance
from pipelines.readonly import check_reading, connect_locked
from tests.helpers.corridor import PROJECT, run_corridor


def _source_rows(ids):
    return model.conform(
        pl.DataFrame({"source_id": ids, "kind": ["article"] * len(ids), "sha256": [i * 4 for i in ids]}), model.SOURCE
    )


@pytest.fixture
def small_lake(tmp_path):
    path = tmp_path / "data" / "warehouse.ducklake"
    with wh.writing(path) as con:
        wh.insert(con, "source", _source_rows(["a", "b"]))
    return path


def _loads(path, n_loads: int, rows: int = 20) -> None:
    """``n_loads`` loads of ``rows`` sources each: more rows than DuckLake keeps in its catalog, so each
    load writes a Parquet file of its own."""
    for i in range(n_loads):
        ids = [f"s{i}-{j}" for j in range(rows)]
        frame = pl.DataFrame({"source_id": ids, "kind": ["article"] * rows, "sha256": [x * 4 for x in ids]})
        with wh.writing(path) as con:
            wh.insert(con, "source", model.conform(frame, model.SOURCE))


def _files(path) -> tuple[int, int]:
    con = wh.connect_read_only(path)
    try:
        return con.execute(wh.sql_text("internal/lake_files.sql")).fetchall()[0]
    finally:
        con.close()


def test_compaction_merges_the_files_loads_leave_and_keeps_every_row_and_snapshot(tmp_path):
    path = tmp_path / "w.ducklake"
    _loads(path, 12)
    con = wh.connect_read_only(path)
    before = wh.content_hashes(con, ["source"])
    early = con.execute("SELECT min(snapshot_id) + 3 FROM ducklake_snapshots('corridor')").fetchall()[0][0]
    early_rows = con.execute(f"SELECT count(*) FROM source AT (VERSION => {early})").fetchall()[0][0]
    con.close()
    data_before, _ = _files(path)
    assert data_before >= 12

    out = wh.compact(path)
    assert out["data_files_before"] == data_before and out["data_files_after"] < data_before
    con = wh.connect_read_only(path)
    try:
        assert wh.content_hashes(con, ["source"]) == before
        # snapshots younger than the retention stay readable (time travel) after the files were merged
        assert con.execute(f"SELECT count(*) FROM source AT (VERSION => {early})").fetchall()[0][0] == early_rows
    finally:
        con.close()


def test_the_maintenance_job_compacts_the_warehouse_in_process(tmp_path):
    path = tmp_path / "w.ducklake"
    _loads(path, 6)
    data_before, _ = _files(path)
    result = warehouse_maintenance.execute_in_process(resources={"warehouse": WarehouseResource(path=str(path))})
    assert result.success
    assert _files(path)[0] < data_before


def test_corridor_shell_opens_the_lake_read_only_in_the_duckdb_cli(tmp_path):
    path = tmp_path / "w.ducklake"
    _loads(path, 2)
    env = {"CORRIDOR_WAREHOUSE": str(path)}
    out = run_corridor(["shell", "--", "-csv", "-c", "SELECT count(*) AS n FROM source"], env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["n", "40"]
    out = run_corridor(["shell", "--", "-c", "DELETE FROM source"], env, timeout=120)
    assert "read-only" in (out.stdout + out.stderr).lower()
    con = wh.connect_read_only(path)
    assert con.execute("SELECT count(*) FROM source").fetchall()[0][0] == 40
    con.close()
    missing = run_corridor(["shell"], {"CORRIDOR_WAREHOUSE": str(tmp_path / "none.ducklake")}, timeout=120)
    assert missing.returncode == 2 and missing.stderr.strip().startswith("corridor shell: ")


def test_a_copy_holds_what_the_warehouse_held_and_lives_apart(tmp_path):
    path, copy = tmp_path / "w.ducklake", tmp_path / "backup" / "w.ducklake"
    copy.parent.mkdir()
    _loads(path, 3)
    wh.copy_warehouse(path, copy)

    def hashes(p):
        con = wh.connect_read_only(p)
        try:
            return wh.content_hashes(con, ["source"])
        finally:
            con.close()

    assert hashes(copy) == hashes(path) and hashes(path)["source"].startswith("60:")
    _loads(copy, 1)  # a load into the copy writes new files, never the shared (linked) ones
    _loads(path, 4)
    assert hashes(path)["source"].startswith("140:") and hashes(copy)["source"].startswith("80:")


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


def test_a_query_cannot_attach_the_warehouse_again_or_read_other_sqlite_files(small_lake):
    # The lake's catalog is a SQLite file, and the SQLite extension opens files past enable_external_access:
    # corridor query's statement check refuses an ATTACH, and any call of a sqlite_ function, even in a SELECT.
    lake = f"ducklake:sqlite:{small_lake}"
    con = connect_locked(small_lake)
    try:
        for sql in (
            f"ATTACH '{lake}' AS again",
            f"SELECT * FROM sqlite_scan('{small_lake}', 'ducklake_table')",
            f"SELECT 1 WHERE EXISTS (SELECT * FROM \"SQLITE_QUERY\"('{small_lake}', 'SELECT 1'))",
            f"EXPLAIN ANALYZE SELECT * FROM sqlite_scan('{small_lake}', 'ducklake_table')",
        ):
            with pytest.raises(PermissionError):
                check_reading(con, sql)
        check_reading(con, "SELECT count(*) FROM source; EXPLAIN SELECT 1; PRAGMA version")
    finally:
        con.close()
    con = connect_locked(small_lake)
    try:
        with pytest.raises(duckdb.Error, match="(?i)read-only"):
            con.execute("DELETE FROM source")
    finally:
        con.close()


@pytest.mark.slow
def test_the_pipeline_builds_the_same_warehouse_on_a_lake_as_on_a_file(tmp_path):
    """The seed data through `corridor run` into a DuckDB file and into a lake: every table holds the same rows."""
    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    hashes = {}
    for name in ("w.duckdb", "w.ducklake"):
        env = {
            "CORRIDOR_DATA": str(data),
            "CORRIDOR_WAREHOUSE": str(tmp_path / name),
            "DAGSTER_HOME": str(tmp_path / f"home_{name}"),
            "CORRIDOR_REPORTS": str(tmp_path / f"reports_{name}"),
        }
        out = run_corridor(["run"], env)
        assert out.returncode == 0, out.stderr[-2000:]
        con = wh.connect_read_only(tmp_path / name)
        try:
            hashes[name] = wh.content_hashes(con)
        finally:
            con.close()
    assert hashes["w.duckdb"] == hashes["w.ducklake"]
    assert hashes["w.duckdb"]["claim_check"].split(":")[0] != "0"
