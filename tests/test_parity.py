"""The same Cypher gives the same rows on the embedded store and on a real Neo4j (scripts/neo4j start).

Both stores hold the sample articles. Every named query runs, then 28 everyday queries as a Neo4j user
writes them (the ones the old translation layer refused or answered wrongly among them), then one or
more queries for each construct the embedded engine supports.
"""

from __future__ import annotations

import json

import pytest

from kg.pipeline import ingest
from kg.query.named import named_queries
from kg.readers import iter_articles
from tests.conftest import ARTICLES

pytestmark = pytest.mark.neo4j

# (cypher, params, how rows compare): "ordered" when ORDER BY fixes the order; "any" for any order;
# "sample" for LIMIT without ORDER BY (each backend's rows are some of the query's rows without LIMIT);
# "+lists" also sorts lists inside rows (the order inside collect() and comprehensions is not defined).
EVERYDAY = [
    ("MATCH (c:Company) RETURN c.name AS name ORDER BY name LIMIT 5", {}, "ordered"),
    ("MATCH (c:Company) RETURN count(c) AS companies", {}, "ordered"),
    ("MATCH (p:Person)-[:ASSERTS]->(c:Claim) RETURN p.name AS who, count(c) AS n ORDER BY n DESC, who LIMIT 5", {},
     "ordered"),
    ("MATCH (c:Claim)-[r:ABOUT]->(co:Company {name: 'Nvidia'}) RETURN c.text AS claim, r.stance AS stance "
     "ORDER BY claim, stance", {}, "ordered"),
    ("MATCH (co:Company {name: $company})<-[:ABOUT]-(c:Claim)<-[:ASSERTS]-(who) RETURN DISTINCT who.name",
     {"company": "Nvidia"}, "any"),
    ("MATCH (s:Source) RETURN count(s) AS n", {}, "ordered"),
    ("MATCH (co:Company)<-[:ABOUT]-(c:Claim) RETURN co.name AS company, count(DISTINCT c) AS claims "
     "ORDER BY claims DESC, company LIMIT 5", {}, "ordered"),
    ("MATCH (c:Claim)-[r:ABOUT]->(co:Company) RETURN co.name AS company, "
     "sum(CASE r.stance WHEN 'gaining' THEN 1 WHEN 'losing' THEN -1 ELSE 0 END) AS net ORDER BY net DESC, company "
     "LIMIT 5", {}, "ordered"),
    ("MATCH (co:Company) OPTIONAL MATCH (co)<-[:FAVORS]-(t:Trend) RETURN co.name AS company, count(t) AS trends "
     "ORDER BY trends DESC, company LIMIT 8", {}, "ordered"),
    ("MATCH (c:Claim)-[:ABOUT]->(co:Company) WITH co, count(c) AS n WHERE n >= 3 "
     "RETURN co.name AS company, n ORDER BY n DESC, company", {}, "ordered"),
    ("MATCH (a:Company {name: 'Nvidia'})-[*1..2]-(b:Company) RETURN DISTINCT b.name AS company ORDER BY company", {},
     "ordered"),
    ("MATCH (c:Company) WHERE c.name STARTS WITH 'A' RETURN c.name AS name ORDER BY name", {}, "ordered"),
    ("MATCH (c:Company) WHERE c.name ENDS WITH 'AI' OR c.name CONTAINS 'soft' RETURN c.name AS name ORDER BY name", {},
     "ordered"),
    ("MATCH (c:Company) WHERE c.name =~ '(?i)n.*' RETURN c.name ORDER BY c.name", {}, "ordered"),
    ("MATCH (co:Company)<-[:ABOUT]-(a) RETURN co.name AS company, count(a) AS n LIMIT 3", {}, "sample"),
    ("MATCH (co:Company)<-[:ABOUT]-(a) RETURN co.name AS company, collect(a.stance) AS stances LIMIT 3", {},
     "sample+lists"),
    ("MATCH (s:Source)-[:REPORTS]->(c:Claim) RETURN s.publisher AS publisher, collect(DISTINCT c.stance) AS stances "
     "ORDER BY publisher", {}, "ordered+lists"),
    ("MATCH (s:Source) WHERE s.published >= '2026-03-01' RETURN s.title AS title ORDER BY s.published DESC, title "
     "LIMIT 5", {}, "ordered"),
    ("MATCH (s:Source) WHERE date(s.published) >= date('2026-01-01') + duration('P30D') RETURN count(s) AS n", {},
     "ordered"),
    ("MATCH (s:Source) WHERE s.published IS NOT NULL RETURN substring(s.published, 0, 7) AS month, count(*) AS articles "
     "ORDER BY month", {}, "ordered"),
    ("UNWIND ['OpenAI', 'Nvidia', 'Nobody'] AS name OPTIONAL MATCH (c:Company {name: name}) "
     "RETURN name, c IS NOT NULL AS known ORDER BY name", {}, "ordered"),
    ("MATCH (c:Company {name: 'OpenAI'}) RETURN [(c)<-[:ABOUT]-(cl:Claim) | cl.stance] AS stances", {}, "any+lists"),
    ("MATCH (c:Company) WHERE EXISTS { MATCH (c)<-[:THREATENS]-(:Trend) } RETURN c.name AS name ORDER BY name", {},
     "ordered"),
    ("MATCH (c:Company) WHERE NOT (c)<-[:ABOUT]-(:Claim) RETURN count(c) AS unclaimed", {}, "ordered"),
    ("MATCH p = (s:Source)-[:REPORTS]->(c:Claim)-[:ABOUT]->(co:Company {name: 'Nvidia'}) "
     "RETURN length(p) AS hops, [n IN nodes(p) | labels(n)[0]] AS labels, count(*) AS paths", {}, "any"),
    ("MATCH (t:Trend)-[r]->(co:Company) RETURN type(r) AS effect, count(*) AS n ORDER BY effect", {}, "ordered"),
    ("MATCH (c:Claim) RETURN c.stance AS stance, count(*) AS n, toInteger(round(avg(c.confidence) * 1000)) AS confidence "
     "ORDER BY stance", {}, "ordered"),
    ("MATCH (c:Company) RETURN c.name AS name UNION MATCH (p:Product) RETURN p.name AS name", {}, "any"),
]

