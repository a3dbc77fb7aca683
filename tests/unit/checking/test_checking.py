"""Claim checking on small fixtures: every verdict kind, implied values, records, as-of logic, mirror view."""

from __future__ import annotations

import os
import sys
import time
from datetime import date

import polars as pl
import pytest

from pipelines import load, model
from pipelines import warehouse as wh
from pipelines.checking import report
from pipelines.checking.implied import implied_claims
from pipelines.checking.marts import rebuild_marts
from pipelines.checking.report import build_report
from tests.helpers.builders import checking_claim as claim

Y = {y: (date(y, 1, 1), date(y, 12, 31)) for y in range(2019, 2027)}
ARTICLE_DATE = date(2025, 11, 26)


def obs(indicator, reporter, partner, flow, period, value, release, *, qualifier="exact", unit="USD", entity=None):
    return {
        "indicator": indicator,
        "reporter": reporter,
        "partner": partner,
        "flow": flow,
        "period_start": period[0],
        "period_end": period[1],
        "frequency": "A",
        "value": value,
        "unit": unit,
        "currency": "USD" if unit == "USD" else None,
        "qualifier": qualifier,
        "status": "reported",
        "entity": entity,
        "release_id": release,
        "source_id": f"official:{release}",
    }


def build(tmp_path, claims, observations, releases):
    """A warehouse with one article (dated ARTICLE_DATE), the given claims, observations and releases."""
    path = tmp_path / "w.duckdb"
    sources = [
        {
            "source_id": "article:a",
            "kind": "article",
            "sha256": "a",
            "published_date": ARTICLE_DATE,
            "title": "Seed-like article",
        }
    ]
    sources += [
        {
            "source_id": f"official:{r}",
            "kind": "official",
            "sha256": r,
            "provider": "test",
            "url": f"https://example.org/{r}",
        }
        for r in releases
    ]
    rel = [
        {
            "release_id": r,
            "source_id": f"official:{r}",
            "provider": "test",
            "dataset": r,
            "published_at": d,
            "retrieved_at": d,
        }
        for r, d in releases.items()
    ]
    claims_df = model.conform(pl.DataFrame(claims, schema_overrides={"countries": pl.List(pl.String)}), model.CLAIM)
    claims_df = pl.concat([claims_df, implied_claims(claims_df)])
    staged = load.Staged(
        tables={
            "source": model.conform(pl.DataFrame(sources), model.SOURCE),
            "release": model.conform(pl.DataFrame(rel), model.RELEASE),
            "observation": model.conform(pl.DataFrame(observations), model.OBSERVATION),
            "claim": claims_df,
        }
    )
    with wh.writing(path) as con:
        load.load_staged(con, staged)
        rebuild_marts(con)
    return wh.connect_read_only(path)


def verdicts(con, basis="latest"):
    rows = con.execute(
        "SELECT claim_id, reporter, verdict, reason, relative_difference FROM claim_check "
        "WHERE basis = ? ORDER BY claim_id, reporter",
        [basis],
    ).fetchall()
    return [dict(zip(["claim", "reporter", "verdict", "reason", "diff"], r, strict=True)) for r in rows]


def one(con, claim_id, reporter=None, basis="latest"):
    found = [
        v for v in verdicts(con, basis) if v["claim"] == claim_id and (reporter is None or v["reporter"] == reporter)
    ]
    assert len(found) == 1, found
    return found[0]


RELEASES = {"kgz2025": date(2025, 3, 1), "rus2025": date(2025, 11, 24)}
TRADE_OBS = [
    obs("trade.turnover", "KGZ", "RUS", "turnover", Y[2024], 3.2e9, "kgz2025", qualifier="about"),
    obs("trade.turnover", "RUS", "KGZ", "turnover", Y[2024], 4.1e9, "rus2025", qualifier="about"),
]


