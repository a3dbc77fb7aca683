"""Scale and speed, in one run on SYNTHETIC inputs: one figure per line, ``name value unit``.

    python -m pipelines.tools.bench [--rows 10000000] [--repeat 2] [--articles 2000] [--corpus 10000]
                              [--trials 3] [--no-official] [--skip-bulk] [--skip-extract] [--skip-pipeline]
                              [--growth 0,10000000,30000000] [--celery 1,2]

* bulk load: the same seeded Comtrade bulk CSV into a fresh DuckDB file by DuckDB alone
  (``CREATE TABLE t AS SELECT * FROM read_csv(...)``: the floor) and by Corridor's bulk ingest
  (``pipelines.official.bulk.ingest``: one pass into a Parquet part, checks, quarantine, GX suite, one
  transaction), each in its own process (its own peak RSS), timed inside it from connect to close;
* extraction: ``pipelines.tools.extract_bench`` (Corridor's extractor and natasha's NER, articles/s);
* the pipeline: ``corridor run`` on ``--corpus`` synthetic articles in a temporary data folder, then
  once more with nothing new, then one article added (only the articles' half runs), then nothing
  changed (no run is launched), then nothing changed with ``--all`` (every step), beside ``import
  dagster, great_expectations`` (the floor). ``incremental_above_noop_share``: (one article − nothing
  new) / full. The one-article run, the no-op after it and the floor are measured ``--trials`` times (a
  different new article each time) and their medians reported, each sample too: the machine's speed
  moves a five-second run by a second within minutes, more than one sample can tell from a change.
  Each run's exit code is printed: a run whose blocking check fails skips steps, so its time is not
  comparable (with data/official copied, a second run on the same data fails the press row-count band
  check, a problem of the base project). ``--no-official`` runs articles only.

* ``--growth``: one article's load into warehouses holding 0, 10M, 30M... commodity rows, in turn (time and
  extra disk: a load must cost what it adds, not what the warehouse holds);
* ``--celery``: the main job on ``--corpus`` articles with its steps on 1, 2... dagster-celery workers,
  beside one process (starts its own PostgreSQL and Redis on 127.0.0.1).

Lines starting with ``#`` are notes (the bulk load's steps), not figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipelines import config


def _rss_mib() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent
    across fork+exec, so a child would report the parent's peak (e.g. the generator's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def out(name: str, value: float, unit: str) -> None:
    text = str(int(value)) if float(value).is_integer() and abs(value) >= 1 else f"{value:.4g}"
    print(f"{name} {text} {unit}", flush=True)


# ----------------------------------------------------------------------------- children (own RSS)
def _child_baseline(csv: str, db: str) -> None:
    import duckdb

    t = time.perf_counter()
    con = duckdb.connect(db)
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [csv])
    con.close()
    print(f"{time.perf_counter() - t} {_rss_mib()}")


def _child_corridor(csv: str, db: str) -> None:
    from pipelines.official import bulk

    # GX's import (~6 s, once per process; a Dagster run has it already) is timed apart from the load.
    t = time.perf_counter()
    bulk.prewarm_gx().join()
    gx = time.perf_counter() - t
    t = time.perf_counter()
    res = bulk.ingest(Path(csv), Path(db), title="SYNTHETIC Comtrade bulk file (pipelines.tools.bench)")
    secs = time.perf_counter() - t
    print(f"{secs} {_rss_mib()} {res.loaded} {res.quarantined} {gx}")
    print(" ".join(f"{k}={v:.2f}" for k, v in res.seconds.items()), file=sys.stderr)


def _run_child(kind: str, csv: Path, db: Path) -> list[float]:
    for p in (db, Path(f"{db}.wal")):
        p.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.tools.bench", "--child", kind, str(csv), str(db)],
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{proc.stdout}\n{proc.stderr}")
    if proc.stderr.strip():
        print(f"# {kind} steps: {proc.stderr.strip().splitlines()[-1]}", flush=True)
    return [float(x) for x in proc.stdout.split()]


def bench_bulk(rows: int, seed: int, work: Path, repeat: int) -> None:
    from pipelines.tools import synthetic_comtrade as comtrade_bulk

    csv = work / f"synthetic_comtrade_bulk_{rows}_{seed}.csv"
    t = time.perf_counter()
    f = comtrade_bulk.generate(csv, rows, seed=seed)
    out("bulk_rows", rows, "rows")
    out("bulk_generate_s", time.perf_counter() - t, "s")
    out("bulk_file", csv.stat().st_size / 2**20, "MiB")
    out("bulk_planted_faults", sum(f.faults.values()), "rows")
    base, corr = [], []
    for _ in range(repeat):  # interleaved, so that a busy machine slows both alike
        base.append(_run_child("baseline", csv, work / "baseline.duckdb"))
        corr.append(_run_child("corridor", csv, work / "corridor.duckdb"))
    b = min(base, key=lambda r: r[0])
    c = min(corr, key=lambda r: r[0])
    out("baseline_s", b[0], "s")
    out("baseline_peak_rss", b[1], "MiB")
    out("corridor_s", c[0], "s")
    out("corridor_peak_rss", c[1], "MiB")
    out("ratio", c[0] / b[0], "x")
    out("corridor_gx_import_s", c[4], "s")
    out("corridor_cold_s", c[0] + c[4], "s")
    out("ratio_cold", (c[0] + c[4]) / b[0], "x")
    out("corridor_loaded", c[2], "rows")
    out("corridor_quarantined", c[3], "rows")
    if repeat > 1:
        out("baseline_s_max", max(r[0] for r in base), "s")
        out("corridor_s_max", max(r[0] for r in corr), "s")
    csv.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------ extraction
def bench_extraction(n: int, natasha_n: int, seed: int) -> None:
    from pipelines.tools import extract_bench as xb
    from pipelines.tools.synthetic_articles import generate

    articles = generate(n, seed=seed)
    secs, _ = xb.bench_extract(articles)
    rate = len(articles) / secs
    out("extract_articles", len(articles), "articles")
    out("extract_rate", rate, "articles/s")
    if natasha_n > 0:
        sub = articles[: max(1, min(natasha_n, len(articles)))]
        nsecs = xb.bench_natasha(sub)
        if nsecs is not None:
            out("natasha_rate", len(sub) / nsecs, "articles/s")
            out("extract_vs_natasha", rate / (len(sub) / nsecs), "x")


# -------------------------------------------------------------------------------------- pipeline
def _write_articles(folder: Path, articles) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / f"{a.name}.txt").write_text(f"date {a.published.isoformat()}\n{a.text}\n", encoding="utf-8")


def _corridor_run(env: dict, label: str, *flags: str) -> float:
    """Wall time of one ``corridor run``; a failed run is timed too, and its exit code and failed
    checks are printed (a failed step skips work, so its time is not comparable)."""
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", *flags],
        env=env,
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
    )
    secs = time.perf_counter() - t
    out(f"{label}_exit_code", proc.returncode, "rc")
    if proc.returncode != 0:
        for line in proc.stdout.splitlines():
            if line.strip().startswith("FAILED"):
                print(f"# {label}: {line.strip()[:300]}", flush=True)
    return secs


def _compile_project() -> None:
    """Compile the project's modules once, as Python does on a user's first run: a machine with
    PYTHONDONTWRITEBYTECODE set (this one) would otherwise compile them in every timed run (~0.35 s each)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(config.PROJECT_ROOT / "pipelines")],
        check=True,
        cwd=config.PROJECT_ROOT,
    )


