"""The `corridor` command: run the pipeline, query the warehouse, extract figures, open the UI.

Each command builds one ``DataPaths`` from the environment and its flags and passes it on; the process
environment is never written (the UI's Dagster subprocess gets the paths through its own environment).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import shutil
import sys
import threading
from dataclasses import replace
from pathlib import Path

from pipelines.config import PROJECT_ROOT, DataPaths


class CommandError(Exception):
    """A user error: printed as one line (``corridor <command>: <message>``), exit status 2."""


def data_paths(args: argparse.Namespace) -> DataPaths:
    """The environment's paths, with the command's ``--warehouse`` flag over them."""
    paths = DataPaths.from_env()
    warehouse = getattr(args, "warehouse", None)
    return replace(paths, warehouse=Path(warehouse).resolve()) if warehouse else paths


def ensure_dagster_home(paths: DataPaths) -> Path:
    """The Dagster home of ``paths`` (default: .dagster_home in the project) with the project's dagster.yaml."""
    home = paths.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    template = PROJECT_ROOT / "dagster.yaml"
    if template.exists() and not (home / "dagster.yaml").exists():
        shutil.copyfile(template, home / "dagster.yaml")
    return home


# --- corridor run ---------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    paths = data_paths(args)
    ensure_dagster_home(paths)
    print(f"Corridor: building {paths.warehouse}", file=sys.stderr)
    from pipelines.quality import helper_process

    helper_process.start()  # imports Great Expectations on the other core meanwhile
    try:
        from pipelines.defs.run import NothingNew, run_main_job

        gc.freeze()  # Dagster, Polars, DuckDB and the project's modules: alive until the end (see run_command)
        result = run_main_job(
            paths,
            lambda run_id: print(
                f"Corridor: run {run_id} was abandoned by a killed process; marked failed, its slot freed",
                file=sys.stderr,
            ),
            everything=args.all,
        )
    finally:
        helper_process.stop()
    if isinstance(result, NothingNew):
        print(
            f"\n== Corridor: nothing new since run {result.since_run_id} (same inputs, code and warehouse); "
            "no run launched. `corridor run --all` runs every step anyway."
        )
        print_warehouse_summary(paths)
        return 0
    print_run_summary(result, paths)
    return 0 if result.success else 1


SUMMARY_ROWS = 40  # claims shown in the run summary (a big corpus has hundreds of thousands)


def print_run_summary(result, paths: DataPaths) -> None:
    from pipelines.defs.progress import root_cause

    checks = result.get_asset_check_evaluations()
    passed = [c for c in checks if c.passed]
    failed = [c for c in checks if not c.passed]
    print("\n== Corridor run", "succeeded" if result.success else "FAILED", f"(run {result.run_id})")
    for step in result.get_step_failure_events():
        err = step.event_specific_data.error
        print(f"  step failed: {step.step_key}: {root_cause(err)}")
    print(f"\nChecks: {len(passed)} passed, {len(failed)} failed")
    for c in failed:
        print(f"  FAILED {c.asset_key.to_user_string()}:{c.check_name} ({c.severity.value}): {c.description or ''}")
    docs = paths.data_docs / "index.html"
    if docs.exists():
        print(f"Great Expectations Data Docs: {docs}")
    print_warehouse_summary(paths)


def print_warehouse_summary(paths: DataPaths) -> None:
    from pipelines import warehouse as wh

    path = paths.warehouse
    if not path.exists():
        print(f"\nNo warehouse at {path}")
        return
    con = wh.connect_read_only(path)
    try:
        print(f"\nTables in {path}:")
        counts = wh.table_counts(con)
        for table, n in counts.items():
            print(f"  {table:<24} {n:>10,}")
        print("\nClaims by indicator:")
        print(_format_table(wh.query_frame(con, wh.sql_text("internal/run_summary_claims.sql")), "table"))
        if "claim_verdict" in counts:
            verdicts = wh.query_frame(con, wh.sql_text("internal/claim_verdict_preview.sql"), limit=SUMMARY_ROWS)
            print("\nClaims and their verdicts (claim_verdict):")
            print(_format_table(verdicts, "table"))
            if counts["claim_verdict"] > SUMMARY_ROWS:
                print(
                    f"... and {counts['claim_verdict'] - SUMMARY_ROWS:,} more: "
                    "`corridor query @sql/internal/claim_verdict_preview.sql`"
                )
        q = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
        print(f"\nQuarantine: {q} row(s); see `corridor query @sql/queries/quarantine_summary.sql`")
    finally:
        con.close()


# --- corridor query -------------------------------------------------------------------------------


def _format_table(df, fmt: str) -> str:
    import polars as pl

    if fmt == "json":
        return json.dumps(df.to_dicts(), default=str, ensure_ascii=False, indent=1)
    if fmt == "csv":
        flat = df.with_columns(
            [pl.col(c).cast(pl.List(pl.String)).list.join("|") for c, t in df.schema.items() if isinstance(t, pl.List)]
        )
        return flat.write_csv()
    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        fmt_str_lengths=120,
        tbl_width_chars=60_000,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        fmt_table_cell_list_len=8,
    ):
        return str(df)


