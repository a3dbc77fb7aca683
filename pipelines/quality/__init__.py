"""Data quality: Great Expectations (GX Core 1.x) suites for claims, observations and reference data.

Plain Python, no Dagster. Importing this package does not import Great Expectations (a 5-7 s import):
GX is imported and its ephemeral context built on the first validation, then cached for the process.

    ref = read_reference(folder)
    res = validate_claims(claims, ref, texts)
    res = validate_observations(obs, ref, releases, previous_counts)
    res = validate_reference(ref)
    build_data_docs([res, ...])  # → reports/data_docs/index.html
"""

from __future__ import annotations

from pipelines.quality.claims import validate_claims
from pipelines.quality.docs import build_data_docs, default_docs_dir
from pipelines.quality.observations import validate_observations
from pipelines.quality.reference_suite import validate_reference
from pipelines.quality.result import ExpectationOutcome, SuiteResult
from pipelines.reference import read_reference

__all__ = [
    "ExpectationOutcome",
    "SuiteResult",
    "build_data_docs",
    "default_docs_dir",
    "read_reference",
    "validate_claims",
    "validate_observations",
    "validate_reference",
]
