"""Running Cypher on the embedded store's NetworkX graph with grand-cypher."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
from grandcypher import GrandCypher
from lark.exceptions import LarkError

from kg.errors import QueryError
from kg.query.results import plain, return_columns
from kg.query.translate import SUGGEST, has_selective_equality, to_grand_cypher
from kg.store.base import QueryResult


def run_query(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any], write: bool = False) -> QueryResult:
    """Run a standard Cypher read query; rows come back in the shape both backends share."""
    dialect = to_grand_cypher(cypher, params)
    engine = GrandCypher(_restricted(graph, dialect))
    # grand-cypher's automatic WHERE hints pay off for selective equalities (c.name = "OpenAI") and cost
    # time quadratic in the candidates for everything else (ranges, comparisons of two properties).
    engine.auto_where_hints = has_selective_equality(dialect)
    # ... and its node-property hints crash on a pattern without a property map (grand-cypher 1.2.0).
    engine.auto_node_jsondata_hints = re.search(r"\(\s*\w*\s*(:\s*[\w|]+\s*)?\{", dialect) is not None
    try:
        raw = engine.run(dialect)
    except LarkError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the embedded backend cannot run this query ({first}); {SUGGEST}") from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, AssertionError) as exc:
        raise QueryError(f"the embedded backend failed on this query ({type(exc).__name__}: {exc}); "
                         f"{SUGGEST}") from None
    raw = {str(k): v for k, v in raw.items()}
    pairs = return_columns(cypher, list(raw))
    columns = [name for name, _ in pairs]
    values = [raw[key] for _, key in pairs]
    n = max((len(v) for v in values), default=0)
    rows = [[plain(col[i]) if i < len(col) else None for col in values] for i in range(n)]
    return QueryResult(columns, rows)


_NODE = re.compile(r"\(\s*(\w*)\s*(?::\s*([\w|]+))?\s*(\{[^}]*\})?\s*\)")
_REL = re.compile(r"-\[\s*(\w*)\s*(?::\s*([\w|]+))?[^\]]*\]-")


def _restricted(graph: nx.MultiDiGraph, dialect: str) -> nx.MultiDiGraph:
    """The part of the graph a query can touch: when every node pattern names its label and every
    relationship pattern its type, only those nodes and relationships (cached on the graph).
    Fewer candidates make grand-cypher's matching faster; the answers are the same."""
    patterns = " ".join(m.group(0) for m in re.finditer(r"\bMATCH\b(.*?)(?=\bWHERE\b|\bRETURN\b|\bMATCH\b|$)",
                                                       dialect, re.I | re.S))
    nodes = _NODE.findall(patterns)
    rels = _REL.findall(patterns)
    if not nodes or any(not label for _, label, _ in nodes) or any(not types for _, types in rels):
        return graph
    if "--" in patterns.replace("<--", "--").replace("-->", "--") and not rels:
        return graph
    labels = frozenset(lb for _, label, _ in nodes for lb in label.split("|"))
    types = frozenset(t for _, ts in rels for t in ts.split("|"))
    cache = graph.graph.setdefault("_kg_restricted", {})
    key = (labels, types)
    if key not in cache:
        sub = nx.MultiDiGraph()
        sub.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["__labels__"] & labels)
        sub.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                           if d["__labels__"] & types and u in sub and v in sub)
        cache[key] = sub
    return cache[key]
