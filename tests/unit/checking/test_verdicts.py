"""Verdicts a journalist can trust (issue 14), on small synthetic fixtures: direction of a flow, one-sided
official figures, stated vs derived rates, records against bounded history, release-date precision, year to
date, source ranks, hand-recorded corrections and the claimant record."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipelines import load, model
from pipelines import warehouse as wh
from pipelines.checking.implied import implied_claims
from pipelines.checking.marts import rebuild_marts
from tests.helpers.builders import checking_claim as claim

Y = {y: (date(y, 1, 1), date(y, 12, 31)) for y in range(2018, 2027)}
JAN_OCT = {y: (date(y, 1, 1), date(y, 10, 31)) for y in range(2018, 2027)}
JAN_NOV = {y: (date(y, 1, 1), date(y, 11, 30)) for y in range(2018, 2027)}
SEED_DATE = date(2025, 11, 26)
PROVIDERS = {"press": "press_report", "gathered": "official_statement", "stat_kg": "statistics_office"}


def obs(indicator, reporter, partner, period, value, release, *, qualifier="exact", unit="USD"):
    flow = indicator.split(".")[1]
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
        "entity": None,
        "release_id": release,
        "source_id": f"official:{release}",
    }


def build(tmp_path, claims, observations, releases, *, article_date=SEED_DATE, corrections=()):
    """A warehouse with one article and the given claims; ``releases``: id → (provider, published, precision)."""
    path = tmp_path / "w.duckdb"
    path.unlink(missing_ok=True)
    sources = [
        {
            "source_id": "article:a",
            "kind": "article",
            "sha256": "a",
            "published_date": article_date,
            "title": "Synthetic article",
            "publisher": "Synthetic Outlet",
        }
    ]
    sources += [
        {
            "source_id": f"official:{r}",
            "kind": "official",
            "sha256": r,
            "provider": p,
            "url": f"https://example.org/{r}",
        }
        for r, (p, _, _) in releases.items()
    ]
    rel = [
        {
            "release_id": r,
            "source_id": f"official:{r}",
            "provider": p,
            "dataset": r,
            "published_at": d,
            "retrieved_at": d,
            "published_precision": precision,
        }
        for r, (p, d, precision) in releases.items()
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
        for provider, cls in PROVIDERS.items():
            con.execute(
                "INSERT INTO ref_provider BY NAME SELECT ? AS provider, ? AS name, 365 AS cadence_days, "
                "? AS source_class",
                [provider, provider, cls],
            )
        for c in corrections:
            con.execute(
                "INSERT INTO corrections BY NAME SELECT * FROM (SELECT ?::VARCHAR AS indicator, "
                "?::VARCHAR AS reporter, ?::VARCHAR AS partner, ?::VARCHAR AS flow, ?::DATE AS period_start, "
                "?::DATE AS period_end, 'USD' AS unit, ?::DOUBLE AS corrected_value, ?::VARCHAR AS reason, "
                "'test' AS recorded_by, DATE '2026-01-01' AS recorded_on)",
                list(c),
            )
        rebuild_marts(con)
    return wh.connect_read_only(path)


def verdict(con, claim_id, basis="latest"):
    col = "latest" if basis == "latest" else "at_publication"
    row = con.execute(
        f"SELECT verdict_{col}, reason_{col} FROM claim_verdict WHERE claim_id = ?", [claim_id]
    ).fetchall()
    assert len(row) == 1, row
    return row[0]


def press(published, precision="day"):
    return ("press", published, precision)


# --- direction ----------------------------------------------------------------------------------------------

UZB_2022 = [
    obs("trade.exports", "UZB", "RUS", Y[2022], 3.0e9, "uzb", qualifier="about"),
    obs("trade.imports", "UZB", "RUS", Y[2022], 6.2e9, "uzb", qualifier="about"),
]


def test_both_directions_of_one_flow_are_told_apart(tmp_path):
    claims = [
        # "Russia's exports to Uzbekistan ≈ $6.2 bn": true, as Uzbekistan's imports from Russia (the mirror)
        claim(
            "rus_to_uzb_6",
            "trade.exports",
            "level",
            6.2e9,
            6.15e9,
            6.25e9,
            Y[2022],
            countries=("RUS", "UZB"),
            qualifier="about",
            exporter="RUS",
            importer="UZB",
        ),
        # "≈ $3 bn": false (3 bn is the other direction)
        claim(
            "rus_to_uzb_3",
            "trade.exports",
            "level",
            3.0e9,
            2.95e9,
            3.05e9,
            Y[2022],
            countries=("RUS", "UZB"),
            qualifier="about",
            exporter="RUS",
            importer="UZB",
        ),
        # "Uzbekistan's exports to Russia ≈ $3 bn": true, as Uzbekistan reports it
        claim(
            "uzb_to_rus_3",
            "trade.exports",
            "level",
            3.0e9,
            2.95e9,
            3.05e9,
            Y[2022],
            countries=("RUS", "UZB"),
            qualifier="about",
            exporter="UZB",
            importer="RUS",
        ),
        # "Uzbekistan's imports from Russia ≈ $6.2 bn": the same flow as the first, worded from the other side
        claim(
            "uzb_from_rus_6",
            "trade.imports",
            "level",
            6.2e9,
            6.15e9,
            6.25e9,
            Y[2022],
            countries=("RUS", "UZB"),
            qualifier="about",
            exporter="RUS",
            importer="UZB",
        ),
    ]
    con = build(tmp_path, claims, UZB_2022, {"uzb": press(date(2023, 4, 25))})
    v, reason = verdict(con, "rus_to_uzb_6")
    assert v == "supported" and "UZB reports imports from RUS of about 6.2 bn" in reason and "mirror" in reason
    assert verdict(con, "rus_to_uzb_3")[0] == "contradicted"
    v, reason = verdict(con, "uzb_to_rus_3")
    assert v == "supported" and "UZB reports exports to RUS of about 3 bn" in reason and "exporter's side" in reason
    assert verdict(con, "uzb_from_rus_6")[0] == "supported"
    sides = dict(con.execute("SELECT claim_id, sides FROM claim_verdict").fetchall())
    assert sides["rus_to_uzb_6"] == "matches UZB imports from RUS, the mirror (press, press report)"
    roles = con.execute(
        "SELECT DISTINCT side_role FROM claim_check WHERE claim_id = 'rus_to_uzb_3' AND basis = 'latest'"
    ).fetchall()
    assert roles == [("importer",)]  # never UZB's exports: that is the other direction


# --- one-sided official figures -------------------------------------------------------------------------------

KGZ_OPEN = [
    obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz24", qualifier="about"),
    obs("trade.turnover", "KGZ", "RUS", Y[2025], 3.1e9, "kgz25", qualifier="more_than"),
]
KGZ_OPEN_RELEASES = {"kgz24": press(date(2025, 3, 1)), "kgz25": press(date(2026, 2, 10))}


def test_one_sided_official_figures_do_not_support_a_claim(tmp_path):
    claims = [
        claim("g17", "trade.turnover", "change_pct", 17.0, 16.95, 17.05, Y[2025], unit="percent", base=Y[2024]),
        claim("x1_5", "trade.turnover", "ratio", 1.5, 1.45, 1.55, Y[2025], unit="ratio", base=Y[2024]),
        claim("l35", "trade.turnover", "level", 3.5e9, 3.45e9, 3.55e9, Y[2025]),
        claim("l30", "trade.turnover", "level", 3.0e9, 2.95e9, 3.05e9, Y[2025]),
        claim("more31", "trade.turnover", "level", 3.1e9, 3.1e9, None, Y[2025], qualifier="more_than"),
    ]
    # said after the year was over: full-year claims
    con = build(tmp_path, claims, KGZ_OPEN, KGZ_OPEN_RELEASES, article_date=date(2026, 3, 1))
    v, reason = verdict(con, "g17")
    assert v == "not_contradicted" and "one-sided" in reason
    assert "derived by Corridor, not stated by KGZ: more than 3.1 bn for 2025 over about 3.2 bn for 2024" in reason
    assert verdict(con, "x1_5")[0] == "not_contradicted"
    assert verdict(con, "l35")[0] == "not_contradicted"
    assert verdict(con, "l30")[0] == "contradicted"
    assert verdict(con, "more31")[0] == "supported"  # "more than 3.1 bn" backs "more than 3.1 bn"


# --- stated vs derived rates ----------------------------------------------------------------------------------

KGZ_RATES = [
    obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz24", qualifier="about"),
    obs("trade.turnover", "KGZ", "RUS", Y[2023], 3.0e9, "kgz23", qualifier="more_than"),
]


def test_a_stated_rate_outranks_a_derived_one(tmp_path):
    claims = [
        claim("g166", "trade.turnover", "change_pct", 16.6, 16.55, 16.65, Y[2024], unit="percent", base=Y[2023]),
        claim("g136", "trade.turnover", "change_pct", 13.6, 13.55, 13.65, Y[2024], unit="percent", base=Y[2023]),
    ]
    releases = {"kgz24": press(date(2025, 3, 1)), "kgz23": press(date(2024, 9, 12))}
    con = build(tmp_path, claims, KGZ_RATES, releases, article_date=date(2025, 12, 1))
    v, reason = verdict(con, "g166")  # only derived: 3.2 bn "about" over "more than 3 bn", so at most +8.3%
    assert v == "contradicted"
    assert reason.startswith(
        "KGZ's figures give 6.667% (derived by Corridor, not stated by KGZ: about 3.2 bn for 2024 "
        "over more than 3 bn for 2023)"
    )
    con.close()
    stated = obs("trade.turnover", "KGZ", "RUS", Y[2024], 16.6, "kgz24", unit="percent")
    con = build(tmp_path, claims, [*KGZ_RATES, stated], releases, article_date=date(2025, 12, 1))
    v, reason = verdict(con, "g166")
    assert v == "supported" and reason.startswith("KGZ states 16.6%") and "derived" not in reason
    v, reason = verdict(con, "g136")
    assert v == "contradicted" and reason.startswith("KGZ states 16.6%")
    rate_source = con.execute("SELECT rate_source_latest FROM claim_verdict WHERE claim_id = 'g136'").fetchall()
    assert rate_source == [("stated",)]


# --- records --------------------------------------------------------------------------------------------------


def _record(con):
    return con.execute("SELECT verdict, reason FROM record_check WHERE reporter = 'KGZ'").fetchall()[0]


def test_a_record_needs_every_earlier_period_known_lower(tmp_path):
    c = claim("r", "trade.turnover", "level", 3.2e9, 3.15e9, 3.25e9, Y[2024], qualifier="about", record=True)
    releases = {"kgz": press(date(2025, 3, 1))}
    history = [
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz", qualifier="about"),
        obs("trade.turnover", "KGZ", "RUS", Y[2023], 2.9e9, "kgz", qualifier="about"),
        obs("trade.turnover", "KGZ", "RUS", Y[2022], 3.0e9, "kgz", qualifier="more_than"),
        obs("trade.turnover", "KGZ", "RUS", JAN_NOV[2022], 3.193e9, "kgz"),
    ]
    con = build(tmp_path, [c], history, releases)
    v, reason = _record(con)
    assert v == "not_established"
    assert "2022 (3.193 bn for Jan–Nov 2022; more than 3 bn: open-ended)" in reason and "2023" not in reason
    con.close()
    # every earlier period closed and below the least 2024 can be (3.15 bn): a record
    # ("about 3 bn" could be up to 3.5 bn: the rounding is to the last non-zero digit)
    closed = [history[0], history[1], obs("trade.turnover", "KGZ", "RUS", Y[2022], 2.8e9, "kgz", qualifier="about")]
    con = build(tmp_path, [c], closed, releases)
    v, reason = _record(con)
    assert v == "record_confirmed" and "above every earlier period on file since 2022" in reason
    con.close()
    # part of 2022 alone is already above the most 2024 can be (3.25 bn): not a record
    con = build(tmp_path, [c], [*closed, obs("trade.turnover", "KGZ", "RUS", JAN_NOV[2022], 3.3e9, "kgz")], releases)
    v, reason = _record(con)
    assert v == "not_a_record" and "3.3 bn for Jan–Nov 2022" in reason


# --- release dates and year to date ---------------------------------------------------------------------------


def test_a_release_dated_only_by_its_year_is_not_seen_before_the_year_ends(tmp_path):
    c = claim("t", "trade.turnover", "level", 3.2e9, 3.15e9, 3.25e9, Y[2024], qualifier="about")
    o = [obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz", qualifier="about")]
    con = build(tmp_path, [c], o, {"kgz": press(date(2025, 1, 1), "year")})  # "2025", article 2025-11-26
    assert verdict(con, "t", "at_publication")[0] == "unverifiable"
    assert "certainly been published by 2025-11-26" in verdict(con, "t", "at_publication")[1]
    v, reason = verdict(con, "t")
    assert v == "supported" and "released 2025)" in reason
    con.close()
    con = build(tmp_path, [c], o, {"kgz": press(date(2025, 11, 1), "month")})  # "2025-11": could be 30 November
    assert verdict(con, "t", "at_publication")[0] == "unverifiable"
    con.close()
    con = build(tmp_path, [c], o, {"kgz": press(date(2025, 10, 1), "month")})  # "2025-10": out by 31 October
    assert verdict(con, "t", "at_publication")[0] == "supported"


def test_the_manual_csv_keeps_the_precision_of_its_published_dates(tmp_path):
    from pipelines.official.parsers import manual_csv

    path = tmp_path / "figures.csv"
    path.write_text(
        "indicator,reporter,partner,flow,period_start,period_end,value,unit,qualifier,official_source,url,"
        "published\n"
        "trade.turnover,KGZ,RUS,turnover,2024-01-01,2024-12-31,3200000000,USD,about,Synthetic,https://a,2025\n"
        "trade.turnover,KGZ,RUS,turnover,2023-01-01,2023-12-31,3000000000,USD,about,Synthetic,https://b,"
        "2024-09\n"
        "trade.turnover,KGZ,RUS,turnover,2022-01-01,2022-12-31,2800000000,USD,about,Synthetic,https://c,"
        "2023-06-02\n",
        encoding="utf-8",
    )
    rows = manual_csv.read(path, retrieved=date(2026, 1, 1)).sort("period_start")
    assert rows["published_precision"].to_list() == ["day", "month", "year"]
    assert rows["published"].to_list() == [date(2023, 6, 2), date(2024, 9, 1), date(2025, 1, 1)]


def test_a_year_to_date_claim_is_checked_against_the_year_so_far(tmp_path):
    # "В 2025 году этот показатель уже прибавил еще 17%", said on 26 November 2025
    c = claim("g", "trade.turnover", "change_pct", 17.0, 16.5, 17.5, Y[2025], unit="percent", base=Y[2024])
    o = [
        obs("trade.turnover", "KGZ", "RUS", JAN_OCT[2025], 2.34e9, "ytd"),
        obs("trade.turnover", "KGZ", "RUS", JAN_OCT[2024], 2.0e9, "ytd"),
        obs("trade.turnover", "KGZ", "RUS", Y[2025], 3.1e9, "full", qualifier="more_than"),
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "full", qualifier="about"),
    ]
    con = build(tmp_path, [c], o, {"ytd": press(date(2025, 11, 20)), "full": press(date(2026, 2, 10))})
    v, reason = verdict(con, "g")
    assert v == "supported" and "[year to date: said on 2025-11-26, against Jan–Oct 2025]" in reason
    scope = con.execute("SELECT year_to_date, period_end_checked FROM claim_verdict").fetchall()
    assert scope == [(True, date(2025, 11, 25))]
    full = con.execute(
        "SELECT verdict FROM claim_check WHERE claim_id = 'g' AND basis = 'latest' "
        "AND official_period_end = DATE '2025-12-31'"
    ).fetchall()
    assert full == [("scope_mismatch",)]  # the whole year is not what was said in November


# --- source ranks, corrections, bounds in words, claimants ------------------------------------------------------


def test_the_best_ranked_source_speaks_for_a_side(tmp_path):
    c = claim("t", "trade.turnover", "level", 3.25e9, 3.245e9, 3.255e9, Y[2024])
    o = [
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "press24", qualifier="about"),
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.25e9, "stat24"),
    ]
    releases = {"press24": press(date(2025, 6, 1)), "stat24": ("stat_kg", date(2025, 3, 1), "day")}
    con = build(tmp_path, [c], o, releases)
    row = con.execute("SELECT verdict_latest, source_latest, source_rank_latest FROM claim_verdict").fetchall()[0]
    assert row == ("supported", "KGZ (stat_kg, statistics office)", 1)
    con.close()
    mirror = [
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "press24", qualifier="about"),
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.27e9, "stat24"),
    ]
    con = build(tmp_path, [], mirror, releases)
    assert con.execute("SELECT turnover_reported_by_a, turnover_a_source_class FROM mirror_trade").fetchall() == [
        (3.27e9, "statistics_office")
    ]


def test_a_recorded_correction_is_honoured_by_the_verdicts(tmp_path):
    claims = [
        claim("t", "trade.turnover", "level", 3.4e9, 3.35e9, 3.45e9, Y[2024]),
        claim("r", "trade.turnover", "level", 3.4e9, 3.35e9, 3.45e9, Y[2024], record=True),
    ]
    o = [
        obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz", qualifier="about"),
        obs("trade.turnover", "KGZ", "RUS", Y[2023], 3.1e9, "kgz", qualifier="about"),
    ]
    releases = {"kgz": press(date(2025, 3, 1))}
    assert verdict(build(tmp_path, claims, o, releases), "t")[0] == "contradicted"
    fix = (
        "trade.turnover",
        "KGZ",
        "RUS",
        "turnover",
        date(2024, 1, 1),
        date(2024, 12, 31),
        3.4e9,
        "synthetic: a digit slipped in the press report",
    )
    con = build(tmp_path, claims, o, releases, corrections=[fix])
    v, reason = verdict(con, "t")
    assert v == "supported" and "corrected by hand: synthetic: a digit slipped" in reason
    assert "published as 3.2 bn" in reason
    assert con.execute("SELECT verdict FROM record_check").fetchall() == [("record_confirmed",)]
    con.close()
    withdrawn = (*fix[:6], None, "synthetic: not an official figure")
    con = build(tmp_path, claims, o, releases, corrections=[withdrawn])
    assert verdict(con, "t")[0] == "unverifiable"


def test_claim_bounds_are_printed_at_full_precision(tmp_path):
    c = claim(
        "k", "trade.turnover", "level", 26.1e9, 26.05e9, 26.15e9, Y[2022], countries=("KAZ", "RUS"), qualifier="about"
    )
    o = [obs("trade.turnover", "KAZ", "RUS", Y[2022], 24.0e9, "kaz", qualifier="about")]
    reason = verdict(build(tmp_path, [c], o, {"kaz": press(date(2023, 4, 11))}), "k")[1]
    assert "the claim's bounds 26.05 bn .. 26.15 bn" in reason


def test_claimant_record_counts_per_outlet_and_speaker(tmp_path):
    claims = [
        claim("ok", "trade.turnover", "level", 3.2e9, 3.15e9, 3.25e9, Y[2024], speaker="Synthetic Minister"),
        claim("bad", "trade.turnover", "level", 5.0e9, 4.95e9, 5.05e9, Y[2024], speaker="Synthetic Minister"),
        claim("none", "trade.turnover", "level", 5.0e9, 4.95e9, 5.05e9, Y[2019]),
    ]
    o = [obs("trade.turnover", "KGZ", "RUS", Y[2024], 3.2e9, "kgz", qualifier="about")]
    con = build(tmp_path, claims, o, {"kgz": press(date(2025, 3, 1))})
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT claimant_kind || ':' || claimant, claims, checked, supported, contradicted, unverifiable, "
            "supported_example LIKE '\"quote ok\"%', contradicted_example LIKE '\"quote bad\"%' FROM claimant_record"
        ).fetchall()
    }
    assert rows["outlet:Synthetic Outlet"] == (3, 2, 1, 1, 1, True, True)
    assert rows["speaker:Synthetic Minister"] == (2, 2, 1, 1, 0, True, True)


def test_claims_of_carries_the_direction_of_each_figure():
    from pipelines.articles.corpus import claims_of

    articles = pl.DataFrame(
        [
            {
                "source_id": "article:x",
                "path": "articles/x.txt",
                "text": "t",
                "language": "ru",
                "published_date": SEED_DATE,
            }
        ]
    )
    figure = {
        "indicator": "trade.exports",
        "measure": "level",
        "value": 6.2e9,
        "unit": "USD",
        "qualifier": "about",
        "countries": ["UZB", "RUS"],
        "quote": "t",
        "quote_start": 0,
        "start": 0,
        "end": 1,
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
    }
    claims, _ = claims_of(articles, lambda *a, **k: [{**figure, "exporter": "RUS", "importer": "UZB"}, figure], "v")
    assert claims.select("exporter", "importer", "countries").rows() == [
        ("RUS", "UZB", ["RUS", "UZB"]),
        (None, None, ["RUS", "UZB"]),
    ]


@pytest.mark.parametrize(
    "value, words", [(26.05e9, "26.05 bn"), (3.2e9, "3.2 bn"), (573_000, "573 thousand"), (6.6666667, "6.667")]
)
def test_figure_words(value, words):
    import duckdb

    con = duckdb.connect()
    wh.apply_schema(con)
    assert con.execute("SELECT figure_words(?)", [value]).fetchall()[0][0] == words
