"""Official assets in process (dg.materialize with test resources on a private copy of data/): a provider
with files loads them; a provider listed in providers.csv with no files loads nothing and says so."""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.defs.metadata import markdown_preview
from pipelines.defs.official import build_official_asset
from pipelines.defs.reference import reference_data
from pipelines.defs.warehouse import build_official_load, warehouse_reference
from tests.helpers.corridor import test_resources

# Dagster materializations in process on the shipped reference and national data (~10 s each)
pytestmark = pytest.mark.slow


def _materialize(paths, provider: str) -> dg.ExecuteInProcessResult:
    assets = [
        reference_data,
        warehouse_reference,
        build_official_asset(provider),
        build_official_load(provider, f"official_{provider}"),
    ]
    return dg.materialize(
        assets, resources=test_resources(paths), instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def _releases(paths, provider: str) -> int:
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM release WHERE provider = ?", [provider]).fetchone()[0]
    finally:
        con.close()


def test_a_provider_with_files_loads_them(data_paths):
    result = _materialize(data_paths, "press")
    assert result.success
    meta = result.asset_materializations_for_node("official_press")[0].metadata
    assert meta["dagster/row_count"].value > 0 and meta["files"].value >= 1
    assert _releases(data_paths, "press") > 0


def test_a_provider_with_no_files_loads_nothing_and_says_so(data_paths):
    assert not (data_paths.official / "imf").exists()
    result = _materialize(data_paths, "imf")
    assert result.success
    meta = result.asset_materializations_for_node("official_imf")[0].metadata
    assert meta["files"].value == "none: nothing loaded" and meta["dagster/row_count"].value == 0
    checks = {
        c.check_name: c for c in result.get_asset_check_evaluations() if c.asset_key == dg.AssetKey("official_imf")
    }
    assert set(checks) == {"observations_rows", "observations_table", "snapshot_freshness"}
    assert all(c.passed and "no files" in c.description for c in checks.values())
    assert _releases(data_paths, "imf") == 0


def test_a_preview_of_the_first_rows_counts_the_rest_of_the_whole_result():
    head = pl.DataFrame({"claim": ["a", "b"]})
    assert markdown_preview(head, rows=2, total=10).endswith("… 8 more rows")
    assert "more rows" not in markdown_preview(head, rows=2)
    assert markdown_preview(pl.DataFrame({"claim": list("abc")}), rows=2).endswith("… 1 more rows")
