"""Score the engine on a hand-annotated corpus: precision, recall and F1 per field and overall.

    python -m pipelines.extract.evaluate [corpus_dir]      (default: tests/data/extract_corpus)

Each passage ``NNN_name.txt`` has a sibling ``NNN_name.json`` = {"lang", "published", "figures": [...]}; an
expected figure gives the contract fields and ``span``, the figure's text (``span_occurrence``: which
occurrence, 0 by default). Passages are read with ``pipelines.articles.read_article``, as in production.

Matching: an extracted figure matches an expected one with the same indicator and measure whose span
overlaps (one to one, best overlap first). Detection P/R/F1 count matched figures. A field's true positives
are the matched pairs that agree on it (numbers within 1e-6 relative), so a field's precision is
TP / extracted figures and its recall TP / expected figures: a missed or spurious figure costs every field.
Overall P/R/F1 is the micro average over all fields. Exit code 1 when overall F1 < 0.95.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.articles.files import read_article
from pipelines.extract import extract_figures

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "extract_corpus"
FIELDS = ["indicator", "measure", "value", "value_low", "value_high", "unit", "qualifier", "record",
          "period_start", "period_end", "base_period_start", "base_period_end", "countries", "entity", "span"]
THRESHOLD = 0.95


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _equal(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(a, list) or isinstance(b, list):
        return sorted(a or []) == sorted(b or [])
    return a == b


def _locate(text: str, span: str, occurrence: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(span, pos + 1)
        if pos < 0:
            raise ValueError(f"span {span!r} not in text")
    return pos, pos + len(span)


@dataclass
class Score:
    n_pred: int = 0
    n_gold: int = 0
    matched: int = 0
    field_tp: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})
    errors: list = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.matched += other.matched
        for f in FIELDS:
            self.field_tp[f] += other.field_tp[f]
        self.errors += other.errors

    def overall(self) -> tuple[float, float, float]:
        return prf(sum(self.field_tp.values()), self.n_pred * len(FIELDS), self.n_gold * len(FIELDS))


def score_passage(name: str, text: str, gold: list[dict], pred: list[dict]) -> Score:
    sc = Score(n_pred=len(pred), n_gold=len(gold))
    gold_spans = [_locate(text, g["span"], g.get("span_occurrence", 0)) for g in gold]
    pairs = []
    for gi, (g, (gs, ge)) in enumerate(zip(gold, gold_spans)):
        for pi, p in enumerate(pred):
            ov = min(ge, p["end"]) - max(gs, p["start"])
            if ov > 0 and g["indicator"] == p["indicator"] and g["measure"] == p["measure"]:
                pairs.append((-ov, gi, pi))
    used_g, used_p = set(), set()
    for _, gi, pi in sorted(pairs):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        sc.matched += 1
        g, p = gold[gi], pred[pi]
        for f in FIELDS:
            if f == "span":
                ok = True  # matched by overlap; exact offsets are checked by the tests
            else:
                ok = _equal(g.get(f), p.get(f))
            if ok:
                sc.field_tp[f] += 1
            else:
                sc.errors.append(f"{name}: {g['span']!r} {f}: expected {g.get(f)!r}, got {p.get(f)!r}")
    for gi, g in enumerate(gold):
        if gi not in used_g:
            sc.errors.append(f"{name}: missed {g['indicator']} {g['measure']} {g['span']!r}")
    for pi, p in enumerate(pred):
        if pi not in used_p:
            sc.errors.append(f"{name}: spurious {p['indicator']} {p['measure']} "
                             f"{text[p['start']:p['end']]!r}")
    return sc


def evaluate(corpus: Path = CORPUS) -> Score:
    from datetime import date

    total = Score()
    for txt in sorted(Path(corpus).glob("*.txt")):
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        article = read_article(txt)
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        pred = extract_figures(article.text, meta.get("lang"), published)
        total.add(score_passage(txt.stem, article.text, meta["figures"], pred))
    return total


def report(sc: Score) -> str:
    lines = [f"{'field':<20}{'P':>8}{'R':>8}{'F1':>8}"]
    p, r, f = prf(sc.matched, sc.n_pred, sc.n_gold)
    lines.append(f"{'(detection)':<20}{p:8.3f}{r:8.3f}{f:8.3f}")
    for name in FIELDS:
        p, r, f = prf(sc.field_tp[name], sc.n_pred, sc.n_gold)
        lines.append(f"{name:<20}{p:8.3f}{r:8.3f}{f:8.3f}")
    p, r, f = sc.overall()
    lines.append(f"{'OVERALL':<20}{p:8.3f}{r:8.3f}{f:8.3f}")
    lines.append(f"figures: expected {sc.n_gold}, extracted {sc.n_pred}, matched {sc.matched}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    corpus = Path(argv[0]) if argv else CORPUS
    sc = evaluate(corpus)
    for e in sc.errors:
        print(e)
    print(report(sc))
    f1 = sc.overall()[2]
    if f1 < THRESHOLD:
        print(f"overall F1 {f1:.3f} < {THRESHOLD}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
