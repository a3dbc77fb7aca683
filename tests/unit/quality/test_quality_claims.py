"""The claims suite: each expectation against a fixture holding exactly the rows it must catch."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import polars as pl
import pytest

from pipelines import model
from pipelines.config import PROJECT_ROOT
from pipelines.quality import SuiteResult, validate_claims
from pipelines.quality.suites import CLAIM_CHECKS, CLAIM_REQUIRED
from tests.helpers.builders import (
    FIG_START,
    FIGURE,
    QUOTE,
    QUOTE_START,
    SOURCE,
    TEXT,
    claims_frame,
    clean_claims,
    small_reference,
    texts_frame,
    valid_claim,
)
from tests.helpers.suite_cases import case_quarantine

D = dt.date
REF = small_reference()
BAD_POSITIONS = (1, 4)  # bad rows replace these clean rows


def run(rows: list[dict], texts: pl.DataFrame | None = None) -> SuiteResult:
    return validate_claims(claims_frame(rows), REF, texts if texts is not None else texts_frame())


def with_bad(bad_rows: list[dict]) -> tuple[list[dict], list[str]]:
    rows = clean_claims()
    ids = []
    for pos, bad in zip(BAD_POSITIONS, bad_rows, strict=True):
        bad = {**bad, "claim_id": f"bad-{pos}"} if bad.get("claim_id", "x") is not None else bad
        rows[pos] = bad
        ids.append(bad["claim_id"])
    return rows, ids


def test_clean_claims_pass_every_expectation():
    res = run(clean_claims())
    assert res.success, res.table_failures + [e.name for e in res.failed()]
    assert all(e.success and e.unexpected_count == 0 for e in res.expectations)
    assert res.good.height == 6 and res.quarantine.height == 0 and res.table_failures == []
    assert res.good.schema == claims_frame(clean_claims()).schema
    names = {e.name for e in res.expectations}
    assert {c.name for c in CLAIM_CHECKS} <= names
    assert res.statistics["evaluated_expectations"] == len(res.expectations)
    assert res.statistics["unsuccessful_expectations"] == 0


# (expectation, the bad rows (2), words the reason must contain, other expectations these rows also fail)
quote_end = QUOTE_START + len(QUOTE)
ROW_CASES = [
    *[
        (f"claim_{c}_not_null", [valid_claim(**{c: None})] * 2, f"{c} is null", set())
        for c in CLAIM_REQUIRED
        if c != "claim_id"
    ],
    (
        "claim_indicator_in_catalogue",
        [valid_claim(indicator="trade.tourism"), valid_claim(indicator="gdp")],
        "not in indicators.csv",
        set(),
    ),
    ("claim_measure_in_set", [valid_claim(measure="share"), valid_claim(measure="Level")], "measure", set()),
    ("claim_qualifier_in_set", [valid_claim(qualifier="approximately"), valid_claim(qualifier="")], "qualifier", set()),
    (
        "claim_unit_valid_for_indicator_measure",
        [valid_claim(unit="tonnes"), valid_claim(measure="change_pct", value=5.0, unit="USD")],
        "not valid for trade.turnover",
        set(),
    ),
    (
        "claim_change_pct_in_range",
        [
            valid_claim(measure="change_pct", unit="percent", value=20000.0),
            valid_claim(measure="change_pct", unit="percent", value=-150.0),
        ],
        "change_pct value",
        set(),
    ),
    (
        "claim_value_low_le_value",
        [valid_claim(value_low=5e9), valid_claim(value=3.0, value_low=5.0)],
        "value_low 5",
        set(),
    ),
    ("claim_value_le_value_high", [valid_claim(value_high=1e9), valid_claim(value_high=3.4e9)], "> value_high", set()),
    (
        "claim_period_start_le_end",
        [valid_claim(period_start=D(2025, 1, 1)), valid_claim(period_end=D(2023, 1, 1))],
        "period_start",
        set(),
    ),
    (
        "claim_base_period_start_le_end",
        [valid_claim(base_period_start=D(2023, 6, 1), base_period_end=D(2023, 1, 1))] * 2,
        "base_period_start",
        set(),
    ),
    (
        "claim_countries_in_reference",
        [valid_claim(countries=["RUS", "XXX"]), valid_claim(countries=["ru"])],
        "not in countries.csv",
        set(),
    ),
    ("claim_article_text_found", [valid_claim(source_id="article:ffffffffffffffff")] * 2, "no article text", set()),
    ("claim_start_not_negative", [valid_claim(start=-1)] * 2, "start -1 < 0", {"claim_figure_inside_quote"}),
    (
        "claim_start_before_end",
        [valid_claim(end=FIG_START), valid_claim(start=FIG_START + 5, end=FIG_START + 2)],
        "start",
        set(),
    ),
    (
        "claim_end_inside_article",
        [valid_claim(end=len(TEXT) + 1), valid_claim(end=len(TEXT) + 50)],
        "article length",
        {"claim_figure_inside_quote"},
    ),
    (
        "claim_quote_start_not_negative",
        [valid_claim(quote_start=-1)] * 2,
        "quote_start -1 < 0",
        {"claim_figure_inside_quote"},
    ),
    (
        "claim_quote_matches_article_text",
        [valid_claim(quote=QUOTE.replace("3.5", "4.5")), valid_claim(quote_start=QUOTE_START + 1)],
        "quote differs from the article text",
        set(),
    ),
    (
        "claim_figure_inside_quote",
        [
            valid_claim(start=TEXT.index("officials"), end=TEXT.index("officials") + 9),
            valid_claim(start=QUOTE_START - 3, end=QUOTE_START + 2),
        ],
        "outside quote span",
        set(),
    ),
]


@pytest.fixture(scope="module")
def every_case() -> tuple[list[dict], SuiteResult]:
    """Every case's six claims in one frame, validated once (a GX validation costs ~0.7 s, whatever the
    rows): each claim id starts with its case, ``case:``, so each case's rows are told apart in the result."""
    rows = []
    for i, (_, bad, _, _) in enumerate(ROW_CASES):
        rows += [{**row, "claim_id": f"{i}:{row['claim_id']}"} for row in with_bad(bad)[0]]
    return rows, run(rows)


