"""Which halves of the job `corridor run` runs: only those with new inputs since the last clean run, and
every half when the last run was not clean or its outputs are not the ones it left."""

from __future__ import annotations

import os

from pipelines import run_plan
from pipelines.config import DataPaths
from pipelines.run_plan import ARTICLES, OFFICIAL, PARTS, LastRun


def _paths(tmp_path) -> DataPaths:
    paths = DataPaths.under(tmp_path / "data", tmp_path / "w.duckdb", tmp_path / "reports", tmp_path / "home")
    for folder in (paths.articles, paths.official, paths.reference, paths.reports):
        folder.mkdir(parents=True)
    (paths.articles / "a.txt").write_text("date 2025-01-01\nSYNTHETIC article\n", encoding="utf-8")
    (paths.official / "o.csv").write_text("SYNTHETIC\n", encoding="utf-8")
    (paths.reference / "r.csv").write_text("x\n", encoding="utf-8")
    paths.warehouse.write_bytes(b"SYNTHETIC warehouse")
    return paths


def _bump(path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_each_half_changes_with_its_own_folders_only(tmp_path):
    paths = _paths(tmp_path)
    before = run_plan.part_fingerprints(paths, today="2026-12-02")
    assert before == run_plan.part_fingerprints(paths, today="2026-12-02")
    _bump(paths.articles / "a.txt")
    after_article = run_plan.part_fingerprints(paths, today="2026-12-02")
    assert after_article[ARTICLES] != before[ARTICLES] and after_article[OFFICIAL] == before[OFFICIAL]
    (paths.official / "o.csv").write_text("SYNTHETIC, changed\n", encoding="utf-8")
    after_official = run_plan.part_fingerprints(paths, today="2026-12-02")
    assert after_official[OFFICIAL] != after_article[OFFICIAL]
    assert after_official[ARTICLES] == after_article[ARTICLES]
    _bump(paths.reference / "r.csv")  # reference data feeds both halves
    after_reference = run_plan.part_fingerprints(paths, today="2026-12-02")
    assert all(after_reference[p] != after_official[p] for p in PARTS)
    # the official half is checked for freshness against the date: a new day is new input for it alone
    next_day = run_plan.part_fingerprints(paths, today="2026-12-03")
    assert next_day[OFFICIAL] != after_reference[OFFICIAL] and next_day[ARTICLES] == after_reference[ARTICLES]


def test_a_file_dropped_in_the_inbox_makes_the_articles_half_stale(tmp_path):
    paths = _paths(tmp_path)
    before = run_plan.part_fingerprints(paths, today="2026-12-02")
    paths.inbox.mkdir(parents=True)
    (paths.inbox / "new.txt").write_text("SYNTHETIC\n", encoding="utf-8")
    assert run_plan.part_fingerprints(paths, today="2026-12-02")[ARTICLES] != before[ARTICLES]


def test_outputs_change_when_the_warehouse_or_the_report_is_rewritten_or_removed(tmp_path):
    paths = _paths(tmp_path)
    (paths.reports / run_plan.REPORT_MARKER).write_text("abc\n", encoding="utf-8")
    key = run_plan.outputs_key(paths)
    assert run_plan.outputs_key(paths) == key
    replacement = tmp_path / "w.new"
    replacement.write_bytes(b"SYNTHETIC warehouse")  # same bytes, a new file swapped in: another inode
    os.replace(replacement, paths.warehouse)
    swapped = run_plan.outputs_key(paths)
    assert swapped != key
    (paths.reports / run_plan.REPORT_MARKER).unlink()
    assert run_plan.outputs_key(paths) != swapped
    other = DataPaths.under(paths.data, tmp_path / "other.duckdb", paths.reports, paths.dagster_home)
    assert run_plan.outputs_key(other) != run_plan.outputs_key(paths)


def test_stale_parts_trusts_only_a_clean_last_run_with_the_same_outputs():
    now = {OFFICIAL: "o1", ARTICLES: "a1"}
    clean = LastRun("r1", clean=True, fingerprints=dict(now), outputs="out")
    assert run_plan.stale_parts(now, "out", clean) == ()
    assert run_plan.stale_parts({**now, ARTICLES: "a2"}, "out", clean) == (ARTICLES,)
    assert run_plan.stale_parts({**now, OFFICIAL: "o2"}, "out", clean) == (OFFICIAL,)
    assert run_plan.stale_parts({OFFICIAL: "o2", ARTICLES: "a2"}, "out", clean) == PARTS
    assert run_plan.stale_parts(now, "written since", clean) == PARTS
    assert run_plan.stale_parts(now, "out", None) == PARTS
    failed = LastRun("r1", clean=False, fingerprints=dict(now), outputs=None)
    assert run_plan.stale_parts(now, "out", failed) == PARTS


def test_a_name_that_is_not_utf8_and_a_dangling_link_are_fingerprinted(tmp_path):
    paths = _paths(tmp_path)
    before = run_plan.part_fingerprints(paths, today="2026-12-02")
    (paths.articles / os.fsdecode(b"bad-\xff-name.txt")).write_bytes(b"SYNTHETIC")
    with_bad_name = run_plan.part_fingerprints(paths, today="2026-12-02")
    assert with_bad_name[ARTICLES] != before[ARTICLES]
    (paths.articles / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert run_plan.part_fingerprints(paths, today="2026-12-02")[ARTICLES] != with_bad_name[ARTICLES]


def test_a_folder_that_cannot_be_listed_makes_every_half_stale(tmp_path, monkeypatch):
    paths = _paths(tmp_path)

    def refuse(*folders):
        raise PermissionError("SYNTHETIC: cannot list")

    monkeypatch.setattr(run_plan, "folder_fingerprint", refuse)
    now = run_plan.part_fingerprints(paths, today="2026-12-02")
    assert now != run_plan.part_fingerprints(paths, today="2026-12-02")  # never equal to an earlier run's
    last = LastRun("r1", clean=True, fingerprints=dict(now), outputs="out")
    assert run_plan.stale_parts(run_plan.part_fingerprints(paths, today="2026-12-02"), "out", last) == PARTS


def test_a_folder_fingerprint_follows_every_file_at_any_depth_and_nothing_else(tmp_path):
    from pipelines.fingerprint import folder_fingerprint

    folder = tmp_path / "f"
    for rel in ("a/x.txt", "a b.txt", "a/b/c/d.txt", ".hidden.txt"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("SYNTHETIC", encoding="utf-8")
    first = folder_fingerprint(folder)
    assert folder_fingerprint(folder) == first
    (folder / "empty").mkdir()  # a folder alone is not an entry
    assert folder_fingerprint(folder) == first
    seen = {first}
    _bump(folder / "a/b/c/d.txt")  # deep, same size, new time
    seen.add(folder_fingerprint(folder))
    (folder / "a/b/c/d.txt").write_text("SYNTHETIC, longer", encoding="utf-8")
    seen.add(folder_fingerprint(folder))
    (folder / "a/x.txt").rename(folder / "a/y.txt")
    seen.add(folder_fingerprint(folder))
    (folder / ".hidden.txt").unlink()
    seen.add(folder_fingerprint(folder))
    assert len(seen) == 5
