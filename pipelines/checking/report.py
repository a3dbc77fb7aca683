"""The claim report: one chart per indicator, country pair (or direction of a flow) and unit, for the pairs
claims are about, with the official values at their periods and the article claims on top; a summary page
per corridor.

Writes ``index.html`` (the corridors and the series, as links), one ``corridor-<pair>.html`` per pair of
countries, one ``series-<name>.html`` per series (its chart, claims and official values) and one PNG per
series into a folder (default: reports/, git-ignored). A run after a new article costs what the article
changed: a chart's file name carries a hash of what it draws, and a page carries in its head a hash of what
it shows (a series page: of its rows and of this code); only the charts and pages whose hash changed are
drawn and written again, and what no series or corridor uses any more is removed. The result is the same,
byte for byte, as a build into an empty folder (a test checks it).
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from pipelines import warehouse as wh
from pipelines.fingerprint import CodeDeps, content_fingerprint

log = logging.getLogger(__name__)

VERDICT_COLOURS = {
    "supported": "#2e7d32",
    "not_contradicted": "#1e88e5",
    "contradicted": "#c62828",
    "scope_mismatch": "#ef6c00",
    "unverifiable": "#757575",
}
VERDICT_WORDS = {
    "supported": "supported",
    "not_contradicted": "not contradicted",
    "contradicted": "contradicted",
    "scope_mismatch": "scope mismatch",
    "unverifiable": "unverifiable",
}
# y-axis scale per size: (threshold, divisor, words)
_SCALES = ((1e9, 1e9, "billions"), (1e6, 1e6, "millions"), (1e4, 1e3, "thousands"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# report_claims.sql's order, applied here: Polars sorts the rows in half the time DuckDB takes to sort them
REPORT_CLAIM_ORDER = ("series", "period_end", "measure", "claim_id")


def _claim_rows(con, series: list[str]) -> pl.DataFrame:
    """The report_claim rows of ``series``, in the report's order (without claim_id)."""
    rows = wh.query_frame(con, wh.sql_text("internal/report_claim_rows.sql"), params={"series": series})
    return rows.sort(REPORT_CLAIM_ORDER, nulls_last=True, maintain_order=True).drop("claim_id")


def _corridor_claims(con, pairs: list[str]) -> pl.DataFrame:
    """The claims the pages of ``pairs`` list: each pair's ``MAX_CORRIDOR_CLAIMS`` latest (by the article's
    date), with ``pair_claims``, the pair's report rows in all; each pair's rows together, latest first."""
    return wh.query_frame(
        con, wh.sql_text("internal/report_corridor_claims.sql"), params={"pairs": pairs, "n": MAX_CORRIDOR_CLAIMS}
    ).drop("claim_id")


def _official_rows(con, series: list[str]) -> pl.DataFrame:
    return wh.query_frame(con, wh.sql_text("internal/report_official_rows.sql"), params={"series": series})


CHART_VERSION = "6"  # bump when _chart draws differently, so every chart is drawn again


def _chart_name(title: str, official: pl.DataFrame, claims: pl.DataFrame) -> str:
    # a hash that ignores row order: rows that tie in the query's order may come back in another order
    digest = content_fingerprint(CHART_VERSION, title, official, claims)
    return f"{_slug(title)}-{digest[:12]}.png"


def _scale(unit: str, values: list[float]) -> tuple[float, str]:
    """Divisor and axis label for a unit: 'USD, billions', 'passengers, thousands'."""
    top = max((abs(v) for v in values if v is not None), default=0)
    for threshold, divisor, words in _SCALES:
        if top >= threshold:
            return divisor, f"{unit}, {words}"
    return 1.0, unit


def _midpoints(df: pl.DataFrame, end: str = "period_end") -> list[date]:
    return [s + (e - s) / 2 for s, e in zip(df["period_start"].to_list(), df[end].to_list(), strict=True)]


def _joined(part: pl.DataFrame, x: list, y: list) -> tuple[list, list]:
    """The points with a break (NaN) between two that are not the same span of consecutive years: a line
    joins 2023 to 2024, never Jan–Sep 2022 to Jan–Nov 2022 or 2018 to 2022."""
    xs, ys, prev = [], [], None
    for (start, end), xi, yi in zip(
        zip(part["period_start"].to_list(), part["period_end"].to_list(), strict=True), x, y, strict=True
    ):
        follows = prev is not None and (start.year - 1, start.month, start.day) == (
            prev[0].year,
            prev[0].month,
            prev[0].day,
        )
        if prev is not None and not (follows and (end - start).days - (prev[1] - prev[0]).days in (-1, 0, 1)):
            xs.append(xi)
            ys.append(float("nan"))
        xs.append(xi)
        ys.append(yi)
        prev = (start, end)
    return xs, ys


