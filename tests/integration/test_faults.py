"""The fault suite: every bad input ends in its outcome, nothing bad gets in, nothing good is lost.

Run it alone with `pytest -m faults`; the terminal summary prints
`inputs tried / refused with reason / crashes survived / rows lost`.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.helpers.corridor import PROJECT, run_corridor
from tests.helpers.faults import CASES as BASE_CASES
from tests.helpers.faults import FAULT_STATS, PROVIDER, write_cases
from tests.helpers.faults_hardening import FAULT_ENV, HARDENING_CASES

pytestmark = [pytest.mark.faults, pytest.mark.slow]

CASES = BASE_CASES + HARDENING_CASES


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    data = root / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(PROJECT / "data" / part, data / part)
    with open(data / "reference" / "providers.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{PROVIDER},Fault corpus (synthetic),36500,Generated bad inputs of the fault suite\n")
    names = write_cases(data)
    names.update({case.name: case.make(data) for case in HARDENING_CASES})
    env = {
        "CORRIDOR_DATA": str(data),
        "CORRIDOR_WAREHOUSE": str(root / "w.duckdb"),
        "DAGSTER_HOME": str(root / "home"),
        "CORRIDOR_REPORTS": str(root / "reports"),
        **FAULT_ENV,
    }
    proc = run_corridor(["run"], env)
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    return {"proc": proc, "names": names, "con": con}


def _input_path(case, name: str) -> str:
    return f"articles/{name}" if case.kind == "article" else f"official/{name}"


def _outcome(con, case, name: str) -> tuple[str, list[str]]:
    path = _input_path(case, name)
    reasons = [
        r[0]
        for r in con.execute(
            "SELECT reason FROM quarantine WHERE input_name = ? OR input_name = ?", [path, path + ".manifest.yaml"]
        ).fetchall()
    ]
    loaded = con.execute("SELECT count(*) FROM source WHERE path = ?", [path]).fetchall()[0][0]
    if loaded and reasons:
        return "quarantined", reasons
    if loaded:
        return "accepted", reasons
    return ("refused" if reasons else "lost"), reasons


def test_the_run_completes_without_a_traceback(fault_run):
    proc = fault_run["proc"]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Corridor run succeeded" in proc.stdout


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert sum(c.kind == "article" for c in CASES) >= 15 and sum(c.kind == "official" for c in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_input_ends_in_its_outcome(fault_run, case):
    con, name = fault_run["con"], fault_run["names"][case.name]
    outcome, reasons = _outcome(con, case, name)
    FAULT_STATS["tried"] += 1
    assert outcome == case.expect, f"{case.name}: {outcome} {reasons}"
    if case.expect in ("refused", "quarantined"):
        assert any(case.reason.lower() in r.lower() for r in reasons), f"{case.name}: {reasons}"
        assert all(len(r) > 10 for r in reasons)
        FAULT_STATS["refused_with_reason"] += 1
    path = _input_path(case, name)
    if case.kind == "official" and case.expect != "refused":
        loaded = con.execute(
            "SELECT count(*) FROM observation o JOIN source s USING (source_id) WHERE s.path = ?", [path]
        ).fetchall()[0][0]
        FAULT_STATS["rows_lost"] += max(0, case.good_rows - loaded)
        assert loaded == case.good_rows, f"{case.name}: {loaded} rows loaded, {case.good_rows} expected"
        if "value" in case.extra:
            assert con.execute(
                "SELECT list(value) FROM observation o JOIN source s USING (source_id) WHERE s.path = ?", [path]
            ).fetchall()[0][0] == [case.extra["value"]]
        if "note" in case.extra:
            notes = con.execute(
                "SELECT list(note) FROM observation o JOIN source s USING (source_id) WHERE s.path = ?", [path]
            ).fetchall()[0][0]
            assert any(case.extra["note"] in n for n in notes)
    if case.kind == "article" and case.expect == "accepted":
        values = [
            r[0]
            for r in con.execute(
                "SELECT c.value FROM claim c JOIN source s USING (source_id) "
                "WHERE s.path = ? AND c.derived_from IS NULL",
                [path],
            ).fetchall()
        ]
        FAULT_STATS["rows_lost"] += max(0, case.claims_min - len(values))
        assert len(values) >= case.claims_min, f"{case.name}: {values}"
        if "claims_exactly" in case.extra:
            assert len(values) == case.extra["claims_exactly"], f"{case.name}: {values}"
        if "not_value" in case.extra:
            assert case.extra["not_value"] not in values, "a figure inside <script> was extracted"


def test_nothing_bad_got_in(fault_run):
    con = fault_run["con"]
    assert con.execute("SELECT count(*) FROM observation WHERE value < 0 AND flow <> 'balance'").fetchall()[0][0] == 0
    bad_codes = "SELECT count(*) FROM observation WHERE reporter = 'XXX' OR partner = 'XXX'"
    assert con.execute(bad_codes).fetchall()[0][0] == 0
    # the SQL text in an article and in a CSV cell stayed text: the tables it names are all there
    assert con.execute("SELECT count(*) FROM claim").fetchall()[0][0] > 0
    assert con.execute("SELECT count(*) FROM quarantine WHERE input_name LIKE '%outside_secret%'").fetchall()[0][0] == 0
    assert (
        con.execute(
            "SELECT count(*) FROM article_text WHERE text LIKE '%Товарооборот между Россией и Таджикистаном%'"
            " AND source_id IN (SELECT source_id FROM source WHERE path = 'articles/f_escape.txt')"
        ).fetchall()[0][0]
        == 0
    )


def test_no_non_finite_value_and_nothing_read_through_a_link(fault_run):
    con = fault_run["con"]
    assert con.execute("SELECT count(*) FROM observation WHERE NOT isfinite(value)").fetchall()[0][0] == 0
    assert (
        con.execute(
            "SELECT count(*) FROM claim WHERE NOT isfinite(value) OR NOT isfinite(coalesce(value_low, 0))"
            " OR NOT isfinite(coalesce(value_high, 0))"
        ).fetchall()[0][0]
        == 0
    )
    # the files the links pointed to (in data/, outside official/) were never loaded
    assert (
        con.execute("SELECT count(*) FROM observation WHERE reporter IN ('MDA', 'MNG') AND partner = 'RUS'").fetchall()[
            0
        ][0]
        == 0
    )
    assert (
        con.execute("SELECT count(*) FROM source WHERE path LIKE '%outside%' OR path LIKE '%bad provider%'").fetchall()[
            0
        ][0]
        == 0
    )
