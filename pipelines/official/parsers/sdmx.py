"""SDMX data messages (IMF IMTS / DOTS and alike): SDMX-JSON 1.0 and 2.0, SDMX-ML 2.1 generic and
structure-specific (also SDMX-ML 2.0 compact, which has the same Series/Obs shape), and SDMX-CSV.

Why not sdmx1: its readers want the data structure definition (DSD) for structure-specific
messages and fetch or guess it; offline and for a handful of dimensions a direct reader is simpler
to keep strict (every malformed bit raises OfficialFileError naming the file) and gives the same
flat table: one row per observation with every dimension and attribute as a column.

Normalization:
* dimensions: FREQ (or FREQUENCY), REF_AREA (or COUNTRY, REPORTER, ...), COUNTERPART_AREA (or
  COUNTERPART_COUNTRY, PARTNER, ...), INDICATOR; ``params.dimensions`` renames any other publisher's ids;
  areas in ISO2 (DOTS) or ISO3 (new IMF API); W00/W0/W1/G001/1W = world → WLD;
* indicator codes map to our indicators (``params.indicators`` adds or overrides):
  TXG_FOB_USD / XG_FOB_USD → trade.exports, TMG_CIF_USD / MG_CIF_USD → trade.imports (CIF),
  TMG_FOB_USD / MG_FOB_USD → trade.imports (FOB), TBG_USD → trade.balance; other codes raise;
* value × 10^UNIT_MULT (series, observation or dataset attribute; absent = 0, or ``params.unit_mult``);
* OBS_STATUS E → estimated, P → provisional, else reported; NaN/empty values are no figure.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl

from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers.common import check_numeric, fail_if_any, finish
from pipelines.official.periods import code_period_exprs
from pipelines.official.refdata import Reference, load_reference

INDICATORS = {
    "TXG_FOB_USD": ("trade.exports", "exports", "goods exports, FOB"),
    "XG_FOB_USD": ("trade.exports", "exports", "goods exports, FOB"),
    "TMG_CIF_USD": ("trade.imports", "imports", "goods imports, CIF"),
    "MG_CIF_USD": ("trade.imports", "imports", "goods imports, CIF"),
    "TMG_FOB_USD": ("trade.imports", "imports", "goods imports, FOB"),
    "MG_FOB_USD": ("trade.imports", "imports", "goods imports, FOB"),
    "TBG_USD": ("trade.balance", "balance", "goods trade balance"),
}
WORLD = {"W00", "W0", "W1", "G001", "1W", "WLD", "W"}
# Dimension ids of other publishers' trade DSDs → the IMF ids the parser works with (``params.dimensions``
# adds or overrides, e.g. {LOCATION: REF_AREA} for an OECD flow).
_ALIASES = {
    "FREQUENCY": "FREQ",
    "COUNTRY": "REF_AREA",
    "COUNTERPART_COUNTRY": "COUNTERPART_AREA",
    "JURISDICTION": "REF_AREA",
    "REPORTER": "REF_AREA",
    "REPORTING_COUNTRY": "REF_AREA",
    "PARTNER": "COUNTERPART_AREA",
    "PARTNER_COUNTRY": "COUNTERPART_AREA",
    "COUNTERPART": "COUNTERPART_AREA",
    "TIME": "TIME_PERIOD",
    "OBS_VAL": "OBS_VALUE",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --- readers: each returns a list of flat dicts (dimension/attribute id → code) ----------------------


def _referable(attributes: dict) -> dict:
    """Attributes per level without those that have no values: like sdmx1, such an attribute cannot be
    referenced and takes no position (OECD.Stat lists TIME_FORMAT with no values and indexes the next from 0)."""
    return {level: [a for a in (defs or []) if a.get("values")] for level, defs in attributes.items()}


def _decode(defs: list, idx_list: list) -> dict:
    """Component id -> value id for positional indexes into a structure's component values (None: absent)."""
    out = {}
    for d, i in zip(defs, idx_list, strict=False):
        if i is None:
            continue
        v = d["values"][int(i)]
        out[d["id"]] = v.get("id") if isinstance(v, dict) else v
    return out


