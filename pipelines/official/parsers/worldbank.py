"""World Bank API v2 JSON: ``[{page, pages, per_page, total, sourceid, lastupdated}, [records]]``.

Each record: ``{indicator: {id, value}, country: {id, value}, countryiso3code, date, value, unit,
obs_status, decimal}``. reporter = countryiso3code, partner = WLD, flow = total (for the trade
indicators: exports/imports). A null value is no figure and is skipped, never read as zero.
Regional and income aggregates (ECS, HIC, WLD, ...) are not countries and are dropped. A snapshot
must hold every page: page 1 of 3 is an incomplete download and is refused.

Indicator mapping (``params.indicators`` adds or overrides; unknown ids raise):
* IS.AIR.PSGR — air transport, passengers carried: by the country's registered carriers, domestic
  plus international (a scope note goes into ``note``: this is not traffic between two countries);
* IS.AIR.DPRT — registered carrier departures worldwide → transport.flights;
* NE.EXP.GNFS.CD / NE.IMP.GNFS.CD — exports / imports of goods and services, current USD;
* TX.VAL.MRCH.CD.WT / TM.VAL.MRCH.CD.WT — merchandise exports / imports, current USD.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers.common import check_numeric, fail_if_any, finish
from pipelines.official.periods import code_period_exprs
from pipelines.official.refdata import Reference, load_reference

INDICATORS = {
    "IS.AIR.PSGR": {
        "indicator": "transport.passengers",
        "flow": "total",
        "unit": "passengers",
        "note": "World Bank IS.AIR.PSGR: passengers carried by air carriers registered in the country, "
        "domestic + international (scope: the country's carriers, not traffic to a partner)",
    },
    "IS.AIR.DPRT": {
        "indicator": "transport.flights",
        "flow": "total",
        "unit": "flights",
        "note": "World Bank IS.AIR.DPRT: registered carrier departures worldwide (scope: the country's carriers)",
    },
    "NE.EXP.GNFS.CD": {
        "indicator": "trade.exports",
        "flow": "exports",
        "unit": "USD",
        "note": "World Bank NE.EXP.GNFS.CD: exports of goods and services, current USD (national accounts)",
    },
    "NE.IMP.GNFS.CD": {
        "indicator": "trade.imports",
        "flow": "imports",
        "unit": "USD",
        "note": "World Bank NE.IMP.GNFS.CD: imports of goods and services, current USD (national accounts)",
    },
    "TX.VAL.MRCH.CD.WT": {
        "indicator": "trade.exports",
        "flow": "exports",
        "unit": "USD",
        "note": "World Bank TX.VAL.MRCH.CD.WT: merchandise exports, current USD",
    },
    "TM.VAL.MRCH.CD.WT": {
        "indicator": "trade.imports",
        "flow": "imports",
        "unit": "USD",
        "note": "World Bank TM.VAL.MRCH.CD.WT: merchandise imports, current USD",
    },
}
# World Bank aggregates (regions, income and lending groups, the world): no reporting country.
AGGREGATES = frozenset(
    """
AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN LDC LIC LMC
LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD
""".split()
)


def parse(
    path: Path, *, ref: Reference | None = None, raw: bytes | None = None, indicators: dict | None = None, **_
) -> pl.DataFrame:
    """World Bank API v2 JSON → observations."""
    path = Path(path)
    ref = ref or load_reference()
    try:
        doc = json.loads((raw if raw is not None else path.read_bytes()).decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise OfficialFileError(path, f"not UTF-8 ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise OfficialFileError(path, f"not valid JSON (truncated?): {exc}") from exc
    if isinstance(doc, list) and doc and isinstance(doc[0], dict) and "message" in doc[0]:
        raise OfficialFileError(path, f"the response is an API error: {json.dumps(doc[0]['message'])[:200]}")
    if not (isinstance(doc, list) and len(doc) == 2 and isinstance(doc[0], dict)):
        raise OfficialFileError(path, "not a World Bank API v2 response ([meta, records])")
    meta, records = doc
    for k in ("page", "pages", "total"):
        if k not in meta:
            raise OfficialFileError(path, f"meta object lacks {k!r}")
    if int(meta["pages"] or 0) > 1:
        raise OfficialFileError(
            path,
            f"page {meta['page']} of {meta['pages']}: an incomplete download "
            f"(fetch with per_page >= total = {meta['total']})",
        )
    if not records:
        raise OfficialFileError(path, "the response has no records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise OfficialFileError(path, "records are not a list of objects")
    table = {**INDICATORS, **(indicators or {})}

    def text(v):
        return None if v is None else str(v)

    try:
        df = pl.DataFrame(
            {
                "ind": [text((r.get("indicator") or {}).get("id")) for r in records],
                "iso3": [text(r.get("countryiso3code")) or None for r in records],
                "iso2": [text((r.get("country") or {}).get("id")) for r in records],
                "period_code": [text(r.get("date")) for r in records],
                "raw_value": [text(r.get("value")) for r in records],
                "obs_status": [text(r.get("obs_status")) for r in records],
            },
            schema={c: pl.String for c in ("ind", "iso3", "iso2", "period_code", "raw_value", "obs_status")},
        )
    except AttributeError as exc:
        raise OfficialFileError(path, f"a record's indicator/country is not an object ({exc})") from exc
    missing = [c for c in ("ind", "period_code") if df[c].null_count() == df.height]
    if missing or "value" not in records[0]:
        raise OfficialFileError(path, f"records lack {', '.join(missing) or 'value'}")
    fail_if_any(df, ~pl.col("ind").is_in(list(table)), path, "unknown World Bank indicator", "ind")
    iso2 = dict(ref.iso2_frame().iter_rows())
    df = df.with_columns(
        pl.coalesce(pl.col("iso3"), pl.col("iso2").replace_strict(iso2, default=None, return_dtype=pl.String)).alias(
            "reporter"
        ),
        pl.col("raw_value").cast(pl.Float64, strict=False).alias("value"),
    )
    check_numeric(df, "raw_value", "value", path)
    df = df.filter(pl.col("value").is_not_null() & ~pl.col("reporter").fill_null("").is_in(list(AGGREGATES)))
    start, end = code_period_exprs("period_code")
    ind = pl.col("ind")
    df = df.with_columns(
        start.alias("period_start"),
        end.alias("period_end"),
        ind.replace_strict({k: v["indicator"] for k, v in table.items()}).alias("indicator"),
        ind.replace_strict({k: v["flow"] for k, v in table.items()}).alias("flow"),
        ind.replace_strict({k: v["unit"] for k, v in table.items()}).alias("unit"),
        ind.replace_strict({k: v.get("note", k) for k, v in table.items()}).alias("note"),
        pl.lit("WLD").alias("partner"),
        pl.lit("exact").alias("qualifier"),
        pl.when(pl.col("obs_status").str.to_uppercase() == "E")
        .then(pl.lit("estimated"))
        .when(pl.col("obs_status").str.to_uppercase() == "P")
        .then(pl.lit("provisional"))
        .otherwise(pl.lit("reported"))
        .alias("status"),
    )
    fail_if_any(df, pl.col("period_start").is_null(), path, "bad date", "period_code")
    return finish(df, path, ref)
