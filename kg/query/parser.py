"""Cypher text to the syntax tree of kg.query.ast, with lark (grammar in cypher.lark).

A syntax error becomes one QueryError naming the line, the column and what
was expected there. Parsed queries are cached by their text.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from kg.errors import QueryError
from kg.query import ast

KEYWORDS = ("MATCH OPTIONAL UNWIND AS WITH RETURN DISTINCT ORDER BY ASCENDING ASC DESCENDING DESC SKIP LIMIT "
            "WHERE UNION ALL CREATE MERGE ON SET DETACH DELETE REMOVE FOREACH IN CALL YIELD OR XOR AND NOT "
            "STARTS ENDS CONTAINS IS NULL TRUE FALSE COUNT CASE WHEN THEN ELSE END EXISTS ANY NONE SINGLE "
            "SHORTESTPATH ALLSHORTESTPATHS").split()
SOFT_KEYWORDS = {"COUNT"}   # keywords that may also name a variable (cypher.lark's symbolic_name)


def _grammar() -> str:
    text = resources.files("kg.query").joinpath("cypher.lark").read_text(encoding="utf-8")
    keywords = "\n".join(f"{k}.2: /{k.lower()}(?![A-Za-z0-9_])/i" for k in KEYWORDS)
    reserved = " | ".join(k for k in KEYWORDS if k not in SOFT_KEYWORDS)
    return f"{text}\n{keywords}\nreserved_word: {reserved}\n"


@functools.cache
def _lark() -> Lark:
    return Lark(_grammar(), parser="lalr", propagate_positions=True, maybe_placeholders=True, cache=True)


@functools.lru_cache(maxsize=512)
def parse(cypher: str) -> ast.Query:
    """The syntax tree of a query; QueryError with line and column when it is not Cypher."""
    try:
        tree = _lark().parse(cypher)
    except UnexpectedInput as exc:
        raise QueryError(_syntax_message(cypher, exc)) from None
    try:
        query = _Builder(cypher).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, QueryError):
            raise exc.orig_exc from None
        raise
    _check_integers(query)
    return query


def _check_integers(node) -> None:
    """Integer literals are 64-bit: 2^63 is only allowed negated."""
    if isinstance(node, ast.Literal):
        if type(node.value) is int and not -2 ** 63 <= node.value < 2 ** 63:
            raise QueryError(f"integer literal {node.text} is too large (64-bit integers)")
    elif isinstance(node, (list, tuple)):
        for x in node:
            _check_integers(x)
    elif hasattr(node, "__dataclass_fields__"):
        for name in node.__dataclass_fields__:
            _check_integers(getattr(node, name))


_READABLE = {"LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "RSQB": "']'", "LBRACE": "'{'", "RBRACE": "'}'",
             "COMMA": "','", "DOT": "'.'", "COLON": "':'", "EQUAL": "'='", "MINUS": "'-'", "PLUS": "'+'",
             "STAR": "'*'", "LT": "'<'", "GT": "'>'", "VBAR": "'|'", "DOLLAR": "'$'", "SLASH": "'/'",
             "NAME": "a name", "ESCAPED_NAME": "a name", "STRING": "a string", "INT": "a number",
             "FLOAT": "a number", "SEMICOLON": "';'", "$END": "the end of the query"}


def _syntax_message(cypher: str, exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedEOF):
        line, column, found = cypher.count("\n") + 1, len(cypher.rsplit("\n", 1)[-1]) + 1, "the end of the query"
        expected = exc.expected
    elif isinstance(exc, UnexpectedToken):
        line, column = exc.line, exc.column
        found = "the end of the query" if exc.token.type == "$END" else repr(str(exc.token))
        expected = exc.expected
    else:
        assert isinstance(exc, UnexpectedCharacters)
        line, column, found = exc.line, exc.column, repr(cypher[exc.pos_in_stream])
        expected = exc.allowed or set()
    names = sorted({_READABLE.get(t, t if t in KEYWORDS else f"'{t.lower()}'") for t in expected
                    if not t.startswith("__")})
    if len(names) > 10:
        names = names[:10] + ["..."]
    wanted = f"; expected {', '.join(names)}" if names else ""
    return f"syntax error at line {line}, column {column}: unexpected {found}{wanted}"


def _as_node(head) -> ast.NodePattern:
    """The first node of a pattern inside an expression, parsed as an expression: (n), (n:L), (n {k: v})."""
    if isinstance(head, ast.NodeHead):
        return head.node
    if isinstance(head, ast.Variable):
        return ast.NodePattern(head.name, [], None)
    if isinstance(head, ast.HasLabels) and isinstance(head.subject, ast.Variable):
        return ast.NodePattern(head.subject.name, head.labels, None)
    if isinstance(head, ast.MapProjection) and all(kind == "pair" for kind, _, _ in head.items):
        return ast.NodePattern(head.variable, [], ast.MapLiteral([(k, v) for _, k, v in head.items]))
    if isinstance(head, ast.MapLiteral):
        return ast.NodePattern(None, [], head)
    raise QueryError(f"invalid pattern: {head.text!r} is not a node pattern")


def _chain(items: list) -> ast.PatternPart:
    nodes = [_as_node(items[0])] + [x for x in items[1:] if isinstance(x, ast.NodePattern)]
    return ast.PatternPart(None, nodes, [x for x in items if isinstance(x, ast.RelPattern)])


_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unquote(token: str) -> str:
    def escape(m: re.Match) -> str:
        s = m[1]
        if s[0] in "uU" and len(s) > 1:
            return chr(int(s[1:], 16))
        if s in _ESCAPES:
            return _ESCAPES[s]
        raise QueryError(f"invalid escape \\{s} in string {token}")
    return re.sub(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", escape, token[1:-1], flags=re.S)


def _name(token: Token) -> str:
    text = str(token)
    if token.type == "ESCAPED_NAME":
        return text[1:-1].replace("``", "`")
    return text


@v_args(meta=True)
class _Builder(Transformer):
    """Builds the ast from lark's tree; every expression keeps its source text."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def _expr(self, meta, node: ast.Expr) -> ast.Expr:
        node.text = self.source[meta.start_pos:meta.end_pos] if not meta.empty else ""
        return node

    # -- query structure --------------------------------------------------------------------
    def start(self, meta, c):
        return c[0]

    def query(self, meta, c):
        parts = [x for x in c if isinstance(x, ast.SingleQuery)]
        return ast.Query(parts, [x for x in c if isinstance(x, bool)])

    def union(self, meta, c):
        return c[1] is not None

    def single_query(self, meta, c):
        return ast.SingleQuery(list(c))

    def match(self, meta, c):
        optional, _, pattern, where = c
        return ast.Match(optional is not None, pattern, where)

    def unwind(self, meta, c):
        return ast.Unwind(c[1], c[3].name)

    def with_(self, meta, c):
        return ast.With(c[1], c[2])

    def return_(self, meta, c):
        return ast.Return(c[1])

    def projection(self, meta, c):
        distinct, (star, items), order, skip, limit = c
        return ast.Projection(distinct is not None, star, items, order or [], skip, limit)

    def projection_items(self, meta, c):
        star = bool(c) and isinstance(c[0], Token) and c[0].type == "STAR"
        return star, [x for x in c if isinstance(x, ast.ProjectionItem)]

    def projection_item(self, meta, c):
        expr, _, alias = c if len(c) == 3 else (c[0], None, None)
        return ast.ProjectionItem(expr, alias.name if alias is not None else expr.text)

    def order(self, meta, c):
        return [x for x in c if isinstance(x, tuple)]

    def sort_item(self, meta, c):
        direction = str(c[1]).upper() if c[1] is not None else "ASC"
        return (c[0], direction.startswith("DESC"))

    def skip(self, meta, c):
        return c[1]

    limit = skip
    where = skip

    # -- refused clauses --------------------------------------------------------------------
    def write(self, meta, c):
        return c[0]

    def create(self, meta, c):
        return ast.Unsupported("CREATE", True, c[1])

    def merge(self, meta, c):
        return ast.Unsupported("MERGE", True)

    def set_clause(self, meta, c):
        return ast.Unsupported("SET", True)

    def delete(self, meta, c):
        return ast.Unsupported("DELETE", True)

    def remove(self, meta, c):
        return ast.Unsupported("REMOVE", True)

    def foreach(self, meta, c):
        return ast.Unsupported("FOREACH", True)

    def call_subquery(self, meta, c):
        return ast.Unsupported("CALL { }", False)

    def call_procedure(self, meta, c):
        return ast.Unsupported("CALL (procedures)", False)

    def set_item(self, meta, c):
        return None

    remove_item = set_item

    # -- patterns ---------------------------------------------------------------------------
    def pattern(self, meta, c):
        return list(c)

    def pattern_part(self, meta, c):
        var, part = c
        if var is not None:
            part.path_variable = var.name
        return part

    def shortest(self, meta, c):
        part = c[1]
        part.shortest = str(c[0]).lower()
        return part

    def path(self, meta, c):
        return ast.PatternPart(None, [x for x in c if isinstance(x, ast.NodePattern)],
                               [x for x in c if isinstance(x, ast.RelPattern)])

    def node_pattern(self, meta, c):
        var, labels, props = c
        return ast.NodePattern(var.name if var is not None else None, labels or [], props)

    def node_labels(self, meta, c):
        return list(c)

    def _rel(direction):  # noqa: N805 - a helper building methods
        def method(self, meta, c):
            rel = next((x for x in c if isinstance(x, ast.RelPattern)), None) or ast.RelPattern(None, [], "", None)
            rel.direction = direction
            return rel
        return method

    rel_out = _rel("out")
    rel_in = _rel("in")
    rel_both = _rel("both")

    def rel_detail(self, meta, c):
        var, types, hops, props = c
        rel = ast.RelPattern(var.name if var is not None else None, types or [], "both", props)
        if hops is not None:
            rel.var_length, (rel.min_hops, rel.max_hops) = True, hops
        return rel

    def rel_types(self, meta, c):
        return list(c)

    def range(self, meta, c):
        return c[1] if c[1] is not None else (1, None)

    def exact_range(self, meta, c):
        return int(c[0]), int(c[0])

    def bounded_range(self, meta, c):
        lo, hi = c
        return (int(lo) if lo is not None else 1), (int(hi) if hi is not None else None)

    # -- expressions ------------------------------------------------------------------------
    def _op(name):  # noqa: N805 - a helper building methods
        def method(self, meta, c):
            args = [x for x in c if isinstance(x, ast.Expr)]
            return self._expr(meta, ast.Operator(name, args))
        return method

    or_ = _op("or")
    xor_ = _op("xor")
    and_ = _op("and")
    not_ = _op("not")
    add = _op("+")
    sub = _op("-")
    mul = _op("*")
    div = _op("/")
    mod = _op("%")
    pow = _op("^")
    def neg(self, meta, c):
        arg = c[0]
        if isinstance(arg, ast.Literal) and type(arg.value) in (int, float):
            return self._expr(meta, ast.Literal(-arg.value))   # so that -9223372036854775808 is a literal
        return self._expr(meta, ast.Operator("neg", [arg]))

    pos = _op("pos")

    def compare(self, meta, c):
        rest = [(c[i], c[i + 1]) for i in range(1, len(c), 2)]
        return self._expr(meta, ast.Comparison(c[0], rest))

    def comp_op(self, meta, c):
        op = str(c[0])
        return "<>" if op == "!=" else op

    def _predicate(kind):  # noqa: N805
        def method(self, meta, c):
            args = [x for x in c if isinstance(x, ast.Expr)]
            return self._expr(meta, ast.Predicate(kind, args[0], args[1] if len(args) > 1 else None))
        return method

    starts_with = _predicate("starts with")
    ends_with = _predicate("ends with")
    contains = _predicate("contains")
    regex = _predicate("=~")
    in_ = _predicate("in")
    is_null = _predicate("is null")
    is_not_null = _predicate("is not null")

    def has_labels(self, meta, c):
        return self._expr(meta, ast.HasLabels(c[0], c[1]))

    def prop(self, meta, c):
        return self._expr(meta, ast.Property(c[0], c[1]))

    def index(self, meta, c):
        return self._expr(meta, ast.Index(c[0], c[1]))

    def slice(self, meta, c):
        return self._expr(meta, ast.Slice(c[0], c[1], c[2]))

    def slice_bound(self, meta, c):
        return c[0]

    def count_star(self, meta, c):
        return self._expr(meta, ast.FunctionCall("count", [], star=True))

    def case_expr(self, meta, c):
        subject = c[1] if isinstance(c[1], ast.Expr) else None
        alternatives = [x for x in c if isinstance(x, tuple)]
        default = c[-2] if isinstance(c[-2], ast.Expr) and len(c) >= 4 and isinstance(c[-3], Token) \
            and c[-3].type == "ELSE" else None
        return self._expr(meta, ast.Case(subject, alternatives, default))

    def case_alternative(self, meta, c):
        return (c[1], c[3])

    def list_comprehension(self, meta, c):
        var, _, source, *rest = c
        where = projection = None
        exprs = [x for x in rest if isinstance(x, ast.Expr)]
        has_where = any(isinstance(x, Token) and x.type == "WHERE" for x in rest)
        if has_where:
            where = exprs[0]
            projection = exprs[1] if len(exprs) > 1 else None
        elif exprs:
            projection = exprs[0]
        return self._expr(meta, ast.ListComprehension(var.name, source, where, projection))

    def pattern_comprehension(self, meta, c):
        path_var, c = c[0], c[1:]
        n = next(i for i, x in enumerate(c) if isinstance(x, Token) or (i > 0 and isinstance(x, ast.Expr)))
        exprs = [x for x in c[n:] if isinstance(x, ast.Expr)]
        where = exprs[0] if len(exprs) == 2 else None
        part = _chain(c[:n])
        part.path_variable = path_var.name if path_var is not None else None
        return self._expr(meta, ast.PatternComprehension(part, where, exprs[-1]))

    def quantifier(self, meta, c):
        kind, var, _, source = c[0], c[1], c[2], c[3]
        where = c[5] if len(c) > 5 else None
        return self._expr(meta, ast.Quantifier(str(kind).lower(), var.name, source, where))

    def pattern_predicate(self, meta, c):
        return self._expr(meta, ast.PatternPredicate(_chain(c)))

    def paren(self, meta, c):
        c[0].text = self.source[meta.start_pos:meta.end_pos]
        return c[0]

    def head_labels_properties(self, meta, c):
        node = _as_node(c[0])
        node.properties = c[1]
        return self._expr(meta, ast.NodeHead(node))

    def head_anonymous(self, meta, c):
        return self._expr(meta, ast.NodeHead(ast.NodePattern(None, c[0], c[1])))

    def head_empty(self, meta, c):
        return self._expr(meta, ast.NodeHead(ast.NodePattern(None, [], None)))

    def count_call(self, meta, c):
        return self.function_call(meta, ["count", *c[1:]])

    def exists_call(self, meta, c):
        return self.function_call(meta, ["exists", *c[1:]])

    def _subquery(self, meta, kind, c):
        body = c[1]
        if isinstance(body, ast.Query):
            return self._expr(meta, ast.Subquery(kind, None, None, body))
        where = c[2] if len(c) > 2 else None
        return self._expr(meta, ast.Subquery(kind, body, where, None))

    def exists_subquery(self, meta, c):
        return self._subquery(meta, "exists", c)

    def count_subquery(self, meta, c):
        return self._subquery(meta, "count", c)

    def function_call(self, meta, c):
        name, distinct, *args = c
        args = [a for a in args if a is not None]
        return self._expr(meta, ast.FunctionCall(name, args, distinct is not None))

    def function_name(self, meta, c):
        return str(c[0]).lower()

    def map_projection(self, meta, c):
        return self._expr(meta, ast.MapProjection(c[0].name, [x for x in c[1:] if x is not None]))

    def map_projection_pair(self, meta, c):
        return ("pair", c[0], c[1])

    def map_projection_property(self, meta, c):
        return ("property", c[0], None)

    def map_projection_all(self, meta, c):
        return ("all", "*", None)

    def map_projection_variable(self, meta, c):
        return ("variable", c[0].name, c[0])

    def number(self, meta, c):
        tok = c[0]
        text = str(tok)
        if tok.type == "INT":
            value = int(text)
        elif tok.type == "HEX_INT":
            value = int(text, 16)
        elif tok.type == "OCT_INT":
            value = int(text[2:], 8)
        else:
            value = float(text)
        if isinstance(value, int) and value > 2 ** 63:
            raise QueryError(f"integer literal {text} is too large (64-bit integers)")
        if isinstance(value, float) and value == float("inf"):
            raise QueryError(f"floating-point literal {text} is too large")
        return self._expr(meta, ast.Literal(value))

    def string(self, meta, c):
        return self._expr(meta, ast.Literal(_unquote(str(c[0]))))

    def true(self, meta, c):
        return self._expr(meta, ast.Literal(True))

    def false(self, meta, c):
        return self._expr(meta, ast.Literal(False))

    def null(self, meta, c):
        return self._expr(meta, ast.Literal(None))

    def list_literal(self, meta, c):
        return self._expr(meta, ast.ListLiteral([x for x in c if x is not None]))

    def map_literal(self, meta, c):
        items = [x for x in c if x is not None]
        return self._expr(meta, ast.MapLiteral([(items[i], items[i + 1]) for i in range(0, len(items), 2)]))

    def parameter(self, meta, c):
        return self._expr(meta, ast.Parameter(str(c[0])))

    def variable(self, meta, c):
        return self._expr(meta, ast.Variable(c[0]))

    def symbolic_name(self, meta, c):
        return _name(c[0])

    def schema_name(self, meta, c):
        return _name(c[0]) if isinstance(c[0], Token) else c[0]

    def reserved_word(self, meta, c):
        return str(c[0])

    def label_name(self, meta, c):
        return c[0] if isinstance(c[0], str) and not isinstance(c[0], Token) else _name(c[0])

    rel_type_name = label_name
    property_key = label_name
