"""Running Cypher on the embedded store's NetworkX graph with grand-cypher."""

from __future__ import annotations

from typing import Any

import networkx as nx
from grandcypher import GrandCypher
from lark.exceptions import LarkError

from kg.errors import QueryError
from kg.query.results import plain, return_columns
from kg.query.translate import SUGGEST, to_grand_cypher
from kg.store.base import QueryResult


def run_query(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any], write: bool = False) -> QueryResult:
    """Run a standard Cypher read query; rows come back in the shape both backends share."""
    dialect = to_grand_cypher(cypher, params)
    try:
        raw = GrandCypher(graph).run(dialect)
    except LarkError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"the embedded backend cannot run this query ({first}); {SUGGEST}") from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, AssertionError) as exc:
        raise QueryError(f"the embedded backend failed on this query ({type(exc).__name__}: {exc}); "
                         f"{SUGGEST}") from None
    raw = {str(k): v for k, v in raw.items()}
    pairs = return_columns(cypher, list(raw))
    columns = [name for name, _ in pairs]
    values = [raw[key] for _, key in pairs]
    n = max((len(v) for v in values), default=0)
    rows = [[plain(col[i]) if i < len(col) else None for col in values] for i in range(n)]
    return QueryResult(columns, rows)
