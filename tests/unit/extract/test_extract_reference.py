"""The name lists the extractor reads: country_names.csv and organisation_names.csv as reference data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REF = Path(__file__).resolve().parents[3] / "data" / "reference"


def _rows(name):
    with (REF / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_country_names_shape_and_uniqueness():
    rows = _rows("country_names.csv")
    assert list(rows[0]) == ["variant", "lang", "iso3", "kind"]
    iso3 = {r["iso3"] for r in _rows("countries.csv")}
    keys = set()
    for r in rows:
        assert r["variant"] == r["variant"].lower().strip() and r["variant"]
        assert r["lang"] in ("ru", "en") and r["kind"] in ("name", "inflection", "adjective", "stem", "official")
        assert r["iso3"] in iso3, r
        assert (r["variant"], r["lang"]) not in keys, r
        keys.add((r["variant"], r["lang"]))


def test_country_names_cover_countries_csv():
    names = {(r["variant"], r["lang"]) for r in _rows("country_names.csv")}
    for c in _rows("countries.csv"):
        assert (" ".join(c["name_en"].lower().split()), "en") in names, c["name_en"]
        assert (" ".join(c["name_ru"].lower().replace("ё", "е").split()), "ru") in names, c["name_ru"]


@pytest.mark.parametrize(
    "variant,lang,iso3",
    [
        ("киргизия", "ru", "KGZ"),
        ("кыргызстан", "ru", "KGZ"),
        ("kyrgyz republic", "en", "KGZ"),
        ("kyrgyzstan", "en", "KGZ"),
        ("киргизский", "ru", "KGZ"),
        ("кыргызский", "ru", "KGZ"),
        ("киргизией", "ru", "KGZ"),
        ("российско", "ru", "RUS"),
        ("россией", "ru", "RUS"),
        ("оаэ", "ru", "ARE"),
        ("сша", "ru", "USA"),
        ("германии", "ru", "DEU"),
        ("туркменистан", "ru", "TKM"),
        ("монголией", "ru", "MNG"),
        ("uae", "en", "ARE"),
        ("türkiye", "en", "TUR"),
        ("белорусских", "ru", "BLR"),
    ],
)
def test_required_variants(variant, lang, iso3):
    assert {(r["variant"], r["lang"]): r["iso3"] for r in _rows("country_names.csv")}[(variant, lang)] == iso3


def test_regeneration_is_stable(tmp_path):
    """refnames rebuilds the derived rows from the hand-kept ones: running it again changes nothing."""
    from pipelines.tools.refnames import build

    for name in ("countries.csv", "country_names.csv"):
        (tmp_path / name).write_bytes((REF / name).read_bytes())
    rows = build(tmp_path)
    assert [(r["variant"], r["lang"], r["iso3"], r["kind"]) for r in rows] == [
        (r["variant"], r["lang"], r["iso3"], r["kind"]) for r in _rows("country_names.csv")
    ]


def test_organisation_names_resolve():
    orgs = {r["org_id"] for r in _rows("organisations.csv")}
    rows = _rows("organisation_names.csv")
    assert list(rows[0]) == ["variant", "lang", "org_id"]
    assert len({(r["variant"], r["lang"]) for r in rows}) == len(rows)
    assert all(r["org_id"] in orgs and r["variant"] == r["variant"].lower() for r in rows)
