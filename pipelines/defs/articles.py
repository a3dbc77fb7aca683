"""Article assets: the corpus read from data/articles/, and the figures extracted from it."""

import os

import dagster as dg
import polars as pl

from pipelines import load, model
from pipelines.articles.corpus import Corpus, claims_of, read_corpus, shard_of
from pipelines.articles.files import MAX_ARTICLE_BYTES, list_article_files
from pipelines.articles.inbox import inbox_files, ingest_inbox
from pipelines.checking.implied import implied_claims
from pipelines.checking.report import import_charting_meanwhile
from pipelines.defs.checks import suite_check_results, suite_check_specs, validated
from pipelines.defs.metadata import frame_metadata, markdown_preview
from pipelines.defs.resources import DataPathsResource, WarehouseResource
from pipelines.fingerprint import file_sha256
from pipelines.load import Staged, name_inputs, read_live


@dg.asset(
    group_name="articles",
    kinds={"file"},
    description="Files dropped into data/inbox/, moved into data/articles/ (or data/quarantine/articles/ with "
    "the reason); the same content is ingested once.",
)
def article_inbox(context: dg.AssetExecutionContext, paths: DataPathsResource) -> dg.MaterializeResult:
    folders = paths.paths()
    corpus_dir = folders.articles
    outcomes = []
    if inbox_files(folders.inbox):  # the corpus is hashed only when there is something to compare with it
        known = {
            file_sha256(p)
            for p in list_article_files(corpus_dir)  # oversized files are refused, not hashed
            if os.path.isfile(p) and not os.path.islink(p) and os.stat(p).st_size <= MAX_ARTICLE_BYTES
        }
        outcomes = ingest_inbox(folders.inbox, corpus_dir, folders.quarantine / "articles", known)
    for o in outcomes:
        log = context.log.info if o.accepted else context.log.warning
        log(f"inbox: {o.name} -> {o.moved_to}" + (f" ({o.reason})" if o.reason else ""))
    return dg.MaterializeResult(
        metadata={
            "accepted": sum(o.accepted for o in outcomes),
            "quarantined": sum(not o.accepted for o in outcomes),
            "files": dg.MetadataValue.json([o.__dict__ for o in outcomes]),
        }
    )


@dg.asset(
    group_name="articles",
    kinds={"polars"},
    deps=[article_inbox],
    description="Every article under data/articles/ (txt, md, html; metadata from front matter or a sidecar "
    "JSON), decoded and normalized; unreadable files are refused with their reason.",
)
def article_corpus(context: dg.AssetExecutionContext, paths: DataPathsResource) -> dg.Output[Corpus]:
    folders = paths.paths()
    corpus = read_corpus(folders.articles, cache=folders.corpus_cache())
    # every quarantine row names its input by its path under data/
    corpus.refused = corpus.refused.with_columns(("articles/" + pl.col("input_name")).alias("input_name"))
    for row in corpus.refused.iter_rows(named=True):
        context.log.warning(f"article refused: {row['input_name']}: {row['reason']}")
    return dg.Output(
        corpus,
        metadata={
            **frame_metadata(corpus.articles, ["path", "language", "published_date", "title"]),
            "refused_files": corpus.refused.height,
        },
    )


def _todo(article_corpus: Corpus, warehouse: WarehouseResource) -> pl.DataFrame:
    """The articles to extract: an article whose content and extractor version are already loaded is not redone."""
    from pipelines.extract import EXTRACTOR_VERSION

    articles = article_corpus.articles
    done = read_live(warehouse.resolved_path(), "internal/extracted_articles.sql")
    return (
        articles
        if done is None
        else articles.join(
            done.filter(pl.col("extractor_version") == EXTRACTOR_VERSION).select("source_id"),
            on="source_id",
            how="anti",
        )
    )


