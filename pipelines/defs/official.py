"""Official-source assets: one per provider folder under data/official/, parsed, normalized, validated."""

from datetime import timedelta
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines import model
from pipelines.defs.checks import SUITE_CODE, carried_over_checks, suite_check_results, suite_check_specs, validated
from pipelines.defs.metadata import frame_metadata, markdown_preview
from pipelines.defs.resources import DataPathsResource, WarehouseResource
from pipelines.fingerprint import content_fingerprint
from pipelines.load import Staged, loaded_releases, name_inputs, release_counts
from pipelines.official.freshness import snapshot_freshness


def official_asset_name(provider: str) -> str:
    return f"official_{provider}"


def _validated(
    context: dg.AssetExecutionContext, name: str, batch, reference_data: dict, live: Path, docs: Path, no_files: bool
) -> tuple[pl.DataFrame, pl.DataFrame, list]:
    """(good observations, refused rows, the suite's checks): validated, carried over from a run on the same
    input, or, for a provider with no files, nothing to validate."""
    if no_files:
        return (
            batch.observations,
            model.empty(model.QUARANTINE),
            suite_check_results(
                None, name, "observations", None, nothing="no files in the provider's folder: nothing to validate"
            ),
        )
    counts, loaded = release_counts(live), loaded_releases(live)
    fingerprint = content_fingerprint(
        SUITE_CODE.fingerprint(), batch.observations, batch.releases, reference_data, counts, sorted(loaded)
    )
    checks = carried_over_checks(context, name, "observations", fingerprint)
    if checks is not None:  # both checks passed on this input: every row is good
        return batch.observations, model.empty(model.QUARANTINE), checks
    args = (batch.observations, reference_data, batch.releases, counts, loaded)
    result, index = validated(context, name, "validate_observations", args, docs)
    return (
        result.good,
        name_inputs(result.quarantine, batch.sources),
        suite_check_results(result, name, "observations", index, fingerprint),
    )


def build_official_asset(provider: str) -> dg.AssetsDefinition:
    name = official_asset_name(provider)

    @dg.asset(
        name=name,
        group_name="official",
        kinds={"polars", "great_expectations"},
        check_specs=[
            *suite_check_specs(name, "observations"),
            dg.AssetCheckSpec(
                "snapshot_freshness",
                asset=name,
                description="The newest snapshot is no older than the provider's cadence "
                "(data/reference/providers.csv).",
            ),
        ],
        # Materialization freshness: the daily schedule should have re-read the snapshots within two days.
        freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(days=2), warn_window=timedelta(days=1)),
        description=f"Official snapshots of provider '{provider}' (data/official/{provider}/): each file checked "
        "against its manifest's sha256, parsed, normalized to observations and validated.",
    )
    def _asset(
        context: dg.AssetExecutionContext, reference_data: dict, warehouse: WarehouseResource, paths: DataPathsResource
    ):
        from pipelines.official import load_provider
        from pipelines.official.refdata import reference_from_frames

        folder = paths.paths()
        batch = load_provider(folder.official, provider, reference_from_frames(reference_data))
        no_files = not batch.sources.height and not batch.refused.height
        if no_files:
            context.log.info(f"provider {provider}: no files under official/{provider}/; nothing to load")
        for row in batch.refused.iter_rows(named=True):
            context.log.warning(f"official file refused: {row['input_name']}: {row['reason']}")
        obs, refused_rows, checks = _validated(
            context, name, batch, reference_data, warehouse.resolved_path(), folder.data_docs, no_files
        )
        staged = Staged(
            tables={"source": batch.sources, "release": batch.releases, "observation": obs},
            quarantine=pl.concat(
                [batch.refused.with_columns(("official/" + pl.col("input_name")).alias("input_name")), refused_rows],
                how="vertical",
            ),
            summary={"observations": obs.height, "releases": batch.releases.height},
        )
        periods = f"{obs['period_start'].min()} .. {obs['period_end'].max()}" if obs.height else "none"
        yield dg.Output(
            staged,
            metadata={
                **frame_metadata(
                    obs,
                    [
                        "indicator",
                        "reporter",
                        "partner",
                        "flow",
                        "period_start",
                        "period_end",
                        "value",
                        "unit",
                        "release_id",
                    ],
                ),
                "periods_covered": periods,
                "releases": dg.MetadataValue.md(markdown_preview(batch.releases)),
                "sha256": dg.MetadataValue.json(sorted(batch.sources["sha256"].unique().to_list())),
                "refused_files": batch.refused.height,
                "files": "none: nothing loaded" if no_files else batch.sources.height + batch.refused.height,
            },
        )
        yield from checks
        fresh = snapshot_freshness(provider, batch.releases, reference_data.get("providers"))
        # A provider listed in providers.csv with no snapshot yet has nothing that could be late.
        yield dg.AssetCheckResult(
            asset_key=name,
            check_name="snapshot_freshness",
            passed=no_files or not fresh.late,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"no files under official/{provider}/ yet" if no_files else fresh.reason,
            metadata={
                "newest_retrieved": str(fresh.newest_retrieved),
                "age_days": fresh.age_days,
                "cadence_days": fresh.cadence_days,
            },
        )

    return _asset
