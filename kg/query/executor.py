"""Running a parsed query: each clause turns a stream of rows into another.

MATCH and OPTIONAL MATCH extend rows with pattern matches (kg.query.patterns),
UNWIND spreads a list, WITH and RETURN project, aggregate, sort, page and
deduplicate; UNION joins the parts. Writes and CALL are refused by name.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.query import ast
from kg.query.expressions import AggregateRef, Context, Row, compile_expr, pattern_variables
from kg.query.functions import AGGREGATES, CountStar
from kg.query.graphindex import index_for
from kg.query.patterns import compile_pattern, variables_in
from kg.query.values import check_value, group_key, plain_value, sort_key

READ_ONLY = ("the embedded store is read-only: {name} is refused (the store is written by `kg ingest` "
             "and `kg load`; to change Neo4j use --backend neo4j --write)")


def execute(query: ast.Query, graph: nx.MultiDiGraph, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows (as plain values) of a read query over the graph."""
    columns, rows, ctx = _execute(query, graph, params, None)
    key_property = ctx.index.key_property
    return columns, [[plain_value(v, key_property) for v in row] for row in rows]


def execute_values(query: ast.Query, graph: nx.MultiDiGraph, params: dict[str, Any],
                   create=None) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows as the engine's own values (kg.query.values). `create(pattern, row, ctx)`, given
    only by the conformance runner, makes CREATE build its fixture graph instead of being refused."""
    columns, rows, _ = _execute(query, graph, params, create)
    return columns, rows


def _execute(query: ast.Query, graph: nx.MultiDiGraph, params: dict[str, Any], create):
    ctx = Context(index_for(graph), {k: check_value(v, k) for k, v in params.items()}, create=create)
    ctx.match_pattern = lambda parts, where, scope: compile_pattern(parts, where, scope, ctx)
    ctx.run_subquery = lambda q, scope: _subquery(q, scope, ctx)
    for part in query.parts:
        for clause in part.clauses:
            if isinstance(clause, ast.Unsupported) and not (create and clause.name == "CREATE"):
                if clause.write:
                    raise QueryError(READ_ONLY.format(name=clause.name))
                raise QueryError(f"{clause.name} is not supported by the embedded engine; use --backend neo4j")
    columns, rows = _run_union(query, ctx)
    return columns, rows, ctx


def _run_union(query: ast.Query, ctx: Context) -> tuple[list[str], list[list[Any]]]:
    results = []
    for part in query.parts:
        if ctx.create and isinstance(part.clauses[-1], ast.Unsupported):
            _, run = _compile_clauses(part.clauses, set(), ctx)
            for _ in run(iter([{}])):
                pass
            return [], []
        if not part.clauses or not isinstance(part.clauses[-1], ast.Return):
            last = type(part.clauses[-1]).__name__.upper() if part.clauses else "nothing"
            raise QueryError(f"a read query must end with RETURN, not {last}")
        columns, run = _compile_clauses(part.clauses, set(), ctx)
        results.append((columns, run))
    columns = results[0][0]
    for other, _ in results[1:]:
        if other != columns:
            raise QueryError(f"all parts of a UNION must return the same columns ({columns} vs {other})")
    rows: list[list[Any]] = []
    for _, run in results:
        rows.extend([row[c] for c in columns] for row in run(iter([{}])))
    if len(set(query.union_all)) > 1:
        raise QueryError("UNION and UNION ALL cannot be mixed in one query")
    if query.union_all and not query.union_all[0]:
        seen, unique = set(), []
        for row in rows:
            key = tuple(group_key(v) for v in row)
            if key not in seen:
                seen.add(key)
                unique.append(row)
        rows = unique
    return columns, rows


def _subquery(query: ast.Query, scope: set[str], ctx: Context):
    parts = [_compile_clauses(p.clauses, set(scope), ctx) for p in query.parts]

    def run(row: Row) -> Iterator[Row]:
        for _, fn in parts:
            yield from fn(iter([dict(row)]))
    return run


def _compile_clauses(clauses: list, scope: set[str], ctx: Context):
    """(columns of the final RETURN, function from input rows to output rows)."""
    stages = []
    columns: list[str] = []
    for i, clause in enumerate(clauses):
        if isinstance(clause, ast.Match):
            following = clauses[i + 1] if i + 1 < len(clauses) else None
            stages.append(_match(clause, scope, ctx, _counts_no_duplicates(following)))
            scope = scope | pattern_variables(clause.pattern)
        elif isinstance(clause, ast.Unwind):
            stages.append(_unwind(clause, scope, ctx))
            scope = scope | {clause.variable}
            ctx.kinds[clause.variable] = "value"
        elif isinstance(clause, (ast.With, ast.Return)):
            is_with = isinstance(clause, ast.With)
            stage, columns = _projection(clause.projection, scope, ctx, is_with,
                                         clause.where if is_with else None)
            stages.append(stage)
            scope = set(columns)
        elif isinstance(clause, ast.Unsupported) and ctx.create and clause.name == "CREATE":
            stages.append(_create(clause.pattern, ctx))
            scope = scope | pattern_variables(clause.pattern)
        elif isinstance(clause, ast.Unsupported):
            raise QueryError(READ_ONLY.format(name=clause.name) if clause.write else
                             f"{clause.name} is not supported by the embedded engine; use --backend neo4j")
        else:
            raise QueryError(f"unsupported clause {type(clause).__name__}")

    def run(rows: Iterator[Row]) -> Iterator[Row]:
        for stage in stages:
            rows = stage(rows)
        return rows
    return columns, run


def _create(pattern: list[ast.PatternPart], ctx: Context):
    def stage(rows: Iterator[Row]) -> Iterator[Row]:
        for row in list(rows):
            yield ctx.create(pattern, row, ctx)
    return stage


def _counts_no_duplicates(clause: Any) -> bool:
    """Whether a WITH or RETURN gives the same rows however many times each input row comes: DISTINCT
    without aggregates, or only duplicate-blind aggregates (DISTINCT ones, min, max)."""
    if not isinstance(clause, (ast.With, ast.Return)) or clause.projection.star:
        return False
    p = clause.projection
    calls: list = []
    for it in p.items:
        _aggregates(it.expr, calls)
    if not calls:
        return p.distinct
    return all(call.distinct or call.name in ("min", "max") for _, call in calls if not call.star) and \
        not any(call.star for _, call in calls)


def _match(clause: ast.Match, scope: set[str], ctx: Context, duplicates_unseen: bool = False):
    matcher = compile_pattern(clause.pattern, clause.where, scope, ctx,
                              distinct_ends=duplicates_unseen and not clause.optional)
    if not clause.optional:
        def stage(rows: Iterator[Row]) -> Iterator[Row]:
            for row in rows:
                yield from matcher(row)
        return stage
    new = sorted(pattern_variables(clause.pattern) - scope)

    def optional(rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            found = False
            for out in matcher(row):
                found = True
                yield out
            if not found:
                yield {**row, **{v: None for v in new}}
    return optional


def _unwind(clause: ast.Unwind, scope: set[str], ctx: Context):
    fn, var = compile_expr(clause.expr, scope, ctx), clause.variable

    def stage(rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            value = fn(row)
            if value is None:
                continue
            for item in (value if isinstance(value, list) else [value]):
                yield {**row, var: item}
    return stage


def _aggregates(e: Any, found: list[tuple[str, ast.FunctionCall]]) -> Any:
    """A copy of the expression with each aggregate call replaced by a slot reference."""
    if isinstance(e, ast.FunctionCall) and (e.name in AGGREGATES or e.star):
        for arg in e.args:
            nested: list = []
            _aggregates(arg, nested)
            if nested:
                raise QueryError(f"aggregates cannot be nested: {e.text}")
        slot = f" agg{len(found)}"
        found.append((slot, e))
        return AggregateRef(slot)
    if isinstance(e, (ast.ListComprehension, ast.Quantifier)):   # only the source is in the outer scope
        copy = dataclasses.replace(e, source=_aggregates(e.source, found))
        copy.text = e.text
        return copy
    if isinstance(e, (ast.PatternComprehension, ast.Subquery)):
        return e
    if isinstance(e, list):
        return [_aggregates(x, found) for x in e]
    if isinstance(e, tuple):
        return tuple(_aggregates(x, found) for x in e)
    if isinstance(e, ast.Expr) and dataclasses.is_dataclass(e):
        changes = {f.name: _aggregates(getattr(e, f.name), found) for f in dataclasses.fields(e)}
        copy = dataclasses.replace(e, **changes)
        copy.text = e.text
        return copy
    return e


def _has_aggregate(e: ast.Expr) -> bool:
    found: list = []
    _aggregates(e, found)
    return bool(found)


def _count(expr: ast.Expr | None, what: str, ctx: Context) -> int | None:
    if expr is None:
        return None
    if variables_in(expr):
        raise QueryError(f"{what} cannot refer to variables: {expr.text}")
    value = compile_expr(expr, set(), ctx)({})
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise QueryError(f"{what} must be a non-negative integer, got {value!r}")
    return value


_LISTS = (ast.ListLiteral, ast.ListComprehension, ast.PatternComprehension)
_SCALARS = (ast.MapLiteral, ast.Operator, ast.Comparison, ast.Predicate, ast.Case)


def _kind(e: ast.Expr, ctx: Context) -> str:
    """What a projected expression is, as far as patterns care: a node, relationship, path, list or scalar."""
    if isinstance(e, ast.Variable):
        return ctx.kinds.get(e.name, "value")
    if isinstance(e, _LISTS) or isinstance(e, ast.FunctionCall) and e.name == "collect":
        return "list"
    if isinstance(e, _SCALARS) or isinstance(e, ast.Literal) and e.value is not None:
        return "scalar"
    return "value"


def _substitute(e: Any, by_text: dict[str, str]) -> Any:
    """A copy of an ORDER BY expression where each part written as a projected item reads its column."""
    if isinstance(e, ast.Expr) and e.text and e.text in by_text:
        return ast.Variable(by_text[e.text])
    if isinstance(e, list):
        return [_substitute(x, by_text) for x in e]
    if isinstance(e, tuple):
        return tuple(_substitute(x, by_text) for x in e)
    if isinstance(e, ast.Expr) and dataclasses.is_dataclass(e) and \
            not isinstance(e, (ast.ListComprehension, ast.Quantifier, ast.PatternComprehension, ast.Subquery)):
        copy = dataclasses.replace(e, **{f.name: _substitute(getattr(e, f.name), by_text) for f in dataclasses.fields(e)})
        copy.text = e.text
        return copy
    return e


def _projection(p: ast.Projection, scope: set[str], ctx: Context, is_with: bool, where: ast.Expr | None = None):
    items = list(p.items)
    if p.star:
        visible = sorted(v for v in scope if not v.startswith(" "))
        if not visible and not items:
            raise QueryError("RETURN * needs at least one variable in scope")
        items = [ast.ProjectionItem(ast.Variable(v), v) for v in visible] + items
    aliases = [it.alias for it in items]
    if len(set(aliases)) != len(aliases):
        dup = next(a for a in aliases if aliases.count(a) > 1)
        raise QueryError(f"multiple columns named {dup!r}; give each an AS alias")
    if is_with:
        for it in p.items:
            if not isinstance(it.expr, ast.Variable) and it.alias == it.expr.text:
                raise QueryError(f"expression in WITH must be aliased (use AS): {it.expr.text}")
    for it in items:
        if isinstance(it.expr, ast.PatternPredicate):
            raise QueryError(f"a pattern cannot be projected (use a pattern comprehension or EXISTS): {it.expr.text}")
    compiled = []
    found: list[tuple[str, ast.FunctionCall]] = []   # every item's aggregates, each in its own slot
    key_names = {it.expr.name for it in items if isinstance(it.expr, ast.Variable)}
    key_texts = {it.expr.text: it.alias for it in items if not _has_aggregate(it.expr)}
    for it in items:
        before = len(found)
        rewritten = _aggregates(it.expr, found)
        if len(found) > before:
            loose = (variables_in(_substitute(rewritten, key_texts)) & scope) - key_names - set(aliases)
            if loose:
                raise QueryError(f"`{sorted(loose)[0]}` in {it.expr.text} must be a grouping key "
                                 "(projected on its own) to be used beside an aggregate")
        slots = [(slot, _aggregate_factory(call, scope, ctx)) for slot, call in found[before:]]
        compiled.append((it.alias, compile_expr(rewritten, scope | {s for s, _ in found}, ctx), slots))
    aggregating = bool(found)
    order_scope = scope | set(aliases)
    order = []
    by_text = {it.expr.text: it.alias for it in items if it.expr.text}
    for expr, desc in p.order:
        expr = _substitute(expr, by_text)
        in_order: list = []
        _aggregates(expr, in_order)
        if in_order:
            raise QueryError(f"ORDER BY {expr.text}: an aggregate must be projected first (RETURN ... AS name)")
        order.append((compile_expr(expr, order_scope if not (aggregating or p.distinct) else set(aliases), ctx),
                      desc))
    kinds = {it.alias: _kind(it.expr, ctx) for it in items}
    ctx.kinds.clear()
    ctx.kinds.update(kinds)
    condition = compile_expr(where, order_scope if not aggregating else set(aliases), ctx) \
        if where is not None else None
    skip = _count(p.skip, "SKIP", ctx)
    limit = _count(p.limit, "LIMIT", ctx)
    names = [alias for alias, _, _ in compiled]

    def project(rows: Iterator[Row]) -> Iterator[tuple[Row, Row]]:
        """(projected row, the row its ORDER BY may read)."""
        if not aggregating:
            for row in rows:
                out = {alias: fn(row) for alias, fn, _ in compiled}
                yield out, ({**row, **out} if order or condition is not None else out)
            return
        keys = [(alias, fn) for alias, fn, slots in compiled if not slots]
        groups: dict[tuple, tuple[Row, list, list]] = {}
        for row in rows:
            key_values = [fn(row) for _, fn in keys]
            key = tuple(group_key(v) for v in key_values)
            group = groups.get(key)
            if group is None:
                accumulators = [[(slot, make(row), arg) for slot, (make, arg) in slots] for _, _, slots in compiled]
                group = groups[key] = (row, key_values, accumulators)
            for accumulators in group[2]:
                for _, acc, arg in accumulators:
                    acc.add(arg(row) if arg is not None else None)
        if not groups and not keys:
            groups[()] = ({}, [], [[(slot, make({}), arg) for slot, (make, arg) in slots]
                                   for _, _, slots in compiled])
        for first, key_values, accumulators in groups.values():
            env = dict(first)
            for per_item in accumulators:
                for slot, acc, _ in per_item:
                    env[slot] = acc.result()
            out = {alias: fn(env) for alias, fn, _ in compiled}
            yield out, {**env, **out}

    def stage(rows: Iterator[Row]) -> Iterator[Row]:
        pairs: Iterable[tuple[Row, Row]] = project(rows)
        if p.distinct:
            pairs = _distinct(pairs, names)
        if order:
            pairs = list(pairs)
            for fn, desc in reversed(order):
                pairs.sort(key=lambda pair: sort_key(fn(pair[1])), reverse=desc)
        if skip or limit is not None:
            pairs = itertools.islice(pairs, skip or 0, None if limit is None else (skip or 0) + limit)
        if condition is not None:
            pairs = ((projected, env) for projected, env in pairs if condition(env) is True)
        return (projected for projected, _ in pairs)
    return stage, names


def _distinct(pairs: Iterable[tuple[Row, Row]], names: list[str]) -> Iterator[tuple[Row, Row]]:
    seen = set()
    for projected, env in pairs:
        key = tuple(group_key(projected[n]) for n in names)
        if key not in seen:
            seen.add(key)
            yield projected, env


def _aggregate_factory(call: ast.FunctionCall, scope: set[str], ctx: Context):
    """(a function making an accumulator for a group, the argument's function or None for count(*))."""
    if call.star:
        return (lambda row: CountStar(False)), None
    cls = AGGREGATES[call.name]
    expected = 2 if call.name.startswith("percentile") else 1
    if len(call.args) != expected:
        raise QueryError(f"{call.name}() takes {expected} argument{'s' if expected > 1 else ''}")
    arg = compile_expr(call.args[0], scope, ctx)
    if expected == 2:
        extra = compile_expr(call.args[1], scope, ctx)
        return (lambda row: cls(call.distinct, extra(row))), arg
    return (lambda row: cls(call.distinct)), arg
