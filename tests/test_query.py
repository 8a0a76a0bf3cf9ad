"""Cypher on the embedded store: the engine's semantics on small graphs, errors, named queries over the
sample data, and queries as of a date."""

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.query.embedded import query_as_of, run_query
from kg.query.graphindex import index_for
from kg.query.named import named_queries, parse_value


def graph(nodes, rels):
    """nodes: {id: (labels, props)}, rels: [(src, type, dst, props)]."""
    g = nx.MultiDiGraph()
    for nid, (labels, props) in nodes.items():
        g.add_node(nid, __labels__=set(labels), **props)
    for i, (a, t, b, props) in enumerate(rels):
        g.add_edge(a, b, key=f"e{i}", __labels__={t}, **props)
    return g


@pytest.fixture(scope="module")
def small():
    """Two companies; OpenAI asserts a claim about itself; a person claims about both."""
    return graph({
        "openai": (["Company"], {"name": "OpenAI"}), "nvidia": (["Company"], {"name": "Nvidia"}),
        "ana": (["Person"], {"name": "Ana", "age": 41}),
        "c1": (["Claim"], {"text": "OpenAI is gaining", "published": "2026-01-10"}),
        "c2": (["Claim"], {"text": "Nvidia is losing", "published": "2026-02-03"}),
        "c3": (["Claim"], {"text": "both", "published": None}),
    }, [
        ("openai", "ASSERTS", "c1", {}), ("c1", "ABOUT", "openai", {"stance": "gaining", "score": 1}),
        ("ana", "ASSERTS", "c2", {}), ("c2", "ABOUT", "nvidia", {"stance": "losing", "score": -1}),
        ("ana", "ASSERTS", "c3", {}), ("c3", "ABOUT", "openai", {"stance": "gaining", "score": 1}),
        ("c3", "ABOUT", "nvidia", {"stance": "neutral", "score": 0}),
    ])


def rows(g, cypher, **params):
    return run_query(g, cypher, params).rows


def test_a_node_may_repeat_in_a_pattern_but_a_relationship_may_not(small):
    q = "MATCH (co:Company {name: $company})<-[:ABOUT]-(c:Claim)<-[:ASSERTS]-(who) RETURN DISTINCT who.name AS who ORDER BY who"
    assert rows(small, q, company="OpenAI") == [["Ana"], ["OpenAI"]]
    assert rows(small, "MATCH (a)-[r]->(b)<-[s]-(a) RETURN count(*) AS n") == [[0]]
    assert rows(small, "MATCH (a)-[r]-(b)-[s]-(a) RETURN count(*) AS n") == [[4]]


def test_aggregation_over_no_rows_gives_one_row_and_limit_applies_after_it(small):
    assert rows(small, "MATCH (s:Source) RETURN count(s) AS n, collect(s) AS l, sum(s.x) AS t, max(s.x) AS m") == \
        [[0, [], 0, None]]
    assert rows(small, "MATCH (s:Source) RETURN s.name AS name, count(s) AS n") == []
    assert sorted(rows(small, "MATCH (co:Company)<-[:ABOUT]-(a) RETURN co.name AS company, count(a) AS n LIMIT 3")) == \
        [["Nvidia", 2], ["OpenAI", 2]]
    assert rows(small, "MATCH (c:Claim)-[r:ABOUT]->(co) RETURN co.name AS co, collect(r.stance) AS s, "
                       "count(DISTINCT c) AS n ORDER BY co LIMIT 1") == [["Nvidia", ["losing", "neutral"], 2]]


def test_null_is_unknown(small):
    assert rows(small, "RETURN null = null AS a, null <> 1 AS b, true OR null AS c, false AND null AS d, "
                       "null IN [1] AS e, 1 IN [null, 1] AS f, 2 IN [null, 1] AS g, NOT null AS h") == \
        [[None, None, True, False, None, True, None, None]]
    assert rows(small, "MATCH (c:Claim) WHERE c.published > '2026-01-31' RETURN c.text AS t") == [["Nvidia is losing"]]
    assert rows(small, "MATCH (c:Claim) WHERE NOT c.published > '2026-01-31' RETURN c.text AS t") == \
        [["OpenAI is gaining"]]


