"""Fingerprints of files, folders, frames and code: work whose inputs have not changed is not redone."""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.config import PROJECT_ROOT


def folder_entries(folder: str) -> Iterator[os.DirEntry]:
    """Everything under ``folder`` but folders (links too, whatever they point to; a linked folder is not
    entered), by ``os.scandir``: its entries know their type without a stat call (pathlib's ``rglob`` made two
    per file, a second of every run at 10,000 articles). A folder that cannot be listed raises ``OSError``."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from folder_entries(entry.path)
            else:
                yield entry


def folder_fingerprint(*folders: Path) -> str:
    """A hash of every entry's relative path, size and modification time under ``folders`` (files and links,
    a link by its own times: a dangling one counts too), in the order paths sort in. Names are hashed as bytes,
    so a name that is not valid UTF-8 (a user's file the articles step refuses by name) does not stop the
    fingerprint."""
    h = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            h.update(f"missing:{folder.name}".encode())
            continue
        root = len(os.fspath(folder)) + 1
        entries = []
        for entry in folder_entries(os.fspath(folder)):
            try:
                entries.append((entry.path[root:], entry.stat(follow_symlinks=False)))
            except OSError:  # gone since it was listed
                continue
        for rel, st in sorted(entries, key=lambda e: e[0].split(os.sep)):
            h.update(os.fsencode(rel) + f"\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
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


@cache
def code_fingerprint(*relative: str) -> str:
    """A hash of the project's files under the given paths (``*.py`` and ``*.sql``): the version of the
    code and SQL a step runs, so that changing them redoes the step. A path that does not exist raises
    (a renamed module must not silently drop out of a fingerprint)."""
    h = hashlib.sha256()
    for rel in relative:
        root = PROJECT_ROOT / rel
        if not root.exists():
            raise FileNotFoundError(f"code_fingerprint: {rel} does not exist under {PROJECT_ROOT}")
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in (".py", ".sql"))
        for path in files:
            h.update(f"{path.relative_to(PROJECT_ROOT)}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


# ----------------------------------------------------------------------------- code dependencies
# Every result that is skipped when its inputs are unchanged (a load, a validation, the marts, the
# report, a bulk file, the corpus cache) declares the code it depends on once, as a CodeDeps: the
# Python modules it runs, followed through every pipelines module they import (so the list cannot
# drift as imports change), and the SQL it runs.


def _module_file(module: str) -> Path | None:
    base = PROJECT_ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path) -> set[str]:
    """The ``pipelines.*`` modules a file imports (also inside functions: lazy imports run too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipelines")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipelines"):
            found.add(node.module)
            # ``from pipelines.x import y``: y may be a submodule
            found |= {f"{node.module}.{a.name}" for a in node.names if _module_file(f"{node.module}.{a.name}")}
    return found


@cache
def module_closure(*modules: str) -> tuple[str, ...]:
    """The files of ``modules`` and of every pipelines module they import, transitively, as paths relative
    to the project; a module that does not exist raises."""
    seen: dict[str, Path] = {}
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = _module_file(module)
        if path is None:
            if module in modules:
                raise FileNotFoundError(f"module_closure: no module {module} under {PROJECT_ROOT}")
            continue  # ``from pipelines.x import name``: a name, not a module
        seen[module] = path
        todo.extend(_imported_modules(path) - seen.keys())
    return tuple(sorted({p.relative_to(PROJECT_ROOT).as_posix() for p in seen.values()}))


@dataclass(frozen=True)
class CodeDeps:
    """The code a skippable result depends on: Python ``modules`` (with what they import) and ``sql`` files
    or folders. Its ``fingerprint()`` changes whenever any of that code changes."""

    modules: tuple[str, ...] = ()
    sql: tuple[str, ...] = ()

    def files(self) -> tuple[str, ...]:
        return (*module_closure(*self.modules), *self.sql)

    def fingerprint(self) -> str:
        return code_fingerprint(*self.files())
