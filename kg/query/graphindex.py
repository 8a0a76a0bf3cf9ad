"""Read indexes over a NetworkX graph for the planner: label -> nodes, (label, property) -> value ->
nodes, relationship type -> adjacency. Built on first use and kept per graph object (a copy, such as
an `--as-of` graph, gets its own); a graph is never changed after a query has read it.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from typing import Any

import networkx as nx

from kg.gcpause import cycle_collector_paused
from kg.query.values import HIDDEN, group_key

KEY_PROPERTY = "relationship_key_property"   # graph attribute: the property name edge keys stand for
Adjacency = dict[Any, list[tuple[Any, Any, dict]]]   # node -> [(neighbour, key, data)]


class GraphIndex:
    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.nodes: dict[Any, dict] = graph._node
        self._labels: dict[str, list[Any]] | None = None
        self._by_property: dict[tuple[str, str], dict[Any, list[Any]]] = {}
        self._out: dict[str, Adjacency] | None = None
        self._in: dict[str, Adjacency] = {}
        self._ids: dict[Any, int] | None = None
        # the embedded store keeps each relationship's `key` property as its NetworkX edge key
        self.key_property: str | None = graph.graph.get(KEY_PROPERTY)

    # -- nodes ------------------------------------------------------------------------------
    def label_nodes(self, label: str) -> list[Any]:
        if self._labels is None:
            labels: dict[str, list[Any]] = defaultdict(list)
            for n, d in self.nodes.items():
                for lb in d.get(HIDDEN, ()):
                    labels[lb].append(n)
            self._labels = dict(labels)
        return self._labels.get(label, [])

    def nodes_with(self, label: str | None, prop: str, value: Any) -> list[Any]:
        """Nodes (of a label, or all) whose property equals value (by Cypher equality of scalars)."""
        key = (label or "", prop)
        index = self._by_property.get(key)
        if index is None:
            index = defaultdict(list)
            for n in (self.label_nodes(label) if label else self.nodes):
                v = self.nodes[n].get(prop)
                if v is not None:
                    index[group_key(v)].append(n)
            self._by_property[key] = index = dict(index)
        return index.get(group_key(value), [])

    def node_number(self, node: Any) -> int:
        """A stable integer per node (Cypher's id()), in the graph's node order."""
        if self._ids is None:
            self._ids = {n: i for i, n in enumerate(self.nodes)}
        return self._ids[node]

    # -- relationships ----------------------------------------------------------------------
    def _build_adjacency(self) -> None:
        out: dict[str, Adjacency] = defaultdict(lambda: defaultdict(list))
        inn: dict[str, Adjacency] = defaultdict(lambda: defaultdict(list))
        with cycle_collector_paused():
            for u, nbrs in self.graph._succ.items():
                for v, keyed in nbrs.items():
                    for k, d in keyed.items():
                        for t in d.get(HIDDEN, ()):
                            out[t][u].append((v, k, d))
                            inn[t][v].append((u, k, d))
        self._out = {t: dict(a) for t, a in out.items()}
        self._in = {t: dict(a) for t, a in inn.items()}

    def typed(self, rel_type: str, outgoing: bool) -> Adjacency:
        if self._out is None:
            self._build_adjacency()
        return (self._out if outgoing else self._in).get(rel_type, {})  # type: ignore[union-attr]

    def type_count(self, rel_type: str) -> int:
        return sum(len(x) for x in self.typed(rel_type, True).values())


_INDEXES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, GraphIndex]" = weakref.WeakKeyDictionary()


def index_for(graph: nx.MultiDiGraph) -> GraphIndex:
    """The indexes of this graph object (not of any graph it was copied from)."""
    index = _INDEXES.get(graph)
    if index is None:
        index = _INDEXES[graph] = GraphIndex(graph)
    return index
