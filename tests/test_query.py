"""Cypher on the embedded store: translation, named queries over the sample data, result shapes."""

import pytest

from kg.errors import QueryError
from kg.query.named import named_queries, parse_value
from kg.query.translate import to_grand_cypher


def test_translation_of_standard_cypher():
    q = to_grand_cypher("MATCH (c:Company) WHERE c.name = 'O\\'Neil' AND c.x != $n RETURN count(*) AS n, collect(c.name)",
                        {"n": 3})
    assert '"O\'Neil"' in q and "<> 3" in q and "COUNT(c)" in q and "COLLECT(c.name)" in q


def test_parameters_are_bound_as_exact_values(sample_store):
    tricky = 'He said "MATCH (n) DETACH DELETE n" \\ {x} \u00e9'
    r = sample_store.query("MATCH (c:Company) WHERE c.name = $name RETURN c.name", {"name": tricky})
    assert r.rows == []
    r = sample_store.query("MATCH (c:Company) WHERE c.name = $name RETURN c.name AS name", {"name": "Nvidia"})
    assert r.rows == [["Nvidia"]]


@pytest.mark.parametrize("cypher,construct", [
    ("MATCH (c:Company) WITH c RETURN c", "WITH"),
    ("OPTIONAL MATCH (c:Company) RETURN c", "OPTIONAL MATCH"),
    ("MATCH (c:Company) SET c.x = 1", "SET"),
    ("CREATE (c:Company {name: 'x'})", "CREATE"),
    ("UNWIND [1,2] AS x RETURN x", "UNWIND"),
])
def test_unsupported_constructs_are_refused_by_name(sample_store, cypher, construct):
    with pytest.raises(QueryError, match=construct) as info:
        sample_store.query(cypher)
    assert "--backend neo4j" in str(info.value)


def test_garbage_is_a_query_error_not_a_traceback(sample_store):
    with pytest.raises(QueryError, match="cannot run this query"):
        sample_store.query("MATCH (c:Company RETURN c")
    with pytest.raises(QueryError, match="has no value"):
        sample_store.query("MATCH (c:Company) WHERE c.name = $missing RETURN c")


def test_param_values_are_typed():
    assert [parse_value(v) for v in ("3", "2.5", "true", "null", "OpenAI", "'7'")] == [3, 2.5, True, None, "OpenAI", "7"]


def test_columns_in_return_order(sample_store):
    r = sample_store.query("MATCH (s:Source)-[r:REPORTS]->(c:Claim) RETURN s.title, type(r) AS t, c.stance LIMIT 3")
    assert r.columns == ["s.title", "t", "c.stance"]
    assert all(row[1] == "REPORTS" for row in r.rows)


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


@pytest.mark.parametrize("condition, same_but_not_applied_early", [
    ("r.stance = 'gaining'", "r.stance = 'gaining' AND NOT r.stance = 'x'"),
    ("r.stance = 'losing' AND co.name <> 'OpenAI'", "r.stance = 'losing' AND co.name <> 'OpenAI' AND NOT r.stance = 'x'"),
    ("r.stance = 'gaining' OR r.stance = 'losing'", "r.stance = 'gaining' OR r.stance = 'losing' OR c.text = 'x'"),
])
def test_relationship_conditions_applied_before_matching_change_no_answer(sample_store, condition,
                                                                          same_but_not_applied_early):
    pattern = "MATCH (s:Source)-[:REPORTS]->(c:Claim)-[r:ABOUT]->(co:Company) WHERE {} " \
              "RETURN co.name AS company, s.title AS source, r.stance AS stance ORDER BY company, source, stance"
    rows = sample_store.query(pattern.format(condition)).rows
    assert rows and rows == sample_store.query(pattern.format(same_but_not_applied_early)).rows


def test_only_safe_relationship_conditions_are_applied_before_matching():
    from kg.query.embedded import _pushed_down
    about = [("r", "ABOUT")]
    assert _pushed_down('MATCH (c:Claim)-[r:ABOUT]->(co:Company) WHERE r.stance == "gaining" RETURN c', about) \
        == [(frozenset({"ABOUT"}), "stance", frozenset({"gaining"}))]
    assert _pushed_down('MATCH (c)-[r:ABOUT]->(co) WHERE r.stance = "gaining" OR r.stance = "losing" RETURN c', about) \
        == [(frozenset({"ABOUT"}), "stance", frozenset({"gaining", "losing"}))]
    assert _pushed_down('MATCH (c)-[r:ABOUT]->(co) WHERE r.stance == "gaining" OR r.score == 1 RETURN c', about) == []
    assert _pushed_down('MATCH (c)-[r:ABOUT]->(co) WHERE r.stance = "a" OR r.stance = "b" AND c.x = "y" RETURN c',
                        about) == []
    assert _pushed_down('MATCH (c)-[r:ABOUT]->(co) WHERE NOT r.stance == "gaining" RETURN c', about) == []
    assert _pushed_down('MATCH (c)-[r:ABOUT]->(co) WHERE r.stance <> "gaining" RETURN c', about) == []
    two = [("r", "ABOUT"), ("s", "ABOUT")]
    assert _pushed_down('MATCH (a)<-[r:ABOUT]-(c)-[s:ABOUT]->(b) WHERE r.stance == "gaining" RETURN c', two) == []


def test_grandiso_gets_the_pattern_as_a_graph_not_a_view():
    import grandiso
    import networkx as nx

    from kg.query.embedded import _motif_as_graph
    seen = []
    find = _motif_as_graph(lambda motif, host, **kw: seen.append(motif) or iter(()))
    pattern = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    list(find(pattern.subgraph(["a", "b"]), nx.MultiDiGraph()))
    assert not nx.is_frozen(seen[0]) and sorted(seen[0].edges()) == [("a", "b")]
    assert grandiso.find_motifs_iter.kg_copies_motif  # installed once, on import
