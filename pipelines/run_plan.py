"""Which parts of the pipeline a run has to do: the parts whose inputs changed since the last clean run.

The main job has two halves fed by different folders: the official half (snapshots, bulk files,
reference data → loads) and the articles half (articles, inbox, reference data → claims). Each half has
a fingerprint of what it reads: its folders (path, size and modification time of every file), the code
and SQL it runs, the versions of the libraries that do the work and, for the official half, the UTC
date (the snapshots' freshness checks depend on it). A run records its halves' fingerprints when it
starts and, when it ends cleanly (succeeded, every check passed), what it left: the warehouse file's
version (size, time, inode: every write changes it) and the report's fingerprint.

A half is fresh when the last clean run had the same fingerprint for it and the outputs are still the
ones that run left; nothing else is trusted (a failed run, a failed check, a warehouse written since by
anything else, a deleted report: every half is stale). The loads' own fingerprints (``load_state``)
still decide, inside a run, what is written; this only spares a run the steps with nothing new.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

from pipelines import integrity
from pipelines.checking.report import MARKER as REPORT_MARKER
from pipelines.config import DataPaths
from pipelines.fingerprint import code_fingerprint, folder_fingerprint

OFFICIAL, ARTICLES = "official", "articles"
PARTS = (OFFICIAL, ARTICLES)
# The folders each half reads (DataPaths attributes); reference data feeds both (gazetteers, units, providers).
PART_FOLDERS = {OFFICIAL: ("official", "bulk", "reference"), ARTICLES: ("articles", "inbox", "reference")}
# The libraries whose version can change a result.
WORKING_LIBRARIES = ("dagster", "duckdb", "polars", "great_expectations")


def folders_fingerprint(paths: DataPaths, part: str, folder_prints: dict[str, str] | None = None) -> str:
    """The fingerprint of one half's input folders alone (what the schedules compare); ``folder_prints``:
    fingerprints of single folders already taken (reference data feeds both halves: listed once)."""
    prints = folder_prints if folder_prints is not None else {}
    for name in PART_FOLDERS[part]:
        if name not in prints:
            prints[name] = folder_fingerprint(getattr(paths, name))
    return hashlib.sha256("\0".join(prints[name] for name in PART_FOLDERS[part]).encode()).hexdigest()[:20]


def part_fingerprints(paths: DataPaths, today: str | None = None) -> dict[str, str]:
    """Each half's fingerprint: its folders, the project's code and SQL, the libraries' versions and, for
    the official half, the UTC date. A folder that cannot be listed gives each half a fingerprint no run has
    (every half runs, and its steps say what is wrong with the inputs)."""
    try:
        return _fingerprints(paths, today)
    except OSError as exc:
        return {p: f"unlisted:{uuid.uuid4().hex[:12]}:{type(exc).__name__}" for p in PARTS}


def _fingerprints(paths: DataPaths, today: str | None) -> dict[str, str]:
    code = code_fingerprint("pipelines", "sql")
    libraries = ",".join(f"{name}={metadata.version(name.replace('_', '-'))}" for name in WORKING_LIBRARIES)
    day = today or datetime.now(UTC).date().isoformat()
    out, folder_prints = {}, {}
    for part in PARTS:
        extra = day if part == OFFICIAL else ""
        text = f"{part}\0{folders_fingerprint(paths, part, folder_prints)}\0{code}\0{libraries}\0{extra}"
        out[part] = hashlib.sha256(text.encode()).hexdigest()[:20]
    return out


def outputs_key(paths: DataPaths) -> str:
    """What a run left: the version of the warehouse file (``integrity.file_version``) and of the report's
    marker."""
    versions = [
        integrity.file_version(p) or (str(p), "missing") for p in (paths.warehouse, paths.reports / REPORT_MARKER)
    ]
    return hashlib.sha256(repr(versions).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class LastRun:
    """The last run `corridor run` launched: its id, whether it ended cleanly, the halves' fingerprints it
    started from and the outputs it left (None unless it ended cleanly)."""

    run_id: str
    clean: bool
    fingerprints: dict[str, str]
    outputs: str | None


def stale_parts(now: dict[str, str], outputs_now: str, last: LastRun | None) -> tuple[str, ...]:
    """The halves to run: all of them unless the last run ended cleanly and left the outputs as they are;
    then those whose fingerprint changed since."""
    if last is None or not last.clean or last.outputs != outputs_now:
        return PARTS
    return tuple(p for p in PARTS if last.fingerprints.get(p) != now[p])
