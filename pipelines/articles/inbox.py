"""The article inbox: files dropped into data/inbox/ are moved into the corpus, or into quarantine.

A readable article moves to data/articles/ (with its sidecar JSON, if any). An unreadable one moves
to data/quarantine/articles/ beside a ``.reason.txt`` naming the reason. The same content dropped
twice is ingested once: the second copy is quarantined as a duplicate of the first.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.articles.files import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, ArticleError, read_article, sidecar_path
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
    return sorted(
        p
        for p in inbox.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )


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
    side = Path(sidecar_path(src))
    if side.exists():
        shutil.move(str(side), sidecar_path(dest))
    return dest


def _refusal_before_reading(path: Path) -> str | None:
    """A link (it could point anywhere, e.g. out of data/) or an oversized file is refused unread."""
    if path.is_symlink():
        return "a link (symlink), not a file: not read (copy the article into the inbox instead)"
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"not readable ({exc.strerror or type(exc).__name__})"
    if size > MAX_ARTICLE_BYTES:
        return f"{size} bytes is over the {MAX_ARTICLE_BYTES}-byte limit for one article"
    return None


def ingest_inbox(inbox: Path, articles: Path, quarantine: Path, known_sha256: set[str]) -> list[InboxOutcome]:
    """Move every inbox file to the corpus or to quarantine; ``known_sha256``: contents already in the corpus."""
    data_root = articles.parent
    out = []
    for path in inbox_files(inbox):
        try:
            out.append(_ingest_one(path, articles, quarantine, known_sha256, data_root))
        except OSError as exc:  # a file that cannot be moved stays in the inbox; the others go on
            out.append(
                InboxOutcome(
                    path.name,
                    "",
                    f"inbox/{path.name}",
                    False,
                    f"not moved ({exc.strerror or type(exc).__name__}): left in the inbox",
                )
            )
    return out


def _ingest_one(path: Path, articles: Path, quarantine: Path, known_sha256: set[str], data_root: Path) -> InboxOutcome:
    """One inbox file moved to the corpus or to quarantine (with its reason)."""
    reason = _refusal_before_reading(path)
    digest = "" if reason else file_sha256(path)
    if reason is None and digest in known_sha256:
        reason = "duplicate: the same content is already in the corpus"
    elif reason is None:
        try:
            read_article(path)
        except ArticleError as exc:
            reason = exc.reason
        except Exception as exc:  # noqa: BLE001  any failure quarantines this file only, with its reason
            reason = f"unreadable ({type(exc).__name__}: {exc})"
    if reason:
        dest = _move(path, quarantine)
        dest.with_name(dest.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    else:
        dest = _move(path, articles)
        known_sha256.add(digest)
    return InboxOutcome(path.name, digest, str(dest.relative_to(data_root)), reason is None, reason)