def test_every_case_together_fails_only_row_level_expectations(every_case):
    rows, res = every_case
    assert not res.success and res.table_failures == []
    assert {e.name for e in res.failed()} == {n for n, _, _, also in ROW_CASES for n in (n, *also)}
    q = res.quarantine
    assert q.schema == pl.Schema(model.QUARANTINE) and q.height == 2 * len(ROW_CASES)
    assert (q["dataset"] == "claim").all()
    records = [json.loads(r) for r in q["record"]]
    assert q["input_name"].fill_null("").to_list() == [r["source_id"] or "" for r in records]
    assert res.good.height == 4 * len(ROW_CASES) and res.good.schema == claims_frame(rows).schema


@pytest.mark.parametrize("case", range(len(ROW_CASES)), ids=[c[0] + str(i) for i, c in enumerate(ROW_CASES)])
def test_row_level_expectation_catches_exactly_the_bad_rows(every_case, case):
    name, bad, words, _ = ROW_CASES[case]
    rows, res = every_case
    claim_id = pl.col("record").str.json_path_match("$.claim_id")
    q = case_quarantine(res, ROW_CASES, case, claim_id)
    _, bad_ids = with_bad(bad)
    assert sorted(q.select(claim_id)["record"]) == sorted(f"{case}:{b}" for b in bad_ids)
    # good holds the rest, unchanged
    mine = [r for r in rows if r["claim_id"].startswith(f"{case}:")]
    good = res.good.filter(pl.col("claim_id").str.starts_with(f"{case}:"))
    assert sorted(good["claim_id"]) == sorted(r["claim_id"] for i, r in enumerate(mine) if i not in BAD_POSITIONS)
    outcome = res.outcome(name)
    assert len(outcome.sample) == min(5, outcome.unexpected_count)
    assert all(words in s["reason"] for s in outcome.sample if s["claim_id"].startswith(f"{case}:"))


def test_claim_id_not_null_is_caught():
    rows = clean_claims()
    rows[1]["claim_id"] = None
    rows[4]["claim_id"] = None
    res = run(rows)
    assert res.outcome("claim_claim_id_not_null").unexpected_count == 2
    assert {e.name for e in res.failed()} == {"claim_claim_id_not_null"}
    assert res.quarantine.height == 2 and res.good.height == 4
    assert all("claim_id is null" in r for r in res.quarantine["reason"])


def test_duplicate_claim_id_is_a_table_failure():
    rows = clean_claims()
    rows[3]["claim_id"] = rows[0]["claim_id"]
    res = run(rows)
    assert not res.success
    outcome = res.outcome("claim_id_unique")
    assert not outcome.row_level and outcome.unexpected_count == 2
    assert len(res.table_failures) == 1 and "claim_id_unique" in res.table_failures[0]
    assert "claim-0000" in res.table_failures[0]
    # dropping rows cannot fix it: nothing quarantined, good keeps every row
    assert res.quarantine.height == 0 and res.good.height == 6


def test_a_row_failing_several_expectations_gets_one_quarantine_row():
    rows = clean_claims()
    rows[2] = valid_claim(2, value_low=9e9, indicator="gdp", quote="x" + QUOTE[1:])
    res = run(rows)
    q = res.quarantine
    assert q.height == 1
    assert q["check_name"][0].split("; ") == [
        "claim_indicator_in_catalogue",
        "claim_value_low_le_value",
        "claim_quote_matches_article_text",
    ]
    assert "gdp not in indicators.csv" in q["reason"][0] and "value_low 9000000000.0 > value" in q["reason"][0]
    record = q["record"][0]
    parts = ["claim", q["input_name"][0] or "", SOURCE, record]  # model.quarantine_id's recipe
    assert q["quarantine_id"][0] == hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    # stable: the same input gives the same id
    assert run(rows).quarantine["quarantine_id"].to_list() == q["quarantine_id"].to_list()


