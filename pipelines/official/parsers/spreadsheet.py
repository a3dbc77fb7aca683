"""Statistics offices' tables (xlsx, legacy xls, or CSV in cp1251 and alike), driven by a per-table mapping YAML.

A table is a grid: some header rows (the upper ones often merged across columns, e.g. "2024"
over "экспорт | импорт"), then one row per partner country. The mapping says where things are;
no table gets code of its own::

    reader: xlsx                 # xlsx | xls | csv (default: from the file's first bytes)
    sheet: "Таблица 1"           # sheet name or 0-based index (default: the first) ...
    sheets: "^\\d{4}$"           # ... or several: a list of names, or a regex over the sheet names
    encoding: cp1251             # csv only (default utf-8)
    separator: ";"               # csv only (default ;)
    header_rows: [3, 4]          # 1-based rows, top to bottom; merged (or, in CSV, blank-continued)
                                 # upper header cells are spread over the columns they span
    data_start_row: 5            # default: the row after the last header row
    partner_column: A            # column letter, or the header text of that column
    partner_code_column: Code    # optional: a code column that is the partner key instead of the name
    partner_code: m49            # m49 | iso3 | iso2 (with partner_code_column)
    reporter: KGZ                # ISO3 of the reporting country
    partner_names: {"Страны ЕАЭС": skip, "Кыргызстан": KGZ}   # extra names; 'skip' leaves the row out
    skip_rows: ["^в том числе"]  # regexes on the partner cell: rows left out
    unit: USD                    # unit code of units.csv
    multiplier: 1000             # the table is in thousands of USD → base units
    decimal_comma: true          # "1 234,5" → 1234.5 (spaces and NBSP are thousands separators)
    thousands: "."               # optional extra thousands separator
    status: reported             # or provisional / estimated for the whole table
    footnotes: {"1": provisional}  # a footnote digit after a header's year ("2023 1") → that column's status
    column_status: {"2023": provisional}  # status per column (period label, header text or column letter)
    ignore_columns: ["%"]        # regexes on a column's joined header: never figures (default: "%",
                                 # i.e. growth rates and shares such as "темп роста, %")
    flow: exports                # the whole table's flow, where no header or block names it
    period: "2019"               # the whole table's period, where no header names it ...
    period_cell: A2              # ... or the cell that names it ("за январь-декабрь 2019 года") ...
    period_from_sheet: true      # ... or the sheet's name ("2021")
    flow_blocks: {"^экспорт": exports, "^импорт": imports}  # rows whose partner cell matches start a
                                 # block of that flow; the block's own row is its total (partner WLD)
    note: "..."                  # added to every observation's note
    value_columns:               # which columns hold figures: a rule over the header rows ...
      period_level: 0            # index into header_rows of the period label (years as columns: every
                                 # column whose label is a period; blank labels are no column)
      flow_level: 1              # index into header_rows of the flow label (or none: see flow)
      flows: {экспорт: exports, импорт: imports, товарооборот: turnover, сальдо: balance}
      measure_level: 1           # optional: index of a header row that must read one of measures
      measures: [всего]
    columns:                     # ... or an explicit list (instead of value_columns)
      - {column: C, indicator: trade.exports, flow: exports, period: "2024", status: provisional}
      - {header: "2024 / импорт", flow: imports, period_start: 2024-01-01, period_end: 2024-12-31}

Partners as columns (months as rows), one sheet per flow::

    layout: partners_as_columns
    sheets: {Экспорт: exports, Импорт: imports}   # sheet → flow (or sheet + flow)
    partner_row: 5               # the row of partner names
    period_column: A             # a year cell ("2006") starts a year (its own figures are the year's);
                                 # a month name below it ("январь") is that month of the year
    data_start_row: 6

One row per partner and period (long), a column per flow::

    layout: long
    reader: csv
    header_rows: [1]
    partner_column: country
    year_column: year
    period_column: timeperiod    # a month number 1-12, or the year's total label ...
    year_total_label: Year       # ... which covers January to the last month the file holds for that year
    flow_columns: {export: exports, import_origin: imports}

Partner names resolve through countries.csv (name_ru, name_en, official_name_en), country_names.csv,
a few built-in short forms, ``data/official/mappings/partner_names.csv`` (the tables' own spellings,
kept out of the articles' gazetteer), ``data/official/mappings/area_groups.csv`` (groups of countries,
left out) and the mapping's ``partner_names``; a footnote digit after a name ("Всего 2") is not part of it. Every
unresolved name is listed in one refusal. Cells "-", "–", "…", "x" and empty cells are no figure
(skipped, not zero).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import polars as pl

from pipelines import safe_yaml
from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers.common import INDICATOR_OF_FLOW, STATUSES, check_numeric, fail_if_any, finish, to_number
from pipelines.official.periods import parse_label
from pipelines.official.refdata import Reference, _norm_name, load_reference, normalize_name_expr

_NO_FIGURE = ["", "-", "–", "—", "…", "...", "x", "х", "X", "Х", "н/д", "..", "*"]
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹", "123456789")
# A footnote mark after a year: "2023 1", "2023¹", "2023*", "2023 г. 2" (never a month: see parse_label).
_FOOTNOTE = re.compile(r"^(.*\d{4}(?:\s*(?:г|гг|год|года)\.?)?)(?:\s+([1-9])|\s*([¹²³⁴⁵⁶⁷⁸⁹])|\s*(\*{1,3}))\)?$")
_DEFAULT_IGNORE = ["%"]


def split_footnote(label: str) -> tuple[str, str | None]:
    """("2023 1" → ("2023", "1")); labels without a footnote mark come back unchanged with None."""
    m = _FOOTNOTE.match(label.strip())
    if not m:
        return label.strip(), None
    mark = m.group(2) or (m.group(3) or "").translate(_SUPERSCRIPT) or m.group(4)
    return m.group(1).strip(), mark


def _letter_index(s: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", s):
        return None
    n = 0
    for ch in s.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _col_index(spec, header_paths: list[str], where: Path) -> int:
    s = str(spec).strip()
    if (j := _letter_index(s)) is not None:
        return j
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
    if m.get("layout") == "partners_as_columns":
        need = [k for k in ("partner_row", "period_column", "reporter", "unit") if k not in m]
    elif m.get("layout") == "long":
        need = [
            k
            for k in ("partner_column", "year_column", "period_column", "flow_columns", "reporter", "unit")
            if k not in m
        ]
    else:
        need = [k for k in ("header_rows", "partner_column", "reporter", "unit") if k not in m]
        if "value_columns" not in m and "columns" not in m:
            need.append("value_columns or columns")
    if need:
        raise OfficialFileError(path, f"mapping lacks {', '.join(need)}", check="mapping")
    return m


# --- reading the grid -------------------------------------------------------------------------------


def _pick_sheets(names: list[str], m: dict, path: Path) -> list[str]:
    spec = m.get("sheets")
    if spec is None:
        sheet = m.get("sheet")
        if isinstance(sheet, str):
            if sheet not in names:
                raise OfficialFileError(path, f"no sheet {sheet!r} (sheets: {', '.join(names)})")
            return [sheet]
        idx = int(sheet or 0)
        if idx >= len(names):
            raise OfficialFileError(path, f"no sheet {sheet!r} (sheets: {', '.join(names)})")
        return [names[idx]]
    if isinstance(spec, str):
        hits = [n for n in names if re.search(spec, n)]
    else:
        wanted = list(spec)
        missing = [n for n in wanted if n not in names]
        if missing:
            raise OfficialFileError(path, f"no sheet(s) {', '.join(map(repr, missing))} (sheets: {', '.join(names)})")
        hits = wanted
    if not hits:
        raise OfficialFileError(path, f"no sheet matches {spec!r} (sheets: {', '.join(names)})")
    return hits


def _spread(grid: list[list], ranges) -> None:
    """Copy each merged range's top-left value over the range ((r0, c0), (r1, c1)), 0-based inclusive."""
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(grid):
            continue
        v = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                grid[r][c] = v


