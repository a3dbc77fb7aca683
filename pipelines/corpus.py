"""The article corpus as frames: one source row per readable article, claims extracted from each.

A broken article never stops the corpus: it becomes a quarantine row naming the file and reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import polars as pl

from pipelines import model
from pipelines.articles import Article, ArticleError, list_article_files, read_article


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


def refused_row(dataset: str, input_name: str, check_name: str, reason: str, source_id: str | None = None,
                record: str | None = None) -> dict:
    return {
        "quarantine_id": stable_id(dataset, input_name, check_name, record),
        "dataset": dataset,
        "input_name": input_name,
        "source_id": source_id,
        "check_name": check_name,
        "reason": reason,
        "record": record,
    }


def read_corpus(folder: Path, files: Iterable[Path] | None = None) -> Corpus:
    """Read every article under ``folder`` (or just ``files``); duplicates by content are read once."""
    rows, refused, seen = [], [], {}
    for path in files if files is not None else list_article_files(folder):
        name = str(Path(path).relative_to(folder)) if Path(path).is_relative_to(folder) else Path(path).name
        try:
            article = read_article(path, folder if Path(path).is_relative_to(folder) else None)
        except ArticleError as exc:
            refused.append(refused_row("article", name, "read", exc.reason))
            continue
        if article.source_id in seen:
            refused.append(refused_row("article", name, "duplicate",
                                       f"same content as {seen[article.source_id]}", article.source_id))
            continue
        seen[article.source_id] = name
        rows.append(_source_row(article))
    return Corpus(
        articles=pl.DataFrame(rows, schema=ARTICLE_FRAME) if rows else pl.DataFrame(schema=ARTICLE_FRAME),
        refused=pl.DataFrame(refused, schema=model.QUARANTINE) if refused else model.empty(model.QUARANTINE),
    )


ExtractFn = Callable[..., list[dict]]


def claims_of(articles: pl.DataFrame, extract: ExtractFn, version: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extract every figure of every article into CLAIM rows; an article the engine fails on is refused."""
    rows, refused = [], []
    for art in articles.select("source_id", "path", "text", "language", "published_date").iter_rows(named=True):
        try:
            figures = extract(art["text"], lang=art["language"], published=art["published_date"])
        except Exception as exc:  # one bad article must not stop the corpus; the reason is kept
            refused.append(refused_row("article", art["path"], "extract", f"extraction failed: {exc!r}",
                                       art["source_id"]))
            continue
        for f in figures:
            row = {k: f.get(k) for k in model.CLAIM if k in f}
            row["source_id"] = art["source_id"]
            row["record"] = bool(f.get("record", False))
            row["countries"] = sorted(f.get("countries") or [])
            row["claim_id"] = stable_id(art["source_id"], f.get("start"), f.get("end"), f.get("indicator"),
                                        f.get("measure"))
            row["extractor_version"] = version
            rows.append(row)
    claims = pl.DataFrame(rows, schema_overrides={k: v for k, v in model.CLAIM.items() if k not in
                                                  ("period_start", "period_end", "base_period_start",
                                                   "base_period_end")}, infer_schema_length=None) \
        if rows else model.empty(model.CLAIM)
    claims = claims.with_columns(
        [pl.col(c).cast(pl.String).str.to_date(strict=False) for c in
         ("period_start", "period_end", "base_period_start", "base_period_end") if c in claims.columns]
    )
    return (model.conform(claims, model.CLAIM),
            pl.DataFrame(refused, schema=model.QUARANTINE) if refused else model.empty(model.QUARANTINE))


def records_json(df: pl.DataFrame) -> pl.Series:
    """Each row as a JSON string (for quarantine records)."""
    return pl.Series([json.dumps(r, default=str, ensure_ascii=False) for r in df.iter_rows(named=True)],
                     dtype=pl.String)
