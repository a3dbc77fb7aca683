"""Official-source assets: one per provider folder under data/official/, parsed, normalized, validated."""


from datetime import timedelta

import dagster as dg
import polars as pl

from pipelines import config, model
from pipelines.defs.checks import SUITE_CODE, carried_over_checks, suite_check_results, suite_check_specs
from pipelines.fingerprint import code_fingerprint, content_fingerprint
from pipelines.official.freshness import snapshot_freshness
from pipelines.defs.metadata import frame_metadata, markdown_preview
from pipelines.load import Staged, loaded_releases, name_inputs, release_counts
from pipelines.defs.resources import WarehouseResource


def official_asset_name(provider: str) -> str:
    return f"official_{provider}"


def build_official_asset(provider: str) -> dg.AssetsDefinition:
    name = official_asset_name(provider)

    @dg.asset(
        name=name,
        group_name="official",
        kinds={"polars", "great_expectations"},
        check_specs=[*suite_check_specs(name, "observations"),
                     dg.AssetCheckSpec("snapshot_freshness", asset=name,
                                       description="The newest snapshot is no older than the provider's cadence "
                                                   "(data/reference/providers.csv).")],
        # Materialization freshness: the daily schedule should have re-read the snapshots within two days.
        freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(days=2), warn_window=timedelta(days=1)),
        description=f"Official snapshots of provider '{provider}' (data/official/{provider}/): each file checked "
                    "against its manifest's sha256, parsed, normalized to observations and validated.",
    )
    def _asset(context: dg.AssetExecutionContext, reference_data: dict, warehouse: WarehouseResource):
        from pipelines.official import load_provider

        batch = load_provider(config.official_dir(), provider)
        for row in batch.refused.iter_rows(named=True):
            context.log.warning(f"official file refused: {row['input_name']}: {row['reason']}")
        live = warehouse.resolved_path()
        counts, loaded = release_counts(live), loaded_releases(live)
        fingerprint = content_fingerprint(code_fingerprint(*SUITE_CODE), batch.observations, batch.releases,
                                          reference_data, counts, sorted(loaded))
        checks = carried_over_checks(context, name, "observations", fingerprint)
        if checks is None:
            from pipelines.quality import validate_observations  # imports Great Expectations

            result = validate_observations(batch.observations, reference_data, batch.releases, counts, loaded)
            obs, refused_rows = result.good, name_inputs(result.quarantine, batch.sources)
            checks = suite_check_results(result, name, "observations", fingerprint)
        else:  # both checks passed on this input: every row is good
            obs, refused_rows = batch.observations, model.empty(model.QUARANTINE)
        staged = Staged(
            tables={"source": batch.sources, "release": batch.releases, "observation": obs},
            quarantine=pl.concat([batch.refused.with_columns(("official/" + pl.col("input_name")).alias("input_name")),
                                  refused_rows], how="vertical"),
            summary={"observations": obs.height, "releases": batch.releases.height},
        )
        periods = (f"{obs['period_start'].min()} .. {obs['period_end'].max()}" if obs.height else "none")
        yield dg.Output(
            staged,
            metadata={
                **frame_metadata(obs, ["indicator", "reporter", "partner", "flow", "period_start", "period_end",
                                       "value", "unit", "release_id"]),
                "periods_covered": periods,
                "releases": dg.MetadataValue.md(markdown_preview(batch.releases)),
                "sha256": dg.MetadataValue.json(sorted(batch.sources["sha256"].unique().to_list())),
                "refused_files": batch.refused.height,
            },
        )
        yield from checks
        fresh = snapshot_freshness(provider, batch.releases, reference_data.get("providers"))
        yield dg.AssetCheckResult(
            asset_key=name, check_name="snapshot_freshness", passed=not fresh.late,
            severity=dg.AssetCheckSeverity.WARN, description=fresh.reason,
            metadata={"newest_retrieved": str(fresh.newest_retrieved), "age_days": fresh.age_days,
                      "cadence_days": fresh.cadence_days},
        )

    return _asset
