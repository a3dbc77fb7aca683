"""The asset graph as a committed snapshot: every asset key, group, dependency and check, every job's
selection, every schedule and sensor. A change to the graph shows up in review as a diff of
``graph_snapshot.json``.

Regenerate after an intended change (then read the diff before committing):

    CORRIDOR_UPDATE_SNAPSHOT=1 uv run --frozen pytest tests/unit/defs/test_graph_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipelines.definitions import defs

SNAPSHOT = Path(__file__).with_name("graph_snapshot.json")


def graph_snapshot(definitions) -> dict:
    graph = definitions.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "checks": sorted(k.name for k in node.check_keys),
            "kinds": sorted(node.kinds),
        }
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    jobs = {}
    for job in sorted(definitions.resolve_all_job_defs(), key=lambda j: j.name):
        if job.name.startswith("__"):
            continue
        jobs[job.name] = sorted(k.to_user_string() for k in job.asset_layer.selected_asset_keys)
    schedules = {
        s.name: {"cron": s.cron_schedule, "job": s.job_name}
        for s in sorted(definitions.schedules, key=lambda s: s.name)
    }
    sensors = {s.name: {"job": s.job_name} for s in sorted(definitions.sensors, key=lambda s: s.name)}
    return {"assets": assets, "checks": checks, "jobs": jobs, "schedules": schedules, "sensors": sensors}


def test_graph_matches_snapshot():
    current = graph_snapshot(defs)
    if os.environ.get("CORRIDOR_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == expected, (
        "the asset graph differs from tests/unit/defs/graph_snapshot.json; if intended, "
        "regenerate it (see this module's docstring) and review the diff"
    )
