"""Building the claim-checking marts (sql/marts/*.sql, in file-name order) inside a write transaction: in full,
or only for the claims whose inputs changed since the last build.

Every mart row belongs to one claim (claim_candidate ... record_check) or one claimant (claimant_record), and
a claim's rows depend only on its claim row, its article's source row and the official_series rows of its keys
(claim_key), which are its rows of the claim_official view. That view is not stored (7.2M rows at 10,000
articles, which every load then copied with the file): the marts read its rows for the claims they derive only
(claim_official_of('mart_claim'), on a stored copy of official_series). The warehouse keeps what the marts were
derived from (sql/internal/marts/state_tables.sql): a hash per claim of its inputs, a hash per official key of
its rows, and fingerprints of the marts' code and official inputs. A build re-derives the claims added,
retired or changed, the claims on an official key whose rows changed, and the claimants those claims count
for; a change to the marts' code (or no recorded state) rebuilds everything. The official tables
(OFFICIAL_MART_TABLES: the marts' copy of official_series, the report's official rows and turnover) hold no
claim: they are rebuilt whole when the official inputs changed, else kept.
"""

from __future__ import annotations

from pipelines import integrity
from pipelines import warehouse as wh
from pipelines.fingerprint import CodeDeps, content_fingerprint

MART_TABLES = ["claim_candidate", "claim_check", "claim_verdict", "record_check", "claimant_record", "report_claim"]
# The marts' copy of official_series, the report's official rows and both sides' turnover
# (sql/internal/marts/official_tables.sql): derived from official inputs and reference tables only.
OFFICIAL_MART_TABLES = ("mart_official_series", "report_official", "report_mirror")
STATE_TABLES = ("mart_state", "mart_claim_input", "mart_official_key")  # sql/internal/marts/state_tables.sql
# The tables an update changes only in the rows of the claims it derives again (forget.sql, save.sql).
CLAIM_ROWS_TABLES = (
    "claim_candidate",
    "claim_check",
    "claim_verdict",
    "record_check",
    "report_claim",
    "mart_claim_input",
)
TODO_ROWS = "claim_id IN (SELECT claim_id FROM mart_todo)"
# The rows a build derived for each mart (a temp table per mart on an update; on a full build a temp view of
# the whole mart): a mart that reads another's rows for the claims it derives reads them there, not by a scan
# of the other mart for the claims to derive (sql/marts/*.sql).
NEW_ROWS = "mart_new_"
# What the marts read (besides the ref_* tables; corrections: errors in official figures recorded by hand),
# and the code and SQL that build them.
MART_INPUTS = ("claim", "observation", "release", "source", "corrections")
# The inputs that reach the marts only through official_series (a change is followed key by key).
OFFICIAL_INPUTS = ("observation", "release", "corrections")
MART_CODE = CodeDeps(modules=("pipelines.checking.marts",), sql=("sql/marts", "sql/views", "sql/internal/marts"))


def _ref_tables(con) -> list[str]:
    return [t for t in wh.base_tables(con) if t.startswith("ref_")]


def marts_fingerprint(con) -> str:
    """The content of the marts' input tables (as the loads recorded it: ``integrity.recorded_hashes``) and the
    marts' SQL, as one hash: the marts need no rebuild while it is the one recorded at their last build."""
    return content_fingerprint(
        MART_CODE.fingerprint(), integrity.recorded_hashes(con, [*MART_INPUTS, *_ref_tables(con)])
    )


def _code_fingerprint(con) -> str:
    """The marts' code and ref_indicator (report_claim words each claim's series with its indicator's name,
    and no claim's inputs hold it): a change to either rebuilds every mart."""
    return content_fingerprint(MART_CODE.fingerprint(), wh.content_hashes(con, ["ref_indicator"]))


def _official_fingerprint(con) -> str:
    return content_fingerprint(wh.content_hashes(con, [*OFFICIAL_INPUTS, *_ref_tables(con)]))


