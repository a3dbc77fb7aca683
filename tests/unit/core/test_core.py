"""The shared core: paths, the one quarantine id recipe (Python and SQL), the refusal base class, the one
name normalization, code dependencies declared once, and the layout rule that only pipelines/defs/
imports Dagster."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import model
from pipelines.config import PROJECT_ROOT, DataPaths
from pipelines.fingerprint import CodeDeps, code_fingerprint, module_closure
from pipelines.reference import normalize_name, normalize_name_expr


def test_data_paths_come_from_the_given_environment_only(tmp_path):
    env = {"CORRIDOR_DATA": str(tmp_path / "d"), "CORRIDOR_REPORTS": str(tmp_path / "r")}
    paths = DataPaths.from_env(env)
    assert paths.data == (tmp_path / "d").resolve() and paths.warehouse == paths.data / "warehouse.duckdb"
    assert paths.official == paths.data / "official" and paths.inbox == paths.data / "inbox"
    assert paths.data_docs == (tmp_path / "r" / "data_docs").resolve()
    assert paths.dagster_home == PROJECT_ROOT / ".dagster_home"
    assert DataPaths.from_env(paths.env()) == paths  # what a subprocess gets is what this process has
    assert paths.corpus_cache() != DataPaths.under(tmp_path / "other").corpus_cache()


def test_one_quarantine_id_recipe_in_python_and_in_the_bulk_sql():
    sql = (PROJECT_ROOT / "sql" / "internal" / "bulk" / "050_insert_quarantine.sql").read_text(encoding="utf-8")
    expr = sql[sql.index("sha256(concat_ws") : sql.index(" AS quarantine_id")]
    con = duckdb.connect()
    for dataset, name, source, record in [
        ("trade_commodity", "bulk/c/f.csv", "official:c:ab", '{"a": 1}'),
        ("bulk_file", "bulk/c/g.csv", None, None),
    ]:
        con.execute("CREATE OR REPLACE TEMP TABLE bulk_stage AS SELECT ?::VARCHAR AS record", [record])
        got = con.execute(
            f"SELECT {expr} FROM bulk_stage", {"dataset": dataset, "input_name": name, "source_id": source}
        ).fetchone()[0]
        assert got == model.quarantine_id(dataset, name, source, record)
    row = model.quarantine_row(model.DATASET_OFFICIAL_FILE, "official/x.csv", "parse", "no rows")
    assert set(row) == set(model.QUARANTINE) and row["quarantine_id"] == model.quarantine_id(
        "official_file", "official/x.csv", None, None
    )


def test_every_refusal_exception_is_a_corridor_error_and_keeps_its_old_base():
    from pipelines.articles.files import ArticleError
    from pipelines.official.bulk import BulkRefused
    from pipelines.official.errors import ManifestError, OfficialFileError
    from pipelines.official.fetch import FetchDisabled, FetchError
    from pipelines.reference import ReferenceFileError
    from pipelines.warehouse import WarehouseBusy

    for cls, old in [
        (ArticleError, ValueError),
        (OfficialFileError, ValueError),
        (ManifestError, ValueError),
        (BulkRefused, RuntimeError),
        (FetchError, RuntimeError),
        (FetchDisabled, RuntimeError),
        (WarehouseBusy, RuntimeError),
        (ReferenceFileError, ValueError),
    ]:
        assert issubclass(cls, model.CorridorError) and issubclass(cls, old), cls


def test_normalize_name_and_its_polars_twin_agree():
    names = ["  Россия ", "Кыргызская  Республика:", "ЁЖИК*¹", "Всего\u00a0по странам.", "USA"]
    expr = pl.DataFrame({"n": names}).select(normalize_name_expr("n"))["n"].to_list()
    assert (
        expr
        == [normalize_name(n) for n in names]
        == ["россия", "кыргызская республика", "ежик", "всего по странам", "usa"]
    )


def test_code_dependencies_follow_imports_and_a_missing_path_raises():
    suite = module_closure("pipelines.quality")
    assert "pipelines/model.py" in suite and "pipelines/config.py" in suite  # the drift SUITE_CODE had
    with pytest.raises(FileNotFoundError, match="does not exist"):
        code_fingerprint("pipelines/no_such_module.py")
    with pytest.raises(FileNotFoundError, match="no module"):
        CodeDeps(modules=("pipelines.no_such_module",)).fingerprint()
    assert (
        CodeDeps(modules=("pipelines.load",), sql=("sql/schema",)).fingerprint()
        != CodeDeps(modules=("pipelines.load",)).fingerprint()
    )


def test_only_the_dagster_folder_imports_dagster():
    offenders = []
    for path in sorted((PROJECT_ROOT / "pipelines").rglob("*.py")):
        rel = path.relative_to(PROJECT_ROOT).as_posix()
        if rel.startswith("pipelines/defs/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "dagster" or n.startswith(("dagster.", "dagster_")) for n in names):
                offenders.append(rel)
    assert not offenders, f"modules outside pipelines/defs/ import dagster: {sorted(set(offenders))}"


def test_the_tools_package_is_left_out_of_the_wheel():
    import tomllib

    wheel = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "pipelines/tools" in wheel["exclude"]
    assert Path(PROJECT_ROOT / "pipelines" / "tools").is_dir()
