"""The store interface every backend implements, and the values it returns."""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.schema import SOURCE, Node, Triple, clean_props  # noqa: F401 (clean_props: the backends import it from here)


# What corroboration reads before a write (kg.corroborate); a backend may answer these faster its own way.
CLAIM_ROWS = ("MATCH (c:Claim)-[r:ABOUT]->(x) "
              "RETURN c.id AS claim, c.text AS text, c.published AS published, c.terms AS terms, "
              "c.claimant AS claimant, c.source_id AS source, x.id AS target, r.stance AS stance")
STORY_SOURCES = ("MATCH (s:Source) "
                 "RETURN s.id AS source, s.story AS story, s.story_merges AS merges, s.published AS published")
SOURCE_MENTIONS = "MATCH (s:Source)-[:MENTIONS]->(x) RETURN s.id AS source, x.id AS thing"
CLAIM_REWORDINGS = ("MATCH (c:Claim)-[r:CORROBORATED_BY]->(:Source) "
                    "RETURN c.id AS claim, r.terms AS terms, r.claimant AS claimant, r.sentence AS sentence")


@dataclass
class LoadResult:
    """What one write changed."""

    articles_added: int = 0
    articles_unchanged: int = 0
    nodes_added: int = 0
    relationships_added: int = 0

    def __iadd__(self, other: "LoadResult") -> "LoadResult":
        self.articles_added += other.articles_added
        self.articles_unchanged += other.articles_unchanged
        self.nodes_added += other.nodes_added
        self.relationships_added += other.relationships_added
        return self


@dataclass
class Stats:
    labels: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    first_published: str | None = None
    last_published: str | None = None
    undated: int = 0


@dataclass
class QueryResult:
    """Rows of a query, the same shape from every backend: column names and lists of plain values."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def edge_key(src: str, rel: str, dst: str, source_id: str) -> str:
    """One relationship per (subject, type, object) and reporting article."""
    return f"{src}|{rel}|{dst}|{source_id}"


def group_by_source(triples: Iterable[Triple]) -> Iterator[tuple[Node, list[Triple]]]:
    """Triples in article groups, streaming: each run of consecutive triples of one article is a group.

    `kg extract` writes each article's triples together; a store writes one article at a time.
    """
    for _, run in itertools.groupby(triples, key=lambda t: t.source.id):
        items = list(run)
        yield items[0].source, items


class GraphStore(ABC):
    """A place the graph lives. One module per backend implements it."""

    backend: str = "abstract"

    @abstractmethod
    def source_path(self, source_id: str) -> str | None:
        """Where a stored article came from (path, url or title; "" if none), or None if it is not stored."""

    def has_source(self, source_id: str) -> bool:
        """Whether this article (by content id) is already stored."""
        return self.source_path(source_id) is not None

    @abstractmethod
    def add_article(self, source: Node, triples: list[Triple]) -> LoadResult:
        """Store one article's triples, all or nothing. An article already stored is left as is."""

    def stored_sources(self, source_ids: list[str]) -> set[str]:
        """Which of these articles are already stored (a backend may answer in one round trip)."""
        return {i for i in source_ids if self.has_source(i)}

    def add_articles(self, articles: list[tuple[Node, list[Triple]]]) -> LoadResult:
        """Store several articles; each is all or nothing (a backend may write them in one transaction)."""
        result = LoadResult()
        for source, triples in articles:
            result += self.add_article(source, triples)
        return result

    def claim_rows(self) -> list[tuple]:
        """Every stored (Claim)-[:ABOUT]->(target), as corroboration reads them: claim id, text, published,
        terms (a list, or None for claims stored before claims had terms), claimant, first source id,
        target id, stance."""
        return [tuple(row) for row in self.query(CLAIM_ROWS).rows]

    def story_sources(self) -> list[tuple[str, str | None, list[str] | None, str | None]]:
        """Every stored article, the story it joined (None: stored before stories, its own), the stories
        it showed to be one with it, and its date."""
        return [tuple(row) for row in self.query(STORY_SOURCES).rows]

    def source_mentions(self) -> list[tuple[str, str]]:
        """Every (Source)-[:MENTIONS]->(thing): article id, thing id."""
        return [tuple(row) for row in self.query(SOURCE_MENTIONS).rows]

    def claim_rewordings(self) -> list[tuple[str, list[str] | None, str | None, str | None]]:
        """Every (Claim)-[:CORROBORATED_BY]->(Source), as the rewrite worded it: claim id, terms, claimant,
        sentence."""
        return [tuple(row) for row in self.query(CLAIM_REWORDINGS).rows]

    @abstractmethod
    def stats(self) -> Stats: ...

    @abstractmethod
    def query(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        """Run a Cypher query; read-only unless write is True."""

    @abstractmethod
    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph as NetworkX (node attrs: label, id, name, props; edge attrs: type, props)."""

    def close(self) -> None:
        pass

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def nodes_and_edges(source: Node, triples: list[Triple]) -> tuple[dict[str, Node], dict[str, tuple[str, str, str, dict]]]:
    """The distinct nodes of one article, and its relationships by key: (src, type, dst, props).

    A relationship stated twice in one article is kept once, as first stated.
    """
    nodes: dict[str, Node] = {source.id: source}
    edges: dict[str, tuple[str, str, str, dict]] = {}
    provenance, evidence, reported_by = None, None, None
    for t in triples:
        subject, obj = t.subject, t.object
        known = nodes.get(subject.id)
        if known is None or (subject.props and not known.props):
            nodes[subject.id] = subject
        known = nodes.get(obj.id)
        if known is None or (obj.props and not known.props):
            nodes[obj.id] = obj
        key = edge_key(subject.id, t.predicate, obj.id, source.id)
        if key not in edges:
            if t.evidence is not evidence or t.source is not reported_by:  # a sentence's triples come together
                evidence, reported_by, provenance = t.evidence, t.source, t.provenance()
            edges[key] = (subject.id, t.predicate, obj.id, t.relationship_props(provenance))
    assert all(n.label != SOURCE or n.id == source.id for n in nodes.values()), "one Source per article"
    return nodes, edges
