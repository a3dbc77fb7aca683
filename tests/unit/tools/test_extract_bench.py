"""The synthetic corpus generator and the benchmark command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipelines.extract import extract_figures
from pipelines.tools.synthetic_articles import generate

PROJECT = Path(__file__).resolve().parents[3]


def test_synthetic_is_deterministic_sized_and_bilingual():
    a, b = generate(20, seed=7), generate(20, seed=7)
    assert [x.text for x in a] == [x.text for x in b]
    assert [x.text for x in generate(20, seed=8)] != [x.text for x in a]
    assert {x.lang for x in a} == {"ru", "en"}
    assert all(3000 <= len(x.text.encode()) <= 5000 for x in a)
    assert all(x.name.startswith("synthetic_") for x in a)


def test_synthetic_articles_yield_figures_with_valid_offsets():
    for art in generate(10, seed=3):
        figs = extract_figures(art.text, art.lang, art.published)
        assert figs
        for f in figs:
            q0 = f["quote_start"]
            assert art.text[q0 : q0 + len(f["quote"])] == f["quote"]
            assert q0 <= f["start"] < f["end"] <= q0 + len(f["quote"])


def test_bench_command_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.tools.extract_bench", "--n", "40", "--no-natasha"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "articles/s" in proc.stdout and "peak RSS" in proc.stdout