def _draw_official(ax, official: pl.DataFrame, divisor: float) -> None:
    """Each official line: its values at the middle of their periods, each with a bar across its period;
    a one-sided value ("more than") is a triangle pointing the way it is open."""
    for (label,), part in official.sort("period_end").group_by(["line"], maintain_order=True):
        x, y = _midpoints(part), (part["value"] / divisor).to_list()
        (drawn,) = ax.plot(*_joined(part, x, y), marker="o", markersize=4, linewidth=1.2, label=label, zorder=2)
        colour = drawn.get_color()
        ax.hlines(
            y,
            part["period_start"].to_list(),
            (part["period_end"] + timedelta(days=1)).to_list(),
            colors=colour,
            linewidth=3,
            alpha=0.35,
            zorder=1,
        )
        for qualifier, marker in (("more_than", "^"), ("less_than", "v"), ("up_to", "v")):
            open_side = [
                (xi, yi) for xi, yi, q in zip(x, y, part["qualifier"].to_list(), strict=True) if q == qualifier
            ]
            if open_side:
                ax.plot(
                    *zip(*open_side, strict=True), linestyle="", marker=marker, markersize=9, color=colour, zorder=3
                )


def _segments(ax, x0, x1, y0, y1, **style) -> None:
    """Many straight segments as one line broken by NaN: one path to draw, where hlines/vlines/errorbar make a
    path per segment (a series with a thousand claims took most of a second to draw)."""
    nan = np.full(len(x0), np.nan)
    xs = np.column_stack([x0, x1, nan]).ravel()
    ax.plot(xs, np.column_stack([y0, y1, nan]).ravel(), **style)


