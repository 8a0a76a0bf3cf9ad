"""The extraction pipeline: articles in, triples with provenance out (see extractor.py for the steps)."""

from kg.extract.extractor import Extraction, Extractor

__all__ = ["Extractor", "Extraction"]
