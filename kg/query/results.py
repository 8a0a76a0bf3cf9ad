"""One shape for query values from Neo4j, the same as the embedded engine's (kg.query.values).

A node becomes a dict of its properties with `_label`; a relationship a dict
of its properties with `_type`; a path a dict of its nodes and relationships;
temporal values their ISO text; everything else is a JSON value.
"""

from __future__ import annotations

from typing import Any


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "start_node") and hasattr(value, "relationships") and hasattr(value, "nodes"):  # a neo4j Path
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if hasattr(value, "iso_format"):  # neo4j Date, DateTime, Duration
        return value.iso_format()
    if hasattr(value, "labels") and hasattr(value, "items"):  # a neo4j Node
        out = {k: plain(v) for k, v in value.items()}
        out["_label"] = sorted(value.labels)[0] if value.labels else None
        return out
    if hasattr(value, "type") and hasattr(value, "items") and hasattr(value, "start_node"):  # a neo4j Relationship
        out = {k: plain(v) for k, v in value.items()}
        out["_type"] = value.type
        return out
    return value
