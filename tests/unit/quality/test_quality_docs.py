"""Data Docs, the lazy GX import, quiet validations, the suites as GX objects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipelines.config import DataPaths
from pipelines.quality import (
    build_data_docs,
    default_docs_dir,
    validate_claims,
    validate_observations,
    validate_reference,
)
from pipelines.quality.docs import _page_path
from pipelines.quality.engine import gx_context, gx_suite, gx_timings
from pipelines.quality.suites import SUITES
from tests.helpers.builders import (
    DATASET_KEY,
    claims_frame,
    clean_claims,
    clean_observations,
    observations_frame,
    releases_frame,
    small_reference,
    texts_frame,
    valid_claim,
)

PROJECT = Path(__file__).resolve().parents[3]


def test_data_docs_index_is_written(tmp_path):
    ref = small_reference()
    rows = clean_claims()
    rows[2] = valid_claim(2, value_low=9e9)
    claims = validate_claims(claims_frame(rows), ref, texts_frame())
    obs = validate_observations(observations_frame(clean_observations()), ref, releases_frame(), {DATASET_KEY: 6})
    reference = validate_reference(ref)
    index = build_data_docs([claims, obs, reference], tmp_path / "docs")
    assert index == (tmp_path / "docs" / "index.html").resolve()
    assert index.is_file()
    html = index.read_text(encoding="utf-8")
    for suite in ("claims", "observations", "reference"):
        assert suite in html
        assert (tmp_path / "docs" / "expectations" / f"{suite}.html").is_file()
    pages = list((tmp_path / "docs" / "validations" / "claims").rglob("*.html"))
    assert len(pages) == 1
    page = pages[0].read_text(encoding="utf-8")
    assert "claim_value_low_le_value" in page  # the check's name is the expectation's description


def test_data_docs_keep_a_result_replaced_by_a_later_run(tmp_path):
    ref = small_reference()
    first = validate_claims(claims_frame(clean_claims()), ref, texts_frame())
    validate_claims(claims_frame(clean_claims()[:2]), ref, texts_frame())  # replaces `first` in the store
    build_data_docs([first], tmp_path)
    *folders, page = first.gx_key.to_tuple()
    assert (tmp_path / "validations" / Path(*folders) / f"{page}.html").is_file()


def test_importing_the_package_does_not_import_gx():
    code = "import sys, pipelines.quality; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_validation_prints_no_progress_bars(capfd):
    validate_claims(claims_frame(clean_claims()), small_reference(), texts_frame())
    out, err = capfd.readouterr()
    assert "Calculating Metrics" not in err + out
    assert "it/s" not in err + out


def test_context_is_built_once_and_timed():
    validate_reference(small_reference())
    ctx, timings = gx_context(), gx_timings()
    validate_reference(small_reference())
    assert gx_context() is ctx and gx_timings() is timings
    assert timings.import_seconds > 0


def test_gx_suites_hold_every_check_with_its_name():
    for name, checks in SUITES.items():
        suite = gx_suite(name)
        metas = [e.meta["check"] for e in suite.expectations]
        assert sorted(metas) == sorted(c.name for c in checks)
        assert all(e.description.startswith(e.meta["check"] + ":") for e in suite.expectations)


def test_docs_folder_is_under_reports(tmp_path):
    assert default_docs_dir() == DataPaths.under().reports / "data_docs"
    res = validate_reference(small_reference())
    index = build_data_docs([res], DataPaths.under(reports=tmp_path / "reports").data_docs)
    assert index == (tmp_path / "reports" / "data_docs" / "index.html").resolve() and index.is_file()


def test_suite_pages_are_rendered_only_when_missing_or_from_other_suites(tmp_path):
    """A fresh process whose docs folder holds every suite's page for these suites builds the GX objects of
    the suite it validated only; a missing page or a marker from other suite definitions makes it build
    and render every suite again."""
    docs = tmp_path / "docs"
    script = (
        "import sys; sys.path.insert(0, '.')\n"
        "from pathlib import Path\n"
        "from pipelines.quality import build_data_docs, validate_claims\n"
        "from pipelines.quality.engine import _STATE\n"
        "from tests.helpers.builders import claims_frame, clean_claims, small_reference, texts_frame\n"
        "r = validate_claims(claims_frame(clean_claims()), small_reference(), texts_frame())\n"
        f"build_data_docs([r], Path({str(docs)!r}))\n"
        "print(','.join(sorted(_STATE['vds'])))\n"
    )

    def fresh_build() -> list[str]:
        run = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-2000:]
        return run.stdout.strip().splitlines()[-1].split(",")

    everything = sorted(SUITES)
    assert fresh_build() == everything  # a new folder: every suite's page
    marker, page = docs / "expectations" / ".corridor-suites", docs / "expectations" / "observations.html"
    assert marker.is_file() and page.is_file()
    assert fresh_build() == ["claims"]  # pages current: only the suite validated
    page.unlink()
    assert fresh_build() == everything and page.is_file()
    page.write_text("stale", encoding="utf-8")
    marker.write_text("suites of another version", encoding="utf-8")
    assert fresh_build() == everything
    assert "stale" not in page.read_text(encoding="utf-8")
    assert marker.read_text(encoding="utf-8") != "suites of another version"


def test_gx_templates_are_compiled_once_per_process(tmp_path, monkeypatch):
    """GX's own page view compiled its Jinja templates again at every Data Docs build: ours reuse them."""
    import jinja2

    compiled = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    result = validate_claims(claims_frame(clean_claims()), small_reference(), texts_frame())
    build_data_docs([result], tmp_path / "first")
    before = len(compiled)  # none if this process built Data Docs before
    build_data_docs([result], tmp_path / "second")
    assert len(compiled) == before
    first, second = (_page_path(tmp_path / f, result.gx_key).read_text(encoding="utf-8") for f in ("first", "second"))
    assert "claim_value_low_le_value" in first and first == second


def test_the_index_reads_the_pages_a_build_wrote_not_every_page_of_the_folder(tmp_path, monkeypatch):
    """A build adds its pages' rows to those kept (``INDEX_ROWS``): its cost does not grow with the folder's
    history. Without the kept rows, every page is read again, and the index is the same."""
    from pipelines.quality import docs

    folder = tmp_path / "docs"
    ref = small_reference()
    for n in range(3):
        build_data_docs([validate_claims(claims_frame(clean_claims()[: n + 1]), ref, texts_frame())], folder)
    read = []
    real = docs._validation_row
    monkeypatch.setattr(docs, "_validation_row", lambda folder, page: read.append(page) or real(folder, page))
    last = validate_claims(claims_frame(clean_claims()), ref, texts_frame())
    index = build_data_docs([last], folder)
    pages = sorted((folder / "validations").rglob("*.html"))
    assert len(pages) >= 4 and _page_path(folder, last.gx_key) in read and len(read) < len(pages)
    listed = index.read_text(encoding="utf-8")
    assert all(p.relative_to(folder).as_posix() in listed for p in pages)
    assert f"Validations ({len(pages)})" in listed
    (folder / docs.INDEX_ROWS).unlink()
    read.clear()
    assert docs.write_index(folder, []).read_text(encoding="utf-8") == listed
    assert sorted(read) == pages
