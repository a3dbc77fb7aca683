"""Running a suite with Great Expectations Core 1.x on a Polars frame.

One ephemeral GX context per process (built on first use, then cached): a pandas datasource
``corridor`` with one dataframe asset and one whole-dataframe batch definition per suite, the suite built
from ``suites.py`` and one ValidationDefinition per suite. A validation converts the columns the suite
reads to pandas once (clean RangeIndex, so GX's ``unexpected_index_list`` are row numbers of the Polars
frame), runs with ``result_format=COMPLETE`` and maps failing rows back.

Great Expectations is imported here only inside functions: ``import pipelines.quality`` stays cheap.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import json
import os
import sys
import threading
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from pipelines.quality.result import (
    SAMPLE_ROWS,
    ExpectationOutcome,
    SuiteResult,
    build_quarantine,
    records_json,
    rows_as_dicts,
    schema_problems,
    statistics_of,
)
from pipelines.quality.suites import SUITES, Check

DATASOURCE = "corridor"
RESULT_FORMAT = {
    "result_format": "COMPLETE",  # full unexpected_index_list: every failing row is quarantined
    "partial_unexpected_count": SAMPLE_ROWS,
    "include_unexpected_rows": False,
    "return_unexpected_index_query": False,
}

_LOCK = threading.RLock()
_STATE: dict = {}
# (run name, data asset name) of the validations in the current context; see ``named_validations``.
_NAMES: ContextVar[tuple[str, str] | None] = ContextVar("corridor_gx_names", default=None)
DEFAULT_RUN_NAME = "corridor"  # validations outside a Dagster run (tests, benchmarks, a notebook)


@contextmanager
def named_validations(run_name: str, data_asset: str) -> Iterator[None]:
    """Name the GX runs and the data asset of the validations made inside (the Data Docs show both).

    Without it a validation's run is named ``corridor`` and its data asset is the dataset (``observation``).
    """
    token = _NAMES.set((run_name, data_asset))
    try:
        yield
    finally:
        _NAMES.reset(token)


@dataclass
class GxTimings:
    import_seconds: float
    context_seconds: float


# Imported by Great Expectations with every expectation class and called by none of Corridor's suites:
# scipy.stats by its KL-divergence and distribution expectations (about a fifth of GX's import), altair by the
# KL-divergence expectation's renderer (~0.2 s). Every run that validates waits for that import, so each is a
# stand-in until its first attribute is read (``_Deferred``).
DEFERRED_MODULES = ("scipy.stats", "altair")
# GX's SQL support is an optional extra (``great-expectations[sql]``): without SQLAlchemy GX runs as installed
# without it. Hidden only where nothing else needs it (``hide_optional_sql``): the validation helper process.
OPTIONAL_SQL = "sqlalchemy"


class _Deferred(types.ModuleType):
    """Stands in for a module in ``sys.modules`` and imports it on first attribute access, then forwards.

    Unlike importlib's LazyLoader, ``import name`` (which reads the module's ``__spec__``) does not load it."""

    def __getattr__(self, attr: str):
        real = self.__dict__.get("_real")
        if real is None:  # import's own module locks make a race between threads safe: both get one module
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_real"] = real
        return getattr(real, attr)


def _defer(name: str) -> None:
    """Put a ``_Deferred`` stand-in for ``name`` (nothing if it is imported already or not installed)."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    module = _Deferred(name)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


class _HiddenSql(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == OPTIONAL_SQL or name.startswith(OPTIONAL_SQL + "."):
            raise ModuleNotFoundError(f"No module named {name!r} (hidden from Great Expectations here)", name=name)
        return None


def hide_optional_sql() -> bool:
    """Make GX import as installed without its SQL extra, in a process that validates frames only and has not
    imported SQLAlchemy (~0.2 s of GX's import). True when hidden."""
    if OPTIONAL_SQL in sys.modules or "great_expectations" in sys.modules:
        return False
    sys.meta_path.insert(0, _HiddenSql())
    return True


def gx_context():
    """The process's ephemeral GX context (progress bars and analytics off), built once."""
    with _LOCK:
        if "ctx" in _STATE:
            return _STATE["ctx"]
        # Usage statistics would try the network; progress bars would write tqdm bars to stderr.
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        t0 = time.perf_counter()
        for name in DEFERRED_MODULES:
            _defer(name)
        import great_expectations as gx
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        t1 = time.perf_counter()
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
            analytics_enabled=False,
        )
        ctx = gx.get_context(mode="ephemeral", project_config=config)
        ctx.data_sources.add_pandas(DATASOURCE)
        _STATE.update(
            ctx=ctx,
            vds={},
            keys={},
            timings=GxTimings(import_seconds=t1 - t0, context_seconds=time.perf_counter() - t1),
        )
        return ctx


def gx_timings() -> GxTimings | None:
    return _STATE.get("timings")