def _median_of(label: str, samples: list[float]) -> float:
    """The median of ``samples``, each printed as ``<label>_<i>_s`` first."""
    for i, secs in enumerate(samples, 1):
        out(f"{label}_{i}_s", secs, "s")
    return statistics.median(samples)


def bench_pipeline(corpus: int, seed: int, work: Path, official: bool = True, trials: int = 3) -> None:
    from pipelines.tools.synthetic_articles import generate

    _compile_project()

    data = work / "data"
    for part in ("reference", "official") if official else ("reference",):
        shutil.copytree(config.PROJECT_ROOT / "data" / part, data / part)
    if not official:
        (data / "official").mkdir()
    (data / "inbox").mkdir(parents=True)
    articles = generate(corpus + trials, seed=seed)
    _write_articles(data / "articles", articles[:corpus])
    env = {
        **os.environ,
        "CORRIDOR_DATA": str(data),
        "CORRIDOR_WAREHOUSE": str(work / "warehouse.duckdb"),
        "DAGSTER_HOME": str(work / "dagster_home"),
        "CORRIDOR_REPORTS": str(work / "reports"),
    }
    full = _corridor_run(env, "pipeline_full")
    # The second run on a new warehouse validates the official snapshots again (their fingerprint holds the
    # release counts the first run loaded): run once with nothing new, so that the one-article run is timed
    # in the steady state of a daily run.
    second = _corridor_run(env, "pipeline_second")
    ones, noops, floors = [], [], []
    for k in range(trials):  # a new article, then nothing new; the floor between them and the next article
        _write_articles(data / "articles", articles[corpus + k : corpus + k + 1])
        ones.append(_corridor_run(env, f"pipeline_add_one_{k + 1}"))
        noops.append(_corridor_run(env, f"pipeline_noop_{k + 1}"))
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import dagster, great_expectations"], check=True, env=env)
        floors.append(time.perf_counter() - t)
    # every step with nothing new (`corridor run --all`): what Dagster's steps cost when no half is skipped
    noop_all = _corridor_run(env, "pipeline_noop_all", "--all")
    one = _median_of("pipeline_add_one", ones)
    noop = _median_of("noop", noops)
    floor = _median_of("import_floor", floors)
    out("pipeline_articles", corpus, "articles")
    out("pipeline_official_data", int(official), "bool")
    out("pipeline_full_s", full, "s")
    out("pipeline_add_one_s", one, "s")
    out("incremental_share", 100 * one / full, "%")
    out("noop_s", noop, "s")
    out("pipeline_second_s", second, "s")
    # the measure: what one article costs above a run with nothing new, against a full run
    out("incremental_above_noop_share", 100 * (one - noop) / full, "%")
    # the same measure per trial (its one-article run and the no-op after it)
    for k, (one_k, noop_k) in enumerate(zip(ones, noops, strict=True), 1):
        out(f"incremental_above_noop_share_{k}", 100 * (one_k - noop_k) / full, "%")
    out("import_floor_s", floor, "s")
    out("noop_vs_floor", noop / floor, "x")
    out("noop_all_s", noop_all, "s")
    out("noop_all_vs_floor", noop_all / floor, "x")


