"""Shared fixtures: a warehouse built once per test session by the real `corridor run`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# In-process Dagster runs in tests keep their instance and IO storage away from the user's .dagster_home.
_TEST_DAGSTER_HOME = tempfile.mkdtemp(prefix="corridor-test-dagster-home-")
os.environ["DAGSTER_HOME"] = _TEST_DAGSTER_HOME


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_TEST_DAGSTER_HOME, ignore_errors=True)

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "data" / "articles" / "000_e0659a0f34bccf04.txt"


def run_corridor(args: list[str], env_extra: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=timeout)


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


# Figures of the fault suite (tests/test_faults.py, tests/test_crash.py), printed at the end of the run.
FAULT_STATS = {"tried": 0, "refused_with_reason": 0, "crashes_survived": 0, "rows_lost": 0}


def pytest_terminal_summary(terminalreporter):
    s = FAULT_STATS
    if s["tried"] or s["crashes_survived"]:
        terminalreporter.write_sep("-", "fault suite")
        terminalreporter.write_line(
            f"faults: inputs tried {s['tried']} / refused with reason {s['refused_with_reason']} / "
            f"crashes survived {s['crashes_survived']} / rows lost {s['rows_lost']}")
