"""Beyond one machine: the main job with its steps fanned out by dagster-celery to two workers (a Redis
broker, run and event storage on PostgreSQL, all on 127.0.0.1) holds exactly what a one-process
``corridor run`` holds, and both workers ran steps. Deselect with ``-m "not distributed"``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import services
from conftest import PROJECT, run_corridor
from pipelines import warehouse as wh

pytestmark = [pytest.mark.distributed]
WORKERS = ("corridor_w1", "corridor_w2")


def _hashes(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return wh.content_hashes(con)
    finally:
        con.close()


def _start_worker(name: str, env: dict, log: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("dagster-celery")
    return subprocess.Popen([str(exe), "worker", "start", "-A", "dagster_celery.app", "-y",
                             str(PROJECT / "deploy" / "celery" / "celery.yaml"), "--name", name, "--",
                             "--concurrency=1"], cwd=PROJECT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _wait_for_workers(env: dict, logs, timeout: float = 90) -> None:
    """Until both workers answer a ping through the broker."""
    from celery import Celery

    app = Celery(broker=env["CORRIDOR_CELERY_BROKER"], backend=env["CORRIDOR_CELERY_BACKEND"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        names = {name.split("@")[0] for r in replies for name in r}
        if set(WORKERS) <= names:
            return
        time.sleep(0.5)
    raise AssertionError(f"celery workers did not come up in {timeout:.0f}s{logs()}")


def test_two_celery_workers_build_what_one_process_builds(tmp_path):
    import psycopg2

    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    with services.postgres(services.free_port()) as pg_port, services.redis(services.free_port()) as broker:
        home = tmp_path / "home"
        home.mkdir()
        shutil.copyfile(PROJECT / "deploy" / "celery" / "dagster.yaml", home / "dagster.yaml")
        env = {**os.environ, "DAGSTER_HOME": str(home), "CORRIDOR_DATA": str(data),
               "CORRIDOR_WAREHOUSE": str(tmp_path / "distributed.duckdb"), "CORRIDOR_REPORTS": str(tmp_path / "rep"),
               "CORRIDOR_CELERY_BROKER": f"{broker}/0", "CORRIDOR_CELERY_BACKEND": f"{broker}/1",
               "CORRIDOR_ARTICLE_SHARDS": "2", **services.pg_env(pg_port),
               # dagster-celery starts `celery` from PATH: this interpreter's
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        workers = [_start_worker(name, env, tmp_path / f"{name}.log") for name in WORKERS]
        logs = lambda: "".join(f"\n--- {n}:\n" + (tmp_path / f"{n}.log").read_text(errors="replace")[-1500:]  # noqa: E731
                               for n in WORKERS)
        try:
            _wait_for_workers(env, logs)
            dagster = Path(sys.executable).with_name("dagster")
            run = subprocess.run([str(dagster), "job", "execute", "-m", "pipelines.definitions_celery",
                                  "-j", "corridor_main"], cwd=PROJECT, env=env, capture_output=True, text=True,
                                 timeout=600)
            assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:] + logs()
        finally:
            for w in workers:
                _stop(w)
        con = psycopg2.connect(host="127.0.0.1", port=pg_port, user="postgres", dbname="dagster")
        cur = con.cursor()
        cur.execute("SELECT count(*) FROM runs WHERE status = 'SUCCESS'")
        assert cur.fetchone()[0] == 1
        ran_on = {}
        for name in WORKERS:  # dagster-celery records the worker of each step in an engine event
            cur.execute("SELECT count(DISTINCT step_key) FROM event_logs WHERE event LIKE %s", (f"%{name}@%",))
            ran_on[name] = cur.fetchone()[0]
        cur.execute("SELECT count(DISTINCT step_key) FROM event_logs WHERE step_key LIKE 'article_figures_%%'")
        shards = cur.fetchone()[0]
        con.close()
    assert all(n > 0 for n in ran_on.values()), f"steps per worker: {ran_on}"
    assert shards == 2
    # the same inputs through one process, as `corridor run` does it
    single = run_corridor(["run"], {"DAGSTER_HOME": str(tmp_path / "home1"), "CORRIDOR_DATA": str(data),
                                    "CORRIDOR_WAREHOUSE": str(tmp_path / "single.duckdb"),
                                    "CORRIDOR_REPORTS": str(tmp_path / "rep1")})
    assert single.returncode == 0, single.stderr[-2000:]
    distributed, one = _hashes(tmp_path / "distributed.duckdb"), _hashes(tmp_path / "single.duckdb")
    assert distributed == one
    assert one["claim"].split(":")[0] != "0"  # the comparison is over real rows