def test_supported_and_contradicted_per_reporter(tmp_path):
    con = build(tmp_path, [claim("t", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024])], TRADE_OBS, RELEASES)
    rus, kgz = one(con, "t", "RUS"), one(con, "t", "KGZ")
    assert rus["verdict"] == "supported" and "RUS reports about 4.1 bn" in rus["reason"]
    assert kgz["verdict"] == "contradicted" and "KGZ reports about 3.2 bn" in kgz["reason"]
    assert kgz["diff"] == pytest.approx(4.1 / 3.2 - 1)
    sides = con.execute("SELECT verdict_latest, sides FROM claim_verdict WHERE claim_id = 't'").fetchall()[0]
    assert sides[0] == "supported" and "matches RUS (test, unclassified)" in sides[1]
    assert "differs from KGZ (test, unclassified)" in sides[1]


def test_scope_mismatch_airline_group_vs_all_carriers(tmp_path):
    c = claim(
        "p",
        "transport.passengers",
        "level",
        573e3,
        573e3,
        None,
        Y[2024],
        unit="passengers",
        qualifier="more_than",
        entity="Aeroflot Group",
    )
    o = obs("transport.passengers", "KGZ", "RUS", "total", Y[2024], 1.2e6, "kgz2025", unit="passengers")
    con = build(tmp_path, [c], [o], RELEASES)
    v = one(con, "p")
    assert v["verdict"] == "scope_mismatch"
    assert "Aeroflot Group" in v["reason"] and "all carriers" in v["reason"]


def test_scope_mismatch_year_to_date_vs_full_year(tmp_path):
    c = claim("y", "trade.turnover", "level", 3.0e9, 2.95e9, 3.05e9, (date(2024, 1, 1), date(2024, 10, 31)))
    con = build(tmp_path, [c], TRADE_OBS, RELEASES)
    v = one(con, "y", "KGZ")
    assert v["verdict"] == "scope_mismatch" and "part of a period vs the whole of it" in v["reason"]


def test_unverifiable_when_no_official_data_for_the_period(tmp_path):
    con = build(tmp_path, [claim("u", "trade.turnover", "level", 5e9, 4.95e9, 5.05e9, Y[2026])], TRADE_OBS, RELEASES)
    v = one(con, "u")
    assert v["verdict"] == "unverifiable" and "yet" in v["reason"] and v["reporter"] is None


def test_implied_base_value_contradicting_the_official_base_year(tmp_path):
    claims = [
        claim("l", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024]),
        claim("g", "trade.turnover", "change_pct", 13.6, 13.55, 13.65, Y[2024], unit="percent", base=Y[2023]),
    ]
    observations = TRADE_OBS + [obs("trade.turnover", "RUS", "KGZ", "turnover", Y[2023], 3.0e9, "rus2025")]
    con = build(tmp_path, claims, observations, RELEASES)
    implied = con.execute(
        "SELECT claim_id, value, value_low, value_high, period_start FROM claim WHERE derived_from = 'l'"
    ).fetchall()
    assert len(implied) == 1
    iid, value, low, high, start = implied[0]
    assert value == pytest.approx(4.1e9 / 1.136) and low == pytest.approx(4.05e9 / 1.1365)
    assert high == pytest.approx(4.15e9 / 1.1355) and start == date(2023, 1, 1)
    v = one(con, iid, "RUS")
    assert v["verdict"] == "contradicted" and "RUS reports 3 bn" in v["reason"]
    # and the growth claim, against the growth computed from the official levels (4.1 / 3.0 = +36.7%)
    g = one(con, "g", "RUS")
    assert g["verdict"] == "contradicted" and g["diff"] == pytest.approx(13.6 - (4.1 / 3.0 - 1) * 100, abs=0.01)


