"""Bounds and naming rules for official snapshot files, checked before a byte is hashed or parsed.

* size: a snapshot (not a bulk file) is read whole into memory, so it has a size limit, checked with
  ``stat`` first;
* archives (xlsx is a zip): the members' declared uncompressed sizes are summed from the zip's
  directory before anything is inflated; a "zip bomb" (2 MB that inflates to gigabytes) is refused by
  those numbers. Python's zipfile never inflates a member past its declared size (a member that lies
  fails its CRC), so the declared sizes bound the work;
* names: a file is read where it is, never through a link, and its name holds no glob characters
  (DuckDB and Polars expand ``*``, ``?``, ``[`` in paths: ``g*.csv`` would also read ``g1.csv``);
* params: a manifest's ``params`` entries must be options the format's parser takes.
"""

from __future__ import annotations

import inspect
import io
import re
import stat
import zipfile
from pathlib import Path

from pipelines.official.errors import OfficialFileError

MAX_SNAPSHOT_BYTES = 128 * 1024 * 1024  # read whole and parsed in memory (JSON, XML, xlsx)
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # openpyxl holds a workbook in memory many times its XML
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 200  # declared uncompressed / compressed size of one member
MAX_SIDE_FILE_BYTES = 1024 * 1024  # manifests and mappings
_GLOB = re.compile(r"[*?\[\]{}]")
# Arguments every parser is given by the loader: never from a manifest.
RESERVED_PARAMS = ("path", "ref", "raw", "mapping", "retrieved")


def check_name(path: Path, root: Path | None = None) -> None:
    """Refuse a link, a file outside ``root`` once resolved, or a name with glob characters."""
    path = Path(path)
    if path.is_symlink():
        raise OfficialFileError(
            path, "is a link (symlink): snapshot files are read where they are, not through links", check="file.link"
        )
    if root is not None and not path.resolve().is_relative_to(Path(root).resolve()):
        raise OfficialFileError(path, f"resolves outside {root}: not read", check="file.link")
    if _GLOB.search(path.name):
        raise OfficialFileError(path, "file name holds a glob character (* ? [ ] { }): rename it", check="file.name")


def check_size(path: Path, limit: int = MAX_SNAPSHOT_BYTES, what: str = "file") -> int:
    """The file's size, or OfficialFileError when it is over ``limit`` (checked before reading)."""
    st = Path(path).stat()
    if not stat.S_ISREG(st.st_mode):  # a named pipe or a device would block or never end
        raise OfficialFileError(
            path, f"{what} is not a regular file (a pipe, device or folder): not read", check="file.type"
        )
    size = st.st_size
    if size > limit:
        raise OfficialFileError(path, f"{what} of {size:,} bytes is over the {limit:,}-byte limit", check="file.size")
    return size


def check_archive(path: Path, raw: bytes) -> None:
    """For a zip (xlsx): refuse it by its declared member sizes before inflating anything."""
    if raw[:4] != b"PK\x03\x04":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise OfficialFileError(path, f"not a readable zip/xlsx ({type(exc).__name__}: {exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise OfficialFileError(path, f"zip with {len(infos):,} members (limit {MAX_ZIP_MEMBERS:,})", check="file.size")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise OfficialFileError(
            path,
            f"zip declares {total:,} bytes uncompressed, over the {MAX_UNZIPPED_BYTES:,}-byte limit (a zip bomb?)",
            check="file.size",
        )
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise OfficialFileError(
                path,
                f"zip member {i.filename} inflates {i.file_size // max(i.compress_size, 1):,}"
                f" times (limit {MAX_ZIP_RATIO}): a zip bomb?",
                check="file.size",
            )


def check_params(path: Path, fmt: str, parser, params: dict) -> None:
    """Refuse ``params`` entries the format's parser does not take (or that the loader sets itself)."""
    sig = inspect.signature(parser)
    known = sorted(
        n for n, p in sig.parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY and n not in RESERVED_PARAMS
    )
    unknown = sorted(str(k) for k in params if k not in known)
    if unknown:
        raise OfficialFileError(
            path,
            f"unknown params entr{'y' if len(unknown) == 1 else 'ies'} "
            f"{', '.join(map(repr, unknown))} for format {fmt} (it takes: "
            f"{', '.join(known) or 'none'})",
            check="manifest.params",
        )
