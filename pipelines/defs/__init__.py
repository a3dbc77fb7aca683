"""Everything that imports Dagster, and nothing else: assets, checks, resources, jobs, schedules, sensors and
run housekeeping, assembled by ``build.build_defs``. Pipeline logic does not go here: assets read their inputs
through resources, call one plain function and report metadata and checks."""
