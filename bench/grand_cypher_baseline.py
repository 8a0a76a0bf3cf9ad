"""The former embedded engine: grand-cypher 1.2.0 behind kg's translation layer (kg/query/translate.py,
embedded.py and results.py as they were before issue 16), kept only so that bench/query_speed.py can time
it beside kg's own engine on the same queries. Needs the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any

import grandiso
import networkx as nx
from grandcypher import GrandCypher
from lark.exceptions import LarkError

from kg.errors import QueryError
from kg.gcpause import cycle_collector_paused
from kg.store.base import QueryResult


# -- translation (was kg/query/translate.py) --

_TOKEN = re.compile(r"""
    (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<comment>//[^\n]*)
  | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<space>\s+)
  | (?P<op><>|!=|<=|>=|->|<-|\.\.|[^\sA-Za-z0-9_])
""", re.X | re.S)

AGGREGATES = {"count", "sum", "avg", "max", "min", "collect"}
UNSUPPORTED = {
    "with": "WITH", "optional": "OPTIONAL MATCH", "unwind": "UNWIND", "union": "UNION", "call": "CALL",
    "case": "CASE", "foreach": "FOREACH", "load": "LOAD CSV", "exists": None,
}
WRITES = {"create", "merge", "set", "delete", "detach", "remove", "drop"}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'", '"': '"'}

SUGGEST = "use --backend neo4j for the full language"


def literal(value: Any, name: str = "") -> str:
    """A value as a literal of grand-cypher's grammar."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(f"parameter ${name}: {value} cannot be used in a query")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # ASCII-only, every quote and backslash escaped
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v, name) for v in value) + "]"
    raise QueryError(f"parameter ${name}: values of type {type(value).__name__} are not supported")


def _unquote(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)",
                  lambda m: chr(int(m[1][1:], 16)) if m[1][0] == "u" and len(m[1]) == 5 else ESCAPES.get(m[1], m[1]),
                  body)


