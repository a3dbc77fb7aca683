"""Reference data (countries, indicators, units, organisations) read from data/reference/*.csv."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from pipelines.model import CorridorError

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


class ReferenceFileError(CorridorError, ValueError):
    """A reference CSV that cannot be used (unknown, unreadable)."""


# Latin letters typed inside Cyrillic names ("Китaй" with a Latin a) read as their Cyrillic twins.
_HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}
# A footnote mark after a name ("Всего 2", "Export of goods1", "Россия¹"): not part of the name.
# Only after a letter: "2023" or "Страна-6" keep their digits.
_NAME_FOOTNOTE = r"([^\W\d_])\s*[0-9¹²³⁴⁵⁶⁷⁸⁹]{1,2}\)?$"


def normalize_name(s: str) -> str:
    """The one normalization of a country (or organisation) name before look-up: ё as е, lower case, runs
    of spaces as one, Latin look-alikes inside Cyrillic names as Cyrillic, a footnote mark after a name
    and surrounding punctuation dropped."""
    s = s.replace("ё", "е").replace("Ё", "Е").strip().lower()
    s = re.sub(r"[\s\u00a0]+", " ", s)
    if re.search(r"[а-я]", s):
        s = "".join(_HOMOGLYPHS.get(ch, ch) for ch in s)
    s = re.sub(_NAME_FOOTNOTE, r"\1", s)
    return s.strip(" .:*¹²³")


def normalize_name_expr(col: str) -> pl.Expr:
    """``normalize_name`` as a Polars expression over column ``col`` (kept in step with it; a test checks)."""
    c = (
        pl.col(col)
        .str.replace_all("ё", "е")
        .str.replace_all("Ё", "Е")
        .str.to_lowercase()
        .str.replace_all(r"[\s\u00a0]+", " ")
        .str.strip_chars()
    )
    c = (
        pl.when(c.str.contains("[а-я]"))
        .then(c.str.replace_many(list(_HOMOGLYPHS), list(_HOMOGLYPHS.values())))
        .otherwise(c)
    )
    return c.str.replace(_NAME_FOOTNOTE, "$1").str.strip_chars(" .:*¹²³")


def read_reference(folder: Path) -> dict[str, pl.DataFrame]:
    """Every reference CSV as a frame keyed by file stem; values stay as written except typed columns."""
    frames = {}
    for path in sorted(Path(folder).glob("*.csv")):
        if path.stem not in REFERENCE_TABLES:
            raise ReferenceFileError(f"{path.name}: unknown reference file (known: {', '.join(REFERENCE_TABLES)})")
        try:
            df = pl.read_csv(path, infer_schema=False, encoding="utf8")
        except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
            raise ReferenceFileError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc
        casts = [
            (pl.col(c).str.to_lowercase() == "true") if t == pl.Boolean else pl.col(c).cast(t)
            for c, t in _TYPES.items()
            if c in df.columns
        ]
        frames[path.stem] = df.with_columns(casts) if casts else df
    return frames


def provider_ids(folder: Path) -> list[str]:
    """The providers of ``folder``/providers.csv, in file order (one official asset and load each)."""
    path = Path(folder) / "providers.csv"
    if not path.is_file():
        raise ReferenceFileError(f"{path}: no providers.csv, so no official provider is known")
    return pl.read_csv(path, infer_schema=False, encoding="utf8", columns=["provider"])["provider"].to_list()
