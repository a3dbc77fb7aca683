"""Fingerprints of files and input folders: a schedule whose inputs have not changed has no work to do."""

from __future__ import annotations

import hashlib
from pathlib import Path


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