CONSTRUCTS = [
    # aggregation over no rows, and each aggregate
    ("MATCH (c:Company {name: 'Nobody'}) RETURN count(c) AS n, collect(c.name) AS names, sum(1) AS s, avg(1) AS a, "
     "max(c.name) AS m, count(*) AS rows", {}, "ordered"),
    ("MATCH (c:Company {name: 'Nobody'}) RETURN c.name AS name, count(*) AS n", {}, "ordered"),
    ("MATCH (c:Claim)-[r:ABOUT]->(co:Company) RETURN min(c.published) AS first, max(c.published) AS last, "
     "percentileDisc(r.score, 0.5) AS median, percentileCont(r.score, 0.9) AS p90, sum(r.score) AS net", {}, "ordered"),
    # self-referencing patterns: a company asserting a claim about itself
    ("MATCH (co:Company)-[:ASSERTS]->(c:Claim)-[:ABOUT]->(co) RETURN co.name AS company, count(c) AS n "
     "ORDER BY company", {}, "ordered"),
    ("MATCH (co:Company)<-[:ABOUT]-(c:Claim)<-[:ASSERTS]-(who) RETURN co.name AS company, who.name AS who, count(*) AS n "
     "ORDER BY company, who", {}, "ordered"),
    # relationship isomorphism with two hops of one type
    ("MATCH (a:Company)<-[:ABOUT]-(c:Claim)-[:ABOUT]->(b:Company) RETURN a.name AS a, b.name AS b, count(*) AS n "
     "ORDER BY a, b", {}, "ordered"),
    # WITH: projection, DISTINCT, ORDER BY, SKIP, LIMIT, WHERE; UNWIND; UNION ALL
    ("MATCH (p:Person)-[:ASSERTS]->(c:Claim) WITH DISTINCT p ORDER BY p.name SKIP 1 LIMIT 3 RETURN p.name AS name", {},
     "ordered"),
    ("MATCH (c:Claim) WITH c.stance AS stance, count(*) AS n WHERE n > 1 RETURN stance, n ORDER BY n DESC, stance", {},
     "ordered"),
    ("UNWIND range(1, 5) AS x WITH x WHERE x % 2 = 1 RETURN collect(x) AS odd, sum(x) AS total", {}, "ordered"),
    ("MATCH (t:Trend) RETURN t.name AS name UNION ALL MATCH (t:Trend) RETURN t.name AS name", {}, "any"),
    # OPTIONAL MATCH with WHERE, null handling, coalesce
    ("MATCH (co:Company) OPTIONAL MATCH (co)<-[r:ABOUT]-(c:Claim) WHERE r.stance = 'losing' "
     "RETURN co.name AS company, count(c) AS losing, coalesce(max(c.published), 'never') AS last "
     "ORDER BY losing DESC, company LIMIT 10", {}, "ordered"),
    ("MATCH (s:Source) RETURN s.author IS NULL AS anonymous, count(*) AS n ORDER BY anonymous", {}, "ordered"),
    # variable-length relationships with bounds, path functions
    ("MATCH p = (:Person)-[:ASSERTS]->(:Claim)-[:ABOUT*1..1]->(co:Company {name: 'Nvidia'}) "
     "RETURN length(p) AS l, size(relationships(p)) AS r, count(*) AS n", {}, "any"),
    ("MATCH (a:Trend)-[*2..3]-(b:Company {name: 'OpenAI'}) RETURN count(DISTINCT a) AS trends", {}, "ordered"),
    ("MATCH (co:Company {name: 'Nvidia'})-[rs:ABOUT*1]-(c) RETURN count(*) AS n, min(size(rs)) AS hops", {}, "ordered"),
    # pattern predicates, EXISTS, COUNT subqueries, pattern comprehension
    ("MATCH (p:Person) WHERE (p)-[:AFFILIATED_WITH]->(:Company) AND NOT (p)-[:ASSERTS]->(:Claim {stance: 'losing'}) "
     "RETURN p.name AS name ORDER BY name", {}, "ordered"),
    ("MATCH (co:Company) RETURN co.name AS company, COUNT { (co)<-[:ABOUT]-(:Claim) } AS claims "
     "ORDER BY claims DESC, company LIMIT 5", {}, "ordered"),
    ("MATCH (co:Company) WHERE size([(co)<-[:MENTIONS]-(s:Source) | s]) > 3 RETURN co.name AS name ORDER BY name", {},
     "ordered"),
    # CASE (both forms), list and map literals, comprehensions, quantifiers
    ("MATCH (c:Claim) RETURN CASE WHEN c.confidence >= 0.8 THEN 'high' WHEN c.confidence >= 0.5 THEN 'mid' "
     "ELSE 'low' END AS band, count(*) AS n ORDER BY band", {}, "ordered"),
    ("RETURN [1, 2, 3] AS l, {a: 1, b: [true, null]} AS m, [x IN range(0, 10) WHERE x % 3 = 0 | x * x] AS squares, "
     "any(x IN [1, 2] WHERE x > 1) AS a, all(x IN [] WHERE x > 1) AS b, none(x IN [1] WHERE x > 1) AS c, "
     "single(x IN [1, 2] WHERE x > 1) AS d", {}, "ordered"),
    ("MATCH (p:Person) RETURN p {.name} AS person ORDER BY p.name LIMIT 3", {}, "ordered"),
    # string predicates and functions, IN, three-valued logic
    ("MATCH (c:Company) WHERE c.name IN ['OpenAI', 'Nvidia', null] RETURN toUpper(c.name) AS up, "
     "toLower(c.name) AS low, size(c.name) AS n, left(c.name, 2) AS l, replace(c.name, 'a', '4') AS r, "
     "split(c.name, 'i') AS parts, reverse(c.name) AS rev, trim('  ' + c.name + ' ') AS t ORDER BY up", {}, "ordered"),
    ("RETURN null = null AS a, null IN [1] AS b, 1 IN [null, 1] AS c, true OR null AS d, false AND null AS e, "
     "NOT null AS f, 1 < 2 < 3 AS g, 'a' < 'b' AS h, 1 = 1.0 AS i, [1, null] = [1, null] AS j", {}, "ordered"),
    ("RETURN 7 / 2 AS a, 7 % 3 AS b, -7 / 2 AS c, 2 ^ 3 AS d, 7.0 / 2 AS e, abs(-3) AS f, sign(-2) AS g, "
     "toInteger('12') AS h, toFloat('1.5') AS i, toString(3) AS j, round(2.5) AS k, floor(2.7) AS l", {}, "ordered"),
    # temporal functions on the ISO dates the store keeps
    ("MATCH (s:Source) WHERE s.published IS NOT NULL WITH date(s.published) AS d "
     "RETURN d.year AS year, d.month AS month, count(*) AS n ORDER BY year, month", {}, "ordered"),
    ("MATCH (s:Source) WHERE date(s.published) < date('2026-03-01') - duration({months: 1}) RETURN count(*) AS n", {},
     "ordered"),
    ("RETURN toString(date('2026-01-31') + duration('P1M')) AS d, date('2026-02-01') > date('2026-01-31') AS later", {},
     "ordered"),
    # labels(), type(), properties(), keys()
    ("MATCH (n) RETURN labels(n) AS labels, count(*) AS n ORDER BY n DESC, labels", {}, "ordered"),
    ("MATCH (t:Trend)-[r:FAVORS]->(c:Company) RETURN type(r) AS t, max(size(keys(r))) AS k, "
     "min(size(keys(t))) AS tk, count(r.key) AS keyed", {}, "ordered"),
    ("MATCH (co:Company {name: 'Nvidia'}) RETURN properties(co) AS props, co AS node", {}, "ordered"),
    ("MATCH (co:Company {name: 'Nvidia'})<-[r:ABOUT]-(:Claim) RETURN r AS rel ORDER BY r.source_id, r.sentence LIMIT 2",
     {}, "ordered"),
]


