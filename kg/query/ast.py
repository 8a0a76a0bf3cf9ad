"""The syntax tree of a Cypher query: clauses, patterns and expressions as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Expr:
    """An expression; `text` is the source text (a RETURN item without alias is named by it)."""

    text: str = ""


@dataclass
class Literal(Expr):
    value: Any


@dataclass
class Parameter(Expr):
    name: str


@dataclass
class Variable(Expr):
    name: str


@dataclass
class Property(Expr):
    subject: Expr
    key: str


@dataclass
class Index(Expr):
    subject: Expr
    index: Expr


@dataclass
class Slice(Expr):
    subject: Expr
    start: Expr | None
    end: Expr | None


@dataclass
class HasLabels(Expr):
    subject: Expr
    labels: list[str]


@dataclass
class Operator(Expr):
    """Boolean and arithmetic operators: or, xor, and, not, neg, pos, + - * / % ^."""

    op: str
    args: list[Expr]


@dataclass
class Comparison(Expr):
    """a < b <= c: each pair compared, the results joined by AND."""

    first: Expr
    rest: list[tuple[str, Expr]]


@dataclass
class Predicate(Expr):
    """STARTS WITH, ENDS WITH, CONTAINS, =~, IN, IS NULL, IS NOT NULL."""

    kind: str
    left: Expr
    right: Expr | None = None


@dataclass
class ListLiteral(Expr):
    items: list[Expr]


@dataclass
class MapLiteral(Expr):
    items: list[tuple[str, Expr]]


@dataclass
class MapProjection(Expr):
    """n {.name, .*, key: expr, other}: items are (kind, key, expr) with kind property/all/pair/variable."""

    variable: str
    items: list[tuple[str, str, Expr | None]]


@dataclass
class Case(Expr):
    subject: Expr | None
    alternatives: list[tuple[Expr, Expr]]
    default: Expr | None


@dataclass
class FunctionCall(Expr):
    name: str              # lower-cased, namespaces joined by dots
    args: list[Expr]
    distinct: bool = False
    star: bool = False     # count(*)


@dataclass
class ListComprehension(Expr):
    variable: str
    source: Expr
    where: Expr | None
    projection: Expr | None


@dataclass
class Quantifier(Expr):
    kind: str               # all, any, none, single
    variable: str
    source: Expr
    where: Expr | None


@dataclass
class PatternComprehension(Expr):
    part: "PatternPart"
    where: Expr | None
    projection: Expr


@dataclass
class PatternPredicate(Expr):
    part: "PatternPart"


@dataclass
class NodeHead(Expr):
    """A node pattern where an expression may stand: valid only as the start of a pattern predicate."""

    node: "NodePattern"


@dataclass
class Subquery(Expr):
    """EXISTS { ... } and COUNT { ... }: a pattern with an optional WHERE, or a whole query."""

    kind: str               # exists, count
    pattern: list["PatternPart"] | None
    where: Expr | None
    query: "Query | None"


# -- patterns -----------------------------------------------------------------------------------

@dataclass
class NodePattern:
    variable: str | None
    labels: list[str]
    properties: Expr | None


@dataclass
class RelPattern:
    variable: str | None
    types: list[str]
    direction: str          # out, in, both
    properties: Expr | None
    var_length: bool = False
    min_hops: int = 1
    max_hops: int | None = 1


@dataclass
class PatternPart:
    path_variable: str | None
    nodes: list[NodePattern]
    rels: list[RelPattern]
    shortest: str | None = None    # shortestpath, allshortestpaths


# -- clauses ------------------------------------------------------------------------------------

@dataclass
class ProjectionItem:
    expr: Expr
    alias: str              # the column name: AS alias, or the expression's text


@dataclass
class Projection:
    distinct: bool
    star: bool
    items: list[ProjectionItem]
    order: list[tuple[Expr, bool]] = field(default_factory=list)   # (expression, descending)
    skip: Expr | None = None
    limit: Expr | None = None


@dataclass
class Match:
    optional: bool
    pattern: list[PatternPart]
    where: Expr | None


@dataclass
class Unwind:
    expr: Expr
    variable: str


@dataclass
class With:
    projection: Projection
    where: Expr | None


@dataclass
class Return:
    projection: Projection


@dataclass
class Unsupported:
    """A clause the embedded engine refuses: writes (the store is written by ingest) and CALL."""

    name: str
    write: bool
    pattern: list[PatternPart] | None = None    # CREATE's pattern, for fixture graphs


@dataclass
class SingleQuery:
    clauses: list[Any]


@dataclass
class Query:
    parts: list[SingleQuery]
    union_all: list[bool]   # one per UNION between parts
