"""The article corpus as frames: one source row per readable article, claims extracted from each.

A broken article never stops the corpus: it becomes a quarantine row naming the file and reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines import model
from pipelines.articles.budget import BudgetExceeded, article_seconds, time_budget
from pipelines.articles.files import Article, ArticleError, display_name, list_article_files, read_article
from pipelines.fingerprint import CodeDeps


@dataclass
class Corpus:
    articles: pl.DataFrame  # SOURCE columns + text
    refused: pl.DataFrame  # QUARANTINE rows, one per unreadable file


def stable_id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:24]


def _source_row(a: Article) -> dict:
    return {
        "source_id": a.source_id,
        "kind": "article",
        "provider": None,
        "publisher": a.publisher,
        "title": a.title,
        "url": a.url,
        "language": a.language,
        "published_date": a.published,
        "retrieved_date": a.retrieved,
        "licence": a.licence,
        "sha256": a.sha256,
        "path": f"articles/{a.name}",
        "n_bytes": a.n_bytes,
        "text": a.text,
    }


ARTICLE_FRAME = {**model.SOURCE, "text": pl.String}


def refused_row(
    dataset: str, input_name: str, check_name: str, reason: str, source_id: str | None = None, record: str | None = None
) -> dict:
    """A quarantine row for an article file or its extraction (``model.quarantine_row``)."""
    return model.quarantine_row(dataset, input_name, check_name, reason, source_id, record)


def _file_key(path: Path) -> tuple[int, ...] | None:
    """A regular file's device, inode, size and modification time, and its sidecar's size and time
    (-1 without one); None for links and anything else (always read)."""
    try:
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    try:
        side = path.with_suffix(".json").stat()
        side_key = (side.st_size, side.st_mtime_ns)
    except OSError:
        side_key = (-1, -1)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, *side_key)


_KEY = ["_dev", "_ino", "_size", "_mtime_ns", "_side_size", "_side_mtime_ns"]
# A file changed within this long before the cache was written could change again in the same
# clock tick unseen (git's "racy" files): it is not cached.
_RACY_NS = 2_000_000_000


# The article reader's code (files.py, corpus.py and what they import): its version names the cache file.
READER_CODE = CodeDeps(modules=("pipelines.articles.corpus",))


def _reader_version() -> str:
    """The article reader's code: rows read by other code are not reused."""
    return READER_CODE.fingerprint()[:12]


def _versioned(cache: Path) -> Path:
    return cache.with_name(f"{cache.stem}-{_reader_version()}{cache.suffix}")


def _read_cache(cache: Path | None) -> dict[tuple, dict]:
    if cache is None or not cache.is_file():
        return {}
    try:
        df = pl.read_parquet(cache)
    except Exception:  # noqa: BLE001  an unreadable cache is only a cache: read every file again
        return {}
    if set(df.columns) != set(ARTICLE_FRAME) | set(_KEY) | {"_name"}:
        return {}
    return {(r["_name"], *(r[k] for k in _KEY)): r for r in df.iter_rows(named=True)}


def _write_cache(cache: Path, entries: list[tuple[tuple, dict]]) -> None:
    now = time.time_ns()
    rows = [
        {**row, "_name": key[0], **dict(zip(_KEY, key[1:], strict=True))}
        for key, row in entries
        if now - key[4] > _RACY_NS and now - key[6] > _RACY_NS
    ]
    schema = {**ARTICLE_FRAME, "_name": pl.String, **{k: pl.Int64 for k in _KEY}}
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    pl.DataFrame(rows, schema=schema).write_parquet(tmp)
    os.replace(tmp, cache)
    for old in cache.parent.glob(f"{cache.stem.rsplit('-', 1)[0]}-*{cache.suffix}"):  # other reader versions
        if old != cache:
            old.unlink(missing_ok=True)


