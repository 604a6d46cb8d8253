"""Example tables (specification and tests) for the extractors in extract/, one module per extractor."""
