"""Operations: the inbox sensor, incremental extraction, freshness, concurrent readers and writers, PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.config import DataPaths
from pipelines.defs.resources import DataPathsResource
from pipelines.official.freshness import snapshot_freshness
from pipelines.tools import services
from tests.helpers.corridor import PROJECT, run_corridor, test_defs

pytestmark = pytest.mark.slow

PASSAGE = (
    "{d} марта 2025 года. По данным таможни, товарооборот между Россией и Казахстаном в {y} году "
    "составил {v},{f} млрд долларов, что на {g}% больше, чем годом ранее."
)


def _article(i: int) -> str:
    return PASSAGE.format(d=1 + i % 28, y=2015 + i % 10, v=10 + i % 20, f=i % 10, g=1 + i % 30) + f" (№ {i})"


def _run_job(name: str):
    defs = test_defs(DataPaths.from_env())
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_job_def(name).execute_in_process(instance=instance, raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def _meta(result, asset: str, key: str):
    mats = result.asset_materializations_for_node(asset)
    return mats[0].metadata[key].value


def test_the_inbox_sensor_ingests_a_dropped_file_once(data_copy):
    from pipelines.defs.automation import inbox_sensor

    text = "Товарооборот между Россией и Узбекистаном в 2024 году составил 9,8 млрд долларов."
    (data_copy / "inbox" / "new.txt").write_text(text, encoding="utf-8")
    with dg.DagsterInstance.ephemeral() as instance:
        resources = {"paths": DataPathsResource.of(DataPaths.from_env())}
        ctx = dg.build_sensor_context(instance=instance, resources=resources)
        first = inbox_sensor(ctx)
        assert isinstance(first, dg.RunRequest)
        again = inbox_sensor(dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources))
        assert isinstance(again, dg.SkipReason), "the same file must not start a second run"
    result = _run_job("articles_refresh")
    assert _meta(result, "article_inbox", "accepted") == 1
    assert (data_copy / "articles" / "new.txt").exists() and not (data_copy / "inbox" / "new.txt").exists()
    # the same content dropped again under another name is quarantined as a duplicate, not ingested twice
    (data_copy / "inbox" / "copy.txt").write_text(text, encoding="utf-8")
    result = _run_job("articles_refresh")
    assert _meta(result, "article_inbox", "accepted") == 0
    reason = (data_copy / "quarantine" / "articles" / "copy.txt.reason.txt").read_text(encoding="utf-8")
    assert "duplicate" in reason
    con = duckdb.connect(os.environ["CORRIDOR_WAREHOUSE"], read_only=True)
    assert con.execute("SELECT count(*) FROM source WHERE path = 'articles/new.txt'").fetchall()[0][0] == 1
    assert (
        con.execute(
            "SELECT count(*) FROM claim c JOIN source s USING (source_id) "
            "WHERE s.path = 'articles/new.txt' AND c.derived_from IS NULL"
        ).fetchall()[0][0]
        == 1
    )


def test_one_new_article_in_two_hundred_is_the_only_one_extracted(data_copy):
    for i in range(199):
        (data_copy / "articles" / f"gen_{i:03d}.txt").write_text(_article(i), encoding="utf-8")
    first = _run_job("articles_refresh")
    assert _meta(first, "article_claims", "articles_extracted") == 200  # 199 generated + the seed
    wpath = Path(os.environ["CORRIDOR_WAREHOUSE"])
    before = wpath.stat()
    (data_copy / "articles" / "gen_new.txt").write_text(_article(1000), encoding="utf-8")
    second = _run_job("articles_refresh")
    assert _meta(second, "article_claims", "articles_extracted") == 1
    assert _meta(second, "article_claims", "articles") == 201
    # its loads wrote the file in place: none found a connection of this process still open and swapped a copy in
    after = wpath.stat()
    assert after.st_ino == before.st_ino and after.st_mtime_ns != before.st_mtime_ns
    con = duckdb.connect(os.environ["CORRIDOR_WAREHOUSE"], read_only=True)
    assert con.execute("SELECT count(DISTINCT source_id) FROM claim").fetchall()[0][0] == 201


def test_the_freshness_check_flags_a_stale_snapshot():
    providers = pl.DataFrame({"provider": ["imf"], "cadence_days": [60]})
    releases = pl.DataFrame({"retrieved_at": [date(2026, 1, 1), date(2026, 3, 1)]})
    stale = snapshot_freshness("imf", releases, providers, today=date(2026, 11, 24))
    assert stale.late and stale.age_days == 268 and "LATE" in stale.reason
    fresh = snapshot_freshness("imf", releases, providers, today=date(2026, 3, 20))
    assert not fresh.late
    unknown = snapshot_freshness("nobody", releases, providers)
    assert unknown.late and "no cadence" in unknown.reason


def test_a_reader_in_a_loop_never_fails_while_runs_write(tmp_path):
    env = {
        "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "CORRIDOR_REPORTS": str(tmp_path / "reports"),
    }
    assert run_corridor(["run"], env).returncode == 0
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            """
import sys, time
from pipelines import warehouse as wh
ok = failed = 0
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    try:
        con = wh.connect_read_only(sys.argv[1])  # waits while a load writes the file in place
        con.execute('SELECT count(*) FROM claim').fetchall()
        con.close()
        ok += 1
    except Exception as exc:
        failed += 1
        print('failed:', exc, file=sys.stderr)
print(ok, failed)
""",
            env["CORRIDOR_WAREHOUSE"],
            "40",
        ],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "run", "--all"],
            cwd=PROJECT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for w in writers:  # two overlapping runs: both finish, one waits for the other's load
        out, err = w.communicate(timeout=600)
        assert w.returncode == 0, err[-2000:]
    out, err = reader.communicate(timeout=120)
    ok, failed = map(int, out.split())
    assert failed == 0, err[-2000:]
    assert ok > 20


@pytest.mark.skipif(
    services.pg_bin() is None and not os.environ.get("CI"),
    reason="PostgreSQL server binaries not installed (CI installs Debian's postgresql)",
)
def test_run_and_event_storage_on_postgresql(tmp_path):
    import psycopg2

    with services.postgres(54329) as port:
        home = tmp_path / "home"
        home.mkdir()
        shutil.copyfile(PROJECT / "deploy" / "postgres" / "dagster.yaml", home / "dagster.yaml")
        env = {
            "DAGSTER_HOME": str(home),
            "CORRIDOR_WAREHOUSE": str(tmp_path / "w.duckdb"),
            "CORRIDOR_REPORTS": str(tmp_path / "reports"),
            **services.pg_env(port),
        }
        proc = run_corridor(["run"], env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="dagster")
        cur = con.cursor()
        cur.execute("SELECT count(*) FROM runs WHERE status = 'SUCCESS'")
        assert cur.fetchone()[0] == 1
        cur.execute("SELECT count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'")
        assert cur.fetchone()[0] >= 6
        con.close()
