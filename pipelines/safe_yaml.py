"""YAML from files we did not write (article front matter, manifests, mappings), read within bounds.

``yaml.safe_load`` builds no Python objects but still expands aliases: a 1 KB "billion laughs"
document (anchors referring to anchors) grows to gigabytes and never finishes. This loader:

* refuses aliases (``*name``): nothing Corridor reads needs them;
* keeps dates as text (no implicit timestamps): ``2025-13-45`` is a string the reader refuses with
  its field name, not a ``ValueError`` from inside the YAML library, and ``2025-06-01 10:00`` is not
  a datetime where a date is expected;
* refuses documents over a size limit before parsing, and turns every failure (including deep
  nesting) into one ``YAMLRefused`` naming what is wrong.
"""

from __future__ import annotations

import yaml

MAX_YAML_CHARS = 256 * 1024
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YAMLRefused(ValueError):
    """A YAML document that is not read; the message says why."""


class _BoundedLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YAMLRefused(f"YAML aliases (*name) are not allowed (line {mark.line + 1})")
        return super().compose_node(parent, index)


_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# An explicit !!timestamp stays text too.
_BoundedLoader.add_constructor(_TIMESTAMP, yaml.SafeLoader.construct_yaml_str)


def load(text: str, max_chars: int = MAX_YAML_CHARS):
    """Parse one YAML document within bounds; ``YAMLRefused`` for anything unreadable or unsafe."""
    if len(text) > max_chars:
        raise YAMLRefused(f"YAML of {len(text):,} characters is over the {max_chars:,}-character limit")
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506  a SafeLoader without aliases or timestamps
    except YAMLRefused:
        raise
    except yaml.YAMLError as exc:
        raise YAMLRefused(f"not valid YAML ({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from None
    except RecursionError:
        raise YAMLRefused("YAML nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise YAMLRefused(f"YAML value not readable ({exc})") from None
