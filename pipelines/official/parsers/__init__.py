"""One parser per snapshot format; ``PARSERS[format](path, raw=..., ref=..., **params)`` → observations."""

from __future__ import annotations

from pipelines.official.parsers import comtrade, manual_csv, sdmx, spreadsheet, worldbank

PARSERS = {
    "comtrade_json": comtrade.parse_json,
    "comtrade_csv": comtrade.parse_csv,
    "sdmx_json": sdmx.parse,
    "sdmx_ml": sdmx.parse,
    "sdmx_csv": sdmx.parse,
    "worldbank_json": worldbank.parse,
    "spreadsheet": spreadsheet.parse,
    "manual_csv": manual_csv.parse,
}
