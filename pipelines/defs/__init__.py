"""Dagster assets: thin wiring of the plain modules, with metadata for the UI."""
