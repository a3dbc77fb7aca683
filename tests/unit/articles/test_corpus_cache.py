"""The corpus cache: an article file unchanged since it was read is not read again, and any change to
it, its sidecar or the folder is seen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import polars as pl
import pytest

from pipelines.articles import corpus
from pipelines.articles.corpus import read_corpus
from pipelines.articles.files import list_article_files, read_article, sidecar_path

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
    counted.clear()
    texts = dict(changed.with_texts(changed.articles)[0].select("path", "text").iter_rows())
    assert "9 млрд" in texts["articles/a1.txt"] and "4 млрд" in texts["articles/a3.txt"]
    assert sorted(counted) == ["a0.txt", "a3.txt"]  # the texts not read by this run's corpus, read again


def test_the_corpus_carries_only_the_texts_it_read_and_reads_the_others_when_asked(tmp_path, counted):
    """The cache and the corpus hold no text of an article the run did not read: a one-article run's steps
    do not carry every article's text. The texts asked for are the files' own."""
    folder, cache = tmp_path / "articles", tmp_path / "cache" / "articles.parquet"
    folder.mkdir()
    for i in range(3):
        _write(folder / f"a{i}.txt", RU.format(i + 1))
    plain = read_corpus(folder)
    read_corpus(folder, cache=cache)
    assert "text" not in corpus._read_cache(corpus._versioned(cache)).columns
    _write(folder / "a3.txt", RU.format(4))
    counted.clear()
    cached = read_corpus(folder, cache=cache)
    assert counted == ["a3.txt"] and "text" not in cached.articles.columns
    assert cached.files.filter(pl.col("text").is_not_null())["file"].to_list() == [str(folder / "a3.txt")]
    one = cached.articles.filter(pl.col("path") == "articles/a1.txt")
    rows, refused = cached.with_texts(one)
    assert counted == ["a3.txt", "a1.txt"] and refused.is_empty()
    assert rows.drop("text").equals(one) and rows["text"].to_list() == [read_article(folder / "a1.txt").text]
    # the texts read again are those a corpus read without the cache holds
    assert cached.with_texts(cached.articles)[0].equals(read_corpus(folder).with_texts(cached.articles)[0])
    assert plain.files["text"].null_count() == 0  # without a cache, every text is read once, here


def test_an_article_whose_file_changed_after_the_corpus_was_read_is_refused_not_read_as_it_is_now(tmp_path):
    folder, cache = tmp_path / "articles", tmp_path / "c.parquet"
    folder.mkdir()
    _write(folder / "a.txt", RU.format(1))
    _write(folder / "b.txt", RU.format(2))
    _write(folder / "c.txt", RU.format(3))
    read_corpus(folder, cache=cache)
    read = read_corpus(folder, cache=cache)  # every text from the files, none kept
    _write(folder / "a.txt", RU.format(7))
    (folder / "b.txt").unlink()
    rows, refused = read.with_texts(read.articles)
    assert rows["path"].to_list() == ["articles/c.txt"] and "3 млрд" in rows["text"][0]
    reasons = dict(zip(refused["input_name"], refused["reason"], strict=True))
    assert "changed since the corpus was read" in reasons["articles/a.txt"]
    assert "not a file" in reasons["articles/b.txt"]
    assert set(refused["source_id"]) == set(read.articles.filter(pl.col("path") != "articles/c.txt")["source_id"])


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