def _normalise(rows, lists):
    if lists:
        rows = [[sorted(v, key=json.dumps) if isinstance(v, list) else v for v in row] for row in rows]
    return rows


@pytest.fixture(scope="module")
def both(sample_store_path, extractor, neo4j_available):
    from kg.store import open_store
    from kg.store.neo4j import Neo4jStore
    from tests.conftest import NEO4J_PASSWORD, NEO4J_URI
    neo = Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD)
    neo.clear()
    ingest(iter_articles([str(ARTICLES)]), neo, extractor)
    embedded = open_store(sample_store_path)
    yield embedded, neo
    embedded.close()
    neo.clear()
    neo.close()


def _check(both, cypher, params, how):
    embedded, neo = both
    a, b = embedded.query(cypher, params), neo.query(cypher, params)
    assert a.columns == b.columns, cypher
    lists = how.endswith("+lists")
    ra, rb = _normalise(a.rows, lists), _normalise(b.rows, lists)
    if how.startswith("ordered"):
        assert ra == rb, cypher
    elif how.startswith("any"):
        assert sorted(ra, key=json.dumps) == sorted(rb, key=json.dumps), cypher
    else:
        full = _normalise(neo.query(cypher.rsplit(" LIMIT ", 1)[0], params).rows, lists)
        assert len(ra) == len(rb) and all(r in full for r in ra) and all(r in full for r in rb), cypher
    return a


