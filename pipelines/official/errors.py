"""Errors of the official-data layer: every one names the file it is about, so a refused file is findable."""

from __future__ import annotations

from pathlib import Path

from pipelines.model import CorridorError


class OfficialFileError(CorridorError, ValueError):
    """A snapshot (or its manifest or mapping) that cannot be used; ``file`` and ``reason`` say which and why."""

    def __init__(self, file: str | Path, reason: str, check: str = "parse"):
        self.file = str(file)
        self.reason = reason
        self.check = check  # the step that refused it: parse | manifest.read | manifest.sha256 | ...
        super().__init__(f"{self.file}: {reason}")


class ManifestError(OfficialFileError):
    """The manifest is missing, unreadable or does not match its file."""

    def __init__(self, file: str | Path, reason: str, check: str = "manifest.read"):
        super().__init__(file, reason, check)
