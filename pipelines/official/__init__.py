"""Official data: snapshots with manifests under data/official/<provider>/, parsed to observations.

Public API: ``list_providers``, ``load_provider``, ``load_all`` (→ ``OfficialBatch``),
``stable_sha256``, ``OfficialFileError``. Fetchers (switched off unless CORRIDOR_FETCH=1) live in
``pipelines.official.fetch``; one parser per format in ``pipelines.official.parsers``.
"""

from pipelines.official.errors import ManifestError, OfficialFileError
from pipelines.official.manifest import FORMATS, Manifest, read_manifest, stable_sha256, write_manifest
from pipelines.official.read import OfficialBatch, list_providers, load_all, load_provider

__all__ = [
    "FORMATS",
    "Manifest",
    "ManifestError",
    "OfficialBatch",
    "OfficialFileError",
    "list_providers",
    "load_all",
    "load_provider",
    "read_manifest",
    "stable_sha256",
    "write_manifest",
]