def validation_definition(suite_name: str):
    """The suite's ValidationDefinition (built on first use from suites.SUITES)."""
    with _LOCK:
        ctx = gx_context()
        vd = _STATE["vds"].get(suite_name)
        if vd is not None:
            return vd
        import great_expectations as gx

        asset = ctx.data_sources.get(DATASOURCE).add_dataframe_asset(suite_name)
        batch_definition = asset.add_batch_definition_whole_dataframe(f"{suite_name}_frame")
        suite = ctx.suites.add(gx.ExpectationSuite(name=suite_name))
        for check in SUITES[suite_name]:
            suite.add_expectation(check.gx_expectation())
        vd = ctx.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite_name}_validation", data=batch_definition, suite=suite)
        )
        _STATE["vds"][suite_name] = vd
        return vd


def gx_suite(suite_name: str):
    """The GX ExpectationSuite object (e.g. to export it as JSON)."""
    return validation_definition(suite_name).suite


def _keep_last_result(suite_name: str):
    """The in-memory results store keeps only the newest result per suite (bounded memory)."""
    store = _STATE["ctx"].validation_results_store
    keys = [k for k in store.list_keys() if k.expectation_suite_identifier.name == suite_name]
    keys.sort(key=lambda k: k.run_id.run_time)
    for old in keys[:-1]:
        store.remove_key(old)
    return keys[-1] if keys else None


def ensure_stored(result: SuiteResult) -> None:
    """Put a result's GX validation result (back) into the store, for Data Docs."""
    if result.gx_result is None or result.gx_key is None:
        return
    store = _STATE["ctx"].validation_results_store
    if not store.has_key(result.gx_key):
        store.set(result.gx_key, result.gx_result)


def drop_stored(result: SuiteResult) -> None:
    """Take a result's GX validation result out of the store (a warm-up's: no Data Docs page shows it)."""
    if result.gx_key is not None and _STATE["ctx"].validation_results_store.has_key(result.gx_key):
        _STATE["ctx"].validation_results_store.remove_key(result.gx_key)


