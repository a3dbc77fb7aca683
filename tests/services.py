"""Local services for the tests that need them: a throwaway PostgreSQL cluster and a Redis server on
127.0.0.1, each removed when its context ends. Under CI=true a missing server fails the test (CI
installs Debian's postgresql and redis-server, .ci/run); elsewhere the test skips with the reason."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def need(found: object, what: str) -> None:
    """Skip (fail under CI=true) when ``found`` is falsy."""
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{what} not installed: CI must install it (.ci/run)")
        pytest.skip(f"{what} not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres(port: int, databases: tuple[str, ...] = ("dagster",)) -> Iterator[int]:
    """A PostgreSQL cluster on 127.0.0.1:``port`` (user postgres, no password) with ``databases``."""
    import psycopg2

    bindir = pg_bin()
    need(bindir, "PostgreSQL server binaries (Debian's postgresql)")
    # Under root, the server runs as user postgres, which cannot enter pytest's private (0700) temp
    # folder: the cluster lives in a folder of its own, owned by postgres, removed at the end.
    pgroot = Path(tempfile.mkdtemp(prefix="corridor-pg-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(pgroot, "postgres")
    pgdata = pgroot / "pgdata"
    try:
        subprocess.run(as_user + [str(bindir / "initdb"), "-D", str(pgdata), "-A", "trust", "-U", "postgres"],
                       check=True, capture_output=True)
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(pgdata), "-w", "-l", str(pgroot / "pg.log"),
                                  "-o", f"-p {port} -k {pgroot} -h 127.0.0.1", "start"], check=True, capture_output=True)
        con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        con.autocommit = True
        for db in databases:
            con.cursor().execute(f"CREATE DATABASE {db}")
        con.close()
        yield port
    finally:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(pgroot, ignore_errors=True)


def pg_env(port: int, db: str = "dagster") -> dict[str, str]:
    """The settings deploy/postgres/dagster.yaml and deploy/celery/dagster.yaml read."""
    return {"DAGSTER_PG_HOST": "127.0.0.1", "DAGSTER_PG_PORT": str(port), "DAGSTER_PG_USER": "postgres",
            "DAGSTER_PG_PASSWORD": "", "DAGSTER_PG_DB": db}


@contextmanager
def redis(port: int) -> Iterator[str]:
    """A Redis server on 127.0.0.1:``port``, in memory only; yields its URL."""
    exe = shutil.which("redis-server")
    need(exe, "redis-server (Debian's redis-server)")
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {port}")
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)
