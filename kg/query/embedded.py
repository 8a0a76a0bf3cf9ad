"""Cypher on the embedded store: parse (kg.query.parser), plan and run (kg.query.executor) over the
store's NetworkX graph, rows in the shape both backends share."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.gcpause import cycle_collector_paused
from kg.query.executor import execute
from kg.query.parser import parse
from kg.store.base import GraphStore, QueryResult


def run_query(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any] | None = None,
              write: bool = False) -> QueryResult:
    """Run a read query; writes are refused (the embedded store is written by ingest only)."""
    if write:
        raise QueryError("--write is for Neo4j: the embedded store is written by `kg ingest` and `kg load` only")
    query = parse(cypher)
    try:
        with cycle_collector_paused():
            columns, rows = execute(query, graph, params or {})
    except RecursionError:
        raise QueryError("the query is nested too deeply to run") from None
    return QueryResult(columns, rows)


def query_as_of(store: GraphStore, cypher: str, params: dict[str, Any] | None, as_of: str) -> QueryResult:
    """A read query over what the store knew on `as_of` (sources published by then, and what they reported),
    run by the embedded engine on either backend's graph."""
    from kg.analysis import graph_as_of
    return run_query(graph_as_of(store.to_networkx(), as_of), cypher, params)
