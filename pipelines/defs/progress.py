"""A compact Dagster logger for `corridor run`: one line per step and check, not the full event stream."""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

_SHOWN = {
    "STEP_START": "…",
    "STEP_SUCCESS": "ok",
    "STEP_FAILURE": "FAILED",
    "STEP_SKIPPED": "skipped",
    "ASSET_CHECK_EVALUATION": "check",
}


def root_cause(err) -> str:
    """The innermost error's first line: what went wrong, not where Dagster wrapped it."""
    if err is None:
        return ""
    while getattr(err, "cause", None) is not None:
        err = err.cause
    return (err.message or "").strip().splitlines()[0] if err.message else err.cls_name or "error"


class _ProgressHandler(logging.Handler):
    def __init__(self, stream) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        elapsed = f"{time.monotonic() - self.started:6.1f}s"
        if event is None:
            if record.levelno >= logging.WARNING:
                self.stream.write(f"{elapsed}  warning  {record.getMessage().split(' - ')[-1]}\n")
            return
        kind = event.event_type_value
        if kind not in _SHOWN:
            return
        step = event.step_key or ""
        if kind == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            status = "passed" if data.passed else f"FAILED ({data.severity.value})"
            line = f"{elapsed}  check    {data.asset_key.to_user_string()}:{data.check_name} {status}"
        elif kind == "STEP_FAILURE":
            err = event.event_specific_data.error
            line = f"{elapsed}  FAILED   {step}: {root_cause(err)}"
        else:
            line = f"{elapsed}  {_SHOWN[kind]:<8} {step}"
        self.stream.write(line + "\n")
        self.stream.flush()


@dg.logger(description="One line per step and asset check, for the terminal.")
def progress_logger(init_context) -> logging.Logger:
    log = logging.getLogger("corridor.progress")
    log.setLevel(logging.DEBUG)
    log.handlers = [_ProgressHandler(sys.stderr)]
    log.propagate = False
    return log
