"""Beyond one machine: the main job with its steps fanned out by dagster-celery to two workers (a Redis
broker, run and event storage on PostgreSQL, all on 127.0.0.1) holds exactly what a one-process
``corridor run`` holds, and both workers ran steps. Deselect with ``-m "not distributed"``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse as wh
from pipelines.tools import services
from tests.helpers.corridor import PROJECT, run_corridor

pytestmark = [pytest.mark.distributed, pytest.mark.slow]
WORKERS = ("corridor_w1", "corridor_w2")


def _hashes(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return wh.content_hashes(con)
    finally:
        con.close()


def _need_services() -> None:
    """PostgreSQL and Redis, or a skip (a failure under CI=true) naming what is missing."""
    missing = [
        what
        for found, what in (
            (services.pg_bin(), "PostgreSQL server binaries (Debian's postgresql)"),
            (services.redis_bin(), "redis-server (Debian's redis-server)"),
        )
        if not found
    ]
    if missing:
        msg = f"{' and '.join(missing)} not installed"
        pytest.fail(f"{msg}: CI must install them (.ci/run)") if os.environ.get("CI") else pytest.skip(msg)


def test_two_celery_workers_build_what_one_process_builds(tmp_path):
    import psycopg2

    _need_services()
    data = tmp_path / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    with services.postgres(services.free_port()) as pg_port, services.redis(services.free_port()) as broker:
        home = tmp_path / "home"
        home.mkdir()
        shutil.copyfile(PROJECT / "deploy" / "celery" / "dagster.yaml", home / "dagster.yaml")
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "CORRIDOR_DATA": str(data),
            "CORRIDOR_WAREHOUSE": str(tmp_path / "distributed.duckdb"),
            "CORRIDOR_REPORTS": str(tmp_path / "rep"),
            **services.pg_env(pg_port),
            **services.celery_env(broker, shards=2),
        }
        workers = [services.start_celery_worker(name, env, tmp_path / f"{name}.log", PROJECT) for name in WORKERS]

        def logs() -> str:
            return "".join(
                f"\n--- {n}:\n" + (tmp_path / f"{n}.log").read_text(errors="replace")[-1500:] for n in WORKERS
            )

        try:
            assert services.wait_for_workers(env, WORKERS), f"celery workers did not come up{logs()}"
            dagster = Path(sys.executable).with_name("dagster")
            run = subprocess.run(
                [str(dagster), "job", "execute", "-m", "pipelines.definitions_celery", "-j", "corridor_main"],
                cwd=PROJECT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:] + logs()
        finally:
            for w in workers:
                services.stop(w)
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
    single = run_corridor(
        ["run"],
        {
            "DAGSTER_HOME": str(tmp_path / "home1"),
            "CORRIDOR_DATA": str(data),
            "CORRIDOR_WAREHOUSE": str(tmp_path / "single.duckdb"),
            "CORRIDOR_REPORTS": str(tmp_path / "rep1"),
        },
    )
    assert single.returncode == 0, single.stderr[-2000:]
    distributed, one = _hashes(tmp_path / "distributed.duckdb"), _hashes(tmp_path / "single.duckdb")
    assert distributed == one
    assert one["claim"].split(":")[0] != "0"  # the comparison is over real rows
