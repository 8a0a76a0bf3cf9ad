"""Ingest and load as library calls: what gets stored, and when."""

from __future__ import annotations

import pytest

from kg.pipeline import load_triples
from kg.schema import Article
from kg.store import open_store

TEXTS = ["Intel fell behind AMD in data center chips.",
         "Groq gained ground in inference, said Jonathan Ross.",
         "Cerebras won new customers for its wafer-scale systems."]


@pytest.fixture(scope="module")
def extractions(extractor):
    return [extractor.extract(Article(text=t, title=f"T{i}", published=f"2026-05-0{i + 1}"))
            for i, t in enumerate(TEXTS)]


def test_load_streams_batches_so_a_late_failure_keeps_earlier_articles(tmp_path, extractions):
    def triples():
        for ex in extractions[:2]:
            yield from ex.triples
        raise RuntimeError("input broke off")

    with open_store(tmp_path / "kg.db") as store:
        with pytest.raises(RuntimeError):
            load_triples(triples(), store, batch=1)
        # the first article was written before the second was complete; the second was not
        assert store.stored_sources([ex.source.id for ex in extractions]) == {extractions[0].source.id}


def test_load_counts_an_article_given_twice_as_unchanged(tmp_path, extractions):
    twice = [t for ex in extractions for t in ex.triples] + list(extractions[0].triples)
    with open_store(tmp_path / "kg.db") as store:
        result = load_triples(iter(twice), store)
        assert (result.articles_added, result.articles_unchanged) == (3, 1)
        assert result.relationships_added == sum(len(ex.triples) for ex in extractions)
        assert store.stats().articles == 3
