"""Throwaway local services for tests and benchmarks: a PostgreSQL cluster and a Redis server on
127.0.0.1 (each removed when its context ends), and dagster-celery workers. Debian's postgresql and
redis-server provide the servers (.ci/run installs them); ``Missing`` says which one is not there."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Missing(RuntimeError):
    """A server these helpers start is not installed."""


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def redis_bin() -> str | None:
    return shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres(port: int, databases: tuple[str, ...] = ("dagster",)) -> Iterator[int]:
    """A PostgreSQL cluster on 127.0.0.1:``port`` (user postgres, no password) with ``databases``."""
    import psycopg2

    bindir = pg_bin()
    if bindir is None:
        raise Missing("PostgreSQL server binaries (Debian's postgresql) are not installed")
    # Under root, the server runs as user postgres, which cannot enter pytest's private (0700) temp
    # folder: the cluster lives in a folder of its own, owned by postgres, removed at the end.
    pgroot = Path(tempfile.mkdtemp(prefix="corridor-pg-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(pgroot, "postgres")
    pgdata = pgroot / "pgdata"
    try:
        subprocess.run(
            as_user + [str(bindir / "initdb"), "-D", str(pgdata), "-A", "trust", "-U", "postgres"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            as_user
            + [
                str(bindir / "pg_ctl"),
                "-D",
                str(pgdata),
                "-w",
                "-l",
                str(pgroot / "pg.log"),
                "-o",
                f"-p {port} -k {pgroot} -h 127.0.0.1",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        con.autocommit = True
        for db in databases:
            con.cursor().execute(f"CREATE DATABASE {db}")
        con.close()
        yield port
    finally:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(pgroot, ignore_errors=True)


def pg_env(port: int, db: str = "dagster") -> dict[str, str]:
    """The settings deploy/postgres/dagster.yaml and deploy/celery/dagster.yaml read."""
    return {
        "DAGSTER_PG_HOST": "127.0.0.1",
        "DAGSTER_PG_PORT": str(port),
        "DAGSTER_PG_USER": "postgres",
        "DAGSTER_PG_PASSWORD": "",
        "DAGSTER_PG_DB": db,
    }


@contextmanager
def redis(port: int) -> Iterator[str]:
    """A Redis server on 127.0.0.1:``port``, in memory only; yields its URL."""
    exe = redis_bin()
    if exe is None:
        raise Missing("redis-server (Debian's redis-server) is not installed")
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError as exc:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {port}") from exc
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)


def celery_env(broker: str, shards: int = 4) -> dict[str, str]:
    """The settings of pipelines.definitions_celery and deploy/celery/celery.yaml for a Redis ``broker``
    URL, and this interpreter's folder on PATH (dagster-celery starts ``celery`` from PATH)."""
    return {
        "CORRIDOR_CELERY_BROKER": f"{broker}/0",
        "CORRIDOR_CELERY_BACKEND": f"{broker}/1",
        "CORRIDOR_ARTICLE_SHARDS": str(shards),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def start_celery_worker(name: str, env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    """``dagster-celery worker start`` (one task at a time), its output in ``log``."""
    exe = Path(sys.executable).with_name("dagster-celery")
    return subprocess.Popen(
        [
            str(exe),
            "worker",
            "start",
            "-A",
            "dagster_celery.app",
            "-y",
            str(cwd / "deploy" / "celery" / "celery.yaml"),
            "--name",
            name,
            "--",
            "--concurrency=1",
        ],
        cwd=cwd,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    """End a process started by these helpers and its children (its own session)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def wait_for_workers(env: dict, names: tuple[str, ...], timeout: float = 90) -> bool:
    """True once every worker of ``names`` answers a ping through the broker; False after ``timeout``."""
    from celery import Celery

    app = Celery(broker=env["CORRIDOR_CELERY_BROKER"], backend=env["CORRIDOR_CELERY_BACKEND"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if set(names) <= {name.split("@")[0] for r in replies for name in r}:
            return True
        time.sleep(0.5)
    return False
