"""Claim checking: the SQL marts (candidates, verdicts, records) updated when their inputs change, and the report."""

from contextlib import nullcontext

import dagster as dg

from pipelines import warehouse as wh
from pipelines.checking.marts import MART_TABLES, build_marts, marts_fingerprint
from pipelines.checking.report import (
    ChartWorkers,
    build_report_unless_unchanged,
    import_charting_meanwhile,
    report_is_current,
)
from pipelines.defs.metadata import markdown_preview
from pipelines.defs.resources import DataPathsResource, WarehouseResource
from pipelines.defs.warehouse import WAREHOUSE_POOL, load_unless_unchanged

CLAIMS_SHOWN = 30  # in the asset's metadata (the claims are read only that far: there are hundreds of thousands)


def build_claim_checks(official_loads: list[str]) -> dg.AssetsDefinition:
    return dg.asset(
        name="claim_checks",
        group_name="checking",
        kinds={"duckdb", "html"},
        pool=WAREHOUSE_POOL,
        deps=["warehouse_articles", *official_loads],
        description="Every claim matched to official figures from both reporters, on the data published by the "
        "article's date and on the latest data, with a verdict and its reason; record claims checked "
        "against the official history; and the HTML report with one chart per series. Updated when "
        "the claims, observations, releases, sources or reference tables change: only the claims whose rows, "
        "article or official figures changed are derived again (all of them when the marts' SQL changed).",
    )(_claim_checks)


def _claim_checks(context: dg.AssetExecutionContext, warehouse: WarehouseResource, paths: DataPathsResource):
    path = warehouse.resolved_path()
    con = wh.connect_read_only(path)
    try:
        fingerprint = marts_fingerprint(con)
    finally:
        con.close()
    folder = paths.paths().reports
    stale = not report_is_current(folder, fingerprint)
    # the report's chart workers and Matplotlib start while the marts are built (DuckDB's work), if it is redrawn
    with ChartWorkers() if stale else nullcontext() as workers:
        if stale:
            import_charting_meanwhile()
        loaded = load_unless_unchanged(context, warehouse, fingerprint, build_marts)
        con = wh.connect_read_only(path)
        try:
            all_counts = wh.table_counts(con)
            counts = {t: all_counts[t] for t in MART_TABLES}
            verdicts = wh.query_frame(con, wh.sql_text("internal/verdict_summary.sql"))
            report = build_report_unless_unchanged(con, folder, fingerprint, workers)
            preview = wh.query_frame(con, wh.sql_text("internal/claim_verdict_preview.sql"), limit=CLAIMS_SHOWN)
        finally:
            con.close()
    return dg.MaterializeResult(
        metadata={
            "unchanged": loaded.metadata["unchanged"],
            "fingerprint": fingerprint,
            "table_rows": dg.MetadataValue.json(counts),
            "verdicts": dg.MetadataValue.md(markdown_preview(verdicts, rows=50)),
            "claims": dg.MetadataValue.md(markdown_preview(preview, rows=CLAIMS_SHOWN, total=counts["claim_verdict"])),
            "report": dg.MetadataValue.path(str(report)),
            "dagster/row_count": counts["claim_verdict"],
        },
        data_version=loaded.data_version,
    )