def test_duplicate_texts_do_not_duplicate_claims():
    texts = pl.concat([texts_frame(), texts_frame()])
    res = run(clean_claims(), texts)
    assert res.success and res.good.height == 6


def test_offsets_count_characters_not_bytes():
    text = "Товарооборот России и Киргизии достиг 3,5 млрд долларов."
    quote = "достиг 3,5 млрд долларов"
    qs = text.index(quote)
    fig = text.index("3,5 млрд")
    source = "article:cyrillic00000000"
    row = valid_claim(0, source_id=source, quote=quote, quote_start=qs, start=fig, end=fig + len("3,5 млрд"))
    texts = pl.DataFrame({"source_id": [source], "text": [text]})
    assert run([row], texts).success
    shifted = valid_claim(0, source_id=source, quote=quote, quote_start=len(text[:qs].encode()), start=fig, end=fig + 8)
    res = run([shifted], texts)
    assert not res.outcome("claim_quote_matches_article_text").success


def test_wrong_schema_is_a_table_failure_and_gx_does_not_run():
    frame = claims_frame(clean_claims()).drop("quote")
    res = validate_claims(frame, REF, texts_frame())
    assert not res.success
    assert res.table_failures and "missing columns ['quote']" in res.table_failures[0]
    assert [e.name for e in res.expectations] == ["claim_schema_matches_model"]
    assert res.good.height == 0 and res.quarantine.height == 0

    wrong_type = claims_frame(clean_claims()).with_columns(pl.lit("three").alias("value"))
    res = validate_claims(wrong_type, REF, texts_frame())
    assert not res.success and "column value is String" in res.table_failures[0]


def test_empty_claims_pass():
    res = run([])
    assert res.success and res.good.height == 0 and res.quarantine.height == 0


def test_summary_metadata_is_plain_json():
    rows, _ = with_bad([valid_claim(value_low=5e9)] * 2)
    res = run(rows)
    meta = res.summary_metadata()
    json.dumps(meta)  # plain values only
    assert meta["expectations_run"] == len(res.expectations)
    assert meta["expectations_failed"] == 1 and meta["failed_expectations"] == ["claim_value_low_le_value"]
    assert meta["unexpected_counts"]["claim_value_low_le_value"] == 2
    assert meta["unexpected_counts"]["claim_quote_matches_article_text"] == 0
    sample = meta["failing_samples"]["claim_value_low_le_value"]
    assert len(sample) == 2 and sample[0]["period_start"] == "2024-01-01"
    assert meta["quarantined_rows"] == 2 and meta["success"] is False


def test_failing_sample_is_capped_at_five_rows():
    rows = [valid_claim(i, value_low=9e9) for i in range(8)]
    res = run(rows)
    outcome = res.outcome("claim_value_low_le_value")
    assert outcome.unexpected_count == 8 and len(outcome.sample) == 5
    assert res.quarantine.height == 8 and res.good.height == 0


def test_seconds_and_gx_result_are_set():
    res = run(clean_claims())
    assert 0 < res.seconds < 30
    assert res.gx_result is not None and res.gx_result.success


def test_figure_fixture_is_consistent():
    assert TEXT[FIG_START : FIG_START + len(FIGURE)] == FIGURE
    assert TEXT[QUOTE_START : QUOTE_START + len(QUOTE)] == QUOTE


def test_modules_no_suite_uses_are_deferred_and_still_work_when_used():
    """GX imports scipy.stats and altair for expectations no suite of ours uses: a validation (every row-level
    failure included) and its Data Docs leave them unimported, and they load on first use. The helper process
    also hides SQLAlchemy (GX's SQL extra): the same validation runs without it. In a subprocess: this one may
    have imported them."""
    import subprocess
    import sys

    probe = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "from pipelines.quality import build_data_docs, engine\n"
        "assert engine.hide_optional_sql()\n"
        "from tests.unit.quality.test_quality_claims import ROW_CASES, run, with_bad\n"
        "rows = [{**r, 'claim_id': f'{i}:{r[\"claim_id\"]}'}\n"
        "        for i, case in enumerate(ROW_CASES) for r in with_bad(case[1])[0]]\n"
        "result = run(rows)\n"
        "assert result.quarantine.height == 2 * len(ROW_CASES)\n"
        "assert build_data_docs([result], Path(tempfile.mkdtemp())).is_file()\n"
        "names = ('scipy.stats', 'altair', 'sqlalchemy')\n"
        "print(*(type(sys.modules.get(n)).__name__ for n in names))\n"
        "import altair, scipy.stats\n"
        "print(round(float(scipy.stats.norm.cdf(0)), 2), altair.Chart.__name__)\n"
        "print(*(type(sys.modules.get(n)).__name__ for n in names))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["_Deferred _Deferred NoneType", "0.5 Chart", "module module NoneType"]
