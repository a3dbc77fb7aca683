"""Conformance: the parsers on real files no one here wrote (../shared/data/realformats/, 37 cases).

Each case of the folder's PROVENANCE.csv is held to its outcome and count in
``tests/data/samples/official/realformats_expected.csv``: the folder's expectation, except for the six cases it
lists as gaps of the parsers (C12 refused for the wrong reason; C30, C32, C33, C34, C37 refused), which
read now (the ``why`` column says what changed and how a count differs from the folder's). Skipped,
with the reason, where the folder is absent (a user's own clone).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pipelines.official import bulk
from pipelines.official.errors import OfficialFileError
from pipelines.official.parsers import PARSERS, sdmx
from pipelines.official.refdata import MAPPINGS_DIR
from pipelines.tools.national_tables import shared_dir

EXPECTED = Path(__file__).resolve().parents[2] / "data" / "samples" / "official" / "realformats_expected.csv"
_SHARED = shared_dir()
REALFORMATS = _SHARED / "data" / "realformats" if _SHARED else None
needs_folder = pytest.mark.skipif(
    REALFORMATS is None or not (REALFORMATS / "PROVENANCE.csv").exists(),
    reason="../shared/data/realformats/ is absent (real files are not shipped)",
)


def _cases() -> list[dict]:
    with EXPECTED.open(encoding="utf-8", newline="") as fh:
        expected = {r["case"]: r for r in csv.DictReader(fh)}
    if REALFORMATS is None or not (REALFORMATS / "PROVENANCE.csv").exists():
        return [pytest.param(None, id=c) for c in expected]
    with (REALFORMATS / "PROVENANCE.csv").open(encoding="utf-8", newline="") as fh:
        prov = list(csv.DictReader(fh))
    assert {p["case"] for p in prov} == set(expected), "every case of PROVENANCE.csv has an expectation"
    return [pytest.param({**p, **{f"x_{k}": v for k, v in expected[p["case"]].items()}}, id=p["case"]) for p in prov]


def _run(case: dict, tmp_path: Path) -> int:
    path = REALFORMATS / case["file"].removeprefix("shared/data/realformats/")
    params = json.loads(case["params"]) if case["params"] else {}
    if case["format"] == "comtrade_bulk_csv":
        return bulk.ingest(path, tmp_path / "w.duckdb", memory_limit=None).loaded
    if case["format"] == "spreadsheet":
        params["mapping"] = MAPPINGS_DIR / case["x_mapping"]
    return PARSERS[case["format"]](path, **params).height


@needs_folder
@pytest.mark.parametrize("case", _cases())
def test_realformats_case(case, tmp_path):
    if case["x_outcome"] == "parse":
        assert _run(case, tmp_path) == int(case["x_rows"]), case["x_why"] or case["contents"]
    else:
        with pytest.raises((OfficialFileError, ValueError)) as err:
            _run(case, tmp_path)
        assert re.search(case["x_reason"], str(err.value)), str(err.value)
        assert "\n" not in str(err.value)  # one line, not a traceback


@needs_folder
def test_oecd_sdmx_json_reads_like_sdmx1():
    """C12: a valid OECD SDMX-JSON 1.0 message (an attribute without values) decodes as sdmx1 decodes it."""
    import warnings

    import sdmx as sdmx1

    path = REALFORMATS / "sdmx_json" / "oecd_part2_sdmxjson1.json"
    ours = sdmx.read_rows(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sdmx1.to_pandas(sdmx1.read_sdmx(path).data[0])
    assert ours.height == len(theirs) == 7
    mine = sorted(round(float(v), 9) for v in ours["OBS_VALUE"])
    assert mine == sorted(round(float(v), 9) for v in theirs.to_numpy())
    assert ours.filter(ours["LOCATION"] == "HUN")["OBS_STATUS"].to_list().count("x") == 1
