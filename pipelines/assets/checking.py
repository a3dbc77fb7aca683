"""Claim checking: the SQL marts (candidates, verdicts, records) rebuilt after every load, and the report."""

import dagster as dg

from pipelines import config, warehouse as wh
from pipelines.assets.metadata import markdown_preview
from pipelines.assets.warehouse import WAREHOUSE_POOL
from pipelines.checking.marts import rebuild_marts
from pipelines.report import build_report
from pipelines.resources import WarehouseResource

def build_claim_checks(official_loads: list[str]) -> dg.AssetsDefinition:
    return dg.asset(
        name="claim_checks",
        group_name="checking",
        kinds={"duckdb", "html"},
        pool=WAREHOUSE_POOL,
        deps=["warehouse_articles", *official_loads],
    description="Every claim matched to official figures from both reporters, on the data published by the "
                "article's date and on the latest data, with a verdict and its reason; record claims checked "
                "against the official history; and the HTML report with one chart per series.",
    )(_claim_checks)


def _claim_checks(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    path = warehouse.resolved_path()
    with wh.writing(path) as con:
        counts = rebuild_marts(con)
        verdicts = wh.query_frame(con, wh.sql_text("internal/verdict_summary.sql"))
    con = wh.connect_read_only(path)
    try:
        report = build_report(con, config.reports_dir())
        preview = wh.query_frame(con, wh.sql_text("internal/claim_verdict_preview.sql"))
    finally:
        con.close()
    return dg.MaterializeResult(metadata={
        "table_rows": dg.MetadataValue.json(counts),
        "verdicts": dg.MetadataValue.md(markdown_preview(verdicts, rows=50)),
        "claims": dg.MetadataValue.md(markdown_preview(preview, rows=30)),
        "report": dg.MetadataValue.path(str(report)),
        "dagster/row_count": counts["claim_verdict"],
    })
