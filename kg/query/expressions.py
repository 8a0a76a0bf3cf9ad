"""Expressions compiled to Python closures over a row (a dict of variable -> value).

Compiling checks that every variable is in scope; evaluating follows Cypher's
three-valued logic (null is unknown), its operators and its functions. Patterns
inside expressions (pattern predicates, comprehensions, EXISTS and COUNT subqueries)
are matched through the context's `match_pattern` and `run_subquery`, which the
executor provides.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.errors import QueryError
from kg.query import ast
from kg.query.functions import AGGREGATES, SCALARS, shift
from kg.query.graphindex import GraphIndex
from kg.query.values import HIDDEN, Duration, Node, Rel, compare, equals, is_number, type_name

Row = dict[str, Any]
Fn = Callable[[Row], Any]


@dataclass
class Context:
    index: GraphIndex
    params: dict[str, Any]
    # set by the executor: (pattern parts, where, scope) -> row -> matching rows; (query, scope) -> row -> rows
    match_pattern: Callable[[list[ast.PatternPart], ast.Expr | None, set[str]], Callable[[Row], Iterator[Row]]] = None  # type: ignore[assignment]
    run_subquery: Callable[[ast.Query, set[str]], Callable[[Row], Iterator[Row]]] = None  # type: ignore[assignment]
    regexes: dict[str, re.Pattern] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)   # variable -> node, relationship, path or value
    # only the conformance runner sets this (to build its fixture graphs); the stores never do
    create: Callable[[list[ast.PatternPart], Row, "Context"], Row] | None = None


@dataclass
class AggregateRef(ast.Expr):
    """Stands for an aggregate's result inside a projection item (the slot holds it)."""

    slot: str


def truth(value: Any, what: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise QueryError(f"type mismatch: {what} needs a boolean, got {type_name(value)} ({value!r})")


def compile_expr(e: ast.Expr, scope: set[str], ctx: Context) -> Fn:
    method = _COMPILERS.get(type(e))
    if method is None:
        raise QueryError(f"unsupported expression: {e.text or type(e).__name__}")
    return method(e, scope, ctx)


def _literal(e: ast.Literal, scope, ctx) -> Fn:
    value = e.value
    return lambda row: value


def _parameter(e: ast.Parameter, scope, ctx) -> Fn:
    if e.name not in ctx.params:
        raise QueryError(f"parameter ${e.name} has no value; give it with --param {e.name}=VALUE")
    value = ctx.params[e.name]
    return lambda row: value


def _variable(e: ast.Variable, scope, ctx) -> Fn:
    name = e.name
    if name not in scope:
        raise QueryError(f"variable `{name}` not defined")
    return lambda row: row[name]


_TEMPORAL_FIELDS = {"year", "month", "day", "hour", "minute", "second", "microsecond", "weekday"}


def get_property(value: Any, key: str) -> Any:
    if isinstance(value, (Node, Rel)):
        return value.data.get(key) if key != HIDDEN else None
    if isinstance(value, dict):
        return value.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)) and key in _TEMPORAL_FIELDS | {"quarter", "epochseconds"}:
        if key == "quarter":
            return (value.month - 1) // 3 + 1
        return getattr(value, key)
    if isinstance(value, Duration) and key in ("months", "days", "seconds", "years"):
        return value.months // 12 if key == "years" else int(getattr(value, key))
    raise QueryError(f"type mismatch: cannot read property {key!r} of {type_name(value)} ({value!r})")


def _property(e: ast.Property, scope, ctx) -> Fn:
    subject, key = compile_expr(e.subject, scope, ctx), e.key
    if isinstance(e.subject, ast.Variable) and ctx.kinds.get(e.subject.name) in ("path", "relationship list"):
        raise QueryError(f"type mismatch: a {ctx.kinds[e.subject.name]} has no properties ({e.text})")
    if key == ctx.index.key_property:
        def edge_key(row):
            v = subject(row)
            return v.key if isinstance(v, Rel) else get_property(v, key)
        return edge_key
    if isinstance(e.subject, ast.Variable):
        name = e.subject.name

        def fast(row):
            v = row[name]
            if type(v) is Node or type(v) is Rel:
                return v.data.get(key)
            return get_property(v, key)
        return fast
    return lambda row: get_property(subject(row), key)


