"""Great Expectations suite results as Dagster asset checks.

Each suite gives two checks on the staged asset it validates:
- ``<suite>_rows`` (WARN): row-level expectations. Failing rows are quarantined with their reason and
  the good rows of the same input still load, so a failure is reported but does not stop the load.
- ``<suite>_table`` (ERROR, blocking): table-level expectations (schema, duplicate keys, a row count
  far off the previous release). Dropping rows cannot fix these, so the warehouse load does not run.
"""


import dagster as dg


def suite_check_specs(asset: str, suite: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(f"{suite}_rows", asset=asset, blocking=True,
                          description=f"Great Expectations suite '{suite}', row-level expectations: failing rows "
                                      "are quarantined (WARN), the rest load."),
        dg.AssetCheckSpec(f"{suite}_table", asset=asset, blocking=True,
                          description=f"Great Expectations suite '{suite}', table-level expectations: a failure "
                                      "blocks the warehouse load (ERROR)."),
    ]


def suite_check_results(result, asset: str, suite: str) -> list[dg.AssetCheckResult]:
    """The two checks of a suite; ``result`` None means the run brought no new rows to validate.

    GX's Data Docs for the validation are written under reports/data_docs/ and linked from both checks.
    """
    if result is None:
        return [dg.AssetCheckResult(asset_key=asset, check_name=f"{suite}_{part}", passed=True,
                                    description="no new rows to validate (inputs unchanged since the last load)",
                                    metadata={"new_rows": 0})
                for part in ("rows", "table")]
    from pipelines.quality import build_data_docs

    meta = dict(result.summary_metadata())
    meta["data_docs"] = dg.MetadataValue.path(str(build_data_docs([result])))
    meta["quarantined_rows"] = result.quarantine.height
    meta["validation_seconds"] = round(result.seconds, 3)
    row_failures = [e for e in result.expectations if e.row_level and not e.success]
    return [
        dg.AssetCheckResult(
            asset_key=asset, check_name=f"{suite}_rows", passed=not row_failures,
            severity=dg.AssetCheckSeverity.WARN, metadata=meta,
            description=("all rows passed" if not row_failures else
                         f"{result.quarantine.height} row(s) quarantined: " +
                         "; ".join(f"{e.name} ({e.unexpected_count})" for e in row_failures)),
        ),
        dg.AssetCheckResult(
            asset_key=asset, check_name=f"{suite}_table", passed=not result.table_failures,
            severity=dg.AssetCheckSeverity.ERROR, metadata=meta,
            description="; ".join(result.table_failures) or "table-level expectations passed",
        ),
    ]
