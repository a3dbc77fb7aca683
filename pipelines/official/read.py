"""From snapshot folders to source, release and observation frames (plain Python, no Dagster).

Ids (same bytes → same ids, whatever the machine or the run):
* source_id  = ``official:<provider>:<first 16 hex of the file's stable sha256>``; for manual_csv,
  whose rows come from different URLs, one source per distinct URL:
  ``official:<provider>:<first 16 hex of sha256("<file sha256>\\n<url>")>`` (sha256 column = the file's);
* release_id = ``<provider>:<dataset>:<manifest release id, else published date>:<sha16 of the source>``;
  for manual_csv one release per URL, dated by its rows' ``published`` as written ("2025" stays "2025").
  So every observation → its release → its source, which has the URL, the dates and the sha256.

Turnover is not derived here: ``sql/views/050_official_series.sql`` derives exports + imports of
one release and reporter where both exist, beside any turnover the source states itself.

A file that fails (manifest unreadable, sha256 mismatch, parse error, no rows) is refused: one
QUARANTINE row per file (dataset 'official_file', input_name relative to data/official), and the
other files still load. A data file without a manifest is refused too ('manifest.missing').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines import model
from pipelines.official.errors import OfficialFileError
from pipelines.official.limits import MAX_SIDE_FILE_BYTES, check_name, check_params, check_size
from pipelines.official.manifest import BULK_FORMATS, MANIFEST_SUFFIX, Manifest, check_sha, read_manifest
from pipelines.official.parsers import PARSERS, manual_csv
from pipelines.official.refdata import Reference, load_reference

# Files in a provider folder that are documentation, not snapshots.
_IGNORED = ("README", ".gitkeep", ".DS_Store")


@dataclass
class OfficialBatch:
    sources: pl.DataFrame  # SOURCE schema
    releases: pl.DataFrame  # RELEASE schema (coverage = min/max period of its rows)
    observations: pl.DataFrame  # OBSERVATION schema, release_id/source_id filled
    refused: pl.DataFrame  # QUARANTINE schema: one row per refused file


# A provider folder's name is a provider code, and names a Dagster asset: letters, digits and _.
PROVIDER_NAME = re.compile(r"[A-Za-z0-9_]+")


def _provider_folders(root: Path) -> list[Path]:
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and any(p.glob(f"*{MANIFEST_SUFFIX}"))
    )


def list_providers(root: Path) -> list[str]:
    """Provider folders under ``root`` that hold at least one manifest and are named by the rules, sorted
    (a folder named otherwise is refused by ``misnamed_providers``, never read)."""
    return [p.name for p in _provider_folders(root) if PROVIDER_NAME.fullmatch(p.name) and not p.is_symlink()]


def misnamed_providers(root: Path, known: list[str] | None = None) -> pl.DataFrame:
    """QUARANTINE rows (dataset 'official_folder') for folders of snapshots that are not read: a link, a name
    that is not a provider code (a space, a dot, a non-ASCII letter), or (given ``known``, the providers of
    providers.csv) a folder of no known provider."""
    rows = []
    for p in _provider_folders(root):
        name = p.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if p.is_symlink():
            why = f"provider folder {name!r} is a link (symlink): not read"
        elif not PROVIDER_NAME.fullmatch(p.name):
            why = (
                f"provider folder {name!r} is not a provider code (letters, digits and _ only): its files are not read"
            )
        elif known is not None and p.name not in known:
            why = (
                f"folder {name!r} is not a provider of data/reference/providers.csv: its files are not read "
                "(add the provider there)"
            )
        else:
            continue
        rows.append(file_refusal(name, "provider.folder", why, dataset="official_folder"))
    return pl.DataFrame(rows, schema=model.QUARANTINE) if rows else model.empty(model.QUARANTINE)


def file_refusal(
    input_name: str, check: str, reason: str, source_id: str | None = None, dataset: str = model.DATASET_OFFICIAL_FILE
) -> dict:
    """A quarantine row for a whole file (``model.quarantine_row``, no record)."""
    return model.quarantine_row(dataset, input_name, check, reason, source_id)


def _source_row(man: Manifest, provider: str, source_id: str, rel: str, n_bytes: int, **over) -> dict:
    row = {
        "source_id": source_id,
        "kind": "official",
        "provider": provider,
        "publisher": man.publisher,
        "title": man.title,
        "url": man.url,
        "language": man.language,
        "published_date": man.published,
        "retrieved_date": man.retrieved,
        "licence": man.licence,
        "sha256": man.sha256,
        "path": f"official/{rel}",
        "n_bytes": n_bytes,
    }
    row.update(over)
    return row


def _release_row(
    man: Manifest,
    provider: str,
    release_id: str,
    source_id: str,
    obs: pl.DataFrame,
    published=None,
    retrieved=None,
    precision: str = "day",
) -> dict:
    published_at = published if published is not None else man.published
    return {
        "release_id": release_id,
        "source_id": source_id,
        "provider": provider,
        "dataset": man.dataset,
        "published_at": published_at,
        "retrieved_at": retrieved if retrieved is not None else man.retrieved,
        "coverage_start": obs["period_start"].min(),
        "coverage_end": obs["period_end"].max(),
        "published_precision": precision if published_at is not None else None,
    }


def _unexpected(exc: Exception) -> str:
    first = str(exc).splitlines()[0][:300] if str(exc) else ""
    return f"unreadable ({type(exc).__name__}{': ' + first if first else ''})"


def _load_file(man: Manifest, provider: str, rel: str, ref: Reference):
    """(sources, releases, observations) of one verified snapshot; OfficialFileError if unusable."""
    if man.format in BULK_FORMATS:
        raise OfficialFileError(
            man.path,
            f"format {man.format} is a bulk file: it belongs under data/bulk/"
            f"{provider}/ (loaded into trade_commodity), not data/official/",
        )
    check_params(
        man.data_path, man.format, manual_csv.read if man.format == "manual_csv" else PARSERS[man.format], man.params
    )
    if man.mapping_path is not None:
        check_name(man.mapping_path, man.path.parent)
        check_size(man.mapping_path, MAX_SIDE_FILE_BYTES, "mapping")
    raw = check_sha(man)
    sha16 = man.sha256[:16]
    if man.format == "manual_csv":
        rows = manual_csv.read(man.data_path, ref=ref, raw=raw, retrieved=man.retrieved, **man.params)
        sources, releases, parts = [], [], []
        for (url,), grp in rows.group_by(["url"], maintain_order=True):
            src16 = model.sha16(f"{man.sha256}\n{url}")
            source_id = model.official_source_id(provider, src16)
            first = grp.sort("published").row(0, named=True)
            release_id = model.release_id(provider, man.dataset, first["published_raw"], src16)
            uniq = lambda c, grp=grp: "; ".join(dict.fromkeys(v for v in grp[c].to_list() if v)) or None  # noqa: E731
            sources.append(
                _source_row(
                    man,
                    provider,
                    source_id,
                    rel,
                    len(raw),
                    url=url,
                    publisher=uniq("official_source") or man.publisher,
                    title=uniq("reported_by") or man.title,
                    published_date=first["published"],
                    retrieved_date=grp["retrieved"].max(),
                )
            )
            releases.append(
                _release_row(
                    man,
                    provider,
                    release_id,
                    source_id,
                    grp,
                    published=first["published"],
                    retrieved=grp["retrieved"].max(),
                    precision=first["published_precision"],
                )
            )
            parts.append(grp.with_columns(pl.lit(release_id).alias("release_id"), pl.lit(source_id).alias("source_id")))
        obs = pl.concat(parts)
    else:
        params = dict(man.params)
        if man.format == "spreadsheet":
            params["mapping"] = man.mapping_path
        obs = PARSERS[man.format](man.data_path, ref=ref, raw=raw, **params)
        if obs.height == 0:
            raise OfficialFileError(man.data_path, "no observations in the file (after keeping totals only)")
        source_id = model.official_source_id(provider, sha16)
        release_id = model.release_id(provider, man.dataset, man.release or man.published, sha16)
        sources = [_source_row(man, provider, source_id, rel, len(raw))]
        releases = [_release_row(man, provider, release_id, source_id, obs)]
        obs = obs.with_columns(pl.lit(release_id).alias("release_id"), pl.lit(source_id).alias("source_id"))
    obs = model.conform(obs, model.OBSERVATION)
    key = [c for c in model.OBSERVATION_KEY if c != "release_id"]
    dup = obs.filter(obs.select(key + ["release_id"]).is_duplicated())
    if dup.height:  # the same figure twice in one snapshot: which one is right cannot be told, so the file goes
        first = dup.row(0, named=True)
        raise OfficialFileError(
            man.data_path,
            f"{dup.height} rows share a key, e.g. {first['indicator']} "
            f"{first['reporter']}-{first['partner']} {first['flow']} "
            f"{first['period_start']}..{first['period_end']}",
            check="duplicate_keys",
        )
    return sources, releases, obs


def _relative(path: str | Path, root: Path) -> str:
    try:  # the folder resolved, not the file: a link is named where it is, not where it points
        return (Path(path).parent.resolve() / Path(path).name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def load_provider(root: Path, provider: str, ref: Reference | None = None) -> OfficialBatch:
    """Every snapshot of ``root/provider``: verified against its manifest, parsed, given ids."""
    root = Path(root)
    ref = ref or load_reference()
    folder = root / provider
    sources, releases, observations, refused = [], [], [], []
    claimed: set[str] = set()
    for mpath in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
        claimed.add(mpath.name)
        try:
            man = read_manifest(mpath)
        except Exception as exc:  # noqa: BLE001  any failure refuses this file, never the provider
            exc = exc if isinstance(exc, OfficialFileError) else OfficialFileError(mpath, _unexpected(exc))
            refused.append(file_refusal(_relative(mpath, root), exc.check, exc.reason))
            claimed.add(mpath.name[: -len(MANIFEST_SUFFIX)])  # its data file is refused with it, not again
            continue
        claimed.add(man.file)
        if man.mapping:
            claimed.add(man.mapping)
        rel = _relative(man.data_path, root)
        source_id = model.official_source_id(provider, man.sha256[:16])
        if man.provider != provider:
            refused.append(
                file_refusal(
                    rel,
                    "manifest.provider",
                    f"manifest says provider {man.provider!r} but the file is in folder {provider!r}",
                    source_id,
                )
            )
            continue
        try:
            s, r, o = _load_file(man, provider, rel, ref)
        except Exception as exc:  # noqa: BLE001  any failure refuses this file, never the provider
            exc = exc if isinstance(exc, OfficialFileError) else OfficialFileError(man.data_path, _unexpected(exc))
            other = _relative(exc.file, root)
            reason = exc.reason if other == rel else f"{other}: {exc.reason}"
            refused.append(file_refusal(rel, exc.check, reason, source_id))
            continue
        sources += s
        releases += r
        observations.append(o)
    for p in sorted(folder.iterdir()) if folder.is_dir() else []:
        if p.is_file() and p.name not in claimed and not p.name.startswith(_IGNORED) and not p.name.startswith("."):
            refused.append(
                file_refusal(
                    _relative(p, root), "manifest.missing", f"no manifest: expected {p.name}{MANIFEST_SUFFIX} beside it"
                )
            )
    return _batch(sources, releases, observations, refused)


def _batch(sources, releases, observations, refused) -> OfficialBatch:
    src = model.conform(
        pl.DataFrame(sources, schema=model.SOURCE) if sources else model.empty(model.SOURCE), model.SOURCE
    )
    rel = model.conform(
        pl.DataFrame(releases, schema=model.RELEASE) if releases else model.empty(model.RELEASE), model.RELEASE
    )
    obs = pl.concat(observations) if observations else model.empty(model.OBSERVATION)
    ref = pl.DataFrame(refused, schema=model.QUARANTINE) if refused else model.empty(model.QUARANTINE)
    return OfficialBatch(
        sources=src.unique("source_id", keep="first").sort("source_id"),
        releases=rel.unique("release_id", keep="first").sort("release_id"),
        observations=obs.sort(
            ["release_id", "indicator", "reporter", "partner", "flow", "period_start", "period_end", "entity"],
            nulls_last=True,
        ),
        refused=ref.sort("input_name", "check_name"),
    )


def load_all(root: Path, ref: Reference | None = None) -> OfficialBatch:
    """Every provider under ``root`` in one batch."""
    parts = [load_provider(root, p, ref) for p in list_providers(root)]
    return _batch(
        [r for b in parts for r in b.sources.to_dicts()],
        [r for b in parts for r in b.releases.to_dicts()],
        [b.observations for b in parts if b.observations.height],
        [r for b in parts for r in b.refused.to_dicts()],
    )
