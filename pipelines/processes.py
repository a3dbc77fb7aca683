"""Run a server command until Ctrl-C or SIGTERM, then stop it and everything it started, within seconds.

`dagster dev` runs a webserver, a daemon and code servers as its children. Interrupted, it shuts the
webserver and daemon down but can wait on its code server for long after (Dagster 1.13: the
`dagster code-server start` process and `dagster dev` itself were still there 20 s after SIGINT to the
whole group). So the command runs in a session of its own and this process stands in front of it: a
signal is passed on as SIGINT to the command's process group (what Ctrl-C would do), the command gets
``grace`` seconds to stop by itself, then whatever is left of the group and of the processes it started
gets SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Sequence

import psutil

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_tree(proc: subprocess.Popen, grace: float) -> None:
    """SIGINT to ``proc``'s process group, ``grace`` seconds to end, then SIGKILL to what is left."""
    tree = _descendants(proc.pid)  # also children that left the group (setsid)
    _signal_group(proc.pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        tree += [p for p in _descendants(proc.pid) if p not in tree]
        if proc.poll() is not None and not any(p.is_running() for p in tree):
            break
        time.sleep(0.2)
    tree += [p for p in _descendants(proc.pid) if p not in tree]
    _signal_group(proc.pid, signal.SIGKILL)
    for p in tree:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    proc.wait()
    psutil.wait_procs(tree, timeout=1)


def run_until_signalled(
    cmd: Sequence[str], *, cwd: str | None = None, env: dict | None = None, grace: float = 4.0
) -> int:
    """Run ``cmd`` in its own session; on SIGINT, SIGTERM or SIGHUP stop it with :func:`stop_tree`.

    Returns the command's exit code, or 128 + the signal's number when stopped by one (130 for Ctrl-C).
    """
    received: list[int] = []

    def _on_signal(signum, _frame) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, _on_signal) for sig in STOP_SIGNALS}
    try:
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, start_new_session=True)
        while not received and proc.poll() is None:
            try:
                proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
        # Stopped by a signal, or the command ended by itself: either way nothing it started stays behind.
        stop_tree(proc, grace if received else 0.0)
        return 128 + received[0] if received else proc.returncode
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
