"""The Corridor code location (``[tool.dagster] module_name``): the Definitions built from the environment's
paths. Everything it is made of lives in ``pipelines/defs/``; see ``pipelines.defs.build.build_defs``."""

from __future__ import annotations

from pipelines.defs.automation import MAIN_JOB
from pipelines.defs.build import build_defs

defs = build_defs()

__all__ = ["MAIN_JOB", "build_defs", "defs"]
