"""The code location for Celery workers: the same assets as the single-process one, article extraction in
shards that cover every article once, and the Celery executor on every job."""

from __future__ import annotations

import dagster as dg
import polars as pl

from pipelines.articles.corpus import shard_of
from pipelines.defs.build import build_defs
from pipelines.defs.celery import build_celery_defs


def _keys(defs) -> set[str]:
    return {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}


def test_the_celery_location_adds_shards_and_the_celery_executor():
    celery, single = build_celery_defs(shards=3), build_defs()
    shards = {f"article_figures_{i}" for i in range(3)}
    assert _keys(celery) == _keys(single) | shards
    graph = celery.resolve_asset_graph()
    claims_parents = {k.to_user_string() for k in graph.get(dg.AssetKey("article_claims")).parent_keys}
    assert shards <= claims_parents
    assert celery.resolve_job_def("corridor_main").executor_def.name == "corridor_celery"


def test_shards_cover_every_article_once_and_are_stable():
    ids = pl.Series("source_id", [f"article:{i:016x}" for i in range(0, 10**6, 997)])
    frame = pl.DataFrame({"source_id": ids})
    shard = frame.select(shard_of(pl.col("source_id"), 4)).to_series()
    assert set(shard.unique()) == {0, 1, 2, 3}
    assert shard.equals(frame.select(shard_of(pl.col("source_id"), 4)).to_series())
    assert shard.value_counts()["count"].min() > len(ids) / 8  # no shard nearly empty
