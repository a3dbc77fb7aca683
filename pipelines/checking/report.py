"""The claim report: for each series claims are about, official values over time per source, claims on top.

Writes ``index.html`` and one PNG per series into a folder (default: reports/, git-ignored). A chart's
file name carries a hash of what it draws, so a run redraws only the series whose data changed
(drawing is most of the report's cost) and drops the charts no series uses any more.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import polars as pl

from pipelines import warehouse as wh
from pipelines.fingerprint import CodeDeps, content_fingerprint

VERDICT_COLOURS = {
    "consistent": "#2e7d32",
    "inconsistent": "#c62828",
    "scope_mismatch": "#ef6c00",
    "unverifiable": "#757575",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _series_frames(con) -> tuple[pl.DataFrame, pl.DataFrame]:
    official = wh.query_frame(con, wh.sql_text("internal/report_official.sql"))
    claims = wh.query_frame(con, wh.sql_text("internal/report_claims.sql"))
    return official, claims


CHART_VERSION = "2"  # bump when _chart draws differently, so every chart is drawn again


def _chart_name(title: str, official: pl.DataFrame, claims: pl.DataFrame) -> str:
    # a hash that ignores row order: rows that tie in the query's order may come back in another order
    digest = content_fingerprint(CHART_VERSION, title, official, claims)
    return f"{_slug(title)}-{digest[:12]}.png"


def _chart(path: Path, title: str, official: pl.DataFrame, claims: pl.DataFrame) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.2), dpi=100)
    for (label,), part in official.sort("period_end").group_by(["line"], maintain_order=True):
        ax.plot(part["period_end"].to_list(), part["value"].to_list(), marker="o", label=label)
    # One errorbar call per verdict and kind (stated or implied), not per claim: a series of a big corpus
    # has thousands of claims.
    claims = claims.with_columns(
        pl.col("verdict_latest").fill_null("unverifiable").alias("_verdict"),
        pl.col("derived_from").is_not_null().alias("_implied"),
        pl.coalesce("value_low", "value").alias("_low"), pl.coalesce("value_high", "value").alias("_high"))
    for (verdict, implied), part in claims.group_by(["_verdict", "_implied"], maintain_order=True):
        colour = VERDICT_COLOURS.get(verdict, "#757575")
        ax.errorbar(part["period_end"].to_list(), part["value"].to_list(),
                    yerr=[(part["value"] - part["_low"]).to_list(), (part["_high"] - part["value"]).to_list()],
                    fmt="d" if implied else "D", linestyle="", color=colour, capsize=4, markersize=7,
                    mfc="white" if implied else colour)
        # "more than": the figure is a lower bound, so an arrow points up from it
        open_up = part.filter(pl.col("value_high").is_null() & (pl.col("qualifier") == "more_than"))
        if open_up.height:
            ax.errorbar(open_up["period_end"].to_list(), open_up["value"].to_list(),
                        yerr=[[0] * open_up.height, (open_up["value"] * 0.08).to_list()], lolims=True, fmt="none",
                        color=colour)
    handles = [plt.Line2D([], [], marker="D", linestyle="", color=c, label=f"claim: {v}")
               for v, c in VERDICT_COLOURS.items() if v in set(claims["_verdict"].to_list())]
    # a fixed corner: matplotlib's "best" place tests every point of every artist (seconds per chart)
    ax.legend(handles=ax.get_legend_handles_labels()[0] + handles, fontsize=8, loc="upper left")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _html_table(df: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
        for row in df.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


MAX_TABLE_ROWS = 50  # claims listed per series (the chart shows them all); a big corpus has thousands


def build_report(con, folder: Path) -> Path:
    """Render the report from an open warehouse connection; returns the index.html path."""
    folder.mkdir(parents=True, exist_ok=True)
    official, claims = _series_frames(con)
    # Charts for the series claims are about: with the statistics offices' tables on file there are
    # official series for every partner of every reporter (over a thousand), most of which no claim names.
    series = sorted(set(claims["series"].to_list()))
    uncharted = len(set(official["series"].to_list()) - set(series))
    sections, drawn = [], set()
    for name in series:
        off = official.filter(pl.col("series") == name)
        cl = claims.filter(pl.col("series") == name)
        levels = cl.filter(pl.col("measure") == "level")
        png = folder / _chart_name(name, off, levels)
        if not png.exists():
            _chart(png, name, off, levels)
        drawn.add(png.name)
        claim_table = cl.head(MAX_TABLE_ROWS).select("article", "measure", "value", "qualifier", "period_start",
                                                     "period_end", "entity", "verdict_latest", "reason_latest",
                                                     "as_of", "quote")
        more = (f"<p>{cl.height - MAX_TABLE_ROWS:,} more claims in this series: "
                f"<code>corridor query @sql/internal/report_claims.sql</code> has them all.</p>"
                if cl.height > MAX_TABLE_ROWS else "")
        official_table = off.select("line", "period_start", "period_end", "value", "qualifier", "release_id")
        sections.append(
            f'<section data-series="{html.escape(name)}"><h2>{html.escape(name)}</h2>'
            f'<img src="{png.name}" alt="{html.escape(name)}">'
            f"<h3>Claims</h3>{_html_table(claim_table) if cl.height else '<p>No claims.</p>'}{more}"
            f"<h3>Official values</h3>{_html_table(official_table) if off.height else '<p>No official data.</p>'}"
            "</section>"
        )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Corridor: claims and official data</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}section{margin-bottom:3em}</style>"
        "</head><body><h1>Corridor: news figures against official data</h1>"
        "<p>Lines: official values by reporter and source (latest release). Diamonds: article claims with "
        "their bounds, coloured by verdict (green consistent, red inconsistent, orange scope mismatch, grey "
        "unverifiable); hollow diamonds are values implied by a level and its growth rate.</p>"
        + "".join(sections)
        + (f"<p>{uncharted:,} official series no claim is about are not charted: "
           "<code>corridor query @sql/internal/report_official.sql</code> has them all.</p>" if uncharted else "")
        + "</body></html>"
    )
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    for stale in folder.glob("*.png"):
        if stale.name not in drawn:
            stale.unlink()
    return index


REPORT_CODE = CodeDeps(modules=("pipelines.checking.report",),
                       sql=("sql/internal/report_claims.sql", "sql/internal/report_official.sql"))
MARKER = ".fingerprint"  # what the report in a folder was built from (written last, after index.html)


def build_report_unless_unchanged(con, folder: Path, warehouse_fingerprint: str) -> Path:
    """``build_report``, unless the folder's report was built from the same warehouse content (the marts'
    fingerprint) by the same report code."""
    fingerprint = content_fingerprint(warehouse_fingerprint, REPORT_CODE.fingerprint())
    index, marker = folder / "index.html", folder / MARKER
    if index.is_file() and marker.is_file() and marker.read_text(encoding="utf-8").strip() == fingerprint:
        return index
    marker.unlink(missing_ok=True)
    index = build_report(con, folder)
    marker.write_text(fingerprint + "\n", encoding="utf-8")
    return index
