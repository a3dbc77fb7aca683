"""`python -m pipelines.tools.bench` in its small mode prints parseable `name value unit` lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]


@pytest.mark.slow  # the benchmark in a subprocess (~10 s)
def test_bench_small_mode_prints_figures():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.tools.bench",
            "--rows",
            "20000",
            "--articles",
            "20",
            "--natasha-n",
            "0",
            "--skip-pipeline",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    figures = {}
    for line in proc.stdout.splitlines():
        if line.startswith("#"):
            continue
        name, value, unit = line.split(" ")
        figures[name] = (float(value), unit)
    for name in ("baseline_s", "corridor_s", "ratio", "baseline_peak_rss", "corridor_peak_rss", "extract_rate"):
        assert figures[name][0] > 0, name
    assert figures["ratio"][1] == "x" and figures["corridor_peak_rss"][1] == "MiB"
    assert figures["corridor_loaded"][0] + figures["corridor_quarantined"][0] == 20000


@pytest.mark.slow  # a bulk load of 20,000 rows and 20 article loads in a subprocess (~8 s)
def test_bench_growth_builds_and_times_a_warehouse_per_size(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.tools.bench",
            "--growth",
            "0,20000",
            "--skip-bulk",
            "--skip-extract",
            "--skip-pipeline",
            "--workdir",
            str(tmp_path),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    figures = {
        name: float(value)
        for name, value, _ in (line.split(" ") for line in proc.stdout.splitlines() if line[:1] != "#")
    }
    # one warehouse per size, each holding its rows (the planted faults refused), the loads timed in both
    assert figures["growth_commodity_rows_0"] == 0
    assert 0 < figures["growth_commodity_rows_20000"] < 20000
    assert figures["growth_article_load_0_s"] > 0 and figures["growth_article_load_20000_s"] > 0
    assert figures["growth_article_load_20000_vs_0_median"] > 0
    assert (tmp_path / "growth" / "growth_0" / "growth.duckdb").exists()
    assert (tmp_path / "growth" / "growth_20000" / "growth.duckdb").exists()