def test_every_named_query_gives_identical_rows(both):
    args = {"company": "Nvidia", "text": "ground"}
    for name, q in named_queries().items():
        params = {**q.defaults, **{k: v for k, v in args.items() if k in q.params}}
        assert _check(both, q.cypher, params, "ordered").rows, name


@pytest.mark.parametrize("cypher, params, how", EVERYDAY, ids=[f"everyday{i + 1}" for i in range(len(EVERYDAY))])
def test_everyday_queries_give_identical_rows(both, cypher, params, how):
    _check(both, cypher, params, how)


@pytest.mark.parametrize("cypher, params, how", CONSTRUCTS, ids=[f"construct{i + 1}" for i in range(len(CONSTRUCTS))])
def test_each_construct_gives_identical_rows(both, cypher, params, how):
    _check(both, cypher, params, how)


def test_the_self_claimant_and_the_empty_count(both):
    embedded, _ = both
    q = "MATCH (co:Company)-[:ASSERTS]->(c:Claim)-[:ABOUT]->(co) RETURN count(*) AS n"
    assert embedded.query(q).rows[0][0] > 0    # the sample articles have companies speaking of themselves


def test_aggregation_over_an_empty_store_on_both(neo4j_store, tmp_path):
    from kg.store import open_store
    with open_store(tmp_path / "empty.db") as empty:
        for q in ("MATCH (s:Source) RETURN count(s) AS n", "MATCH (s:Source) RETURN collect(s.title) AS t, sum(1) AS s"):
            assert empty.query(q).rows == neo4j_store.query(q).rows
