"""Tools around the pipeline: benchmarks, generators of synthetic test data, evaluation, reference builders.

Tools are never imported by the pipeline (assets, CLI runtime paths, the extraction engine); they import it.
"""
