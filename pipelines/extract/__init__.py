"""News-figure extraction: article text in, statistical figures (trade, transport, investment) out.

Plain Python, no Dagster: the assets and the CLI call ``extract_figures``. Each figure is a dict with the
contract fields (indicator, measure, value, value_low, value_high, unit, qualifier, record, period_start,
period_end, base_period_start, base_period_end, countries, entity, quote, quote_start, start, end) and three
more: ``countries_from`` (sentence | headline | speaker | place: how the pair was found; null without
countries), ``exporter`` and ``importer`` (ISO3, set together on trade.exports/trade.imports figures whose
words fix the direction, else null).

Conventions, chosen once and kept:
- bands: an exact figure spans ± half of its last written digit ("$4,1 млрд" → 4.05e9..4.15e9, "13,6%" →
  13.55..13.65); "около/about" is ± 10 %; "более/more than" sets only value_low, "менее/less than",
  "почти/almost" and "до/up to" only value_high; a range "3–4 млн" is its midpoint with both ends.
- changes: change_pct is signed (down → negative); ratio is new/old ("в 1,5 раза" → 1.5, "сократился в
  2 раза" → 0.5); without a stated base, a change is against the same span one year earlier.
- incomplete years: "в 2025 году" in an article of 2025-11-26 is the calendar year 2025-01-01..2025-12-31
  (the text does not say where the data end); an explicit span ("за 10 месяцев") is used when stated.
- countries come from the figure's sentence (names, adjectives, places of data/reference/extract/places.csv);
  one named side is completed from the figure before, the headline/lead pair, the speaker's country or the
  article's home country; none at all takes the figure before's, the headline's, else the two most named.
- a period stated once carries to the figures after it; relative periods are resolved against ``published``
  (or, without it, against the year the text's own comparisons fix); targets and forecasts are not figures.
"""

from __future__ import annotations

from datetime import date

from pipelines.extract.engine import extract as _extract
from pipelines.extract.names import reference_digest

ENGINE_VERSION = "2.0.0"  # issue 17: document context, places, periods, direction
# The version changes with the engine and with the name lists it reads, so reruns re-extract after either.
EXTRACTOR_VERSION = f"{ENGINE_VERSION}+ref.{reference_digest()}"


def parse_published(value: str) -> date:
    """A publication date as given on the command line: YYYY-MM-DD, YYYY-MM or YYYY.

    A month or a year alone stands for its last day: relative periods ("в прошлом году", "в марте") are
    resolved against it, and a month named in the text is never later than the publication."""
    import calendar
    import re

    v = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", v)
    if not m:
        raise ValueError(f"--published {value!r}: expected YYYY-MM-DD, YYYY-MM or YYYY")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mo is None:
            return date(y, 12, 31)
        if d is None:
            return date(y, int(mo), calendar.monthrange(y, int(mo))[1])
        return date(y, int(mo), int(d))
    except ValueError as exc:
        raise ValueError(f"--published {value!r}: {exc}") from None


def extract_figures(text: str, lang: str | None = None, published: date | None = None) -> list[dict]:
    """Every statistical figure of ``text`` (already normalized article text), in text order."""
    return _extract(text, lang, published)


__all__ = ["EXTRACTOR_VERSION", "extract_figures", "parse_published"]
