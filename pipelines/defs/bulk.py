"""Bulk official files (data/bulk/<provider>/, e.g. UN Comtrade bulk CSV) into trade_commodity."""

import dagster as dg
import polars as pl

from pipelines.defs.checks import gx_names
from pipelines.defs.metadata import markdown_preview
from pipelines.defs.resources import DataPathsResource, WarehouseResource
from pipelines.defs.warehouse import WAREHOUSE_POOL

ASSET = "warehouse_trade_commodity"


@dg.asset(
    name=ASSET,
    group_name="warehouse",
    kinds={"duckdb", "great_expectations"},
    pool=WAREHOUSE_POOL,
    deps=["warehouse_reference"],
    check_specs=[
        dg.AssetCheckSpec(
            "trade_commodity_rows",
            asset=ASSET,
            description="Row-level checks in DuckDB SQL (value numeric and not negative, known "
            "reporter and partner, valid period, unique key): failing rows are "
            "quarantined (WARN), the rest load; unusable files are named here.",
        ),
        dg.AssetCheckSpec(
            "trade_commodity_aggregates",
            asset=ASSET,
            blocking=True,
            description="Great Expectations suite on per (reporter, year, flow) aggregates, "
            "against the previous release: a failure keeps the whole file out (ERROR).",
        ),
    ],
    description="Bulk official files under data/bulk/<provider>/ (format comtrade_bulk_csv, each with its "
    "manifest), each loaded into trade_commodity in its own transaction; a file already loaded is "
    "not read again.",
)
def warehouse_trade_commodity(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, paths: DataPathsResource
):
    from pipelines.official.bulk_files import ingest_bulk_folder

    folders = paths.paths()
    with gx_names(context, "warehouse_trade_commodity"):
        outcomes = ingest_bulk_folder(
            folders.bulk,
            warehouse.resolved_path(),
            run_id=context.run_id,
            log=context.log.warning,
            reference=folders.reference,
        )
    loaded = [o for o in outcomes if o.status == "loaded"]
    refused = [o for o in outcomes if o.status == "refused"]
    unusable = [o for o in outcomes if o.status == "unusable"]
    table = pl.DataFrame(
        [
            {
                "file": o.name,
                "status": o.status,
                "loaded": o.result.loaded if o.result else None,
                "quarantined": o.result.quarantined if o.result else None,
                "reason": o.reason,
            }
            for o in outcomes
        ],
        schema={
            "file": pl.String,
            "status": pl.String,
            "loaded": pl.Int64,
            "quarantined": pl.Int64,
            "reason": pl.String,
        },
    )
    quarantined = {o.name: o.result.refused_by_check for o in loaded if o.result.quarantined}
    yield dg.MaterializeResult(
        metadata={
            "files": dg.MetadataValue.md(markdown_preview(table, rows=50)),
            "files_loaded": len(loaded),
            "files_unchanged": sum(o.status == "unchanged" for o in outcomes),
            "files_refused": len(refused) + len(unusable),
            "dagster/row_count": sum(o.result.loaded for o in loaded),
            "folder": dg.MetadataValue.path(str(folders.bulk)),
        }
    )
    row_desc = []
    if quarantined:
        row_desc.append("rows quarantined: " + "; ".join(f"{k}: {v}" for k, v in quarantined.items()))
    if unusable:
        row_desc.append("files not loaded: " + "; ".join(f"{o.name}: {o.reason}" for o in unusable))
    yield dg.AssetCheckResult(
        check_name="trade_commodity_rows",
        passed=not quarantined and not unusable,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(row_desc)
        or (f"{len(loaded)} file(s) loaded, every row passed" if loaded else "no new or changed bulk file"),
        metadata={"quarantined_rows": dg.MetadataValue.json(quarantined), "unusable_files": len(unusable)},
    )
    yield dg.AssetCheckResult(
        check_name="trade_commodity_aggregates",
        passed=not refused,
        severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(o.reason for o in refused)
        or (f"{len(loaded)} file(s) passed" if loaded else "no new or changed bulk file"),
        metadata={"refused_files": dg.MetadataValue.json([o.name for o in refused])},
    )