def run_named(vd, pdf, params: dict | None, data_asset: str, result_format=RESULT_FORMAT):
    """``vd.run`` on a pandas frame with the GX run and the data asset named (GX leaves ``__none__`` and None).

    The names come from ``named_validations`` (a Dagster run and asset), else ``corridor`` and ``data_asset``.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    run_name, asset = _NAMES.get() or (DEFAULT_RUN_NAME, data_asset)
    run_id = RunIdentifier(run_name=run_name, run_time=datetime.now(UTC))
    gx_result = vd.run(
        batch_parameters={"dataframe": pdf}, expectation_parameters=params, result_format=result_format, run_id=run_id
    )
    # GX's pages read the data asset's name from the batch spec, which a dataframe batch does not carry;
    # the result was stored before this, so it is stored again with the name.
    gx_result.meta["batch_spec"] = {**(gx_result.meta.get("batch_spec") or {}), "data_asset_name": asset}
    store = gx_context().validation_results_store
    for key in store.list_keys():
        if key.run_id == run_id and key.expectation_suite_identifier.name == vd.suite.name:
            store.set(key, gx_result)
    return gx_result


def _index_list(res) -> list[int]:
    idx = res.result.get("unexpected_index_list")
    if idx is None:
        return []
    out = []
    for i in idx:  # plain ints for a RangeIndex; dicts when unexpected_index_column_names were asked for
        out.append(int(i if not isinstance(i, dict) else next(iter(i.values()))))
    return out


def run_suite(
    suite_name: str,
    frame: pl.DataFrame,
    params: dict,
    *,
    dataset: str,
    original: pl.DataFrame,
    input_names: pl.Series,
    source_ids: pl.Series,
    records: pl.Series | None = None,
    pre_outcomes: list[ExpectationOutcome] | None = None,
    t0: float,
) -> tuple[SuiteResult, pl.Series]:
    """Validate ``frame`` (original rows plus derived ``_q_*`` columns, same order) with the suite.

    Returns the result (``good`` = rows of ``original`` passing every row-level expectation) and the row
    numbers that failed a row-level expectation.
    """
    checks: list[Check] = SUITES[suite_name]
    assert frame.height == original.height, "derived frame must keep the input's rows and order"
    cols = list(dict.fromkeys(c for check in checks for c in check.columns))
    pdf = frame.select(cols).to_pandas()  # the one Polars → pandas conversion; RangeIndex 0..n-1
    with _LOCK:
        vd = validation_definition(suite_name)
        gx_result = run_named(vd, pdf, params, dataset)
        key = _keep_last_result(suite_name)
    del pdf
    by_name = {r.expectation_config.meta.get("check"): r for r in gx_result.results}

    outcomes: list[ExpectationOutcome] = list(pre_outcomes or [])
    table_failures: list[str] = []
    failing_parts: list[pl.DataFrame] = []
    for order, check in enumerate(checks):
        res = by_name.get(check.name)
        if res is None:  # pragma: no cover - GX dropped an expectation
            outcomes.append(
                ExpectationOutcome(
                    check.name,
                    check.expectation,
                    check.columns,
                    False,
                    0,
                    check.row_level,
                    check.words,
                    error="no result returned",
                )
            )
            table_failures.append(f"{check.name}: GX returned no result")
            continue
        info = res.exception_info or {}
        error = None
        if isinstance(info, dict) and info.get("raised_exception"):
            error = str(info.get("exception_message"))
        idx = _index_list(res)
        count = res.result.get("unexpected_count")
        count = int(count) if count is not None else len(idx)
        outcome = ExpectationOutcome(
            name=check.name,
            type=res.expectation_config.type,
            columns=check.columns,
            success=bool(res.success),
            unexpected_count=count,
            row_level=check.row_level,
            words=check.words,
            observed=res.result.get("observed_value"),
            error=error,
        )
        outcomes.append(outcome)
        if res.success:
            continue
        if error is not None:
            table_failures.append(f"{check.name}: the expectation could not run ({error})")
            continue
        rows = pl.Series("_q_row", idx, dtype=pl.UInt32)
        reason = check.reason() if check.reason is not None else pl.lit(check.words)
        reasons = frame[rows].with_columns(reason.fill_null(check.words).cast(pl.String).alias("_q_reason"))[
            "_q_reason"
        ]
        head = rows[:SAMPLE_ROWS]
        sample_rows = (
            [json.loads(r) for r in records[head].to_list()] if records is not None else rows_as_dicts(original[head])
        )
        outcome.sample = [
            {**row, "input_name": name, "reason": why}
            for row, name, why in zip(
                sample_rows, input_names[head].to_list(), reasons[:SAMPLE_ROWS].to_list(), strict=False
            )
        ]
        if check.row_level:
            failing_parts.append(
                pl.DataFrame(
                    {
                        "_q_row": rows,
                        "_q_order": pl.Series([order] * len(rows), dtype=pl.Int32),
                        "check_name": [check.name] * len(rows),
                        "reason": reasons,
                    }
                )
            )
        else:
            distinct = list(dict.fromkeys(reasons.to_list()))
            more = f" (+{len(distinct) - 3} more)" if len(distinct) > 3 else ""
            table_failures.append(
                f"{check.name}: {check.words} — failed for {count} row(s): {'; '.join(distinct[:3])}{more}"
            )

    if failing_parts:
        per_row = (
            pl.concat(failing_parts)
            .sort("_q_row", "_q_order")
            .group_by("_q_row", maintain_order=True)
            .agg(pl.col("check_name").str.join("; "), pl.col("reason").str.join("; "))
        )
        bad = per_row["_q_row"]
        recs = records[bad] if records is not None else records_json(original[bad])
        quarantine = build_quarantine(
            dataset,
            per_row.select(
                input_name=input_names[bad],
                source_id=source_ids[bad],
                check_name="check_name",
                reason="reason",
                record=recs,
            ),
        )
    else:
        bad = pl.Series("_q_row", [], dtype=pl.UInt32)
        quarantine = build_quarantine(dataset, pl.DataFrame())
    keep = ~pl.int_range(0, original.height, dtype=pl.UInt32, eager=True).is_in(bad)
    good = original.filter(keep)
    result = SuiteResult(
        suite=suite_name,
        success=bool(gx_result.success) and all(e.success for e in outcomes),
        expectations=outcomes,
        good=good,
        quarantine=quarantine,
        table_failures=table_failures,
        statistics=statistics_of(outcomes),
        seconds=time.perf_counter() - t0,
        rows=original.height,
        gx_result=gx_result,
        gx_key=key,
    )
    return result, bad


SCHEMA_CHECK_TYPE = "corridor_schema_matches_model (Polars, before GX)"


def check_schema(
    suite_name: str, check_name: str, df: pl.DataFrame, schema: dict, dataset: str, t0: float
) -> tuple[pl.DataFrame, ExpectationOutcome, SuiteResult | None]:
    """Model columns present and castable. On failure the suite does not run: a table-level failure."""
    cast, problems = schema_problems(df, schema)
    outcome = ExpectationOutcome(
        check_name,
        SCHEMA_CHECK_TYPE,
        list(schema),
        not problems,
        0,
        False,
        "the frame has the model's columns with castable types",
        observed={"columns": df.columns},
    )
    if not problems:
        return cast, outcome, None
    failure = SuiteResult(
        suite=suite_name,
        success=False,
        expectations=[outcome],
        good=df.clear(),
        quarantine=build_quarantine(dataset, pl.DataFrame()),
        table_failures=[f"{check_name}: wrong schema: {'; '.join(problems)}"],
        statistics=statistics_of([outcome]),
        seconds=time.perf_counter() - t0,
        rows=df.height,
    )
    return df, outcome, failure
