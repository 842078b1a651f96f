"""Evaluation against labelled data and benchmarks (never imported by the pipeline)."""