def tokenize(cypher: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(cypher):
        m = _TOKEN.match(cypher, pos)
        if m is None:  # an unterminated string
            raise QueryError(f"cannot read the query from position {pos}: {cypher[pos:pos + 20]!r} "
                             "(an unclosed quote?)")
        out.append((m.lastgroup or "op", m.group()))
        pos = m.end()
    return out


def to_grand_cypher(cypher: str, params: dict[str, Any] | None = None) -> str:
    """Rewrite a standard Cypher read query into grand-cypher's dialect; raise QueryError if it can't run there."""
    params = params or {}
    tokens = [t for t in tokenize(cypher) if t[0] != "comment"]
    words = [(i, v.lower()) for i, (k, v) in enumerate(tokens) if k == "word"]
    for i, w in words:
        if w in WRITES:
            raise QueryError(f"{w.upper()} writes to the graph; the embedded store is read-only to queries "
                             f"({SUGGEST} --write)")
        if w in UNSUPPORTED and (w != "exists" or _next_sig(tokens, i) == "("):
            name = UNSUPPORTED[w] or "exists()"
            raise QueryError(f"{name} is not supported by the embedded backend; {SUGGEST}")
    first_var = _first_node_variable(tokens)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "string":
            out.append(json.dumps(_unquote(text)))
        elif kind == "param":
            name = text[1:]
            if name not in params:
                raise QueryError(f"parameter ${name} has no value: pass --param {name}=VALUE")
            out.append(literal(params[name], name))
        elif kind == "word" and text.lower() in AGGREGATES and _next_sig(tokens, i) == "(":
            j = _next_sig_index(tokens, i)
            inner = _next_sig_index(tokens, j)
            if inner is not None and tokens[inner][1].lower() == "distinct":
                raise QueryError(f"{text}(DISTINCT ...) is not supported by the embedded backend; {SUGGEST}")
            if inner is not None and tokens[inner][1] == "*":
                if first_var is None:
                    raise QueryError("count(*) needs a named node in MATCH on the embedded backend, "
                                     "for example MATCH (c:Company) RETURN count(c)")
                out.append(f"{text.upper()}({first_var}")
                i = inner + 1
                continue
            out.append(text.upper())
        elif kind == "op" and text == "!=":
            out.append("<>")
        else:
            out.append(text)
        i += 1
    text = "".join(out)
    # grand-cypher has "x IS NULL" and "NOT condition", but not "x IS NOT NULL"
    text = re.sub(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s+IS\s+NOT\s+NULL\b", r"NOT \1 IS NULL", text, flags=re.I)
    return _drop_distinct_aliases(text)


def has_selective_equality(dialect: str) -> bool:
    """Whether a WHERE clause compares a property with a literal for equality (a few candidates)."""
    where = re.search(r"\bWHERE\b(.*?)(\bRETURN\b|$)", dialect, re.I | re.S)
    if not where:
        return False
    literal = r"(?:\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?|TRUE|FALSE)"
    # only node properties: the hints index nodes, and a relationship condition only slows them down
    relationships = set(re.findall(r"-\[\s*([A-Za-z_]\w*)", dialect))
    for m in re.finditer(rf"([A-Za-z_]\w*)\.[A-Za-z_]\w*\s*==?\s*{literal}|{literal}\s*==?\s*([A-Za-z_]\w*)\.",
                         where.group(1), re.I):
        if (m.group(1) or m.group(2)) not in relationships:
            return True
    return False


def _drop_distinct_aliases(query: str) -> str:
    """grand-cypher loses aliased columns under RETURN DISTINCT: return the bare expressions
    (the caller names the columns) and sort by them."""
    m = re.search(r"\bRETURN\s+DISTINCT\b", query, re.I)
    if not m:
        return query
    items = return_items(query)
    tail_at = re.search(r"\b(ORDER\s+BY|SKIP|LIMIT)\b", query[m.end():], re.I)
    end = m.end() + tail_at.start() if tail_at else len(query)
    head = query[:m.end()] + " " + ", ".join(expr for _, expr in items) + " "
    tail = query[end:]
    for name, expr in items:
        if name != expr:
            tail = re.sub(rf"(?<![\w.]){re.escape(name)}(?![\w.])", expr, tail)
    return head + tail


def _next_sig_index(tokens: list[tuple[str, str]], i: int) -> int | None:
    for j in range(i + 1, len(tokens)):
        if tokens[j][0] != "space":
            return j
    return None


def _next_sig(tokens: list[tuple[str, str]], i: int) -> str | None:
    j = _next_sig_index(tokens, i)
    return tokens[j][1] if j is not None else None


def _first_node_variable(tokens: list[tuple[str, str]]) -> str | None:
    for i, (kind, text) in enumerate(tokens):
        if text == "(" and i > 0:
            j = _next_sig_index(tokens, i)
            if j is not None and tokens[j][0] == "word":
                k = _next_sig_index(tokens, j)
                if k is not None and tokens[k][1] in (":", ")", "{"):
                    return tokens[j][1]
    return None


# -- result shapes (was kg/query/results.py) --

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


# -- running (was kg/query/embedded.py) --

def _motif_as_graph(find_motifs_iter):
    """grand-cypher (1.2.0) hands grandiso each connected part of a query pattern as a NetworkX
    subgraph *view*, and grandiso reads that pattern a few dozen times per candidate match; every
    read of a view goes through node filters. A copy of the pattern (a handful of nodes) answers
    the same and takes a third off the time of a query. Same results; remove once grand-cypher
    passes a graph."""
    @functools.wraps(find_motifs_iter)
    def find(motif, host, *args, **kwargs):
        return find_motifs_iter(motif.copy(), host, *args, **kwargs)
    find.kg_copies_motif = True
    return find


if not getattr(grandiso.find_motifs_iter, "kg_copies_motif", False):
    grandiso.find_motifs_iter = _motif_as_graph(grandiso.find_motifs_iter)


def run_query(graph: nx.MultiDiGraph, cypher: str, params: dict[str, Any], write: bool = False) -> QueryResult:
    """Run a standard Cypher read query; rows come back in the shape both backends share."""
    dialect = to_grand_cypher(cypher, params)
    engine = GrandCypher(_restricted(graph, dialect))
    # grand-cypher's automatic WHERE hints pay off for selective equalities (c.name = "OpenAI") and cost
    # time quadratic in the candidates for everything else (ranges, comparisons of two properties).
    engine.auto_where_hints = has_selective_equality(dialect)
    # ... and its node-property hints crash on a pattern without a property map (grand-cypher 1.2.0).
    engine.auto_node_jsondata_hints = re.search(r"\(\s*\w*\s*(:\s*[\w|]+\s*)?\{", dialect) is not None
    try:
        with cycle_collector_paused():
            raw = engine.run(dialect)
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


_NODE = re.compile(r"\(\s*(\w*)\s*(?::\s*([\w|]+))?\s*(\{[^}]*\})?\s*\)")
_REL = re.compile(r"-\[\s*(\w*)\s*(?::\s*([\w|]+))?[^\]]*\]-")


def _restricted(graph: nx.MultiDiGraph, dialect: str) -> nx.MultiDiGraph:
    """The part of the graph a query can touch.

    When every node pattern names its label and every relationship pattern its type, only those
    nodes and relationships (cached on the graph); and when the WHERE clause requires a property
    of a relationship to equal a string, only the relationships that have it. Fewer candidates
    make grand-cypher's matching faster; the answers are the same. (Equalities on node properties
    are left to grand-cypher's own index hints, which cost less than a copy of the graph.)
    """
    patterns = " ".join(m.group(0) for m in re.finditer(r"\bMATCH\b(.*?)(?=\bWHERE\b|\bRETURN\b|\bMATCH\b|$)",
                                                       dialect, re.I | re.S))
    nodes = _NODE.findall(patterns)
    rels = _REL.findall(patterns)
    if not nodes or any(not label for _, label, _ in nodes) or any(not types for _, types in rels):
        return graph
    if "--" in patterns.replace("<--", "--").replace("-->", "--") and not rels:
        return graph
    labels = frozenset(lb for _, label, _ in nodes for lb in label.split("|"))
    types = frozenset(t for _, ts in rels for t in ts.split("|"))
    cache = graph.graph.setdefault("_kg_restricted", {})
    key = (labels, types)
    if key not in cache:
        sub = nx.MultiDiGraph()
        sub.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["__labels__"] & labels)
        sub.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                           if d["__labels__"] & types and u in sub and v in sub)
        cache[key] = sub
    filters = _pushed_down(dialect, rels)
    return _filtered(cache[key], filters) if filters else cache[key]


