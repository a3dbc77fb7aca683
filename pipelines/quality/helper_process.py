"""Great Expectations in a helper process, imported on the other core while the run does other work.

Importing GX takes ~3 s: more than a one-article run's validation and Data Docs together. `corridor run`
starts a helper first thing (``start``); the helper imports GX while this process imports Dagster, plans
the run, reads the corpus and extracts. Each suite's validation and its Data Docs
(``validate_and_document``) then run in the helper, and the result comes back without its GX objects.

Without a helper (a run launched from the UI or by the daemon, a test), or when the helper fails, the same
call runs in this process, as before, with a warning naming the failure: the outcome is the same either way.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import subprocess
import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path

from pipelines.quality.result import SuiteResult

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_helper: _Helper | None = None


class _Helper:
    """The process and its two pipes: requests (pickled) in, replies (pickled) out; its stdout is not used,
    so nothing GX prints can break a reply."""

    def __init__(self) -> None:
        from pipelines.config import PROJECT_ROOT

        to_helper, requests = os.pipe()
        replies, from_helper = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "pipelines.quality.helper_process", str(to_helper), str(from_helper)],
                pass_fds=(to_helper, from_helper),
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        except OSError:
            os.close(requests)
            os.close(replies)
            raise
        finally:  # the helper's ends are its own now
            os.close(to_helper)
            os.close(from_helper)
        self.requests = os.fdopen(requests, "wb")
        self.replies = os.fdopen(replies, "rb")

    def call(self, request: bytes):
        self.requests.write(request)
        self.requests.flush()
        return pickle.load(self.replies)

    def close(self) -> None:
        """End it: between requests it holds nothing unwritten (a reply comes after its Data Docs are written)."""
        for pipe in (self.requests, self.replies):
            try:
                pipe.close()
            except OSError:
                pass
        self.proc.kill()
        self.proc.wait()


def start() -> None:
    """Start this process's helper (once); a helper that cannot start leaves validation in this process."""
    global _helper
    with _LOCK:
        if _helper is None:
            try:
                _helper = _Helper()
            except OSError as exc:
                log.warning("validation helper process not started (%s); validating in this process", exc)


def stop() -> None:
    global _helper
    with _LOCK:
        helper, _helper = _helper, None
    if helper is not None:
        helper.close()


def _validate_and_document(function: str, args: tuple, docs: Path, names: tuple[str, str]) -> tuple[SuiteResult, Path]:
    import pipelines.quality as quality
    from pipelines.quality.engine import named_validations

    with named_validations(*names):
        result = getattr(quality, function)(*args)
    return result, quality.build_data_docs([result], docs)


def validate_and_document(function: str, args: tuple, docs: Path, names: tuple[str, str]) -> tuple[SuiteResult, Path]:
    """``pipelines.quality.<function>(*args)``, its validations named ``names`` (run, data asset), and the
    Data Docs in the folder ``docs`` with its pages: (the suite's result, the Data Docs' index.html)."""
    with _LOCK:
        helper = _helper
        if helper is not None:
            try:
                request = pickle.dumps((function, args, docs, names))
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                log.warning("validation of %s sent to this process: its input cannot be pickled (%s)", function, exc)
            else:
                reply = _ask(helper, request)
                if reply is not None:
                    return reply
    return _validate_and_document(function, args, docs, names)


def _ask(helper: _Helper, request: bytes) -> tuple[SuiteResult, Path] | None:
    """The helper's reply, or None (with a warning saying why) when the call is to run in this process."""
    global _helper
    try:
        status, value = helper.call(request)
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        status, value = "failed", f"{type(exc).__name__}: {exc}".rstrip(": ")
        try:  # a helper that died closed its pipes as it exited: its status follows at once
            code = helper.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:  # still running: close() kills it
            code = None
        _helper = None  # it cannot be trusted to answer the next request in turn
        helper.close()
        value += f"; exit status {code}" if code is not None else ""
    if status == "ok":
        return value
    said = value.strip().splitlines()[-1:] or ["no reason given"]
    log.warning("validation helper process failed (%s); validating in this process", said[0])
    return None


def _warm_up(request_waiting) -> None:
    """GX's first validation builds its validation machinery and the suite's definition (~0.4 s beyond the
    validation itself), and its first Data Docs compile GX's templates (~0.1 s): made here for the claims
    suite, which a run with new articles asks for, as long as no request is waiting (``request_waiting()``):
    its definition, then a validation of an empty claims frame (its result dropped from GX's store: no Data
    Docs page shows it), then the templates. The other suites' are built by their first request: building them
    here too held a one-article run's request up (~0.2 s)."""
    import polars as pl

    from pipelines import model
    from pipelines.quality import validate_claims
    from pipelines.quality.engine import drop_stored, validation_definition
    from pipelines.quality.gx_page_view import compile_templates

    steps = (
        lambda: validation_definition("claims"),
        lambda: drop_stored(
            validate_claims(
                model.empty(model.CLAIM), {}, pl.DataFrame(schema={"source_id": pl.String, "text": pl.String})
            )
        ),
        lambda: compile_templates(request_waiting),
    )
    for step in steps:
        if request_waiting():
            return
        step()


def _serve(requests_fd: int, replies_fd: int) -> None:
    """The helper's loop: import GX and warm it up, then answer each request until the requests pipe closes."""
    from pipelines.quality.engine import gx_context, hide_optional_sql

    hide_optional_sql()  # this process validates frames only: GX without its SQL extra imports faster
    gx_context()  # the import this process is for, made before the first request arrives
    try:
        _warm_up(lambda: bool(select.select([requests_fd], [], [], 0)[0]))
    except Exception as exc:  # noqa: BLE001 - an optimisation: the first request builds what it needs, or fails itself
        print(f"validation helper: warm-up failed ({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)
    with os.fdopen(requests_fd, "rb") as requests, os.fdopen(replies_fd, "wb") as replies:
        while True:
            try:
                function, args, docs, names = pickle.load(requests)
            except EOFError:
                return
            try:
                result, index = _validate_and_document(function, args, docs, names)
                reply = ("ok", (replace(result, gx_result=None, gx_key=None), index))
            except Exception:  # noqa: BLE001 - the caller validates in its own process and sees the error there
                reply = ("error", traceback.format_exc())
            pickle.dump(reply, replies)
            replies.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]))