# ------------------------------------------------------------------------- load cost vs warehouse size
def _tree_bytes(root: Path, name: str) -> int:
    """Bytes of the warehouse: its DuckDB file(s) and anything beside it named after it (copies, WAL,
    Parquet parts)."""
    total = 0
    for p in root.iterdir():
        if not p.name.startswith(name) and not p.name.startswith(f".{name}"):
            continue
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def _one_article(i: int):
    """A SYNTHETIC article's staged rows: its source, text and one claim (what warehouse_articles writes)."""
    import polars as pl

    from pipelines import load, model

    sid = f"article:synthetic{i:010d}"
    text = f"SYNTHETIC article {i}: trade between A and B reached {i} million dollars."
    return load.Staged(
        tables={
            "source": model.conform(
                pl.DataFrame(
                    {
                        "source_id": [sid],
                        "kind": ["article"],
                        "sha256": [f"{i:064d}"],
                        "path": [f"articles/synthetic_{i}.txt"],
                    }
                ),
                model.SOURCE,
            ),
            "article_text": model.conform(pl.DataFrame({"source_id": [sid], "text": [text]}), model.ARTICLE_TEXT),
            "claim": model.conform(
                pl.DataFrame(
                    {
                        "claim_id": [f"c{i}"],
                        "source_id": [sid],
                        "indicator": ["trade.total"],
                        "measure": ["level"],
                        "value": [float(i)],
                        "unit": ["USD"],
                        "qualifier": ["exact"],
                        "record": [False],
                        "quote": [text],
                        "quote_start": [0],
                        "start": [0],
                        "end": [1],
                    }
                ),
                model.CLAIM,
            ),
        }
    )


