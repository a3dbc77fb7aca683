"""The Dagster UI as a person meets it: webserver and daemon on 127.0.0.1, runs through GraphQL, a browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines.tools.services import free_port
from tests.helpers.corridor import PROJECT

pytestmark = pytest.mark.slow

REPO = {"repositoryLocationName": "corridor", "repositoryName": "__repository__"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _graphql(port: int, query: str, variables: dict | None = None) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.loads(resp.read())
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    """`dagster dev` (webserver + daemon) for this workspace on a free loopback port."""
    root = tmp_path_factory.mktemp("ui")
    home = root / "home"
    home.mkdir()
    shutil.copyfile(PROJECT / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CORRIDOR_WAREHOUSE": str(root / "w.duckdb"),
        "CORRIDOR_REPORTS": str(root / "reports"),
    }
    log = open(root / "dagster_dev.log", "w")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("dagster")),
            "dev",
            "-w",
            "workspace.yaml",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5):
                break
        except OSError:
            assert proc.poll() is None, (root / "dagster_dev.log").read_text()[-3000:]
            time.sleep(1)
    else:
        pytest.fail("the Dagster webserver did not answer within 180 s")
    yield {"port": port, "root": root, "warehouse": root / "w.duckdb"}
    os.killpg(proc.pid, 15)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
    log.close()


@pytest.fixture(scope="module")
def materialized(dagster_ui):
    """The main job launched through GraphQL, waited for to the end."""
    from dagster_graphql import DagsterGraphQLClient

    client = DagsterGraphQLClient("127.0.0.1", port_number=dagster_ui["port"])
    run_id = client.submit_job_execution(
        "corridor_main", repository_location_name="corridor", repository_name="__repository__"
    )
    deadline = time.monotonic() + 600
    status = None
    while time.monotonic() < deadline:
        status = client.get_run_status(run_id).value
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)
    assert status == "SUCCESS", f"run {run_id} ended {status}"
    return run_id


def test_assets_checks_schedules_and_sensors_are_listed_with_status(dagster_ui, materialized):
    port = dagster_ui["port"]
    nodes = _graphql(
        port,
        """{ assetNodes {
        assetKey { path }
        assetMaterializations(limit: 10) { runId }
        assetChecksOrError { ... on AssetChecks { checks { name blocking
            executionForLatestMaterialization { status } } } } } }""",
    )["assetNodes"]
    by_key = {"/".join(n["assetKey"]["path"]): n for n in nodes}
    for key in (
        "reference_data",
        "article_corpus",
        "article_claims",
        "warehouse_articles",
        "warehouse_official_press",
        "claim_checks",
    ):
        # the launched run materialized it; the daemon's own schedules may have run since (articles_hourly
        # fires at minute 15 of every hour: a test crossing it saw that run's materialization as the latest)
        assert materialized in {m["runId"] for m in by_key[key]["assetMaterializations"]}, key
    checks = {c["name"]: c for c in by_key["article_claims"]["assetChecksOrError"]["checks"]}
    assert checks["claims_table"]["blocking"] is True
    assert checks["claims_table"]["executionForLatestMaterialization"]["status"] == "SUCCEEDED"
    data = _graphql(
        port,
        """query($r: RepositorySelector!) {
        schedulesOrError(repositorySelector: $r) { ... on Schedules { results { name scheduleState { status } } } }
        sensorsOrError(repositorySelector: $r) { ... on Sensors { results { name sensorState { status } } } } }""",
        {"r": REPO},
    )
    schedules = {s["name"]: s["scheduleState"]["status"] for s in data["schedulesOrError"]["results"]}
    sensors = {s["name"]: s["sensorState"]["status"] for s in data["sensorsOrError"]["results"]}
    assert schedules == {"official_daily": "RUNNING", "articles_hourly": "RUNNING"}
    assert sensors == {"inbox_sensor": "RUNNING"}
    assert dagster_ui["warehouse"].exists()


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1600,4000",  # the catalog is a virtual list: rows below the window are not in the DOM
            "--virtual-time-budget=30000",
            "--hide-scrollbars",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium installed (CI installs Debian's chromium)"
)
def test_asset_pages_in_a_headless_browser(dagster_ui, materialized):
    port, root = dagster_ui["port"], dagster_ui["root"]
    # dagster.yaml turns off Dagster's first-visit "Join the Dagster community" prompt (nux): nothing to dismiss.
    assert _graphql(port, "{ shouldShowNux }")["shouldShowNux"] is False
    out = PROJECT / "reports" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    shots = {
        "catalog.png": f"http://127.0.0.1:{port}/assets",
        "warehouse_lineage.png": f"http://127.0.0.1:{port}/locations/corridor/asset-groups/warehouse",
    }
    for name, url in shots.items():
        (out / name).unlink(missing_ok=True)
        _chromium(f"--screenshot={out / name}", url, profile=root / f"profile-{name}")
        assert (out / name).stat().st_size > 20_000, name  # a rendered page, not a blank one
    catalog = _chromium("--dump-dom", shots["catalog.png"], profile=root / "profile-dom").stdout
    assert "Join the Dagster community" not in catalog
    for name in ("article_claims", "official_press", "warehouse_articles", "warehouse_official_press", "claim_checks"):
        assert name in catalog, f"{name} not in the asset catalog"
    assert "Never materialized" not in catalog  # the run launched through GraphQL shows on every asset
    lineage = _chromium("--dump-dom", shots["warehouse_lineage.png"], profile=root / "profile-dom2").stdout
    for name in ("warehouse_reference", "warehouse_articles", "warehouse_official_press", "claim_checks"):
        assert name in lineage, f"{name} not on the warehouse group's lineage page"
