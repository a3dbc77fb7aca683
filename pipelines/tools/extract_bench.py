"""Throughput of the extractor on synthetic articles, with natasha's NER as a yardstick.

    python -m pipelines.tools.extract_bench --n 2000 [--seed S] [--natasha-n 300] [--no-natasha]

Why natasha: it is the usual Russian NLP pipeline; timing its NER (segmenter + NewsNERTagger, models
shipped in the package, no network) on the same texts says how our rules compare with a model-based pass.
Peak RSS is the process maximum (resource.getrusage), which includes natasha's models when it runs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from pipelines.extract import extract_figures
from pipelines.tools.synthetic_articles import generate


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def bench_extract(articles) -> tuple[float, int]:
    extract_figures(articles[0].text, articles[0].lang, articles[0].published)  # warm-up: lazy loads
    t0 = time.perf_counter()
    n_fig = 0
    for a in articles:
        n_fig += len(extract_figures(a.text, a.lang, a.published))
    return time.perf_counter() - t0, n_fig


def bench_natasha(articles) -> float | None:
    try:
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    except Exception as exc:  # pragma: no cover - natasha is a dependency, but keep the bench usable
        print(f"natasha unavailable: {exc!r}")
        return None
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    t0 = time.perf_counter()
    for a in articles:
        doc = Doc(a.text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20251126)
    ap.add_argument("--natasha-n", type=int, default=300, help="articles timed with natasha (it is slower)")
    ap.add_argument("--no-natasha", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    articles = generate(args.n, seed=args.seed)
    gen_s = time.perf_counter() - t0
    size = sum(len(a.text.encode()) for a in articles)
    print(
        f"corpus: {len(articles)} synthetic articles ({sum(a.lang == 'ru' for a in articles)} ru), "
        f"{size / len(articles) / 1024:.1f} KB mean, generated in {gen_s:.2f}s"
    )
    secs, n_fig = bench_extract(articles)
    rate = len(articles) / secs
    print(
        f"extract_figures: {rate:.0f} articles/s ({secs:.2f}s, {n_fig} figures, "
        f"{size / secs / 1e6:.2f} MB/s); peak RSS {_peak_rss_mb():.0f} MB"
    )
    if not args.no_natasha:
        sub = articles[: max(1, min(args.natasha_n, len(articles)))]
        nsecs = bench_natasha(sub)
        if nsecs is not None:
            nrate = len(sub) / nsecs
            print(
                f"natasha NewsNERTagger (segment + NER) on the first {len(sub)}: {nrate:.1f} articles/s; "
                f"extractor is {rate / nrate:.1f}x faster; peak RSS {_peak_rss_mb():.0f} MB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
