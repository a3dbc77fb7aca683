"""The hand-annotated corpus: its shape, the engine's scores on it, and the quote/offset invariant."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipelines.articles.files import read_article
from pipelines.extract import extract_figures
from pipelines.tools.evaluate_extraction import CORPUS, FIELDS, evaluate, prf, report, score_passage

PROJECT = Path(__file__).resolve().parents[3]
PASSAGES = sorted(CORPUS.glob("*.txt"))
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
}


def _meta(p: Path) -> dict:
    return json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))


def test_corpus_size_and_languages():
    langs = [_meta(p)["lang"] for p in PASSAGES]
    assert len(PASSAGES) >= 40 and langs.count("ru") >= 25 and langs.count("en") >= 10
    assert sum(1 for p in PASSAGES if not _meta(p)["figures"]) >= 5  # negative passages


@pytest.mark.parametrize("path", PASSAGES, ids=lambda p: p.stem)
def test_corpus_expectations_are_well_formed(path):
    meta = _meta(path)
    text = read_article(path).text
    date.fromisoformat(meta["published"])
    for g in meta["figures"]:
        assert CONTRACT <= set(g), CONTRACT - set(g)
        assert g["span"] in text
        assert g["countries"] == sorted(g["countries"])
        if g["value_low"] is not None:
            assert g["value_low"] <= g["value"]
        if g["value_high"] is not None:
            assert g["value"] <= g["value_high"]


@pytest.fixture(scope="module")
def score():
    return evaluate(CORPUS)


def test_overall_f1(score):
    p, r, f1 = score.overall()
    print(report(score))
    assert f1 >= 0.95, "\n".join(score.errors)


@pytest.mark.parametrize("field", FIELDS)
def test_per_field_f1_reported_and_high(score, field):
    p, r, f1 = prf(score.field_tp[field], score.n_pred, score.n_gold)
    assert field in report(score)
    assert f1 >= 0.9, (field, [e for e in score.errors if f" {field}:" in e])


def test_detection_matches_every_expected_figure(score):
    assert score.n_gold >= 80
    assert score.matched / score.n_gold >= 0.95 and score.matched / score.n_pred >= 0.95


def test_scorer_penalises_wrong_fields_missing_and_spurious():
    text = "Товарооборот составил 5 млрд долларов."
    gold = [
        {
            "indicator": "trade.turnover",
            "measure": "level",
            "value": 5e9,
            "value_low": 4.5e9,
            "value_high": 5.5e9,
            "unit": "USD",
            "qualifier": "exact",
            "record": False,
            "period_start": None,
            "period_end": None,
            "base_period_start": None,
            "base_period_end": None,
            "countries": [],
            "entity": None,
            "span": "5 млрд долларов",
        }
    ]
    pred = [dict(gold[0], value=6e9, start=22, end=37), dict(gold[0], indicator="investment", start=0, end=5)]
    sc = score_passage("x", text, gold, pred)
    assert sc.matched == 1 and sc.field_tp["value"] == 0 and sc.field_tp["unit"] == 1
    assert any("spurious" in e for e in sc.errors)
    assert score_passage("x", text, gold, []).errors[0].startswith("x: missed")


@pytest.mark.parametrize("path", PASSAGES, ids=lambda p: p.stem)
def test_quote_and_offset_invariant(path):
    meta = _meta(path)
    text = read_article(path).text
    for f in extract_figures(text, meta["lang"], date.fromisoformat(meta["published"])):
        q0 = f["quote_start"]
        assert text[q0 : q0 + len(f["quote"])] == f["quote"]
        assert q0 <= f["start"] < f["end"] <= q0 + len(f["quote"])
        assert text[f["start"] : f["end"]].strip() == text[f["start"] : f["end"]]


def test_evaluate_cli_exit_codes(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "pipelines.tools.evaluate_extraction", str(CORPUS)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr
    assert "OVERALL" in ok.stdout and "period_start" in ok.stdout
    # a corpus whose expectations the engine cannot meet fails the threshold
    (tmp_path / "001_x.txt").write_text(
        "Товарооборот России и Китая в 2024 году составил 5 млрд долларов.\n", encoding="utf-8"
    )
    (tmp_path / "001_x.json").write_text(
        json.dumps(
            {
                "lang": "ru",
                "published": "2025-01-01",
                "figures": [
                    {
                        "indicator": "trade.exports",
                        "measure": "level",
                        "value": 1,
                        "value_low": 1,
                        "value_high": 1,
                        "unit": "RUB",
                        "qualifier": "about",
                        "record": True,
                        "period_start": None,
                        "period_end": None,
                        "base_period_start": None,
                        "base_period_end": None,
                        "countries": [],
                        "entity": None,
                        "span": "5 млрд долларов",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    bad = subprocess.run(
        [sys.executable, "-m", "pipelines.tools.evaluate_extraction", str(tmp_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1 and "OVERALL" in bad.stdout
