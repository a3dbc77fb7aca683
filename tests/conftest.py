"""Fixtures only (a warehouse built once per session by the real `corridor run`, private data copies, the
test session's Dagster home); builders and runners are in ``tests/helpers/``. Nothing here runs at import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.corridor import PROJECT, run_corridor
from tests.helpers.faults import FAULT_STATS


@pytest.fixture(scope="session", autouse=True)
def test_dagster_home(tmp_path_factory):
    """In-process Dagster runs in tests keep their instance and IO storage away from the user's
    .dagster_home: DAGSTER_HOME points at a temporary folder for the session."""
    home = tmp_path_factory.mktemp("dagster-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(home))
        yield home


@pytest.fixture(scope="session", autouse=True)
def verify_declared_writes():
    """Every load in the tests, in process or in a `corridor run` they start, checks that the tables it
    named as written are all it changed (``pipelines.integrity.VERIFY_WRITES``): a load that forgot one
    fails here instead of leaving a stale integrity record."""
    from pipelines.integrity import VERIFY_WRITES

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(VERIFY_WRITES, "1")
        yield


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> dict:
    """`corridor run` on the shipped data into a fresh warehouse and Dagster home."""
    root = tmp_path_factory.mktemp("warehouse")
    env = {"CORRIDOR_WAREHOUSE": str(root / "warehouse.duckdb"), "DAGSTER_HOME": str(root / "dagster_home")}
    proc = run_corridor(["run"], env)
    assert proc.returncode == 0, f"corridor run failed:\n{proc.stdout}\n{proc.stderr}"
    return {"path": root / "warehouse.duckdb", "env": env, "stdout": proc.stdout, "stderr": proc.stderr}


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ (reference, official, the seed article) with its own warehouse and reports."""
    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    (data / "inbox").mkdir()
    monkeypatch.setenv("CORRIDOR_DATA", str(data))
    monkeypatch.setenv("CORRIDOR_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("CORRIDOR_REPORTS", str(tmp_path / "reports"))
    return data


@pytest.fixture
def data_paths(tmp_path):
    """A ``DataPaths`` on a private copy of data/ (reference, official, articles, an empty inbox), with its
    own warehouse, reports and Dagster home, for in-process runs with ``tests.helpers.corridor.test_defs``."""
    from pipelines.config import DataPaths

    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    (data / "inbox").mkdir()
    return DataPaths.under(data, tmp_path / "w.duckdb", tmp_path / "reports", tmp_path / "home")


def pytest_sessionfinish(session):
    """On a pytest-xdist worker: hand this worker's fault counts to the controller, which prints the sum."""
    out = getattr(session.config, "workeroutput", None)
    if out is not None:
        out["fault_stats"] = dict(FAULT_STATS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """On the pytest-xdist controller: add a finished worker's fault counts."""
    for key, value in getattr(node, "workeroutput", {}).get("fault_stats", {}).items():
        FAULT_STATS[key] += value


def pytest_terminal_summary(terminalreporter):
    s = FAULT_STATS
    if s["tried"] or s["crashes_survived"]:
        terminalreporter.write_sep("-", "fault suite")
        terminalreporter.write_line(
            f"faults: inputs tried {s['tried']} / refused with reason {s['refused_with_reason']} / "
            f"crashes survived {s['crashes_survived']} / rows lost {s['rows_lost']}"
        )
