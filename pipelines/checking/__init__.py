"""Claim checking: implied values in Polars; matching, verdicts and as-of logic in sql/marts/."""
