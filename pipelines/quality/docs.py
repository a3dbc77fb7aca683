"""Great Expectations Data Docs: GX's own HTML report of the validations, written to a local folder and
made readable offline.

GX's pages load Bootstrap, jQuery, bootstrap-table and Font Awesome from CDNs, and its index draws its
lists with bootstrap-table: opened from disk without a network the index lists nothing and the pages are
unstyled. So after GX writes the site, the pages lose their CDN links and scripts (their content is plain
HTML) and link a local stylesheet (``data_docs_offline.css``), and ``index.html`` (not GX's) is a static
index of every suite and every validation page in the folder, with each validation's run, data asset
and outcome (read from a ``.json`` written beside each page).
"""

from __future__ import annotations

import fcntl
import hashlib
import html
import json
import os
import re
import shutil
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from pipelines.config import DataPaths
from pipelines.fingerprint import CodeDeps
from pipelines.quality import engine
from pipelines.quality.result import SuiteResult


def default_docs_dir() -> Path:
    """The project's reports/data_docs/ (git-ignored); a run passes its own DataPaths.data_docs."""
    return DataPaths.under().data_docs


def build_data_docs(results: list[SuiteResult], folder: Path | None = None) -> Path:
    """Write GX Data Docs (suite pages and the validation pages of ``results``) and return index.html.

    The context is ephemeral, so the site is a filesystem site (TupleFilesystemStoreBackend) added to it
    for ``folder``; the in-memory results store keeps the newest result per suite, and the ``results``
    given are put back into it if a later run replaced them.
    """
    folder = Path(folder if folder is not None else default_docs_dir()).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with engine._LOCK:
        ctx = engine.gx_context()
        suites_current = _suite_pages_current(folder)
        if not suites_current:  # every suite has a page, even one not run in this process
            for name in engine.SUITES:
                engine.validation_definition(name)
        site = "corridor_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]
        if site not in (ctx.variables.data_docs_sites or {}):
            ctx.add_data_docs_site(
                site_name=site,
                site_config={
                    "class_name": "SiteBuilder",
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                    "site_section_builders": SITE_SECTIONS,
                    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
                },
            )
        for result in results:
            engine.ensure_stored(result)
        # No GX index: its builder also deletes every validation page whose result is no longer in the
        # in-memory store (which keeps one per suite), i.e. all but the last official provider's of a run.
        ctx.build_data_docs(site_names=[site], build_index=False)
        # The pages this build wrote: the suites' and those of the results in the store (older pages
        # in the folder were made offline, and summed up, by the build that wrote them).
        given = {r.gx_key: r for r in results if r.gx_key is not None}
        store = ctx.validation_results_store
        pages = []
        for key in store.list_keys():
            page = _page_path(folder, key)
            if page.is_file():
                _write_summary(page, store.get(key), given.get(key))
                pages.append(page)
        make_offline(folder, [*(folder / "expectations").glob("*.html"), *pages])
        if not suites_current:
            (folder / SUITE_MARKER).write_text(_suite_version(), encoding="utf-8")
        return write_index(folder, pages)


# The suite pages show the suites' definitions as GX renders them: they are rendered again only when those
# change (building every suite's GX objects to render unchanged pages was a second of a one-article run).
SUITE_CODE = CodeDeps(modules=("pipelines.quality.suites", "pipelines.quality.engine"))
SUITE_MARKER = Path("expectations") / ".corridor-suites"


def _suite_version() -> str:
    return f"{SUITE_CODE.fingerprint()} great_expectations {version('great_expectations')}"


def _suite_pages_current(folder: Path) -> bool:
    """Every suite's page is in ``folder``, rendered from the suites and GX version of this code."""
    marker = folder / SUITE_MARKER
    return (
        marker.is_file()
        and marker.read_text(encoding="utf-8") == _suite_version()
        and all((folder / "expectations" / f"{name}.html").is_file() for name in engine.SUITES)
    )


# GX's sections with their templates compiled once per process (GX's own view compiles them every build).
_VIEW = {"module_name": "pipelines.quality.gx_page_view", "class_name": "CompiledOncePageView"}
SITE_SECTIONS = {"expectations": {"view": _VIEW}, "validations": {"view": _VIEW}}

