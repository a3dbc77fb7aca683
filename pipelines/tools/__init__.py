"""Benchmarks, generators and evaluation: run by people, never imported by the pipeline (left out of the wheel).

The pipeline (assets, the CLI's runtime paths, the extraction engine) never imports from here; tools import it.
"""