def _index(e: ast.Index, scope, ctx) -> Fn:
    subject, index = compile_expr(e.subject, scope, ctx), compile_expr(e.index, scope, ctx)

    def run(row):
        s, i = subject(row), index(row)
        if s is None or i is None:
            return None
        if isinstance(s, list):
            if not isinstance(i, int) or isinstance(i, bool):
                raise QueryError(f"type mismatch: a list index must be an integer, got {type_name(i)}")
            return s[i] if -len(s) <= i < len(s) else None
        if isinstance(s, (dict, Node, Rel)):
            if not isinstance(i, str):
                raise QueryError(f"type mismatch: a map key must be a string, got {type_name(i)}")
            return get_property(s, i)
        raise QueryError(f"type mismatch: cannot index {type_name(s)} ({s!r})")
    return run


def _slice(e: ast.Slice, scope, ctx) -> Fn:
    subject = compile_expr(e.subject, scope, ctx)
    start = compile_expr(e.start, scope, ctx) if e.start else (lambda row: 0)
    end = compile_expr(e.end, scope, ctx) if e.end else None

    def run(row):
        s, a = subject(row), start(row)
        b = end(row) if end else len(s) if isinstance(s, list) else None
        if s is None or a is None or b is None:
            return None
        if not isinstance(s, list):
            raise QueryError(f"type mismatch: cannot slice {type_name(s)}")
        return s[a:b]
    return run


def _has_labels(e: ast.HasLabels, scope, ctx) -> Fn:
    subject, labels = compile_expr(e.subject, scope, ctx), set(e.labels)

    def run(row):
        v = subject(row)
        if v is None:
            return None
        if isinstance(v, Node):
            return labels <= v.data[HIDDEN]
        raise QueryError(f"type mismatch: label predicate on {type_name(v)}")
    return run


