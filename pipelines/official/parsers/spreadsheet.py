"""Statistics offices' tables (xlsx, or CSV in cp1251 and alike), driven by a per-table mapping YAML.

A table is a grid: some header rows (the upper ones often merged across columns, e.g. "2024"
over "экспорт | импорт"), then one row per partner country. The mapping says where things are;
no table gets code of its own::

    reader: xlsx                 # xlsx | csv
    sheet: "Таблица 1"           # xlsx: sheet name or 0-based index (default: the first)
    encoding: cp1251             # csv only (default utf-8)
    separator: ";"               # csv only (default ;)
    header_rows: [3, 4]          # 1-based rows, top to bottom; merged (or, in CSV, blank-continued)
                                 # upper header cells are spread over the columns they span
    data_start_row: 5            # default: the row after the last header row
    partner_column: A            # column letter, or the header text of that column
    reporter: KGZ                # ISO3 of the reporting country
    partner_names: {"Страны ЕАЭС": skip, "Кыргызстан": KGZ}   # extra names; 'skip' leaves the row out
    skip_rows: ["^в том числе"]  # regexes on the partner cell: rows left out
    unit: USD                    # unit code of units.csv
    multiplier: 1000             # the table is in thousands of USD → base units
    decimal_comma: true          # "1 234,5" → 1234.5 (spaces and NBSP are thousands separators)
    thousands: "."               # optional extra thousands separator
    status: reported             # or provisional / estimated for the whole table
    note: "..."                  # added to every observation's note
    value_columns:               # which columns hold figures: a rule over the header rows ...
      period_level: 0            # index into header_rows of the period label ("2024", "январь-сентябрь 2024")
      flow_level: 1              # index into header_rows of the flow label
      flows: {экспорт: exports, импорт: imports, товарооборот: turnover, сальдо: balance}
    columns:                     # ... or an explicit list (instead of value_columns)
      - {column: C, indicator: trade.exports, flow: exports, period: "2024"}
      - {header: "2024 / импорт", flow: imports, period_start: 2024-01-01, period_end: 2024-12-31}

Partner names resolve through countries.csv (name_ru, name_en, official_name_en), the optional
country_names.csv, a few built-in short forms (Россия, Кыргызстан, Всего → WLD) and
``partner_names``; an unresolved name refuses the file, naming it. Cells "-", "–", "…", "x" and
empty cells are no figure (skipped, not zero).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl

from pipelines import safe_yaml

from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers.common import (
    INDICATOR_OF_FLOW, check_numeric, examples, fail_if_any, finish, to_number)
from pipelines.official.periods import parse_label
from pipelines.official.refdata import Reference, _norm_name, load_reference, normalize_name_expr

_NO_FIGURE = ["", "-", "–", "—", "…", "...", "x", "х", "X", "Х", "н/д", "..", "*"]


def _col_index(spec, header_paths: list[str], where: Path) -> int:
    s = str(spec).strip()
    if re.fullmatch(r"[A-Za-z]{1,3}", s):
        n = 0
        for ch in s.upper():
            n = n * 26 + (ord(ch) - 64)
        return n - 1
    want = _norm_name(s)
    hits = [i for i, h in enumerate(header_paths) if _norm_name(h) == want]
    if len(hits) != 1:
        raise OfficialFileError(where, f"mapping: header {s!r} matches {len(hits)} columns")
    return hits[0]


def read_mapping(path: Path) -> dict:
    try:
        m = safe_yaml.load(Path(path).read_text(encoding="utf-8"))  # no aliases (a YAML bomb)
    except (OSError, UnicodeDecodeError, safe_yaml.YAMLRefused) as exc:
        raise OfficialFileError(path, f"mapping is not readable YAML ({exc})", check="mapping") from exc
    if not isinstance(m, dict):
        raise OfficialFileError(path, "mapping is not a YAML mapping", check="mapping")
    need = [k for k in ("header_rows", "partner_column", "reporter", "unit") if k not in m]
    if "value_columns" not in m and "columns" not in m:
        need.append("value_columns or columns")
    if need:
        raise OfficialFileError(path, f"mapping lacks {', '.join(need)}", check="mapping")
    return m


def _grid_xlsx(path: Path, raw: bytes, sheet) -> list[list]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)  # not read_only: merged ranges needed
    except Exception as exc:  # openpyxl raises many types for a broken zip/xml
        raise OfficialFileError(path, f"not a readable xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        ws = wb[sheet] if isinstance(sheet, str) else wb.worksheets[int(sheet or 0)]
    except (KeyError, IndexError):
        raise OfficialFileError(path, f"no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})") from None
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        v = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
            for c in range(rng.min_col, min(rng.max_col, len(grid[r - 1])) + 1):
                grid[r - 1][c - 1] = v
    return grid


def _grid_csv(path: Path, raw: bytes, encoding: str, separator: str) -> list[list]:
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise OfficialFileError(path, f"not readable as {encoding} ({exc})") from exc
    try:
        df = pl.read_csv(io.StringIO(text), has_header=False, infer_schema=False, separator=separator,
                         truncate_ragged_lines=True, encoding="utf8")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise OfficialFileError(path, f"not a readable CSV ({str(exc).splitlines()[0]})") from exc
    return [list(r) for r in df.rows()]


def parse(path: Path, *, mapping: Path | dict, ref: Reference | None = None, raw: bytes | None = None,
          **_) -> pl.DataFrame:
    """A national statistics table → observations, as its mapping describes."""
    path = Path(path)
    ref = ref or load_reference()
    where = Path(mapping) if not isinstance(mapping, dict) else path
    m = mapping if isinstance(mapping, dict) else read_mapping(mapping)
    raw = raw if raw is not None else path.read_bytes()
    reader = m.get("reader") or ("xlsx" if raw[:4] == b"PK\x03\x04" else "csv")
    if reader == "xlsx":
        grid = _grid_xlsx(path, raw, m.get("sheet"))
    elif reader == "csv":
        grid = _grid_csv(path, raw, m.get("encoding", "utf-8"), m.get("separator", ";"))
    else:
        raise OfficialFileError(where, f"mapping: unknown reader {reader!r} (xlsx | csv)", check="mapping")
    width = max((len(r) for r in grid), default=0)
    grid = [[None if v is None or (isinstance(v, str) and not v.strip()) else v for v in r] + [None] * (width - len(r))
            for r in grid]
    hrows = [int(h) for h in m["header_rows"]]
    if not hrows or max(hrows) > len(grid):
        raise OfficialFileError(path, f"header rows {hrows} beyond the table's {len(grid)} rows")
    headers = [list(grid[h - 1]) for h in hrows]
    if reader == "csv":  # CSV has no merged cells: a blank upper header cell continues the one before
        for level in headers[:-1]:
            for j in range(1, width):
                if level[j] is None:
                    level[j] = level[j - 1]
    paths = [[("" if lvl[j] is None else str(lvl[j]).strip()) for lvl in headers] for j in range(width)]
    joined = [" / ".join(p for p in pth if p) for pth in paths]
    pcol = _col_index(m["partner_column"], joined, where)

    # Which columns hold which figures.
    specs: list[dict] = []
    if "columns" in m:
        for c in m["columns"]:
            j = _col_index(c.get("column") or c.get("header"), joined, where)
            if "period_start" in c:
                span = (str(c["period_start"]), str(c["period_end"]))
            else:
                span = parse_label(str(c.get("period", "")))
            if not span:
                raise OfficialFileError(where, f"mapping: column {joined[j]!r} has no understandable period", "mapping")
            flow = c.get("flow") or "total"
            specs.append({"j": j, "flow": flow, "indicator": c.get("indicator") or INDICATOR_OF_FLOW.get(flow),
                          "span": span, "unit": c.get("unit"), "multiplier": c.get("multiplier")})
    else:
        rule = m["value_columns"]
        flows = {_norm_name(k): v for k, v in rule["flows"].items()}
        for j in range(width):
            if j == pcol:
                continue
            flow = flows.get(_norm_name(paths[j][rule["flow_level"]]))
            if not flow:
                continue
            label = paths[j][rule["period_level"]]
            span = parse_label(label)
            if not span:
                raise OfficialFileError(path, f"bad period label {label!r} in header of column {j + 1}")
            specs.append({"j": j, "flow": flow, "indicator": INDICATOR_OF_FLOW.get(flow), "span": span,
                          "unit": None, "multiplier": None})
    if not specs:
        raise OfficialFileError(path, "no value column matches the mapping (header rows wrong?)")

    start = int(m.get("data_start_row") or max(hrows) + 1)
    body = grid[start - 1:]
    cols = {"row": pl.Int64, "partner_raw": pl.String}
    cols.update({f"v{k}": pl.String for k in range(len(specs))})
    cols.update({f"n{k}": pl.Float64 for k in range(len(specs))})
    data = {"row": list(range(start, start + len(body))),
            "partner_raw": [None if r[pcol] is None else str(r[pcol]) for r in body]}
    for k, s in enumerate(specs):
        cells = [r[s["j"]] for r in body]
        # Native numbers from xlsx stay numbers; text cells are parsed in Polars below.
        data[f"v{k}"] = [None if isinstance(v, (int, float)) or v is None else str(v) for v in cells]
        data[f"n{k}"] = [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None for v in cells]
    wide = pl.DataFrame(data, schema=cols)
    long = pl.concat([
        wide.select("row", "partner_raw", pl.lit(k).alias("spec"),
                    pl.col(f"v{k}").str.strip_chars().alias("text"), pl.col(f"n{k}").alias("native"))
        for k in range(len(specs))
    ])
    long = long.with_columns(pl.when(pl.col("text").is_in(_NO_FIGURE)).then(None).otherwise(pl.col("text")).alias("text"))
    long = long.with_columns(
        pl.coalesce(pl.col("native"), to_number("text", decimal_comma=bool(m.get("decimal_comma")),
                                                thousands=m.get("thousands"))).alias("number"))
    check_numeric(long.filter(pl.col("native").is_null()), "text", "number", path)
    long = long.filter(pl.col("number").is_not_null() & pl.col("partner_raw").is_not_null())
    for rx in m.get("skip_rows") or []:
        long = long.filter(~pl.col("partner_raw").str.strip_chars().str.to_lowercase().str.contains(rx.lower()))
    names = ref.name_frame(m.get("partner_names"))
    long = long.with_columns(normalize_name_expr("partner_raw").alias("name_key")).join(
        names.rename({"iso3": "partner"}), on="name_key", how="left")
    bad = long.filter(pl.col("partner").is_null())
    if bad.height:
        shown = [f"{n} (row {r})" for n, r in bad.unique("partner_raw", maintain_order=True).select("partner_raw", "row").iter_rows()]
        raise OfficialFileError(path, f"unknown country name(s): {examples(shown)}")
    long = long.filter(pl.col("partner") != "skip")
    spec_df = pl.DataFrame({
        "spec": list(range(len(specs))),
        "flow": [s["flow"] for s in specs],
        "indicator": [s["indicator"] for s in specs],
        "period_start": [s["span"][0] for s in specs],
        "period_end": [s["span"][1] for s in specs],
        "unit": [s["unit"] or m["unit"] for s in specs],
        "mult": [float(s["multiplier"] or m.get("multiplier") or 1) for s in specs],
        "column": [joined[s["j"]] for s in specs],
    }, schema={"spec": pl.Int32, "flow": pl.String, "indicator": pl.String, "period_start": pl.String,
               "period_end": pl.String, "unit": pl.String, "mult": pl.Float64, "column": pl.String})
    df = long.with_columns(pl.col("spec").cast(pl.Int32)).join(spec_df, on="spec", how="left").with_columns(
        pl.col("period_start").str.to_date("%Y-%m-%d", strict=False),
        pl.col("period_end").str.to_date("%Y-%m-%d", strict=False),
        (pl.col("number") * pl.col("mult")).alias("value"),
        pl.lit(str(m["reporter"])).alias("reporter"),
        pl.lit(str(m.get("status", "reported"))).alias("status"),
        pl.lit(str(m.get("qualifier", "exact"))).alias("qualifier"),
        pl.concat_str([pl.lit(m.get("note")), pl.lit("column: ") + pl.col("column")], separator="; ",
                      ignore_nulls=True).alias("note"),
    )
    fail_if_any(df, pl.col("indicator").is_null(), where, "mapping: column without an indicator", "column")
    return finish(df, path, ref)
