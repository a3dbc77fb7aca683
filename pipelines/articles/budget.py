"""A time budget for one piece of work on one input (e.g. extracting one article's figures).

An input that would take minutes (a huge or pathological article) is refused by name when its budget
runs out, and the run goes on with the next input. The budget is a real-time alarm (SIGALRM) where
the work runs in the main thread of a POSIX process (Dagster's in-process and multiprocess executors
both run a step there); elsewhere the work runs unbounded rather than not at all.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Seconds one article's extraction may take (CORRIDOR_ARTICLE_SECONDS overrides).
ARTICLE_SECONDS = 60.0


class BudgetExceeded(Exception):
    """The work ran out of its time budget."""


def article_seconds() -> float:
    try:
        return float(os.environ.get("CORRIDOR_ARTICLE_SECONDS", ARTICLE_SECONDS))
    except ValueError:
        return ARTICLE_SECONDS


@contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Raise ``BudgetExceeded`` in the block once ``seconds`` have passed (no limit if ``seconds`` <= 0)."""
    usable = seconds > 0 and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _expired(signum, frame):
        raise BudgetExceeded(f"{what} took over its {seconds:g}-second budget")

    previous = signal.signal(signal.SIGALRM, _expired)
    old_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_timer[0]:  # an outer timer was running: give it back what it had left (at least a tick)
            signal.setitimer(signal.ITIMER_REAL, max(old_timer[0] - seconds, 0.001))
