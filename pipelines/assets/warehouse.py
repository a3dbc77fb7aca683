"""Warehouse load assets: staged frames into DuckDB, one transaction each, serialized by a pool."""


import dagster as dg

from pipelines import load, warehouse as wh
from pipelines.load import Staged
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


def official_load_name(provider: str) -> str:
    return f"warehouse_official_{provider}"


def build_official_load(provider: str, staged_asset: str) -> dg.AssetsDefinition:
    """One load per provider, so a provider whose blocking check fails holds back only its own data."""

    @dg.asset(
        name=official_load_name(provider),
        group_name="warehouse",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        ins={"staged": dg.AssetIn(staged_asset)},
        deps=["warehouse_reference"],
        description=f"Sources, releases and observations of provider '{provider}', loaded in one transaction; "
                    "a release already loaded is replaced by the same rows, a new release adds rows.",
    )
    def _asset(context: dg.AssetExecutionContext, staged: Staged, warehouse: WarehouseResource):
        path = warehouse.resolved_path()
        with wh.writing(path) as con:
            inserted = load.load_staged(con, staged)
            counts = wh.table_counts(con)
        return dg.MaterializeResult(metadata=_load_metadata(path, inserted, counts))

    return _asset
