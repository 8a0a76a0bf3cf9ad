"""Ingest: read articles, skip the ones already stored, extract the rest, store each whole.

The library call behind `kg ingest`; a notebook user calls `ingest` the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.corroborate import ClaimIndex
from kg.errors import InputError
from kg.gcpause import cycle_collector_paused
from kg.schema import Article, Triple
from kg.store.base import GraphStore, LoadResult, group_by_source

if TYPE_CHECKING:  # spaCy takes half a second to import; kg load does not need it
    from kg.executors import Engine
    from kg.extract import Extractor


@dataclass
class IngestReport:
    read: int = 0
    failed: list[InputError] = field(default_factory=list)
    loaded: LoadResult = field(default_factory=LoadResult)

    @property
    def added(self) -> int:
        return self.loaded.articles_added

    @property
    def unchanged(self) -> int:
        return self.loaded.articles_unchanged


def ingest(items: Iterable[Article | InputError], store: GraphStore, extractor: Extractor,
           on_error: Callable[[InputError], None] | None = None,
           on_article: Callable[[Article], None] | None = None,
           on_duplicate: Callable[[str, str], None] | None = None,
           strict: bool = False, batch_size: int = 32, n_process: int = 1,
           engine: Engine | None = None) -> IngestReport:
    """Extract and store every article; inputs that failed to read are reported, not fatal.

    Extraction runs on `engine` (see kg.executors; default: `n_process` local processes); reading,
    skipping stored articles and writing happen here, in this process."""
    report = IngestReport()
    seen: dict[str, str] = {}

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                report.failed.append(item)
                if on_error:
                    on_error(item)
                if strict:
                    return
                continue
            report.read += 1
            stored_as = seen.get(item.id) or store.source_path(item.id)
            if stored_as is not None:
                # Already stored (same text, perhaps under another name): not parsed again.
                report.loaded.articles_unchanged += 1
                if on_duplicate and stored_as and item.path and stored_as != item.path:
                    on_duplicate(item.path, stored_as)
                if on_article:
                    on_article(item)
                continue
            seen[item.id] = item.path or item.url or item.title or item.id
            yield item

    if engine is None:
        from kg.executors import LocalEngine
        engine = LocalEngine(n_process)
    index = ClaimIndex.from_store(store)
    for extraction in engine.extract(extractor, fresh(), batch_size=batch_size):
        # fresh() skipped stored articles already; add_article checks again inside its transaction
        # (another run may have stored the same article meanwhile). Repeated claims are folded into
        # stored ones, and the article joins a stored story or starts one (see kg.corroborate).
        source, rewritten = index.rewrite(extraction.source, extraction.triples)
        report.loaded += store.add_article(source, rewritten)
        if on_article:
            on_article(extraction.article)
    return report


def load_triples(triples: Iterable[Triple], store: GraphStore, batch: int = 200) -> LoadResult:
    """Load triples written by `kg extract`: `batch` articles per write, stored ones skipped.

    Streams: each article's triples come together (as `kg extract` writes them), so memory holds
    one batch, not the whole input.
    """
    with cycle_collector_paused():
        index = ClaimIndex.from_store(store)
        result = LoadResult()
        groups = group_by_source(triples)
        while True:
            chunk = list(itertools.islice(groups, batch))
            if not chunk:
                # Freed now rather than after the collector resumes, whose first pass would walk it all.
                del index
                return result
            stored = store.stored_sources([source.id for source, _ in chunk])
            fresh = []
            for source, items in chunk:
                if source.id in stored:  # stored before, or twice in the input (in two files)
                    result.articles_unchanged += 1
                    continue
                stored.add(source.id)
                fresh.append(index.rewrite(source, items))
            if fresh:
                result += store.add_articles(fresh)
