"""GX's Data Docs page view, its Jinja templates compiled once per process.

GX's view makes a new Jinja environment for each site section of each Data Docs build, and so compiled its
templates again every time (~0.1 s a build: a one-article run's validation is ~0.3 s). These views share one
in-memory bytecode cache, which Jinja checks against each template's source. Imports GX: it is named in the
Data Docs site's configuration (``docs.SITE_SECTIONS``) and imported by GX only."""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from great_expectations.render.view import DefaultJinjaPageView


class _InMemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:  # the bucket drops it if the template's source changed since (its checksum)
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _InMemoryBytecodeCache()


class CompiledOncePageView(DefaultJinjaPageView):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = _COMPILED


def compile_templates(request_waiting: Callable[[], bool]) -> None:
    """Compile every GX template into the cache, until ``request_waiting()`` (the validation helper's warm-up)."""
    env = CompiledOncePageView().env
    for name in env.list_templates():
        if request_waiting():
            return
        env.get_template(name)