def read_corpus(folder: Path, files: Iterable[Path] | None = None, cache: Path | None = None) -> Corpus:
    """Read every article under ``folder`` (or just ``files``); duplicates by content are read once.

    With ``cache`` (a parquet file), an article file whose inode, size and modification time (and its
    sidecar's) are as when it was last read is not read again: its row comes from the cache.
    """
    rows, refused, seen = [], [], {}
    cache = _versioned(cache) if cache is not None else None
    cached, entries, fresh = _read_cache(cache), [], 0
    for path in files if files is not None else list_article_files(folder):
        name = display_name(
            str(Path(path).relative_to(folder)) if Path(path).is_relative_to(folder) else Path(path).name
        )
        key = _file_key(Path(path)) if cache is not None else None
        row = cached.get((name, *key)) if key is not None else None
        if row is None:
            try:
                article = read_article(path, folder if Path(path).is_relative_to(folder) else None)
            except ArticleError as exc:
                refused.append(refused_row(model.DATASET_ARTICLE, name, "read", exc.reason))
                continue
            except Exception as exc:  # noqa: BLE001  any other failure refuses this file only, by name
                refused.append(
                    refused_row(model.DATASET_ARTICLE, name, "read", f"unreadable ({type(exc).__name__}: {exc})")
                )
                continue
            row, fresh = _source_row(article), fresh + 1
        else:
            row = {k: row[k] for k in ARTICLE_FRAME}
        if key is not None:
            entries.append(((name, *key), row))
        if row["source_id"] in seen:
            refused.append(
                refused_row(
                    model.DATASET_ARTICLE,
                    name,
                    "duplicate",
                    f"same content as {seen[row['source_id']]}",
                    row["source_id"],
                )
            )
            continue
        seen[row["source_id"]] = name
        rows.append(row)
    if cache is not None and (fresh or len(entries) != len(cached)):
        _write_cache(cache, entries)
    return Corpus(
        articles=pl.DataFrame(rows, schema=ARTICLE_FRAME) if rows else pl.DataFrame(schema=ARTICLE_FRAME),
        refused=pl.DataFrame(refused, schema=model.QUARANTINE) if refused else model.empty(model.QUARANTINE),
    )


ExtractFn = Callable[..., list[dict]]


def shard_of(source_id: pl.Expr, shards: int) -> pl.Expr:
    """The shard (0..shards-1) of each article, from the last 8 hex digits of its source id (stable)."""
    return source_id.str.slice(-8).str.to_integer(base=16, strict=False).fill_null(0) % shards


def claims_of(articles: pl.DataFrame, extract: ExtractFn, version: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extract every figure of every article into CLAIM rows; an article the engine fails on is refused."""
    rows, refused = [], []
    for art in articles.select("source_id", "path", "text", "language", "published_date").iter_rows(named=True):
        try:
            with time_budget(article_seconds(), f"extracting figures from {art['path']}"):
                figures = extract(art["text"], lang=art["language"], published=art["published_date"])
        except BudgetExceeded as exc:  # a pathological article is refused by name; the run goes on
            refused.append(
                refused_row(
                    model.DATASET_ARTICLE, art["path"], "extract.budget", f"time budget: {exc}", art["source_id"]
                )
            )
            continue
        except Exception as exc:  # one bad article must not stop the corpus; the reason is kept
            refused.append(
                refused_row(
                    model.DATASET_ARTICLE, art["path"], "extract", f"extraction failed: {exc!r}", art["source_id"]
                )
            )
            continue
        for f in figures:
            row = {k: f.get(k) for k in model.CLAIM if k in f}
            row["source_id"] = art["source_id"]
            row["record"] = bool(f.get("record", False))
            row["countries"] = sorted(f.get("countries") or [])
            # who exports to whom, when the text fixes it (null for turnover); .get: older engines lack the keys
            row["exporter"], row["importer"], row["speaker"] = f.get("exporter"), f.get("importer"), f.get("speaker")
            row["claim_id"] = stable_id(
                art["source_id"], f.get("start"), f.get("end"), f.get("indicator"), f.get("measure")
            )
            row["extractor_version"] = version
            rows.append(row)
    claims = (
        pl.DataFrame(
            rows,
            schema_overrides={
                k: v
                for k, v in model.CLAIM.items()
                if k not in ("period_start", "period_end", "base_period_start", "base_period_end")
            },
            infer_schema_length=None,
        )
        if rows
        else model.empty(model.CLAIM)
    )
    claims = claims.with_columns(
        [
            pl.col(c).cast(pl.String).str.to_date(strict=False)
            for c in ("period_start", "period_end", "base_period_start", "base_period_end")
            if c in claims.columns
        ]
    )
    return (
        model.conform(claims, model.CLAIM),
        pl.DataFrame(refused, schema=model.QUARANTINE) if refused else model.empty(model.QUARANTINE),
    )


def records_json(df: pl.DataFrame) -> pl.Series:
    """Each row as a JSON string (for quarantine records)."""
    return pl.Series(
        [json.dumps(r, default=str, ensure_ascii=False) for r in df.iter_rows(named=True)], dtype=pl.String
    )
