"""The observations suite: each expectation against a fixture holding exactly the rows it must catch."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines import model
from pipelines.quality import SuiteResult, validate_observations
from pipelines.quality.suites import OBSERVATION_CHECKS, OBSERVATION_REQUIRED
from tests.helpers.builders import (
    DATASET_KEY,
    RELEASE_ID,
    clean_observations,
    observations_frame,
    releases_frame,
    small_reference,
    valid_observation,
)
from tests.helpers.suite_cases import case_quarantine

D = dt.date
REF = small_reference()
BAD_POSITIONS = (1, 4)


def run(rows: list[dict], previous: dict | None = None, releases: pl.DataFrame | None = None) -> SuiteResult:
    return validate_observations(
        observations_frame(rows), REF, releases if releases is not None else releases_frame(), previous
    )


def with_bad(bad_rows: list[dict]) -> list[dict]:
    rows = clean_observations()
    for pos, bad in zip(BAD_POSITIONS, bad_rows, strict=True):
        # keep the clean row's period so keys stay unique, unless the case sets periods itself
        rows[pos] = {**bad, "note": f"bad-{pos}"}
    return rows


def test_clean_observations_pass_every_expectation():
    res = run(clean_observations(), {DATASET_KEY: 6})
    assert res.success, res.table_failures + [e.name for e in res.failed()]
    assert all(e.success and e.unexpected_count == 0 for e in res.expectations)
    assert res.good.height == 6 and res.quarantine.height == 0 and res.table_failures == []
    assert {c.name for c in OBSERVATION_CHECKS} <= {e.name for e in res.expectations}


ROW_CASES = [
    *[
        (
            f"observation_{c}_not_null",
            [valid_observation(1, **{c: None}), valid_observation(4, **{c: None})],
            f"{c} is null",
            set(),
        )
        for c in OBSERVATION_REQUIRED
    ],
    (
        "observation_indicator_in_catalogue",
        [valid_observation(1, indicator="trade.tourism"), valid_observation(4, indicator="gdp")],
        "not in indicators.csv",
        set(),
    ),
    (
        "observation_reporter_in_countries",
        [valid_observation(1, reporter="XXX"), valid_observation(4, reporter="kgz")],
        "not in countries.csv",
        set(),
    ),
    (
        "observation_partner_in_countries",
        [valid_observation(1, partner="ZZZ"), valid_observation(4, partner="World")],
        "not in countries.csv",
        set(),
    ),
    (
        "observation_flow_in_set",
        [valid_observation(1, flow="re-exports"), valid_observation(4, flow="Exports")],
        "flow",
        set(),
    ),
    (
        "observation_frequency_in_set",
        [valid_observation(1, frequency="W"), valid_observation(4, frequency="monthly")],
        "frequency",
        set(),
    ),
    (
        "observation_qualifier_in_set",
        [valid_observation(1, qualifier="roughly"), valid_observation(4, qualifier="~")],
        "qualifier",
        set(),
    ),
    (
        "observation_status_in_set",
        [valid_observation(1, status="final"), valid_observation(4, status="revised")],
        "status",
        set(),
    ),
    (
        "observation_unit_in_units",
        [valid_observation(1, unit="thousand USD", currency=None), valid_observation(4, unit="kg", currency=None)],
        "not in units.csv",
        set(),
    ),
    (
        "observation_unit_valid_for_indicator",
        [valid_observation(1, unit="tonnes", currency=None), valid_observation(4, unit="passengers", currency=None)],
        "not valid for indicator trade.exports",
        set(),
    ),
    (
        "observation_currency_is_currency_code",
        [valid_observation(1, currency="ABC"), valid_observation(4, currency="percent")],
        "is not a currency of units.csv",
        {"observation_currency_matches_unit"},
    ),
    (
        "observation_currency_matches_unit",
        [
            valid_observation(1, unit="USD", currency="RUB"),
            valid_observation(4, indicator="transport.passengers", flow="total", unit="passengers", currency="USD"),
        ],
        "does not fit unit",
        set(),
    ),
    (
        "observation_level_value_not_negative",
        [
            valid_observation(1, value=-5.0),
            valid_observation(
                4, indicator="transport.passengers", flow="total", unit="passengers", currency=None, value=-1.0
            ),
        ],
        "negative value",
        set(),
    ),
    (
        "observation_period_start_le_end",
        [
            valid_observation(1, period_start=D(2024, 3, 1), period_end=D(2024, 2, 1)),
            valid_observation(4, period_start=D(2024, 12, 31), period_end=D(2024, 1, 1)),
        ],
        "period_start",
        set(),
    ),
    (
        "observation_release_known",
        [valid_observation(1, release_id="comtrade:unknown"), valid_observation(4, release_id="x")],
        "not among the releases",
        set(),
    ),
    (
        "observation_period_inside_release_coverage",
        [
            valid_observation(1, period_start=D(2023, 12, 1), period_end=D(2023, 12, 31)),
            valid_observation(4, period_start=D(2024, 12, 1), period_end=D(2025, 1, 31)),
        ],
        "outside release coverage 2024-01-01..2024-12-31",
        set(),
    ),
]


@pytest.fixture(scope="module")
def every_case() -> tuple[list[dict], SuiteResult]:
    """Every case's six rows in one frame, validated once (a GX validation costs ~0.7 s, whatever the rows):
    each row carries its case in ``entity`` (part of the key, so keys stay unique) and ``case:position`` in
    ``note``, so each case's rows are told apart in the result."""
    rows = []
    for i, (_, bad, _, _) in enumerate(ROW_CASES):
        for pos, row in enumerate(with_bad(bad)):
            rows.append({**row, "entity": f"{row['entity'] or ''}#{i}", "note": f"{i}:{pos}"})
    return rows, run(rows, {DATASET_KEY: len(rows)})


