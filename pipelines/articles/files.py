"""Reading article files: decoding, metadata, and the one text normalization claim offsets point into."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from pipelines import safe_yaml
from pipelines.fingerprint import folder_entries
from pipelines.model import CorridorError, article_source_id

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
# Metadata fields that are text: a mapping or a list there is refused, a number is taken as its text.
TEXT_FIELDS = ("title", "publisher", "url", "language", "licence")

_DATE_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# Runs of letters: counting letters as the lengths of runs allocates one string per word, not per letter.
_CYRILLIC = re.compile(r"[А-Яа-яЁё]+")
_LATIN = re.compile(r"[A-Za-z]+")


class ArticleError(CorridorError, ValueError):
    """An article that cannot be read; the message names the file and the reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Article:
    source_id: str
    name: str  # path relative to the articles folder
    sha256: str
    n_bytes: int
    text: str  # normalized; claim offsets point into this
    title: str | None
    publisher: str | None
    url: str | None
    language: str
    published: date | None
    retrieved: date | None
    licence: str | None


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def display_name(name: str) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 shown as ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def decode(raw: bytes, name: str) -> str:
    """Bytes to text: BOMs first, then UTF-8, then Windows-1251 (common for Russian sites)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                name, f"UTF-8 byte-order mark followed by bytes that are not UTF-8 (at byte {exc.start + 3})"
            ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                name, f"UTF-16 text that is truncated or invalid ({exc.reason} at byte {exc.start})"
            ) from None
    if b"\x00" in raw[:4096]:
        raise ArticleError(name, "binary content (NUL bytes), not a text article")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1251", errors="strict") if _looks_cp1251(raw) else None
    if text is None:
        raise ArticleError(name, "not UTF-8, UTF-16 or Windows-1251 text")
    return text


# UTF-8 Cyrillic read as Windows-1251 ("РўРѕРІР°СЂ") or as Latin-1/1252 ("Ð¢Ð¾Ð²Ð°Ñ"), and the lead
# characters every hit starts with (counted first: a text with too few of them cannot reach the threshold).
_MOJIBAKE = {
    "cp1251": re.compile(r"[РС][\u0080-\u00bf\u0402-\u045f]"),
    "cp1252": re.compile(r"[ÐÑ][\u0080-\u00ff]"),
    "latin-1": re.compile(r"[ÐÑ][\u0080-\u00ff]"),
}
_MOJIBAKE_LEADS = {"cp1251": "РС", "cp1252": "ÐÑ", "latin-1": "ÐÑ"}


def repair_mojibake(text: str, name: str) -> str:
    """Undo a UTF-8 text that was once decoded with the wrong code page; refuse what cannot be undone."""
    sample = text[:20000]
    seen = []
    threshold = max(10, 0.05 * len(sample) / 2)
    for codec, pattern in _MOJIBAKE.items():
        if sum(sample.count(c) for c in _MOJIBAKE_LEADS[codec]) < threshold:
            continue
        hits = len(pattern.findall(sample))
        if hits < threshold:
            continue
        seen.append(codec)
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    if seen:
        raise ArticleError(
            name, f"mojibake: UTF-8 text read as {' or '.join(seen)} and saved again; it cannot be undone"
        )
    return text


def _looks_cp1251(raw: bytes) -> bool:
    high = sum(1 for b in raw if b >= 0xC0)
    return high > 0 and high >= 0.2 * sum(1 for b in raw if b >= 0x80)


class _TextOfHtml(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title and self.title is None:
            self.title = data.strip() or None
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(), parser.title


def normalize_text(text: str) -> str:
    """The stored form of an article: NFC, Unix newlines, no trailing white space at the ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def split_metadata(text: str) -> tuple[dict, str]:
    """Front matter (YAML between --- lines) or a leading ``date YYYY-MM-DD`` line, and the body."""
    meta: dict = {}
    m = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if m:
        try:  # no aliases (a YAML bomb), dates stay text, bounded size
            loaded = safe_yaml.load(m.group(1), max_chars=MAX_FRONT_MATTER_CHARS) or {}
        except safe_yaml.YAMLRefused as exc:
            raise ValueError(f"front matter is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ValueError("front matter is not a mapping")
        return loaded, text.lstrip("\ufeff")[m.end() :]
    m = _DATE_HEADER.match(text)
    if m:
        return {"published": m.group(1)}, text[m.end() :]
    return meta, text


def guess_language(text: str) -> str:
    cyr = sum(map(len, _CYRILLIC.findall(text[:5000])))
    lat = sum(map(len, _LATIN.findall(text[:5000])))
    return "ru" if cyr >= lat else "en"


def _as_date(value, name: str, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ArticleError(name, f"{field} {value!r} is not an ISO date") from exc


def _text_fields(meta: dict, name: str) -> dict:
    out = dict(meta)
    for key in TEXT_FIELDS:
        value = out.get(key)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = str(value)
            continue
        raise ArticleError(name, f"metadata field {key} is a {type(value).__name__}, not text")
    return out


def _check_storable(name: str, body: str, meta: dict) -> None:
    """Text that cannot be stored as UTF-8 (a lone surrogate, e.g. from a JSON escape) is refused."""
    for what, value in [("text", body), *((k, meta.get(k)) for k in TEXT_FIELDS)]:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ArticleError(
                    name,
                    f"{what} holds a lone surrogate (U+{ord(value[exc.start]):04X} at character {exc.start}), not text",
                ) from None


def read_article_bytes(raw: bytes, name: str, sidecar: dict | None = None) -> Article:
    """Turn an article's bytes (and optional sidecar metadata) into an :class:`Article`."""
    if len(raw) == 0:
        raise ArticleError(name, "empty file (0 bytes): no text to read")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ArticleError(name, f"{len(raw)} bytes is over the {MAX_ARTICLE_BYTES}-byte limit for one article")
    text = repair_mojibake(decode(raw, name), name)
    try:
        meta, body = split_metadata(text)
    except ValueError as exc:
        raise ArticleError(name, str(exc)) from exc
    meta.update(sidecar or {})
    meta = _text_fields(meta, name)
    title = meta.get("title")
    if name.lower().endswith((".html", ".htm")) or re.match(r"\s*<(!doctype|html)", body[:200], re.I):
        body, html_title = html_to_text(body)
        title = title or html_title
    body = normalize_text(body)
    if not body:
        raise ArticleError(name, "no text after removing metadata and markup")
    _check_storable(name, body, meta)
    digest = sha256_hex(raw)
    return Article(
        source_id=article_source_id(digest),
        name=name,
        sha256=digest,
        n_bytes=len(raw),
        text=body,
        title=title or body.split("\n", 1)[0][:120],
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        language=meta.get("language") or guess_language(body),
        published=_as_date(meta.get("published"), name, "published"),
        retrieved=_as_date(meta.get("retrieved"), name, "retrieved"),
        licence=meta.get("licence"),
    )


def read_sidecar(path: Path) -> dict | None:
    side = Path(sidecar_path(path))
    if not side.exists():
        return None
    if side.is_symlink() or not side.is_file():  # a link could point anywhere, a pipe would block the read
        raise ArticleError(path.name, f"sidecar {side.name} is a link or not a regular file: not read")
    if side.stat().st_size > MAX_FRONT_MATTER_CHARS:
        raise ArticleError(path.name, f"sidecar {side.name} is over the {MAX_FRONT_MATTER_CHARS}-byte limit")
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ArticleError(path.name, f"sidecar {side.name} is not valid JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise ArticleError(path.name, f"sidecar {side.name} is not a JSON object")
    return meta


def read_article(path: Path, root: Path | None = None) -> Article:
    """Read one article; with ``root``, a path that resolves outside it (a link, ``..``) is refused."""
    path = Path(path)
    name = display_name(str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name)
    if name != str(path.relative_to(root) if root and path.is_relative_to(root) else path.name):
        raise ArticleError(name, "file name is not valid UTF-8 (shown with \\x escapes): rename the file")
    try:
        return _read_checked(path, name, root)
    except OSError as exc:  # unreadable, vanished, a link loop
        raise ArticleError(name, f"not readable ({exc.strerror or type(exc).__name__})") from None
    except RuntimeError as exc:  # Path.resolve() on a symlink loop (Python < 3.13)
        raise ArticleError(name, f"not readable ({exc})") from None


def _read_checked(path: Path, name: str, root: Path | None) -> Article:
    if root is not None and not path.resolve().is_relative_to(Path(root).resolve()):
        raise ArticleError(name, "resolves outside the articles folder (link or '..'): not read")
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ArticleError(
            name, f"unsupported file type '{path.suffix or '(none)'}' (articles are {', '.join(ARTICLE_SUFFIXES)})"
        )
    if not path.is_file():
        raise ArticleError(name, "not a file (a folder, a pipe or a dangling link): not read")
    size = path.stat().st_size  # the size limit is checked before a byte is read
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(name, f"{size} bytes is over the {MAX_ARTICLE_BYTES}-byte limit for one article")
    return read_article_bytes(path.read_bytes(), name, read_sidecar(path))


def list_article_files(folder: Path) -> list[str]:
    """Every candidate article under ``folder`` in name order (as paths would sort), as path strings: all files
    but sidecars, notes and hidden ones. Strings, not ``Path``s: building and sorting 10,000 ``Path``s took
    most of the listing's time.

    Files of other types are listed too, so that they are refused with a reason rather than ignored.
    """
    if not os.path.exists(folder):
        return []
    listed = []
    for entry in folder_entries(os.fspath(folder)):
        p, name = entry.path, entry.name
        if (
            not name.startswith(".")  # pipes, links: refused by name
            and _suffix(name).lower() != ".json"
            and not name.endswith(".reason.txt")
        ):
            listed.append(p)
    return sorted(listed, key=lambda p: p.split(os.sep))


def _suffix(name: str) -> str:
    """A file name's last suffix, as ``PurePath.suffix`` has it ("" for ".hidden" and "name.")."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def sidecar_path(path: str | Path) -> str:
    """Where an article's sidecar JSON is: its path with the suffix replaced, as ``Path.with_suffix``."""
    head, name = os.path.split(os.fspath(path))
    return os.path.join(head, name[: len(name) - len(_suffix(name))] + ".json")
