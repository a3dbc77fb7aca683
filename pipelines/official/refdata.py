"""Country, indicator and unit look-ups the parsers need, read once from data/reference/.

Codes are resolved in Polars joins (never row by row); the maps here are small dicts turned into
frames. UN Comtrade's own M49 codes (842 USA, 699 India, ...) and the areas that are no country at
all come from ``m49_overrides.csv`` so that changing them is a data change, not a code change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.config import PROJECT_ROOT, DataPaths
from pipelines.reference import normalize_name, normalize_name_expr, read_reference

# Table layouts (mapping YAML) and the group names they share: configuration shipped with the code.
MAPPINGS_DIR = PROJECT_ROOT / "data" / "official" / "mappings"
_GROUPS_CSV = "area_groups.csv"
_TABLE_NAMES_CSV = "partner_names.csv"  # groups of countries (regions, unions) that tables list beside countries


# Names are normalized by pipelines.reference.normalize_name (the one normalization); the names the
# statistics tables use beyond countries.csv and country_names.csv are rows of MAPPINGS_DIR/partner_names.csv.
_norm_name = normalize_name


@dataclass(frozen=True)
class Reference:
    countries: pl.DataFrame  # iso3, iso2, m49, name_en, name_ru, official_name_en
    m49_overrides: pl.DataFrame  # m49, iso3, name_en, action (map | drop)
    indicators: frozenset[str]
    units: pl.DataFrame  # code, is_currency
    country_names: pl.DataFrame  # variant (normalized), iso3
    area_groups: tuple[str, ...] = ()  # names of country groups, left out of tables by partner
    table_names: tuple[tuple[str, str], ...] = ()  # (variant, iso3): how statistics tables spell countries

    # --- code maps -------------------------------------------------------------------------
    @functools.cached_property
    def iso3_set(self) -> frozenset[str]:
        return frozenset(self.countries["iso3"].to_list())

    def m49_frame(self) -> pl.DataFrame:
        """m49 → iso3 (null iso3 with action 'drop' for areas that are not countries)."""
        base = self.countries.select(pl.col("m49").cast(pl.Int64), "iso3", pl.lit("map").alias("action"))
        over = self.m49_overrides.select(pl.col("m49").cast(pl.Int64), "iso3", "action")
        base = base.filter(~pl.col("m49").is_in(over["m49"].implode()))
        return pl.concat([over, base]).unique("m49", keep="first").sort("m49")

    def iso2_frame(self) -> pl.DataFrame:
        return self.countries.filter(pl.col("iso2").is_not_null()).select("iso2", "iso3")

    def name_frame(self, extra: dict[str, str] | None = None, tables: bool = False) -> pl.DataFrame:
        """Normalized country name → iso3 (value 'skip' in ``extra`` marks rows to leave out).

        ``tables``: also the statistics tables' own spellings (partner_names.csv of the mappings folder,
        kept out of the articles' gazetteer) and the names of country groups (area_groups.csv) as 'skip'.
        """
        rows: dict[str, str] = {}
        for col in ("official_name_en", "name_en", "name_ru"):
            for name, iso3 in self.countries.select(col, "iso3").iter_rows():
                if name:
                    rows[_norm_name(name)] = iso3
        rows.update({_norm_name(v): i for v, i in self.country_names.iter_rows()})
        if tables:  # a table's "Америка" is the continent, whatever articles mean by it
            rows.update({_norm_name(v): i for v, i in self.table_names})
            rows.update({_norm_name(v): "skip" for v in self.area_groups})
        rows.update({_norm_name(k): v for k, v in (extra or {}).items()})
        return pl.DataFrame(
            {"name_key": list(rows), "iso3": list(rows.values())}, schema={"name_key": pl.String, "iso3": pl.String}
        )

    def code_frame(self, kind: str) -> pl.DataFrame:
        """code_key (m49 without leading zeros, or ISO3/ISO2 in capitals) → by_code (iso3, or 'skip' for an
        M49 area marked drop)."""
        if kind == "m49":
            df = self.m49_frame().select(
                pl.col("m49").cast(pl.String).alias("code_key"),
                pl.when(pl.col("action") == "drop").then(pl.lit("skip")).otherwise(pl.col("iso3")).alias("by_code"),
            )
        elif kind in ("iso3", "iso2"):
            df = self.countries.filter(pl.col(kind).is_not_null()).select(
                pl.col(kind).alias("code_key"), pl.col("iso3").alias("by_code")
            )
        else:
            raise ValueError(f"unknown partner_code {kind!r} (m49 | iso3 | iso2)")
        return df.unique("code_key", keep="first")

    def is_currency(self, unit: str) -> bool:
        hit = self.units.filter(pl.col("code") == unit)
        return bool(hit.height and hit["is_currency"][0])

    @property
    def unit_codes(self) -> frozenset[str]:
        return frozenset(self.units["code"].to_list())


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False, encoding="utf8")


def reference_from_frames(frames: dict[str, pl.DataFrame]) -> Reference:
    """The look-ups over reference frames as ``pipelines.reference.read_reference`` gives them (the
    ``reference_data`` asset's value; m49_overrides and country_names may be absent), with the tables'
    own spellings and area groups of the mappings folder (configuration shipped with the code)."""
    countries = frames["countries"].unique("iso3", keep="first", maintain_order=True)
    countries = countries.with_columns(pl.col("m49").cast(pl.Int64, strict=False))
    over = frames.get("m49_overrides")
    if over is None:
        over = pl.DataFrame(schema={"m49": pl.String, "iso3": pl.String, "name_en": pl.String, "action": pl.String})
    over = over.with_columns(pl.col("m49").cast(pl.Int64))
    indicators = frozenset(frames["indicators"]["code"].to_list())
    units = frames["units"].select("code", pl.col("is_currency").cast(pl.Boolean))
    names = frames.get("country_names")
    names = (
        names.select(normalize_name_expr("variant").alias("variant"), "iso3")
        if names is not None
        else pl.DataFrame(schema={"variant": pl.String, "iso3": pl.String})
    )
    return Reference(countries, over, indicators, units, names, *_table_names())


def _table_names() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    groups_path = MAPPINGS_DIR / _GROUPS_CSV
    groups = tuple(_read(groups_path)["name"].to_list()) if groups_path.exists() else ()
    spell_path = MAPPINGS_DIR / _TABLE_NAMES_CSV
    spellings = tuple(_read(spell_path).select("variant", "iso3").iter_rows()) if spell_path.exists() else ()
    return groups, spellings


@functools.lru_cache(maxsize=8)
def _load(folder: str) -> Reference:
    return reference_from_frames(read_reference(Path(folder)))


def load_reference(folder: Path | None = None) -> Reference:
    """The reference data of ``folder`` (default: the project's data/reference), cached per folder."""
    return _load(str(Path(folder or DataPaths.under().reference).resolve()))
