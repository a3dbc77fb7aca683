"""Shared fixtures: a warehouse built once per test session by the real `corridor run`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
