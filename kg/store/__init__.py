"""Stores behind one interface: the embedded NetworkX store (default) and Neo4j.

`open_store` is the one place a backend is chosen.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import NoStoreError, UsageError
from kg.store.base import GraphStore, LoadResult, QueryResult, Stats

__all__ = ["GraphStore", "LoadResult", "QueryResult", "Stats", "open_store", "default_store_path",
           "BACKENDS"]

BACKENDS = ("embedded", "neo4j")


def default_store_path() -> str:
    """KG_STORE, else kg.db in the current folder."""
    return os.environ.get("KG_STORE") or "kg.db"


def open_store(path: str | Path | None = None, backend: str = "embedded", create: bool = True,
               **neo4j_options: object) -> GraphStore:
    """Open the store: a file for the embedded backend, a server for Neo4j.

    With `create` (writers) a missing file becomes a new, empty store; without it (readers) a missing
    file is a NoStoreError, so that a mistyped path is reported instead of answered with nothing.
    """
    if backend == "embedded":
        from kg.store.embedded import EmbeddedStore
        path = path or default_store_path()
        if not create and not Path(path).exists():
            raise NoStoreError(f"no store at {path}; run kg ingest first (or point --store or KG_STORE at "
                               "an existing store)")
        return EmbeddedStore(path)
    if backend == "neo4j":
        from kg.store.neo4j import Neo4jStore
        return Neo4jStore(**neo4j_options)  # type: ignore[arg-type]
    raise UsageError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