def test_growth_claim_reached_only_through_the_rounding_of_official_levels(tmp_path):
    claims = [claim("g", "trade.turnover", "change_pct", 13.6, 13.55, 13.65, Y[2024], unit="percent", base=Y[2023])]
    observations = TRADE_OBS + [
        obs("trade.turnover", "RUS", "KGZ", "turnover", Y[2023], 3.6e9, "rus2025", qualifier="about")
    ]
    con = build(tmp_path, claims, observations, RELEASES)
    rus = one(con, "g", "RUS")  # 4.1 / 3.6 = +13.9%: +13.6% is within the levels' rounding, not at their point
    assert rus["verdict"] == "not_contradicted" and "only through the rounding" in rus["reason"]
    assert "derived by Corridor, not stated by RUS: about 4.1 bn for 2024 over about 3.6 bn for 2023" in rus["reason"]
    kgz = one(con, "g", "KGZ")  # no KGZ value for 2023
    assert kgz["verdict"] == "unverifiable" and "base period" in kgz["reason"]


def test_as_of_wrong_when_said_versus_revised_since(tmp_path):
    releases = {"first": date(2025, 3, 1), "revised": date(2026, 1, 10)}
    observations = [
        obs("trade.turnover", "RUS", "KGZ", "turnover", Y[2024], 3.5e9, "first"),
        obs("trade.turnover", "RUS", "KGZ", "turnover", Y[2024], 4.1e9, "revised"),
    ]
    claims = [
        claim("new", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024]),
        claim("old", "trade.turnover", "level", 3.5e9, 3.45e9, 3.55e9, Y[2024]),
    ]
    con = build(tmp_path, claims, observations, releases)
    rows = dict(
        (r[0], r[1:])
        for r in con.execute(
            "SELECT claim_id, verdict_at_publication, verdict_latest, as_of FROM claim_verdict"
        ).fetchall()
    )
    assert rows["new"] == ("contradicted", "supported", "wrong when said, matches data revised since")
    assert rows["old"] == ("supported", "contradicted", "right when said, revised since")
    assert one(con, "new", basis="at_publication")["reason"].startswith("RUS reports 3.5 bn")


def test_record_confirmed_and_refuted(tmp_path):
    history = [
        obs("trade.turnover", "KGZ", "RUS", "turnover", Y[y], v, "kgz2025")
        for y, v in ((2022, 3.0e9), (2023, 2.74e9), (2024, 3.2e9))
    ]
    c = claim("r", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024], record=True)
    con = build(tmp_path, [c], history, RELEASES)
    assert con.execute("SELECT verdict FROM record_check WHERE reporter = 'KGZ'").fetchall() == [("record_confirmed",)]
    (tmp_path / "w.duckdb").unlink()
    con.close()
    history.append(obs("trade.turnover", "KGZ", "RUS", "turnover", Y[2021], 3.5e9, "kgz2025"))
    con = build(tmp_path, [c], history, RELEASES)
    verdict, reason = con.execute("SELECT verdict, reason FROM record_check WHERE reporter = 'KGZ'").fetchall()[0]
    assert verdict == "not_a_record" and "2021 (3.5 bn) was at least as high" in reason


def test_mirror_view_puts_both_sides_together(tmp_path):
    observations = [
        obs("trade.exports", "KGZ", "RUS", "exports", Y[2023], 400e6, "kgz2025"),
        obs("trade.imports", "KGZ", "RUS", "imports", Y[2023], 2.5e9, "kgz2025"),
        obs("trade.exports", "RUS", "KGZ", "exports", Y[2023], 3.0e9, "rus2025"),
        obs("trade.imports", "RUS", "KGZ", "imports", Y[2023], 0.35e9, "rus2025"),
    ]
    con = build(tmp_path, [], observations, RELEASES)
    row = con.execute("SELECT * FROM mirror_trade").fetchall()
    cols = [d[0] for d in con.description]
    assert len(row) == 1
    m = dict(zip(cols, row[0], strict=True))
    assert (m["country_a"], m["country_b"]) == ("KGZ", "RUS")
    assert m["turnover_reported_by_a"] == pytest.approx(2.9e9)  # derived: exports + imports of one release
    assert m["turnover_reported_by_b"] == pytest.approx(3.35e9)
    assert m["a_to_b_gap"] == pytest.approx(0.35e9 - 400e6)  # RUS imports from KGZ minus KGZ exports to RUS
    assert m["b_to_a_gap"] == pytest.approx(2.5e9 - 3.0e9)


