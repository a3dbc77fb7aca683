"""What a suite run hands back: ``SuiteResult`` and its per-expectation ``ExpectationOutcome``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipelines import model

SAMPLE_ROWS = 5


@dataclass
class ExpectationOutcome:
    name: str  # what it checks, e.g. "claim_value_low_le_value"
    type: str  # the GX expectation type, e.g. "expect_column_pair_values_a_to_be_greater_than_b"
    columns: list[str]
    success: bool
    unexpected_count: int
    row_level: bool
    words: str = ""
    sample: list[dict] = field(default_factory=list)  # failing rows (<= 5), JSON-able dicts
    observed: Any = None  # e.g. observed_value of a table expectation
    error: str | None = None  # the expectation raised instead of deciding

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "columns": self.columns,
            "success": self.success,
            "unexpected_count": self.unexpected_count,
            "row_level": self.row_level,
            "words": self.words,
            "sample": self.sample,
            "error": self.error,
        }


@dataclass
class SuiteResult:
    suite: str
    success: bool
    expectations: list[ExpectationOutcome]
    good: Any  # pl.DataFrame (same schema as the input); dict[str, pl.DataFrame] for the reference suite
    quarantine: pl.DataFrame  # model.QUARANTINE
    table_failures: list[str]
    statistics: dict
    seconds: float
    rows: int = 0
    gx_result: Any = field(default=None, repr=False)  # the GX ExpectationSuiteValidationResult (Data Docs)
    gx_key: Any = field(default=None, repr=False)  # its ValidationResultIdentifier in the context's store

    def failed(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def outcome(self, name: str) -> ExpectationOutcome:
        for e in self.expectations:
            if e.name == name:
                return e
        raise KeyError(f"suite {self.suite} has no expectation {name!r}")

    def summary_metadata(self) -> dict:
        """Plain JSON-able values for Dagster check metadata."""
        failed = self.failed()
        return {
            "suite": self.suite,
            "success": bool(self.success),
            "rows_validated": int(self.rows),
            "expectations_run": len(self.expectations),
            "expectations_failed": len(failed),
            "failed_expectations": [e.name for e in failed],
            "unexpected_counts": {e.name: int(e.unexpected_count) for e in self.expectations},
            "failing_samples": {e.name: e.sample for e in failed if e.sample},
            "table_failures": list(self.table_failures),
            "quarantined_rows": int(self.quarantine.height),
            "statistics": {k: (float(v) if isinstance(v, float) else int(v)) for k, v in self.statistics.items()},
            "seconds": round(float(self.seconds), 3),
        }


def statistics_of(outcomes: list[ExpectationOutcome]) -> dict:
    ok = sum(1 for e in outcomes if e.success)
    return {
        "evaluated_expectations": len(outcomes),
        "successful_expectations": ok,
        "unsuccessful_expectations": len(outcomes) - ok,
    }


def schema_problems(df: pl.DataFrame, schema: dict) -> tuple[pl.DataFrame, list[str]]:
    """``df`` with model columns cast to the model types, and the problems (missing / uncastable columns)."""
    problems = []
    missing = [c for c in schema if c not in df.columns]
    if missing:
        problems.append(f"missing columns {missing}")
    casts = []
    for name, dtype in schema.items():
        if name in df.columns and df.schema[name] != dtype:
            try:
                df.select(pl.col(name).cast(dtype, strict=True))
                casts.append(pl.col(name).cast(dtype, strict=True))
            except (pl.exceptions.PolarsError, TypeError, ValueError):
                problems.append(f"column {name} is {df.schema[name]}, expected {dtype}")
    if casts and not problems:
        df = df.with_columns(casts)
    return df, problems


def records_json(df: pl.DataFrame) -> pl.Series:
    """Each row as a JSON object string (dates ISO, lists as arrays)."""
    if df.width == 0:
        return pl.Series("record", ["{}"] * df.height, dtype=pl.String)
    return df.select(pl.struct(pl.all()).struct.json_encode().alias("record")).to_series()


def rows_as_dicts(df: pl.DataFrame) -> list[dict]:
    """JSON-able dicts of rows (for metadata samples)."""
    return [json.loads(s) for s in records_json(df).to_list()]


def build_quarantine(dataset: str, rows: pl.DataFrame) -> pl.DataFrame:
    """``rows``: input_name, source_id, check_name, reason, record → QUARANTINE frame with stable ids."""
    if rows.height == 0:
        return model.empty(model.QUARANTINE)
    names = rows["input_name"].to_list() if "input_name" in rows.columns else [None] * rows.height
    ids = [
        model.quarantine_id(dataset, n, s, r)
        for n, s, r in zip(names, rows["source_id"].to_list(), rows["record"].to_list(), strict=True)
    ]
    return model.conform(
        rows.with_columns(pl.Series("quarantine_id", ids, dtype=pl.String), pl.lit(dataset).alias("dataset")),
        model.QUARANTINE,
    )
