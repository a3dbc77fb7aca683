"""The expectation suites, kept as code: one list of ``Check`` per dataset.

A ``Check`` is one GX Core 1.x expectation (class name + keyword arguments, so this module does not
import Great Expectations) plus what Corridor needs around it:

- ``name``: what it checks, in words a reader of Dagster metadata or Data Docs understands
  ("claim_value_low_le_value"); it travels in the expectation's ``meta`` and ``description``;
- ``row_level``: whether dropping the failing rows fixes the problem (they go to quarantine) or it is a
  property of the whole table (duplicate keys, row count out of band: reported in ``table_failures``);
- ``reason``: a Polars expression, evaluated on the failing rows only, that says what is wrong with the
  row ("value_low 5 > value 3").

Checks that are not a plain GX expectation (quote against article text, unit valid for an indicator,
period inside a release's coverage ...) read a derived column ``_q_*`` that ``claims.py`` /
``observations.py`` / ``reference_suite.py`` compute once, vectorized, in Polars; a GX expectation still
decides (``ExpectColumnValuesToBeInSet([True])``, ``ExpectColumnValuesToBeBetween`` ...).

Reference-dependent values (the indicator catalogue, ISO3 codes, unit codes) are GX expectation
parameters (``{"$PARAMETER": name}``) filled at run time, so each suite is built once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from pipelines.model import FLOWS, FREQUENCIES, MEASURES, QUALIFIERS, STATUSES  # noqa: F401  (re-exported)

CHANGE_PCT_RANGE = (-100.0, 10_000.0)
# Rows of a dataset compared with the previous release of the same provider/dataset.
ROW_COUNT_BAND = (0.5, 2.0)

CLAIM_REQUIRED = [
    "claim_id",
    "source_id",
    "indicator",
    "measure",
    "value",
    "unit",
    "qualifier",
    "quote",
    "start",
    "end",
    "quote_start",
]
OBSERVATION_REQUIRED = [
    "indicator",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "frequency",
    "value",
    "unit",
    "release_id",
    "source_id",
]

TRUE = [True]


def _s(col: str) -> pl.Expr:
    """A column as text for a reason; null shows as 'null'."""
    return pl.col(col).cast(pl.String).fill_null("null")


def fmt(template: str, *cols: str) -> Callable[[], pl.Expr]:
    return lambda: pl.format(template, *[_s(c) for c in cols])


@dataclass(frozen=True)
class Check:
    name: str
    expectation: str  # class name in great_expectations.expectations
    kwargs: dict
    row_level: bool
    words: str
    reason: Callable[[], pl.Expr] | None = field(default=None, compare=False)

    @property
    def columns(self) -> list[str]:
        kw = self.kwargs
        cols = [kw[k] for k in ("column", "column_A", "column_B") if k in kw]
        return cols + list(kw.get("column_list", []))

    def gx_expectation(self):
        import great_expectations as gx

        cls = getattr(gx.expectations, self.expectation)
        return cls(
            **self.kwargs,
            meta={"check": self.name, "row_level": self.row_level},
            description=f"{self.name}: {self.words}",
        )


def not_null(prefix: str, col: str) -> Check:
    return Check(
        f"{prefix}_{col}_not_null",
        "ExpectColumnValuesToNotBeNull",
        {"column": col},
        True,
        f"{col} is set",
        lambda: pl.lit(f"{col} is null"),
    )


def in_set(name: str, col: str, values, words: str, what: str) -> Check:
    return Check(
        name,
        "ExpectColumnValuesToBeInSet",
        {"column": col, "value_set": values},
        True,
        words,
        fmt(f"{col} {{}} {what}", col),
    )


def flag(name: str, col: str, words: str, reason: Callable[[], pl.Expr], row_level: bool = True) -> Check:
    """A derived boolean column that must be True (computed in Polars, decided by GX)."""
    return Check(name, "ExpectColumnValuesToBeInSet", {"column": col, "value_set": TRUE}, row_level, words, reason)


def a_ge_b(name: str, a: str, b: str, words: str, reason: Callable[[], pl.Expr], or_equal: bool = True) -> Check:
    return Check(
        name,
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": a, "column_B": b, "or_equal": or_equal, "ignore_row_if": "either_value_is_missing"},
        True,
        words,
        reason,
    )


def param(name: str) -> dict:
    return {"$PARAMETER": name}


# --------------------------------------------------------------------------------------------- claims
CLAIM_CHECKS: list[Check] = [
    *[not_null("claim", c) for c in CLAIM_REQUIRED],
    Check(
        "claim_id_unique",
        "ExpectColumnValuesToBeUnique",
        {"column": "claim_id"},
        False,
        "no two claims share a claim_id",
        fmt("claim_id {} appears more than once", "claim_id"),
    ),
    in_set(
        "claim_indicator_in_catalogue",
        "indicator",
        param("indicator_codes"),
        "indicator is a code of data/reference/indicators.csv",
        "not in indicators.csv",
    ),
    in_set("claim_measure_in_set", "measure", MEASURES, f"measure in {MEASURES}", f"not in {MEASURES}"),
    in_set("claim_qualifier_in_set", "qualifier", QUALIFIERS, f"qualifier in {QUALIFIERS}", f"not in {QUALIFIERS}"),
    flag(
        "claim_unit_valid_for_indicator_measure",
        "_q_unit_ok",
        "unit is listed for the claim's (indicator, measure) in indicator_units.csv",
        fmt("unit {} not valid for {} {} (valid: {})", "unit", "indicator", "measure", "_q_valid_units"),
    ),
    Check(
        "claim_change_pct_in_range",
        "ExpectColumnValuesToBeBetween",
        {"column": "_q_change_pct_value", "min_value": CHANGE_PCT_RANGE[0], "max_value": CHANGE_PCT_RANGE[1]},
        True,
        f"a change_pct value lies between {CHANGE_PCT_RANGE[0]:g} and {CHANGE_PCT_RANGE[1]:g}",
        fmt(f"change_pct value {{}} outside {CHANGE_PCT_RANGE[0]:g}..{CHANGE_PCT_RANGE[1]:g}", "value"),
    ),
    flag(
        "claim_values_finite",
        "_q_values_finite",
        "value, value_low and value_high are finite numbers",
        fmt("value {} (low {}, high {}) is not a finite number", "value", "value_low", "value_high"),
    ),
    a_ge_b(
        "claim_value_low_le_value",
        "value",
        "value_low",
        "value_low <= value where value_low is set",
        fmt("value_low {} > value {}", "value_low", "value"),
    ),
    a_ge_b(
        "claim_value_le_value_high",
        "value_high",
        "value",
        "value <= value_high where value_high is set",
        fmt("value {} > value_high {}", "value", "value_high"),
    ),
    a_ge_b(
        "claim_period_start_le_end",
        "period_end",
        "period_start",
        "period_start <= period_end",
        fmt("period_start {} > period_end {}", "period_start", "period_end"),
    ),
    a_ge_b(
        "claim_base_period_start_le_end",
        "base_period_end",
        "base_period_start",
        "base_period_start <= base_period_end",
        fmt("base_period_start {} > base_period_end {}", "base_period_start", "base_period_end"),
    ),
    flag(
        "claim_countries_in_reference",
        "_q_countries_ok",
        "every code in countries is an ISO3 of countries.csv",
        fmt("countries not in countries.csv: {}", "_q_unknown_countries"),
    ),
    flag(
        "claim_article_text_found",
        "_q_text_found",
        "the claim's source_id has an article text",
        fmt("no article text for source_id {}", "source_id"),
    ),
    Check(
        "claim_start_not_negative",
        "ExpectColumnValuesToBeBetween",
        {"column": "start", "min_value": 0},
        True,
        "start >= 0",
        fmt("start {} < 0", "start"),
    ),
    a_ge_b(
        "claim_start_before_end",
        "end",
        "start",
        "start < end",
        fmt("start {} >= end {}", "start", "end"),
        or_equal=False,
    ),
    a_ge_b(
        "claim_end_inside_article",
        "_q_text_len",
        "end",
        "end <= len(article text)",
        fmt("end {} > article length {}", "end", "_q_text_len"),
    ),
    Check(
        "claim_quote_start_not_negative",
        "ExpectColumnValuesToBeBetween",
        {"column": "quote_start", "min_value": 0},
        True,
        "quote_start >= 0",
        fmt("quote_start {} < 0", "quote_start"),
    ),
    flag(
        "claim_quote_matches_article_text",
        "_q_quote_ok",
        "quote == text[quote_start:quote_start+len(quote)] of the article",
        fmt('quote differs from the article text at quote_start {}: text has "{}"', "quote_start", "_q_text_at_quote"),
    ),
    flag(
        "claim_figure_inside_quote",
        "_q_figure_in_quote",
        "quote_start <= start and end <= quote_start + len(quote)",
        fmt("figure span {}..{} outside quote span {}..{}", "start", "end", "quote_start", "_q_quote_end"),
    ),
]

# ----------------------------------------------------------------------------------------- observations
OBSERVATION_CHECKS: list[Check] = [
    *[not_null("observation", c) for c in OBSERVATION_REQUIRED],
    Check(
        "observation_key_unique",
        "ExpectCompoundColumnsToBeUnique",
        {
            "column_list": [
                "indicator",
                "reporter",
                "partner",
                "flow",
                "period_start",
                "period_end",
                "_q_entity_key",
                "release_id",
            ]
        },
        False,
        "one row per (indicator, reporter, partner, flow, period_start, period_end, entity, release_id)",
        fmt(
            "duplicate key {} {} {} {} {}..{} entity={} release {}",
            "indicator",
            "reporter",
            "partner",
            "flow",
            "period_start",
            "period_end",
            "entity",
            "release_id",
        ),
    ),
    in_set(
        "observation_indicator_in_catalogue",
        "indicator",
        param("indicator_codes"),
        "indicator is a code of indicators.csv",
        "not in indicators.csv",
    ),
    in_set(
        "observation_reporter_in_countries",
        "reporter",
        param("iso3_codes"),
        "reporter is an ISO3 code of countries.csv",
        "not in countries.csv",
    ),
    in_set(
        "observation_partner_in_countries",
        "partner",
        param("iso3_codes"),
        "partner is an ISO3 code of countries.csv (WLD for all partners)",
        "not in countries.csv",
    ),
    in_set("observation_flow_in_set", "flow", FLOWS, f"flow in {FLOWS}", f"not in {FLOWS}"),
    in_set(
        "observation_frequency_in_set", "frequency", FREQUENCIES, f"frequency in {FREQUENCIES}", f"not in {FREQUENCIES}"
    ),
    in_set(
        "observation_qualifier_in_set", "qualifier", QUALIFIERS, f"qualifier in {QUALIFIERS}", f"not in {QUALIFIERS}"
    ),
    in_set("observation_status_in_set", "status", STATUSES, f"status in {STATUSES}", f"not in {STATUSES}"),
    in_set("observation_unit_in_units", "unit", param("unit_codes"), "unit is a code of units.csv", "not in units.csv"),
    flag(
        "observation_unit_valid_for_indicator",
        "_q_unit_ok",
        "unit is listed for the indicator in indicator_units.csv",
        fmt("unit {} not valid for indicator {}", "unit", "indicator"),
    ),
    in_set(
        "observation_currency_is_currency_code",
        "currency",
        param("currency_codes"),
        "currency, where set, is a currency unit of units.csv (is_currency)",
        "is not a currency of units.csv",
    ),
    flag(
        "observation_currency_matches_unit",
        "_q_currency_ok",
        "money units carry currency == unit; non-money units have no currency",
        fmt("currency {} does not fit unit {}", "currency", "unit"),
    ),
    flag(
        "observation_value_finite",
        "_q_value_finite",
        "value is a finite number",
        fmt("value {} is not a finite number", "value"),
    ),
    Check(
        "observation_level_value_not_negative",
        "ExpectColumnValuesToBeBetween",
        {"column": "_q_level_value", "min_value": 0},
        True,
        "value >= 0 except for flow 'balance' and percent units",
        fmt("negative value {} for flow {}", "value", "flow"),
    ),
    a_ge_b(
        "observation_period_start_le_end",
        "period_end",
        "period_start",
        "period_start <= period_end",
        fmt("period_start {} > period_end {}", "period_start", "period_end"),
    ),
    flag(
        "observation_release_known",
        "_q_release_known",
        "release_id is one of the releases given",
        fmt("release {} not among the releases", "release_id"),
    ),
    flag(
        "observation_period_inside_release_coverage",
        "_q_in_coverage",
        "coverage_start <= period_start and period_end <= coverage_end of the row's release",
        fmt(
            "period {}..{} outside release coverage {}..{}",
            "period_start",
            "period_end",
            "_q_coverage_start",
            "_q_coverage_end",
        ),
    ),
    Check(
        "observation_row_count_within_band",
        "ExpectColumnValuesToBeBetween",
        {"column": "_q_rows_vs_previous", "min_value": ROW_COUNT_BAND[0], "max_value": ROW_COUNT_BAND[1]},
        False,
        f"rows of a release between {ROW_COUNT_BAND[0]:.0%} and {ROW_COUNT_BAND[1]:.0%} of the previous "
        "release of its provider/dataset",
        fmt(
            "release {} of {}: {} rows vs {} in the previous release",
            "release_id",
            "_q_dataset_key",
            "_q_dataset_rows",
            "_q_previous_rows",
        ),
    ),
]

# ------------------------------------------------------------------------------------------- reference
REFERENCE_CODE_TABLES = {"countries": "iso3", "indicators": "code", "units": "code", "organisations": "org_id"}

REFERENCE_CHECKS: list[Check] = [
    flag(
        "reference_code_present",
        "_q_code_present",
        "every row of countries/indicators/units/organisations has its code",
        fmt("{} row without its code", "_q_table"),
    ),
    Check(
        "reference_codes_unique",
        "ExpectCompoundColumnsToBeUnique",
        {"column_list": ["_q_table", "_q_code"], "ignore_row_if": "any_value_is_missing"},
        False,
        "codes are unique within countries (iso3), indicators, units and organisations (org_id)",
        fmt("{} code {} appears more than once", "_q_table", "_q_code"),
    ),
    Check(
        "reference_country_iso3_format",
        "ExpectColumnValuesToMatchRegex",
        {"column": "_q_country_iso3", "regex": r"^[A-Z]{3}$"},
        True,
        "countries.iso3 is three capital letters",
        fmt("iso3 {} is not three capital letters", "_q_country_iso3"),
    ),
    Check(
        "reference_country_name_variant_unambiguous",
        "ExpectColumnValuesToBeBetween",
        {"column": "_q_variant_iso3_count", "max_value": 1},
        False,
        "a (variant, lang) of country_names maps to exactly one iso3",
        fmt(
            "variant '{}' ({}) maps to {} codes: {}",
            "_q_variant",
            "_q_lang",
            "_q_variant_iso3_count",
            "_q_variant_codes",
        ),
    ),
    in_set(
        "reference_country_name_iso3_in_countries",
        "_q_name_iso3",
        param("iso3_codes"),
        "every iso3 of country_names exists in countries.csv",
        "not in countries.csv",
    ),
    in_set(
        "reference_organisation_country_in_countries",
        "_q_org_country",
        param("iso3_codes"),
        "organisations.country is an ISO3 of countries.csv",
        "not in countries.csv",
    ),
    in_set(
        "reference_organisation_parent_known",
        "_q_org_parent",
        param("org_ids"),
        "organisations.parent_id is an org_id",
        "is not an org_id",
    ),
    in_set(
        "reference_indicator_unit_indicator_known",
        "_q_iu_indicator",
        param("indicator_codes"),
        "indicator_units.indicator is a code of indicators.csv",
        "not in indicators.csv",
    ),
    in_set(
        "reference_indicator_unit_unit_known",
        "_q_iu_unit",
        param("unit_codes"),
        "indicator_units.unit is a code of units.csv",
        "not in units.csv",
    ),
    in_set(
        "reference_indicator_unit_measure_in_set",
        "_q_iu_measure",
        MEASURES,
        f"indicator_units.measure in {MEASURES}",
        f"not in {MEASURES}",
    ),
]

SUITES: dict[str, list[Check]] = {
    "claims": CLAIM_CHECKS,
    "observations": OBSERVATION_CHECKS,
    "reference": REFERENCE_CHECKS,
}


def _unique_names() -> None:
    for suite, checks in SUITES.items():
        names = [c.name for c in checks]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:  # pragma: no cover - a programming error caught at import
            raise ValueError(f"suite {suite}: duplicate check names {sorted(dupes)}")


_unique_names()
