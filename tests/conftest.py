"""Shared fixtures: one extractor per session (loading spaCy takes a second), sample data paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    """An embedded store holding the sample articles (built once; tests open it read-only)."""
    from kg.pipeline import ingest
    from kg.readers import iter_articles
    from kg.store import open_store
    path = tmp_path_factory.mktemp("sample") / "kg.db"
    with open_store(path) as store:
        report = ingest(iter_articles([str(ARTICLES)]), store, extractor)
    assert report.added == len(list(ARTICLES.glob("*.txt")))
    return path


@pytest.fixture
def sample_store(sample_store_path: Path):
    from kg.store import open_store
    with open_store(sample_store_path) as store:
        yield store
