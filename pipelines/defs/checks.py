"""Great Expectations suite results as Dagster asset checks.

Each suite gives two checks on the staged asset it validates:
- ``<suite>_rows`` (WARN): row-level expectations. Failing rows are quarantined with their reason and
  the good rows of the same input still load, so a failure is reported but does not stop the load.
- ``<suite>_table`` (ERROR, blocking): table-level expectations (schema, duplicate keys, a row count
  far off the previous release). Dropping rows cannot fix these, so the warehouse load does not run.

A validation is a function of its input (the frames, the reference data, the warehouse's releases)
and of the suite's code, all hashed into ``input_fingerprint`` in the checks' metadata. When both
checks last passed on the same fingerprint, they are carried over instead of run again (no GX import
on a run with nothing new), and say so.
"""

from pathlib import Path

import dagster as dg

from pipelines.fingerprint import CodeDeps

# The code every suite's outcome depends on (part of each validation's input fingerprint).
SUITE_CODE = CodeDeps(modules=("pipelines.quality",))


def suite_check_specs(asset: str, suite: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            f"{suite}_rows",
            asset=asset,
            blocking=True,
            description=f"Great Expectations suite '{suite}', row-level expectations: failing rows "
            "are quarantined (WARN), the rest load.",
        ),
        dg.AssetCheckSpec(
            f"{suite}_table",
            asset=asset,
            blocking=True,
            description=f"Great Expectations suite '{suite}', table-level expectations: a failure "
            "blocks the warehouse load (ERROR).",
        ),
    ]


def carried_over_checks(
    context: dg.AssetExecutionContext, asset: str, suite: str, fingerprint: str
) -> list[dg.AssetCheckResult] | None:
    """The suite's two checks as they last passed, if that was on an input with this fingerprint."""
    out = []
    for part in ("rows", "table"):
        key = dg.AssetCheckKey(dg.AssetKey(asset), f"{suite}_{part}")
        # the latest evaluation of an earlier run (this run's own is already recorded, as planned); a
        # planned one that never completed (a killed run) carries nothing over
        history = context.instance.event_log_storage.get_asset_check_execution_history(key, limit=2)
        record = next((r for r in history if r.run_id != context.run_id), None)
        event = record.event.dagster_event if record is not None and record.event is not None else None
        evaluation = event.event_specific_data if event is not None else None
        if not isinstance(evaluation, dg.AssetCheckEvaluation) or not evaluation.passed:
            return None
        if getattr(evaluation.metadata.get("input_fingerprint"), "value", None) != fingerprint:
            return None
        out.append(
            dg.AssetCheckResult(
                asset_key=asset,
                check_name=key.name,
                passed=True,
                severity=evaluation.severity,
                description=f"carried over from run {record.run_id}: it passed on this same input "
                f"(fingerprint {fingerprint[:12]}), so it was not run again",
                metadata={**evaluation.metadata, "carried_over_from_run": record.run_id},
            )
        )
    return out


def _validation_names(context: dg.AssetExecutionContext, asset: str) -> tuple[str, str]:
    """(GX run name, data asset name) of the asset's validations: the Dagster run and the asset, which Data
    Docs show."""
    return f"dagster-{context.run_id[:8]}", asset


def gx_names(context: dg.AssetExecutionContext, asset: str):
    """Name the GX validations made inside after the Dagster run and the asset."""
    from pipelines.quality.engine import named_validations

    return named_validations(*_validation_names(context, asset))


def validated(context: dg.AssetExecutionContext, asset: str, function: str, args: tuple, docs: Path):
    """``pipelines.quality.<function>(*args)`` named after the run and ``asset``, and its Data Docs in the
    folder ``docs``: (the suite's result, the Data Docs' index.html). Both run in the validation helper
    process when `corridor run` started one (``pipelines.quality.helper_process``), else here."""
    from pipelines.quality.helper_process import validate_and_document

    return validate_and_document(function, args, docs, _validation_names(context, asset))


def suite_check_results(
    result,
    asset: str,
    suite: str,
    docs_index: Path | None,
    fingerprint: str | None = None,
    nothing: str = "no new rows to validate (inputs unchanged since the last load)",
) -> list[dg.AssetCheckResult]:
    """The two checks of a suite; ``result`` None means the run brought no rows to validate (``nothing`` says why).

    Both link the validation's Data Docs (``docs_index``, from ``validated``).
    """
    if result is None:
        return [
            dg.AssetCheckResult(
                asset_key=asset,
                check_name=f"{suite}_{part}",
                passed=True,
                description=nothing,
                metadata={"new_rows": 0},
            )
            for part in ("rows", "table")
        ]
    meta = dict(result.summary_metadata())
    meta["data_docs"] = dg.MetadataValue.path(str(docs_index))
    meta["quarantined_rows"] = result.quarantine.height
    meta["validation_seconds"] = round(result.seconds, 3)
    if fingerprint is not None:
        meta["input_fingerprint"] = fingerprint
    row_failures = [e for e in result.expectations if e.row_level and not e.success]
    return [
        dg.AssetCheckResult(
            asset_key=asset,
            check_name=f"{suite}_rows",
            passed=not row_failures,
            severity=dg.AssetCheckSeverity.WARN,
            metadata=meta,
            description=(
                "all rows passed"
                if not row_failures
                else f"{result.quarantine.height} row(s) quarantined: "
                + "; ".join(f"{e.name} ({e.unexpected_count})" for e in row_failures)
            ),
        ),
        dg.AssetCheckResult(
            asset_key=asset,
            check_name=f"{suite}_table",
            passed=not result.table_failures,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata=meta,
            description="; ".join(result.table_failures) or "table-level expectations passed",
        ),
    ]
