"""Standard Cypher in, grand-cypher's dialect out.

Users write the Cypher they know from Neo4j. grand-cypher (the embedded
backend's engine) wants double-quoted strings, upper-case aggregates, and has
no parameters, WITH, OPTIONAL MATCH or write clauses. This module rewrites
what can be rewritten and refuses the rest with a line naming the construct.

Parameters are bound as values: each becomes a literal in grand-cypher's
grammar (a JSON string literal for text, which that grammar reads back to the
exact same string), never spliced in as raw text.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from kg.errors import QueryError

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
    from kg.query.results import return_items
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