def _draw_claims(ax, claims: pl.DataFrame, divisor: float) -> None:
    """Claims on top of everything (zorder), with their bounds; hollow when implied, an arrow when open.
    Each verdict's claims are a few lines of many points (segments broken by NaN), not an artist per claim."""
    import matplotlib.dates as mdates
    import matplotlib.lines as mlines

    claims = claims.with_columns(
        pl.col("verdict_latest").fill_null("unverifiable").alias("_verdict"),
        pl.col("derived_from").is_not_null().alias("_implied"),
        (pl.coalesce("value_low", "value") / divisor).alias("_low"),
        (pl.coalesce("value_high", "value") / divisor).alias("_high"),
        (pl.col("value") / divisor).alias("_value"),
        (pl.col("period_end_checked") + pl.duration(days=1)).alias("_stop"),
        (pl.col("value_high").is_null() & (pl.col("qualifier") == "more_than")).alias("_open_up"),
    )
    for (verdict, implied), part in claims.group_by(["_verdict", "_implied"], maintain_order=True):
        colour = VERDICT_COLOURS.get(verdict, "#757575")
        start, end = part["period_start"].to_numpy(), part["period_end_checked"].to_numpy()
        x = mdates.date2num(start + (end - start) // 2)  # the middle of the period, as _midpoints
        value, low, high = (part[c].to_numpy() for c in ("_value", "_low", "_high"))
        # the period claimed, dashed
        start, stop = mdates.date2num(start), mdates.date2num(part["_stop"].to_numpy())
        _segments(ax, start, stop, value, value, color=colour, linewidth=1.5, linestyle="dashed", zorder=5)
        _segments(ax, x, x, low, high, color=colour, linewidth=1.5, zorder=6)  # the bounds, with caps
        cap = {"linestyle": "", "color": colour, "markersize": 10, "mew": 1.5 if implied else 0.8, "zorder": 6}
        ax.plot(x, low, marker="_", **cap)
        ax.plot(x, high, marker="_", **cap)
        ax.plot(
            x,
            value,
            marker="d" if implied else "D",
            linestyle="",
            color=colour,
            markersize=9,
            mfc="white" if implied else colour,
            mec=colour if implied else "black",
            mew=1.5 if implied else 0.8,
            zorder=6.1,
        )
        up = part["_open_up"].to_numpy()
        if up.any():  # "more than": the figure is a lower bound, so an arrow points up from it
            _segments(ax, x[up], x[up], value[up], value[up] * 1.08, color=colour, linewidth=1.5, zorder=6)
            ax.plot(x[up], value[up] * 1.08, marker=mlines.CARETUPBASE, linestyle="", color=colour, zorder=6)


def _chart(path: Path, title: str, unit: str, official: pl.DataFrame, claims: pl.DataFrame) -> None:
    # a Figure of its own, without pyplot: no global figure registry to close, and a lighter import
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    values = official["value"].to_list() + claims["value"].to_list() + claims["value_high"].drop_nulls().to_list()
    divisor, axis_label = _scale(unit, values)
    fig = Figure(figsize=(10, 4.6), dpi=100)
    ax = fig.subplots()
    _draw_official(ax, official, divisor)
    _draw_claims(ax, claims, divisor)
    verdicts = set(claims["verdict_latest"].fill_null("unverifiable").to_list())
    handles = [
        Line2D([], [], marker="D", linestyle="", color=c, mec="black", label=f"claim: {VERDICT_WORDS[v]}")
        for v, c in VERDICT_COLOURS.items()
        if v in verdicts
    ]
    if claims["derived_from"].is_not_null().any():
        handles.append(
            Line2D([], [], marker="d", linestyle="", color="black", mfc="white", label="claim: implied value")
        )
    # outside the axes, so that no point is ever under it
    legend = ax.legend(
        handles=ax.get_legend_handles_labels()[0] + handles,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0,
    )
    # at its default place, said outright: matplotlib otherwise measures every x tick label to see whether
    # the title must move up (none is above the axes), a tenth of a chart's time; the same pixels
    ax.set_title(title, fontsize=11, y=1.0)
    ax.set_ylabel(axis_label)
    if all(v >= 0 for v in values if v is not None):
        ax.set_ylim(bottom=0)
    dates = official["period_start"].to_list() + official["period_end"].to_list() + claims["period_start"].to_list()
    years = (max(dates).year - min(dates).year) if dates else 0
    ax.xaxis.set_major_locator(mdates.YearLocator(base=1 if years <= 12 else 2 if years <= 24 else 5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(alpha=0.3)
    ax.text(
        0,
        -0.12,
        "Bars span each value's period; dots sit at its middle. ▲ = 'more than'. "
        "Diamonds: claims with their bounds (dashed: the period claimed).",
        transform=ax.transAxes,
        fontsize=7,
        color="#555555",
    )
    _lay_out(fig, ax, legend)
    # whole or not at all, as ``_write``: a chart is reused by its name, and a worker may be stopped mid-file
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fig.savefig(tmp, format="png")
    os.replace(tmp, path)


def _import_charting() -> None:
    import matplotlib.dates  # noqa: F401  (what _chart and _lay_out import)
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_agg  # noqa: F401


def import_charting_meanwhile() -> None:
    """Import Matplotlib (~0.4 s) on a thread while the caller waits for work that releases the GIL (the
    validation helper's reply, the marts: DuckDB's work), so that the report's first chart drawn in this process
    does not wait for it. Once imported, a call costs nothing."""
    threading.Thread(target=_import_charting, name="corridor-import-charting", daemon=True).start()


def _lay_out(fig, ax, legend) -> None:
    """Margins from what varies between charts: the legend's width (measured: its labels run from a few
    characters to eighty) and the y tick labels' length; the title, x labels and note take fixed room.
    ``tight_layout`` measured every tick label of both axes first, and then savefig measured them again:
    it was half of a chart's time."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    width = fig.bbox.width
    legend_w = legend.get_window_extent(FigureCanvasAgg(fig).get_renderer()).width / width
    labels = ax.yaxis.get_major_formatter().format_ticks(ax.yaxis.get_majorticklocs())
    # rotated y label, tick marks and pads, and ~9 px a character at 10 pt and 100 dpi
    left = (40 + 9 * max((len(t) for t in labels), default=1)) / width
    right = left + (0.99 - legend_w - left) / 1.01  # the legend starts at 1.01 of the axes' width
    fig.subplots_adjust(left=left, right=max(right, left + 0.3), top=0.92, bottom=0.16)


_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))  # html.escape's


def _cell_text(column: pl.Series) -> pl.Series:
    """The escaped text of a column's cells, in bulk: what ``html.escape(str(value))`` gives each value, "" for
    null. Text, dates and integers are written by Polars (the same text as Python's ``str``); anything else
    (floats: ``1e-05``, booleans: ``True``) by Python's ``str``."""
    if column.dtype == pl.Date or column.dtype.is_integer():
        text = column.cast(pl.String)
    elif column.dtype == pl.String:
        text = column
    else:
        text = pl.Series(column.name, [None if v is None else str(v) for v in column.to_list()], dtype=pl.String)
    if text.str.contains(r"[&<>\"']").any():  # one pass; most columns have nothing to escape
        for raw, escaped in _ESCAPES:
            text = text.str.replace_all(raw, escaped, literal=True)
    return text.fill_null("")


def _html_table(df: pl.DataFrame, verdict_columns: tuple[str, ...] = ()) -> str:
    """An HTML table of every row, built column by column (a page lists thousands of claims); verdicts as
    coloured labels (their codes have nothing to escape, so the escaped text is matched)."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in df.columns)
    labels = {
        v: f'<span class="v" style="background:{VERDICT_COLOURS[v]}">{html.escape(VERDICT_WORDS[v])}</span>'
        for v in VERDICT_COLOURS
    }
    body = ""
    if df.height and df.width:
        cells = []
        for c in df.columns:
            text = pl.col(c)
            if c in verdict_columns:
                text = text.replace_strict(labels, default=text, return_dtype=pl.String)
            cells += [pl.lit("<td>"), text, pl.lit("</td>")]
        texts = pl.DataFrame([_cell_text(df[c]) for c in df.columns])
        body = "".join(texts.select(pl.concat_str([pl.lit("<tr>"), *cells, pl.lit("</tr>")]))[:, 0].to_list())
    elif df.height:
        body = "<tr></tr>" * df.height
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


MAX_MIRROR_ROWS = 15  # the latest periods of both sides' turnover on a corridor page
MAX_TABLE_ROWS = 50  # claims listed per series (the chart shows them all); a big corpus has thousands
# Claims listed on a corridor page: its latest. At 10,000 articles a pair has thousands (2.5 MB pages), and
# every article about a pair rewrote its page whole.
MAX_CORRIDOR_CLAIMS = 100
STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:12px}"
    "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}section{margin-bottom:3em}"
    ".v{color:white;padding:1px 6px;border-radius:3px;white-space:nowrap}"
    ".tiles{display:flex;gap:12px;margin:1em 0}.tile{padding:10px 16px;border-radius:6px;color:white;"
    "min-width:110px}.tile b{font-size:28px;display:block}img{max-width:100%}"
)
CLAIM_COLUMNS = (
    "article",
    "published_date",
    "claim_words",
    "claim_bounds",
    "period_start",
    "period_end_checked",
    "entity",
    "verdict_latest",
    "reason_latest",
    "as_of",
    "quote",
)


def _page(title: str, body: str, inputs: str = "", chart: str | None = None) -> str:
    """A page; ``inputs``: the hash of what it shows, and ``chart``: the chart it shows (a series page), both in
    its head, where the next build reads them (``_page_head``)."""
    meta = f"<meta name='corridor-inputs' content='{inputs}'>" if inputs else ""
    meta += f"<meta name='corridor-chart' content='{html.escape(chart)}'>" if chart else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{meta}<title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


_PAGE_HEAD = re.compile(
    r"<meta charset='utf-8'>(?:<meta name='corridor-inputs' content='([0-9a-f]+)'>)?"
    r"(?:<meta name='corridor-chart' content='([^'<]+)'>)?"
)


def _page_head(path: Path) -> tuple[str | None, str | None]:
    """What a page was written from and the chart it shows (its head: ``_page``), if it exists."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(400)
    except OSError:
        return None, None
    found = _PAGE_HEAD.search(head)
    return (found.group(1), found.group(2) and html.unescape(found.group(2))) if found else (None, None)


def _series_section(name: str, png: str | None, cl: pl.DataFrame, off: pl.DataFrame) -> str:
    """A series page's body: its chart, its claims (the first ``MAX_TABLE_ROWS``) and its official values."""
    claim_table = cl.head(MAX_TABLE_ROWS).select(CLAIM_COLUMNS)
    more = (
        f"<p>{cl.height - MAX_TABLE_ROWS:,} more claims in this series: "
        f"<code>corridor query @sql/internal/report_claims.sql</code> has them all.</p>"
        if cl.height > MAX_TABLE_ROWS
        else ""
    )
    official_table = off.select(
        "line", "period_start", "period_end", "value", "qualifier", "source_class", "release_id"
    )
    image = f'<img src="{png}" alt="{html.escape(name)}">' if png else ""
    return (
        f'<section data-series="{html.escape(name)}"><h2>{html.escape(name)}</h2>{image}'
        f"<h3>Claims</h3>{_html_table(claim_table, ('verdict_latest',)) if cl.height else '<p>No claims.</p>'}"
        f"{more}<h3>Official values</h3>"
        f"{_html_table(official_table) if off.height else '<p>No official data.</p>'}</section>"
    )


def _corridor_page(
    row: dict, claims: pl.DataFrame, mirror: pl.DataFrame, charts: list[tuple[str, str]], inputs: str = ""
) -> str:
    """The page a journalist screenshots: what was said about one corridor and how it holds up. ``claims``:
    its latest (``_corridor_claims``), latest first."""
    tiles = "".join(
        f'<div class="tile" style="background:{VERDICT_COLOURS[v]}"><b>{row[v]}</b>{VERDICT_WORDS[v]}</div>'
        for v in VERDICT_COLOURS
    )
    total = claims["pair_claims"][0] if claims.height else 0
    more = (
        f"<p>The {claims.height} latest of {total:,} claims, by the article's date: "
        "<code>corridor query @sql/internal/report_claims.sql</code> has them all (column <code>pair</code>).</p>"
        if total > claims.height
        else ""
    )
    stated = claims.sort(pl.col("derived_from").is_not_null(), maintain_order=True).select(
        pl.col("published_date").alias("said on"),
        pl.when(pl.col("derived_from").is_null())
        .then(pl.col("claim_words"))
        .otherwise(pl.lit("implied: ") + pl.col("claim_words"))
        .alias("claim"),
        pl.col("claim_bounds").alias("bounds"),
        pl.col("period_start").alias("from"),
        pl.col("period_end_checked").alias("to"),
        pl.col("verdict_latest").alias("verdict"),
        pl.col("reason_latest").alias("why"),
        pl.col("quote"),
    )
    if mirror.height:
        a, b = mirror["country_a"][0], mirror["country_b"][0]
        mirror = mirror.head(MAX_MIRROR_ROWS).select(
            "period",
            pl.col("reported_by_a").alias(f"{a} reports"),
            pl.col("reported_by_b").alias(f"{b} reports"),
            pl.col("gap_pct").alias(f"{b} vs {a}, %"),
        )
    charts = sorted(charts, key=lambda c: (not c[0].startswith("Trade turnover"), c[0]))  # turnover first
    images = "".join(f'<h3>{html.escape(name)}</h3><img src="{png}" alt="{html.escape(name)}">' for name, png in charts)
    return _page(
        f"{row['title']}: claims checked",
        (
            f"<h1>{html.escape(row['title'] or row['pair'])}: what was said, what the official data say</h1>"
            f"<p>{row['claims'] - row['implied']} figures stated in articles about this corridor and {row['implied']} "
            "values they imply together (a level and its growth), checked against official data "
            "(latest releases; each side's best-ranked source: statistics office, then official statement, then "
            "press report).</p>"
            f'<div class="tiles">{tiles}</div>'
            f"<h2>The claims</h2>{more}{_html_table(stated, ('verdict',)) if stated.height else '<p>None.</p>'}"
            "<h2>Both sides' turnover (USD)</h2>"
            f"{_html_table(mirror) if mirror.height else '<p>No turnover on file.</p>'}"
            f"<h2>Charts</h2>{images}<p><a href='index.html'>All series</a></p>"
        ),
        inputs,
    )


def _split(df: pl.DataFrame, column: str) -> dict[str, pl.DataFrame]:
    """The rows of each value of ``column``, in the frame's order: split once, not filtered per value (a
    filter per series reads every row a thousand times). The report's queries return each value's rows
    together (ordered by it): those are slices of the frame, not copies."""
    runs = df.select(pl.col(column).rle()).unnest(column)
    if runs.height != df[column].n_unique():  # a value in more than one run: copy its rows together
        return {key[0]: part for key, part in df.partition_by(column, as_dict=True, maintain_order=True).items()}
    offsets = [0, *runs["len"].cum_sum().to_list()]
    return {key: df.slice(offsets[i], n) for i, (key, n) in enumerate(runs.select("value", "len").iter_rows())}


def _write(path: Path, text: str) -> None:
    """Write a file whole or not at all: a page is reused by what its head says, so a run stopped halfway must
    not leave half of one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _series_keys(con, code: str, series: pl.DataFrame) -> dict[str, str]:
    """Each series' key: a hash of the report's code and of its rows (counted and hashed in the warehouse,
    report_series.sql: the rows themselves are read only for the series whose key is not kept)."""
    tables = {t: con.table(t) for t in ("report_claim", "report_official")}
    types = [(t, rel.columns, list(map(str, rel.types))) for t, rel in tables.items()]
    head = f"duckdb {duckdb.__version__}\0polars {pl.__version__}\0{code}\0{MAX_TABLE_ROWS}\0{types}\0"
    parts = series.select("series", "claim_rows", "claim_content", "official_rows", "official_content")
    return {
        row[0]: hashlib.sha256("\0".join((head, *map(str, row))).encode()).hexdigest()[:20] for row in parts.iter_rows()
    }


def _series_page_name(name: str) -> str:
    """A series' page: its name's slug and a hash of the name (two names may share a slug)."""
    return f"series-{_slug(name)}-{hashlib.sha256(name.encode()).hexdigest()[:6]}.html"


def _kept_series_page(folder: Path, page: str, key: str) -> tuple[bool, str | None]:
    """Whether a series' page was written from ``key`` and its chart (None for rates and ratios) is on disk,
    and that chart."""
    inputs, png = _page_head(folder / page)
    return inputs == key and (png is None or (folder / png).is_file()), png


def _render_series_page(
    folder: Path, page: str, key: str, name: str, off: pl.DataFrame, cl: pl.DataFrame
) -> tuple[str | None, tuple | None]:
    """A series' page written with its key, its chart (None for rates and ratios) and the arguments of
    ``_chart`` if no file has the chart's name yet."""
    levels = cl.filter(pl.col("measure") == "level")
    png, draw = None, None
    if off.height or levels.height:  # rates and ratios have a table, not a chart
        png = _chart_name(name, off, levels)
        if not (folder / png).exists():
            draw = (folder / png, name, (off["unit"] if off.height else levels["unit"])[0], off, levels)
    body = f"<p><a href='index.html'>All corridors and series</a></p>{_series_section(name, png, cl, off)}"
    _write(folder / page, _page(name, body, key, png))
    return png, draw


# Charts are shared with the workers when there are at least this many (~0.1 s each; a full build at 10,000
# articles draws over 400, a new SYNTHETIC article of the benchmark 5 to 30). A worker started with the claim
# checks (``ChartWorkers`` before the marts) is ready by then; one not yet started leaves its share here.
POOL_MIN_CHARTS = 2
# A worker's niceness: it imports (about a second of a core) while the report reads, on what DuckDB and Polars
# leave of the cores, and draws on the core this process leaves when it draws alone.
WORKER_NICENESS = 10
_WORKER = (
    f"import os; os.nice({WORKER_NICENESS}); import runpy; "
    "runpy.run_module('pipelines.checking.report', run_name='__main__', alter_sys=True)"
)


def _claim(folder: Path, i: int) -> bool:
    """Take chart ``i`` of the list shared with the workers: the first process to create its claim file."""
    try:
        os.close(os.open(folder / str(i), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


class ChartWorkers:
    """One worker process per other core, started when the report starts (at a lower priority, ``_WORKER``), so
    that its start (Python, Polars, Matplotlib: about a second) overlaps the report's reads: this module run as
    a script, reading the claims folder and the charts (``_chart``'s arguments, pickled) from stdin; plain
    subprocesses, not multiprocessing, whose spawned workers run the caller's main script again. Charts are
    claimed one at a time (``_claim``): this process takes them from the front, the workers from the back, so
    a worker not yet started leaves its share to this process, and none is drawn twice. The claim checks start
    them before building the marts (their start then overlaps DuckDB's work too); ``close`` ends them."""

    def __init__(self) -> None:
        import subprocess
        import sys
        import tempfile

        from pipelines.config import PROJECT_ROOT

        self.tmp = tempfile.TemporaryDirectory(prefix="corridor-charts-")
        self.claims = Path(self.tmp.name) / "claims"
        self.claims.mkdir()
        self.procs = []
        for i in range(min(len(os.sched_getaffinity(0)), 8) - 1):
            try:
                with open(self.log(i), "wb") as said_to:
                    self.procs.append(
                        subprocess.Popen(
                            [sys.executable, "-c", _WORKER],
                            cwd=PROJECT_ROOT,
                            stdin=subprocess.PIPE,
                            stdout=said_to,
                            stderr=said_to,
                        )
                    )
            except OSError as exc:  # the charts are drawn by the workers started, or here
                log.warning("chart worker %d not started (%s); its charts are drawn in this process", i, exc)
                break

    def log(self, i: int) -> Path:
        return Path(self.tmp.name) / f"charts-{i}.log"

    def give(self, charts: list[tuple]) -> None:
        """Every worker the whole list (maybe empty: it exits); one that cannot take it is left to ``finish``."""
        import pickle

        job = pickle.dumps((self.claims, charts))
        for proc in self.procs:
            try:
                proc.stdin.write(job)
                proc.stdin.close()
            except OSError:  # it has already exited: finish() says why
                pass

    def finish(self, theirs: list[Path]) -> None:
        """Wait for the charts the workers claimed (``theirs``) or for the workers to end, whichever comes
        first (a worker still starting is not waited for: every chart is claimed), saying why a worker failed."""
        while not all(p.exists() for p in theirs) and any(proc.poll() is None for proc in self.procs):
            time.sleep(0.01)
        for i, proc in enumerate(self.procs):
            if proc.poll():  # the charts it claimed and did not draw are drawn by the caller after; say why
                said = self.log(i).read_text(encoding="utf-8", errors="replace")
                last = said.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
                log.warning("chart worker %d failed (%s); its charts are drawn in this process", i, last[0])

    def __enter__(self) -> ChartWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdin and not proc.stdin.closed:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
        self.tmp.cleanup()


def _draw_charts(charts: list[tuple], workers: ChartWorkers) -> Callable[[], None]:
    """Draw the charts (``_chart``'s arguments): in this process when they are few, else with the workers, each
    chart claimed once (``ChartWorkers``). Returns when this process has drawn its share; what it returns
    waits for the workers' (the caller writes its pages meanwhile: they name the charts, they do not read
    them). A chart a worker claimed and did not draw (it failed, or was killed) is drawn here then."""
    if len(charts) < POOL_MIN_CHARTS or not workers.procs:
        workers.give([])
        for args in charts:
            _chart(*args)
        return lambda: None
    workers.give(charts)
    theirs = []
    for i, args in enumerate(charts):
        if _claim(workers.claims, i):
            _chart(*args)
        else:
            theirs.append(args[0])

    def finish() -> None:
        workers.finish(theirs)
        for args in charts:
            if not args[0].exists():
                _chart(*args)

    return finish


def build_report(con, folder: Path, workers: ChartWorkers | None = None) -> Path:
    """Render the report from an open warehouse connection; returns the index.html path. The chart workers are
    the caller's (``workers``, started earlier) or started here."""
    if workers is not None:
        return _build_report(con, folder, workers)
    with ChartWorkers() as started:
        return _build_report(con, folder, started)


def _build_report(con, folder: Path, workers: ChartWorkers) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / ".sections", ignore_errors=True)  # where reports before series pages kept their parts
    code = REPORT_CODE.fingerprint()
    # Charts for the pairs claims are about: with the statistics offices' tables on file there are official
    # series for every partner of every reporter (over a thousand), most of which no claim names.
    every = wh.query_frame(con, wh.sql_text("internal/report_series.sql"))
    listed = every.filter("charted")
    uncharted = every.height - listed.height
    keys = _series_keys(con, code, listed)
    pages = {name: _series_page_name(name) for name in keys}
    kept = {name: _kept_series_page(folder, pages[name], key) for name, key in keys.items()}
    new = [name for name, (found, _) in kept.items() if not found]
    claims = _claim_rows(con, new)
    official = _official_rows(con, new)
    official_by, claims_by = _split(official, "series"), _split(claims, "series")
    series_links, charts, drawn, charts_by_pair = [], [], set(), {}
    for name, pairs, claim_rows, official_rows in listed.select(
        "series", "pairs", "claim_rows", "official_rows"
    ).iter_rows():
        found, png = kept[name]
        if not found:
            off, cl = official_by.get(name, official.clear()), claims_by.get(name, claims.clear())
            png, draw = _render_series_page(folder, pages[name], keys[name], name, off, cl)
            if draw:
                charts.append(draw)
        series_links.append(
            f'<li><a href="{pages[name]}">{html.escape(name)}</a>: {claim_rows} claims, '
            f"{official_rows} official values</li>"
        )
        if png:
            drawn.add(png)
            for pair in pairs:
                charts_by_pair.setdefault(pair, []).append((name, png))
    charts_drawn = _draw_charts(charts, workers)
    corridors = wh.query_frame(con, wh.sql_text("internal/report_corridors.sql"))
    made_of = {
        pair: (series, rows, content)
        for pair, series, rows, content in wh.query_frame(con, wh.sql_text("internal/report_pairs.sql")).iter_rows()
    }
    # a page is written again only when what it shows changed (a big corridor lists thousands of claims): its
    # summary, its charts, its mirror rows and its series' keys, which stand for its claims
    rewrite, links = {}, []
    for row in corridors.iter_rows(named=True):
        page = f"corridor-{_slug(row['pair'])}.html"
        series, mirror_rows, mirror_content = made_of.get(row["pair"], ([], 0, ""))
        shown = charts_by_pair.get(row["pair"], [])
        inputs = content_fingerprint(
            code, MAX_MIRROR_ROWS, [keys[s] for s in series], row, mirror_rows, mirror_content, shown
        )[:20]
        if _page_head(folder / page)[0] != inputs:
            rewrite[row["pair"]] = (page, row, shown, inputs)
        links.append(
            f'<li><a href="{page}">{html.escape(row["title"] or row["pair"])}</a>: {row["claims"]} claims, '
            f"{row['supported']} supported, {row['contradicted']} contradicted</li>"
        )
    if rewrite:
        claims = _corridor_claims(con, list(rewrite))
        mirror = wh.query_frame(con, wh.sql_text("internal/report_mirror_rows.sql"), params={"pairs": list(rewrite)})
        claims_of, mirror_of = _split(claims, "pair"), _split(mirror, "pair")
        for pair, (page, row, shown, inputs) in rewrite.items():
            text = _corridor_page(
                row, claims_of.get(pair, claims.clear()), mirror_of.get(pair, mirror.clear()), shown, inputs
            )
            _write(folder / page, text)
    page = _page(
        "Corridor: claims and official data",
        (
            "<h1>Corridor: news figures against official data</h1>"
            + (f"<h2>Corridors</h2><ul>{''.join(links)}</ul>" if links else "")
            + "<h2>Series</h2><p>One page per indicator, pair of countries (or direction of a flow) and unit: its "
            "chart, its claims and its official values. In a chart, lines: official values by reporter and source "
            "(latest release), at the middle of their periods, with a bar across each period. Diamonds: article "
            "claims with their bounds, coloured by verdict (green supported, blue not contradicted, red "
            "contradicted, orange scope mismatch, grey unverifiable); hollow diamonds are values implied by a level "
            "and its growth rate.</p>"
            + f"<ul>{''.join(series_links)}</ul>"
            + (
                f"<p>{uncharted:,} official series of pairs no claim is about are not charted: "
                "<code>corridor query @sql/internal/report_official.sql</code> has them all.</p>"
                if uncharted
                else ""
            )
        ),
    )
    index = folder / "index.html"
    _write(index, page)
    charts_drawn()
    written = {f"corridor-{_slug(pair)}.html" for pair in corridors["pair"].to_list()} | set(pages.values())
    for stale in [*folder.glob("*.png"), *folder.glob("corridor-*.html"), *folder.glob("series-*.html")]:
        if stale.name not in drawn | written:
            stale.unlink()
    return index


REPORT_CODE = CodeDeps(
    modules=("pipelines.checking.report",),
    sql=(
        "sql/internal/report_series.sql",
        "sql/internal/report_pairs.sql",
        "sql/internal/report_claim_rows.sql",
        "sql/internal/report_corridor_claims.sql",
        "sql/internal/report_official_rows.sql",
        "sql/internal/report_corridors.sql",
        "sql/internal/report_mirror_rows.sql",
    ),
)
MARKER = ".fingerprint"  # what the report in a folder was built from (written last, after index.html)


def _report_fingerprint(warehouse_fingerprint: str) -> str:
    return content_fingerprint(warehouse_fingerprint, REPORT_CODE.fingerprint())


def report_is_current(folder: Path, warehouse_fingerprint: str) -> bool:
    """True when the folder's report was built from this warehouse content (the marts' fingerprint) by this
    report code."""
    index, marker = folder / "index.html", folder / MARKER
    return (
        index.is_file()
        and marker.is_file()
        and marker.read_text(encoding="utf-8").strip() == _report_fingerprint(warehouse_fingerprint)
    )


def build_report_unless_unchanged(
    con, folder: Path, warehouse_fingerprint: str, workers: ChartWorkers | None = None
) -> Path:
    """``build_report`` (with the caller's chart ``workers``, if any), unless ``report_is_current``."""
    index, marker = folder / "index.html", folder / MARKER
    if report_is_current(folder, warehouse_fingerprint):
        return index
    marker.unlink(missing_ok=True)
    index = build_report(con, folder, workers)
    marker.write_text(_report_fingerprint(warehouse_fingerprint) + "\n", encoding="utf-8")
    return index


if __name__ == "__main__":  # a chart worker (ChartWorkers): the charts on its stdin not yet claimed, from the back
    import pickle
    import sys

    _import_charting()  # before the charts arrive
    claims_folder, job_charts = pickle.load(sys.stdin.buffer)
    for job_i in reversed(range(len(job_charts))):
        if _claim(claims_folder, job_i):
            _chart(*job_charts[job_i])
