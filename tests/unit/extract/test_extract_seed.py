"""The acceptance case: the seed article gives exactly its six figures, field by field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines.articles.files import read_article
from pipelines.extract import EXTRACTOR_VERSION, extract_figures

SEED = Path(__file__).resolve().parents[3] / "data" / "articles" / "000_e0659a0f34bccf04.txt"
CONTRACT = {
    "indicator",
    "measure",
    "value",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "record",
    "period_start",
    "period_end",
    "base_period_start",
    "base_period_end",
    "countries",
    "entity",
    "quote",
    "quote_start",
    "start",
    "end",
    "countries_from",
    "exporter",
    "importer",
}
Y2023, Y2024, Y2025 = ("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31")

EXPECTED = [
    dict(
        span="более 573 тыс. пассажиров",
        indicator="transport.passengers",
        measure="level",
        value=573000,
        value_low=573000,
        value_high=None,
        unit="passengers",
        qualifier="more_than",
        record=False,
        period=Y2024,
        base=(None, None),
        entity="Aeroflot Group",
    ),
    dict(
        span="35%",
        indicator="transport.passengers",
        measure="change_pct",
        value=35,
        value_low=34.5,
        value_high=35.5,
        unit="percent",
        qualifier="exact",
        record=False,
        period=Y2024,
        base=Y2023,
        entity="Aeroflot Group",
    ),
    dict(
        span="более 459 тыс. пассажиров",
        indicator="transport.passengers",
        measure="level",
        value=459000,
        value_low=459000,
        value_high=None,
        unit="passengers",
        qualifier="more_than",
        record=False,
        period=("2025-01-01", "2025-10-31"),
        base=(None, None),
        entity="Aeroflot Group",
    ),
    dict(
        span="$4,1 млрд",
        indicator="trade.turnover",
        measure="level",
        value=4.1e9,
        value_low=4.05e9,
        value_high=4.15e9,
        unit="USD",
        qualifier="exact",
        record=True,
        period=Y2024,
        base=(None, None),
        entity=None,
    ),
    dict(
        span="13,6%",
        indicator="trade.turnover",
        measure="change_pct",
        value=13.6,
        value_low=13.55,
        value_high=13.65,
        unit="percent",
        qualifier="exact",
        record=False,
        period=Y2024,
        base=Y2023,
        entity=None,
    ),
    # "В 2025 году этот показатель уже прибавил еще 17%": the stated year, see the package docstring
    dict(
        span="17%",
        indicator="trade.turnover",
        measure="change_pct",
        value=17,
        value_low=16.5,
        value_high=17.5,
        unit="percent",
        qualifier="exact",
        record=False,
        period=Y2025,
        base=Y2024,
        entity=None,
    ),
]


@pytest.fixture(scope="module")
def seed():
    article = read_article(SEED)
    return article.text, extract_figures(article.text, "ru", date(2025, 11, 26))


def test_exactly_six_figures(seed):
    text, figures = seed
    assert len(figures) == 6, [text[f["start"] : f["end"]] for f in figures]
    assert [f["start"] for f in figures] == sorted(f["start"] for f in figures)


@pytest.mark.parametrize("i", range(6))
def test_seed_figure_fields(seed, i):
    text, figures = seed
    f, e = figures[i], EXPECTED[i]
    assert set(f) == CONTRACT
    assert e["span"] in text[f["start"] : f["end"]] or text[f["start"] : f["end"]] in e["span"]
    for k in ("indicator", "measure", "unit", "qualifier", "record", "entity"):
        assert f[k] == e[k], k
    for k in ("value", "value_low", "value_high"):
        assert f[k] == (pytest.approx(e[k], rel=1e-9) if e[k] is not None else None), k
    assert (f["period_start"], f["period_end"]) == e["period"]
    assert (f["base_period_start"], f["base_period_end"]) == e["base"]
    assert f["countries"] == ["KGZ", "RUS"]
    assert text[f["quote_start"] : f["quote_start"] + len(f["quote"])] == f["quote"]
    assert f["quote_start"] <= f["start"] < f["end"] <= f["quote_start"] + len(f["quote"])


def test_seed_spans_exact(seed):
    text, figures = seed
    assert [text[f["start"] : f["end"]] for f in figures] == [e["span"] for e in EXPECTED]


def test_no_figure_from_dates_ages_and_month_counts(seed):
    text, figures = seed
    for phrase in ("80-летия", "26 ноября 2025 года", "10 месяцев"):
        pos = text.index(phrase)
        assert not any(f["start"] < pos + len(phrase) and pos < f["end"] for f in figures), phrase


def test_extractor_version_is_a_stable_string():
    import importlib

    import pipelines.extract as pkg

    # the engine's own version (bumped with the engine) and a digest of the reference files it reads
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION.startswith(pkg.ENGINE_VERSION + "+ref.")
    assert importlib.reload(pkg).EXTRACTOR_VERSION == EXTRACTOR_VERSION
