"""The warehouse as a DuckLake: its maintenance (merged files, the rows kept) and the DuckDB CLI on it."""

from __future__ import annotations

import polars as pl

from pipelines import model
from pipelines import warehouse as wh
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.warehouse import warehouse_maintenance
from tests.helpers.corridor import run_corridor


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
