"""`corridor query` reads the warehouse and nothing else; first-use mistakes give one-line errors."""

from __future__ import annotations

import duckdb
import pytest

from pipelines import cli
from pipelines import warehouse as wh
from pipelines.readonly import connect_locked


@pytest.fixture
def small_warehouse(tmp_path):
    path = tmp_path / "data" / "warehouse.duckdb"
    with wh.writing(path) as con:
        con.execute(
            "INSERT INTO ref_provider (provider, name, cadence_days) VALUES ('p1', 'One', 30), ('p2', 'Two', 30)"
        )
    (tmp_path / "data" / "official").mkdir()
    (tmp_path / "data" / "official" / "keep.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("user,password\nroot,hunter2\n", encoding="utf-8")
    return path


def _rows(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM ref_provider").fetchall()[0][0]
    finally:
        con.close()


def _attack(path, *statements):
    """Run the statements in order on the locked connection; the first failure is returned."""
    con = connect_locked(path)
    try:
        for sql in statements:
            con.execute(sql)
    except duckdb.Error as exc:
        return exc
    finally:
        con.close()
    return None


def test_a_query_cannot_attach_a_scratch_file_read_write(small_warehouse, tmp_path):
    scratch = tmp_path / "scratch.duckdb"
    err = _attack(small_warehouse, f"ATTACH '{scratch}' AS s", "USE s", "CREATE TABLE s.t AS SELECT 1")
    assert err is not None and "disabled" in str(err)
    assert not scratch.exists()


def test_a_query_cannot_detach_and_reattach_the_warehouse_read_write(small_warehouse, tmp_path):
    # the attack of the issue: a second database to stand on, then the warehouse again, read-write
    err = _attack(small_warehouse, f"ATTACH '{small_warehouse}' AS again (READ_WRITE)")
    assert err is not None
    err = _attack(
        small_warehouse,
        f"ATTACH '{small_warehouse}' AS again",
        "USE again",
        "DETACH warehouse",
        f"ATTACH '{small_warehouse}' AS w2 (READ_WRITE)",
        "DELETE FROM w2.ref_provider",
    )
    assert err is not None
    err = _attack(small_warehouse, f"ATTACH '{small_warehouse}' AS again", "DELETE FROM again.ref_provider")
    assert err is not None and "read-only" in str(err)
    assert _rows(small_warehouse) == 2


def test_a_query_cannot_copy_out_or_export(small_warehouse, tmp_path):
    target = tmp_path / "data" / "official" / "keep.csv"
    assert _attack(small_warehouse, f"COPY (SELECT 'planted') TO '{target}'") is not None
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"
    planted = tmp_path / "data" / "articles" / "planted.txt"
    assert _attack(small_warehouse, f"COPY (SELECT 'x') TO '{planted}' (FORMAT csv)") is not None
    assert not planted.exists()
    assert _attack(small_warehouse, f"EXPORT DATABASE '{tmp_path / 'dump'}'") is not None
    assert not (tmp_path / "dump").exists()


@pytest.mark.parametrize(
    "reader", ["read_csv('{p}')", "read_text('{p}')", "read_blob('{p}')", "read_json('{p}')", "glob('{d}/*')"]
)
def test_a_query_cannot_read_files_outside_the_warehouse(small_warehouse, tmp_path, reader):
    sql = "SELECT * FROM " + reader.format(p=tmp_path / "secret.txt", d=tmp_path)
    err = _attack(small_warehouse, sql)
    assert err is not None and "disabled" in str(err)


@pytest.mark.parametrize(
    "sql",
    [
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "INSTALL httpfs",
        "LOAD httpfs",
        "DELETE FROM ref_provider",
        "CREATE TABLE x AS SELECT 1",
        "SET allowed_directories = ['/']",
    ],
)
def test_a_query_cannot_unlock_or_write(small_warehouse, sql):
    assert _attack(small_warehouse, sql) is not None
    assert _rows(small_warehouse) == 2


def test_corridor_query_uses_the_locked_connection(small_warehouse, tmp_path, capsys):
    code = cli.main(
        ["query", "--warehouse", str(small_warehouse), f"SELECT * FROM read_text('{tmp_path / 'secret.txt'}')"]
    )
    err = capsys.readouterr().err
    assert code == 2 and "hunter2" not in err
    assert err.count("\n") == 1 and err.startswith("corridor query: ") and "disabled" in err
    assert (
        cli.main(
            ["query", "--warehouse", str(small_warehouse), "--format", "csv", "SELECT count(*) AS n FROM ref_provider"]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["n", "2"]


def _one_line_error(capsys, argv, expect: str) -> None:
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1, captured.err
    assert expect in captured.err, captured.err


def test_query_of_a_missing_sql_file_is_one_line(small_warehouse, capsys):
    _one_line_error(capsys, ["query", "--warehouse", str(small_warehouse), "@missing.sql"], "missing.sql")


def test_extract_with_an_impossible_date_is_one_line(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Товарооборот в 2024 году составил 1,6 млрд долларов.", encoding="utf-8")
    _one_line_error(capsys, ["extract", "--published", "2025-13-01", str(article)], "2025-13-01")


def test_report_to_an_impossible_folder_is_one_line(small_warehouse, tmp_path, capsys):
    with wh.writing(small_warehouse) as con:
        con.execute("CREATE TABLE claim_verdict AS SELECT 1 AS x")
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    _one_line_error(
        capsys,
        ["report", "--warehouse", str(small_warehouse), "--out", str(blocker / "reports")],
        "cannot write the report",
    )


def test_query_of_a_file_that_is_not_a_warehouse_is_one_line(tmp_path, capsys):
    bogus = tmp_path / "w.duckdb"
    bogus.write_bytes(b"not a database at all" * 100)
    _one_line_error(capsys, ["query", "--warehouse", str(bogus), "SELECT 1"], "corridor query: ")


def test_only_reading_statements_run_even_into_the_parts_folder(tmp_path):
    """The parts folder is an allowed directory (big facts are views over it), so a COPY into it would
    pass DuckDB's switches: the statement check refuses every statement that is not a read."""
    import duckdb as _duckdb

    from pipelines import warehouse as _wh
    from pipelines.readonly import check_reading, connect_locked

    path = tmp_path / "w.duckdb"
    _duckdb.connect(str(path)).close()
    con = connect_locked(path)
    try:
        check_reading(con, "SELECT 1; EXPLAIN SELECT 1; PRAGMA version")
        parts = _wh.parts_root(path)
        for sql in (f"COPY (SELECT 1) TO '{parts}/x.parquet'", "ATTACH ':memory:' AS m", "CREATE TABLE t (a INT)"):
            with pytest.raises(PermissionError, match="read-only"):
                check_reading(con, sql)
    finally:
        con.close()