def test_implied_claims_propagate_open_bounds():
    c = model.conform(
        pl.DataFrame(
            [
                claim(
                    "l",
                    "transport.passengers",
                    "level",
                    573e3,
                    573e3,
                    None,
                    Y[2024],
                    unit="passengers",
                    qualifier="more_than",
                    entity="Aeroflot Group",
                ),
                claim(
                    "g",
                    "transport.passengers",
                    "change_pct",
                    35,
                    34.5,
                    35.5,
                    Y[2024],
                    unit="percent",
                    base=Y[2023],
                    entity="Aeroflot Group",
                ),
            ],
            schema_overrides={"countries": pl.List(pl.String)},
        ),
        model.CLAIM,
    )
    d = implied_claims(c).row(0, named=True)
    assert d["value"] == pytest.approx(573e3 / 1.35) and d["value_low"] == pytest.approx(573e3 / 1.355)
    assert d["value_high"] is None and d["derived_from"] == "l" and d["entity"] == "Aeroflot Group"
    assert (d["period_start"], d["period_end"]) == Y[2023]


def _build_report(path, folder):
    """The report from a connection closed after it: a connection left open keeps DuckDB's cached instance of
    the file it opened, and the next connect in this process would read that old version, not the one swapped in."""
    con = wh.connect_read_only(path)
    try:
        return build_report(con, folder)
    finally:
        con.close()


def test_a_corridor_page_lists_its_latest_claims_and_says_where_the_rest_are(tmp_path, monkeypatch):
    """A corridor with more claims than a page lists (MAX_CORRIDOR_CLAIMS): the latest by the article's date,
    ties in the report's order (series first), and a line saying how many there are and where to read them."""
    claims = [
        claim("t", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024]),
        claim("t2", "trade.turnover", "level", 4.0e9, 3.95e9, 4.05e9, Y[2024]),
        claim("p", "transport.passengers", "level", 573e3, 573e3, None, Y[2024], unit="passengers"),
    ]
    build(tmp_path, claims, TRADE_OBS, RELEASES).close()
    path, out = tmp_path / "w.duckdb", tmp_path / "report"
    with wh.writing(path) as w:  # a later article with one more claim on the pair
        w.execute(
            "INSERT INTO ref_indicator VALUES ('trade.turnover','trade','Trade turnover','Товарооборот',"
            "'currency','USD','turnover',NULL), ('transport.passengers','transport','Passengers carried',"
            "'Пассажиропоток','count','passengers',NULL,NULL)"
        )
        w.execute(
            "INSERT INTO source (source_id, kind, sha256, published_date, title) "
            "VALUES ('article:b', 'article', 'b', DATE '2026-01-15', 'A later article')"
        )
        w.execute(
            "INSERT INTO claim SELECT * REPLACE ('b1' AS claim_id, 'article:b' AS source_id, 'quote b1' AS quote) "
            "FROM claim WHERE claim_id = 't'"
        )
        rebuild_marts(w)
    monkeypatch.setattr(report, "MAX_CORRIDOR_CLAIMS", 2)
    _build_report(path, out)
    page = (out / "corridor-kgz_rus.html").read_text(encoding="utf-8")
    assert "The 2 latest of 4 claims, by the article's date" in page
    assert "@sql/internal/report_claims.sql" in page
    listed = {q for q in ("quote b1", "quote p", "quote t2", "quote t") if f">{q}<" in page}
    assert listed == {"quote b1", "quote p"}  # the later article's, then by series: Passengers before Trade
    assert page.index(">quote b1<") < page.index(">quote p<")  # latest first
    monkeypatch.setattr(report, "MAX_CORRIDOR_CLAIMS", 100)
    _build_report(path, tmp_path / "all")
    page = (tmp_path / "all" / "corridor-kgz_rus.html").read_text(encoding="utf-8")
    assert "latest of" not in page
    assert all(f">{q}<" in page for q in ("quote b1", "quote p", "quote t2", "quote t"))


