"""Reference data (countries, indicators, units, organisations) read from data/reference/*.csv."""

from __future__ import annotations

from pathlib import Path

import polars as pl

# CSV stem → warehouse table. A CSV not listed here is an error, not silently ignored.
REFERENCE_TABLES = {
    "countries": "ref_country",
    "country_names": "ref_country_name",
    "indicators": "ref_indicator",
    "units": "ref_unit",
    "indicator_units": "ref_indicator_unit",
    "organisations": "ref_organisation",
    "organisation_names": "ref_organisation_name",
    "m49_overrides": "ref_m49_override",
    "providers": "ref_provider",
    "corrections": "corrections",  # known errors in official figures, recorded by hand (honoured by every verdict)
}

_TYPES = {
    "m49": pl.Int64,
    "cadence_days": pl.Int64,
    "is_currency": pl.Boolean,
}


class ReferenceError(ValueError):
    pass


def read_reference(folder: Path) -> dict[str, pl.DataFrame]:
    """Every reference CSV as a frame keyed by file stem; values stay as written except typed columns."""
    frames = {}
    for path in sorted(Path(folder).glob("*.csv")):
        if path.stem not in REFERENCE_TABLES:
            raise ReferenceError(f"{path.name}: unknown reference file (known: {', '.join(REFERENCE_TABLES)})")
        try:
            df = pl.read_csv(path, infer_schema=False, encoding="utf8")
        except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
            raise ReferenceError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc
        casts = [(pl.col(c).str.to_lowercase() == "true") if t == pl.Boolean else pl.col(c).cast(t)
                 for c, t in _TYPES.items() if c in df.columns]
        frames[path.stem] = df.with_columns(casts) if casts else df
    return frames
