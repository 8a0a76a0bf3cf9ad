"""Running Cypher on the embedded store's NetworkX graph with grand-cypher."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import grandiso
import networkx as nx
from grandcypher import GrandCypher
from lark.exceptions import LarkError

from kg.errors import QueryError
from kg.gcpause import cycle_collector_paused
from kg.query.results import plain, return_columns
from kg.query.translate import SUGGEST, has_selective_equality, to_grand_cypher, tokenize
from kg.store.base import QueryResult


def _motif_as_graph(find_motifs_iter):
    """grand-cypher (1.2.0) hands grandiso each connected part of a query pattern as a NetworkX
    subgraph *view*, and grandiso reads that pattern a few dozen times per candidate match; every
    read of a view goes through node filters. A copy of the pattern (a handful of nodes) answers
    the same and takes a third off the time of a query. Same results; remove once grand-cypher
    passes a graph."""
    @functools.wraps(find_motifs_iter)
    def find(motif, host, *args, **kwargs):
        return find_motifs_iter(motif.copy(), host, *args, **kwargs)
    find.kg_copies_motif = True
    return find


if not getattr(grandiso.find_motifs_iter, "kg_copies_motif", False):
    grandiso.find_motifs_iter = _motif_as_graph(grandiso.find_motifs_iter)


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
        with cycle_collector_paused():
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
    """The part of the graph a query can touch.

    When every node pattern names its label and every relationship pattern its type, only those
    nodes and relationships (cached on the graph); and when the WHERE clause requires a property
    of a relationship to equal a string, only the relationships that have it. Fewer candidates
    make grand-cypher's matching faster; the answers are the same. (Equalities on node properties
    are left to grand-cypher's own index hints, which cost less than a copy of the graph.)
    """
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
    filters = _pushed_down(dialect, rels)
    return _filtered(cache[key], filters) if filters else cache[key]


Filter = tuple[frozenset[str], str, frozenset[str]]  # (relationship types, property, allowed values)


def _pushed_down(dialect: str, rels: list[tuple[str, str]]) -> list[Filter]:
    """Conditions of the WHERE clause that can be applied to the graph before matching: equalities
    `r.property = "string"` on relationship variables whose type no other relationship pattern
    uses, when the clause is a plain conjunction of conditions, or a plain disjunction of such
    equalities on one property (r.stance = "gaining" OR r.stance = "losing")."""
    tokens = [t for t in tokenize(dialect) if t[0] not in ("space", "comment")]
    words = [text.lower() if kind == "word" else None for kind, text in tokens]
    if words.count("where") != 1 or "match" in words[words.index("where"):]:
        return []
    start = words.index("where") + 1
    end = words.index("return") if "return" in words else len(tokens)
    clause = tokens[start:end]
    connectives = {text.lower() for kind, text in clause if kind == "word" and text.lower() in ("and", "or")}
    if len(connectives) > 1 or any(kind == "word" and text.lower() in ("not", "xor") for kind, text in clause) or \
            any(text in "()[]" for kind, text in clause if kind == "op"):
        return []
    by_var = {}
    for var, names in rels:
        types = frozenset(names.split("|"))
        if var and not any(other_var != var and types & frozenset(other.split("|")) for other_var, other in rels):
            by_var[var] = types
    joiner = connectives.pop() if connectives else "and"
    equalities: list[tuple[str, str, str] | None] = []
    condition: list[tuple[str, str]] = []
    for kind, text in [*clause, ("word", joiner)]:
        if kind == "word" and text.lower() == joiner:
            sig = [t for t in condition if t[1] != "="]
            ops = [t for t in condition if t[1] == "="]
            if (len(sig) == 4 and 1 <= len(ops) <= 2 and sig[0][0] == "word" and sig[1][1] == "." and
                    sig[2][0] == "word" and sig[3][0] == "string" and condition[3][1] == "=" and sig[0][1] in by_var):
                equalities.append((sig[0][1], sig[2][1], json.loads(sig[3][1])))
            else:
                equalities.append(None)
            condition = []
        else:
            condition.append((kind, text))
    if joiner == "and":
        return [(by_var[var], prop, frozenset([value])) for var, prop, value in filter(None, equalities)]
    if None in equalities or len({(var, prop) for var, prop, _ in equalities}) != 1:
        return []
    var, prop, _ = equalities[0]
    return [(by_var[var], prop, frozenset(value for _, _, value in equalities))]


def _filtered(graph: nx.MultiDiGraph, filters: list[Filter]) -> nx.MultiDiGraph:
    """A copy of the graph without the relationships that fail one of the filters."""
    sub = nx.MultiDiGraph()
    sub.add_nodes_from(graph.nodes(data=True))
    sub.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                       if all(d.get(prop) in values for types, prop, values in filters if d["__labels__"] & types))
    return sub
