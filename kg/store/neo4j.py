"""The Neo4j store: the same interface as the embedded one, over the official driver.

Writes go through managed transactions (retried on transient errors), many
articles per transaction, batched with UNWIND and idempotent: MERGE on `id` for
nodes; relationships of a new article are created (their `key` names the
article), and `kg export --to neo4j` merges on `key`. Labels and relationship types come only from the
schema's fixed lists; every value is a parameter. Uniqueness constraints on
`id` are created on first use.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (AuthError, ClientError, ConfigurationError, CypherSyntaxError, DatabaseError,
                              Neo4jError, ServiceUnavailable, SessionExpired)

from kg.errors import QueryError, StoreError
from kg.query.results import plain
from kg.schema import LABELS, RELATIONSHIP_TYPES, Node, Triple
from kg.store.base import GraphStore, LoadResult, QueryResult, Stats, clean_props, nodes_and_edges

DEFAULT_URI = "bolt://127.0.0.1:7687"

# Named queries; {label}, {rel}, {a} and {b} are filled only from the schema's fixed lists (see _checked).
STORED_SOURCES = "UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id"
# A node seen again keeps what it has and gains the properties it lacked (as in the embedded store).
MERGE_NODES = ("UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) ON CREATE SET n.name = row.name "
               "WITH n, row, properties(n) AS known SET n += row.props SET n += known")
MATCH_ENDS = "UNWIND $rows AS row MATCH (a:{a} {{id: row.src}}) MATCH (b:{b} {{id: row.dst}}) "
CREATE_RELS = MATCH_ENDS + "CREATE (a)-[r:{rel} {{key: row.key}}]->(b) SET r += row.props"
MERGE_RELS = MATCH_ENDS + "MERGE (a)-[r:{rel} {{key: row.key}}]->(b) ON CREATE SET r += row.props"


class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(self, uri: str = DEFAULT_URI, user: str = "neo4j", password: str | None = None,
                 database: str = "neo4j") -> None:
        self.uri = uri
        self.database = database
        self.driver = None
        try:
            # The server's notifications ("property key does not exist" on an empty graph) are not the user's business.
            self.driver = GraphDatabase.driver(uri, auth=(user, password or ""), notifications_min_severity="OFF")
            with self.driver.session(database=database) as session:
                session.run("RETURN 1").consume()
        except Exception as exc:
            if self.driver is not None:
                self.driver.close()
            raise _connect_error(exc, uri, user, database) from None
        self._ensure_constraints()

    def close(self) -> None:
        self.driver.close()

    def _session(self):
        return self.driver.session(database=self.database)

    def _run(self, work, *args: Any, write: bool = True) -> Any:
        try:
            with self._session() as session:
                return (session.execute_write if write else session.execute_read)(work, *args)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreError(f"lost the connection to Neo4j at {self.uri} ({_first_line(exc)}); "
                             "re-run the command when it is back: loads are idempotent") from None

    def _ensure_constraints(self) -> None:
        def work(tx: ManagedTransaction) -> None:
            for label in LABELS:
                tx.run(f"CREATE CONSTRAINT kg_{label.lower()}_id IF NOT EXISTS "
                       f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
        try:
            self._run(work)
        except ClientError as exc:
            raise StoreError(f"Neo4j at {self.uri}: cannot create constraints ({_first_line(exc)})") from None

    # -- writes ---------------------------------------------------------------------------------

    def source_path(self, source_id: str) -> str | None:
        def work(tx: ManagedTransaction) -> str | None:
            row = tx.run("MATCH (s:Source {id: $id}) RETURN coalesce(s.path, s.url, s.name, '') AS p",
                         id=source_id).single()
            return None if row is None else row["p"]
        return self._run(work, write=False)

    def stored_sources(self, source_ids: list[str]) -> set[str]:
        def work(tx: ManagedTransaction) -> set[str]:
            return {r["id"] for r in tx.run(STORED_SOURCES, ids=source_ids)}
        return self._run(work, write=False)

    def add_article(self, source: Node, triples: list[Triple]) -> LoadResult:
        return self.add_articles([(source, triples)])

    def add_articles(self, articles: list[tuple[Node, list[Triple]]]) -> LoadResult:
        """Store articles in one transaction: a few UNWIND statements per label and relationship type."""
        def work(tx: ManagedTransaction) -> LoadResult:
            ids = [source.id for source, _ in articles]
            stored = {r["id"] for r in tx.run(STORED_SOURCES, ids=ids)}
            result = LoadResult()
            node_rows: dict[str, dict[str, dict]] = defaultdict(dict)
            edge_rows: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
            for source, triples in articles:
                if source.id in stored:
                    result.articles_unchanged += 1   # already stored, or earlier in this batch
                    continue
                stored.add(source.id)
                result.articles_added += 1
                nodes, edges = nodes_and_edges(source, triples)
                for n in nodes.values():
                    row = node_rows[_checked(n.label, LABELS)].setdefault(
                        n.id, {"id": n.id, "name": n.name, "props": {}})
                    row["props"] = {**clean_props(n.props), **row["props"]}   # the first article's values stay
                for key, (src, rel, dst, props) in edges.items():
                    edge_rows[(_checked(rel, RELATIONSHIP_TYPES), nodes[src].label, nodes[dst].label)].append(
                        {"key": key, "src": src, "dst": dst, "props": props})
            for label, rows in node_rows.items():
                summary = tx.run(MERGE_NODES.format(label=label), rows=list(rows.values())).consume()
                result.nodes_added += summary.counters.nodes_created
            for (rel, a, b), rows in edge_rows.items():
                # Every relationship key names its article, and the article was not stored (checked in this
                # transaction), so none of these exists yet: CREATE, not MERGE.
                summary = tx.run(CREATE_RELS.format(a=a, b=b, rel=rel), rows=rows).consume()
                result.relationships_added += summary.counters.relationships_created
            return result

        return self._run(work)

    def copy_graph(self, graph: nx.MultiDiGraph, batch: int = 2000) -> LoadResult:
        """Merge a whole NetworkX graph (an embedded store's) into Neo4j, in batches; idempotent."""
        result = LoadResult()
        labels: dict[str, str] = {}
        by_label: dict[str, list[dict]] = defaultdict(list)
        for n, d in graph.nodes(data=True):
            label = _checked(next(iter(d["__labels__"])), LABELS)
            labels[n] = label
            props = clean_props({k: v for k, v in d.items() if k != "__labels__"})
            by_label[label].append({"id": n, "name": props.pop("name", n), "props": props})
        by_type: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for u, v, k, d in graph.edges(keys=True, data=True):
            rel = _checked(next(iter(d["__labels__"])), RELATIONSHIP_TYPES)
            by_type[(rel, labels[u], labels[v])].append(
                {"key": k, "src": u, "dst": v, "props": clean_props({a: b for a, b in d.items() if a != "__labels__"})})

        def nodes_work(tx: ManagedTransaction, label: str, rows: list[dict]) -> int:
            return tx.run(MERGE_NODES.format(label=label), rows=rows).consume().counters.nodes_created

        def rels_work(tx: ManagedTransaction, rel: str, a: str, b: str, rows: list[dict]) -> int:
            return tx.run(MERGE_RELS.format(a=a, b=b, rel=rel), rows=rows).consume().counters.relationships_created

        for label, rows in by_label.items():
            for i in range(0, len(rows), batch):
                result.nodes_added += self._run(nodes_work, label, rows[i:i + batch])
        for (rel, a, b), rows in by_type.items():
            for i in range(0, len(rows), batch):
                result.relationships_added += self._run(rels_work, rel, a, b, rows[i:i + batch])
        result.articles_added = sum(1 for lb in labels.values() if lb == "Source")
        return result

    # -- reads ----------------------------------------------------------------------------------

    def stats(self) -> Stats:
        def work(tx: ManagedTransaction) -> Stats:
            st = Stats()
            st.labels = {r["label"]: r["n"] for r in tx.run(
                "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label")}
            st.relationships = {r["type"]: r["n"] for r in tx.run(
                "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")}
            row = tx.run("MATCH (s:Source) RETURN count(s) AS n, min(s.published) AS first, max(s.published) AS last, "
                         "sum(CASE WHEN s.published IS NULL THEN 1 ELSE 0 END) AS undated").single()
            st.articles, st.first_published, st.last_published, st.undated = row["n"], row["first"], row["last"], row["undated"]
            return st
        return self._run(work, write=False)

    def query(self, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> QueryResult:
        def work(tx: ManagedTransaction) -> QueryResult:
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            return QueryResult(columns, [[plain(v) for v in record.values()] for record in result])
        try:
            return self._run(work, write=write)
        except CypherSyntaxError as exc:
            raise QueryError(f"Neo4j cannot parse the query: {_first_line(exc)}") from None
        except (ClientError, DatabaseError) as exc:
            message = _first_line(exc)
            if "read access mode" in message.lower() or "write" in message.lower() and not write:
                raise QueryError(f"this query writes to the graph; pass --write to allow it ({message})") from None
            raise QueryError(f"Neo4j refused the query: {message}") from None

    def to_networkx(self) -> nx.MultiDiGraph:
        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            g = nx.MultiDiGraph(relationship_key_property="key")   # edge keys are the relationships' `key`
            for r in tx.run("MATCH (n) RETURN n"):
                n = r["n"]
                props = dict(n.items())
                g.add_node(props["id"], __labels__=set(n.labels), **props)
            for r in tx.run("MATCH (a)-[r]->(b) RETURN a.id AS a, b.id AS b, type(r) AS t, properties(r) AS p"):
                props = dict(r["p"])
                key = props.pop("key")
                g.add_edge(r["a"], r["b"], key=key, __labels__={r["t"]}, **props)
            return g
        return self._run(work, write=False)

    def clear(self) -> None:
        """Delete every node and relationship (tests and `kg export --to neo4j --replace`)."""
        self._run(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


def _checked(name: str, allowed: tuple[str, ...]) -> str:
    if name not in allowed:
        raise StoreError(f"{name!r} is not a label or relationship type of the kg schema")
    return name


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0]


def _connect_error(exc: Exception, uri: str, user: str, database: str) -> StoreError:
    """One line saying why a connection failed and what to do."""
    if isinstance(exc, AuthError):
        return StoreError(f"Neo4j at {uri} refused user {user!r}: check --neo4j-user and --neo4j-password "
                          "(or NEO4J_USER, NEO4J_PASSWORD)")
    if isinstance(exc, (ServiceUnavailable, SessionExpired, OSError)):
        return StoreError(f"cannot reach Neo4j at {uri} ({_first_line(exc)}): start it (scripts/neo4j start) "
                          "or check --neo4j-uri")
    if isinstance(exc, (ConfigurationError, ValueError)):
        return StoreError(f"bad Neo4j URI {uri!r}: {_first_line(exc)}")
    if isinstance(exc, Neo4jError) and "database" in str(exc).lower():
        return StoreError(f"Neo4j at {uri} has no database {database!r}: check --neo4j-database")
    return StoreError(f"Neo4j at {uri}: {_first_line(exc)}")
