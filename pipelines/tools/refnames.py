"""Regenerate the derived rows of data/reference/country_names.csv.

Why: the hand-kept rows (names, short forms, adjectives, combining stems such as "российско") are data and
are edited in the CSV itself; the inflected Russian forms ("Киргизией", "киргизских") are derived from
them with pymorphy3 once, here, and stored as rows of kind ``inflection``/``adjective``, so that the
extractor only does dictionary look-ups at run time. Names from countries.csv (name_en, name_ru,
official_name_en, lower-cased) are added when missing. A generated form that would map to two countries is
dropped (hand-kept rows win), so every (variant, lang) resolves to exactly one code.

    python -m pipelines.tools.refnames [reference_dir]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
KIND_RANK = {"name": 0, "official": 0, "adjective": 0, "stem": 0, "inflection": 2}


def norm_variant(s: str) -> str:
    return " ".join(s.replace("ё", "е").replace("Ё", "Е").lower().split())


def _inflect_name(morph, name: str) -> set[str]:
    """Case forms of a (multi-word) Russian name: words up to the first noun agree with it; the rest stay."""
    words = name.split(" ")
    parses = []
    for w in words:
        cands = [p for p in morph.parse(w) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        parses.append(cands[0] if cands else None)
    head = next((i for i, p in enumerate(parses) if p is not None and p.tag.POS == "NOUN"), len(words) - 1)
    forms = set()
    for case in CASES:
        out = []
        for i, (w, p) in enumerate(zip(words, parses, strict=False)):
            if i > head or p is None:
                out.append(w)
                continue
            grams = {case} | ({"plur"} if "plur" in p.tag and "Pltm" not in p.tag else set())
            f = p.inflect(grams) if p.tag.POS != "NOUN" or "Fixd" not in p.tag else None
            out.append(f.word if f else w)
        forms.add(norm_variant(" ".join(out)))
    # the locative "в ... -у" forms and plural-only names are covered by pymorphy's own paradigms above
    return forms


def _adjective_forms(morph, adj: str) -> set[str]:
    forms = set()
    for p in morph.parse(adj):
        if p.tag.POS == "ADJF" and p.normal_form == adj:
            forms |= {norm_variant(f.word) for f in p.lexeme if f.tag.POS == "ADJF"}
            break
    return forms


class _Rows:
    """Variant rows keyed by (variant, lang): hand-kept rows win over generated ones; a generated form that two
    countries claim is dropped."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict] = {}

    def add(self, variant: str, lang: str, iso3: str, kind: str, generated: bool) -> None:
        key = (norm_variant(variant), lang)
        if not key[0]:
            return
        old = self.rows.get(key)
        new = {"variant": key[0], "lang": lang, "iso3": iso3, "kind": kind, "_gen": generated}
        if old is None or (old["iso3"] != iso3 and old["_gen"] and not generated):
            self.rows[key] = new
        elif old["iso3"] != iso3 and old["_gen"] and generated:
            old["_conflict"] = True


def _kept(reference_dir: Path) -> list[dict]:
    names_path = reference_dir / "country_names.csv"
    if not names_path.exists():
        return []
    with names_path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["kind"] != "inflection"]


def build(reference_dir: Path = REFERENCE) -> list[dict]:
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    rows = _Rows()
    hand_adjectives = []
    for r in _kept(reference_dir):
        # adjective forms are regenerated from their nominative masculine (the row kept by hand)
        if r["kind"] == "adjective" and r["lang"] == "ru" and not r["variant"].endswith(("ий", "ый", "ой")):
            continue
        rows.add(r["variant"], r["lang"], r["iso3"], r["kind"], False)
        if r["kind"] == "adjective" and r["lang"] == "ru":
            hand_adjectives.append(r)
    with (reference_dir / "countries.csv").open(encoding="utf-8", newline="") as fh:
        countries = list(csv.DictReader(fh))
    for c in countries:
        rows.add(c["name_en"], "en", c["iso3"], "name", False)
        rows.add(c["name_ru"], "ru", c["iso3"], "name", False)
        if c["official_name_en"]:
            rows.add(c["official_name_en"], "en", c["iso3"], "official", False)
    for (variant, lang), r in list(rows.rows.items()):
        if lang != "ru" or r["kind"] not in ("name", "official") or not any("а" <= ch <= "я" for ch in variant):
            continue
        for form in _inflect_name(morph, variant):
            rows.add(form, "ru", r["iso3"], "inflection", True)
    for r in hand_adjectives:
        for form in _adjective_forms(morph, r["variant"]):
            rows.add(form, "ru", r["iso3"], "adjective", True)
    out = [r for r in rows.rows.values() if not r.get("_conflict")]
    out.sort(key=lambda r: (r["iso3"], r["lang"], KIND_RANK.get(r["kind"], 1), r["variant"]))
    return [{k: r[k] for k in ("variant", "lang", "iso3", "kind")} for r in out]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ref = Path(argv[0]) if argv else REFERENCE
    rows = build(ref)
    with (ref / "country_names.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["variant", "lang", "iso3", "kind"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"country_names.csv: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
