"""`corridor ui` stops on Ctrl-C and on SIGTERM, and nothing it started (dagster dev, webserver, daemon,
code servers) is left behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from pipelines.tools.services import free_port
from tests.helpers.corridor import PROJECT

pytestmark = pytest.mark.slow

STOP_WITHIN_S = 10


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def _kill_all(proc: subprocess.Popen) -> None:
    """Cleanup after a failed test: `corridor ui` and everything under it."""
    try:
        procs = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        procs = []
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    proc.wait()


def _start_ui(tmp_path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "CORRIDOR_REPORTS": str(tmp_path / "reports"),
    }
    log = open(tmp_path / "ui.log", "w")
    # Its own process group, as a shell gives a foreground command: Ctrl-C is SIGINT to that group.
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "ui", "--port", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5):
                return proc, port
        except OSError:
            assert proc.poll() is None, (tmp_path / "ui.log").read_text()[-3000:]
            time.sleep(1)
    _kill_all(proc)
    pytest.fail("`corridor ui` did not answer within 240 s")


def _stop_and_check(proc: subprocess.Popen, port: int, send) -> None:
    tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    names = " ".join(" ".join(p.cmdline()) for p in tree)
    for part in ("dagster dev", "dagster_webserver", "dagster._daemon"):
        assert part in names, f"{part} not among the processes of `corridor ui`: {names}"
    send(proc)
    t0 = time.monotonic()
    while _alive(tree) and time.monotonic() - t0 < STOP_WITHIN_S:
        time.sleep(0.2)
    left = _alive(tree)
    for p in left:
        p.kill()
    assert not left, f"still running {STOP_WITHIN_S} s after the signal: " + "; ".join(
        " ".join(p.cmdline())[:120] for p in left
    )
    assert proc.wait(5) in (128 + signal.SIGINT, 128 + signal.SIGTERM)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the webserver's port still accepts connections"


def test_ctrl_c_stops_every_process_and_the_instance_asks_nothing(tmp_path):
    proc, port = _start_ui(tmp_path)
    try:
        # dagster.yaml's `nux: enabled: false`: the UI does not open "Join the Dagster community" on a fresh home.
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql",
            data=json.dumps({"query": "{ shouldShowNux }"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as resp:
            assert json.loads(resp.read())["data"]["shouldShowNux"] is False
        _stop_and_check(proc, port, lambda p: os.killpg(p.pid, signal.SIGINT))
    finally:
        _kill_all(proc)


def test_sigterm_stops_every_process(tmp_path):
    proc, port = _start_ui(tmp_path)
    try:
        _stop_and_check(proc, port, lambda p: p.send_signal(signal.SIGTERM))
    finally:
        _kill_all(proc)
