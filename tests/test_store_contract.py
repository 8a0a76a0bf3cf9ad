"""The store contract: what every backend does, run against the embedded store and a real Neo4j.

Backend-only behaviour stays beside its backend (test_store_embedded.py: the SQLite file;
test_store_neo4j.py: the server, the CLI against it, restarts).
"""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.schema import Article, Evidence, Node, Triple


def signature(store):
    g = store.to_networkx()
    nodes = sorted((n, tuple(sorted((k, repr(v)) for k, v in d.items() if k != "__labels__")),
                    tuple(sorted(d["__labels__"]))) for n, d in g.nodes(data=True))
    edges = sorted((u, v, k, tuple(sorted((a, repr(b)) for a, b in d.items() if a != "__labels__")),
                    tuple(d["__labels__"])) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def stores(request, tmp_path):
    """A factory of stores of one backend: fresh() gives an empty one, reopen() a new handle on the last."""
    opened = []

    if request.param == "embedded":
        from kg.store import open_store
        paths = []

        def fresh():
            paths.append(tmp_path / f"kg{len(paths)}.db")
            return reopen()

        def reopen():
            store = open_store(paths[-1])
            opened.append(store)
            return store
    else:
        request.getfixturevalue("neo4j_available")
        from kg.store.neo4j import Neo4jStore
        from tests.conftest import NEO4J_PASSWORD, NEO4J_URI

        def reopen():
            store = Neo4jStore(NEO4J_URI, "neo4j", NEO4J_PASSWORD)
            opened.append(store)
            return store

        def fresh():
            store = reopen()
            store.clear()
            return store
    yield fresh, reopen
    for store in opened:
        store.close()


def test_write_reopen_same_graph(stores, extractor):
    fresh, reopen = stores
    ex = extractor.extract(Article(text="Groq gained ground in inference, said Jonathan Ross.", title="T",
                                   published="2026-02-01"))
    store = fresh()
    r = store.add_article(ex.source, ex.triples)
    assert r.articles_added == 1 and r.nodes_added > 3 and r.relationships_added == len(ex.triples)
    before, stats = signature(store), store.stats()
    again = reopen()
    assert signature(again) == before and again.stats() == stats
    assert again.stats().first_published == "2026-02-01"
    assert again.has_source(ex.source.id) and not again.has_source("source:nope")


def test_same_article_twice_changes_nothing(stores, extractor):
    fresh, _ = stores
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    store = fresh()
    store.add_article(ex.source, ex.triples)
    sig = signature(store)
    again = store.add_article(ex.source, ex.triples)
    assert (again.articles_added, again.articles_unchanged, again.nodes_added, again.relationships_added) == (0, 1, 0, 0)
    assert signature(store) == sig


def test_article_is_all_or_nothing(stores, extractor):
    fresh, _ = stores
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    bad = [*ex.triples[:-1], None]   # a write that fails half way
    store = fresh()
    with pytest.raises(AttributeError):
        store.add_article(ex.source, bad)
    assert store.stats().labels == {} and not store.has_source(ex.source.id)


def test_one_batch_equals_article_by_article(stores, extractor):
    fresh, _ = stores
    texts = ["Groq gained ground in inference, said Jonathan Ross.", "Intel fell behind AMD in data center chips.",
             "AMD gained share from Intel in servers, analysts said."]
    articles = [extractor.extract(Article(text=t, title=f"T{i}", published=f"2026-03-0{i + 1}"))
                for i, t in enumerate(texts)]
    one = fresh()
    for ex in articles:
        one.add_article(ex.source, ex.triples)
    expected = signature(one)
    batch = fresh()
    # the same article twice in a batch is stored once
    r = batch.add_articles([(ex.source, ex.triples) for ex in articles] + [(articles[0].source, articles[0].triples)])
    assert (r.articles_added, r.articles_unchanged) == (3, 1)
    assert signature(batch) == expected


def test_a_node_keeps_its_first_properties_and_gains_missing_ones(stores):
    fresh, _ = stores
    src1, src2 = Node("Source", "A", "source:a", {"title": "A"}), Node("Source", "B", "source:b", {"title": "B"})
    first = Node("Product", "Claude", "product:claude", {"maker": "Anthropic", "kind": None})
    second = Node("Product", "Claude", "product:claude", {"maker": "Other", "kind": "model"})
    company = Node.named("Company", "Anthropic")
    ev = Evidence("Claude is made by Anthropic.", 0, 28)
    store = fresh()
    store.add_articles([(src1, [Triple(first, "MADE_BY", company, src1, ev)]),
                        (src2, [Triple(second, "MADE_BY", company, src2, ev)])])
    props = store.to_networkx().nodes["product:claude"]
    assert props["maker"] == "Anthropic" and props["kind"] == "model"


def test_relationships_keep_readable_keys_naming_their_article(stores, extractor):
    fresh, _ = stores
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    store = fresh()
    store.add_article(ex.source, ex.triples)
    claim = next(t for t in ex.triples if t.predicate == "ABOUT")
    key = f"{claim.subject.id}|ABOUT|company:intel|{ex.source.id}"
    assert key in {k for _, _, k in store.to_networkx().edges(keys=True)}
    assert store.query("MATCH ()-[r:ABOUT]->(:Company {name: 'Intel'}) RETURN r.key AS key").rows == [[key]]


def test_a_relationship_stated_twice_in_one_article_is_stored_once_as_first_stated(stores):
    fresh, _ = stores
    src = Node("Source", "A", "source:a", {"title": "A"})
    product, company = Node.named("Product", "Claude"), Node.named("Company", "Anthropic")
    first = Triple(product, "MADE_BY", company, src, Evidence("Claude is made by Anthropic.", 0, 28), {"confidence": 0.9})
    again = Triple(product, "MADE_BY", company, src, Evidence("Anthropic makes Claude.", 40, 63), {"confidence": 0.5})
    store = fresh()
    r = store.add_article(src, [first, again])
    assert r.relationships_added == 1
    assert [(d["sentence"], d["confidence"]) for _, _, d in store.to_networkx().edges(data=True)] == \
        [("Claude is made by Anthropic.", 0.9)]


def test_article_text_with_quotes_and_cypher_round_trips(stores, extractor):
    from kg.readers import parse_text
    fresh, _ = stores
    text = ("Title: It's \"quoted\" \\ {braces}\n\n"
            "Nvidia gained ground, said Ana Ruiz; she added \"MATCH (n) DETACH DELETE n\" and '} RETURN 1 //' \\n.")
    article = parse_text(text, "tricky.txt")
    ex = extractor.extract(article)
    store = fresh()
    store.add_article(ex.source, ex.triples)
    assert store.query("MATCH (s:Source) RETURN s.title AS title").rows == [[article.title]]
    sentences = {r[0] for r in store.query("MATCH ()-[r:ASSERTS]->() RETURN r.sentence").rows}
    assert any("DETACH DELETE" in s and "\\n" in s for s in sentences)
    assert store.stats().labels["Source"] == 1


def test_queries_are_read_only_by_default(stores):
    fresh, _ = stores
    store = fresh()
    with pytest.raises(QueryError, match="--write|read-only"):
        store.query("CREATE (:Company {id: 'company:x', name: 'X'})")
    assert store.query("MATCH (c:Company) RETURN count(c) AS n").rows == [[0]]


def test_corroboration_reads_what_was_written(stores, extractor):
    """claim_rows, story_sources, source_mentions and claim_rewordings: what the claim index is rebuilt from."""
    from kg.corroborate import ClaimIndex
    fresh, _ = stores
    store = fresh()
    index = ClaimIndex()
    first = extractor.extract(Article(text="Intel fell behind AMD in data center chips, losing 9% of the market.",
                                      published="2026-03-01", title="First"))
    again = extractor.extract(Article(text="Losing 9% of the market, Intel fell behind AMD in data center chips.",
                                      title="Rewrite"))
    written = [index.rewrite(ex.source, ex.triples) for ex in (first, again)]
    for source, triples in written:
        store.add_article(source, triples)
    rows = sorted(store.claim_rows())
    about = sorted((t.subject.id, t.object.id) for t in first.triples if t.predicate == "ABOUT")
    assert [(claim, target) for claim, *_, target, _ in rows] == about
    claim = next(t.subject for t in first.triples if t.predicate == "ABOUT")
    assert all((text, published, terms, claimant, source) == (claim.props["text"], "2026-03-01", claim.props["terms"],
                                                            "article", first.source.id)
               for _, text, published, terms, claimant, source, _, _ in rows)
    stories = {source: (story, merges, published) for source, story, merges, published in store.story_sources()}
    assert stories == {first.source.id: (written[0][0].props["story"], None, "2026-03-01"),
                       again.source.id: (written[0][0].props["story"], None, None)}
    mentions = sorted((t.source.id, t.object.id) for ex in (first, again) for t in ex.triples if t.predicate == "MENTIONS")
    assert sorted(store.source_mentions()) == mentions
    rewrite = next(t.subject for t in again.triples if t.predicate == "ABOUT")
    assert store.claim_rewordings() == [(claim.id, rewrite.props["terms"], "article", rewrite.props["text"])]