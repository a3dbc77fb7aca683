-- Articles whose claims are loaded, with the extractor version they came from (incremental runs skip them).
SELECT source_id, extractor_version FROM article_text;