def _extract(article_corpus: Corpus, todo: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The claims of the articles ``todo``, the refusals (an article the engine failed on, or whose file changed
    since it was read) and the texts of the articles extracted (source_id, text)."""
    from pipelines.extract import EXTRACTOR_VERSION, extract_figures

    todo, gone = article_corpus.with_texts(todo)
    claims, refused = claims_of(todo, extract_figures, EXTRACTOR_VERSION)
    texts = todo.join(refused.select("source_id"), on="source_id", how="anti").select("source_id", "text")
    return claims, pl.concat([gone, refused], how="vertical"), texts


CLAIMS_ASSET = dict(
    group_name="articles",
    kinds={"polars", "great_expectations"},
    check_specs=suite_check_specs("article_claims", "claims"),
    description="Figures extracted from every article (indicator, value and bounds, period, countries, entity, "
    "quote and offsets), validated by the claims suite; failing rows go to quarantine.",
)


@dg.asset(**CLAIMS_ASSET)
def article_claims(
    context: dg.AssetExecutionContext,
    article_corpus: Corpus,
    reference_data: dict,
    warehouse: WarehouseResource,
    paths: DataPathsResource,
):
    todo = _todo(article_corpus, warehouse)
    yield from _claims_outputs(context, article_corpus, reference_data, paths, todo, *_extract(article_corpus, todo))


def build_sharded_article_claims(shards: int) -> list[dg.AssetsDefinition]:
    """``article_claims`` with its extraction split in ``shards`` steps (``article_figures_<i>``, the articles
    of one shard each, by source id), so that workers extract in parallel; the claims are validated and
    staged together, exactly as one step would."""

    def shard_asset(i: int) -> dg.AssetsDefinition:
        @dg.asset(
            name=f"article_figures_{i}",
            group_name="articles",
            kinds={"polars"},
            description=f"Figures of the new or changed articles of shard {i} of {shards} (by source id).",
        )
        def _shard(context: dg.AssetExecutionContext, article_corpus: Corpus, warehouse: WarehouseResource):
            todo = _todo(article_corpus, warehouse).filter(shard_of(pl.col("source_id"), shards) == i)
            context.log.info(f"shard {i}/{shards}: {todo.height} article(s) to extract")
            return _extract(article_corpus, todo)

        return _shard

    @dg.asset(**CLAIMS_ASSET, ins={f"figures_{i}": dg.AssetIn(f"article_figures_{i}") for i in range(shards)})
    def article_claims(
        context: dg.AssetExecutionContext,
        article_corpus: Corpus,
        reference_data: dict,
        warehouse: WarehouseResource,
        paths: DataPathsResource,
        **figures,
    ):
        todo = _todo(article_corpus, warehouse)
        claims = pl.concat([f[0] for f in figures.values()], how="diagonal_relaxed")
        refused = pl.concat([f[1] for f in figures.values()], how="vertical")
        texts = pl.concat([f[2] for f in figures.values()], how="vertical")
        yield from _claims_outputs(context, article_corpus, reference_data, paths, todo, claims, refused, texts)

    return [*(shard_asset(i) for i in range(shards)), article_claims]


def _claims_outputs(
    context: dg.AssetExecutionContext,
    article_corpus: Corpus,
    reference_data: dict,
    paths: DataPathsResource,
    todo: pl.DataFrame,
    claims: pl.DataFrame,
    extract_refused: pl.DataFrame,
    extracted: pl.DataFrame,
):
    from pipelines.extract import EXTRACTOR_VERSION

    articles = article_corpus.articles
    claims = pl.concat([claims, implied_claims(claims)], how="vertical")
    # Only the articles extracted get a text row: one refused is tried again by the next run.
    texts = extracted.with_columns(pl.lit(EXTRACTOR_VERSION).alias("extractor_version"))
    result, docs = None, None
    if todo.height:  # Great Expectations is imported only when there is work
        # New claims: the claim checks will draw charts. Matplotlib is imported meanwhile, while this process
        # mostly waits for the validation helper (~0.4 s the claim checks would spend importing it otherwise).
        import_charting_meanwhile()
        result, docs = validated(
            context, "article_claims", "validate_claims", (claims, reference_data, texts), paths.paths().data_docs
        )
    good = result.good if result else claims
    sources = model.conform(articles, model.SOURCE)

    def stage(todo: pl.DataFrame, texts: pl.DataFrame, good: pl.DataFrame, refused: pl.DataFrame) -> Staged:
        return Staged(
            tables={"source": sources, "article_text": texts, "claim": good},
            quarantine=pl.concat([article_corpus.refused, refused], how="vertical"),
            scope={"claim": todo.select("source_id")},
            # The corpus is read whole, so its file refusals are replaced whole; claim refusals per article redone.
            quarantine_inputs=[
                pl.DataFrame({"dataset": [model.DATASET_ARTICLE]}),
                todo.select(pl.lit(model.DATASET_CLAIM).alias("dataset"), "source_id"),
            ],
            summary={"claims": good.height, "articles_extracted": todo.height},
        )

    # The articles not redone are taken as loaded, with their text at this extractor version.
    assumed = articles.join(todo.select("source_id"), on="source_id", how="anti").select(
        "source_id", pl.lit(EXTRACTOR_VERSION).alias("extractor_version")
    )
    staged = stage(
        todo,
        texts,
        good,
        pl.concat([extract_refused] + ([name_inputs(result.quarantine, articles)] if result else []), how="vertical"),
    )
    staged.assumed = {"article_text": assumed}
    # A rerun with no new article stages the same sources and nothing else: once this is loaded, that is
    # already in the warehouse.
    staged.settled_fingerprint = load.staged_fingerprint(
        stage(todo.clear(), texts.clear(), good.clear(), extract_refused.clear())
    )
    context.log.info(f"{todo.height} of {articles.height} article(s) new or changed; {good.height} claim(s)")
    yield dg.Output(
        staged,
        metadata={
            **frame_metadata(
                good, ["indicator", "measure", "value", "qualifier", "period_start", "countries", "entity", "quote"]
            ),
            "articles": articles.height,
            "articles_extracted": todo.height,
            "extractor_version": EXTRACTOR_VERSION,
            "quarantined": dg.MetadataValue.md(
                markdown_preview(staged.quarantine, columns=["input_name", "check_name", "reason"])
            ),
        },
    )
    yield from suite_check_results(result, "article_claims", "claims", docs)