def add(a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if isinstance(a, list):
        return a + b if isinstance(b, list) else a + [b]
    if isinstance(b, list):
        return [a] + b
    if is_number(a) and is_number(b):
        return a + b
    if isinstance(a, str) and isinstance(b, (str, int, float)) and not isinstance(b, bool):
        return a + (b if isinstance(b, str) else SCALARS["tostring"](None, b))
    if isinstance(b, str) and is_number(a):
        return SCALARS["tostring"](None, a) + b
    if isinstance(a, (dt.date, dt.datetime)) and isinstance(b, Duration):
        return shift(a, b, 1)
    if isinstance(a, Duration) and isinstance(b, (dt.date, dt.datetime)):
        return shift(b, a, 1)
    if isinstance(a, Duration) and isinstance(b, Duration):
        return Duration(a.months + b.months, a.days + b.days, a.seconds + b.seconds)
    raise QueryError(f"type mismatch: cannot add {type_name(a)} and {type_name(b)}")


def arithmetic(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "-" and isinstance(a, (dt.date, dt.datetime)) and isinstance(b, Duration):
        return shift(a, b, -1)
    if not (is_number(a) and is_number(b)):
        raise QueryError(f"type mismatch: cannot apply {op} to {type_name(a)} and {type_name(b)}")
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    both_int = isinstance(a, int) and isinstance(b, int)
    if op == "/":
        if both_int:
            if b == 0:
                raise QueryError("division by zero")
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b >= 0) else -q
        if b == 0:
            return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * (math.copysign(1, b))
        return a / b
    if op == "%":
        if both_int:
            if b == 0:
                raise QueryError("division by zero")
            return int(math.fmod(a, b))
        if b == 0:
            return math.nan
        return math.fmod(a, b)
    if op == "^":
        try:
            return float(a) ** b
        except (OverflowError, ZeroDivisionError):
            return math.inf
    raise QueryError(f"unknown operator {op}")


def _operator(e: ast.Operator, scope, ctx) -> Fn:
    args = [compile_expr(a, scope, ctx) for a in e.args]
    op = e.op
    if op == "not":
        (x,) = args
        return lambda row: (lambda v: None if v is None else not v)(truth(x(row), "NOT"))
    if op in ("and", "or", "xor"):
        left, right = args
        if op == "and":
            def run_and(row):
                a = truth(left(row), "AND")
                if a is False and type(e.args[1]) in _PURE:
                    return False
                b = truth(right(row), "AND")
                if a is False or b is False:
                    return False
                return None if a is None or b is None else True
            return run_and
        if op == "or":
            def run_or(row):
                a = truth(left(row), "OR")
                if a is True and type(e.args[1]) in _PURE:
                    return True
                b = truth(right(row), "OR")
                if a is True or b is True:
                    return True
                return None if a is None or b is None else False
            return run_or

        def run_xor(row):
            a, b = truth(left(row), "XOR"), truth(right(row), "XOR")
            return None if a is None or b is None else a != b
        return run_xor
    if op in ("neg", "pos"):
        (x,) = args

        def run_sign(row):
            v = x(row)
            if v is None:
                return None
            if isinstance(v, Duration) and op == "neg":
                return Duration(-v.months, -v.days, -v.seconds)
            if not is_number(v):
                raise QueryError(f"type mismatch: unary {'-' if op == 'neg' else '+'} on {type_name(v)}")
            return -v if op == "neg" else v
        return run_sign
    left, right = args
    if op == "+":
        return lambda row: add(left(row), right(row))
    return lambda row: arithmetic(op, left(row), right(row))


# operands whose value is always a boolean or null: AND/OR may skip them (others are evaluated to check their type)
_PURE = (ast.Comparison, ast.Predicate, ast.PatternPredicate, ast.HasLabels, ast.Quantifier, ast.Subquery)


def _compare_pair(op: str, a: Any, b: Any) -> bool | None:
    if op == "=":
        return equals(a, b)
    if op == "<>":
        r = equals(a, b)
        return None if r is None else not r
    c = compare(a, b)
    if c is None:
        if is_number(a) and is_number(b):
            return False   # NaN is neither smaller nor greater than anything
        return None
    return c < 0 if op == "<" else c > 0 if op == ">" else c <= 0 if op == "<=" else c >= 0


def _comparison(e: ast.Comparison, scope, ctx) -> Fn:
    exprs = [compile_expr(e.first, scope, ctx)] + [compile_expr(x, scope, ctx) for _, x in e.rest]
    ops = [op for op, _ in e.rest]
    if len(ops) == 1:
        left, right, op = exprs[0], exprs[1], ops[0]
        if op == "=":
            return lambda row: equals(left(row), right(row))
        return lambda row: _compare_pair(op, left(row), right(row))

    def run(row):
        values = [x(row) for x in exprs]
        result: bool | None = True
        for i, op in enumerate(ops):
            r = _compare_pair(op, values[i], values[i + 1])
            if r is False:
                return False
            if r is None:
                result = None
        return result
    return run


def in_list(value: Any, items: Any) -> bool | None:
    if items is None:
        return None
    if not isinstance(items, list):
        raise QueryError(f"type mismatch: IN needs a list, got {type_name(items)}")
    unknown = False
    for item in items:
        r = equals(value, item)
        if r:
            return True
        unknown = unknown or r is None
    return None if unknown else False


def _predicate(e: ast.Predicate, scope, ctx) -> Fn:
    left = compile_expr(e.left, scope, ctx)
    if e.kind == "is null":
        return lambda row: left(row) is None
    if e.kind == "is not null":
        return lambda row: left(row) is not None
    right = compile_expr(e.right, scope, ctx)
    if e.kind == "in":
        return lambda row: in_list(left(row), right(row))
    kind = e.kind

    def run(row):
        a, b = left(row), right(row)
        if not isinstance(a, str) or not isinstance(b, str):
            return None
        if kind == "starts with":
            return a.startswith(b)
        if kind == "ends with":
            return a.endswith(b)
        if kind == "contains":
            return b in a
        pattern = ctx.regexes.get(b)
        if pattern is None:
            try:
                pattern = ctx.regexes[b] = re.compile(b, re.S)
            except re.error as exc:
                raise QueryError(f"invalid regular expression {b!r}: {exc}") from None
        return pattern.fullmatch(a) is not None
    return run


def _list(e: ast.ListLiteral, scope, ctx) -> Fn:
    items = [compile_expr(x, scope, ctx) for x in e.items]
    return lambda row: [f(row) for f in items]


def _map(e: ast.MapLiteral, scope, ctx) -> Fn:
    items = [(k, compile_expr(v, scope, ctx)) for k, v in e.items]
    return lambda row: {k: f(row) for k, f in items}


def _map_projection(e: ast.MapProjection, scope, ctx) -> Fn:
    if e.variable not in scope:
        raise QueryError(f"variable `{e.variable}` not defined")
    parts = [(kind, key, compile_expr(x, scope, ctx) if x is not None else None) for kind, key, x in e.items]
    name = e.variable

    def run(row):
        subject = row[name]
        if subject is None:
            return None
        out: dict[str, Any] = {}
        for kind, key, f in parts:
            if kind == "all":
                out.update(SCALARS["properties"](ctx, subject))
            elif kind == "property":
                out[key] = get_property(subject, key)
            else:
                out[key] = f(row)
        return out
    return run


def _case(e: ast.Case, scope, ctx) -> Fn:
    subject = compile_expr(e.subject, scope, ctx) if e.subject is not None else None
    alternatives = [(compile_expr(w, scope, ctx), compile_expr(t, scope, ctx)) for w, t in e.alternatives]
    default = compile_expr(e.default, scope, ctx) if e.default is not None else (lambda row: None)

    def run(row):
        if subject is not None:
            s = subject(row)
            for when, then in alternatives:
                if equals(s, when(row)):
                    return then(row)
        else:
            for when, then in alternatives:
                if when(row) is True:
                    return then(row)
        return default(row)
    return run


# what a function's argument can be seen not to be before running (a variable's kind, a pattern)
_REFUSED_KINDS = {"length": {"node", "relationship", "pattern"}, "size": {"path", "pattern", "node", "relationship"},
                  "type": {"node", "path", "pattern"}, "labels": {"relationship", "path", "pattern"}}


def _function(e: ast.FunctionCall, scope, ctx) -> Fn:
    if e.name in AGGREGATES:
        raise QueryError(f"aggregate {e.name}() is not allowed here (only in WITH and RETURN items)")
    if e.name == "exists":
        if len(e.args) != 1:
            raise QueryError("exists() takes one argument")
        arg = compile_expr(e.args[0], scope, ctx)
        if isinstance(e.args[0], ast.PatternPredicate):
            return arg
        return lambda row: arg(row) is not None
    if e.args and e.name in _REFUSED_KINDS:
        arg = e.args[0]
        kind = ctx.kinds.get(arg.name) if isinstance(arg, ast.Variable) else \
            "pattern" if isinstance(arg, ast.PatternPredicate) else None
        if kind in _REFUSED_KINDS[e.name]:
            raise QueryError(f"type mismatch: {e.name}() cannot take a {kind} ({arg.text})")
    fn = SCALARS.get(e.name)
    if fn is None:
        raise QueryError(f"unknown function {e.text.split('(')[0].strip()}()")
    args = [compile_expr(a, scope, ctx) for a in e.args]
    if e.distinct:
        raise QueryError(f"DISTINCT is only for aggregates, not {e.name}()")

    def run(row):
        try:
            return fn(ctx, *[a(row) for a in args])
        except TypeError as exc:
            if "positional argument" in str(exc) or "takes" in str(exc):
                raise QueryError(f"wrong number of arguments to {e.name}()") from None
            raise QueryError(f"type mismatch in {e.name}(): {exc}") from None
        except (ValueError, OverflowError) as exc:
            raise QueryError(f"{e.name}(): {exc}") from None
    return run


def _list_comprehension(e: ast.ListComprehension, scope, ctx) -> Fn:
    source = compile_expr(e.source, scope, ctx)
    inner = scope | {e.variable}
    where = compile_expr(e.where, inner, ctx) if e.where is not None else None
    projection = compile_expr(e.projection, inner, ctx) if e.projection is not None else None
    var = e.variable

    def run(row):
        items = source(row)
        if items is None:
            return None
        if not isinstance(items, list):
            raise QueryError(f"type mismatch: a list comprehension needs a list, got {type_name(items)}")
        r = dict(row)
        out = []
        for item in items:
            r[var] = item
            if where is None or where(r) is True:
                out.append(projection(r) if projection is not None else item)
        return out
    return run


def _quantifier(e: ast.Quantifier, scope, ctx) -> Fn:
    source = compile_expr(e.source, scope, ctx)
    inner = scope | {e.variable}
    where = compile_expr(e.where, inner, ctx) if e.where is not None else (lambda row: True)
    var, kind = e.variable, e.kind

    def run(row):
        items = source(row)
        if items is None:
            return None
        if not isinstance(items, list):
            raise QueryError(f"type mismatch: {kind}() needs a list, got {type_name(items)}")
        r = dict(row)
        trues = unknowns = 0
        for item in items:
            r[var] = item
            v = truth(where(r), kind + "()")
            if v is True:
                trues += 1
            elif v is None:
                unknowns += 1
        falses = len(items) - trues - unknowns
        if kind == "all":
            return False if falses else (None if unknowns else True)
        if kind == "any":
            return True if trues else (None if unknowns else False)
        if kind == "none":
            return False if trues else (None if unknowns else True)
        if trues > 1:
            return False
        return None if unknowns else trues == 1
    return run


def _pattern_predicate(e: ast.PatternPredicate, scope, ctx) -> Fn:
    new = _pattern_variables([e.part]) - scope
    if new:
        raise QueryError(f"variable `{sorted(new)[0]}` not defined (a pattern predicate cannot introduce variables)")
    match = ctx.match_pattern([e.part], None, scope)
    return lambda row: next(match(row), None) is not None


def _pattern_comprehension(e: ast.PatternComprehension, scope, ctx) -> Fn:
    match = ctx.match_pattern([e.part], e.where, scope)
    inner = scope | _pattern_variables([e.part])
    projection = compile_expr(e.projection, inner, ctx)
    return lambda row: [projection(r) for r in match(row)]


def _subquery(e: ast.Subquery, scope, ctx) -> Fn:
    if e.query is not None:
        rows = ctx.run_subquery(e.query, scope)
    else:
        rows = ctx.match_pattern(e.pattern, e.where, scope)
    if e.kind == "exists":
        return lambda row: next(rows(row), None) is not None
    return lambda row: sum(1 for _ in rows(row))


def _node_head(e: ast.NodeHead, scope, ctx) -> Fn:
    raise QueryError(f"a node pattern {e.text} needs a relationship to be a pattern predicate")


def _aggregate_ref(e: AggregateRef, scope, ctx) -> Fn:
    slot = e.slot
    return lambda row: row[slot]


def _pattern_variables(parts: list[ast.PatternPart]) -> set[str]:
    names = set()
    for part in parts:
        names |= {n.variable for n in part.nodes if n.variable} | {r.variable for r in part.rels if r.variable}
        if part.path_variable:
            names.add(part.path_variable)
    return names


pattern_variables = _pattern_variables

_COMPILERS: dict[type, Callable] = {
    ast.Literal: _literal, ast.Parameter: _parameter, ast.Variable: _variable, ast.Property: _property,
    ast.Index: _index, ast.Slice: _slice, ast.HasLabels: _has_labels, ast.Operator: _operator,
    ast.Comparison: _comparison, ast.Predicate: _predicate, ast.ListLiteral: _list, ast.MapLiteral: _map,
    ast.MapProjection: _map_projection, ast.Case: _case, ast.FunctionCall: _function,
    ast.ListComprehension: _list_comprehension, ast.Quantifier: _quantifier,
    ast.PatternPredicate: _pattern_predicate, ast.PatternComprehension: _pattern_comprehension,
    ast.Subquery: _subquery, ast.NodeHead: _node_head, AggregateRef: _aggregate_ref,
}
