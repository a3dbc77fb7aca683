"""The validation helper process: what it hands back equals validating here; when it fails, the validation
runs here with a warning that says why."""

from __future__ import annotations

import logging
import sys

import pytest
from polars.testing import assert_frame_equal

from pipelines.quality import helper_process
from tests.helpers.builders import claims_frame, clean_claims, small_reference, texts_frame, valid_claim

NAMES = ("dagster-helper0", "article_claims")


@pytest.fixture
def helper():
    helper_process.start()
    yield
    helper_process.stop()


def _args():
    rows = clean_claims()
    rows[2] = valid_claim(2, value_low=9e9)  # a row-level failure: one row quarantined
    return (claims_frame(rows), small_reference(), texts_frame())


def _not_here(*args):
    raise AssertionError("validated in the test's process, not in the helper")


def test_the_helper_hands_back_what_validating_here_gives(helper, tmp_path, monkeypatch):
    here, here_docs = helper_process._validate_and_document("validate_claims", _args(), tmp_path / "here", NAMES)
    monkeypatch.setattr(helper_process, "_validate_and_document", _not_here)
    there, there_docs = helper_process.validate_and_document("validate_claims", _args(), tmp_path / "there", NAMES)
    assert there.gx_result is None and there.gx_key is None  # GX's objects stay in the helper
    assert_frame_equal(there.good, here.good)
    assert_frame_equal(there.quarantine, here.quarantine)
    assert there.quarantine.height == 1
    assert [e.as_dict() for e in there.expectations] == [e.as_dict() for e in here.expectations]
    assert (there.success, there.table_failures, there.rows) == (here.success, here.table_failures, here.rows)
    assert there_docs == (tmp_path / "there" / "index.html").resolve() and there_docs.is_file()
    pages = list((tmp_path / "there" / "validations" / "claims").rglob("*.html"))
    assert len(pages) == 1 and NAMES[1] in pages[0].read_text(encoding="utf-8")
    # the helper answers the next request too
    again, _ = helper_process.validate_and_document("validate_claims", _args(), tmp_path / "there", NAMES)
    assert_frame_equal(again.good, here.good)


def test_a_helper_that_dies_leaves_the_validation_here(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the helper exits at once
    helper_process.start()
    try:
        with caplog.at_level(logging.WARNING, logger=helper_process.__name__):
            result, docs = helper_process.validate_and_document("validate_claims", _args(), tmp_path, NAMES)
    finally:
        helper_process.stop()
    assert result.quarantine.height == 1 and result.gx_result is not None  # validated in this process
    assert docs.is_file()
    assert "validation helper process failed" in caplog.text and "exit status 1" in caplog.text
    assert helper_process._helper is None  # not asked again


def test_an_error_in_the_helper_is_raised_here_with_its_warning(helper, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger=helper_process.__name__):
        with pytest.raises(AttributeError, match="validate_nothing"):
            helper_process.validate_and_document("validate_nothing", (), tmp_path, NAMES)
    assert "validation helper process failed (AttributeError" in caplog.text
    # the helper itself is still there and answers
    result, _ = helper_process.validate_and_document("validate_claims", _args(), tmp_path, NAMES)
    assert result.quarantine.height == 1


def test_the_warm_up_builds_the_claims_suite_and_leaves_no_result_behind():
    """The helper warms GX up before its first request: the claims suite's validation definition is built, the
    empty validation it runs leaves nothing in GX's store for a Data Docs page to show, and every GX template
    is compiled (a Data Docs build uses fewer: only the warm-up compiles them all)."""
    from pipelines.quality import engine, gx_page_view

    store = engine.gx_context().validation_results_store
    before = set(store.list_keys())
    helper_process._warm_up(lambda: False)
    assert "claims" in engine._STATE["vds"]
    assert set(store.list_keys()) <= before
    templates = gx_page_view.CompiledOncePageView().env.list_templates()
    assert len(templates) > 30 and len(gx_page_view._COMPILED._code) == len(templates)


def test_the_warm_up_stops_when_a_request_is_waiting(monkeypatch):
    """A request waiting is answered first: the warm-up asks before each of its steps."""
    from pipelines.quality import engine

    built = []
    monkeypatch.setattr(engine, "validation_definition", built.append)
    asked = iter([False, True])
    helper_process._warm_up(lambda: next(asked))
    assert built == ["claims"]  # the claims suite's definition, then the request (no empty validation, no templates)
