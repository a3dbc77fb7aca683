"""Great Expectations Data Docs opened from disk in headless Chromium with the network off: the index lists
every suite and every validation, runs and data assets are named, and no page fetches anything."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipelines.quality import build_data_docs, validate_claims, validate_observations, validate_reference
from pipelines.quality.engine import named_validations
from pipelines.quality.suites import SUITES
from tests.helpers.builders import (
    DATASET_KEY,
    claims_frame,
    clean_claims,
    clean_observations,
    observations_frame,
    releases_frame,
    small_reference,
    texts_frame,
    valid_claim,
)
from tests.helpers.corridor import PROJECT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Anything a page would load from a network: stylesheets, scripts, images, CSS url(...).
REMOTE_LOAD = re.compile(
    r"<(?:link|script|img)\b[^>]*\b(?:href|src)=[\"'](?:https?:)?//|url\(\s*['\"]?(?:https?:)?//", re.I
)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict:
    """Two builds into one folder, as the checks of one run write it: a failing claims validation and the
    observations of one provider, then the observations of another provider (the suite's newer result) and
    reference. Observations are named as a Dagster run names them."""
    folder = tmp_path_factory.mktemp("data_docs")
    ref = small_reference()
    rows = clean_claims()
    rows[2] = valid_claim(2, value_low=9e9)
    claims = validate_claims(claims_frame(rows), ref, texts_frame())

    def observations(asset: str):
        with named_validations("dagster-test0001", asset):
            return validate_observations(
                observations_frame(clean_observations()), ref, releases_frame(), {DATASET_KEY: 6}
            )

    obs_first = observations("official_stat_kg")
    build_data_docs([claims, obs_first], folder)
    obs = observations("official_press")
    reference = validate_reference(ref)
    index = build_data_docs([obs, reference], folder)
    return {"folder": folder, "index": index, "results": [claims, obs, reference, obs_first]}


def _page(folder: Path, result) -> Path:
    *parts, name = result.gx_key.to_tuple()
    return folder.joinpath("validations", *parts, f"{name}.html")


def test_runs_and_data_assets_are_named(docs):
    claims, obs, reference, obs_first = docs["results"]
    # The first provider's page stays when the suite's newer result replaces it in GX's store.
    assert "official_stat_kg" in _page(docs["folder"], obs_first).read_text(encoding="utf-8")
    assert obs.gx_key.run_id.run_name == "dagster-test0001"
    assert claims.gx_key.run_id.run_name == reference.gx_key.run_id.run_name == "corridor"
    for result, asset in ((claims, "claim"), (obs, "official_press"), (reference, "reference")):
        page = _page(docs["folder"], result).read_text(encoding="utf-8")
        assert re.search(rf"Data asset:\s*{asset}\b", page), f"{result.suite}: data asset not {asset}"
        assert "__none__" not in page
    # What the index shows of the claims validation survives the later build that was not given it.
    summary = json.loads(_page(docs["folder"], claims).with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["run_name"] == "corridor" and summary["data_asset"] == "claim"
    assert (summary["success"], summary["rows"], summary["quarantined_rows"]) == (False, 6, 1)


def test_no_page_loads_anything_from_the_network(docs):
    pages = list(docs["folder"].rglob("*.html"))
    assert len(pages) >= 1 + len(SUITES) + 3
    for page in pages:
        found = REMOTE_LOAD.search(page.read_text(encoding="utf-8"))
        assert found is None, f"{page.relative_to(docs['folder'])} loads {found.group(0)!r}"


def _chromium(*args: str, profile: Path) -> str:
    # Network off: every host resolves to nothing and every request goes to a closed proxy port.
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            "--window-size=1400,1000",
            "--hide-scrollbars",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout


@pytest.mark.slow  # starts headless Chromium
@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium installed (CI installs Debian's chromium)"
)
def test_index_lists_every_suite_and_validation_in_chromium_offline(docs, tmp_path):
    folder, index = docs["folder"], docs["index"]
    dom = _chromium("--dump-dom", index.as_uri(), profile=tmp_path / "p1")
    for suite in SUITES:
        assert f'href="expectations/{suite}.html"' in dom, f"suite {suite} not listed"
    # Every validation page in the folder (these three, and those of other results of this process's GX store)
    validation_pages = sorted((folder / "validations").rglob("*.html"))
    assert set(validation_pages) >= {_page(folder, r) for r in docs["results"]}
    for page in validation_pages:
        assert f'href="{page.relative_to(folder).as_posix()}"' in dom, f"{page} not listed"
    assert "dagster-test0001" in dom and "official_press" in dom and "official_stat_kg" in dom
    assert "failed" in dom and "passed" in dom  # the claims validation failed, the others passed
    out = PROJECT / "reports" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    claims_page = _page(folder, docs["results"][0])
    page_dom = _chromium("--dump-dom", claims_page.as_uri(), profile=tmp_path / "p2")
    assert "claim_value_low_le_value" in page_dom and "Data asset:" in page_dom
    for name, url in (("data_docs_index.png", index.as_uri()), ("data_docs_validation.png", claims_page.as_uri())):
        (out / name).unlink(missing_ok=True)
        _chromium(f"--screenshot={out / name}", url, profile=tmp_path / f"p-{name}")
        assert (out / name).stat().st_size > 20_000, name  # a rendered page, not a blank one
