"""kg: a knowledge graph of AI-industry claims.

The library API a notebook user needs, in one place:

    import kg
    articles = kg.read_articles(["data/articles"])
    extractor = kg.Extractor()
    with kg.open_store("kg.db") as store:
        kg.ingest(articles, store, extractor)
        print(store.query("MATCH (c:Company) RETURN c.name AS name").rows)
"""

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.schema import Article, Node, Triple

__version__ = "0.1.0"

__all__ = ["Article", "Node", "Triple", "KGError", "InputError", "QueryError", "StoreError",
           "read_articles", "Extractor", "open_store", "ingest", "__version__"]


def __getattr__(name: str):
    # Lazy: importing kg must not load spaCy or a store backend.
    if name == "read_articles":
        from kg.readers import read_articles
        return read_articles
    if name == "Extractor":
        from kg.extract import Extractor
        return Extractor
    if name == "open_store":
        from kg.store import open_store
        return open_store
    if name == "ingest":
        from kg.pipeline import ingest
        return ingest
    raise AttributeError(name)
