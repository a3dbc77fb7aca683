"""Dagster metadata for frames: row counts, the table schema and a Markdown preview."""

import dagster as dg
import polars as pl


def _cell(value: object, width: int = 60) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def markdown_preview(
    df: pl.DataFrame, rows: int = 10, columns: list[str] | None = None, total: int | None = None
) -> str:
    """The first ``rows`` rows as a Markdown table, and how many more there are (of ``total``, when ``df``
    holds only the first rows of a bigger result)."""
    view = df.select(columns) if columns else df
    head = view.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in head.iter_rows()]
    total = df.height if total is None else total
    if total > rows:
        lines.append(f"\n… {total - rows} more rows")
    return "\n".join(lines)


def table_schema(df: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name=c, type=str(t)) for c, t in df.schema.items()])


def frame_metadata(df: pl.DataFrame, preview_columns: list[str] | None = None) -> dict:
    return {
        "dagster/row_count": dg.MetadataValue.int(df.height),
        "dagster/column_schema": table_schema(df),
        "preview": dg.MetadataValue.md(markdown_preview(df, columns=preview_columns)),
    }
