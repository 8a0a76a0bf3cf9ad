import sqlite3

import pytest

from kg.errors import StoreError
from kg.schema import Article
from kg.store import open_store


def graph_signature(store):
    g = store.to_networkx()
    nodes = sorted((n, tuple(sorted((k, str(v)) for k, v in d.items()))) for n, d in g.nodes(data=True))
    edges = sorted((u, v, k, tuple(sorted((a, str(b)) for a, b in d.items()))) for u, v, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def test_write_reopen_same_graph(tmp_path, extractor):
    ex = extractor.extract(Article(text="Groq gained ground in inference, said Jonathan Ross.", title="T", published="2026-02-01"))
    path = tmp_path / "kg.db"
    with open_store(path) as store:
        r = store.add_article(ex.source, ex.triples)
        assert r.articles_added == 1 and r.nodes_added > 3 and r.relationships_added == len(ex.triples)
        before = graph_signature(store)
        stats = store.stats()
    with open_store(path) as store:
        assert graph_signature(store) == before
        assert store.stats() == stats
        assert store.stats().first_published == "2026-02-01"


def test_same_article_twice_changes_nothing(tmp_path, extractor):
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    with open_store(tmp_path / "kg.db") as store:
        store.add_article(ex.source, ex.triples)
        sig = graph_signature(store)
        again = store.add_article(ex.source, ex.triples)
        assert (again.articles_added, again.articles_unchanged, again.nodes_added, again.relationships_added) == (0, 1, 0, 0)
        assert graph_signature(store) == sig


def test_article_is_all_or_nothing(tmp_path, extractor):
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    bad = list(ex.triples)
    bad[-1] = None  # a write that fails half way
    with open_store(tmp_path / "kg.db") as store:
        with pytest.raises(AttributeError):
            store.add_article(ex.source, bad)
        assert store.stats().labels == {}
        assert not store.has_source(ex.source.id)


def test_not_a_store_is_a_clear_error(tmp_path):
    p = tmp_path / "x.db"
    p.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(p)
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_store_file_is_sqlite_in_wal_mode(tmp_path):
    with open_store(tmp_path / "kg.db"):
        pass
    mode = sqlite3.connect(tmp_path / "kg.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_one_batch_equals_article_by_article(tmp_path, extractor):
    texts = ["Groq gained ground in inference, said Jonathan Ross.",
             "Intel fell behind AMD in data center chips.",
             "AMD gained share from Intel in servers, analysts said."]
    articles = [extractor.extract(Article(text=t, title=f"T{i}", published=f"2026-03-0{i + 1}"))
                for i, t in enumerate(texts)]
    with open_store(tmp_path / "one.db") as one, open_store(tmp_path / "batch.db") as batch:
        for ex in articles:
            one.add_article(ex.source, ex.triples)
        # the same article twice in a batch is stored once
        r = batch.add_articles([(ex.source, ex.triples) for ex in articles] + [(articles[0].source, articles[0].triples)])
        assert (r.articles_added, r.articles_unchanged) == (3, 1)
        assert graph_signature(batch) == graph_signature(one)


def test_a_node_keeps_its_first_properties_and_gains_missing_ones(tmp_path):
    from kg.schema import Evidence, Node, Triple
    src1 = Node("Source", "A", "source:a", {"title": "A"})
    src2 = Node("Source", "B", "source:b", {"title": "B"})
    first = Node("Product", "Claude", "product:claude", {"maker": "Anthropic", "kind": None})
    second = Node("Product", "Claude", "product:claude", {"maker": "Other", "kind": "model"})
    company = Node.named("Company", "Anthropic")
    ev = Evidence("Claude is made by Anthropic.", 0, 28)
    with open_store(tmp_path / "kg.db") as store:
        store.add_articles([(src1, [Triple(first, "MADE_BY", company, src1, ev)]),
                            (src2, [Triple(second, "MADE_BY", company, src2, ev)])])
        props = store.to_networkx().nodes["product:claude"]
        assert props["maker"] == "Anthropic" and props["kind"] == "model"


def test_relationships_keep_readable_keys_naming_their_article(tmp_path, extractor):
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    with open_store(tmp_path / "kg.db") as store:
        store.add_article(ex.source, ex.triples)
        keys = {k for _, _, k in store.to_networkx().edges(keys=True)}
    claim = next(t for t in ex.triples if t.predicate == "ABOUT")
    assert f"{claim.subject.id}|ABOUT|company:intel|{ex.source.id}" in keys


def test_a_relationship_stated_twice_in_one_article_is_stored_once_as_first_stated(tmp_path):
    from kg.schema import Evidence, Node, Triple
    src = Node("Source", "A", "source:a", {"title": "A"})
    product, company = Node.named("Product", "Claude"), Node.named("Company", "Anthropic")
    first = Triple(product, "MADE_BY", company, src, Evidence("Claude is made by Anthropic.", 0, 28), {"confidence": 0.9})
    again = Triple(product, "MADE_BY", company, src, Evidence("Anthropic makes Claude.", 40, 63), {"confidence": 0.5})
    with open_store(tmp_path / "kg.db") as store:
        r = store.add_article(src, [first, again])
        edges = list(store.to_networkx().edges(data=True))
    assert r.relationships_added == 1
    assert [(d["sentence"], d["confidence"]) for _, _, d in edges] == [("Claude is made by Anthropic.", 0.9)]


def test_a_store_whose_edges_have_a_unique_key_column_still_takes_writes(tmp_path, extractor):
    # Stores created before 2026-11-28 keep a PRIMARY KEY on edges.key; the same code writes to both.
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE edges (key TEXT PRIMARY KEY, src TEXT NOT NULL, type TEXT NOT NULL, "
               "dst TEXT NOT NULL, props TEXT NOT NULL DEFAULT '{}')")
    db.close()
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    with open_store(path) as old, open_store(tmp_path / "new.db") as new:
        assert old.add_article(ex.source, ex.triples).relationships_added == len(ex.triples)
        new.add_article(ex.source, ex.triples)
        assert graph_signature(old) == graph_signature(new)
