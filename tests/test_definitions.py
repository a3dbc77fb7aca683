"""The code location loads, with every asset, check and job it promises."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import MAIN_JOB, PROVIDERS, defs


def test_definitions_load_with_assets_checks_and_jobs():
    dg.Definitions.validate_loadable(defs)
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    expected = {"reference_data", "article_corpus", "article_claims", "warehouse_reference", "warehouse_articles",
                "warehouse_official", *(f"official_{p}" for p in PROVIDERS)}
    assert expected <= keys
    assert PROVIDERS, "no official provider folder under data/official"
    graph = defs.resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert ("article_claims", "claims_table") in checks and ("article_claims", "claims_rows") in checks
    assert ("reference_data", "reference_table") in checks
    assert all((f"official_{p}", "observations_table") in checks for p in PROVIDERS)
    assert defs.resolve_job_def(MAIN_JOB) is not None