def test_every_case_together_fails_only_row_level_expectations(every_case):
    rows, res = every_case
    assert not res.success and res.table_failures == []
    assert {e.name for e in res.failed()} == {n for n, _, _, also in ROW_CASES for n in (n, *also)}
    assert res.quarantine.schema == pl.Schema(model.QUARANTINE)
    assert res.quarantine.height == 2 * len(ROW_CASES)
    assert (res.quarantine["dataset"] == "observation").all()
    assert res.good.height == 4 * len(ROW_CASES) and res.good.schema == observations_frame(rows).schema


@pytest.mark.parametrize("case", range(len(ROW_CASES)), ids=[c[0] + str(i) for i, c in enumerate(ROW_CASES)])
def test_row_level_expectation_catches_exactly_the_bad_rows(every_case, case):
    _, res = every_case
    note = pl.col("record").str.json_path_match("$.note")
    q = case_quarantine(res, ROW_CASES, case, note)
    assert sorted(q.select(note)["record"]) == [f"{case}:{p}" for p in BAD_POSITIONS]
    good = res.good.filter(pl.col("note").str.starts_with(f"{case}:"))
    assert sorted(good["note"]) == [f"{case}:{p}" for p in range(6) if p not in BAD_POSITIONS]


def test_duplicate_keys_are_a_table_failure():
    rows = clean_observations()
    rows[3] = {**rows[0], "value": 7.0}  # same key, another value
    res = run(rows, {DATASET_KEY: 6})
    outcome = res.outcome("observation_key_unique")
    assert not outcome.success and not outcome.row_level and outcome.unexpected_count == 2
    assert {e.name for e in res.failed()} == {"observation_key_unique"}
    assert len(res.table_failures) == 1 and "duplicate key trade.exports KGZ RUS" in res.table_failures[0]
    assert res.quarantine.height == 0 and res.good.height == 6


def test_entity_is_part_of_the_key():
    rows = clean_observations()
    rows[4] = {**rows[3], "entity": "Aeroflot"}  # same as row 3 but another airline
    assert run(rows, {DATASET_KEY: 6}).success
    rows[4] = {**rows[3]}
    res = run(rows, {DATASET_KEY: 6})
    assert res.outcome("observation_key_unique").unexpected_count == 2


@pytest.mark.parametrize(
    "previous,ok", [(6, True), (4, True), (12, True), (3, True), (13, False), (2, False), (100, False), (None, True)]
)
def test_row_count_band_against_previous_release(previous, ok):
    counts = None if previous is None else {DATASET_KEY: previous}
    res = run(clean_observations(), counts)
    outcome = res.outcome("observation_row_count_within_band")
    assert outcome.success is ok and res.success is ok
    assert not outcome.row_level
    if not ok:
        assert outcome.unexpected_count == 6  # every row of the release
        assert len(res.table_failures) == 1
        assert f"{DATASET_KEY}: 6 rows vs {previous} in the previous release" in res.table_failures[0]
        assert res.quarantine.height == 0 and res.good.height == 6


def test_row_count_band_only_for_the_dataset_with_a_previous_release():
    res = run(clean_observations(), {"worldbank/WDI": 1000})
    assert res.outcome("observation_row_count_within_band").success


def test_a_release_already_loaded_is_not_held_against_the_band():
    """A rerun re-reads releases the warehouse holds; only a new release is compared with the latest one."""
    new = validate_observations(observations_frame(clean_observations()), REF, releases_frame(), {DATASET_KEY: 100})
    again = validate_observations(
        observations_frame(clean_observations()), REF, releases_frame(), {DATASET_KEY: 100}, {RELEASE_ID}
    )
    assert not new.outcome("observation_row_count_within_band").success
    assert again.outcome("observation_row_count_within_band").success and again.success


def test_wrong_schema_is_a_table_failure():
    res = validate_observations(
        observations_frame(clean_observations()).drop("release_id"), REF, releases_frame(), None
    )
    assert not res.success and "missing columns ['release_id']" in res.table_failures[0]
    assert res.good.height == 0


def test_extra_columns_are_kept_in_good():
    frame = observations_frame(clean_observations()).with_columns(pl.lit("x").alias("parser"))
    res = validate_observations(frame, REF, releases_frame(), None)
    assert res.success and res.good.columns == frame.columns


def test_release_id_constant_matches_fixture():
    assert releases_frame()["release_id"].to_list() == [RELEASE_ID]
