"""Crash safety: a run killed with SIGKILL mid-load leaves a warehouse that opens, holds every table as
it was before or after that run, and the next run completes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from pipelines import warehouse as wh
from tests.helpers.corridor import PROJECT, run_corridor
from tests.helpers.faults import FAULT_STATS

pytestmark = [pytest.mark.faults, pytest.mark.slow]
TRIALS = 10
NEW_ARTICLE = "Товарооборот между Россией и Арменией в 2024 году составил 8,4 млрд долларов, сообщил вице-премьер."


def _hashes(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return wh.content_hashes(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The warehouse before a run (seed data) and after it (one new article), and the run's duration."""
    root = tmp_path_factory.mktemp("crash")
    data = root / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    env = {
        "CORRIDOR_DATA": str(data),
        "DAGSTER_HOME": str(root / "home"),
        "CORRIDOR_REPORTS": str(root / "reports"),
        "CORRIDOR_WAREHOUSE": str(root / "before.duckdb"),
    }
    assert run_corridor(["run"], env).returncode == 0
    (data / "articles" / "crash_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    shutil.copyfile(root / "before.duckdb", root / "after.duckdb")
    started = time.monotonic()
    assert run_corridor(["run"], {**env, "CORRIDOR_WAREHOUSE": str(root / "after.duckdb")}).returncode == 0
    duration = time.monotonic() - started
    before, after = _hashes(root / "before.duckdb"), _hashes(root / "after.duckdb")
    assert before != after
    return {"root": root, "env": env, "before": before, "after": after, "duration": duration}


@pytest.mark.parametrize("trial", range(TRIALS))
def test_sigkill_mid_run_leaves_before_or_after(states, trial):
    root, env = states["root"], states["env"]
    target = root / f"trial{trial}.duckdb"
    shutil.copyfile(root / "before.duckdb", target)
    run_env = {**os.environ, **env, "CORRIDOR_WAREHOUSE": str(target)}
    # spread the kills over the run, from its start to its last load
    delay = states["duration"] * (0.15 + 0.85 * trial / (TRIALS - 1))
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=PROJECT,
        env=run_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    now = _hashes(target)  # opens: the live file is never half-written
    for table, h in now.items():
        assert h in (states["before"].get(table), states["after"].get(table)), (
            f"trial {trial} (killed after {delay:.1f}s): {table} is neither as before nor as after the run"
        )
    rerun = run_corridor(["run"], {**env, "CORRIDOR_WAREHOUSE": str(target)})
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _hashes(target) == states["after"]
    assert not list(root.glob(f"trial{trial}.duckdb.writing-*")), "a killed run's copy was left behind"
    FAULT_STATS["crashes_survived"] += 1


def test_three_runs_give_identical_content(states):
    root, env = states["root"], states["env"]
    target = root / "thrice.duckdb"
    shutil.copyfile(root / "after.duckdb", target)
    hashes = []
    for _ in range(3):  # --all: every step runs, even with nothing new
        assert run_corridor(["run", "--all"], {**env, "CORRIDOR_WAREHOUSE": str(target)}).returncode == 0
        hashes.append(_hashes(target))
    assert hashes[0] == hashes[1] == hashes[2] == states["after"]