def test_optional_match_with_where_and_case(small):
    q = ("MATCH (co:Company) OPTIONAL MATCH (co)<-[r:ABOUT]-(c:Claim) WHERE r.stance = 'losing' "
         "RETURN co.name AS co, c.text AS t, CASE WHEN c IS NULL THEN 'none' ELSE 'some' END AS k ORDER BY co")
    assert rows(small, q) == [["Nvidia", "Nvidia is losing", "some"], ["OpenAI", None, "none"]]
    q = "MATCH (c:Claim)-[r:ABOUT]->() RETURN CASE r.stance WHEN 'gaining' THEN 1 WHEN 'losing' THEN -1 ELSE 0 END AS v"
    assert sorted(r[0] for r in rows(small, q)) == [-1, 0, 1, 1]


def test_with_where_order_skip_limit_unwind_union(small):
    q = ("MATCH (c:Claim)-[:ABOUT]->(co:Company) WITH co, count(c) AS n WHERE n > 1 "
         "RETURN co.name AS co, n ORDER BY co DESC SKIP 1 LIMIT 1")
    assert rows(small, q) == [["Nvidia", 2]]
    assert rows(small, "UNWIND [3, 1, null, 2] AS x WITH x ORDER BY x DESC RETURN collect(x) AS l") == [[[3, 2, 1]]]
    assert rows(small, "RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x") == [[1], [2]]
    assert rows(small, "RETURN 1 AS x UNION ALL RETURN 1 AS x") == [[1], [1]]
    assert rows(small, "UNWIND [] AS x RETURN x") == []


def test_variable_length_paths_and_path_functions(small):
    q = "MATCH (a:Person)-[*2]->(b:Company) RETURN DISTINCT b.name AS b ORDER BY b"
    assert rows(small, q) == [["Nvidia"], ["OpenAI"]]
    q = "MATCH p = (a:Person)-[:ASSERTS]->(c)-[:ABOUT*1..1]->(co {name: 'OpenAI'}) " \
        "RETURN length(p) AS l, [n IN nodes(p) | coalesce(n.name, n.text)] AS ns, size(relationships(p)) AS r"
    assert rows(small, q) == [[2, ["Ana", "both", "OpenAI"], 2]]
    assert rows(small, "MATCH (a:Company {name: 'Nvidia'})-[*0..]-(b:Person) RETURN count(DISTINCT b) AS n") == [[1]]
    assert rows(small, "MATCH (a {name: 'Ana'})-[rs*2]->(b) RETURN [r IN rs | type(r)] AS t LIMIT 1") == \
        [[["ASSERTS", "ABOUT"]]]


@pytest.mark.parametrize("hops", ["*0..1", "*1..2", "*..2", "*1", "*0..2", "*2"])
def test_distinct_ends_of_short_walks_equal_the_full_enumeration(hops):
    """DISTINCT after a short anonymous variable-length pattern yields each end once; the answer is the same."""
    g = graph({i: (["N"], {"i": i}) for i in range(5)},
              [(0, "T", 1, {}), (0, "T", 1, {}), (1, "T", 2, {}), (2, "T", 2, {}), (3, "T", 0, {}), (4, "T", 3, {})])
    for start in range(5):
        for arrow in ("-[{}]-", "-[{}]->", "<-[{}]-"):
            pattern = f"(a {{i: {start}}}){arrow.format(hops)}(b)"
            fast = rows(g, f"MATCH {pattern} RETURN count(DISTINCT b) AS n, min(b.i) AS lo")
            full = rows(g, f"MATCH {pattern} WITH b, count(*) AS walks RETURN count(b) AS n, min(b.i) AS lo")
            assert fast == full, pattern


def test_pattern_predicates_exists_and_comprehensions(small):
    assert rows(small, "MATCH (p) WHERE (p)-[:ASSERTS]->(:Claim)-[:ABOUT]->(:Company {name: 'Nvidia'}) "
                       "RETURN p.name AS n") == [["Ana"]]
    assert rows(small, "MATCH (c:Company) WHERE NOT EXISTS { MATCH (c)-[:ASSERTS]->() } RETURN c.name AS n") == \
        [["Nvidia"]]
    assert rows(small, "MATCH (c:Company {name: 'OpenAI'}) RETURN size([(c)<-[:ABOUT]-(x) | x.text]) AS n, "
                       "COUNT { (c)<-[:ABOUT]-() } AS m") == [[2, 2]]
    assert rows(small, "RETURN [x IN range(1, 6) WHERE x % 2 = 0 | x * 10] AS l, all(x IN [1, 2] WHERE x > 0) AS a, "
                       "none(x IN [1, 2] WHERE x > 1) AS n, single(x IN [1, 2] WHERE x > 1) AS s") == \
        [[[20, 40, 60], True, False, True]]


