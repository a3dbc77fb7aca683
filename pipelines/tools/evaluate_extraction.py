"""Score the engine on annotated text: a corpus folder (per-field scores) or a gold file in the shared format.

    python -m pipelines.tools.evaluate_extraction [corpus_dir]      (default: tests/data/extract_corpus)
    python -m pipelines.tools.evaluate_extraction GOLD.jsonl [-v]    (passages with gold figures, one a line)

Gold file (the shared annotation format): each line {"id", "lang", "date", "text", "figures": [...]}; a gold
figure gives indicator, measure, value and, where the text fixes them, period_start/period_end and countries;
``optional`` marks a number that is neither right nor wrong to emit. Figures are matched exactly as the
shared ``score.py`` matches them (same value tolerance, same period and country rules, optional numbers set
aside), in process, so the last line is the same ``precision P recall R f1 F (matched M, predicted N, gold G)``;
before it come per-class error counts: a missed gold figure is classed by the nearest prediction with the same
value (wrong countries / wrong period / wrong indicator / wrong measure) or as missed; a spurious prediction
by the same test against the gold figures (or as spurious).

Each passage ``NNN_name.txt`` has a sibling ``NNN_name.json`` = {"lang", "published", "figures": [...]}; an
expected figure gives the contract fields and ``span``, the figure's text (``span_occurrence``: which
occurrence, 0 by default). Passages are read with ``pipelines.articles.files.read_article``, as in production.

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
FIELDS = [
    "indicator",
    "measure",
    "value",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "record",
    "period_start",
    "period_end",
    "base_period_start",
    "base_period_end",
    "countries",
    "entity",
    "span",
]
THRESHOLD = 0.95


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _equal(a, b) -> bool:
    if (
        isinstance(a, (int, float))
        and isinstance(b, (int, float))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
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

    def add(self, other: Score) -> None:
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
    for gi, (g, (gs, ge)) in enumerate(zip(gold, gold_spans, strict=True)):
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
            sc.errors.append(f"{name}: spurious {p['indicator']} {p['measure']} {text[p['start'] : p['end']]!r}")
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


def _close(a, b, measure: str) -> bool:
    if a is None or b is None:
        return False
    if measure == "change_pct":
        return abs(a - b) <= 0.051
    return abs(a - b) <= 0.005 * max(abs(b), 1e-9)


def gold_match(p: dict, g: dict) -> bool:
    """score.py's rule: same indicator and measure, value within tolerance, period and countries where given."""
    return not _mismatch(p, g)


def _mismatch(p: dict, g: dict) -> str | None:
    """Why ``p`` does not match ``g`` (None when it does); the order is the class an error is counted in."""
    if not _close(p.get("value"), g["value"], g["measure"]):
        return "value"
    if p.get("measure") != g["measure"]:
        return "measure"
    if p.get("indicator") != g["indicator"]:
        return "indicator"
    if any(g.get(k) and p.get(k) != g[k] for k in ("period_start", "period_end")):
        return "period"
    if g.get("countries") and sorted(p.get("countries") or []) != sorted(g["countries"]):
        return "countries"
    return None


_ORDER = ["period", "countries", "indicator", "measure"]


def _same_but_value(a: dict, b: dict) -> bool:
    """Same indicator, measure, period and countries, another value ("2 млрд" read for "2 млрд 125,8 млн")."""
    return (
        all(a.get(k) == b.get(k) for k in ("indicator", "measure", "period_start", "period_end"))
        and sorted(a.get("countries") or []) == sorted(b.get("countries") or [])
        and a.get("value") is not None
    )


def _near_class(x: dict, others: list[dict]) -> str | None:
    """The error class of ``x`` against the closest of ``others``: with the same value, the first field that
    differs (period, countries, indicator, measure); else "value" when all of those agree but the value."""
    found = {_mismatch(x, o) if "indicator" in o else None for o in others}
    found |= {_mismatch(o, x) for o in others if "indicator" in x and "value" in o}
    for k in _ORDER:
        if k in found:
            return k
    if any(_same_but_value(x, o) for o in others):
        return "value"
    return None


def score_gold_passage(ps: dict, pred: list[dict], counts: dict, lines: list[str]) -> tuple[int, int, int]:
    gold = [g for g in ps["figures"] if not g.get("optional")]
    optional = [g for g in ps["figures"] if g.get("optional") and g.get("value") is not None]
    used: set[int] = set()
    for i, p in enumerate(pred):  # a figure the gold leaves out of scope is neither right nor wrong
        if any(
            _close(p.get("value"), o["value"], "level") or _close(p.get("value"), o["value"], "change_pct")
            for o in optional
        ) and not any(gold_match(p, g) for g in gold):
            used.add(i)
    set_aside = set(used)
    m = 0
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and gold_match(p, g)), None)
        if hit is None:
            cls = _near_class(g, [p for i, p in enumerate(pred) if i not in used])
            cls = f"missed: wrong {cls}" if cls else "missed"
            counts[cls] = counts.get(cls, 0) + 1
            lines.append(
                f"  {ps['id']}: {cls} {g['indicator']} {g['measure']} {g['value']} "
                f"{g.get('period_start')}..{g.get('period_end')} {g.get('countries')} {g.get('mention')!r}"
            )
        else:
            used.add(hit)
            m += 1
            if g.get("unit") and pred[hit].get("unit") != g["unit"]:  # matched, but in another unit
                counts["matched: wrong unit"] = counts.get("matched: wrong unit", 0) + 1
                lines.append(
                    f"  {ps['id']}: matched: wrong unit {pred[hit].get('unit')} for {g['unit']} {g.get('mention')!r}"
                )
    for i, p in enumerate(pred):
        if i not in used:
            cls = _near_class(p, gold)
            cls = f"spurious: wrong {cls}" if cls else "spurious"
            counts[cls] = counts.get(cls, 0) + 1
            lines.append(
                f"  {ps['id']}: {cls} {p.get('indicator')} {p.get('measure')} {p.get('value')} "
                f"{p.get('period_start')}..{p.get('period_end')} {p.get('countries')} "
                f"{ps['text'][p['start'] : p['end']]!r}"
                if "start" in p
                else ""
            )
    return m, len(pred) - len(set_aside), len(gold)


def evaluate_gold(path: Path, verbose: bool = False) -> tuple[float, float, float]:
    """Score ``extract_figures`` on a gold file in the shared format; prints classes and score.py's last line."""
    from datetime import date

    from pipelines.articles.files import read_article_bytes

    counts: dict[str, int] = {}
    lines: list[str] = []
    M = N = G = 0
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        ps = json.loads(raw)
        article = read_article_bytes(ps["text"].encode("utf-8"), f"{ps.get('id', 'passage')}.txt")
        published = date.fromisoformat(ps["date"]) if ps.get("date") else None
        ps = {**ps, "text": article.text}
        pred = extract_figures(article.text, ps.get("lang") or article.language, published)
        m, n, g = score_gold_passage(ps, pred, counts, lines)
        M, N, G = M + m, N + n, G + g
    if verbose:
        print("\n".join(line for line in lines if line))
    for k in sorted(counts):
        print(f"{k:<32}{counts[k]:>5}")
    p = M / N if N else 0.0
    r = M / G if G else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"precision {p:.3f} recall {r:.3f} f1 {f:.3f} (matched {M}, predicted {N}, gold {G})")
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].endswith(".jsonl"):
        evaluate_gold(Path(argv[0]), verbose="-v" in argv[1:])
        return 0
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
