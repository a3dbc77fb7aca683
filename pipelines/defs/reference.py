"""The reference data asset: data/reference/*.csv, validated by the reference suite."""

import dagster as dg

from pipelines.defs.checks import SUITE_CODE, carried_over_checks, suite_check_results, suite_check_specs, validated
from pipelines.defs.resources import DataPathsResource
from pipelines.fingerprint import content_fingerprint
from pipelines.reference import read_reference


@dg.asset(
    group_name="reference",
    kinds={"polars", "csv"},
    check_specs=suite_check_specs("reference_data", "reference"),
    description="Countries (names and inflections), indicators, units and organisations from data/reference/.",
)
def reference_data(context: dg.AssetExecutionContext, paths: DataPathsResource):
    folder = paths.paths().reference
    frames = read_reference(folder)
    fingerprint = content_fingerprint(SUITE_CODE.fingerprint(), frames)
    checks = carried_over_checks(context, "reference_data", "reference", fingerprint)
    if checks is None:
        result, index = validated(context, "reference_data", "validate_reference", (frames,), paths.paths().data_docs)
        checks = suite_check_results(result, "reference_data", "reference", index, fingerprint)
    yield dg.Output(
        frames,
        metadata={
            "tables": dg.MetadataValue.json({k: v.height for k, v in frames.items()}),
            "dagster/row_count": sum(v.height for v in frames.values()),
            "folder": dg.MetadataValue.path(str(folder)),
        },
    )
    yield from checks