def _read_sql_arg(arg: str) -> str:
    """The SQL text itself, or the text of the file ``@path`` names (a one-line error if it cannot be read)."""
    if not arg.startswith("@"):
        return arg
    path = Path(arg[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read the SQL file {path}: {exc.strerror or exc.__class__.__name__}") from exc


def cmd_query(args: argparse.Namespace) -> int:
    """The user's SQL on a connection that reads the warehouse and nothing else (pipelines/readonly.py)."""
    import duckdb

    from pipelines import warehouse as wh
    from pipelines.readonly import NoWarehouse, check_reading, connect_locked

    sql = _read_sql_arg(args.sql)
    try:
        con = connect_locked(data_paths(args).warehouse)
    except (NoWarehouse, duckdb.Error) as exc:  # no warehouse, or a file that is not one
        raise CommandError(str(exc).splitlines()[0]) from exc
    try:
        check_reading(con, sql)
        df = wh.query_frame(con, sql)
    except PermissionError as exc:
        raise CommandError(str(exc)) from exc
    except duckdb.Error as exc:
        raise CommandError(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__) from exc
    finally:
        con.close()
    print(_format_table(df, args.format))
    return 0


# --- corridor extract -----------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.articles.files import ArticleError, read_article
    from pipelines.extract import extract_figures, parse_published

    try:
        article = read_article(Path(args.path))
        published = parse_published(args.published) if args.published else article.published
    except (ArticleError, ValueError) as exc:
        print(f"corridor extract: {exc}", file=sys.stderr)
        return 2
    for fig in extract_figures(article.text, lang=args.lang or article.language, published=published):
        print(json.dumps(fig, ensure_ascii=False, default=str))
    return 0


# --- corridor report -----------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines import warehouse as wh
    from pipelines.checking.report import build_report

    paths = data_paths(args)
    try:
        con = wh.connect_read_only(paths.warehouse)
    except FileNotFoundError as exc:
        print(f"corridor report: {exc}", file=sys.stderr)
        return 2
    try:
        if "claim_verdict" not in wh.base_tables(con):
            print("corridor report: no claim checks yet; run `corridor run` first", file=sys.stderr)
            return 2
        out = Path(args.out) if args.out else paths.reports
        try:
            out.mkdir(parents=True, exist_ok=True)
            index = build_report(con, out)
        except OSError as exc:
            raise CommandError(f"cannot write the report to {out}: {exc.strerror or exc}") from exc
    finally:
        con.close()
    print(index)
    return 0


# --- corridor ui ----------------------------------------------------------------------------------


def cmd_ui(args: argparse.Namespace) -> int:
    from pipelines.processes import run_until_signalled

    paths = data_paths(args)
    home = ensure_dagster_home(paths)
    dagster = shutil.which("dagster") or str(Path(sys.executable).with_name("dagster"))
    cmd = [dagster, "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", args.host, "-p", str(args.port)]
    print(f"Dagster UI on http://{args.host}:{args.port} (DAGSTER_HOME={home}); Ctrl-C stops it.", file=sys.stderr)
    # Run from DAGSTER_HOME: `dagster dev` warns about a dagster.yaml in its working folder that is not
    # DAGSTER_HOME's (the project's template); the code location is imported from the installed package.
    # The webserver and daemon build the Definitions from their environment: the paths go there.
    return run_until_signalled(cmd, cwd=str(home), env={**os.environ, **paths.env()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="corridor", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "run",
        help="materialize, in process, what has new inputs since the last clean run (official data, articles, "
        "or both; nothing when nothing changed) and print a summary",
    )
    p.add_argument("--warehouse", help="DuckDB file (default: $CORRIDOR_WAREHOUSE or data/warehouse.duckdb)")
    p.add_argument("--all", action="store_true", help="run every step, even those whose inputs are unchanged")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("query", help="run read-only SQL against the warehouse")
    p.add_argument("sql", help="SQL text, or @file.sql")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--warehouse")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("extract", help="print the figures of one article as JSON lines")
    p.add_argument("path")
    p.add_argument("--lang", choices=["ru", "en"])
    p.add_argument("--published", help="YYYY-MM-DD, YYYY-MM or YYYY; relative periods are resolved against it")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("report", help="write the HTML report with one chart per series")
    p.add_argument("--out", help="folder (default: reports/)")
    p.add_argument("--warehouse")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("ui", help="start the Dagster webserver and daemon on 127.0.0.1")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=3000)
    p.add_argument("--warehouse")
    p.set_defaults(func=cmd_ui)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"corridor {args.command}: {exc}", file=sys.stderr)
        return 2


def run_command() -> None:
    """The ``corridor`` executable: ``main``, then exit without tearing the interpreter down.

    A command is a short batch process that imports Dagster, Great Expectations, Polars and DuckDB. Python's
    cyclic garbage collector, at its default thresholds, walks those modules' objects again and again
    (~1.3 s of a one-article run at 10,000 articles), and at exit it frees every object one by one (another
    ~1.5 s). So the collector runs less often, a command moves the objects of the modules it imported out of
    its way (``gc.freeze``), and the process ends with ``os._exit`` once its atexit handlers have run and its
    output is flushed, as the interpreter would do. When another thread is still running, the exit is the
    normal one.
    """
    gc.set_threshold(50_000, 20, 100)
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run_command()
