"""Article assets: the corpus read from data/articles/, and the figures extracted from it."""


import dagster as dg
import polars as pl

from pipelines import config, model
from pipelines.assets.checks import suite_check_results, suite_check_specs
from pipelines.assets.metadata import frame_metadata, markdown_preview
from pipelines.checking.implied import implied_claims
from pipelines.corpus import Corpus, claims_of, read_corpus
from pipelines.load import Staged


@dg.asset(
    group_name="articles",
    kinds={"polars"},
    description="Every article under data/articles/ (txt, md, html; metadata from front matter or a sidecar "
                "JSON), decoded and normalized; unreadable files are refused with their reason.",
)
def article_corpus(context: dg.AssetExecutionContext) -> dg.Output[Corpus]:
    corpus = read_corpus(config.articles_dir())
    for row in corpus.refused.iter_rows(named=True):
        context.log.warning(f"article refused: {row['input_name']}: {row['reason']}")
    return dg.Output(
        corpus,
        metadata={
            **frame_metadata(corpus.articles.drop("text"), ["path", "language", "published_date", "title"]),
            "refused_files": corpus.refused.height,
        },
    )


@dg.asset(
    group_name="articles",
    kinds={"polars", "great_expectations"},
    check_specs=suite_check_specs("article_claims", "claims"),
    description="Figures extracted from every article (indicator, value and bounds, period, countries, entity, "
                "quote and offsets), validated by the claims suite; failing rows go to quarantine.",
)
def article_claims(context: dg.AssetExecutionContext, article_corpus: Corpus, reference_data: dict):
    from pipelines.extract import EXTRACTOR_VERSION, extract_figures
    from pipelines.quality import validate_claims

    claims, extract_refused = claims_of(article_corpus.articles, extract_figures, EXTRACTOR_VERSION)
    claims = pl.concat([claims, implied_claims(claims)], how="vertical")
    texts = article_corpus.articles.select("source_id", "text")
    result = validate_claims(claims, reference_data, texts)
    articles = article_corpus.articles
    staged = Staged(
        tables={
            "source": model.conform(articles, model.SOURCE),
            "article_text": texts,
            "claim": result.good,
        },
        quarantine=pl.concat([article_corpus.refused, extract_refused, result.quarantine], how="vertical"),
        scope={"claim": articles.select("source_id")},
        # This asset reads the whole corpus, so it owns every article and claim quarantine row.
        quarantine_inputs=pl.DataFrame({"dataset": ["article", "claim"]}),
        summary={"claims": result.good.height, "quarantined": result.quarantine.height},
    )
    yield dg.Output(
        staged,
        metadata={
            **frame_metadata(result.good, ["indicator", "measure", "value", "qualifier", "period_start",
                                           "countries", "entity", "quote"]),
            "articles": articles.height,
            "extractor_version": EXTRACTOR_VERSION,
            "quarantined": dg.MetadataValue.md(markdown_preview(staged.quarantine,
                                                                columns=["input_name", "check_name", "reason"])),
        },
    )
    yield from suite_check_results(result, "article_claims", "claims")