def test_functions_strings_lists_maps_and_dates(small):
    assert rows(small, "MATCH (p:Person) RETURN labels(p) AS l, properties(p) AS pr, toUpper(p.name) AS u, "
                       "p.name STARTS WITH 'A' AS s, p.name ENDS WITH 'a' AS e, p.name =~ 'A.*' AS r, "
                       "p {.name, years: p.age} AS m") == \
        [[["Person"], {"name": "Ana", "age": 41}, "ANA", True, True, True, {"name": "Ana", "years": 41}]]
    assert rows(small, "MATCH ()-[r]->() WHERE r.score < 0 RETURN type(r) AS t, r.stance AS s") == [["ABOUT", "losing"]]
    assert rows(small, "RETURN date('2026-01-31') + duration('P1M') AS d, "
                       "date('2026-03-01') > date('2026-02-28') AS later, "
                       "duration.between(date('2026-01-01'), date('2026-03-15')).days AS days, "
                       "split('a,b', ',') AS parts, [1, 2, 3][1..] AS tail, {a: 1}.a AS a") == \
        [["2026-02-28", True, 14, ["a", "b"], [2, 3], 1]]
    assert rows(small, "UNWIND [1, 2, 3, 4] AS x RETURN percentileDisc(x, 0.5) AS d, percentileCont(x, 0.5) AS c, "
                       "avg(x) AS a, min(x) AS lo, max(x) AS hi, sum(x) AS s") == [[2, 2.5, 2.5, 1, 4, 10]]


@pytest.mark.parametrize("cypher, message", [
    ("MATCH (c:Company RETURN c", "syntax error at line 1, column 18: unexpected 'RETURN'; expected"),
    ("MATCH (c:Company)\nWHERE c.name = \nRETURN c", "syntax error at line 3, column"),
    ("MATCH (c:Company) SET c.x = 1", "read-only: SET is refused"),
    ("CREATE (c:Company {name: 'x'})", "read-only: CREATE is refused"),
    ("MATCH (n) DETACH DELETE n", "read-only: DELETE is refused"),
    ("MERGE (c:Company {name: 'x'}) RETURN c", "read-only: MERGE is refused"),
    ("CALL db.labels()", "CALL (procedures) is not supported"),
    ("MATCH p = shortestPath((a)-[*]-(b)) RETURN p", "shortestpath() is not supported"),
    ("MATCH p = (a)-->(b) RETURN type(p)", "type() cannot take a path"),
    ("MATCH p = (a)-->(b) WITH [p] AS ps UNWIND ps AS q RETURN type(q)", "type() cannot take Path"),
    ("MATCH (c:Company) RETURN nope", "variable `nope` not defined"),
    ("RETURN frobnicate(1)", "unknown function frobnicate()"),
    ("MATCH (c:Company) WHERE c.name = $missing RETURN c", "parameter $missing has no value"),
    ("MATCH (c:Company) WHERE count(c) > 1 RETURN c", "aggregate count() is not allowed here"),
    ("RETURN 1 / 0 AS x", "division by zero"),
])
def test_errors_are_one_clear_line(small, cypher, message):
    with pytest.raises(QueryError) as info:
        run_query(small, cypher, {})
    assert message in str(info.value) and "\n" not in str(info.value)


def test_planner_starts_from_the_indexed_node(small):
    index = index_for(small)
    assert index.nodes_with("Company", "name", "OpenAI") == ["openai"]
    assert sorted(index.label_nodes("Claim")) == ["c1", "c2", "c3"]
    assert [n for n, _, _ in index.typed("ABOUT", False)["openai"]] == ["c1", "c3"]
    assert index_for(small.copy()) is not index   # a copy gets its own indexes


def test_parameters_are_bound_as_exact_values(sample_store):
    tricky = 'He said "MATCH (n) DETACH DELETE n" \\ {x} \u00e9'
    r = sample_store.query("MATCH (c:Company) WHERE c.name = $name RETURN c.name", {"name": tricky})
    assert r.rows == []
    r = sample_store.query("MATCH (c:Company) WHERE c.name = $name RETURN c.name AS name", {"name": "Nvidia"})
    assert r.rows == [["Nvidia"]]
    assert sample_store.query("RETURN $v AS v", {"v": [1, "a'b", None]}).rows == [[[1, "a'b", None]]]


def test_param_values_are_typed():
    assert [parse_value(v) for v in ("3", "2.5", "true", "null", "OpenAI", "'7'")] == [3, 2.5, True, None, "OpenAI", "7"]


