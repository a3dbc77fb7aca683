"""The warehouse follows its inputs and its bookkeeping is checked, not trusted.

- a warehouse changed behind the loads' back (rows deleted with a DuckDB shell) is rebuilt by the next
  load instead of being skipped as "unchanged";
- an edited article replaces its claims, a removed one retires them to claim_history;
- a run that lost its warehouse half-way fails instead of leaving a partial one.
"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines import integrity, load
from pipelines import warehouse as wh
from pipelines.articles.retire import retire_articles


def _write_refs(path, run_id="run-1", rows=(("p1", "One"), ("p2", "Two"), ("p3", "Three"))):
    frame = pl.DataFrame(
        {
            "provider": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "cadence_days": [30] * len(rows),
            "description": ["t"] * len(rows),
        }
    )
    fp = f"refs-{len(rows)}"
    return load.write_unless_unchanged(path, "refs", fp, lambda con: wh.replace_all(con, "ref_provider", frame), run_id)


def _count(path, sql="SELECT count(*) FROM ref_provider"):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def test_an_unchanged_load_is_skipped_while_the_tables_match(tmp_path):
    path = tmp_path / "w.duckdb"
    assert _write_refs(path)[0] is True
    assert _write_refs(path, "run-2")[0] is False  # nothing changed: nothing written
    assert _count(path) == 3


def test_rows_deleted_behind_the_loads_back_are_loaded_again(tmp_path):
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    con = duckdb.connect(str(path))  # the attack: a writable connection deletes rows
    con.execute("DELETE FROM ref_provider WHERE provider = 'p2'")
    con.close()
    assert _count(path) == 2
    written, _ = _write_refs(path, "run-2")
    assert written is True  # load_state's word was not taken
    assert _count(path) == 3
    assert _write_refs(path, "run-3")[0] is False  # and once repaired, the skip works again


def test_a_changed_value_is_noticed_too(tmp_path):
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE ref_provider SET name = 'Forged' WHERE provider = 'p1'")
    con.close()
    con = wh.connect_read_only(path)
    try:
        found = integrity.mismatches(con)
    finally:
        con.close()
    assert found == ["ref_provider: content changed"]
    assert _write_refs(path, "run-2")[0] is True
    assert _count(path, "SELECT count(*) FROM ref_provider WHERE name = 'Forged'") == 0


def test_a_rebuild_empties_every_table_so_other_loads_write_again(tmp_path):
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    other = pl.DataFrame(
        {"code": ["USD"], "kind": ["currency"], "name_en": ["dollar"], "name_ru": ["доллар"], "is_currency": [True]}
    )
    load.write_unless_unchanged(path, "units", "units-1", lambda con: wh.replace_all(con, "ref_unit", other), "run-1")
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM ref_provider")
    con.close()
    # the read used by incremental steps does not trust the tampered file
    assert load.read_live(path, "internal/loaded_releases.sql") is None
    assert _write_refs(path, "run-2")[0] is True
    # the units load's fingerprint went with the rebuild: it writes again and its rows come back
    assert load.loaded_fingerprint(path, "units") is None
    load.write_unless_unchanged(path, "units", "units-1", lambda con: wh.replace_all(con, "ref_unit", other), "run-2")
    assert _count(path, "SELECT count(*) FROM ref_unit") == 1
    assert _count(path) == 3


def test_a_warehouse_whose_table_record_was_emptied_is_not_trusted(tmp_path):
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM table_state")
    con.execute("DELETE FROM ref_provider WHERE provider = 'p3'")
    con.close()
    assert _write_refs(path, "run-2")[0] is True
    assert _count(path) == 3


def test_a_run_that_lost_its_warehouse_midway_fails(tmp_path):
    path = tmp_path / "w.duckdb"
    _write_refs(path, "run-1")
    path.unlink()  # deleted between two loads of the same run
    with pytest.raises(integrity.WarehouseLost, match="removed during run run-1"):
        _write_refs(path, "run-1", rows=(("p9", "Nine"),))
    # a new run builds a fresh warehouse as usual
    assert _write_refs(path, "run-2")[0] is True
    assert _count(path) == 3


def test_an_incremental_load_whose_assumed_rows_are_gone_fails(tmp_path):
    path = tmp_path / "w.duckdb"
    assumed = pl.DataFrame({"source_id": ["article:aaaa"], "extractor_version": ["v1"]})
    staged = load.Staged(tables={}, assumed={"article_text": assumed})
    with pytest.raises(integrity.WarehouseLost, match="1 of the 1 article_text rows"):
        load.write_unless_unchanged(path, "articles", "fp", lambda con: load.load_staged(con, staged), "run-1")
    with wh.writing(path) as con:
        con.execute("INSERT INTO article_text VALUES ('article:aaaa', 'text', 'v1')")
    written, _ = load.write_unless_unchanged(path, "articles", "fp", lambda con: load.load_staged(con, staged), "run-1")
    assert written is True


# ------------------------------------------------------------------------------------------- retirement
def _source(sid, path):
    return {
        "source_id": sid,
        "kind": "article",
        "provider": None,
        "publisher": None,
        "title": "t",
        "url": None,
        "language": "ru",
        "published_date": None,
        "retrieved_date": None,
        "licence": None,
        "sha256": sid * 4,
        "path": path,
        "n_bytes": 10,
    }


def _claim(cid, sid):
    return {
        "claim_id": cid,
        "source_id": sid,
        "indicator": "trade.turnover",
        "measure": "level",
        "value": 1.0,
        "unit": "USD",
        "qualifier": "exact",
        "record": False,
        "quote": "q",
        "quote_start": 0,
        "start": 0,
        "end": 1,
    }


def _seed(path):
    with wh.writing(path) as con:
        wh.insert(
            con,
            "source",
            pl.DataFrame(
                [
                    _source("article:old", "articles/a.txt"),
                    _source("article:gone", "articles/b.txt"),
                    _source("article:keep", "articles/c.txt"),
                ]
            ),
        )
        for sid in ("article:old", "article:gone", "article:keep"):
            con.execute("INSERT INTO article_text VALUES (?, 'text', 'v1')", [sid])
        wh.insert(
            con,
            "claim",
            pl.DataFrame(
                [
                    _claim("c1", "article:old"),
                    _claim("c2", "article:old"),
                    _claim("c3", "article:gone"),
                    _claim("c4", "article:keep"),
                ]
            ),
        )
        con.execute("INSERT INTO quarantine VALUES ('q1', 'claim', 'articles/b.txt', 'article:gone', 'x', 'why', NULL)")


def test_an_edited_article_replaces_and_a_removed_one_retires_its_claims(tmp_path):
    path = tmp_path / "w.duckdb"
    _seed(path)
    current = pl.DataFrame({"source_id": ["article:new", "article:keep"], "path": ["articles/a.txt", "articles/c.txt"]})
    with wh.writing(path) as con:
        out = retire_articles(con, current)
    assert out == {"articles_retired": 2, "claims_retired": 3}
    assert _count(path, "SELECT list(claim_id ORDER BY claim_id) FROM claim") == ["c4"]
    assert _count(path, "SELECT count(*) FROM source WHERE source_id IN ('article:old', 'article:gone')") == 0
    assert _count(path, "SELECT count(*) FROM article_text") == 1
    assert _count(path, "SELECT count(*) FROM quarantine") == 0
    history = (
        duckdb.connect(str(path), read_only=True)
        .execute("SELECT claim_id, path, retired_because FROM claim_history ORDER BY claim_id")
        .fetchall()
    )
    assert history == [
        ("c1", "articles/a.txt", "edited"),
        ("c2", "articles/a.txt", "edited"),
        ("c3", "articles/b.txt", "removed"),
    ]
    with wh.writing(path) as con:  # retiring again changes nothing
        assert retire_articles(con, current) == {"articles_retired": 0, "claims_retired": 0}
    assert _count(path, "SELECT count(*) FROM claim_history") == 3


def test_an_article_load_notes_the_rows_it_replaces_and_hashes_no_article_table(tmp_path, monkeypatch):
    """One article's load (``load.load_staged``, then ``retire_articles`` retiring nothing) moves the record of
    source, article_text and claim by the rows it replaced (``warehouse.replace_noted``): none is hashed again,
    and the record still equals the tables' hashes. An article whose claims are all gone empties them."""
    path = tmp_path / "w.duckdb"
    _seed(path)
    load.write_checked(path, lambda con: integrity.record(con))  # every table recorded
    hashed = []
    table_states = integrity.table_states
    monkeypatch.setattr(integrity, "table_states", lambda con, t: hashed.extend(t) or table_states(con, t))
    monkeypatch.delenv(integrity.VERIFY_WRITES)  # which would hash every table
    current = pl.DataFrame({"source_id": ["article:old", "article:gone", "article:keep"], "path": ["a", "b", "c"]})
    edited = load.Staged(
        tables={
            "source": pl.DataFrame([{**_source("article:old", "articles/a.txt"), "title": "edited"}]),
            "article_text": pl.DataFrame(
                {"source_id": ["article:old"], "text": ["new text"], "extractor_version": ["v2"]}
            ),
            "claim": pl.DataFrame([{**_claim("c1", "article:old"), "value": 2.0}]),  # c2 is gone
        }
    )

    def write(con):
        load.load_staged(con, edited)
        assert retire_articles(con, current)["articles_retired"] == 0

    load.write_checked(path, write)
    assert not {"source", "article_text", "claim"} & set(hashed)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert integrity.mismatches(con) == []
        assert con.execute("SELECT claim_id, value FROM claim WHERE source_id = 'article:old'").fetchall() == [
            ("c1", 2.0)
        ]
        assert con.execute("SELECT count(*) FROM claim").fetchall() == [(3,)]
    finally:
        con.close()


