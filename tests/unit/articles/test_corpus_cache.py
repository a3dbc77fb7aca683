"""The corpus cache: an article file unchanged since it was read is not read again, and any change to
it, its sidecar or the folder is seen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipelines.articles import corpus
from pipelines.articles.corpus import read_corpus
from pipelines.articles.files import list_article_files, sidecar_path

RU = "date 2025-03-01\nТоварооборот России и Киргизии в 2024 году составил {} млрд долларов.\n"


@pytest.fixture
def counted(monkeypatch):
    """read_article, counting the files it reads."""
    calls = []
    real = corpus.read_article

    def read(path, root=None):
        calls.append(os.path.basename(path))
        return real(path, root)

    monkeypatch.setattr(corpus, "read_article", read)
    return calls


def _write(path, text, age_s=10.0):
    path.write_text(text, encoding="utf-8")
    t = time.time() - age_s  # older than the racy window
    os.utime(path, (t, t))


def test_unchanged_files_come_from_the_cache_and_changes_are_read(tmp_path, counted):
    folder, cache = tmp_path / "articles", tmp_path / "cache" / "articles.parquet"
    folder.mkdir()
    for i in range(5):
        _write(folder / f"a{i}.txt", RU.format(i + 1))
    first = read_corpus(folder, cache=cache)
    assert len(counted) == 5 and len(list(cache.parent.glob("articles-*.parquet"))) == 1

    counted.clear()
    again = read_corpus(folder, cache=cache)
    assert counted == [] and again.articles.equals(first.articles)
    assert again.articles.equals(read_corpus(folder).articles)  # same rows as reading every file

    counted.clear()
    _write(folder / "a1.txt", RU.format(9), age_s=20.0)  # new content, new time and size
    (folder / "a2.json").write_text('{"title": "A sidecar title"}', encoding="utf-8")
    (folder / "a4.txt").unlink()
    _write(folder / "a5.txt", RU.format(7))
    changed = read_corpus(folder, cache=cache)
    assert sorted(counted) == ["a1.txt", "a2.txt", "a5.txt"]
    titles = dict(changed.articles.select("path", "title").iter_rows())
    assert titles["articles/a2.txt"] == "A sidecar title" and "articles/a4.txt" not in titles
    text = dict(changed.articles.select("path", "text").iter_rows())["articles/a1.txt"]
    assert "9 млрд" in text


def test_a_file_written_just_now_is_not_trusted_to_the_cache(tmp_path, counted):
    folder, cache = tmp_path / "articles", tmp_path / "c.parquet"
    folder.mkdir()
    (folder / "new.txt").write_text(RU.format(1), encoding="utf-8")  # mtime: now
    read_corpus(folder, cache=cache)
    read_corpus(folder, cache=cache)
    assert counted == ["new.txt", "new.txt"]


def test_duplicates_and_refusals_are_the_same_with_the_cache(tmp_path):
    folder, cache = tmp_path / "articles", tmp_path / "c.parquet"
    folder.mkdir()
    _write(folder / "a.txt", RU.format(1))
    _write(folder / "b.txt", RU.format(1))  # same content as a.txt
    (folder / "empty.txt").write_bytes(b"")
    plain = read_corpus(folder)
    for _ in range(2):
        cached = read_corpus(folder, cache=cache)
        assert cached.articles.equals(plain.articles) and cached.refused.equals(plain.refused)
    assert sorted(cached.refused["check_name"]) == ["duplicate", "read"]


def test_an_unreadable_cache_is_ignored(tmp_path):
    folder, cache = tmp_path / "articles", tmp_path / "c.parquet"
    folder.mkdir()
    _write(folder / "a.txt", RU.format(1))
    corpus._versioned(cache).write_bytes(b"not parquet")
    assert read_corpus(folder, cache=cache).articles.height == 1
    assert corpus._versioned(cache).read_bytes()[:4] == b"PAR1"  # replaced by a good cache
    assert read_corpus(folder, cache=cache).articles.height == 1


def test_rows_read_by_other_reader_code_are_not_reused(tmp_path, counted, monkeypatch):
    folder, cache = tmp_path / "articles", tmp_path / "cache" / "articles.parquet"
    folder.mkdir()
    _write(folder / "a.txt", RU.format(1))
    read_corpus(folder, cache=cache)
    read_corpus(folder, cache=cache)
    assert counted == ["a.txt"]
    monkeypatch.setattr(corpus, "_reader_version", lambda: "another")  # e.g. normalize_text changed
    read_corpus(folder, cache=cache)
    assert counted == ["a.txt", "a.txt"]
    assert [p.name for p in cache.parent.iterdir()] == ["articles-another.parquet"]  # the old version went


@pytest.mark.parametrize("name", ["a.txt", "a.b.md", "noext", ".hidden", "a.", "a..txt", "a.JSON"])
def test_sidecar_path_is_what_with_suffix_gives(name):
    assert sidecar_path(f"/x/y/{name}") == str(Path(f"/x/y/{name}").with_suffix(".json"))


def test_the_listing_is_in_the_order_paths_sort_in(tmp_path):
    for rel in ["a/x.txt", "a-b/x.txt", "a b.txt", "a.txt", "b/.h.txt", "c.json", "c.txt", "c.txt.reason.txt", "Z.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    listed = list_article_files(tmp_path)
    # by path parts: "a/x.txt" before "a b.txt" (a string sort puts " " and "-" before "/")
    order = ["Z.txt", "a/x.txt", "a b.txt", "a-b/x.txt", "a.txt", "c.txt"]
    assert [Path(p).relative_to(tmp_path).as_posix() for p in listed] == order
    assert listed == [str(p) for p in sorted(Path(p) for p in listed)]