OFFLINE_CSS = Path(__file__).with_name("data_docs_offline.css")
CSS_TARGET = Path("static") / "styles" / "corridor_offline.css"
MARKER = '<meta name="corridor-offline" content="1">'
# What a page would fetch from the network: stylesheets, scripts and images from http(s) URLs, every
# script (GX's inline ones need jQuery), CSS url(...) to http(s).
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=[\"'](?:https?:)?//[^>]*>", re.I)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S)
_REMOTE_IMG = re.compile(r"<img\b[^>]*\bsrc=[\"'](?:https?:)?//[^>]*>", re.I | re.S)
_REMOTE_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", re.I)


def _page_path(folder: Path, key) -> Path:
    *parts, name = key.to_tuple()
    return folder.joinpath("validations", *parts, f"{name}.html")


def _write_summary(page: Path, gx_result, result: SuiteResult | None) -> None:
    """Beside a validation page, what the index shows of it: run, data asset, outcome, counts."""
    target = page.with_suffix(".json")
    if result is None and target.is_file():  # written with the rows counts by the build given the result
        return
    run_id = gx_result.meta.get("run_id")  # a dict once the result went through the store
    summary = {
        "suite": gx_result.suite_name,
        "run_name": run_id.get("run_name") if isinstance(run_id, dict) else getattr(run_id, "run_name", None),
        "run_time": str(gx_result.meta.get("validation_time") or ""),
        "data_asset": (gx_result.meta.get("batch_spec") or {}).get("data_asset_name"),
        "success": bool(gx_result.success),
        # GX's own counts, as on the page (the Polars schema check before GX is not among them)
        "evaluated_expectations": int(gx_result.statistics["evaluated_expectations"]),
        "successful_expectations": int(gx_result.statistics["successful_expectations"]),
    }
    if result is not None:
        summary.update(
            success=bool(result.success), rows=int(result.rows), quarantined_rows=int(result.quarantine.height)
        )
    target.write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")


def offline_html(text: str, css_href: str) -> str:
    """A GX page without what it would fetch, linking the local stylesheet instead."""
    if MARKER in text:
        return text
    for pattern in (_SCRIPT, _REMOTE_LINK, _REMOTE_IMG):
        text = pattern.sub("", text)
    text = _REMOTE_URL.sub("none", text)
    return text.replace("</head>", f'{MARKER}<link rel="stylesheet" href="{css_href}">\n</head>', 1)


def make_offline(folder: Path, pages: list[Path] | None = None) -> None:
    """GX pages under ``folder`` (default: every suite and validation page) made readable without a network."""
    css = folder / CSS_TARGET
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OFFLINE_CSS, css)
    if pages is None:
        pages = [p for sub in ("expectations", "validations") for p in (folder / sub).rglob("*.html")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = offline_html(text, Path(os.path.relpath(css, page.parent)).as_posix())
        if new != text:
            page.write_text(new, encoding="utf-8")


def _validation_row(folder: Path, page: Path) -> dict:
    """What the index shows of a validation page: its summary (``_write_summary``), else what its path says."""
    parts = page.relative_to(folder / "validations").parts
    summary_file = page.with_suffix(".json")
    row = json.loads(summary_file.read_text(encoding="utf-8")) if summary_file.is_file() else {}
    row.setdefault("suite", parts[0])
    row.setdefault("run_name", parts[1] if len(parts) > 3 else "")
    if "run_time" not in row and len(parts) > 3:
        try:
            row["run_time"] = datetime.strptime(parts[2], "%Y%m%dT%H%M%S.%fZ").isoformat()
        except ValueError:
            row["run_time"] = parts[2]
    row["href"] = page.relative_to(folder).as_posix()
    return row


# The index's row of every validation page in the folder, by page: a build adds the rows of the pages it wrote
# instead of reading every page's summary of the folder's history (0.5 s a build at 6,000 validations, and a
# run builds once per validated asset). Without it (a folder from before, or deleted to rebuild it after
# removing pages by hand), every page is read once more.
INDEX_ROWS = ".corridor-index-rows.json"
INDEX_LOCK = ".corridor-index.lock"  # builds in parallel (workers) add their rows one at a time


def _validations(folder: Path, written: list[Path] | None) -> list[dict]:
    kept = folder / INDEX_ROWS
    rows = None
    if written is not None and kept.is_file():
        try:
            rows = json.loads(kept.read_text(encoding="utf-8"))
        except ValueError:  # a half-written or edited file: read every page again
            rows = None
    if isinstance(rows, dict):
        rows.update((r["href"], r) for r in (_validation_row(folder, page) for page in written))
    else:
        rows = {r["href"]: r for r in (_validation_row(folder, p) for p in (folder / "validations").rglob("*.html"))}
    tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(rows, default=str), encoding="utf-8")
    os.replace(tmp, kept)
    return sorted(rows.values(), key=lambda r: (r.get("run_time") or "", r["suite"]), reverse=True)