def test_a_run_whose_skipped_load_relied_on_a_lost_warehouse_fails(tmp_path):
    # the case: the reference load is a no-op (its rows are in the file), the file is then deleted,
    # and a later load of the same run would build a warehouse without the reference tables
    path = tmp_path / "w.duckdb"
    _write_refs(path, "run-1")
    assert _write_refs(path, "run-2")[0] is False
    path.unlink()
    with pytest.raises(integrity.WarehouseLost, match="run-2"):
        load.write_unless_unchanged(path, "other", "fp", lambda con: None, "run-2")


def test_a_big_table_is_checked_by_its_row_count(tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "FULL_HASH_MAX_ROWS", 2)
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    con = duckdb.connect(str(path))
    assert con.execute("SELECT content_hash FROM table_state WHERE table_name = 'ref_provider'").fetchall() == [
        ("3:count-only",)
    ]
    con.execute("DELETE FROM ref_provider WHERE provider = 'p1'")
    con.close()
    assert _write_refs(path, "run-2")[0] is True and _count(path) == 3


def test_a_version_this_process_verified_is_not_hashed_again_but_an_edited_one_is(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    calls = []
    real = integrity.mismatches
    monkeypatch.setattr(integrity, "mismatches", lambda con: calls.append(1) or real(con))
    # the file this process just wrote: neither the skip check nor the next load's copy is hashed
    assert _write_refs(path, "run-2", rows=(("p1", "One"),))[0] is True
    assert calls == []
    con = duckdb.connect(str(path))  # behind the loads' back
    con.execute("DELETE FROM ref_provider")
    con.close()
    assert _write_refs(path, "run-3", rows=(("p1", "One"), ("p2", "Two")))[0] is True
    assert calls, "an edited file was taken as verified"
    assert _count(path) == 2


def test_the_next_process_trusts_the_version_a_load_wrote_but_not_an_edited_one(tmp_path, monkeypatch):
    """A marker beside the file names the version the last load wrote: a new process (here: the
    in-process record cleared) skips hashing that version, and checks any other in full: one edited
    in place, or one whose edit is still in DuckDB's write-ahead log (a session killed before its
    checkpoint)."""
    import subprocess
    import sys

    path = tmp_path / "w.duckdb"
    _write_refs(path)
    calls = []
    real = integrity.mismatches
    monkeypatch.setattr(integrity, "mismatches", lambda con: calls.append(1) or real(con))
    monkeypatch.setattr(integrity, "_checked", {})
    assert integrity.is_trusted(path) and calls == []

    kill = (
        "import duckdb, os, sys; con = duckdb.connect(sys.argv[1]); "
        "con.execute(\"UPDATE ref_provider SET name = 'Forged' WHERE provider = 'p1'\"); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", kill, str(path)], check=True)
    assert (tmp_path / "w.duckdb.wal").exists()  # the edit is in the log only
    monkeypatch.setattr(integrity, "_checked", {})
    assert not integrity.is_trusted(path) and calls == [1]
    assert _write_refs(path, "run-2")[0] is True  # rebuilt
    assert _count(path, "SELECT count(*) FROM ref_provider WHERE name = 'Forged'") == 0

    monkeypatch.setattr(integrity, "_checked", {})
    assert integrity.is_trusted(path)  # the rebuild's version, by its marker
    before = len(calls)
    con = duckdb.connect(str(path))  # an edit with a clean close: the file itself changes
    con.execute("DELETE FROM ref_provider WHERE provider = 'p2'")
    con.close()
    monkeypatch.setattr(integrity, "_checked", {})
    assert not integrity.is_trusted(path) and len(calls) == before + 1


