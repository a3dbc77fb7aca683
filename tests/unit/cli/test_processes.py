"""pipelines.processes: a supervised command and everything it started end on a signal, even processes that
ignore SIGINT (as `dagster dev`'s code server in effect does)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil

from pipelines.processes import run_until_signalled
from tests.helpers.corridor import PROJECT

# The supervised command: ignores SIGINT and starts a grandchild that ignores it too.
STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c",
                  "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(600)"])
time.sleep(600)
"""
SUPERVISOR = (
    "import sys; from pipelines.processes import run_until_signalled; "
    "sys.exit(run_until_signalled([sys.executable, '-c', sys.argv[1]], grace=1.0))"
)


def _tree_when_started(proc: subprocess.Popen, n: int) -> list[psutil.Process]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        kids = psutil.Process(proc.pid).children(recursive=True)
        if len(kids) >= n:
            return [psutil.Process(proc.pid), *kids]
        time.sleep(0.1)
    raise AssertionError(f"the supervised command did not start {n} processes within 60 s")


def _gone(procs: list[psutil.Process], within: float) -> list[psutil.Process]:
    deadline = time.monotonic() + within
    while True:
        alive = [p for p in procs if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _run(sig: int, to_group: bool) -> None:
    proc = subprocess.Popen([sys.executable, "-c", SUPERVISOR, STUBBORN], cwd=PROJECT, start_new_session=True)
    tree = _tree_when_started(proc, 2)
    try:
        if to_group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        alive = _gone(tree, within=5)
        assert not alive, [p.cmdline() for p in alive]
        assert proc.wait(5) == 128 + sig
    finally:
        for p in tree:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass


def test_ctrl_c_to_the_group_ends_processes_that_ignore_sigint():
    _run(signal.SIGINT, to_group=True)


def test_sigterm_to_the_supervisor_ends_the_whole_tree():
    _run(signal.SIGTERM, to_group=False)


def test_a_command_that_ends_by_itself_gives_its_exit_code():
    assert run_until_signalled([sys.executable, "-c", "raise SystemExit(3)"]) == 3
