"""Great Expectations Data Docs: GX's own HTML report of the validations, written to a local folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines.config import DataPaths
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
        for name in engine.SUITES:  # every suite has a page, even one not run in this process
            engine.validation_definition(name)
        site = "corridor_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]
        if site not in (ctx.variables.data_docs_sites or {}):
            ctx.add_data_docs_site(site_name=site, site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
            })
        for result in results:
            engine.ensure_stored(result)
        ctx.build_data_docs(site_names=[site])
    index = folder / "index.html"
    if not index.is_file():
        raise RuntimeError(f"GX build_data_docs wrote no {index}")
    return index
