"""Tools beside the pipeline: benchmarks and SYNTHETIC data generators. The pipeline never imports them."""