def _message_parts(doc: dict) -> tuple[list, object]:
    """(structures, dataSets) of an SDMX-JSON 1.0 or 2.0 data message."""
    if "data" in doc and isinstance(doc["data"], dict):  # SDMX-JSON 2.0
        data = doc["data"]
        return data.get("structures") or ([data["structure"]] if "structure" in data else []), data.get("dataSets")
    return ([doc.get("structure")] if doc.get("structure") else []), doc.get("dataSets")  # SDMX-JSON 1.0


def _observation_rows(prefix: dict, obs: dict, obs_dims: list, obs_attrs: list, path: Path) -> list[dict]:
    rows = []
    for okey, vals in obs.items():
        row = dict(prefix)
        row.update(_decode(obs_dims, okey.split(":")))
        if not isinstance(vals, list) or not vals:
            raise OfficialFileError(path, f"observation {okey!r} is not a [value, attributes...] list")
        row["OBS_VALUE"] = vals[0]
        row.update(_decode(obs_attrs, vals[1:]))
        rows.append(row)
    return rows


def _dataset_rows(ds: dict, st: dict, path: Path) -> list[dict]:
    """One row per observation of one dataSet, with its dataSet, series and observation components."""
    dims, attrs = st["dimensions"], _referable(st.get("attributes") or {})
    base = {d["id"]: d["values"][0]["id"] for d in dims.get("dataSet", []) or [] if d.get("values")}
    base.update(_decode(attrs.get("dataSet", []) or [], ds.get("attributes") or []))
    obs_dims, obs_attrs = dims.get("observation", []) or [], attrs.get("observation", []) or []
    if "series" not in ds:
        return _observation_rows(base, ds.get("observations") or {}, obs_dims, obs_attrs, path)
    rows: list[dict] = []
    ser_dims, ser_attrs = dims.get("series", []) or [], attrs.get("series", []) or []
    for skey, s in ds["series"].items():
        prefix = dict(base)
        prefix.update(_decode(ser_dims, skey.split(":")))
        prefix.update(_decode(ser_attrs, s.get("attributes") or []))
        rows.extend(_observation_rows(prefix, s.get("observations") or {}, obs_dims, obs_attrs, path))
    return rows


def _read_json(doc: dict, path: Path) -> list[dict]:
    structures, datasets = _message_parts(doc)
    if not structures or not isinstance(datasets, list):
        raise OfficialFileError(path, "not an SDMX-JSON data message (no structure or dataSets)")
    rows: list[dict] = []
    try:
        for ds in datasets:
            st = structures[ds.get("structure", 0)] if len(structures) > 1 else structures[0]
            rows.extend(_dataset_rows(ds, st, path))
    except OfficialFileError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise OfficialFileError(
            path, f"SDMX-JSON keys do not match its structure ({type(exc).__name__}: {exc})"
        ) from exc
    return rows


def _read_xml(raw: bytes, path: Path) -> list[dict]:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise OfficialFileError(path, f"not well-formed XML (truncated?): {exc}") from exc
    kind = _local(root.tag)
    if kind == "Error" or root.find(".//{*}ErrorMessage") is not None:
        text = " ".join(t.strip() for t in root.itertext() if t.strip())
        raise OfficialFileError(path, f"the message is an SDMX error: {text[:200]}")
    datasets = [el for el in root if _local(el.tag) == "DataSet"]
    if not datasets:
        raise OfficialFileError(path, f"no DataSet in SDMX-ML message <{kind}>")
    rows: list[dict] = []
    for ds in datasets:
        generic = any(_local(c.tag) in ("SeriesKey", "ObsKey") for c in ds.iter())
        for series in (el for el in ds if _local(el.tag) in ("Series", "Obs")):
            if generic:
                rows.extend(_generic_series(series))
            elif _local(series.tag) == "Obs":  # flat structure-specific: every dimension on Obs
                rows.append(dict(series.attrib))
            else:
                base = dict(series.attrib)
                for obs in series:
                    if _local(obs.tag) == "Obs":
                        rows.append({**base, **obs.attrib})
    return rows


