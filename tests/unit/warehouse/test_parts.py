"""Big facts in Parquet parts beside the DuckDB file: loads never rewrite them, readers of an older file keep
reading, a failed load leaves nothing registered, and a warehouse built before parts is migrated."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import duckdb
import pytest

from pipelines import integrity, load
from pipelines import warehouse as wh
from pipelines.official import bulk
from pipelines.tools import synthetic_comtrade

N = 3000
ANY = (0.0, 1e9)  # the second file is another synthetic draw: no row-count band against the first


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("parts")
    return [synthetic_comtrade.generate(root / f"synthetic_{seed}.csv", N, seed=seed) for seed in (21, 22)]


def _hashes(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return wh.content_hashes(con)
    finally:
        con.close()


def test_commodity_rows_live_in_parts_not_in_the_duckdb_file(tmp_path, files):
    path = tmp_path / "w.duckdb"
    res = bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))
    con = wh.connect_read_only(path)
    assert con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = 'trade_commodity'"
    ).fetchall() == [("VIEW",)]
    parts = con.execute("SELECT part, n_rows FROM fact_part").fetchall()
    assert len(parts) == 1 and parts[0][1] == res.loaded == files[0].good_rows
    assert con.execute("SELECT count(*) FROM trade_commodity").fetchall()[0][0] == res.loaded
    con.close()
    folder = wh.parts_root(path) / "trade_commodity" / parts[0][0]
    assert [p.name for p in folder.iterdir()] == ["outcome=good"]  # refused and skipped rows are not kept
    # another load (of anything) writes the DuckDB file only, and the view still reads the part
    with wh.writing(path) as w:
        w.execute("SELECT 1")
    assert _hashes(path)["trade_commodity"].startswith(f"{res.loaded}:")


def test_a_reader_of_the_previous_file_keeps_reading_after_a_reload(tmp_path, files, monkeypatch):
    monkeypatch.setattr(wh, "READERS_WAIT_S", 0.2)  # the reload swaps a copy in rather than wait for the reader
    path = tmp_path / "w.duckdb"
    bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))
    reader = wh.connect_read_only(path)
    before = reader.execute("SELECT count(*), sum(value) FROM trade_commodity").fetchall()
    bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))  # the same release: a new part
    assert reader.execute("SELECT count(*), sum(value) FROM trade_commodity").fetchall() == before
    reader.close()
    con = wh.connect_read_only(path)
    assert con.execute("SELECT count(*) FROM fact_part").fetchall()[0][0] == 1
    # the replaced part stays for the grace time, so two folders are on disk
    assert len(list((wh.parts_root(path) / "trade_commodity").iterdir())) == 2


def test_a_failed_load_registers_nothing_and_its_folder_goes(tmp_path, files, monkeypatch):
    path = tmp_path / "w.duckdb"
    bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))
    before = _hashes(path)
    with pytest.raises(RuntimeError, match="crash"):
        with wh.writing(path) as con:
            bulk.load_bulk(con, files[1].path, release="r2", published=date(2025, 2, 1), band=ANY)
            raise RuntimeError("crash after the part was registered, before the commit")
    assert _hashes(path) == before
    folders = list((wh.parts_root(path) / "trade_commodity").iterdir())
    assert len(folders) == 2  # the unregistered one waits for the grace time
    monkeypatch.setattr(wh, "PART_GRACE_S", 0.0)
    with wh.writing(path):
        pass
    con = wh.connect_read_only(path)
    registered = {r[0] for r in con.execute("SELECT part FROM fact_part").fetchall()}
    assert {f.name for f in (wh.parts_root(path) / "trade_commodity").iterdir()} == registered


def test_the_cli_of_another_process_reads_the_view(tmp_path, files):
    path = tmp_path / "w.duckdb"
    res = bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "query",
            "--warehouse",
            str(path),
            "--format",
            "csv",
            "SELECT count(*) AS n FROM trade_commodity",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["n", str(res.loaded)]


def test_a_warehouse_with_the_old_commodity_table_is_migrated(tmp_path, files):
    path = tmp_path / "w.duckdb"
    bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))
    bulk.ingest(files[1].path, path, release="r2", published=date(2025, 2, 1), band=ANY)
    before = _hashes(path)
    # rebuild the file as the code before parts left it: trade_commodity a table, no fact_part
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE tc AS SELECT * FROM trade_commodity")
    con.execute("DROP VIEW trade_commodity")
    con.execute("ALTER TABLE tc RENAME TO trade_commodity")
    con.execute("DROP TABLE fact_part")
    con.close()
    for folder in (wh.parts_root(path) / "trade_commodity").iterdir():
        for f in folder.rglob("*.parquet"):
            f.unlink()
    with wh.writing(path):
        pass
    assert _hashes(path) == before
    con = wh.connect_read_only(path)
    assert con.execute("SELECT count(*) FROM fact_part").fetchall()[0][0] == 2


def test_a_moved_warehouse_reads_its_parts_after_one_write(tmp_path, files):
    old = tmp_path / "old"
    old.mkdir()
    res = bulk.ingest(files[0].path, old / "w.duckdb", release="r1", published=date(2025, 1, 1))
    new = tmp_path / "new"
    old.rename(new)
    with wh.writing(new / "w.duckdb"):
        pass
    con = wh.connect_read_only(new / "w.duckdb")
    assert con.execute("SELECT count(*) FROM trade_commodity").fetchall()[0][0] == res.loaded


def test_a_bulk_load_keeps_the_integrity_record_so_the_next_load_trusts_the_warehouse(tmp_path, files):
    """bulk.ingest loads with every load's bookkeeping (load.write_checked): the next load must not find the
    tables changed behind its back and rebuild the warehouse, which would empty fact_part."""
    path = tmp_path / "w.duckdb"
    load.write_unless_unchanged(path, "first", "f1", lambda con: con.execute("SELECT 1"))  # a record to keep
    res = bulk.ingest(files[0].path, path, release="r1", published=date(2025, 1, 1))
    con = wh.connect_read_only(path)
    try:
        assert integrity.mismatches(con) == []
    finally:
        con.close()
    integrity._checked.clear()  # as a new process: the file's version is checked, not taken on trust
    load.write_unless_unchanged(path, "next", "f2", lambda con: con.execute("SELECT 1"))
    con = wh.connect_read_only(path)
    try:
        assert con.execute("SELECT count(*), sum(n_rows) FROM fact_part").fetchall() == [(1, res.loaded)]
    finally:
        con.close()
