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
from pipelines.articles.files import (
    Article,
    ArticleError,
    display_name,
    list_article_files,
    read_article,
    sidecar_path,
)
from pipelines.fingerprint import CodeDeps


@dataclass
class Corpus:
    """The articles without their texts, which only the articles to extract need: a run's new articles' texts
    are kept from reading them (``files``), and ``with_texts`` reads any other again. Carrying every text
    (40 MB at 10,000 articles) from step to step and through the cache cost a one-article run ~0.3 s."""

    articles: pl.DataFrame  # SOURCE columns, one row per readable article
    refused: pl.DataFrame  # QUARANTINE rows, one per unreadable file
    files: pl.DataFrame  # source_id, file, and text when this run read the file (else null)
    folder: Path | None = None  # the articles folder: a file under it is read again as it was first read

    def with_texts(self, rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """``rows`` (some of ``articles``) with their ``text``, and the QUARANTINE rows of those whose file is no
        longer as it was read (changed or gone since: the next run reads it as it is then). Texts not read this
        run are read again, one file at a time: only the articles to extract ask."""
        joined = rows.join(self.files, on="source_id", how="left", maintain_order="left")
        again = joined.filter(pl.col("text").is_null()).select("source_id", "file", "path")
        texts, refused = {}, []
        for source_id, file, name in again.iter_rows():
            path = Path(file)
            try:
                article = read_article(path, self.folder if self.folder and path.is_relative_to(self.folder) else None)
            except ArticleError as exc:
                refused.append(refused_row(model.DATASET_ARTICLE, name, "read", exc.reason, source_id))
                continue
            if article.source_id != source_id:
                reason = "changed since the corpus was read in this run: read again by the next run"
                refused.append(refused_row(model.DATASET_ARTICLE, name, "read", reason, source_id))
                continue
            texts[source_id] = article.text
        if texts:
            read = pl.DataFrame({"source_id": list(texts), "_again": list(texts.values())}, schema=_TEXTS)
            joined = joined.join(read, on="source_id", how="left", maintain_order="left").with_columns(
                pl.coalesce("text", "_again").alias("text")
            )
        gone = [r["source_id"] for r in refused]
        return (
            joined.filter(~pl.col("source_id").is_in(gone)).select(*rows.columns, "text"),
            pl.DataFrame(refused, schema=model.QUARANTINE),
        )


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
_TEXTS = {"source_id": pl.String, "_again": pl.String}


def refused_row(
    dataset: str, input_name: str, check_name: str, reason: str, source_id: str | None = None, record: str | None = None
) -> dict:
    """A quarantine row for an article file or its extraction (``model.quarantine_row``)."""
    return model.quarantine_row(dataset, input_name, check_name, reason, source_id, record)


def _file_key(path: str) -> tuple[int, ...] | None:
    """A regular file's device, inode, size and modification time, and its sidecar's size and time
    (-1 without one); None for links and anything else (always read)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    try:
        side = os.stat(sidecar_path(path))
        side_key = (side.st_size, side.st_mtime_ns)
    except OSError:
        side_key = (-1, -1)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, *side_key)


_KEY = ["_dev", "_ino", "_size", "_mtime_ns", "_side_size", "_side_mtime_ns"]
# A file changed within this long before the cache was written could change again in the same
# clock tick unseen (git's "racy" files): it is not cached.
_RACY_NS = 2_000_000_000
_CACHE_FRAME = {**model.SOURCE, "_name": pl.String, **{k: pl.Int64 for k in _KEY}}  # no texts: see Corpus


# The article reader's code (files.py, corpus.py and what they import): its version names the cache file.
READER_CODE = CodeDeps(modules=("pipelines.articles.corpus",))


def _reader_version() -> str:
    """The article reader's code: rows read by other code are not reused."""
    return READER_CODE.fingerprint()[:12]


def _versioned(cache: Path) -> Path:
    return cache.with_name(f"{cache.stem}-{_reader_version()}{cache.suffix}")


def _read_cache(cache: Path | None) -> pl.DataFrame | None:
    """The cached rows with their files' names and keys, or None (no cache, or one this code cannot use)."""
    if cache is None or not cache.is_file():
        return None
    try:
        df = pl.read_parquet(cache)
    except Exception:  # noqa: BLE001  an unreadable cache is only a cache: read every file again
        return None
    if dict(df.schema) != _CACHE_FRAME:
        return None
    return df.unique(subset=["_name", *_KEY], keep="first", maintain_order=True)


def _write_cache(cache: Path, entries: pl.DataFrame) -> None:
    now = time.time_ns()
    rows = entries.filter((now - pl.col("_mtime_ns") > _RACY_NS) & (now - pl.col("_side_mtime_ns") > _RACY_NS))
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    rows.select(list(_CACHE_FRAME)).write_parquet(tmp)
    os.replace(tmp, cache)
    for old in cache.parent.glob(f"{cache.stem.rsplit('-', 1)[0]}-*{cache.suffix}"):  # other reader versions
        if old != cache:
            old.unlink(missing_ok=True)


def read_corpus(folder: Path, files: Iterable[Path] | None = None, cache: Path | None = None) -> Corpus:
    """Read every article under ``folder`` (or just ``files``); duplicates by content are read once.

    With ``cache`` (a parquet file), an article file whose inode, size and modification time (and its
    sidecar's) are as when it was last read is not read again: its row comes from the cache, joined by
    name and key in one pass (row by row, the cache of 10,000 articles cost most of a one-article run's
    corpus step).
    """
    cache = _versioned(cache) if cache is not None else None
    # path strings, as listed (the files given are normalized the way ``Path`` would)
    paths = [str(Path(p)) for p in files] if files is not None else list_article_files(folder)
    root = str(Path(folder))
    inside = [p.startswith(root + os.sep) for p in paths]  # as Path.is_relative_to, without building Paths
    names = [display_name(p[len(root) + 1 :] if i else os.path.basename(p)) for p, i in zip(paths, inside, strict=True)]
    keys = [_file_key(p) if cache is not None else None for p in paths]
    listing = pl.DataFrame(
        {
            "_order": range(len(paths)),
            "_name": names,
            **{k: [None if key is None else key[i] for key in keys] for i, k in enumerate(_KEY)},
        },
        schema={"_order": pl.Int64, "_name": pl.String, **{k: pl.Int64 for k in _KEY}},
    )
    cached = _read_cache(cache)
    hits = (
        listing.join(cached, on=["_name", *_KEY], how="inner").with_columns(pl.lit(None, pl.String).alias("text"))
        if cached is not None
        else listing.clear().with_columns(*(pl.lit(None, dtype=t).alias(c) for c, t in ARTICLE_FRAME.items()))
    )
    rows, refused = [], []  # files not in the cache, read one by one (a run's new articles)
    for order in listing.join(hits.select("_order"), on="_order", how="anti")["_order"].to_list():
        try:
            article = read_article(Path(paths[order]), folder if inside[order] else None)
        except ArticleError as exc:
            refused.append({"_order": order, **refused_row(model.DATASET_ARTICLE, names[order], "read", exc.reason)})
            continue
        except Exception as exc:  # noqa: BLE001  any other failure refuses this file only, by name
            reason = f"unreadable ({type(exc).__name__}: {exc})"
            refused.append({"_order": order, **refused_row(model.DATASET_ARTICLE, names[order], "read", reason)})
            continue
        rows.append({"_order": order, **_source_row(article)})
    fresh = pl.DataFrame(rows, schema={"_order": pl.Int64, **ARTICLE_FRAME})
    read = pl.concat([hits.select("_order", *ARTICLE_FRAME), fresh]).sort("_order")
    read = read.join(listing, on="_order", how="left").with_columns(
        pl.col("_name").first().over("source_id", order_by="_order").alias("_first")
    )
    for row in read.filter(pl.col("_name") != pl.col("_first")).iter_rows(named=True):  # rare
        reason = f"same content as {row['_first']}"
        refused.append(
            {
                "_order": row["_order"],
                **refused_row(model.DATASET_ARTICLE, row["_name"], "duplicate", reason, row["source_id"]),
            }
        )
    if cache is not None:
        entries = read.filter(pl.col("_dev").is_not_null())
        if fresh.height or entries.height != (0 if cached is None else cached.height):
            _write_cache(cache, entries)
    refused_frame = pl.DataFrame(refused, schema={"_order": pl.Int64, **model.QUARANTINE})
    kept = read.filter(pl.col("_name") == pl.col("_first"))
    return Corpus(
        articles=kept.select(list(model.SOURCE)),
        refused=refused_frame.sort("_order").drop("_order"),
        # as text that can be stored (a name that is not UTF-8 is refused, so a kept file's is its own)
        files=kept.select(
            "source_id", pl.Series("file", [display_name(paths[i]) for i in kept["_order"]], pl.String), "text"
        ),
        folder=Path(folder),
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
