"""Running Corridor the way a user does: `corridor run` in a subprocess with its own environment, and
in process with test resources (``test_defs``). Paths every test shares (the project, the seed article,
the test data folder) live here too. No fixtures here: those are in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TEST_DATA = PROJECT / "tests" / "data"
SAMPLES = TEST_DATA / "samples"
SEED = PROJECT / "data" / "articles" / "000_e0659a0f34bccf04.txt"


def run_corridor(args: list[str], env_extra: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    """`python -m pipelines.cli <args>` in the project, with ``env_extra`` over the test's environment."""
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_resources(paths) -> dict:
    """The resources of an in-process run on ``paths`` (a ``DataPaths``)."""
    import dagster as dg

    from pipelines.defs.resources import DataPathsResource, WarehouseResource

    return {
        "paths": DataPathsResource.of(paths),
        "warehouse": WarehouseResource(path=str(paths.warehouse)),
        "io_manager": dg.FilesystemIOManager(base_dir=str(paths.dagster_storage)),
    }


test_resources.__test__ = False  # a builder, not a test


def test_defs(paths):
    """The Definitions with every path (data, warehouse, reports, Dagster storage) taken from ``paths``
    (a ``DataPaths``), for ``dg.materialize`` and ``execute_in_process`` in a temporary folder."""
    from pipelines.defs.build import build_defs
    from pipelines.defs.resources import DataPathsResource, WarehouseResource

    return build_defs(
        {"paths": DataPathsResource.of(paths), "warehouse": WarehouseResource(path=str(paths.warehouse))},
        reference=paths.reference,
    )


test_defs.__test__ = False  # a builder, not a test