def _generic_series(el: ET.Element) -> list[dict]:
    def values(parent, name):
        node = next((c for c in parent if _local(c.tag) == name), None)
        return {} if node is None else {v.get("id"): v.get("value") for v in node if _local(v.tag) == "Value"}

    if _local(el.tag) == "Obs":  # no series: ObsKey holds every dimension
        obs_list, base = [el], {}
    else:
        base = {**values(el, "SeriesKey"), **values(el, "Attributes")}
        obs_list = [c for c in el if _local(c.tag) == "Obs"]
    out = []
    for obs in obs_list:
        row = dict(base)
        row.update(values(obs, "ObsKey"))
        row.update(values(obs, "Attributes"))
        for c in obs:
            if _local(c.tag) == "ObsDimension":
                row[c.get("id") or "TIME_PERIOD"] = c.get("value")
            elif _local(c.tag) == "ObsValue":
                row["OBS_VALUE"] = c.get("value")
        out.append(row)
    return out


def _read_csv(raw: bytes, path: Path) -> list[dict]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OfficialFileError(path, f"not UTF-8 ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for r in reader:
        # SDMX-CSV 2.0 labels columns "ID: Label" when labels=both; keep the id part.
        rows.append({(k or "").split(":")[0].strip(): v for k, v in r.items()})
    return rows


def read_rows(path: Path, raw: bytes | None = None, dimensions: dict | None = None) -> pl.DataFrame:
    """The message as one string column per dimension/attribute plus OBS_VALUE, whatever the syntax."""
    path = Path(path)
    raw = raw if raw is not None else path.read_bytes()
    head = raw.lstrip()[:1]
    if head == b"{":
        try:
            doc = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise OfficialFileError(path, f"not valid JSON (truncated?): {exc}") from exc
        rows = _read_json(doc, path)
    elif head == b"<":
        rows = _read_xml(raw, path)
    elif raw.lstrip(b"\xef\xbb\xbf")[:1]:
        rows = _read_csv(raw, path)
    else:
        raise OfficialFileError(path, "empty file (0 bytes): nothing to parse")
    if not rows:
        raise OfficialFileError(path, "the message holds no observations")
    names = list(dict.fromkeys(k for r in rows for k in r))
    df = pl.DataFrame(
        {k: [None if r.get(k) is None else str(r[k]) for r in rows] for k in names},
        schema={k: pl.String for k in names},
    )
    aliases = {**_ALIASES, **{str(k): str(v) for k, v in (dimensions or {}).items()}}
    return df.rename({k: v for k, v in aliases.items() if k in df.columns and v not in df.columns})


def parse(
    path: Path,
    *,
    ref: Reference | None = None,
    raw: bytes | None = None,
    indicators: dict | None = None,
    unit_mult: int | None = None,
    drop_areas: list[str] | None = None,
    dimensions: dict | None = None,
    **_,
) -> pl.DataFrame:
    """An SDMX data message of trade by partner → observations (base units).

    ``drop_areas``: area codes that are no country (e.g. IMF groups such as "U2" euro area) whose
    rows are left out instead of refusing the file.
    """
    path = Path(path)
    ref = ref or load_reference()
    df = read_rows(path, raw, dimensions)
    if drop_areas:
        for col in ("REF_AREA", "COUNTERPART_AREA"):
            if col in df.columns:
                df = df.filter(~pl.col(col).is_in(list(drop_areas)))
    need = [c for c in ("REF_AREA", "COUNTERPART_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE") if c not in df.columns]
    if need:
        raise OfficialFileError(path, f"not trade by partner: missing dimension(s) {', '.join(need)}")
    table = dict(INDICATORS)
    for code, spec in (indicators or {}).items():
        table[code] = (spec["indicator"], spec["flow"], spec.get("note", code))
    fail_if_any(df, ~pl.col("INDICATOR").is_in(list(table)), path, "unknown INDICATOR code", "INDICATOR")
    if "UNIT_MULT" not in df.columns:
        df = df.with_columns(pl.lit(None, pl.String).alias("UNIT_MULT"))
    mult = pl.col("UNIT_MULT").cast(pl.Int64, strict=False)
    fail_if_any(
        df, pl.col("UNIT_MULT").is_not_null() & mult.is_null(), path, "UNIT_MULT is not an integer", "UNIT_MULT"
    )
    raw_value = pl.col("OBS_VALUE").str.strip_chars()
    missing = raw_value.is_null() | raw_value.str.to_lowercase().is_in(["", "nan", "na", "null", "-"])
    df = df.with_columns(
        pl.when(missing).then(None).otherwise(raw_value).alias("raw_value"),
        mult.fill_null(unit_mult if unit_mult is not None else 0).alias("mult"),
    ).with_columns(pl.col("raw_value").cast(pl.Float64, strict=False).alias("number"))
    check_numeric(df, "raw_value", "number", path, "OBS_VALUE")
    df = df.filter(pl.col("number").is_not_null())
    start, end = code_period_exprs("TIME_PERIOD")
    df = df.with_columns(
        start.alias("period_start"), end.alias("period_end"), pl.col("TIME_PERIOD").alias("period_code")
    )
    fail_if_any(df, pl.col("period_start").is_null(), path, "bad TIME_PERIOD", "TIME_PERIOD")
    if "FREQ" in df.columns:
        from pipelines.official.periods import frequency_expr

        fail_if_any(
            df.with_columns(frequency_expr().alias("_f")),
            pl.col("FREQ").is_not_null() & (pl.col("FREQ") != pl.col("_f")),
            path,
            "FREQ does not match TIME_PERIOD",
            ["FREQ", "TIME_PERIOD"],
        )
    iso2 = ref.iso2_frame()

    def area(col: str, out: str) -> pl.Expr:
        c = pl.col(col).str.strip_chars().str.to_uppercase()
        return (
            pl.when(c.is_in(list(WORLD)))
            .then(pl.lit("WLD"))
            .when(c.str.len_chars() == 2)
            .then(c.replace_strict(dict(iso2.iter_rows()), default=None, return_dtype=pl.String))
            .otherwise(c)
            .alias(out)
        )

    df = df.with_columns(area("REF_AREA", "reporter"), area("COUNTERPART_AREA", "partner"))
    fail_if_any(
        df,
        pl.col("reporter").is_null() | ~pl.col("reporter").is_in(list(ref.iso3_set - {"WLD"})),
        path,
        "unknown country code in REF_AREA",
        "REF_AREA",
    )
    fail_if_any(
        df,
        pl.col("partner").is_null() | ~pl.col("partner").is_in(list(ref.iso3_set)),
        path,
        "unknown country code in COUNTERPART_AREA",
        "COUNTERPART_AREA",
    )
    status = pl.col("OBS_STATUS") if "OBS_STATUS" in df.columns else pl.lit(None, pl.String)
    df = df.with_columns(
        (pl.col("number") * pl.lit(10.0).pow(pl.col("mult"))).alias("value"),
        pl.col("INDICATOR").replace_strict({k: v[0] for k, v in table.items()}).alias("indicator"),
        pl.col("INDICATOR").replace_strict({k: v[1] for k, v in table.items()}).alias("flow"),
        pl.lit("USD").alias("unit"),
        pl.lit("USD").alias("currency"),
        pl.lit("exact").alias("qualifier"),
        pl.when(status == "E")
        .then(pl.lit("estimated"))
        .when(status == "P")
        .then(pl.lit("provisional"))
        .otherwise(pl.lit("reported"))
        .alias("status"),
        pl.concat_str(
            [
                pl.lit("IMF "),
                pl.col("INDICATOR"),
                pl.lit(": "),
                pl.col("INDICATOR").replace_strict({k: v[2] for k, v in table.items()}),
                pl.lit("; UNIT_MULT "),
                pl.col("mult").cast(pl.String),
            ]
        ).alias("note"),
    )
    return finish(df, path, ref)