def test_a_load_records_only_the_tables_it_wrote_and_the_record_still_matches(tmp_path, monkeypatch):
    """A load hashes the tables it named as written (here ref_provider) and keeps the others' records: the
    record is the one a full hash gives, and the tables it did not write keep their recorded time."""
    path = tmp_path / "w.duckdb"
    _write_refs(path)
    load.write_unless_unchanged(path, "sources", "s1", lambda con: wh.insert(con, "source", _sources(["a"])), "run-1")
    before = dict(_rows(path, "SELECT table_name, recorded_at FROM table_state"))
    hashed = []
    real = integrity.table_states
    monkeypatch.setattr(integrity, "table_states", lambda con, tables: hashed.append(list(tables)) or real(con, tables))
    monkeypatch.delenv(integrity.VERIFY_WRITES)  # the verifying hash of the other tables is for tests
    _write_refs(path, "run-2", rows=(("p1", "One"), ("p2", "Two")))
    assert hashed == [["ref_provider"]]
    after = dict(_rows(path, "SELECT table_name, recorded_at FROM table_state"))
    assert after["ref_provider"] > before["ref_provider"]
    assert {t: v for t, v in after.items() if t != "ref_provider"} == {
        t: v for t, v in before.items() if t != "ref_provider"
    }
    con = wh.connect_read_only(path)
    try:
        assert integrity.mismatches(con) == []  # what a full check of every table finds
    finally:
        con.close()


