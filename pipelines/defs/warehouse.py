"""Warehouse load assets: staged frames into DuckDB, one transaction each, serialized by a pool; a load
whose content the warehouse already holds writes nothing."""

from collections.abc import Callable

import dagster as dg
import polars as pl

from pipelines import load
from pipelines import warehouse as wh
from pipelines.articles.retire import retire_articles
from pipelines.defs.resources import DataPathsResource, WarehouseResource
from pipelines.fingerprint import content_fingerprint
from pipelines.load import Staged
from pipelines.official.read import misnamed_providers
from pipelines.reference import REFERENCE_TABLES

# Dagster pool shared by every asset that writes the DuckDB file: overlapping runs queue, not fail.
WAREHOUSE_POOL = "duckdb_warehouse"


def load_unless_unchanged(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    fingerprint: str,
    write: Callable[[object], dict[str, int]],
    settled: str | None = None,
) -> dg.MaterializeResult:
    """Run ``write(con)`` in one warehouse transaction and record ``fingerprint`` with it, unless the
    warehouse already records this fingerprint for this asset: then nothing is written (the file is not
    even opened to write). The fingerprint is the materialization's data version."""
    target = context.asset_key.to_user_string()
    path = warehouse.resolved_path()
    written, inserted = load.write_unless_unchanged(path, target, fingerprint, write, context.run_id, settled)
    if not written:
        context.log.info(
            f"{target}: the warehouse already holds this content (fingerprint {fingerprint[:12]}); nothing written"
        )
    inserted, unchanged = inserted or {}, not written
    con = wh.connect_read_only(path)
    try:
        counts = wh.table_counts(con)
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={
            "warehouse": dg.MetadataValue.path(str(path)),
            "unchanged": unchanged,
            "rows_loaded": dg.MetadataValue.json(inserted),
            "table_rows": dg.MetadataValue.json(counts),
            "fingerprint": fingerprint,
            "dagster/row_count": sum(inserted.values()),
        },
        data_version=dg.DataVersion(fingerprint[:20]),
    )


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    description="Reference tables (ref_*) replaced in full from the validated reference data.",
)
def warehouse_reference(
    context: dg.AssetExecutionContext, reference_data: dict, warehouse: WarehouseResource, paths: DataPathsResource
):
    frames = {stem: reference_data[stem] for stem in REFERENCE_TABLES if stem in reference_data}
    # Folders of snapshots that are not read (not a provider of providers.csv, a name outside the rules, a
    # link) are refused here, by name: they have no asset of their own.
    known = reference_data["providers"]["provider"].to_list() if "providers" in reference_data else []
    folders = misnamed_providers(paths.paths().official, known).with_columns(
        ("official/" + pl.col("input_name")).alias("input_name")
    )  # named by their path under data/
    for row in folders.iter_rows(named=True):
        context.log.warning(f"official folder refused: {row['input_name']}: {row['reason']}")
    fingerprint = content_fingerprint(load.LOAD_CODE.fingerprint(), frames, folders)

    def write(con) -> dict[str, int]:
        out = load.load_reference(con, frames, REFERENCE_TABLES)
        wh.delete_matching(con, "quarantine", pl.DataFrame({"dataset": ["official_folder"]}))
        out["quarantine"] = wh.insert(con, "quarantine", folders)
        return out

    return load_unless_unchanged(context, warehouse, fingerprint, write)


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=["warehouse_reference"],
    description="Article sources, their normalized text and their claims (plus refused rows in quarantine), "
    "loaded in one transaction; a rerun replaces the same rows.",
)
def warehouse_articles(context: dg.AssetExecutionContext, article_claims: Staged, warehouse: WarehouseResource):
    def write(con) -> dict[str, int]:
        inserted = load.load_staged(con, article_claims)
        # articles no longer in the corpus (removed, or edited into new content) retire their claims
        retired = retire_articles(con, article_claims.tables["source"])
        if retired["articles_retired"]:
            context.log.info(
                f"{retired['articles_retired']} article(s) left the corpus; "
                f"{retired['claims_retired']} claim(s) moved to claim_history"
            )
        return {**inserted, "claim_history": retired["claims_retired"]}

    return load_unless_unchanged(
        context, warehouse, load.staged_fingerprint(article_claims), write, article_claims.settled_fingerprint
    )


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
        return load_unless_unchanged(
            context, warehouse, load.staged_fingerprint(staged), lambda con: load.load_staged(con, staged)
        )

    return _asset