def _timed_article_load(db: Path, i: int) -> tuple[float, int]:
    """Seconds of one article's load (``load.write_unless_unchanged``, as warehouse_articles does it) and the
    warehouse's peak extra disk meanwhile (sampled every 5 ms)."""
    import threading

    from pipelines import load

    staged = _one_article(i)
    before = _tree_bytes(db.parent, db.name)
    peak, done = [before], threading.Event()

    def sample():
        while not done.is_set():
            try:
                peak[0] = max(peak[0], _tree_bytes(db.parent, db.name))
            except OSError:  # a file renamed or removed under us
                pass
            time.sleep(0.005)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t = time.perf_counter()
    load.write_unless_unchanged(
        db, f"bench_article_{i}", load.staged_fingerprint(staged), lambda con: load.load_staged(con, staged)
    )
    secs = time.perf_counter() - t
    done.set()
    th.join()
    return secs, peak[0] - before


def bench_growth(sizes: list[int], seed: int, work: Path, repeat: int = 9, faults: bool = True) -> None:
    """One article's load into warehouses holding 0, 10M, 30M... commodity rows (one warehouse per size, filled
    with the same SYNTHETIC bulk files of 10M rows each by ``bulk.ingest``): its time (median and fastest of
    ``repeat`` rounds) and extra disk. The rounds load one article into each size in turn, so every size
    meets the same disturbance of a shared machine (sizes timed one after the other differed by a third
    with nothing but the machine's speed between them). ``faults``: the files carry the generator's
    planted faults (3.4 % of rows, refused into ``quarantine``, which lives in the DuckDB file); without,
    the warehouses grow by commodity rows alone."""
    from pipelines.official import bulk
    from pipelines.tools import synthetic_comtrade

    per_file = 10_000_000
    sizes = sorted(set(sizes))
    dbs = {target: work / f"growth_{target}" / "growth.duckdb" for target in sizes}
    for db in dbs.values():
        db.parent.mkdir(parents=True, exist_ok=True)
    csvs: dict[tuple[int, int], Path] = {}  # (file's number, rows): each generated once, loaded into every size
    for target in sizes:
        for n_file in range(-(-target // per_file)):
            rows = min(per_file, target - n_file * per_file)
            csv = csvs.get((n_file, rows))
            if csv is None:
                csv = csvs[n_file, rows] = work / f"synthetic_comtrade_growth_{n_file}_{rows}.csv"
                synthetic_comtrade.generate(csv, rows, seed=seed + n_file, fault_rates=None if faults else {})
            t0 = time.perf_counter()
            res = bulk.ingest(
                csv,
                dbs[target],
                release=f"synthetic-{n_file}",
                title="SYNTHETIC Comtrade bulk file (pipelines.tools.bench)",
            )
            out(f"growth_bulk_load_{target}_file_{n_file}_s", time.perf_counter() - t0, "s")
            print(f"# growth: {res.loaded} rows loaded ({res.quarantined} quarantined) for {target}", flush=True)
    for csv in csvs.values():
        csv.unlink()
    runs = _interleaved_loads(list(dbs.values()), repeat)
    median, fastest = {}, {}
    for target, db in dbs.items():
        median[target], fastest[target], extra_mib = _load_summary(runs[db])
        out(f"growth_article_load_{target}_s", median[target], "s")
        out(f"growth_article_load_{target}_min_s", fastest[target], "s")
        out(f"growth_article_extra_disk_{target}", extra_mib, "MiB")
        out(f"growth_warehouse_disk_{target}", _tree_bytes(db.parent, db.name) / 2**20, "MiB")
        out(f"growth_commodity_rows_{target}", _commodity_rows(db), "rows")
    lo = sizes[0]
    for target in sizes[1:]:
        out(f"growth_article_load_{target}_vs_{lo}_median", median[target] / median[lo], "x")
        out(f"growth_article_load_{target}_vs_{lo}_min", fastest[target] / fastest[lo], "x")


def _interleaved_loads(dbs: list[Path], rounds: int) -> dict[Path, list[tuple[float, int]]]:
    """Seconds and extra disk of one article's load into each of ``dbs`` in turn, ``rounds`` times, after
    one untimed load each (which builds an empty warehouse's file): on a shared machine, interleaving gives
    every warehouse the same disturbance."""
    runs: dict[Path, list[tuple[float, int]]] = {db: [] for db in dbs}
    base = int(time.time()) % 10**7 * 100  # articles new to every warehouse, also on a second run
    for db in dbs:
        _timed_article_load(db, base)
    for r in range(rounds):
        for i, db in enumerate(dbs):
            runs[db].append(_timed_article_load(db, base + 1 + r * len(dbs) + i))
    return runs


def _load_summary(runs: list[tuple[float, int]]) -> tuple[float, float, float]:
    """Median and fastest seconds, and the largest extra disk in MiB, of one warehouse's timed loads."""
    secs = sorted(r[0] for r in runs)
    return secs[len(secs) // 2], secs[0], max(r[1] for r in runs) / 2**20


def _commodity_rows(db: Path) -> int:
    """``trade_commodity``'s rows as a reader sees them (the registered parts)."""
    from pipelines import warehouse

    con = warehouse.connect_read_only(db)
    try:
        return con.execute("SELECT count(*) FROM trade_commodity").fetchall()[0][0]
    finally:
        con.close()


def bench_growth_interleaved(dbs: list[Path], rounds: int = 9) -> None:
    """One article's load into each of ``dbs`` (warehouses of different sizes, made by ``--growth``), in
    turn, ``rounds`` times (``_interleaved_loads``)."""
    runs = _interleaved_loads(dbs, rounds)
    # each warehouse named by its file's stem, or by its folder where stems repeat (``--growth`` makes
    # growth_<rows>/growth.duckdb)
    name = {db: db.stem if len({d.stem for d in dbs}) == len(dbs) else db.parent.name for db in dbs}
    summary = {db: _load_summary(runs[db]) for db in dbs}
    for db in dbs:
        median, fastest, extra_mib = summary[db]
        out(f"interleaved_{name[db]}_commodity_rows", _commodity_rows(db), "rows")
        out(f"interleaved_{name[db]}_article_load_s", median, "s")
        out(f"interleaved_{name[db]}_article_load_min_s", fastest, "s")
        out(f"interleaved_{name[db]}_article_extra_disk", extra_mib, "MiB")
    first = dbs[0]
    for db in dbs[1:]:
        out(f"interleaved_{name[db]}_vs_{name[first]}_median", summary[db][0] / summary[first][0], "x")
        out(f"interleaved_{name[db]}_vs_{name[first]}_min", summary[db][1] / summary[first][1], "x")


# ------------------------------------------------------------------------------------ scaling out
def bench_celery(worker_counts: list[int], corpus: int, seed: int, work: Path) -> None:
    """The main job on the shipped data plus ``corpus`` SYNTHETIC articles with its steps on 1, 2...
    dagster-celery workers (Redis broker and PostgreSQL run storage on 127.0.0.1, pipelines.tools.services),
    beside one process."""
    from pipelines.tools import services
    from pipelines.tools.synthetic_articles import generate

    data = work / "data"
    for part in ("reference", "official", "articles"):
        shutil.copytree(config.PROJECT_ROOT / "data" / part, data / part)
    if corpus:
        _write_articles(data / "articles", generate(corpus, seed=seed))
    base = {**os.environ, "CORRIDOR_DATA": str(data), "CORRIDOR_REPORTS": str(work / "reports")}
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run"],
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
        env={**base, "CORRIDOR_WAREHOUSE": str(work / "single.duckdb"), "DAGSTER_HOME": str(work / "home_single")},
    )
    out("celery_synthetic_articles", corpus, "articles")
    out("celery_single_process_s", time.perf_counter() - t, "s")
    out("celery_single_process_exit_code", proc.returncode, "rc")
    dbs = tuple(f"dagster_{n}" for n in worker_counts)
    with services.postgres(services.free_port(), dbs) as pg, services.redis(services.free_port()) as broker:
        for n in worker_counts:
            home = work / f"home_{n}"
            home.mkdir()
            shutil.copyfile(config.PROJECT_ROOT / "deploy" / "celery" / "dagster.yaml", home / "dagster.yaml")
            env = {
                **base,
                "DAGSTER_HOME": str(home),
                "CORRIDOR_WAREHOUSE": str(work / f"celery_{n}.duckdb"),
                **services.pg_env(pg, f"dagster_{n}"),
                **services.celery_env(broker, shards=max(2, n)),
            }
            names = tuple(f"bench_w{i}_of_{n}" for i in range(n))
            workers = [services.start_celery_worker(w, env, work / f"{w}.log", config.PROJECT_ROOT) for w in names]
            try:
                if not services.wait_for_workers(env, names):
                    raise RuntimeError(f"{n} celery worker(s) did not come up; see {work}/*.log")
                t = time.perf_counter()
                proc = subprocess.run(
                    [
                        str(Path(sys.executable).with_name("dagster")),
                        "job",
                        "execute",
                        "-m",
                        "pipelines.definitions_celery",
                        "-j",
                        "corridor_main",
                    ],
                    capture_output=True,
                    text=True,
                    cwd=config.PROJECT_ROOT,
                    env=env,
                )
                out(f"celery_workers_{n}_s", time.perf_counter() - t, "s")
                out(f"celery_workers_{n}_exit_code", proc.returncode, "rc")
            finally:
                for w in workers:
                    services.stop(w)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000, help="synthetic Comtrade bulk rows")
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles for the extraction figures")
    ap.add_argument("--natasha-n", type=int, default=300, help="of those, timed with natasha (0: skip)")
    ap.add_argument("--corpus", type=int, default=10_000, help="synthetic articles in the pipeline corpus")
    ap.add_argument("--repeat", type=int, default=1, help="bulk runs of each (min reported)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-bulk", action="store_true")
    ap.add_argument("--skip-extract", action="store_true")
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument(
        "--growth-interleaved",
        help="warehouse files (comma-separated): one article's load into each "
        "in turn, 9 rounds (sizes compared under the same disturbance)",
    )
    ap.add_argument("--growth-clean", action="store_true", help="--growth with files without planted faults")
    ap.add_argument(
        "--celery",
        help="worker counts (e.g. 1,2): the main job on --corpus articles with its steps on "
        "that many dagster-celery workers (needs redis-server and PostgreSQL)",
    )
    ap.add_argument(
        "--growth",
        help="commodity-row counts (e.g. 0,10000000,30000000): one article's load into a warehouse of each size",
    )
    ap.add_argument(
        "--trials", type=int, default=3, help="one-article runs (each with its no-op and floor; medians reported)"
    )
    ap.add_argument("--no-official", action="store_true", help="pipeline runs without data/official (articles only)")
    ap.add_argument("--workdir", help="scratch folder (default: a temporary one, removed after)")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "CSV", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, csv, db = args.child
        (_child_baseline if kind == "baseline" else _child_corridor)(csv, db)
        return 0
    work = Path(args.workdir or tempfile.mkdtemp(prefix="corridor-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.celery:
            (work / "celery").mkdir(exist_ok=True)
            bench_celery([int(x) for x in args.celery.split(",")], args.corpus, 20251126 + args.seed, work / "celery")
        if args.growth_interleaved:
            bench_growth_interleaved([Path(p) for p in args.growth_interleaved.split(",")])
        if args.growth:
            (work / "growth").mkdir(exist_ok=True)
            bench_growth(
                [int(x) for x in args.growth.split(",")], args.seed, work / "growth", faults=not args.growth_clean
            )
        if not args.skip_bulk:
            (work / "bulk").mkdir(exist_ok=True)
            bench_bulk(args.rows, args.seed, work / "bulk", args.repeat)
        if not args.skip_extract:
            bench_extraction(args.articles, args.natasha_n, 20251126)
        if not args.skip_pipeline:
            bench_pipeline(args.corpus, 20251126 + args.seed, work / "pipeline", not args.no_official, args.trials)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
