"""Bulk files under data/bulk/<provider>/ into ``trade_commodity`` (no Dagster).

Each file has a manifest beside it (``<file>.manifest.yaml``, format ``comtrade_bulk_csv``; write
one with ``pipelines.official.write_manifest``). Each file loads in its own transaction
(``bulk.load_bulk`` inside ``warehouse.writing()``), so a refused file holds back only itself. A
file whose fingerprint (manifest, size, modification time, the reference codes and the loader's
code) the warehouse already records is not read again. Files that cannot be loaded are reported by
name and reason and kept in ``quarantine`` (dataset ``bulk_file``) until they load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines import load, model, warehouse
from pipelines.fingerprint import CodeDeps, content_fingerprint
from pipelines.official.bulk import AGG_SUITE, BulkRefused, BulkResult, load_bulk, tune
from pipelines.official.errors import OfficialFileError
from pipelines.official.limits import check_name
from pipelines.official.manifest import BULK_FORMATS, MANIFEST_SUFFIX, Manifest, read_manifest
from pipelines.official.refdata import Reference, load_reference

FILE_DATASET = model.DATASET_BULK_FILE  # quarantine.dataset of refused bulk files
BULK_CODE = CodeDeps(modules=("pipelines.official.bulk_files",), sql=("sql/internal/bulk", *load.LOAD_CODE.sql))
REFUSED_TARGET = "trade_commodity:refused_files"


@dataclass
class BulkFileOutcome:
    name: str  # bulk/<provider>/<file>
    status: str  # loaded | unchanged | refused (the table-level suite failed) | unusable (bad file or manifest)
    check: str | None = None
    reason: str | None = None
    result: BulkResult | None = None


def list_bulk_files(root: Path) -> tuple[list[Manifest], list[BulkFileOutcome]]:
    """The manifests of bulk files under ``root``/<provider>/, and the files that cannot be loaded."""
    root = Path(root)
    manifests, unusable, claimed = [], [], set()
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    for folder in folders:
        for mpath in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
            name = f"bulk/{folder.name}/{mpath.name}"
            claimed.add(mpath.name[: -len(MANIFEST_SUFFIX)])
            try:
                man = read_manifest(mpath)
            except OfficialFileError as exc:
                unusable.append(BulkFileOutcome(name, "unusable", exc.check, exc.reason))
                continue
            claimed.add(man.file)
            if man.format not in BULK_FORMATS:
                unusable.append(
                    BulkFileOutcome(
                        name,
                        "unusable",
                        "manifest.format",
                        f"format {man.format} is not a bulk format ({', '.join(BULK_FORMATS)})"
                        "; other snapshots belong under data/official/",
                    )
                )
            elif man.provider != folder.name:
                unusable.append(
                    BulkFileOutcome(
                        name,
                        "unusable",
                        "manifest.provider",
                        f"provider {man.provider!r} is not its folder's name {folder.name!r}",
                    )
                )
            elif not man.data_path.is_file():
                unusable.append(
                    BulkFileOutcome(name, "unusable", "manifest.file", f"the file it names, {man.file}, is not there")
                )
            elif (bad := _bad_name(man.data_path, folder)) is not None:
                unusable.append(BulkFileOutcome(f"bulk/{folder.name}/{man.file}", "unusable", bad.check, bad.reason))
            else:
                manifests.append(man)
        for path in sorted(folder.iterdir()):
            if (
                path.is_file()
                and not path.name.endswith(MANIFEST_SUFFIX)
                and path.name not in claimed
                and not path.name.startswith(".")
                and path.suffix not in (".md", ".txt")
            ):
                unusable.append(
                    BulkFileOutcome(
                        f"bulk/{folder.name}/{path.name}",
                        "unusable",
                        "manifest.missing",
                        f"no {path.name}{MANIFEST_SUFFIX} beside it",
                    )
                )
    return manifests, unusable


def _bad_name(path: Path, folder: Path) -> OfficialFileError | None:
    """A link, a file outside its folder, or a name DuckDB would read as a glob (``g*.csv``): refused."""
    try:
        check_name(path, folder)
    except OfficialFileError as exc:
        return exc
    return None


def file_fingerprint(man: Manifest, ref: Reference) -> str:
    """What loading this file depends on; a file whose bytes change gets a new size or time."""
    st = man.data_path.stat()
    fields = {k: str(v) for k, v in vars(man).items() if k != "path"}
    return content_fingerprint(BULK_CODE.fingerprint(), fields, st.st_size, st.st_mtime_ns, ref.m49_frame())


def _name(man: Manifest) -> str:
    return f"bulk/{man.provider}/{man.file}"


def _quarantine(outcomes: list[BulkFileOutcome]) -> pl.DataFrame:
    rows = [model.quarantine_row(FILE_DATASET, o.name, o.check, o.reason) for o in outcomes]
    return (
        model.conform(pl.DataFrame(rows, schema=list(model.QUARANTINE)), model.QUARANTINE)
        if rows
        else model.empty(model.QUARANTINE)
    )


def ingest_bulk_folder(
    root: Path,
    warehouse_path: Path,
    *,
    run_id: str | None = None,
    memory_limit: str | None = "1GB",
    log: Callable[[str], None] = print,
    reference: Path | None = None,
) -> list[BulkFileOutcome]:
    """Load every new or changed bulk file under ``root`` (codes resolved with the reference data of the
    folder ``reference``, default the project's); never raises for a bad file."""
    manifests, outcomes = list_bulk_files(root)
    ref = load_reference(reference)
    for man in manifests:
        name = _name(man)
        fingerprint = file_fingerprint(man, ref)

        def write(con, man=man, name=name):
            tune(con, memory_limit)
            return load_bulk(
                con,
                man.data_path,
                provider=man.provider,
                dataset=man.dataset,
                release=man.release,
                published=man.published,
                retrieved=man.retrieved,
                input_name=name,
                title=man.title,
                url=man.url,
                publisher=man.publisher,
                ref=ref,
                expected_sha256=man.sha256,
            )

        try:
            written, result = load.write_unless_unchanged(
                warehouse_path, f"trade_commodity:{name}", fingerprint, write, run_id
            )
        except BulkRefused as exc:
            outcomes.append(BulkFileOutcome(name, "refused", AGG_SUITE, str(exc)))
        except (OfficialFileError, duckdb.Error, ValueError, OSError) as exc:
            outcomes.append(
                BulkFileOutcome(
                    name,
                    "unusable",
                    getattr(exc, "check", "parse"),
                    getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}",
                )
            )
        else:
            outcomes.append(BulkFileOutcome(name, "loaded" if written else "unchanged", result=result))
    for o in outcomes:
        if o.status in ("refused", "unusable"):
            log(f"bulk file refused: {o.name}: {o.reason}")
    # The refused files' quarantine rows, replaced whole when they change (a fixed file's row goes).
    refused = _quarantine([o for o in outcomes if o.status in ("refused", "unusable")])

    def replace_refusals(con):
        warehouse.delete_matching(con, "quarantine", pl.DataFrame({"dataset": [FILE_DATASET]}))
        return warehouse.insert(con, "quarantine", refused)

    if refused.height or Path(warehouse_path).exists():
        load.write_unless_unchanged(
            warehouse_path,
            REFUSED_TARGET,
            content_fingerprint(BULK_CODE.fingerprint(), refused),
            replace_refusals,
            run_id,
        )
    return sorted(outcomes, key=lambda o: o.name)
