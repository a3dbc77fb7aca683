"""Articles: reading files, the corpus and its cache, the inbox. No Dagster here."""