def test_report_renders_every_series_and_claim(tmp_path):
    claims = [
        claim("t", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024]),
        claim("t2", "trade.turnover", "level", 4.0e9, 3.95e9, 4.05e9, Y[2024]),  # ties with t in the order
        claim(
            "p",
            "transport.passengers",
            "level",
            573e3,
            573e3,
            None,
            Y[2024],
            unit="passengers",
            qualifier="more_than",
            entity="Aeroflot Group",
        ),
    ]
    build(tmp_path, claims, TRADE_OBS, RELEASES).close()
    path, out = tmp_path / "w.duckdb", tmp_path / "report"
    with wh.writing(path) as w:  # the report names series by indicator: this fixture needs their names
        w.execute(
            "INSERT INTO ref_indicator VALUES ('trade.turnover','trade','Trade turnover','Товарооборот',"
            "'currency','USD','turnover',NULL), ('transport.passengers','transport','Passengers carried',"
            "'Пассажиропоток','count','passengers',NULL,NULL)"
        )
        rebuild_marts(w)  # the names reach report_claim (a changed ref_indicator rebuilds the marts)
    con = wh.connect_read_only(path)
    try:  # the report sorts report_claim itself, in report_claims.sql's order (t and t2 tie but for claim_id)
        from pipelines.checking.report import _claim_rows, _corridor_claims

        listed = wh.query_frame(con, wh.sql_text("internal/report_claims.sql"))
        series = series_names = listed["series"].unique().to_list()
        assert listed.height == 3 and _claim_rows(con, series).equals(listed)
        assert _claim_rows(con, series[:1]).equals(listed.filter(pl.col("series") == series[0]))
        corridor = _corridor_claims(con, ["KGZ–RUS"])  # a corridor page's claims: the same rows, all 3 listed
        assert corridor.drop("pair_claims").sort(pl.all()).equals(listed.sort(pl.all()))
        assert corridor["pair_claims"].to_list() == [3, 3, 3]
    finally:
        con.close()
    index = _build_report(path, out).read_text(encoding="utf-8")
    page = ""
    for series in ("Trade turnover: KGZ–RUS (USD)", "Passengers carried: KGZ–RUS (passengers)"):
        name = report._series_page_name(series)  # the index links every series' page
        assert f'<a href="{name}">{series}</a>' in index
        page += (out / name).read_text(encoding="utf-8")
        assert f'data-series="{series}"' in page
    assert sorted(p.name for p in out.glob("series-*.html")) == sorted(
        report._series_page_name(s) for s in series_names
    )
    assert "quote t" in page and "quote p" in page and "quote" not in index
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert [p.rsplit("-", 1)[0] for p in pngs] == [
        "passengers_carried_kgz_rus_passengers",
        "trade_turnover_kgz_rus_usd",
    ]
    assert all((out / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert all(f'src="{p}"' in page for p in pngs)
    # unchanged data: the same charts, not drawn again; a changed series gets a new chart, the old one goes
    stamps = {p: (out / p).stat().st_mtime_ns for p in pngs}
    pages = {p.name: p.stat().st_mtime_ns for p in out.glob("corridor-*.html")}
    assert pages
    _build_report(path, out)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.png")} == stamps
    # a corridor page is written again only when what it shows changed
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("corridor-*.html")} == pages
    with wh.writing(path) as w:  # the same rows written in another order: still the same charts
        w.execute(
            "CREATE TEMP TABLE c AS SELECT * FROM claim; DELETE FROM claim; "
            "INSERT INTO claim SELECT * FROM c ORDER BY claim_id DESC"
        )
        rebuild_marts(w)
    _build_report(path, out)
    assert sorted(p.name for p in out.glob("*.png")) == pngs
    with wh.writing(path) as w:
        w.execute("UPDATE claim SET value = 4.2e9, value_low = 4.15e9, value_high = 4.25e9 WHERE claim_id = 't'")
        rebuild_marts(w)
    _build_report(path, out)
    after = sorted(p.name for p in out.glob("*.png"))
    assert len(after) == 2 and after[0] == pngs[0] and after[1] != pngs[1]
    assert all(p.stat().st_mtime_ns != pages[p.name] for p in out.glob("corridor-*.html"))
    assert all("4.2 bn" in p.read_text(encoding="utf-8") for p in out.glob("corridor-*.html"))


def _turnover_warehouse(tmp_path, claims):
    """A warehouse of ``claims`` on the trade fixture, with the turnover indicator named (the report names
    series by indicator)."""
    build(tmp_path, claims, TRADE_OBS, RELEASES).close()
    path = tmp_path / "w.duckdb"
    with wh.writing(path) as w:
        w.execute(
            "INSERT INTO ref_indicator VALUES ('trade.turnover','trade','Trade turnover','Товарооборот',"
            "'currency','USD','turnover',NULL)"
        )
        rebuild_marts(w)  # the names reach report_claim (a changed ref_indicator rebuilds the marts)
    return path


def test_report_lists_a_page_of_claims_per_series_and_says_how_many_more(tmp_path, monkeypatch):
    from pipelines.checking import report

    claims = [claim(f"t{i}", "trade.turnover", "level", 4.0e9 + i, 3.9e9, 4.1e9, Y[2024]) for i in range(5)]
    path = _turnover_warehouse(tmp_path, claims)
    monkeypatch.setattr(report, "MAX_TABLE_ROWS", 2)
    _build_report(path, tmp_path / "report")
    page = (tmp_path / "report" / report._series_page_name("Trade turnover: KGZ–RUS (USD)")).read_text(encoding="utf-8")
    assert page.count("quote t") == 2 and "3 more claims in this series" in page


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_report_updated_after_a_change_is_the_report_built_anew(tmp_path, monkeypatch):
    """A report updated in place (kept sections, pages and charts reused) has exactly the files, byte for
    byte, of a full build into an empty folder; and what did not change was reused, not rendered again."""
    pct = {"unit": "percent", "base": Y[2023]}
    claims = [
        claim("t", "trade.turnover", "level", 4.1e9, 4.05e9, 4.15e9, Y[2024]),
        claim("g", "trade.turnover", "change_pct", 12.0, 11.5, 12.5, Y[2024], **pct),
        claim("p", "transport.passengers", "level", 573e3, 573e3, None, Y[2024], unit="passengers"),
        claim("k", "trade.turnover", "level", 2.0e9, 1.9e9, 2.1e9, Y[2024], countries=("KAZ", "RUS")),
        claim("kg", "trade.turnover", "change_pct", 5.0, 4.5, 5.5, Y[2025], countries=("KAZ", "RUS"), **pct),
        claim("u", "trade.turnover", "level", 9.0e9, 8.9e9, 9.1e9, Y[2024], countries=("RUS", "UZB")),
    ]
    build(tmp_path, claims, TRADE_OBS, RELEASES).close()
    path, kept, fresh = tmp_path / "w.duckdb", tmp_path / "kept", tmp_path / "fresh"
    with wh.writing(path) as w:
        w.execute(
            "INSERT INTO ref_indicator VALUES ('trade.turnover','trade','Trade turnover','Товарооборот',"
            "'currency','USD','turnover',NULL), ('transport.passengers','transport','Passengers carried',"
            "'Пассажиропоток','count','passengers',NULL,NULL)"
        )
        rebuild_marts(w)  # the names reach report_claim (a changed ref_indicator rebuilds the marts)
    _build_report(path, kept)
    before = _files(kept)
    stamps = {p.name: p.stat().st_mtime_ns for p in kept.rglob("*") if p.is_file()}
    assert sum(name.startswith("series-") for name in before) == 6  # one page per series
    # KGZ–RUS: a claim changed and one added (their charts change); KAZ–RUS: only a growth rate's quote (no
    # chart, no count changes: only the claims listed); RUS–UZB untouched
    with wh.writing(path) as w:
        w.execute("UPDATE claim SET value = 4.2e9, value_low = 4.15e9, value_high = 4.25e9 WHERE claim_id = 't'")
        w.execute(
            "INSERT INTO claim SELECT * REPLACE ('p2' AS claim_id, 611e3 AS value, 'quote p2' AS quote) "
            "FROM claim WHERE claim_id = 'p'"
        )
        w.execute("UPDATE claim SET quote = 'quote kg, corrected' WHERE claim_id = 'kg'")
        rebuild_marts(w)
    con = wh.connect_read_only(path)
    read, claim_rows, corridor_claims = [], report._claim_rows, report._corridor_claims
    monkeypatch.setattr(report, "_claim_rows", lambda c, s: read.append((sorted(s), [])) or claim_rows(c, s))
    monkeypatch.setattr(report, "_corridor_claims", lambda c, p: read.append(([], sorted(p))) or corridor_claims(c, p))
    build_report(con, kept)
    # only the changed series' claims are read (their sections), then only the changed corridors' (their pages)
    changed = [
        "Passengers carried: KGZ–RUS (passengers)",
        "Trade turnover: KAZ–RUS (percent)",
        "Trade turnover: KGZ–RUS (USD)",
    ]
    assert read == [(changed, []), ([], ["KAZ–RUS", "KGZ–RUS"])]
    build_report(con, fresh)
    after = _files(kept)
    assert after.keys() == _files(fresh).keys() and after == _files(fresh)
    pages = b"".join(v for n, v in after.items() if n.startswith("series-")).decode()
    assert "quote p2" in pages and "kg, corrected" in pages
    assert "kg, corrected" in after["corridor-kaz_rus.html"].decode()
    # reused, not written again: the untouched corridor's page, the charts of RUS–UZB and KAZ–RUS, and the
    # pages of the three series that did not change (KGZ–RUS growth, KAZ–RUS and RUS–UZB levels)
    same = ("Trade turnover: KGZ–RUS (percent)", "Trade turnover: KAZ–RUS (USD)", "Trade turnover: RUS–UZB (USD)")
    untouched = [
        n
        for n in after
        if n == "corridor-rus_uzb.html" or n.endswith(".png") and ("_kaz_rus_" in n or "_rus_uzb_" in n)
    ] + [report._series_page_name(name) for name in same]
    assert len(untouched) == 6 and all(n in before for n in untouched)
    assert all((kept / n).stat().st_mtime_ns == stamps[(kept / n).name] for n in untouched)
    # a chart removed by hand is drawn again, though its series' page is kept
    (kept / next(n for n in untouched if n.endswith(".png"))).unlink()
    build_report(con, kept)
    assert _files(kept) == _files(fresh)


def test_charts_drawn_by_worker_processes_are_the_charts_drawn_here(tmp_path, monkeypatch, caplog):
    """Many charts are shared between this process (from the front of the list) and worker processes (from
    the back), each chart claimed once: the report has the same files, byte for byte, as one whose charts
    were all drawn in this process."""
    from pipelines.checking import report

    claims = [
        claim(f"t{i}", "trade.turnover", "level", 4.0e9 + i, 3.9e9, 4.1e9, Y[2024], countries=(a, "RUS"))
        for i, a in enumerate(("KGZ", "KAZ", "UZB", "TJK"))
    ]
    path = _turnover_warehouse(tmp_path, claims)
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: charts are always drawn in this process")
    monkeypatch.setattr(report, "POOL_MIN_CHARTS", 10**6)
    _build_report(path, tmp_path / "here")

    drawn_here = []
    draw = report._chart

    def here_too(*args):
        """This process's first chart waits for a worker to have drawn one (the last of the list), so that
        both draw whatever the machine's speed."""
        drawn_here.append(args[0].name)
        deadline = time.monotonic() + 60
        while len(drawn_here) == 1 and not list((tmp_path / "pool").glob("*.png")) and time.monotonic() < deadline:
            time.sleep(0.05)
        draw(*args)

    pages_when_waited = []
    finish = report.ChartWorkers.finish

    def finish_after_pages(self, theirs):
        """The pages name the charts and do not read them: they are written while the workers draw theirs."""
        pages_when_waited.append(sorted(p.name for p in (tmp_path / "pool").glob("*.html")))
        return finish(self, theirs)

    monkeypatch.setattr(report, "_chart", here_too)  # the workers are other processes: their _chart draws
    monkeypatch.setattr(report.ChartWorkers, "finish", finish_after_pages)
    monkeypatch.setattr(report, "POOL_MIN_CHARTS", 1)
    _build_report(path, tmp_path / "pool")
    here, pool = _files(tmp_path / "here"), _files(tmp_path / "pool")
    assert sum(n.endswith(".png") for n in here) == 4 and here == pool
    assert 0 < len(drawn_here) < 4  # the rest were drawn by the workers
    assert pages_when_waited == [sorted(n for n in here if n.endswith(".html"))]
    assert len(set(drawn_here)) == len(drawn_here)  # none twice
    # workers that fail (here: not even started as Python) leave their charts to this process
    monkeypatch.undo()
    monkeypatch.setattr(report, "POOL_MIN_CHARTS", 1)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    _build_report(path, tmp_path / "failed")
    assert _files(tmp_path / "failed") == here
    assert "chart worker 0 failed (exit status 1)" in caplog.text
    # a worker that cannot even be started: the report is drawn here all the same
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    _build_report(path, tmp_path / "not-started")
    assert _files(tmp_path / "not-started") == here
    assert "chart worker 0 not started" in caplog.text


def test_the_claim_checks_start_their_chart_workers_before_the_marts_and_only_for_a_stale_report(tmp_path, monkeypatch):
    """The chart workers' start (~0.7 s of a core) overlaps the marts' build; a run whose report is current
    starts none."""
    import dagster as dg

    from pipelines.config import DataPaths
    from pipelines.defs import checking
    from tests.helpers.corridor import test_resources

    claims = [claim(f"t{i}", "trade.turnover", "level", 4.0e9 + i, 3.9e9, 4.1e9, Y[2024]) for i in range(2)]
    path = _turnover_warehouse(tmp_path, claims)
    events = []

    class Recorded(report.ChartWorkers):
        def __init__(self):
            events.append("workers started")
            super().__init__()

        def close(self):
            events.append("workers closed")
            super().close()

    def marts(con):
        events.append("marts built")
        return rebuild_marts(con)

    monkeypatch.setattr(checking, "ChartWorkers", Recorded)
    monkeypatch.setattr(checking, "build_marts", marts)
    paths = DataPaths.under(tmp_path / "data", path, tmp_path / "reports", tmp_path / "home")

    def materialize():
        result = dg.materialize(
            [checking.build_claim_checks([])],
            resources=test_resources(paths),
            instance=dg.DagsterInstance.ephemeral(),
        )
        assert result.success

    materialize()
    assert events == ["workers started", "marts built", "workers closed"]
    assert (paths.reports / "index.html").is_file()
    events.clear()
    materialize()  # same warehouse: the marts' load is skipped, the report is current
    assert events == []
