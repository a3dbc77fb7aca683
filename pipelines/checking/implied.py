"""Implied values: a level and a growth rate stated together imply the base period's level.

"573 thousand passengers in 2024, 35% more than the year before" implies about 424 thousand in
2023. The implied figure is stored as a derived claim (``derived_from`` = the level's claim id)
with bounds propagated from both figures, and is checked like any other claim.
"""

from __future__ import annotations

import polars as pl

from pipelines import model
from pipelines.articles.corpus import stable_id

_KEY = ["source_id", "indicator", "period_start", "period_end", "entity_key", "countries_key", "direction_key"]


def implied_claims(claims: pl.DataFrame) -> pl.DataFrame:
    """Derived base-period levels for every (level, change_pct) pair on the same figure."""
    stated = claims.filter(pl.col("derived_from").is_null() & pl.col("period_start").is_not_null()).with_columns(
        entity_key=pl.col("entity").fill_null(""),
        countries_key=pl.col("countries").list.join("-"),
        direction_key=pl.concat_str(
            [pl.col("exporter").fill_null(""), pl.col("importer").fill_null("")], separator=">"
        ),
    )
    levels = stated.filter(pl.col("measure") == "level")
    growth = stated.filter(pl.col("measure") == "change_pct").select(
        *_KEY, "claim_id", "value", "value_low", "value_high", "base_period_start", "base_period_end"
    )
    pairs = levels.join(growth, on=_KEY, suffix="_g", how="inner")
    if pairs.height == 0:
        return model.empty(model.CLAIM)
    factor = 1 + pl.col("value_g") / 100
    derived = pairs.with_columns(
        value=pl.col("value") / factor,
        # The lowest base comes from the lowest level and the highest growth, and vice versa.
        value_low=pl.col("value_low") / (1 + pl.col("value_high_g") / 100),
        value_high=pl.col("value_high") / (1 + pl.col("value_low_g") / 100),
        qualifier=pl.lit("about"),
        record=pl.lit(False),
        period_start=pl.coalesce("base_period_start_g", pl.col("period_start").dt.offset_by("-1y")),
        period_end=pl.coalesce("base_period_end_g", pl.col("period_end").dt.offset_by("-1y")),
        base_period_start=pl.lit(None, dtype=pl.Date),
        base_period_end=pl.lit(None, dtype=pl.Date),
        derived_from=pl.col("claim_id"),
        claim_id=pl.struct("claim_id", "claim_id_g").map_elements(
            lambda s: stable_id(s["claim_id"], s["claim_id_g"], "implied"), return_dtype=pl.String
        ),
    )
    return model.conform(derived, model.CLAIM)
