"""Matching MATCH patterns over the graph: the planner and the matcher.

The planner orders the work: each pattern part starts from its most selective node
(already bound, else a (label, property) = value lookup from the pattern's map or a
WHERE equality, else the smallest label, else the ends of a relationship type), then
walks the part's relationships outwards through the typed adjacency indexes. Each
WHERE condition is checked as soon as the variables it reads are bound.

Matching follows Cypher: relationships are unique within one MATCH (nodes may repeat),
a node that is already bound must be matched again, a variable-length relationship
binds the list of relationships it walked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.errors import QueryError
from kg.query import ast
from kg.query.expressions import Context, Fn, Row, compile_expr, pattern_variables
from kg.query.values import HIDDEN, Node, Path, Rel, equals


def conjuncts(e: ast.Expr | None) -> list[ast.Expr]:
    if e is None:
        return []
    if isinstance(e, ast.Operator) and e.op == "and":
        return conjuncts(e.args[0]) + conjuncts(e.args[1])
    return [e]


def variables_in(e: Any) -> set[str]:
    """Every variable name an expression (or pattern) mentions, at any depth."""
    found: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, ast.Variable):
            found.add(x.name)
        elif isinstance(x, ast.MapProjection):
            found.add(x.variable)
        elif isinstance(x, (ast.NodePattern, ast.RelPattern)) and x.variable:
            found.add(x.variable)
        if isinstance(x, (list, tuple)):
            for y in x:
                walk(y)
        elif hasattr(x, "__dataclass_fields__"):
            for name in x.__dataclass_fields__:
                walk(getattr(x, name))
    walk(e)
    return found


@dataclass
class _NodeCheck:
    name: str
    labels: frozenset[str]
    props: list[tuple[str, Fn]]


@dataclass
class _Step:
    kind: str                              # start, expand, path
    node: _NodeCheck | None = None         # the node bound by this step (start: the node; expand: the far end)
    start_lookup: Callable[[Row], Any] | None = None
    origin: str = ""                       # expand: the variable walked from
    rel_name: str = ""
    rel: ast.RelPattern | None = None
    rel_props: list[tuple[str, Fn]] = field(default_factory=list)
    forward: bool = True
    rel_bound: bool = False
    node_bound: bool = False
    part: ast.PatternPart | None = None
    names: tuple[list[str], list[str]] | None = None
    checks: list[Fn] = field(default_factory=list)
    ends_only: bool = False                # yield each end of a variable-length walk once (see compile_pattern)


def compile_pattern(parts: list[ast.PatternPart], where: ast.Expr | None, scope: set[str],
                    ctx: Context, distinct_ends: bool = False) -> Callable[[Row], Iterator[Row]]:
    """A function from an input row to the rows that extend it with a match of the pattern.

    distinct_ends: the caller cannot see how often a row comes (DISTINCT follows), so a pattern that is
    one anonymous variable-length relationship of at most 2 hops may yield each end node once instead
    of once per walk (the walks themselves are neither bound nor counted)."""
    for part in parts:
        if part.shortest:
            raise QueryError(f"{part.shortest}() is not supported by the embedded engine; use --backend neo4j")
    _check_kinds(parts, ctx.kinds)
    new_vars = pattern_variables(parts) - scope
    inner = scope | new_vars
    counter = iter(range(10 ** 6))
    named: list[tuple[ast.PatternPart, list[str], list[str]]] = []
    for part in parts:
        node_names = [n.variable or f" n{next(counter)}" for n in part.nodes]
        rel_names = [r.variable or f" r{next(counter)}" for r in part.rels]
        named.append((part, node_names, rel_names))
    pending = [(compile_expr(c, inner, ctx), variables_in(c) & inner) for c in conjuncts(where)]
    equalities = _index_equalities(conjuncts(where), scope, ctx)

    def node_check(pattern: ast.NodePattern, name: str) -> _NodeCheck:
        return _NodeCheck(name, frozenset(pattern.labels), _property_checks(pattern.properties, inner, ctx))

    bound = set(scope)
    steps: list[_Step] = []
    todo = list(named)
    while todo:
        _, part_i, pos, lookup = _best_start(todo, bound, equalities, ctx)
        part, node_names, rel_names = todo.pop(part_i)
        start = _Step("start", node=node_check(part.nodes[pos], node_names[pos]), start_lookup=lookup,
                      node_bound=node_names[pos] in bound)
        steps.append(start)
        bound.add(node_names[pos])
        order = [(i, True) for i in range(pos, len(part.rels))] + [(i, False) for i in range(pos - 1, -1, -1)]
        for i, forward in order:
            rel = part.rels[i]
            origin, far = (node_names[i], node_names[i + 1]) if forward else (node_names[i + 1], node_names[i])
            far_pattern = part.nodes[i + 1] if forward else part.nodes[i]
            steps.append(_Step("expand", node=node_check(far_pattern, far), origin=origin, rel_name=rel_names[i],
                               rel=rel, rel_props=_property_checks(rel.properties, inner, ctx), forward=forward,
                               rel_bound=rel_names[i] in bound, node_bound=far in bound))
            bound |= {rel_names[i], far}
        steps.append(_Step("path", part=part, names=(node_names, rel_names)))
        if part.path_variable:
            bound.add(part.path_variable)
    # each condition runs right after the step that binds the last variable it reads
    for step_i, step in enumerate(steps):
        known = set(scope)
        for s in steps[:step_i + 1]:
            if s.kind == "start" and s.node:
                known.add(s.node.name)
            elif s.kind == "expand" and s.node:
                known |= {s.node.name, s.rel_name}
            elif s.kind == "path" and s.part and s.part.path_variable:
                known.add(s.part.path_variable)
        ready = [(fn, need) for fn, need in pending if need <= known]
        step.checks = [fn for fn, _ in ready]
        pending = [p for p in pending if p not in ready]
    if pending:
        steps[-1].checks += [fn for fn, _ in pending]
    hidden = [n for _, nn, rn in named for n in nn + rn if n.startswith(" ")]
    if distinct_ends and len(parts) == 1 and len(parts[0].rels) == 1 and not parts[0].path_variable:
        rel = parts[0].rels[0]
        if rel.var_length and rel.variable is None and rel.min_hops <= 1 and rel.max_hops is not None \
                and rel.max_hops <= 2:
            for step in steps:
                if step.kind == "expand":
                    step.ends_only = True
    index = ctx.index

    def run(row: Row) -> Iterator[Row]:
        r = dict(row)
        used: set = set()
        for out in _match(steps, 0, r, used, index):
            result = dict(out)
            for h in hidden:
                result.pop(h, None)
            yield result
    return run


def _check_kinds(parts: list[ast.PatternPart], kinds: dict[str, str]) -> None:
    """A variable is one kind of thing: a node, a relationship or a path (VariableTypeConflict otherwise)."""
    def claim(name: str, kind: str, reuse: bool) -> None:
        known = kinds.get(name)
        if reuse and (known == "value" or known == "list" and kind == "relationship list"):
            return   # a projected value: whether it is a node or relationships is checked when matching
        if known is not None and (known != kind or not reuse):
            raise QueryError(f"variable `{name}` is already a {known}; it cannot also be a {kind}")
        kinds[name] = kind
    rels: set[str] = set()
    for part in parts:
        if part.path_variable:
            claim(part.path_variable, "path", reuse=False)
        for node in part.nodes:
            if node.variable:
                claim(node.variable, "node", reuse=True)
        for rel in part.rels:
            if rel.variable:
                if rel.variable in rels:
                    raise QueryError(f"relationship variable `{rel.variable}` is used twice in one pattern")
                rels.add(rel.variable)
                claim(rel.variable, "relationship list" if rel.var_length else "relationship", reuse=True)


def _best_start(todo, bound, equalities, ctx):
    best = None
    for k, (part, node_names, rel_names) in enumerate(todo):
        for i, name in enumerate(node_names):
            cost, lookup = _start_cost(part, node_names, i, bound, equalities, ctx)
            if best is None or cost < best[0]:
                best = (cost, k, i, lookup)
    return best


def _start_cost(part: ast.PatternPart, node_names: list[str], i: int, bound: set[str],
                equalities: dict[str, list[tuple[str, Fn, Any]]], ctx: Context) -> tuple[float, Any]:
    """How many candidates starting at node i would give, and how to find them."""
    name, pattern, index = node_names[i], part.nodes[i], ctx.index
    if name in bound:
        return 0, ("bound", name)
    label = min(pattern.labels, key=lambda lb: len(index.label_nodes(lb))) if pattern.labels else None
    lookups = list(equalities.get(name, []))
    if isinstance(pattern.properties, ast.MapLiteral):
        for key, value in pattern.properties.items:
            if not variables_in(value) - bound:
                lookups.append((key, compile_expr(value, bound, ctx), value))
    for key, fn, value_ast in lookups:
        if isinstance(value_ast, (ast.Literal, ast.Parameter)):
            value = fn({})
            return (len(index.nodes_with(label, key, value)) if value is not None else 0), ("property", label, key, fn)
    if lookups:
        key, fn, _ = lookups[0]
        return 1, ("property", label, key, fn)
    ends = []
    for j, forward in ((i, True), (i - 1, False)):
        if 0 <= j < len(part.rels) and part.rels[j].types and not part.rels[j].var_length:
            rel = part.rels[j]
            direction = rel.direction if forward else {"out": "in", "in": "out"}.get(rel.direction, "both")
            ends.append((sum(index.type_count(t) for t in rel.types), rel.types, direction))
    by_label = (len(index.label_nodes(label)), ("label", label)) if label is not None else None
    if ends:
        count, types, direction = min(ends, key=lambda e: e[0])
        if by_label is None or count < by_label[0]:   # a rare relationship type beats a common label
            return count + 0.5, ("ends", types, direction)
    return by_label or (len(index.nodes) + 1, ("all",))


def _index_equalities(conds: list[ast.Expr], scope: set[str], ctx: Context) -> dict[str, list[tuple[str, Fn, Any]]]:
    """WHERE conditions `v.key = value` whose value is known before matching: v -> [(key, value fn, value)]."""
    out: dict[str, list[tuple[str, Fn, Any]]] = {}
    for c in conds:
        if not (isinstance(c, ast.Comparison) and len(c.rest) == 1 and c.rest[0][0] == "="):
            continue
        for left, right in ((c.first, c.rest[0][1]), (c.rest[0][1], c.first)):
            if isinstance(left, ast.Property) and isinstance(left.subject, ast.Variable) and \
                    left.subject.name not in scope and not variables_in(right) - scope:
                out.setdefault(left.subject.name, []).append((left.key, compile_expr(right, scope, ctx), right))
    return out


def _property_checks(props: ast.Expr | None, scope: set[str], ctx: Context) -> list[tuple[str, Fn]]:
    if props is None:
        return []
    if isinstance(props, ast.MapLiteral):
        return [(k, compile_expr(v, scope, ctx)) for k, v in props.items]
    fn = compile_expr(props, scope, ctx)   # a parameter holding a map
    return [("*", fn)]


def _props_match(data: dict, checks: list[tuple[str, Fn]], row: Row) -> bool:
    for key, fn in checks:
        if key == "*":
            value = fn(row)
            if not isinstance(value, dict):
                raise QueryError("a pattern's property parameter must be a map")
            if not all(equals(data.get(k), v) is True for k, v in value.items()):
                return False
        elif equals(data.get(key), fn(row)) is not True:
            return False
    return True


def _node_ok(check: _NodeCheck, node_id: Any, data: dict, row: Row) -> bool:
    return check.labels <= data[HIDDEN] and (not check.props or _props_match(data, check.props, row))


def _candidates(step: _Step, row: Row, index) -> Iterator[Any]:
    kind = step.start_lookup[0]
    if kind == "bound":
        value = row[step.start_lookup[1]]
        if value is None:
            return iter(())
        if not isinstance(value, Node):
            raise QueryError(f"type mismatch: `{step.start_lookup[1]}` is not a node")
        return iter((value.id,))
    if kind == "property":
        _, label, key, fn = step.start_lookup
        value = fn(row)
        return iter(index.nodes_with(label, key, value)) if value is not None else iter(())
    if kind == "label":
        return iter(index.label_nodes(step.start_lookup[1]))
    if kind == "ends":
        _, types, direction = step.start_lookup
        seen: set = set()
        for t in types:
            for outgoing in ((True,) if direction == "out" else (False,) if direction == "in" else (True, False)):
                seen.update(index.typed(t, outgoing))
        return iter(seen)
    return iter(index.nodes)


def _checks_pass(step: _Step, row: Row) -> bool:
    for fn in step.checks:
        if fn(row) is not True:
            return False
    return True


def _match(steps: list[_Step], k: int, row: Row, used: set, index) -> Iterator[Row]:
    if k == len(steps):
        yield row
        return
    step = steps[k]
    if step.kind == "start":
        name, nodes = step.node.name, index.nodes
        for node_id in _candidates(step, row, index):
            data = nodes[node_id]
            if not _node_ok(step.node, node_id, data, row):
                continue
            row[name] = Node(node_id, data)
            if _checks_pass(step, row):
                yield from _match(steps, k + 1, row, used, index)
        if not step.node_bound:
            row.pop(name, None)
        return
    if step.kind == "path":
        part = step.part
        if part.path_variable:
            row[part.path_variable] = _path(part, *step.names, row, index)
        if _checks_pass(step, row):
            yield from _match(steps, k + 1, row, used, index)
        return
    origin = row[step.origin]
    if origin is None:
        return
    far, rel_name = step.node.name, step.rel_name
    if step.rel.var_length:
        walks = _given_walk(step, origin.id, row[rel_name], used) if step.rel_bound else \
            _ends(step, origin.id, index, row) if step.ends_only else _walk(step, origin.id, used, index, row)
        for end_id, rels in walks:
            data = index.nodes[end_id]
            if step.node_bound:
                if row[far] is None or row[far].id != end_id or not _node_ok(step.node, end_id, data, row):
                    continue
            elif not _node_ok(step.node, end_id, data, row):
                continue
            else:
                row[far] = Node(end_id, data)
            row[rel_name] = rels if step.forward else rels[::-1]
            for r in rels:
                used.add(r.ident)
            if _checks_pass(step, row):
                yield from _match(steps, k + 1, row, used, index)
            for r in rels:
                used.discard(r.ident)
        if not step.rel_bound:
            row.pop(rel_name, None)
        if not step.node_bound:
            row.pop(far, None)
        return
    bound_rel = row.get(rel_name) if step.rel_bound else None
    if step.rel_bound and not isinstance(bound_rel, Rel):
        return
    for rel in _neighbours(step, origin.id, index):
        ident = rel.ident
        if ident in used or (bound_rel is not None and bound_rel.ident != ident):
            continue
        if step.rel_props and not _props_match(rel.data, step.rel_props, row):
            continue
        end_id = _other_end(rel, origin.id, step)
        if step.node_bound:
            if row[far] is None or row[far].id != end_id or not _node_ok(step.node, end_id, index.nodes[end_id], row):
                continue
        else:
            data = index.nodes[end_id]
            if not _node_ok(step.node, end_id, data, row):
                continue
            row[far] = Node(end_id, data)
        row[rel_name] = rel
        used.add(ident)
        if _checks_pass(step, row):
            yield from _match(steps, k + 1, row, used, index)
        used.discard(ident)
    if not step.rel_bound:
        row.pop(rel_name, None)
    if not step.node_bound:
        row.pop(far, None)


def _other_end(rel: Rel, origin: Any, step: _Step) -> Any:
    return rel.end if rel.start == origin else rel.start


def _directions(step: _Step) -> tuple[bool, ...]:
    """Which adjacency to follow from the origin: (True,) out-edges, (False,) in-edges, or both."""
    d = step.rel.direction
    if d == "both":
        return (True, False)
    return ((d == "out") == step.forward,)


def _neighbours(step: _Step, node_id: Any, index) -> Iterator[Rel]:
    directions = _directions(step)
    both = len(directions) == 2
    for outgoing in directions:
        if step.rel.types:
            for t in dict.fromkeys(step.rel.types):
                for nbr, key, data in index.typed(t, outgoing).get(node_id, ()):
                    if both and not outgoing and nbr == node_id:
                        continue   # a self-loop is seen once when direction does not matter
                    yield Rel(node_id, nbr, key, data) if outgoing else Rel(nbr, node_id, key, data)
        else:
            adjacency = index.graph._succ if outgoing else index.graph._pred
            for nbr, keyed in adjacency.get(node_id, {}).items():
                if both and not outgoing and nbr == node_id:
                    continue
                for key, data in keyed.items():
                    yield Rel(node_id, nbr, key, data) if outgoing else Rel(nbr, node_id, key, data)


def _given_walk(step: _Step, start: Any, rels: Any, used: set) -> Iterator[tuple[Any, list[Rel]]]:
    """A variable-length relationship already bound to a list: the walk along it, if the pattern allows it."""
    if not isinstance(rels, list) or not all(isinstance(r, Rel) for r in rels):
        return
    walk = rels if step.forward else rels[::-1]
    if not step.rel.min_hops <= len(walk) <= (step.rel.max_hops if step.rel.max_hops is not None else len(walk)):
        return
    node = start
    outgoing = _directions(step)
    for rel in walk:
        if rel.ident in used or (step.rel.types and rel.type not in step.rel.types):
            return
        if rel.start == node and True in outgoing:
            node = rel.end
        elif rel.end == node and False in outgoing:
            node = rel.start
        else:
            return
    yield node, list(walk)


def _ends(step: _Step, start: Any, index, row: Row) -> Iterator[tuple[Any, list[Rel]]]:
    """The distinct end nodes of walks of min_hops (0 or 1) to max_hops (1 or 2) relationships, each once."""
    lo, hi = step.rel.min_hops, step.rel.max_hops
    first: dict[Any, list[Any]] = {}          # neighbour -> the relationships that reach it
    for rel in _neighbours(step, start, index):
        if not step.rel_props or _props_match(rel.data, step.rel_props, row):
            first.setdefault(_other_end(rel, start, step), []).append(rel.ident)
    seen = set()
    if lo == 0:
        seen.add(start)
        yield start, []
    for node in first:
        if node not in seen:
            seen.add(node)
            yield node, []
    if hi < 2:
        return
    for middle, idents in first.items():
        for rel in _neighbours(step, middle, index):
            end = _other_end(rel, middle, step)
            if end in seen or (len(idents) == 1 and rel.ident == idents[0]):
                continue   # a walk may not use one relationship twice
            if step.rel_props and not _props_match(rel.data, step.rel_props, row):
                continue
            seen.add(end)
            yield end, []


def _walk(step: _Step, start: Any, used: set, index, row: Row) -> Iterator[tuple[Any, list[Rel]]]:
    """Every (end node, relationships) of a variable-length walk within the step's bounds."""
    lo, hi = step.rel.min_hops, step.rel.max_hops
    path: list[Rel] = []
    on_path: set = set()

    def go(node_id: Any) -> Iterator[tuple[Any, list[Rel]]]:
        if len(path) >= lo:
            yield node_id, list(path)
        if hi is not None and len(path) >= hi:
            return
        for rel in _neighbours(step, node_id, index):
            ident = rel.ident
            if ident in used or ident in on_path:
                continue
            if step.rel_props and not _props_match(rel.data, step.rel_props, row):
                continue
            path.append(rel)
            on_path.add(ident)
            yield from go(_other_end(rel, node_id, step))
            path.pop()
            on_path.discard(ident)
    return go(start)


def _path(part: ast.PatternPart, node_names: list[str], rel_names: list[str], row: Row, index) -> Path:
    nodes = [row[node_names[0]]]
    rels: list[Rel] = []
    for i, name in enumerate(rel_names):
        value = row[name]
        for rel in (value if isinstance(value, list) else [value]):
            current = nodes[-1].id
            other = rel.end if rel.start == current else rel.start
            nodes.append(Node(other, index.nodes[other]))
            rels.append(rel)
        if not isinstance(value, list):
            nodes[-1] = row[node_names[i + 1]]
    return Path(tuple(nodes), tuple(rels))
