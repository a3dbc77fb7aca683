"""The code location loads, with every asset, check and job it promises."""

from __future__ import annotations

import dagster as dg

from pipelines.config import DataPaths
from pipelines.definitions import MAIN_JOB, defs
from pipelines.reference import provider_ids

PROVIDERS = provider_ids(DataPaths.under().reference)


def test_definitions_load_with_assets_checks_and_jobs():
    dg.Definitions.validate_loadable(defs)
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    expected = {
        "reference_data",
        "article_corpus",
        "article_claims",
        "warehouse_reference",
        "warehouse_articles",
        "claim_checks",
        *(f"official_{p}" for p in PROVIDERS),
        *(f"warehouse_official_{p}" for p in PROVIDERS),
    }
    assert expected <= keys
    assert PROVIDERS, "no official provider in data/reference/providers.csv"
    graph = defs.resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert ("article_claims", "claims_table") in checks and ("article_claims", "claims_rows") in checks
    assert ("reference_data", "reference_table") in checks
    assert all((f"official_{p}", "observations_table") in checks for p in PROVIDERS)
    assert defs.resolve_job_def(MAIN_JOB) is not None


def test_jobs_select_what_they_promise():
    graph = defs.resolve_asset_graph()
    official = {k.to_user_string() for k in defs.resolve_job_def("official_refresh").asset_layer.selected_asset_keys}
    articles = {k.to_user_string() for k in defs.resolve_job_def("articles_refresh").asset_layer.selected_asset_keys}
    assert {"reference_data", "warehouse_reference", "claim_checks"} <= official
    assert all(f"warehouse_official_{p}" in official for p in PROVIDERS)
    assert not {"article_claims", "warehouse_articles"} & official
    assert {"article_inbox", "article_corpus", "article_claims", "warehouse_articles", "claim_checks"} <= articles
    assert not any(k.startswith("official_") or k.startswith("warehouse_official") for k in articles)
    assert len(graph.get_all_asset_keys()) == len({k.to_user_string() for k in defs.resolve_all_asset_keys()})
