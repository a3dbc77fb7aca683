"""The reference suite: unique codes, unambiguous country name variants, references between tables."""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipelines import config
from pipelines.quality import read_reference, validate_reference
from tests.helpers.builders import small_reference


def test_small_reference_passes():
    res = validate_reference(small_reference())
    assert res.success, res.table_failures + [e.name for e in res.failed()]
    assert all(e.unexpected_count == 0 for e in res.expectations)
    assert res.quarantine.height == 0
    assert {k: v.height for k, v in res.good.items()} == {k: v.height for k, v in small_reference().items()}


def test_shipped_reference_data_passes():
    ref = read_reference(config.DataPaths.under().reference)
    assert {"countries", "indicators", "units", "indicator_units", "organisations"} <= set(ref)
    res = validate_reference(ref)
    assert res.success, res.table_failures + [f"{e.name}: {e.sample}" for e in res.failed()]


def _add(ref: dict, table: str, rows: list[dict]) -> dict:
    ref = dict(ref)
    ref[table] = pl.concat([ref[table], pl.DataFrame(rows, schema=ref[table].schema)], how="vertical")
    return ref


@pytest.mark.parametrize(
    "table,row,code",
    [
        ("countries", {"iso3": "KGZ", "iso2": "KG", "m49": 417, "name_en": "Kyrgyz Republic"}, "KGZ"),
        ("indicators", {"code": "trade.exports", "domain": "trade", "name_en": "Exports again"}, "trade.exports"),
        ("units", {"code": "USD", "kind": "currency", "name_en": "dollar", "is_currency": True}, "USD"),
        ("organisations", {"org_id": "aeroflot", "name_en": "Aeroflot PJSC", "country": "RUS"}, "aeroflot"),
    ],
)
def test_duplicate_codes_are_caught(table, row, code):
    res = validate_reference(_add(small_reference(), table, [row]))
    assert not res.success
    outcome = res.outcome("reference_codes_unique")
    assert not outcome.success and not outcome.row_level and outcome.unexpected_count == 2
    assert {e.name for e in res.failed()} == {"reference_codes_unique"}
    assert len(res.table_failures) == 1
    assert f"{table} code {code} appears more than once" in res.table_failures[0]
    assert res.quarantine.height == 0


def test_a_variant_mapping_to_two_codes_is_caught():
    ref = _add(
        small_reference(),
        "country_names",
        [
            {"variant": "Congo", "lang": "en", "iso3": "KAZ", "kind": "short"},
            {"variant": "Congo", "lang": "en", "iso3": "UZB", "kind": "short"},
            {"variant": "Congo", "lang": "fr", "iso3": "UZB", "kind": "short"},  # another language: its own variant
            {"variant": "Russia", "lang": "en", "iso3": "RUS", "kind": "duplicate row"},  # same code again: fine
        ],
    )
    res = validate_reference(ref)
    assert not res.success
    outcome = res.outcome("reference_country_name_variant_unambiguous")
    assert not outcome.success and not outcome.row_level and outcome.unexpected_count == 2
    assert {e.name for e in res.failed()} == {"reference_country_name_variant_unambiguous"}
    assert "variant 'Congo' (en) maps to 2 codes: KAZ, UZB" in res.table_failures[0]


ROW_CASES = [
    (
        "reference_country_name_iso3_in_countries",
        "country_names",
        [
            {"variant": "Atlantis", "lang": "en", "iso3": "ATL", "kind": "short"},
            {"variant": "Мордор", "lang": "ru", "iso3": "MRD", "kind": "short"},
        ],
        "not in countries.csv",
    ),
    (
        "reference_organisation_country_in_countries",
        "organisations",
        [
            {"org_id": "x_air", "name_en": "X Air", "kind": "airline", "country": "XXX"},
            {"org_id": "y_air", "name_en": "Y Air", "kind": "airline", "country": "ru"},
        ],
        "not in countries.csv",
    ),
    (
        "reference_organisation_parent_known",
        "organisations",
        [
            {"org_id": "x_air", "name_en": "X Air", "kind": "airline", "country": "RUS", "parent_id": "nobody"},
            {"org_id": "y_air", "name_en": "Y Air", "kind": "airline", "country": "KGZ", "parent_id": "x"},
        ],
        "is not an org_id",
    ),
    (
        "reference_indicator_unit_indicator_known",
        "indicator_units",
        [
            {"indicator": "gdp", "measure": "level", "unit": "USD"},
            {"indicator": "trade.tourism", "measure": "level", "unit": "USD"},
        ],
        "not in indicators.csv",
    ),
    (
        "reference_indicator_unit_unit_known",
        "indicator_units",
        [
            {"indicator": "trade.exports", "measure": "level", "unit": "GBP"},
            {"indicator": "trade.exports", "measure": "level", "unit": "kg"},
        ],
        "not in units.csv",
    ),
    (
        "reference_indicator_unit_measure_in_set",
        "indicator_units",
        [
            {"indicator": "trade.exports", "measure": "share", "unit": "ratio"},
            {"indicator": "trade.exports", "measure": "Level", "unit": "USD"},
        ],
        "measure",
    ),
    (
        "reference_country_iso3_format",
        "countries",
        [{"iso3": "kgx", "name_en": "lower"}, {"iso3": "ABCD", "name_en": "four"}],
        "three capital letters",
    ),
    (
        "reference_code_present",
        "units",
        [{"code": None, "kind": "count", "name_en": "things"}, {"code": "  ", "kind": "count", "name_en": "blank"}],
        "units row without its code",
    ),
]


@pytest.mark.parametrize("name,table,rows,words", ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_row_level_reference_checks(name, table, rows, words):
    ref = _add(small_reference(), table, rows)
    res = validate_reference(ref)
    assert not res.success
    outcome = res.outcome(name)
    assert outcome.row_level and outcome.unexpected_count == 2
    assert {e.name for e in res.failed()} == {name}
    q = res.quarantine
    assert q.height == 2 and (q["dataset"] == "reference").all() and (q["input_name"] == f"{table}.csv").all()
    assert all(words in r for r in q["reason"]), q.to_dicts()
    assert q["source_id"].null_count() == 2
    records = [json.loads(r) for r in q["record"]]
    assert set(records[0]) == set(ref[table].columns)
    # good: the table without the two rows, the other tables untouched
    assert res.good[table].height == ref[table].height - 2
    assert res.good[table].equals(small_reference()[table])
    assert all(res.good[k].height == v.height for k, v in ref.items() if k != table)


def test_missing_country_names_file_is_fine():
    ref = small_reference()
    del ref["country_names"]
    res = validate_reference(ref)
    assert res.success and "country_names" not in res.good