def test_a_load_that_changes_a_table_it_did_not_name_fails_when_verifying(tmp_path):
    """The tests' check of every load (VERIFY_WRITES, set for the whole test session): SQL that writes a
    table without warehouse.mark_written is caught, and nothing of that load is kept."""
    path = tmp_path / "w.duckdb"
    _write_refs(path)

    def sneaky(con):
        wh.replace_all(con, "ref_provider", pl.DataFrame({"provider": ["p9"], "name": ["Nine"], "cadence_days": [30]}))
        con.execute("INSERT INTO source (source_id, kind, sha256) VALUES ('x', 'article', 'x')")  # not named

    with pytest.raises(integrity.UndeclaredWrite, match="changed source without naming it"):
        load.write_unless_unchanged(path, "sneaky", "f1", sneaky, "run-2")
    assert _count(path, "SELECT count(*) FROM source") == 0
    assert _count(path) == 3


def _sources(ids):
    from pipelines import model

    return model.conform(pl.DataFrame({"source_id": ids, "kind": ["article"] * len(ids), "sha256": ids}), model.SOURCE)


def _rows(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _replace_sources(ids, beyond=()):
    """A load that replaces the source rows ``ids`` and notes them (warehouse.note_rows), without naming the
    table written; ``beyond``: rows it also inserts without noting them."""
    where = f"source_id IN ({', '.join(wh.quote(i) for i in ids)})"

    def write(con):
        wh.note_rows(con, ["source"], where, removed=True)
        con.execute(f"DELETE FROM source WHERE {where}")
        for i in ids:
            con.execute(
                "INSERT INTO source (source_id, kind, sha256, title) VALUES (?, 'article', ?, 'edited')", [i, i]
            )
        wh.note_rows(con, ["source"], where, removed=False)
        for i in beyond:
            con.execute("INSERT INTO source (source_id, kind, sha256) VALUES (?, 'article', ?)", [i, i])

    return write


def test_a_table_changed_by_noted_rows_is_recorded_without_hashing_it_and_matches(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    load.write_unless_unchanged(path, "sources", "f1", lambda con: wh.insert(con, "source", _sources(["a", "b", "c"])))
    hashed = []
    table_states = integrity.table_states
    monkeypatch.setattr(integrity, "table_states", lambda con, t: hashed.extend(t) or table_states(con, t))
    monkeypatch.delenv(integrity.VERIFY_WRITES)  # which would hash every table
    load.write_unless_unchanged(path, "edit", "f2", _replace_sources(["b"]), "run-2")
    assert "source" not in hashed
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert integrity.mismatches(con) == []  # the moved record is the table's hash
        assert con.execute("SELECT title FROM source WHERE source_id = 'b'").fetchall() == [("edited",)]
    finally:
        con.close()


def test_rows_written_beyond_the_noted_ones_fail_when_verifying(tmp_path):
    path = tmp_path / "w.duckdb"
    load.write_unless_unchanged(path, "sources", "f1", lambda con: wh.insert(con, "source", _sources(["a", "b"])))
    with pytest.raises(integrity.UndeclaredWrite, match="beyond the rows it noted"):
        load.write_unless_unchanged(path, "edit", "f2", _replace_sources(["b"], beyond=["z"]), "run-2")
    assert _count(path, "SELECT count(*) FROM source") == 2


def test_recorded_hashes_are_the_tables_hashes_and_a_count_only_record_is_hashed(tmp_path):
    path = tmp_path / "w.duckdb"
    load.write_unless_unchanged(path, "sources", "f1", lambda con: wh.insert(con, "source", _sources(["a", "b"])))
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = ["source", "claim", "table_state"]  # table_state itself holds no record of its own
        assert integrity.recorded_hashes(con, tables) == wh.content_hashes(con, tables)
    finally:
        con.close()
    with wh.writing(path) as con:  # a record by row count alone (a big table) says nothing of the content
        con.execute("UPDATE table_state SET content_hash = '2:count-only' WHERE table_name = 'source'")
        con.execute("UPDATE source SET title = 'changed'")
        assert integrity.recorded_hashes(con, ["source"]) == wh.content_hashes(con, ["source"])