def _cell(value) -> str:
    return f"<td>{html.escape(str(value)) if value is not None else ''}</td>"


def write_index(folder: Path, written: list[Path] | None = None) -> Path:
    """``index.html``: every suite page and every validation page in ``folder``, static, nothing fetched. With
    ``written`` (the validation pages a build wrote), the other pages' rows are those kept (``INDEX_ROWS``)."""
    with open(folder / INDEX_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return _write_index(folder, written)


def _write_index(folder: Path, written: list[Path] | None) -> Path:
    suites = sorted(p.stem for p in (folder / "expectations").glob("*.html"))
    validations = _validations(folder, written)
    suite_rows = "".join(
        f'<tr><td><a href="expectations/{html.escape(s)}.html">{html.escape(s)}</a></td>'
        f"{_cell(sum(1 for v in validations if v['suite'] == s))}</tr>"
        for s in suites
    )
    validation_rows = []
    for v in validations:
        outcome = {True: '<td class="ok">passed</td>', False: '<td class="bad">failed</td>'}.get(
            v.get("success"), "<td></td>"
        )
        counts = (
            f"{v['successful_expectations']} of {v['evaluated_expectations']}"
            if "evaluated_expectations" in v
            else None
        )
        validation_rows.append(
            f"<tr>{_cell((v.get('run_time') or '')[:19].replace('T', ' '))}"
            f'<td><a href="{html.escape(v["href"])}">{html.escape(v["suite"])}</a></td>'
            f"{_cell(v.get('data_asset'))}{_cell(v.get('run_name'))}{outcome}{_cell(counts)}"
            f"{_cell(v.get('rows'))}{_cell(v.get('quarantined_rows'))}</tr>"
        )
    page = INDEX_TEMPLATE.format(
        css=CSS_TARGET.as_posix(),
        n_suites=len(suites),
        n_validations=len(validations),
        suite_rows=suite_rows,
        validation_rows="".join(validation_rows),
    )
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Corridor · Great Expectations Data Docs</title>
<link rel="stylesheet" href="{css}">
<style>.ok {{ color: #1e7e34; font-weight: 600; }} .bad {{ color: #c82333; font-weight: 600; }}
main {{ padding: 1.25rem 2rem; max-width: 90rem; }}</style>
</head><body>
<nav class="navbar"><strong>Corridor · Great Expectations Data Docs</strong></nav>
<main>
<p class="lead">The Great Expectations suites Corridor runs and every validation written to this folder,
newest first. The pages open from disk and load nothing from the network.</p>
<h4 id="suites">Expectation suites ({n_suites})</h4>
<table><thead><tr><th>suite</th><th>validations here</th></tr></thead><tbody>{suite_rows}</tbody></table>
<h4 id="validations">Validations ({n_validations})</h4>
<table><thead><tr><th>run time (UTC)</th><th>suite</th><th>data asset</th><th>run</th><th>outcome</th>
<th>expectations met</th><th>rows</th><th>quarantined rows</th></tr></thead>
<tbody>{validation_rows}</tbody></table>
</main></body></html>
"""
