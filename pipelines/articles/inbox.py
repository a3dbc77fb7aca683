"""The article inbox: files dropped into data/inbox/ are moved into the corpus, or into quarantine.

A readable article moves to data/articles/ (with its sidecar JSON, if any). An unreadable one moves
to data/quarantine/articles/ beside a ``.reason.txt`` naming the reason. The same content dropped
twice is ingested once: the second copy is quarantined as a duplicate of the first.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.articles.files import ARTICLE_SUFFIXES, ArticleError, read_article
from pipelines.fingerprint import file_sha256


@dataclass
class InboxOutcome:
    name: str
    sha256: str
    moved_to: str  # path relative to the data folder
    accepted: bool
    reason: str | None = None


def inbox_files(inbox: Path) -> list[Path]:
    """Article files waiting in the inbox (sidecars travel with their article), oldest name first."""
    if not inbox.exists():
        return []
    return sorted(p for p in inbox.iterdir()
                  if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))


def _safe_name(name: str) -> str:
    # The inbox is flat; a name never carries a folder part into data/articles.
    return Path(name).name.replace("..", "_") or "article.txt"


def _move(src: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / _safe_name(src.name)
    n = 1
    while dest.exists():
        dest = dest_dir / f"{dest.stem}.{n}{dest.suffix}"
        n += 1
    shutil.move(str(src), dest)
    side = src.with_suffix(".json")
    if side.exists():
        shutil.move(str(side), dest.with_suffix(".json"))
    return dest


def ingest_inbox(inbox: Path, articles: Path, quarantine: Path, known_sha256: set[str]) -> list[InboxOutcome]:
    """Move every inbox file to the corpus or to quarantine; ``known_sha256``: contents already in the corpus."""
    data_root = articles.parent
    out = []
    for path in inbox_files(inbox):
        digest = file_sha256(path)
        reason = None
        if digest in known_sha256:
            reason = "duplicate: the same content is already in the corpus"
        else:
            try:
                read_article(path)
            except ArticleError as exc:
                reason = exc.reason
        if reason:
            dest = _move(path, quarantine)
            dest.with_name(dest.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
        else:
            dest = _move(path, articles)
            known_sha256.add(digest)
        out.append(InboxOutcome(path.name, digest, str(dest.relative_to(data_root)), reason is None, reason))
    return out
