"""Shared fixtures: one extractor per session (loading spaCy takes a second), sample data paths."""

from __future__ import annotations

import os
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


NEO4J_URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
NEO4J_PASSWORD = os.environ.get("NEO4J_PASSWORD", "kg-test-password")


@pytest.fixture(scope="session")
def neo4j_available() -> None:
    from kg.errors import StoreError
    from kg.store.neo4j import Neo4jStore
    try:
        Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD).close()
    except StoreError as exc:
        pytest.skip(f"no Neo4j server ({exc}); start one with: scripts/neo4j start")


@pytest.fixture
def neo4j_store(neo4j_available):
    """The Neo4j store, emptied before each test."""
    from kg.store.neo4j import Neo4jStore
    store = Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD)
    store.clear()
    yield store
    store.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped Neo4j or browser test is a failure: those tests must run there."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and ("neo4j" in item.keywords or "browser" in item.keywords):
        report.outcome = "failed"
        report.longrepr = f"test skipped in CI, where it must run: {report.longrepr}"