def _grids_xlsx(path: Path, raw: bytes, m: dict) -> list[tuple[str, list[list]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)  # not read_only: merged ranges needed
    except Exception as exc:  # openpyxl raises many types for a broken zip/xml
        raise OfficialFileError(path, f"not a readable xlsx workbook ({type(exc).__name__}: {exc})") from exc
    out = []
    for name in _pick_sheets(wb.sheetnames, m, path):
        ws = wb[name]
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        _spread(
            grid, [((g.min_row - 1, g.min_col - 1), (g.max_row - 1, g.max_col - 1)) for g in ws.merged_cells.ranges]
        )
        out.append((name, grid))
    return out


def _grids_xls(path: Path, raw: bytes, m: dict) -> list[tuple[str, list[list]]]:
    """Legacy Excel (BIFF, .xls) through calamine, merged ranges spread as in xlsx."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as exc:  # calamine raises its own error types for a broken workbook
        raise OfficialFileError(path, f"not a readable xls workbook ({type(exc).__name__}: {exc})") from exc
    out = []
    for name in _pick_sheets(list(wb.sheet_names), m, path):
        sheet = wb.get_sheet_by_name(name)
        grid = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        _spread(grid, sheet.merged_cell_ranges or [])
        out.append((name, grid))
    return out


def _grids_csv(path: Path, raw: bytes, m: dict) -> list[tuple[str, list[list]]]:
    encoding, separator = m.get("encoding", "utf-8"), m.get("separator", ";")
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise OfficialFileError(path, f"not readable as {encoding} ({exc})") from exc
    try:
        df = pl.read_csv(
            io.StringIO(text.lstrip("\ufeff")),
            has_header=False,
            infer_schema=False,
            separator=separator,
            truncate_ragged_lines=True,
            encoding="utf8",
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise OfficialFileError(path, f"not a readable CSV ({str(exc).splitlines()[0]})") from exc
    grid = [list(r) for r in df.rows()]
    hrows = [int(h) for h in m.get("header_rows") or []]
    for h in hrows[:-1]:  # CSV has no merged cells: a blank upper header cell continues the one before
        if h <= len(grid):
            row = grid[h - 1]
            for j in range(1, len(row)):
                if row[j] is None or not str(row[j]).strip():
                    row[j] = row[j - 1]
    return [("csv", grid)]


def _grids(path: Path, raw: bytes, m: dict, where: Path) -> list[tuple[str, list[list]]]:
    reader = m.get("reader") or ("xlsx" if raw[:4] == b"PK\x03\x04" else "xls" if raw[:4] == _OLE_MAGIC else "csv")
    if reader == "xlsx" and raw[:4] == _OLE_MAGIC:
        reader = "xls"  # a legacy workbook named .xlsx (or mapped as xlsx) is still read
    readers = {"xlsx": _grids_xlsx, "xls": _grids_xls, "csv": _grids_csv}
    if reader not in readers:
        raise OfficialFileError(where, f"mapping: unknown reader {reader!r} (xlsx | xls | csv)", check="mapping")
    out = []
    for name, grid in readers[reader](path, raw, m):
        width = max((len(r) for r in grid), default=0)
        out.append(
            (
                name,
                [
                    [None if v is None or (isinstance(v, str) and not v.strip()) else v for v in r]
                    + [None] * (width - len(r))
                    for r in grid
                ],
            )
        )
    return out


def _label(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()[:10]
    return re.sub(r"\s+", " ", str(v)).strip()


def _cell(grid: list[list], ref: str, where: Path):
    m = re.fullmatch(r"([A-Za-z]{1,3})(\d+)", str(ref).strip())
    if not m:
        raise OfficialFileError(where, f"mapping: {ref!r} is not a cell reference such as A2", check="mapping")
    r, c = int(m.group(2)) - 1, _letter_index(m.group(1))
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None


# --- which columns hold which figures ------------------------------------------------------------------


def _status_of(m: dict, where: Path, label: str, mark: str | None, keys: list[str]) -> str:
    """A column's status: its footnote mark's (mapping ``footnotes``), else ``column_status``, else the table's."""
    if mark is not None:
        notes = {str(k): v for k, v in (m.get("footnotes") or {}).items()}
        if mark not in notes:
            raise OfficialFileError(
                where,
                f"header {label!r} carries footnote {mark!r} the mapping does not explain: "
                f"add footnotes: {{{mark!r}: provisional}} (or reported)",
                check="mapping",
            )
        return notes[mark]
    per_col = {_norm_name(str(k)): v for k, v in (m.get("column_status") or {}).items()}
    for k in keys:
        if _norm_name(k) in per_col:
            return per_col[_norm_name(k)]
    return str(m.get("status", "reported"))


def _table_span(m: dict, grid: list[list], sheet: str, where: Path) -> tuple[str, str] | None:
    label = None
    if m.get("period") is not None:
        label = _label(m["period"])
    elif m.get("period_cell"):
        label = _label(_cell(grid, m["period_cell"], where))
    elif m.get("period_from_sheet"):
        label = sheet
    if label is None:
        return None
    span = parse_label(re.sub(r"^\s*за\s+", "", label, flags=re.I))
    if not span:
        raise OfficialFileError(where, f"bad period label {label!r} for the table (sheet {sheet!r})")
    return span


def _explicit_specs(m: dict, joined: list[str], where: Path) -> list[dict]:
    specs = []
    for c in m["columns"]:
        j = _col_index(c.get("column") or c.get("header"), joined, where)
        if "period_start" in c:
            span = (str(c["period_start"]), str(c["period_end"]))
        else:
            span = parse_label(str(c.get("period", "")))
        if not span:
            raise OfficialFileError(where, f"mapping: column {joined[j]!r} has no understandable period", "mapping")
        flow = c.get("flow") or m.get("flow") or (None if m.get("flow_blocks") else "total")
        specs.append(
            {
                "j": j,
                "flow": flow,
                "indicator": c.get("indicator"),
                "span": span,
                "unit": c.get("unit"),
                "multiplier": c.get("multiplier"),
                "status": c.get("status") or str(m.get("status", "reported")),
            }
        )
    return specs


def _rule_spec(m: dict, rule: dict, path_j: list[str], joined: str, j: int, ctx: dict) -> dict | None:
    """The spec of column ``j`` under the rule form, or None where the column holds no figure."""
    if any(re.search(rx, joined, flags=re.I) for rx in ctx["ignore"]):
        return None
    if "measure_level" in rule and _norm_name(path_j[rule["measure_level"]]) not in ctx["measures"]:
        return None
    if "flow_level" in rule:
        flow = ctx["flows"].get(_norm_name(split_footnote(path_j[rule["flow_level"]])[0]))
        if not flow:
            return None
    else:
        flow = m.get("flow")  # None: set per row by flow_blocks
    mark, label = None, ""
    if "period_level" in rule:
        label = path_j[rule["period_level"]]
        if not label or ("flow_level" not in rule and not re.search(r"\d{4}", label)):
            return None  # years as columns: a column whose header names no year is no figure column
        bare, mark = split_footnote(label)
        span = parse_label(bare)
        if not span:
            raise OfficialFileError(ctx["path"], f"bad period label {label!r} in header of column {j + 1}")
    else:
        span = ctx["table_span"]
        if span is None:
            raise OfficialFileError(
                ctx["where"],
                "mapping: no period (period_level, period, period_cell or period_from_sheet)",
                check="mapping",
            )
    letter = _excel_letter(j)
    status = _status_of(m, ctx["where"], label, mark, [split_footnote(label)[0], joined, letter])
    return {"j": j, "flow": flow, "indicator": None, "span": span, "unit": None, "multiplier": None, "status": status}


def _excel_letter(j: int) -> str:
    s, n = "", j + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _rule_specs(m: dict, paths: list[list[str]], joined: list[str], skip: set[int], ctx: dict) -> list[dict]:
    rule = m["value_columns"]
    ctx = {
        **ctx,
        "flows": {_norm_name(k): v for k, v in (rule.get("flows") or {}).items()},
        "measures": {_norm_name(x) for x in rule.get("measures") or []},
        "ignore": list(m.get("ignore_columns", _DEFAULT_IGNORE) or []),
    }
    specs = []
    for j in range(len(paths)):
        if j in skip:
            continue
        spec = _rule_spec(m, rule, paths[j], joined[j], j, ctx)
        if spec:
            specs.append(spec)
    return specs


# --- one sheet → long cells ----------------------------------------------------------------------------


def _long(
    sheet: str, start: int, body: list[list], partner_cells: list, code_cells: list | None, specs: list[dict], joined_of
) -> pl.DataFrame:
    """One row per (body row, spec): the raw partner, the cell as text or native number, and the spec's fields."""
    n = len(body)
    frames = []
    for s in specs:
        cells = [r[s["j"]] for r in body] if "j" in s else s["cells"]
        frames.append(
            pl.DataFrame(
                {
                    "row": list(range(start, start + n)) if "rows" not in s else s["rows"],
                    "partner_raw": s.get("partners")
                    or (partner_cells if "partner" not in s else [s["partner"]] * len(cells)),
                    "partner_code": code_cells if code_cells is not None else [None] * len(cells),
                    "text": [None if isinstance(v, (int, float)) or v is None else str(v).strip() for v in cells],
                    "native": [
                        float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None for v in cells
                    ],
                    "flow": [s["flow"]] * len(cells),
                    "indicator_over": [s.get("indicator")] * len(cells),
                    "period_start": [s["span"][0]] * len(cells) if "spans" not in s else [x[0] for x in s["spans"]],
                    "period_end": [s["span"][1]] * len(cells) if "spans" not in s else [x[1] for x in s["spans"]],
                    "status": [s["status"]] * len(cells),
                    "unit_over": [s.get("unit")] * len(cells),
                    "mult_over": [None if s.get("multiplier") is None else float(s["multiplier"])] * len(cells),
                    "column": [joined_of(s)] * len(cells),
                },
                schema={
                    "row": pl.Int64,
                    "partner_raw": pl.String,
                    "partner_code": pl.String,
                    "text": pl.String,
                    "native": pl.Float64,
                    "flow": pl.String,
                    "indicator_over": pl.String,
                    "period_start": pl.String,
                    "period_end": pl.String,
                    "status": pl.String,
                    "unit_over": pl.String,
                    "mult_over": pl.Float64,
                    "column": pl.String,
                },
            )
        )
    out = pl.concat(frames) if frames else pl.DataFrame()
    return out.with_columns(pl.lit(sheet).alias("sheet")) if frames else out


def _sheet_rows(m: dict, sheet: str, grid: list[list], path: Path, where: Path) -> pl.DataFrame:
    """Partners as rows (the common layout): header rows name the columns."""
    hrows = [int(h) for h in m["header_rows"]]
    if not hrows or max(hrows) > len(grid):
        raise OfficialFileError(path, f"header rows {hrows} beyond the table's {len(grid)} rows (sheet {sheet!r})")
    width = len(grid[0]) if grid else 0
    paths = [[_label(grid[h - 1][j]) for h in hrows] for j in range(width)]
    joined = [" / ".join(p for p in pth if p) for pth in paths]
    pcol = _col_index(m["partner_column"], joined, where)
    ccol = _col_index(m["partner_code_column"], joined, where) if m.get("partner_code_column") else None
    ctx = {"path": path, "where": where, "table_span": _table_span(m, grid, sheet, where)}
    if "columns" in m:
        specs = _explicit_specs(m, joined, where)
    else:
        specs = _rule_specs(m, paths, joined, {pcol, ccol}, ctx)
    if not specs:
        raise OfficialFileError(path, f"no value column matches the mapping (header rows wrong?) in sheet {sheet!r}")
    start = int(m.get("data_start_row") or max(hrows) + 1)
    body = grid[start - 1 :]
    partners = [None if r[pcol] is None else _label(r[pcol]) for r in body]
    codes = None if ccol is None else [None if r[ccol] is None else _label(r[ccol]) for r in body]
    long = _long(sheet, start, body, partners, codes, specs, lambda s: joined[s["j"]])
    if m.get("flow_blocks"):
        long = _apply_blocks(long, m["flow_blocks"])
    return long


def _apply_blocks(long: pl.DataFrame, blocks: dict) -> pl.DataFrame:
    """Flow by row block: a row whose partner cell matches a block's regex opens it and states its total."""
    key = pl.col("partner_raw").str.strip_chars().str.to_lowercase()
    block = pl.lit(None, pl.String)
    for rx, flow in reversed(list(blocks.items())):
        block = pl.when(key.str.contains(str(rx).lower())).then(pl.lit(flow)).otherwise(block)
    return (
        long.with_columns(block.alias("_block"))
        .with_columns(
            pl.col("_block").forward_fill().over("sheet", "column").alias("_flow_block"),
            pl.when(pl.col("_block").is_not_null())
            .then(pl.lit("Всего"))
            .otherwise(pl.col("partner_raw"))
            .alias("partner_raw"),
        )
        .with_columns(pl.coalesce("flow", "_flow_block").alias("flow"))
        .drop("_block", "_flow_block")
    )


_MONTH_RE = re.compile(r"^[а-яёa-z]+$", re.I)


def _sheet_columns(m: dict, sheet: str, flow: str, grid: list[list], path: Path, where: Path) -> pl.DataFrame:
    """Partners as columns, periods as rows: a year cell opens a year, month names below it are its months."""
    prow = int(m["partner_row"]) - 1
    if prow >= len(grid):
        raise OfficialFileError(path, f"partner row {prow + 1} beyond the table's {len(grid)} rows (sheet {sheet!r})")
    width = len(grid[0]) if grid else 0
    header = [_label(v) for v in grid[prow]]
    tcol = _col_index(m["period_column"], header, where)
    start = int(m.get("data_start_row") or prow + 2)
    rows, spans, year = [], [], None
    for i, r in enumerate(grid[start - 1 :], start=start):
        lab = _label(r[tcol])
        if not lab:
            continue
        bare, _ = split_footnote(lab)
        if re.fullmatch(r"\d{4}(\s*(г|год)\.?)?", bare):
            year = bare[:4]
            span = parse_label(year)
        elif year and _MONTH_RE.match(bare):
            span = parse_label(f"{bare} {year}")
        else:
            span = None
        if span is None:
            if year is None and not any(v is not None for j, v in enumerate(r) if j != tcol):
                continue
            raise OfficialFileError(path, f"row {i} of sheet {sheet!r}: {lab!r} is not a year or a month of one")
        rows.append(i)
        spans.append(span)
    status = str(m.get("status", "reported"))
    specs = [
        {
            "partner": header[j],
            "cells": [grid[i - 1][j] for i in rows],
            "rows": rows,
            "spans": spans,
            "flow": flow,
            "status": status,
            "span": None,
        }
        for j in range(width)
        if j != tcol and header[j]
    ]
    if not specs:
        raise OfficialFileError(path, f"no partner in row {prow + 1} of sheet {sheet!r}")
    return _long(sheet, start, [], [], None, specs, lambda s: s["partner"])


def _sheet_long(m: dict, sheet: str, grid: list[list], path: Path, where: Path) -> pl.DataFrame:
    """One row per partner and period, one column per flow (a year column and a month-or-total column)."""
    hrow = int((m.get("header_rows") or [1])[0])
    header = [_label(v) for v in grid[hrow - 1]]
    pcol, ycol = _col_index(m["partner_column"], header, where), _col_index(m["year_column"], header, where)
    tcol = _col_index(m["period_column"], header, where)
    total = _norm_name(str(m.get("year_total_label", "")))
    body = [
        (i, r)
        for i, r in enumerate(
            grid[int(m.get("data_start_row") or hrow + 1) - 1 :], start=int(m.get("data_start_row") or hrow + 1)
        )
        if r[pcol] is not None
    ]
    bad = [
        f"{_label(r[ycol])}/{_label(r[tcol])} (row {i})"
        for i, r in body
        if not re.fullmatch(r"\d{4}", _label(r[ycol]))
        or not (re.fullmatch(r"(0?[1-9]|1[0-2])", _label(r[tcol])) or _norm_name(_label(r[tcol])) == total)
    ]
    if bad:
        raise OfficialFileError(
            path, f"{len(bad)} row(s) without a year and a month (or {total!r}): " + ", ".join(bad[:5])
        )
    # the year's total row covers the months the file holds for that year (Jan..last), not always the year
    last = {}
    for _, r in body:
        if _norm_name(_label(r[tcol])) != total:
            y = _label(r[ycol])
            last[y] = max(last.get(y, 0), int(_label(r[tcol])))
    # a total of a year the file holds only January of is January's own row again: one figure, kept once
    body = [(i, r) for i, r in body if not (_norm_name(_label(r[tcol])) == total and last.get(_label(r[ycol])) == 1)]
    spans = []
    for _, r in body:
        y, t = _label(r[ycol]), _label(r[tcol])
        month = last.get(y, 0) if _norm_name(t) == total else int(t)
        first = 1 if _norm_name(t) == total else month
        if month == 0:
            raise OfficialFileError(path, f"year {y}: a total row but no month of it in the file")
        spans.append(parse_label(f"{y}-{first:02d}")[0:1] + parse_label(f"{y}-{month:02d}")[1:2])
    status = str(m.get("status", "reported"))
    rows, partners = [i for i, _ in body], [_label(r[pcol]) for _, r in body]
    specs = [
        {
            "partners": partners,
            "cells": [r[_col_index(col, header, where)] for _, r in body],
            "rows": rows,
            "spans": spans,
            "flow": flow,
            "status": status,
            "span": None,
            "column": col,
        }
        for col, flow in m["flow_columns"].items()
    ]
    return _long(sheet, 0, [], [], None, specs, lambda s: s["column"])


# --- names and codes -----------------------------------------------------------------------------------


def _resolve_partners(long: pl.DataFrame, m: dict, ref: Reference, path: Path) -> pl.DataFrame:
    for rx in m.get("skip_rows") or []:
        long = long.filter(~pl.col("partner_raw").str.strip_chars().str.to_lowercase().str.contains(rx.lower()))
    names = ref.name_frame(m.get("partner_names"), tables=True)
    long = long.with_columns(normalize_name_expr("partner_raw").alias("name_key")).join(
        names.rename({"iso3": "by_name"}), on="name_key", how="left"
    )
    if m.get("partner_code_column"):
        codes = ref.code_frame(m.get("partner_code", "m49"))
        code = pl.col("partner_code").str.strip_chars().str.to_uppercase().str.replace(r"^0+(\d)", "$1")
        long = long.with_columns(code.alias("code_key")).join(codes, on="code_key", how="left")
        # a name the mapping or the group list marks 'skip' wins over the code (aggregates carry codes too)
        partner = pl.when(pl.col("by_name") == "skip").then(pl.lit("skip")).otherwise(pl.col("by_code"))
        long = long.with_columns(partner.alias("partner"))
        what = pl.concat_str([pl.col("partner_code"), pl.col("partner_raw")], separator=" ", ignore_nulls=True)
    else:
        long = long.with_columns(pl.col("by_name").alias("partner"))
        what = pl.col("partner_raw")
    bad = long.filter(pl.col("partner").is_null()).with_columns(what.alias("_what"))
    if bad.height:
        first = (
            bad.sort("sheet", "row")
            .group_by("_what", maintain_order=True)
            .agg(pl.col("sheet").first(), pl.col("row").first())
        )
        where = [f"{w} ({'' if s == 'csv' else f'sheet {s} '}row {r})" for w, s, r in first.iter_rows()]
        kind = "code(s)" if m.get("partner_code_column") else "name(s)"
        raise OfficialFileError(path, f"{len(where)} unknown country {kind}: " + ", ".join(repr(w) for w in where))
    return long.filter(pl.col("partner") != "skip")


def parse(
    path: Path, *, mapping: Path | dict, ref: Reference | None = None, raw: bytes | None = None, **_
) -> pl.DataFrame:
    """A national statistics table → observations, as its mapping describes."""
    path = Path(path)
    ref = ref or load_reference()
    where = Path(mapping) if not isinstance(mapping, dict) else path
    m = mapping if isinstance(mapping, dict) else read_mapping(mapping)
    raw = raw if raw is not None else path.read_bytes()
    columns_layout = m.get("layout") == "partners_as_columns"
    if columns_layout and isinstance(m.get("sheets"), dict):
        sheet_flow = {str(k): v for k, v in m["sheets"].items()}
        grids = _grids(path, raw, {**m, "sheets": list(sheet_flow)}, where)
    else:
        grids = _grids(path, raw, m, where)
        sheet_flow = {name: m.get("flow") for name, _ in grids}
    parts = []
    for name, grid in grids:
        if m.get("layout") == "long":
            parts.append(_sheet_long(m, name, grid, path, where))
        elif columns_layout:
            parts.append(_sheet_columns(m, name, sheet_flow[name], grid, path, where))
        else:
            parts.append(_sheet_rows(m, name, grid, path, where))
    long = pl.concat([p for p in parts if p.height], how="vertical_relaxed")
    long = long.with_columns(
        pl.when(pl.col("text").is_in(_NO_FIGURE)).then(None).otherwise(pl.col("text")).alias("text")
    )
    long = long.with_columns(
        pl.coalesce(
            pl.col("native"),
            to_number("text", decimal_comma=bool(m.get("decimal_comma")), thousands=m.get("thousands")),
        ).alias("number")
    )
    check_numeric(long.filter(pl.col("native").is_null()), "text", "number", path)
    long = long.filter(pl.col("number").is_not_null() & pl.col("partner_raw").is_not_null())
    long = _resolve_partners(long, m, ref, path)
    fail_if_any(
        long,
        pl.col("flow").is_null(),
        where,
        "mapping: no flow for a column (flow, flow_level or flow_blocks)",
        "column",
    )
    fail_if_any(long, ~pl.col("status").is_in(STATUSES), where, "mapping: unknown status", "status")
    df = long.with_columns(
        pl.coalesce("indicator_over", pl.col("flow").replace_strict(INDICATOR_OF_FLOW, default=None)).alias(
            "indicator"
        ),
        pl.col("period_start").str.to_date("%Y-%m-%d", strict=False),
        pl.col("period_end").str.to_date("%Y-%m-%d", strict=False),
        (pl.col("number") * pl.col("mult_over").fill_null(float(m.get("multiplier") or 1))).alias("value"),
        pl.col("unit_over").fill_null(str(m["unit"])).alias("unit"),
        pl.lit(str(m["reporter"])).alias("reporter"),
        pl.lit(str(m.get("qualifier", "exact"))).alias("qualifier"),
        pl.concat_str(
            [
                pl.lit(m.get("note")),
                pl.when(pl.col("sheet") != "csv").then(pl.lit("sheet: ") + pl.col("sheet")),
                pl.lit("column: ") + pl.col("column"),
            ],
            separator="; ",
            ignore_nulls=True,
        ).alias("note"),
    )
    fail_if_any(df, pl.col("indicator").is_null(), where, "mapping: column without an indicator", "column")
    return finish(df, path, ref)
