"""Snapshot manifests and the stable hash that ties a manifest to its bytes.

Every official file under ``data/official/<provider>/`` sits beside ``<file>.manifest.yaml``::

    provider: comtrade                 # = the folder name
    dataset: KGZ-trade-by-partner-A    # provider's dataset / table id
    title: ...
    publisher: United Nations Statistics Division
    format: comtrade_json              # see FORMATS
    file: kgz_2023.json                # beside the manifest
    url: https://...                   # or a list of URLs (manual_csv: every row's URL)
    licence: ...
    published: 2025-06-01              # date the provider published it (null if unknown)
    retrieved: 2025-06-03              # date we downloaded it
    release: null                      # provider's own release/vintage id, optional
    sha256: <stable_sha256 of the file>
    mapping: table.mapping.yaml        # spreadsheets only: the mapping file beside it
    language: en                       # optional, ISO 639-1
    params: {}                         # optional parser options (e.g. cmd_code, indicators)

``sha256`` is ``stable_sha256(format, bytes)``: the hash of the bytes with volatile parts
(response timestamps, request ids, elapsed times, zip member dates) taken out, so that a
re-download of unchanged data hashes the same and is not a new release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines import safe_yaml
from pipelines.fingerprint import file_sha256
from pipelines.official.errors import ManifestError
from pipelines.official.limits import MAX_SIDE_FILE_BYTES, check_archive, check_name, check_size

FORMATS = (
    "comtrade_json",
    "comtrade_csv",
    "sdmx_json",
    "sdmx_ml",
    "sdmx_csv",
    "worldbank_json",
    "spreadsheet",
    "manual_csv",
    "comtrade_bulk_csv",
)
# Files of these formats can be gigabytes: hashed as they are (nothing volatile in them), in blocks,
# and loaded from data/bulk/ by pipelines.official.bulk, never read whole into memory.
BULK_FORMATS = ("comtrade_bulk_csv",)
MANIFEST_SUFFIX = ".manifest.yaml"
REQUIRED = ("provider", "dataset", "title", "publisher", "format", "file", "url", "licence", "retrieved", "sha256")

# Keys that differ between two downloads of the same data (any nesting level for these formats).
_VOLATILE_KEYS = {
    "comtrade_json": {"elapsedTime", "requestId", "request_id", "traceId", "timestamp"},
    "worldbank_json": {"requestId", "request_id", "traceId", "elapsedTime", "timestamp", "generated"},
}
# SDMX-JSON header (1.0: "header", 2.0: "meta") fields that are per-response.
_SDMX_JSON_HEADER_KEYS = {"id", "prepared", "requestId", "request_id"}
# SDMX-ML header elements that are per-response (message id, preparation/extraction time).
_SDMX_ML_VOLATILE = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?(?:ID|Prepared|Extracted))(\s[^>]*)?>[^<]*</\1\s*>", re.S)
# xlsx members that carry save dates and application versions, not data.
_ZIP_VOLATILE = {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"}


def _canonical_json(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _drop_keys(obj, keys: set[str]):
    if isinstance(obj, dict):
        return {k: _drop_keys(v, keys) for k, v in obj.items() if k not in keys}
    if isinstance(obj, list):
        return [_drop_keys(v, keys) for v in obj]
    return obj


def stable_bytes(fmt: str, raw: bytes) -> bytes:
    """``raw`` without its volatile parts (what ``stable_sha256`` hashes)."""
    if fmt in ("comtrade_json", "worldbank_json", "sdmx_json"):
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return raw  # unreadable: the parser will refuse it; hash what is there
        if fmt == "sdmx_json":
            if isinstance(obj, dict):
                for hk in ("header", "meta"):
                    if isinstance(obj.get(hk), dict):
                        obj[hk] = {k: v for k, v in obj[hk].items() if k not in _SDMX_JSON_HEADER_KEYS}
        elif isinstance(obj, dict):
            # Comtrade: volatile keys live in the envelope, never inside data records.
            obj = {k: v for k, v in obj.items() if k not in _VOLATILE_KEYS[fmt]}
        elif isinstance(obj, list) and obj and isinstance(obj[0], dict):
            # World Bank: [meta, rows]; only the meta object may carry request ids.
            obj = [{k: v for k, v in obj[0].items() if k not in _VOLATILE_KEYS[fmt]}, *obj[1:]]
        return _canonical_json(obj)
    if fmt == "sdmx_ml":
        head, sep, body = raw.partition(b"Header>")  # strip only inside the header
        end = body.find(b"Header>")
        if sep and end >= 0:
            return head + sep + _SDMX_ML_VOLATILE.sub(rb"<\1/>", body[:end]) + body[end:]
        return raw
    if fmt == "spreadsheet" and raw[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                out = hashlib.sha256()
                for name in sorted(zf.namelist()):
                    if name in _ZIP_VOLATILE:
                        continue
                    data = zf.read(name)
                    out.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
                return b"zip-members:" + out.hexdigest().encode()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            return raw  # a damaged archive: hash its bytes; the parser refuses it
    return raw


def stable_sha256(fmt: str, raw: bytes) -> str:
    """sha256 of ``raw`` with volatile bytes stripped (see the module docstring)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return hashlib.sha256(stable_bytes(fmt, raw)).hexdigest()


