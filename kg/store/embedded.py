"""The embedded store: a NetworkX graph kept in one SQLite file.

SQLite gives what a graph built over months needs: an article is written
inside one transaction (alone, or with others by `kg load`), so a crash or
SIGKILL leaves it either fully stored or not at all; concurrent writers wait for each other (WAL mode and a busy timeout),
and readers see a consistent snapshot while a write runs. The NetworkX
MultiDiGraph that queries and views run over is built from the file on
demand and cached until the next write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from kg.errors import StoreError
from kg.gcpause import cycle_collector_paused
from kg.schema import CLAIM, SOURCE, Node, Triple, clean_props
from kg.store.base import GraphStore, LoadResult, QueryResult, Stats, edge_key, nodes_and_edges

SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    name  TEXT NOT NULL,
    props TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS edges (
    -- key is unique by construction (an article is written whole or not at all, and its edges are
    -- deduplicated first), so it has no index to maintain; stores made before 2026-11-28 keep theirs.
    key   TEXT NOT NULL,
    src   TEXT NOT NULL,
    type  TEXT NOT NULL,
    dst   TEXT NOT NULL,
    props TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
-- Corroboration reads every ABOUT relationship before each write; nothing else looks edges up by type
-- (stats scans them), so only those are indexed. Stores made before 2026-11-28 also keep edges_type.
CREATE INDEX IF NOT EXISTS edges_about ON edges(src) WHERE type = 'ABOUT';
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
FORMAT_VERSION = "1"
BUSY_TIMEOUT_MS = 600_000
_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters


class EmbeddedStore(GraphStore):
    backend = "embedded"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder; --store takes a file such as kg.db")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Large pages halve the cost of bulk writes (rows carry their evidence sentence); SQLite
            # applies this only when it creates the file.
            self.db.execute("PRAGMA page_size = 16384")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.executescript(SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None:
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
            elif row[0] != FORMAT_VERSION:
                raise StoreError(f"{self.path}: store format {row[0]}, this kg reads format {FORMAT_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a kg store ({exc})") from None
        self._graph: nx.MultiDiGraph | None = None
        self._graph_version: int | None = None

    def close(self) -> None:
        self.db.close()

    # -- writes ---------------------------------------------------------------------------------

    def source_path(self, source_id: str) -> str | None:
        row = self.db.execute("SELECT coalesce(json_extract(props, '$.path'), json_extract(props, '$.url'), name) "
                              "FROM nodes WHERE id = ?", (source_id,)).fetchone()
        return None if row is None else (row[0] or "")

    def add_article(self, source: Node, triples: list[Triple]) -> LoadResult:
        return self.add_articles([(source, triples)])

    def add_articles(self, articles: list[tuple[Node, list[Triple]]]) -> LoadResult:
        """Store several articles in one transaction (all or none); already stored ones are left as they are."""
        result = LoadResult()
        dumps = orjson.dumps  # the edges' properties, sorted as _dumps writes them
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                stored = self.stored_sources([source.id for source, _ in articles])
                nodes: dict[str, Node] = {}
                edges: list[tuple[str, str, str, str, str]] = []
                for source, triples in articles:
                    if source.id in stored:
                        result.articles_unchanged += 1
                        continue
                    stored.add(source.id)  # the same article twice in one batch is stored once
                    result.articles_added += 1
                    article_nodes, article_edges = nodes_and_edges(source, triples)
                    for node in article_nodes.values():
                        known = nodes.get(node.id)
                        nodes[node.id] = node if known is None else _first_wins(known, node)
                    edges += [(k, s, t, d, dumps(p, option=orjson.OPT_SORT_KEYS).decode())
                              for k, (s, t, d, p) in article_edges.items()]
                result.nodes_added += self._put_nodes(list(nodes.values()))
                before = self.db.total_changes
                self.db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)", edges)
                result.relationships_added += self.db.total_changes - before
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: cannot write ({exc})") from None
        self._graph = None
        return result

    def stored_sources(self, source_ids: list[str]) -> set[str]:
        return {row[0] for row in self._nodes_with_ids("id", source_ids)}

    def _nodes_with_ids(self, columns: str, ids: list[str]) -> list[tuple]:
        """`SELECT columns FROM nodes` for these ids, in chunks that stay under SQLite's parameter limit."""
        rows: list[tuple] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            rows += self.db.execute(f"SELECT {columns} FROM nodes WHERE id IN ({','.join('?' * len(chunk))})",
                                    chunk).fetchall()
        return rows

    def _put_nodes(self, nodes: list[Node]) -> int:
        """Insert new nodes; a known node keeps what it has and gains properties it lacked. Returns the count added."""
        with_props = {n.id: clean_props(n.props) for n in nodes if n.props}
        existing: dict[str, str] = dict(self._nodes_with_ids("id, props", list(with_props)))
        before = self.db.total_changes
        self.db.executemany("INSERT OR IGNORE INTO nodes VALUES (?, ?, ?, ?)",
                            [(n.id, n.label, n.name, _dumps(with_props.get(n.id, {}))) for n in nodes
                             if n.id not in existing])
        added = self.db.total_changes - before
        for nid, old in existing.items():
            stored = orjson.loads(old)
            merged = {**with_props[nid], **stored}  # what is stored first stays
            if merged != stored:
                self.db.execute("UPDATE nodes SET props = ? WHERE id = ?", (_dumps(merged), nid))
        return added

    # -- reads ----------------------------------------------------------------------------------

    def stats(self) -> Stats:
        st = Stats()
        st.labels = dict(self.db.execute("SELECT label, count(*) FROM nodes GROUP BY label ORDER BY label"))
        st.relationships = dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type"))
        st.articles = st.labels.get(SOURCE, 0)
        row = self.db.execute(
            "SELECT min(json_extract(props, '$.published')), max(json_extract(props, '$.published')), "
            "sum(json_extract(props, '$.published') IS NULL) FROM nodes WHERE label = ?", (SOURCE,)).fetchone()
        st.first_published, st.last_published, st.undated = row[0], row[1], row[2] or 0
        return st

    # Corroboration reads these before every write: straight from SQLite, as building the whole graph
    # for them would cost seconds on a large store.
    def claim_rows(self) -> list[tuple]:
        return [(claim, text, published, None if terms is None else orjson.loads(terms), claimant, source,
                 target, stance)
                for claim, text, published, terms, claimant, source, target, stance in self.db.execute(
                    "SELECT e.src, json_extract(c.props, '$.text'), json_extract(c.props, '$.published'), "
                    "json_extract(c.props, '$.terms'), json_extract(c.props, '$.claimant'), "
                    "json_extract(c.props, '$.source_id'), e.dst, json_extract(e.props, '$.stance') "
                    "FROM edges e JOIN nodes c ON c.id = e.src WHERE e.type = 'ABOUT' AND c.label = ?", (CLAIM,))]

    def story_sources(self) -> list[tuple[str, str | None, list[str] | None, str | None]]:
        return [(source, story, None if merges is None else orjson.loads(merges), published)
                for source, story, merges, published in self.db.execute(
                    "SELECT id, json_extract(props, '$.story'), json_extract(props, '$.story_merges'), "
                    "json_extract(props, '$.published') FROM nodes WHERE label = ?", (SOURCE,))]

    def source_mentions(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT src, dst FROM edges WHERE type = 'MENTIONS'").fetchall()

    def claim_rewordings(self) -> list[tuple[str, list[str] | None, str | None, str | None]]:
        return [(claim, None if terms is None else orjson.loads(terms), claimant, sentence)
                for claim, terms, claimant, sentence in self.db.execute(
                    "SELECT src, json_extract(props, '$.terms'), json_extract(props, '$.claimant'), "
                    "json_extract(props, '$.sentence') FROM edges WHERE type = 'CORROBORATED_BY'")]

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph (cached until this store, or another process, writes)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._graph is not None and version == self._graph_version:
            return self._graph
        g = nx.MultiDiGraph(relationship_key_property="key")   # edge keys are the relationships' `key`
        # One read transaction, so that a concurrent ingest is seen whole or not at all.
        self.db.execute("BEGIN")
        try:
            with cycle_collector_paused():
                for nid, label, name, props in self.db.execute("SELECT id, label, name, props FROM nodes"):
                    g.add_node(nid, __labels__={label}, **orjson.loads(props), id=nid, name=name)
                for src, typ, dst, props in self.db.execute("SELECT src, type, dst, props FROM edges"):
                    attrs = orjson.loads(props)
                    g.add_edge(src, dst, key=edge_key(src, typ, dst, attrs["source_id"]), __labels__={typ}, **attrs)
        finally:
            self.db.execute("COMMIT")
        self._graph, self._graph_version = g, version
        return g

    def query(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        from kg.query.embedded import run_query
        return run_query(self.to_networkx(), cypher, params or {}, write=write)


def _dumps(props: dict[str, Any]) -> str:
    return orjson.dumps(props, option=orjson.OPT_SORT_KEYS).decode()


def _first_wins(known: Node, new: Node) -> Node:
    """One node seen in two articles of a batch: the first one's properties stay, the second adds what they lack."""
    if not new.props:
        return known
    return Node(known.label, known.name, known.id, {**clean_props(new.props), **clean_props(known.props)})
