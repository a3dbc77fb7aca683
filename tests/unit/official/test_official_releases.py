"""Releases through the warehouse: an unchanged snapshot adds nothing, a revised one adds a release
that `observation_latest` shows while `observation_as_of` an earlier date still shows the old one."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse as wh
from pipelines.load import Staged, load_staged
from pipelines.official import load_provider
from pipelines.official.manifest import write_manifest
from tests.helpers.corridor import SAMPLES

S = SAMPLES / "official"
NAME = "sample_comtrade_kgz_2023.json"  # synthetic, shaped like the Comtrade API's JSON


def _snapshot(root: Path, name: str, payload: bytes, published: str) -> None:
    folder = root / "comtrade"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(payload)
    write_manifest(
        folder / name,
        provider="comtrade",
        dataset="kgz_trade_2023",
        title=f"SYNTHETIC {name}",
        publisher="Synthetic publisher",
        fmt="comtrade_json",
        url="https://example.org/comtrade",
        licence="test only",
        published=published,
        retrieved=published,
        language="en",
    )


def _load(root: Path, path: Path) -> None:
    batch = load_provider(root, "comtrade")
    assert batch.refused.height == 0, batch.refused.to_dicts()
    with wh.writing(path) as con:
        wh.apply_schema(con)
        load_staged(
            con, Staged(tables={"source": batch.sources, "release": batch.releases, "observation": batch.observations})
        )


def _q(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture()
def first(tmp_path):
    root, path = tmp_path / "official", tmp_path / "w.duckdb"
    _snapshot(root, NAME, (S / NAME).read_bytes(), "2024-06-01")
    _load(root, path)
    return root, path


def test_an_unchanged_snapshot_adds_no_release_and_no_rows(first):
    root, path = first
    con = duckdb.connect(str(path), read_only=True)
    before = wh.content_hashes(con)
    con.close()
    _load(root, path)
    con = duckdb.connect(str(path), read_only=True)
    assert wh.content_hashes(con) == before
    con.close()
    assert _q(path, "SELECT count(*) FROM release") == [(1,)]


def test_a_revised_release_is_added_beside_the_old_one(first):
    root, path = first
    old = dict(_q(path, "SELECT flow, value FROM observation WHERE reporter = 'KGZ' AND partner = 'RUS'"))
    n_old = _q(path, "SELECT count(*) FROM observation")[0][0]
    doc = json.loads((S / NAME).read_text(encoding="utf-8"))
    for rec in doc["data"]:
        if rec.get("primaryValue") is not None:
            rec["primaryValue"] = round(float(rec["primaryValue"]) * 1.1, 2)  # the revision
    _snapshot(root, "revised_" + NAME, json.dumps(doc).encode(), "2025-06-01")
    _load(root, path)
    assert _q(path, "SELECT count(*) FROM release") == [(2,)]
    assert _q(path, "SELECT count(*) FROM observation")[0][0] == 2 * n_old  # the old rows are kept
    latest = dict(_q(path, "SELECT flow, value FROM observation_latest WHERE reporter = 'KGZ' AND partner = 'RUS'"))
    said = dict(
        _q(
            path,
            "SELECT flow, value FROM observation_as_of(DATE '2025-01-01') WHERE reporter = 'KGZ' AND partner = 'RUS'",
        )
    )
    assert old and said == old
    assert latest == {flow: pytest.approx(v * 1.1, abs=0.01) for flow, v in old.items()}