def test_columns_in_return_order(sample_store):
    r = sample_store.query("MATCH (s:Source)-[r:REPORTS]->(c:Claim) RETURN s.title, type(r) AS t, c.stance LIMIT 3")
    assert r.columns == ["s.title", "t", "c.stance"]
    assert len(r.rows) == 3 and all(row[1] == "REPORTS" for row in r.rows)


def test_every_named_query_has_a_description_and_returns_rows(sample_store):
    queries = named_queries()
    assert len(queries) >= 11
    args = {"company": "Nvidia", "text": "ground"}
    for name, q in queries.items():
        assert q.description, name
        params = {**q.defaults, **{k: v for k, v in args.items() if k in q.params}}
        r = sample_store.query(q.cypher, params)
        assert r.rows, f"{name} returned no rows"


def named(sample_store, name, **params):
    q = named_queries()[name]
    return sample_store.query(q.cypher, {**q.defaults, **params}).records()


def test_gaining_and_losing_rows_agree_with_the_claims(sample_store):
    gaining = {r["company"]: r["gaining_claims"] for r in named(sample_store, "who_is_gaining", limit=100)}
    losing = {r["company"]: r["losing_claims"] for r in named(sample_store, "who_is_losing", limit=100)}
    direct = sample_store.query("MATCH (c:Claim)-[r:ABOUT]->(co:Company) RETURN co.name AS company, r.stance AS stance").rows
    for company, n in gaining.items():
        assert n == sum(1 for c, s in direct if c == company and s == "gaining")
    assert gaining["Anthropic"] > losing.get("Anthropic", 0)
    assert losing["Intel"] >= 1 and "Intel" not in gaining
    net = {r["company"]: r["net"] for r in named(sample_store, "net_momentum", limit=100)}
    for company in set(gaining) | set(losing):
        assert net[company] == gaining.get(company, 0) - losing.get(company, 0)


def test_who_said_what_names_quoted_people(sample_store):
    rows = named(sample_store, "who_said_what", company="Nvidia")
    assert any(r["claimant"] == "Stacy Morgan" and r["stance"] == "losing" for r in rows)
    assert {r["claimant"] for r in named(sample_store, "who_said_what", company="Meta")} >= {"Tom Okafor"}


def test_claims_about_are_newest_first_with_sources(sample_store):
    rows = named(sample_store, "claims_about", company="Nvidia")
    assert rows and all(r["source"] and r["published"] for r in rows)
    dates = [r["published"] for r in rows]
    assert dates == sorted(dates, reverse=True)


AS_OF_QUERY = "MATCH (s:Source) RETURN count(s) AS n, max(s.published) AS last"


def test_a_query_as_of_a_date_sees_only_what_was_published_by_then(sample_store):
    everything = sample_store.query(AS_OF_QUERY).rows[0]
    early = query_as_of(sample_store, AS_OF_QUERY, {}, "2026-01-31").rows[0]
    assert early[0] < everything[0] and early[1] <= "2026-01-31" < everything[1]
    # the full graph's indexes (built by the first query) are not shared with the as-of copy, nor back
    assert sample_store.query(AS_OF_QUERY).rows[0] == everything
    claims = "MATCH (c:Claim)<-[:REPORTS]-(s:Source) RETURN count(DISTINCT c) AS n"
    assert query_as_of(sample_store, claims, {}, "2026-01-31").rows[0][0] < sample_store.query(claims).rows[0][0]


def test_cli_query_as_of(sample_store_path):
    env = {"KG_STORE": str(sample_store_path)}
    full = CliRunner().invoke(main, ["query", AS_OF_QUERY, "--format", "csv"], env=env)
    early = CliRunner().invoke(main, ["query", AS_OF_QUERY, "--as-of", "2026-01-31", "--format", "csv"], env=env)
    assert full.exit_code == 0 and early.exit_code == 0, full.output + early.output
    n_full, n_early = int(full.output.splitlines()[1].split(",")[0]), int(early.output.splitlines()[1].split(",")[0])
    assert 0 < n_early < n_full and early.output.splitlines()[1].split(",")[1] <= "2026-01-31"


def test_cli_errors_are_one_line(sample_store_path):
    r = CliRunner().invoke(main, ["query", "MATCH (c:Company RETURN c"], env={"KG_STORE": str(sample_store_path)})
    assert r.exit_code != 0 and r.output.startswith("Error: syntax error at line 1, column 18")
    assert "Traceback" not in r.output and "neo4j" not in r.output.lower()