def _run(con, name: str, **params) -> None:
    con.execute(wh.sql_text(f"internal/marts/{name}.sql"), params or None)


def _mart_sql() -> dict[str, str]:
    """Each mart's query (its file name without the order prefix names the table)."""
    return {path.stem.split("_", 1)[1]: path.read_text(encoding="utf-8") for path in wh.sql_files("marts")}


def _can_update(con, code: str) -> bool:
    """True when the marts exist and were built by this code (their rows can be updated claim by claim)."""
    if not set(MART_TABLES) <= set(wh.base_tables(con)):
        return False
    built = con.execute(wh.sql_text("internal/marts/built_with.sql")).fetchall()
    return len(built) == 1 and built[0][0] == code


def build_marts(con, full: bool = False) -> dict[str, int]:
    """Bring the marts up to date with the current tables: re-derive only the claims whose inputs changed,
    or everything (``full``, a change to the marts' code, or no recorded state). Returns rows per mart
    plus ``claims_derived`` (the claims re-derived) and ``full_build`` (1 or 0)."""
    _run(con, "state_tables")
    code, official = _code_fingerprint(con), _official_fingerprint(con)
    full = full or not _can_update(con, code)
    # an update's integrity record follows the claims' rows it replaces, not every row (warehouse.note_rows)
    wh.mark_written(con, *[t for t in (*MART_TABLES, *STATE_TABLES) if full or t not in CLAIM_ROWS_TABLES])
    if full:
        _run(con, "reset")
    _run(con, "claims_now")
    built = con.execute(wh.sql_text("internal/marts/built_with.sql")).fetchall()
    official_changed = not (built and built[0][1] == official)
    if official_changed or not set(OFFICIAL_MART_TABLES) <= set(wh.base_tables(con)):
        wh.mark_written(con, *OFFICIAL_MART_TABLES)
        _run(con, "official_tables")
    # an official key's rows are compared only when the official inputs changed
    _run(con, "official_now" if official_changed else "official_same")
    _run(con, "todo")
    if official_changed:
        _run(con, "todo_official")
    _run(con, "todo_rows")
    derived = con.execute("SELECT count(*) FROM mart_todo").fetchall()[0][0]
    if not full and derived:
        wh.note_rows(con, CLAIM_ROWS_TABLES, TODO_ROWS, removed=True)
        _run(con, "forget")
    queries = _mart_sql()
    for table, query in queries.items():
        new = f"{NEW_ROWS}{table}"
        if full:
            con.execute(f'CREATE OR REPLACE TABLE "{table}" AS\n{query}')
            con.execute(f'CREATE OR REPLACE TEMP VIEW "{new}" AS SELECT * FROM "{table}"')
        elif derived:  # in the table's column order: a row hashes as it will in the table (note_rows below)
            con.execute(f'CREATE OR REPLACE TEMP TABLE "{new}" AS SELECT * FROM "{table}" LIMIT 0')
            con.execute(f'INSERT INTO "{new}" BY NAME\n{query}')
            con.execute(f'INSERT INTO "{table}" SELECT * FROM "{new}"')
    _run(con, "save")
    if not full and derived:  # the rows the claims to derive have now: in the marts, the ones just derived
        new_rows = {t: f"{NEW_ROWS}{t}" for t in CLAIM_ROWS_TABLES if t in MART_TABLES}
        wh.note_rows(con, CLAIM_ROWS_TABLES, TODO_ROWS, removed=False, rows_in=new_rows)
    for table in queries if full or derived else ():  # this build's rows are in the marts now
        con.execute(f'DROP {"VIEW" if full else "TABLE"} "{NEW_ROWS}{table}"')
    _run(con, "save_fingerprints", code=code, official=official)
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in MART_TABLES}
    return {**counts, "claims_derived": derived, "full_build": int(full)}


def rebuild_marts(con) -> dict[str, int]:
    """Recreate every mart from the current tables; returns rows per mart."""
    return build_marts(con, full=True)
