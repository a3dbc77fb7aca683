"""Benchmarks, generators and evaluation: run by people, never imported by the pipeline (left out of the wheel)."""
