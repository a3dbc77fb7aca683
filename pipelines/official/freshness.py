"""Is an official source late? Its newest snapshot's retrieval date against the provider's cadence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl


@dataclass
class Freshness:
    provider: str
    newest_retrieved: date | None
    age_days: int | None
    cadence_days: int | None
    late: bool
    reason: str


def snapshot_freshness(
    provider: str, releases: pl.DataFrame, providers: pl.DataFrame | None, today: date | None = None
) -> Freshness:
    today = today or date.today()
    cadence = None
    if providers is not None and providers.height:
        row = providers.filter(pl.col("provider") == provider)
        cadence = int(row["cadence_days"][0]) if row.height else None
    dates = releases["retrieved_at"].drop_nulls() if releases.height else pl.Series([], dtype=pl.Date)
    newest = dates.max() if dates.len() else None
    if cadence is None:
        return Freshness(
            provider,
            newest,
            None,
            None,
            True,
            f"no cadence known for provider '{provider}' (add it to data/reference/providers.csv)",
        )
    if newest is None:
        return Freshness(provider, None, None, cadence, True, "no snapshot with a retrieval date")
    age = (today - newest).days
    late = age > cadence
    return Freshness(
        provider,
        newest,
        age,
        cadence,
        late,
        f"newest snapshot retrieved {newest}, {age} day(s) ago; expected at least every {cadence} day(s)"
        + (": LATE" if late else ""),
    )