Filter = tuple[frozenset[str], str, frozenset[str]]  # (relationship types, property, allowed values)


def _pushed_down(dialect: str, rels: list[tuple[str, str]]) -> list[Filter]:
    """Conditions of the WHERE clause that can be applied to the graph before matching: equalities
    `r.property = "string"` on relationship variables whose type no other relationship pattern
    uses, when the clause is a plain conjunction of conditions, or a plain disjunction of such
    equalities on one property (r.stance = "gaining" OR r.stance = "losing")."""
    tokens = [t for t in tokenize(dialect) if t[0] not in ("space", "comment")]
    words = [text.lower() if kind == "word" else None for kind, text in tokens]
    if words.count("where") != 1 or "match" in words[words.index("where"):]:
        return []
    start = words.index("where") + 1
    end = words.index("return") if "return" in words else len(tokens)
    clause = tokens[start:end]
    connectives = {text.lower() for kind, text in clause if kind == "word" and text.lower() in ("and", "or")}
    if len(connectives) > 1 or any(kind == "word" and text.lower() in ("not", "xor") for kind, text in clause) or \
            any(text in "()[]" for kind, text in clause if kind == "op"):
        return []
    by_var = {}
    for var, names in rels:
        types = frozenset(names.split("|"))
        if var and not any(other_var != var and types & frozenset(other.split("|")) for other_var, other in rels):
            by_var[var] = types
    joiner = connectives.pop() if connectives else "and"
    equalities: list[tuple[str, str, str] | None] = []
    condition: list[tuple[str, str]] = []
    for kind, text in [*clause, ("word", joiner)]:
        if kind == "word" and text.lower() == joiner:
            sig = [t for t in condition if t[1] != "="]
            ops = [t for t in condition if t[1] == "="]
            if (len(sig) == 4 and 1 <= len(ops) <= 2 and sig[0][0] == "word" and sig[1][1] == "." and
                    sig[2][0] == "word" and sig[3][0] == "string" and condition[3][1] == "=" and sig[0][1] in by_var):
                equalities.append((sig[0][1], sig[2][1], json.loads(sig[3][1])))
            else:
                equalities.append(None)
            condition = []
        else:
            condition.append((kind, text))
    if joiner == "and":
        return [(by_var[var], prop, frozenset([value])) for var, prop, value in filter(None, equalities)]
    if None in equalities or len({(var, prop) for var, prop, _ in equalities}) != 1:
        return []
    var, prop, _ = equalities[0]
    return [(by_var[var], prop, frozenset(value for _, _, value in equalities))]


def _filtered(graph: nx.MultiDiGraph, filters: list[Filter]) -> nx.MultiDiGraph:
    """A copy of the graph without the relationships that fail one of the filters."""
    sub = nx.MultiDiGraph()
    sub.add_nodes_from(graph.nodes(data=True))
    sub.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                       if all(d.get(prop) in values for types, prop, values in filters if d["__labels__"] & types))
    return sub
