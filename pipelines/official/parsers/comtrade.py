"""UN Comtrade: API v1 JSON (``{"elapsedTime", "count", "data": [...], "error"}``) and bulk CSV/TSV.

Both carry the same record fields (typeCode, freqCode, refPeriodId, refYear, refMonth, period,
reporterCode, reporterISO, flowCode, partnerCode, partner2Code, cmdCode, customsCode, motCode,
primaryValue, isReported, isAggregate, ...). One normalization serves both, lazily, so a bulk file
of millions of commodity rows is filtered before it is materialized.

Choices:
* only the total-trade rows are kept: cmdCode TOTAL (``params.cmd_code`` picks another single code;
  one code keeps the observation key unique), customsCode C00, motCode 0, partner2Code 0 where
  those columns exist (the API returns breakdowns beside the totals);
* flowCode X → exports, M → imports; re-exports/re-imports (RX, RM) and the other flows
  (MIP, XIP, MOP, XOP, DX, FM, ...) are dropped: X and M already include them under the general
  trade system, so keeping them would double count;
* M49 → ISO3 via countries.csv plus data/reference/m49_overrides.csv (842 USA, 699 India, ...;
  areas that are not countries — bunkers, "areas nes" — are dropped); partner 0 is WLD;
* primaryValue is in US dollars already; a null value is no figure (row skipped, not zero);
* isReported false → status estimated.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import polars as pl

from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers.common import check_numeric, fail_if_any, finish, resolve_m49
from pipelines.official.periods import code_period_exprs, frequency_expr
from pipelines.official.refdata import Reference, load_reference

REQUIRED = ("freqCode", "reporterCode", "partnerCode", "flowCode", "cmdCode", "primaryValue")
_FLOWS = {"X": "exports", "M": "imports"}
_INDICATORS = {"X": "trade.exports", "M": "trade.imports"}
_STRING_COLS = (
    "typeCode",
    "freqCode",
    "period",
    "refPeriodId",
    "refYear",
    "refMonth",
    "flowCode",
    "cmdCode",
    "customsCode",
    "motCode",
    "partner2Code",
    "reporterCode",
    "partnerCode",
    "primaryValue",
    "isReported",
    "reporterISO",
    "partnerISO",
)


def _normalize(lf: pl.LazyFrame, path: Path, ref: Reference, cmd_code: str) -> pl.DataFrame:
    cols = lf.collect_schema().names()
    missing = [c for c in REQUIRED if c not in cols]
    if "period" not in cols and "refPeriodId" not in cols:
        missing.append("period")
    if missing:
        raise OfficialFileError(path, f"missing column(s) {', '.join(missing)}")
    s = lambda c: pl.col(c).cast(pl.String).str.strip_chars()  # noqa: E731
    keep = s("cmdCode") == cmd_code
    if "customsCode" in cols:
        keep &= s("customsCode").is_null() | (s("customsCode") == "C00")
    if "motCode" in cols:
        keep &= s("motCode").is_null() | (s("motCode") == "0")
    if "partner2Code" in cols:
        keep &= s("partner2Code").is_null() | (s("partner2Code") == "0")
    keep &= s("flowCode").is_in(list(_FLOWS))
    if "period" in cols:
        code = s("period")
    else:  # refPeriodId is YYYYMMDD: the year for freqCode A, YYYYMM for M
        code = (
            pl.when(s("freqCode") == "A")
            .then(s("refPeriodId").str.slice(0, 4))
            .otherwise(s("refPeriodId").str.slice(0, 6))
        )
    status = (
        (
            pl.when(s("isReported").str.to_lowercase().is_in(["false", "0"]))
            .then(pl.lit("estimated"))
            .otherwise(pl.lit("reported"))
        )
        if "isReported" in cols
        else pl.lit("reported")
    )
    df = (
        lf.filter(keep)
        .select(
            s("freqCode").alias("freq"),
            code.alias("period_code"),
            s("reporterCode").alias("reporter_code"),
            s("partnerCode").alias("partner_code"),
            s("flowCode").alias("flow_code"),
            s("primaryValue").alias("raw_value"),
            status.alias("status"),
        )
        .collect()
    )
    if df.height == 0:
        codes = lf.select(s("cmdCode").unique().sort()).collect().to_series().to_list()
        if codes and cmd_code not in codes:
            raise OfficialFileError(
                path,
                f"no cmdCode {cmd_code} rows (the file holds cmdCode "
                f"{', '.join(map(str, codes[:5]))}; params.cmd_code chooses one)",
            )
    start, end = code_period_exprs("period_code")
    df = df.with_columns(
        pl.col("raw_value").cast(pl.Float64, strict=False).alias("value"),
        start.alias("period_start"),
        end.alias("period_end"),
    ).with_columns(frequency_expr().alias("frequency"))
    check_numeric(df, "raw_value", "value", path, "primaryValue")
    fail_if_any(df, pl.col("period_start").is_null(), path, "bad period", "period_code")
    fail_if_any(
        df,
        ~pl.col("freq").is_in(["A", "M"]) | (pl.col("freq") != pl.col("frequency")),
        path,
        "freqCode does not match period",
        ["freq", "period_code"],
    )
    df = df.filter(pl.col("value").is_not_null())
    df = resolve_m49(df, "reporter_code", "reporter", ref, path)
    df = resolve_m49(df, "partner_code", "partner", ref, path)
    df = df.with_columns(
        pl.col("flow_code").replace_strict(_INDICATORS).alias("indicator"),
        pl.col("flow_code").replace_strict(_FLOWS).alias("flow"),
        pl.lit("USD").alias("unit"),
        pl.lit("USD").alias("currency"),
        pl.lit("exact").alias("qualifier"),
        pl.lit(f"UN Comtrade cmdCode {cmd_code}, primaryValue (exports FOB, imports CIF)").alias("note"),
    )
    return finish(df, path, ref)


def parse_json(
    path: Path, *, ref: Reference | None = None, cmd_code: str = "TOTAL", raw: bytes | None = None, **_
) -> pl.DataFrame:
    """Comtrade API v1 JSON response → observations."""
    path = Path(path)
    ref = ref or load_reference()
    try:
        doc = json.loads((raw if raw is not None else path.read_bytes()).decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise OfficialFileError(path, f"not UTF-8 ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise OfficialFileError(path, f"not valid JSON (truncated?): {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise OfficialFileError(path, "no 'data' list: not a Comtrade API v1 response")
    if doc.get("error"):
        raise OfficialFileError(path, f"the response carries an error: {doc['error']}")
    if not doc["data"]:
        raise OfficialFileError(path, "the response has no data records")
    if not all(isinstance(r, dict) for r in doc["data"]):
        raise OfficialFileError(path, "'data' holds something other than records")
    names = list(dict.fromkeys(k for r in doc["data"] for k in r))
    # Every field as text first: numeric checks then name the bad value instead of failing a cast.
    frame = pl.DataFrame(
        {
            k: [
                None if r.get(k) is None else str(r[k]) if not isinstance(r.get(k), bool) else str(r[k]).lower()
                for r in doc["data"]
            ]
            for k in names
        },
        schema={k: pl.String for k in names},
    )
    return _normalize(frame.lazy(), path, ref, cmd_code)


def parse_csv(
    path: Path, *, ref: Reference | None = None, cmd_code: str = "TOTAL", separator: str | None = None, **_
) -> pl.DataFrame:
    """Comtrade bulk CSV (or tab-separated .txt, optionally .gz) → observations, scanned lazily."""
    path = Path(path)
    ref = ref or load_reference()
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            first = fh.readline()
    except OSError as exc:
        raise OfficialFileError(path, f"not readable ({exc})") from exc
    if not first.strip():
        raise OfficialFileError(path, "empty file (0 bytes): nothing to parse")
    sep = separator or ("\t" if b"\t" in first else ",")
    header = first.decode("utf-8-sig", errors="replace").rstrip("\r\n").split(sep)
    overrides = {c: pl.String for c in header if c in _STRING_COLS}
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as fh:
                lf = pl.read_csv(
                    io.BytesIO(fh.read()), separator=sep, schema_overrides=overrides, infer_schema_length=10000
                ).lazy()
        else:
            lf = pl.scan_csv(path, separator=sep, schema_overrides=overrides, infer_schema_length=10000)
        return _normalize(lf, path, ref, cmd_code)
    except (pl.exceptions.ComputeError, pl.exceptions.SchemaError, pl.exceptions.ShapeError) as exc:
        raise OfficialFileError(path, f"not a readable Comtrade CSV ({str(exc).splitlines()[0]})") from exc
