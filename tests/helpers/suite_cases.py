"""The GX suites' one-expectation cases validated together (tests/unit/quality): what every case asserts of
its own rows in the shared result."""

from __future__ import annotations

import polars as pl


def case_quarantine(res, cases: list[tuple], case: int, row_tag: pl.Expr) -> pl.DataFrame:
    """The quarantine rows of ``cases[case]`` (``row_tag``, read from the record, starts with ``"<case>:"``),
    after asserting that its expectation failed row by row on exactly its two rows and those of the cases that
    also fail it, and that each of its rows names exactly its expectations and the reason's words."""
    name, _, words, also = cases[case]
    outcome = res.outcome(name)
    assert outcome.row_level and not outcome.success
    assert outcome.unexpected_count == 2 * sum(name in (n, *a) for n, _, _, a in cases)
    q = res.quarantine.filter(row_tag.str.starts_with(f"{case}:"))
    for checks, reason in zip(q["check_name"], q["reason"], strict=True):
        assert set(checks.split("; ")) == {name} | also, checks
        assert words in reason, reason
    return q
