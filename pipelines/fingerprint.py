"""Fingerprints of files, folders, frames and code: work whose inputs have not changed is not redone."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipelines.config import PROJECT_ROOT


def folder_fingerprint(*folders: Path) -> str:
    """A hash of every file's relative path, size and modification time under ``folders``."""
    h = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            h.update(f"missing:{folder.name}".encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            st = path.stat()
            h.update(f"{path.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:20]


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks (bulk files do not fit in memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(8 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ----------------------------------------------------------------------------- content fingerprints
# What a step read, as one hash: a step whose fingerprint equals the one recorded for the work it
# did last (a load in the warehouse's load_state, a validation in its Dagster check result) has
# nothing new to do. Polars' row hash is stable within one Polars version, so the version is part
# of every fingerprint (an upgrade redoes the work once).

def _frame_digest(df: pl.DataFrame) -> bytes:
    h = hashlib.sha256(f"{df.height}\0{list(df.schema.items())}".encode())
    if df.height and df.width:
        for seed in (0, 1):  # two 64-bit row hashes: 128 bits against collisions
            h.update(df.hash_rows(seed=seed).sort().to_numpy().tobytes())
    return h.digest()


def _feed(h, part) -> None:
    if isinstance(part, pl.DataFrame):
        h.update(b"F" + _frame_digest(part))
    elif isinstance(part, dict):
        for key in sorted(part, key=str):
            h.update(f"K{key}\0".encode())
            _feed(h, part[key])
    elif isinstance(part, (list, tuple)):
        h.update(f"L{len(part)}\0".encode())
        for item in part:
            _feed(h, item)
    else:
        h.update(f"V{json.dumps(part, sort_keys=True, default=str)}\0".encode())


def content_fingerprint(*parts) -> str:
    """One hash of frames (order of rows ignored), dicts, lists and plain values."""
    h = hashlib.sha256(f"polars {pl.__version__}\0".encode())
    for part in parts:
        _feed(h, part)
    return h.hexdigest()


@lru_cache(maxsize=None)
def code_fingerprint(*relative: str) -> str:
    """A hash of the project's files under the given paths (``*.py`` and ``*.sql``): the version of the
    code and SQL a step runs, so that changing them redoes the step."""
    h = hashlib.sha256()
    for rel in relative:
        root = PROJECT_ROOT / rel
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in (".py", ".sql"))
        for path in files:
            h.update(f"{path.relative_to(PROJECT_ROOT)}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()
