"""Warehouse load assets: staged frames into DuckDB, one transaction each, serialized by a pool."""


import dagster as dg

from pipelines import load, warehouse as wh
from pipelines.load import Staged, concat_staged
from pipelines.reference import REFERENCE_TABLES
from pipelines.resources import WarehouseResource

# Dagster pool shared by every asset that writes the DuckDB file: overlapping runs queue, not fail.
WAREHOUSE_POOL = "duckdb_warehouse"


def _load_metadata(path, inserted: dict[str, int], counts: dict[str, int]) -> dict:
    return {
        "warehouse": dg.MetadataValue.path(str(path)),
        "rows_loaded": dg.MetadataValue.json(inserted),
        "table_rows": dg.MetadataValue.json(counts),
        "dagster/row_count": sum(inserted.values()),
    }


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    description="Reference tables (ref_*) replaced in full from the validated reference data.",
)
def warehouse_reference(context: dg.AssetExecutionContext, reference_data: dict, warehouse: WarehouseResource):
    path = warehouse.resolved_path()
    with wh.writing(path) as con:
        inserted = load.load_reference(con, reference_data, REFERENCE_TABLES)
        counts = wh.table_counts(con)
    return dg.MaterializeResult(metadata=_load_metadata(path, inserted, counts))


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=["warehouse_reference"],
    description="Article sources, their normalized text and their claims (plus refused rows in quarantine), "
                "loaded in one transaction; a rerun replaces the same rows.",
)
def warehouse_articles(context: dg.AssetExecutionContext, article_claims: Staged, warehouse: WarehouseResource):
    path = warehouse.resolved_path()
    with wh.writing(path) as con:
        inserted = load.load_staged(con, article_claims)
        counts = wh.table_counts(con)
    return dg.MaterializeResult(metadata=_load_metadata(path, inserted, counts))


def build_official_load(provider_assets: list[str]) -> dg.AssetsDefinition:
    @dg.asset(
        name="warehouse_official",
        group_name="warehouse",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        ins={name: dg.AssetIn(name) for name in provider_assets},
        deps=["warehouse_reference"],
        description="Official sources, releases and observations of every provider, loaded in one transaction; "
                    "a release already loaded is replaced by the same rows, a new release adds rows.",
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource, **staged: Staged):
        path = warehouse.resolved_path()
        with wh.writing(path) as con:
            inserted = load.load_staged(con, concat_staged(list(staged.values())))
            counts = wh.table_counts(con)
        return dg.MaterializeResult(metadata=_load_metadata(path, inserted, counts))

    return _asset
