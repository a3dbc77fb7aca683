"""Reading articles: encodings, metadata, markup, refusals with a reason, duplicates read once."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pipelines.articles.corpus import read_corpus
from pipelines.articles.files import ArticleError, read_article, read_article_bytes
from tests.helpers.corridor import SEED

RU = "Товарооборот между Россией и Киргизией вырос на 10%."


def test_seed_header_gives_the_date_and_is_not_text():
    a = read_article(SEED)
    assert a.published == date(2025, 11, 26)
    assert a.text.startswith("26 ноября 2025 года состоялась встреча")
    assert a.language == "ru"
    assert a.source_id == f"article:{a.sha256[:16]}"


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8-sig"])
def test_encodings_decode_to_the_same_text(encoding):
    assert read_article_bytes(RU.encode(encoding), "x.txt").text == RU


def test_front_matter_is_metadata():
    raw = f"---\ntitle: T\npublished: 2024-03-01\nlanguage: ru\nurl: https://example.org/a\n---\n{RU}\n"
    a = read_article_bytes(raw.encode(), "a.md")
    assert (a.title, a.published, a.url, a.text) == ("T", date(2024, 3, 1), "https://example.org/a", RU)


def test_html_loses_scripts_and_tags():
    raw = (
        f"<html><head><title>Заголовок</title><script>var x = '5 млрд';</script></head>"
        f"<body><p>{RU}</p><style>p{{}}</style></body></html>"
    )
    a = read_article_bytes(raw.encode(), "a.html")
    assert a.text == RU and a.title == "Заголовок"


@pytest.mark.parametrize(
    "raw,reason",
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary", "binary"),
        (b"---\n: : :\n---\ntext", "front matter"),
        (b"<html><script>x</script></html>", "no text"),
    ],
)
def test_bad_articles_are_refused_with_a_reason(raw, reason):
    with pytest.raises(ArticleError) as err:
        read_article_bytes(raw, "bad.txt")
    assert "bad.txt" in str(err.value) and reason in str(err.value)


def test_corpus_refuses_bad_files_and_reads_duplicates_once(tmp_path):
    (tmp_path / "a.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "b.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_text(RU + " Ещё.", encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps({"published": "2025-01-02", "publisher": "P"}), encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert sorted(corpus.articles["path"].to_list()) == ["articles/a.txt", "articles/d.txt"]
    reasons = dict(zip(corpus.refused["input_name"], corpus.refused["check_name"], strict=True))
    assert reasons == {"b.txt": "duplicate", "c.txt": "read"}
    d = corpus.articles.filter(corpus.articles["path"] == "articles/d.txt").row(0, named=True)
    assert d["published_date"] == date(2025, 1, 2) and d["publisher"] == "P"


@pytest.mark.parametrize("codec", ["cp1251", "latin-1"])
def test_mojibake_is_repaired(codec):
    garbled = RU.encode("utf-8").decode(codec)
    assert garbled != RU
    assert read_article_bytes(garbled.encode("utf-8"), "m.txt").text == RU


def test_irreparable_mojibake_is_refused():
    garbled = RU.encode("utf-8").decode("cp1251") + " Р" * 40  # stray characters break the round trip
    with pytest.raises(ArticleError, match="mojibake"):
        read_article_bytes(garbled.encode("utf-8"), "m.txt")


def test_links_out_of_the_folder_and_other_file_types_are_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(RU, encoding="utf-8")
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    (corpus_dir / "link.txt").symlink_to(outside)
    (corpus_dir / "report.pdf").write_bytes(b"%PDF-1.4")
    (corpus_dir / "ok.txt").write_text(RU, encoding="utf-8")
    corpus = read_corpus(corpus_dir)
    assert corpus.articles["path"].to_list() == ["articles/ok.txt"]
    reasons = dict(zip(corpus.refused["input_name"], corpus.refused["reason"], strict=True))
    assert "outside the articles folder" in reasons["link.txt"]
    assert "unsupported file type '.pdf'" in reasons["report.pdf"]