def _date(value, what: str, path: Path) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T][0-9:.+\-Z ]*", text):  # a timestamp: its date
        text = text[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ManifestError(path, f"{what} is not a date (YYYY-MM-DD): {value!r}") from None


@dataclass(frozen=True)
class Manifest:
    path: Path  # of the manifest
    provider: str
    dataset: str
    title: str
    publisher: str
    format: str
    file: str
    urls: tuple[str, ...]
    licence: str
    published: dt.date | None
    retrieved: dt.date
    sha256: str
    release: str | None = None
    mapping: str | None = None
    language: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def data_path(self) -> Path:
        return self.path.parent / self.file

    @property
    def mapping_path(self) -> Path | None:
        return self.path.parent / self.mapping if self.mapping else None

    @property
    def url(self) -> str | None:
        return self.urls[0] if self.urls else None


def read_manifest(path: Path) -> Manifest:
    """Parse and check one manifest; ManifestError names the manifest and what is wrong."""
    path = Path(path)
    try:
        if path.is_symlink():
            raise ManifestError(path, "manifest is a link (symlink): not read", check="file.link")
        check_size(path, MAX_SIDE_FILE_BYTES, "manifest")  # a regular file, within the limit
        doc = safe_yaml.load(path.read_text(encoding="utf-8"))  # no aliases (a YAML bomb); dates stay text
    except (OSError, UnicodeDecodeError, safe_yaml.YAMLRefused) as exc:
        raise ManifestError(path, f"manifest is not readable YAML ({exc})") from exc
    if not isinstance(doc, dict):
        raise ManifestError(path, "manifest is not a YAML mapping")
    missing = [k for k in REQUIRED if doc.get(k) in (None, "", [])]
    if missing:
        raise ManifestError(path, f"manifest lacks {', '.join(missing)}")
    if doc["format"] not in FORMATS:
        raise ManifestError(path, f"unknown format {doc['format']!r} (known: {', '.join(FORMATS)})")
    if doc["format"] == "spreadsheet" and not doc.get("mapping"):
        raise ManifestError(path, "a spreadsheet manifest needs a mapping file")
    if doc.get("published") in (None, "") and doc["format"] != "manual_csv":
        raise ManifestError(path, "manifest lacks published (only manual_csv takes dates per row)")
    sha = str(doc["sha256"]).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise ManifestError(path, f"sha256 is not 64 hex digits: {doc['sha256']!r}")
    for key in ("file", "mapping"):  # a manifest names files beside itself, never elsewhere
        name = doc.get(key)
        if name and (Path(str(name)).name != str(name) or str(name) in (".", "..")):
            raise ManifestError(
                path, f"{key} {name!r} is not a plain file name beside the manifest", check="manifest.path"
            )
    urls = doc["url"] if isinstance(doc["url"], list) else [doc["url"]]
    params = doc.get("params") or {}
    if not isinstance(params, dict):
        raise ManifestError(path, "params must be a mapping")
    return Manifest(
        path=path,
        provider=str(doc["provider"]),
        dataset=str(doc["dataset"]),
        title=str(doc["title"]),
        publisher=str(doc["publisher"]),
        format=doc["format"],
        file=str(doc["file"]),
        urls=tuple(str(u) for u in urls),
        licence=str(doc["licence"]),
        published=_date(doc.get("published"), "published", path),
        retrieved=_date(doc["retrieved"], "retrieved", path),
        sha256=sha,
        release=None if doc.get("release") in (None, "") else str(doc["release"]),
        mapping=doc.get("mapping") or None,
        language=doc.get("language") or None,
        params=params,
    )


def check_sha(manifest: Manifest) -> bytes:
    """The file's bytes if their stable hash is the manifest's; else ManifestError naming both hashes."""
    data_path = manifest.data_path
    try:
        check_name(data_path, manifest.path.parent)  # no links, no glob characters
        check_size(data_path)  # before a byte is read
        raw = data_path.read_bytes()
    except OSError as exc:
        raise ManifestError(
            data_path, f"file named by {manifest.path.name} is not readable ({exc})", check="manifest.file"
        ) from exc
    check_archive(data_path, raw)  # an xlsx zip bomb is refused by its declared sizes, before hashing
    got = stable_sha256(manifest.format, raw)
    if got != manifest.sha256:
        raise ManifestError(
            data_path,
            f"sha256 mismatch: manifest {manifest.path.name} says {manifest.sha256}, file hashes to {got}",
            check="manifest.sha256",
        )
    return raw


def manifest_dict(
    *,
    provider: str,
    dataset: str,
    title: str,
    publisher: str,
    fmt: str,
    file: str,
    url,
    licence: str,
    published: dt.date | str | None,
    retrieved: dt.date | str,
    sha256: str,
    release: str | None = None,
    mapping: str | None = None,
    language: str | None = None,
    params: dict | None = None,
) -> dict:
    doc = {
        "provider": provider,
        "dataset": dataset,
        "title": title,
        "publisher": publisher,
        "format": fmt,
        "file": file,
        "url": url,
        "licence": licence,
        "published": str(published) if published else None,
        "retrieved": str(retrieved),
        "release": release,
        "sha256": sha256,
    }
    if mapping:
        doc["mapping"] = mapping
    if language:
        doc["language"] = language
    if params:
        doc["params"] = params
    return doc


def write_manifest(data_path: Path, **fields) -> Path:
    """Write ``<file>.manifest.yaml`` beside ``data_path``, hashing the file as it is now."""
    data_path = Path(data_path)
    fields.setdefault("file", data_path.name)
    fields["sha256"] = (
        file_sha256(data_path)
        if fields["fmt"] in BULK_FORMATS
        else stable_sha256(fields["fmt"], data_path.read_bytes())
    )
    out = data_path.with_name(data_path.name + MANIFEST_SUFFIX)
    out.write_text(yaml.safe_dump(manifest_dict(**fields), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out
