"""Cypher's values over a NetworkX graph, and how they compare, sort, group and come out.

Nodes and relationships are references into the graph (their properties are the
graph's own attribute dicts, `__labels__` holding the labels or the type). Equality
and comparison follow Cypher: null propagates (three-valued logic), numbers compare
across int and float, values of different types are unequal and incomparable.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError

HIDDEN = "__labels__"


class Node:
    __slots__ = ("id", "data")

    def __init__(self, node_id: Any, data: dict) -> None:
        self.id = node_id
        self.data = data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def labels(self) -> list[str]:
        return sorted(self.data[HIDDEN])

    def __repr__(self) -> str:
        return f"Node({self.id!r})"


class Rel:
    __slots__ = ("start", "end", "key", "data")

    def __init__(self, start: Any, end: Any, key: Any, data: dict) -> None:
        self.start, self.end, self.key, self.data = start, end, key, data

    @property
    def ident(self) -> tuple:
        return (self.start, self.end, self.key)

    @property
    def type(self) -> str:
        return next(iter(self.data[HIDDEN]))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rel) and other.ident == self.ident

    def __hash__(self) -> int:
        return hash(self.ident)

    def __repr__(self) -> str:
        return f"Rel({self.start!r}-{self.type}->{self.end!r})"


@dataclass(frozen=True)
class Path:
    nodes: tuple[Node, ...]
    rels: tuple[Rel, ...]


@dataclass(frozen=True)
class Duration:
    months: int = 0
    days: int = 0
    seconds: float = 0.0

    def iso(self) -> str:
        y, m = divmod(self.months, 12)
        out = "P" + (f"{y}Y" if y else "") + (f"{m}M" if m else "") + (f"{self.days}D" if self.days else "")
        if self.seconds:
            h, rest = divmod(self.seconds, 3600)
            mi, s = divmod(rest, 60)
            out += "T" + (f"{int(h)}H" if h else "") + (f"{int(mi)}M" if mi else "") + (
                f"{s:g}S" if s else "")
        return out if out != "P" else "PT0S"


TEMPORAL = (dt.datetime, dt.date, dt.time)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "List"
    if isinstance(value, dict):
        return "Map"
    return type(value).__name__


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def equals(a: Any, b: Any) -> bool | None:
    """Cypher's `=`: null when either side is null (or a list holds a null that decides it)."""
    if a is None or b is None:
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        unknown = False
        for x, y in zip(a, b):
            r = equals(x, y)
            if r is False:
                return False
            unknown = unknown or r is None
        return None if unknown else True
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False
        unknown = False
        for k in a:
            r = equals(a[k], b[k])
            if r is False:
                return False
            unknown = unknown or r is None
        return None if unknown else True
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)):
        return False
    return a == b


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 when Cypher can order a and b with <, else None (null, NaN, different types)."""
    if a is None or b is None:
        return None
    if is_number(a) and is_number(b):
        if (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
            return None
        return (a > b) - (a < b)
    if isinstance(a, str) and isinstance(b, str) or isinstance(a, bool) and isinstance(b, bool):
        return (a > b) - (a < b)
    if isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b):
            c = compare(x, y)
            if c is None:
                return None
            if c:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    if isinstance(a, TEMPORAL) and type(a) is type(b):
        if isinstance(a, (dt.datetime, dt.time)) and (a.tzinfo is None) != (b.tzinfo is None):
            return None
        return (a > b) - (a < b)
    return None


_RANK = {dict: 0, Node: 1, Rel: 2, list: 3, Path: 4, dt.datetime: 5, dt.date: 7, dt.time: 8, Duration: 10,
         str: 11, bool: 12}


def sort_key(value: Any) -> tuple:
    """A key that puts any values in Cypher's ORDER BY order (ascending; null last)."""
    if value is None:
        return (15,)
    if is_number(value):
        if isinstance(value, float) and math.isnan(value):
            return (14,)
        return (13, value)
    kind = type(value)
    if kind is list:
        return (3, tuple(sort_key(v) for v in value))
    if kind is dict:
        return (0, tuple(sorted((k, sort_key(v)) for k, v in value.items())))
    if kind is Node:
        return (1, str(type(value.id)), value.id)
    if kind is Rel:
        return (2, str(value.ident))
    if kind is Path:
        return (4, tuple(sort_key(n) for n in value.nodes), tuple(sort_key(r) for r in value.rels))
    if kind is dt.datetime:
        return (5 if value.tzinfo else 6, value.timestamp() if value.tzinfo else value)
    if kind is Duration:
        return (10, value.months, value.days, value.seconds)
    return (_RANK.get(kind, 11), value)


def group_key(value: Any) -> Any:
    """A hashable key under which Cypher's DISTINCT and grouping put equal values together."""
    if value is None or isinstance(value, (str, bool)):
        return (type(value).__name__, value)
    if is_number(value):
        return ("nan",) if isinstance(value, float) and math.isnan(value) else ("n", value)
    if isinstance(value, list):
        return ("l", tuple(group_key(v) for v in value))
    if isinstance(value, dict):
        return ("m", tuple(sorted((k, group_key(v)) for k, v in value.items())))
    return value


def plain_value(value: Any, key_property: str | None = None) -> Any:
    """A result value as plain data: nodes as their properties plus `_label`, relationships plus `_type`
    (and, when the graph says its relationship keys are a property, that property)."""
    if isinstance(value, Node):
        out = {k: v for k, v in value.data.items() if k != HIDDEN}
        labels = sorted(value.data[HIDDEN])
        out["_label"] = labels[0] if labels else None
        return out
    if isinstance(value, Rel):
        out = {k: v for k, v in value.data.items() if k != HIDDEN}
        if key_property:
            out[key_property] = value.key
        out["_type"] = value.type
        return out
    if isinstance(value, Path):
        return {"nodes": [plain_value(n) for n in value.nodes],
                "relationships": [plain_value(r, key_property) for r in value.rels]}
    if isinstance(value, list):
        return [plain_value(v, key_property) for v in value]
    if isinstance(value, dict):
        return {k: plain_value(v, key_property) for k, v in value.items()}
    if isinstance(value, TEMPORAL):
        return value.isoformat()
    if isinstance(value, Duration):
        return value.iso()
    return value


def check_value(value: Any, name: str) -> Any:
    """A parameter value as the engine holds it (tuples as lists); other types are refused."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [check_value(v, name) for v in value]
    if isinstance(value, dict):
        return {str(k): check_value(v, name) for k, v in value.items()}
    if isinstance(value, TEMPORAL):
        return value
    raise QueryError(f"parameter ${name}: values of type {type(value).__name__} are not supported")
