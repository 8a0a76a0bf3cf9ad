"""One shape for query values from every backend.

A node becomes a dict of its properties with `_label`; a relationship a dict
of its properties with `_type`; sets become sorted lists; everything else is
a JSON value.
"""

from __future__ import annotations

import re
from typing import Any

from kg.query.translate import tokenize


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        if "__labels__" in value:
            labels = sorted(value["__labels__"])
            out = {k: plain(v) for k, v in value.items() if k != "__labels__"}
            key = "_type" if labels and labels[0].isupper() else "_label"
            out[key] = labels[0] if labels else None
            return out
        if value and all(isinstance(v, dict) and "__labels__" in v for v in value.values()):
            # grand-cypher gives a multigraph's parallel relationships as {key: attrs}
            items = [plain(v) for _, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
            return items[0] if len(items) == 1 else items
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "labels") and hasattr(value, "items"):  # a neo4j Node
        out = {k: plain(v) for k, v in value.items()}
        out["_label"] = sorted(value.labels)[0] if value.labels else None
        return out
    if hasattr(value, "type") and hasattr(value, "items") and hasattr(value, "start_node"):  # a neo4j Relationship
        out = {k: plain(v) for k, v in value.items()}
        out["_type"] = value.type
        return out
    return value


def return_items(cypher: str) -> list[tuple[str, str]]:
    """(column name, expression) of each RETURN item: the alias, or the expression as written."""
    tokens = [t for t in tokenize(cypher) if t[0] != "comment"]
    words = [v.lower() if k == "word" else v for k, v in tokens]
    returns = [i for i, w in enumerate(words) if w == "return"]
    if not returns:
        return []
    items, depth, current = [], 0, []
    for kind, text in tokens[returns[-1] + 1:]:
        if depth == 0 and kind == "word" and text.lower() in ("order", "skip", "limit"):
            break
        if text in "([{":
            depth += 1
        elif text in ")]}":
            depth -= 1
        if depth == 0 and text == ",":
            items.append(current)
            current = []
        else:
            current.append((kind, text))
    items.append(current)
    out = []
    for item in items:
        sig = [t for k, t in item if k != "space"]
        if sig and sig[0].lower() == "distinct":
            sig = sig[1:]
        if len(sig) >= 2 and sig[-2].lower() == "as":
            expr_tokens = sig[:-2]
            out.append((sig[-1], "".join(expr_tokens)))
        else:
            out.append(("".join(t for _, t in item).strip() if not sig or sig[0] == item[0][1] else "".join(sig),
                        "".join(sig)))
    return [(re.sub(r"^distinct\s+", "", name, flags=re.I).strip(), expr) for name, expr in out]


def return_columns(cypher: str, found: list[str]) -> list[tuple[str, str]]:
    """Each output column's name (as Neo4j names it) and the key of grand-cypher's result that holds it."""
    items = return_items(cypher)
    pairs = []
    for name, expr in items:
        key = match_column(name, found) or match_column(expr, found)
        if key is None:
            return [(f, f) for f in found]
        pairs.append((name, key))
    return pairs if len(pairs) == len(found) else [(f, f) for f in found]


def match_column(name: str, found: list[str] | dict) -> str | None:
    key = re.sub(r"\s+", "", name).lower()
    for f in found:
        if re.sub(r"\s+", "", f).lower() == key:
            return f
    return None
