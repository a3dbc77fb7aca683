"""Countries and organisations named in a text, from the reference CSVs.

Why dictionary look-ups over tokens rather than a model: the names are a closed list kept as data
(data/reference/country_names.csv with every inflected form, organisation_names.csv), so one pass of a
token regex and hash look-ups of 1..n-grams find them in microseconds. pymorphy3 is a fallback only: a
capitalised Russian word that is not in the list is lemmatised (cached) and its lemma looked up, which
catches forms the list misses. Name kinds decide the case rule: proper names must be capitalised in the
text (so "того" is not Togo, "us" is not the US), adjectives and combining stems ("российско-") need not be.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
TOKEN_RE = re.compile(r"[^\W_]+|[«»\"“”„]")
_QUOTES = set('«»"“”„')


def norm_token(t: str) -> str:
    if t in _QUOTES:
        return '"'
    return t.lower().replace("ё", "е")


_FOLD = str.maketrans({"ё": "е", **{q: '"' for q in _QUOTES}})


def fold(text: str) -> str:
    """Lower case, ё → е, every quote mark → '"', keeping every offset (same length as ``text``)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): map one by one
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low.translate(_FOLD)


def tokenize(text: str, folded: str | None = None) -> list[tuple[str, int, int]]:
    low = folded if folded is not None else fold(text)
    return [(low[m.start() : m.end()], m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def variant_tokens(variant: str) -> tuple[str, ...]:
    return tuple(norm_token(m.group()) for m in TOKEN_RE.finditer(variant))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str  # iso3 or org_id
    kind: str


@dataclass
class Organisation:
    org_id: str
    name_en: str
    kind: str
    parent_id: str | None


class PhraseIndex:
    """Longest-match look-up of token sequences: first token → candidates, longest first."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = {}

    def add(self, tokens: tuple[str, ...], code: str, kind: str, lang: str) -> None:
        if tokens:
            self.by_first.setdefault(tokens[0], []).append((tokens, code, kind, lang))

    def freeze(self) -> None:
        for cands in self.by_first.values():
            cands.sort(key=lambda c: -len(c[0]))

    def find(self, toks: list[tuple[str, int, int]], text: str, accept) -> list[Mention]:
        out, i, n = [], 0, len(toks)
        while i < n:
            cands = self.by_first.get(toks[i][0])
            hit = None
            if cands:
                for seq, code, kind, lang in cands:
                    k = len(seq)
                    if (
                        i + k <= n
                        and all(toks[i + j][0] == seq[j] for j in range(1, k))
                        and accept(text, toks[i], seq, kind, lang)
                    ):
                        hit = Mention(toks[i][1], toks[i + k - 1][2], code, kind)
                        i += k
                        break
            if hit:
                out.append(hit)
            else:
                i += 1
        return out


def _country_accept(text: str, tok: tuple[str, int, int], seq, kind: str, lang: str) -> bool:
    surface = text[tok[1] : tok[2]]
    if len(seq) == 1 and len(seq[0]) <= 3:  # short forms: США, ОАЭ, US, UK
        return surface.isupper()
    if lang == "en" or kind in ("name", "inflection", "official", "place"):
        return surface[:1].isupper()
    return True


class Names:
    def __init__(self, reference: Path = REFERENCE) -> None:
        self.countries = PhraseIndex()
        self.single_ru: dict[str, str] = {}
        with (reference / "country_names.csv").open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                toks = variant_tokens(r["variant"])
                self.countries.add(toks, r["iso3"], r["kind"], r["lang"])
                if r["lang"] == "ru" and len(toks) == 1 and r["kind"] in ("name", "adjective"):
                    self.single_ru[toks[0]] = r["iso3"]
        places_path = reference / "extract" / "places.csv"
        if places_path.exists():  # cities, airports, crossings, stations, ministries: they stand for a country
            with places_path.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    self.countries.add(variant_tokens(r["variant"]), r["iso3"], "place", r["lang"])
        self.countries.freeze()
        self.prefixes = {v[:3] for v in self.single_ru}
        self.orgs: dict[str, Organisation] = {}
        self.org_index = PhraseIndex()
        with (reference / "organisations.csv").open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                self.orgs[r["org_id"]] = Organisation(r["org_id"], r["name_en"], r["kind"], r["parent_id"] or None)
                self.org_index.add(variant_tokens(r["name_en"]), r["org_id"], "name", "en")
        names_path = reference / "organisation_names.csv"
        if names_path.exists():
            with names_path.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    self.org_index.add(variant_tokens(r["variant"]), r["org_id"], "variant", r["lang"])
        self.org_index.freeze()
        self.fiscal_start: dict[str, int] = {}
        fiscal_path = reference / "extract" / "fiscal_years.csv"
        if fiscal_path.exists():
            with fiscal_path.open(encoding="utf-8", newline="") as fh:
                self.fiscal_start = {r["iso3"]: int(r["start_month"]) for r in csv.DictReader(fh)}

    def find_orgs(self, text: str, toks) -> list[Mention]:
        return self.org_index.find(toks, text, lambda *a: True)

    def find_countries(self, text: str, toks, skip: list[Mention]) -> list[Mention]:
        found = []
        for m in self.countries.find(toks, text, _country_accept):
            if ";" in m.code:  # a border crossing stands for both its sides
                found.extend(Mention(m.start, m.end, code, m.kind) for code in m.code.split(";"))
            else:
                found.append(m)
        if skip:
            found = [m for m in found if not any(s.start <= m.start < s.end for s in skip)]
        seen = {m.start for m in found}
        found = [m for m in found if not (m.kind == "place" and _dateline(text, m))]
        for t, s, e in toks:  # fallback: lemmatise capitalised Cyrillic words the list does not hold
            if s in seen or len(t) < 5 or t[:3] not in self.prefixes or not ("а" <= t[0] <= "я"):
                continue
            if (
                not text[s].isupper()
                or any(x.start <= s < x.end for x in found)
                or any(x.start <= s < x.end for x in skip)
            ):
                continue
            code = self.single_ru.get(_lemma(t))
            if code:
                found.append(Mention(s, e, code, "inflection"))
        found.sort(key=lambda m: m.start)
        return found


def _dateline(text: str, m: Mention) -> bool:
    """ "МОСКВА, 9 окт - ПРАЙМ.", "Бишкек, 18.09.24.": where the story was filed, not what it is about."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return not text[line_start : m.start].strip() and text[m.end : m.end + 1] == ","


@functools.lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=20000)
def _lemma(token: str) -> str:
    return _morph().parse(token)[0].normal_form.replace("ё", "е")


@functools.lru_cache(maxsize=4)
def load_names(reference: str = str(REFERENCE)) -> Names:
    return Names(Path(reference))


def reference_digest(reference: Path = REFERENCE) -> str:
    """A short digest of the reference files the engine reads, part of EXTRACTOR_VERSION."""
    import hashlib

    h = hashlib.sha256()
    for name in (
        "country_names.csv",
        "organisation_names.csv",
        "organisations.csv",
        "indicators.csv",
        "extract/fiscal_years.csv",
        "extract/places.csv",
    ):
        p = reference / name
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()[:8]
