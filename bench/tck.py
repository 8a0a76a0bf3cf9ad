"""Conformance of the embedded Cypher engine against the openCypher TCK: pass rates per folder.

    .venv/bin/python bench/tck.py [TCK_FOLDER] [--folder clauses/match] [--show-failures N]

TCK_FOLDER is the TCK's checkout (holding features/); the default is ../shared/opencypher-tck beside the
repository. Each scenario (each row of a Scenario Outline's Examples) builds its graph from the
`having executed` CREATE queries (the runner's own fixture path: kg's engine matches, the runner creates),
runs the query on the embedded engine and compares with the expected table the way the TCK says: in
order or in any order, lists in order unless told to ignore it, values typed (1 is not 1.0), nodes by
labels and properties, relationships by type and properties, paths element by element. An expected
error passes when the engine raises a QueryError (the error's TCK type is not checked).

Only read-only scenarios count: a scenario whose query writes (CREATE, MERGE, SET, DELETE, REMOVE,
FOREACH) or expects side effects is left out of the rates. Scenarios tagged @ignore are skipped.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from kg.errors import QueryError  # noqa: E402
from kg.query.executor import execute_values  # noqa: E402
from kg.query.expressions import compile_expr  # noqa: E402
from kg.query.parser import parse  # noqa: E402
from kg.query.values import HIDDEN, Node, Path as GraphPath, Rel  # noqa: E402

TARGET = ["clauses/match", "clauses/match-where", "clauses/optional-match", "clauses/with", "clauses/with-where",
          "clauses/with-orderBy", "clauses/with-skip-limit", "clauses/return", "clauses/return-orderby",
          "clauses/return-skip-limit", "clauses/unwind", "clauses/union", "expressions/aggregation",
          "expressions/boolean", "expressions/comparison", "expressions/conditional", "expressions/null",
          "expressions/list", "expressions/string", "expressions/literals", "expressions/map",
          "expressions/pattern", "expressions/path", "expressions/existentialSubqueries",
          "expressions/quantifier"]
WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|FOREACH)\b", re.I)
SECONDS_PER_SCENARIO = 10


# -- feature files ----------------------------------------------------------------------------------

@dataclass
class Step:
    keyword: str
    text: str
    doc: str | None = None
    table: list[list[str]] | None = None


@dataclass
class Scenario:
    feature: Path
    name: str
    steps: list[Step]
    tags: set[str] = field(default_factory=set)


def _cells(line: str) -> list[str]:
    cells, current, i = [], "", 1
    body = line.strip()
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in "\\|":
            current += body[i + 1]   # in a Gherkin table cell, \\ is a backslash and \| a bar
            i += 2
            continue
        if ch == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    return cells


def parse_feature(path: Path) -> list[Scenario]:
    lines = path.read_text(encoding="utf-8").splitlines()
    background: list[Step] = []
    scenarios: list[Scenario] = []
    current: list[Step] | None = None
    outline: Scenario | None = None
    examples: list[list[str]] | None = None
    tags: set[str] = set()
    name = ""
    i = 0

    def finish() -> None:
        nonlocal outline, examples
        if outline is not None and examples:
            header, *rows = examples
            for n, row in enumerate(rows):
                subst = dict(zip(header, row))

                def fill(s: str | None) -> str | None:
                    return None if s is None else re.sub(r"<(\w+)>", lambda m: subst.get(m[1], m[0]), s)
                steps = [Step(s.keyword, fill(s.text), fill(s.doc),
                              [[fill(c) for c in r] for r in s.table] if s.table else None) for s in outline.steps]
                scenarios.append(Scenario(path, f"{outline.name} #{n + 1}", background + steps, outline.tags))
        outline, examples = None, None

    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("@"):
            tags |= set(line.split())
        elif line.startswith("Background:"):
            current = background
        elif line.startswith("Scenario Outline:") or line.startswith("Scenario:"):
            finish()
            name = line.split(":", 1)[1].strip()
            sc = Scenario(path, name, [], tags)
            tags = set()
            if line.startswith("Scenario Outline:"):
                outline, current = sc, sc.steps
            else:
                sc.steps = list(background)
                scenarios.append(sc)
                current = sc.steps
        elif line.startswith("Examples:"):
            examples = []
            current = None
        elif line.startswith("|"):
            row = _cells(line)
            if examples is not None and current is None:
                examples.append(row)
            elif current:
                step = current[-1]
                step.table = (step.table or []) + [row]
        elif line.startswith('"""'):
            j = i + 1
            body = []
            while not lines[j].strip().startswith('"""'):
                body.append(lines[j])
                j += 1
            if current:
                current[-1].doc = "\n".join(body)
            i = j
        elif re.match(r"(Given|When|Then|And|But)\b", line) and current is not None:
            keyword, text = line.split(" ", 1)
            current.append(Step(keyword, text.rstrip(":")))
        i += 1
    finish()
    return scenarios


# -- the TCK's value notation -----------------------------------------------------------------------

class Expected:
    """A value written in the TCK's notation, canonical so that it compares with an engine value."""

    def __init__(self, text: str) -> None:
        self.s, self.i = text.strip(), 0

    def value(self) -> Any:
        v = self._value()
        self._ws()
        if self.i != len(self.s):
            raise ValueError(f"trailing text in {self.s!r}")
        return v

    def _ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def _peek(self, n: int = 1) -> str:
        return self.s[self.i:self.i + n]

    def _eat(self, token: str) -> None:
        self._ws()
        if not self.s.startswith(token, self.i):
            raise ValueError(f"expected {token!r} at {self.i} in {self.s!r}")
        self.i += len(token)

    def _name(self) -> str:
        self._ws()
        if self._peek() == "`":
            j = self.s.index("`", self.i + 1)
            name, self.i = self.s[self.i + 1:j], j + 1
            return name
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.s, self.i)
        if not m:
            raise ValueError(f"expected a name at {self.i} in {self.s!r}")
        self.i = m.end()
        return m[0]

    def _value(self) -> Any:
        self._ws()
        c = self._peek()
        if c == "'":
            j, out = self.i + 1, []
            while self.s[j] != "'":
                if self.s[j] == "\\":
                    out.append({"n": "\n", "t": "\t", "'": "'", "\\": "\\", '"': '"'}.get(self.s[j + 1], self.s[j + 1]))
                    j += 2
                else:
                    out.append(self.s[j])
                    j += 1
            self.i = j + 1
            return ("str", "".join(out))
        if c == "[":
            if re.compile(r"\[\s*:").match(self.s, self.i):
                return self._rel()
            self.i += 1
            items = []
            self._ws()
            if self._peek() == "]":
                self.i += 1
                return ("list", tuple(items))
            while True:
                items.append(self._value())
                self._ws()
                if self._peek() == ",":
                    self.i += 1
                    continue
                self._eat("]")
                return ("list", tuple(items))
        if c == "{":
            return self._map()
        if c == "(":
            return self._node()
        if c == "<":
            return self._path()
        m = re.compile(r"-?(0x[0-9a-fA-F]+|0o[0-7]+|\d+\.\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?|\d+e[-+]?\d+|\d+)",
                       re.I).match(self.s, self.i)
        if m:
            self.i = m.end()
            t = m[0]
            body = t.lstrip("-")
            sign = -1 if t.startswith("-") else 1
            if body.lower().startswith("0x"):
                return ("int", sign * int(body, 16))
            if body.lower().startswith("0o"):
                return ("int", sign * int(body[2:], 8))
            if re.search(r"[.eE]", body):
                return canon_float(float(t))
            return ("int", int(t))
        for word, v in (("null", ("null",)), ("true", ("bool", True)), ("false", ("bool", False)),
                        ("NaN", ("float", "nan")), ("Infinity", ("float", "inf")), ("-Infinity", ("float", "-inf"))):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return v
        raise ValueError(f"cannot read a value at {self.i} in {self.s!r}")

    def _map(self) -> tuple:
        self._eat("{")
        items = {}
        self._ws()
        if self._peek() == "}":
            self.i += 1
            return ("map", ())
        while True:
            key = self._name()
            self._eat(":")
            items[key] = self._value()
            self._ws()
            if self._peek() == ",":
                self.i += 1
                continue
            self._eat("}")
            return ("map", tuple(sorted(items.items())))

    def _node(self) -> tuple:
        self._eat("(")
        labels = []
        self._ws()
        while self._peek() == ":":
            self.i += 1
            labels.append(self._name())
            self._ws()
        props = self._map() if self._peek() == "{" else ("map", ())
        self._eat(")")
        return ("node", frozenset(labels), props)

    def _rel(self) -> tuple:
        self._eat("[")
        self._eat(":")
        rel_type = self._name()
        self._ws()
        props = self._map() if self._peek() == "{" else ("map", ())
        self._eat("]")
        return ("rel", rel_type, props)

    def _path(self) -> tuple:
        self._eat("<")
        seq: list = [self._node()]
        while True:
            self._ws()
            if self._peek() == ">":
                self.i += 1
                return ("path", tuple(seq))
            if self._peek(2) == "<-":
                self.i += 2
                rel = self._rel()
                self._eat("-")
                seq += [("<-", rel), self._node()]
            else:
                self._eat("-")
                rel = self._rel()
                self._eat("->")
                seq += [("->", rel), self._node()]


def canon_float(v: float) -> tuple:
    if v != v:
        return ("float", "nan")
    if v in (float("inf"), float("-inf")):
        return ("float", "inf" if v > 0 else "-inf")
    return ("float", float(f"{v:.12g}"))


def canon(v: Any) -> Any:
    """An engine value in the same canonical form as Expected."""
    if v is None:
        return ("null",)
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, float):
        return canon_float(v)
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, list):
        return ("list", tuple(canon(x) for x in v))
    if isinstance(v, dict):
        return ("map", tuple(sorted((k, canon(x)) for k, x in v.items())))
    if isinstance(v, Node):
        return ("node", frozenset(v.data[HIDDEN]), canon({k: x for k, x in v.data.items() if k != HIDDEN}))
    if isinstance(v, Rel):
        return ("rel", v.type, canon({k: x for k, x in v.data.items() if k != HIDDEN}))
    if isinstance(v, GraphPath):
        seq: list = [canon(v.nodes[0])]
        for i, rel in enumerate(v.rels):
            seq += [("->" if rel.start == v.nodes[i].id else "<-", canon(rel)), canon(v.nodes[i + 1])]
        return ("path", tuple(seq))
    return ("str", str(v))


def to_python(v: tuple) -> Any:
    """A canonical literal (a parameter's value) as a Python value."""
    kind = v[0]
    if kind == "null":
        return None
    if kind in ("bool", "int", "str"):
        return v[1]
    if kind == "float":
        return float(v[1])
    if kind == "list":
        return [to_python(x) for x in v[1]]
    if kind == "map":
        return {k: to_python(x) for k, x in v[1]}
    raise ValueError(f"a parameter cannot be a {kind}")


def unordered_lists(v: Any) -> Any:
    if isinstance(v, tuple) and v and v[0] == "list":
        return ("list", tuple(sorted((unordered_lists(x) for x in v[1]), key=repr)))
    return v


# -- running a scenario ---------------------------------------------------------------------------

def create(pattern, row, ctx):
    """The runner's fixture CREATE: new nodes and relationships for one row."""
    graph = ctx.index.graph
    row = dict(row)
    for part in pattern:
        ids = []
        for node in part.nodes:
            if node.variable and node.variable in row:
                ids.append(row[node.variable].id)
                continue
            nid = graph.number_of_nodes()
            props = _props(node.properties, row, ctx)
            graph.add_node(nid, **{HIDDEN: set(node.labels)}, **props)
            ids.append(nid)
            if node.variable:
                row[node.variable] = Node(nid, graph._node[nid])
        for i, rel in enumerate(part.rels):
            a, b = (ids[i + 1], ids[i]) if rel.direction == "in" else (ids[i], ids[i + 1])
            key = graph.number_of_edges()
            graph.add_edge(a, b, key=key, **{HIDDEN: {rel.types[0]}}, **_props(rel.properties, row, ctx))
            if rel.variable:
                row[rel.variable] = Rel(a, b, key, graph._succ[a][b][key])
    ctx.index.__init__(graph)   # the graph changed: the indexes start again
    return row


def _props(expr, row, ctx) -> dict:
    if expr is None:
        return {}
    value = compile_expr(expr, set(row), ctx)(row)
    return {k: v for k, v in value.items() if v is not None}


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def run_scenario(sc: Scenario) -> tuple[str, str]:
    """('pass' | 'fail' | 'skip', detail)."""
    if "@ignore" in sc.tags:
        return "skip", "@ignore"
    query = next((s.doc for s in sc.steps if s.text.startswith("executing query")), None)
    if query is None:
        return "skip", "no query"
    given = next((s.text for s in sc.steps if s.keyword == "Given"), "")
    if given not in ("an empty graph", "any graph"):
        return "skip", f"named graph ({given}): not in the TCK copy"
    if WRITES.search(re.sub(r"'[^']*'|\"[^\"]*\"", "", query)) or \
            any(s.text.startswith("the side effects should be") for s in sc.steps):
        return "skip", "writes"
    graph = nx.MultiDiGraph()
    params: dict[str, Any] = {}
    for s in sc.steps:
        if s.text.startswith("having executed"):
            execute_values(parse(s.doc), graph, {}, create=create)
        elif s.text.startswith("parameters are"):
            params.update({k: to_python(Expected(v).value()) for k, v in s.table})
        elif s.text.startswith("there exists a procedure"):
            pass
    outcome = next(s for s in sc.steps if s.keyword == "Then")
    try:
        columns, rows = execute_values(parse(query), graph, params)
    except QueryError as exc:
        if "should be raised" in outcome.text:
            return "pass", ""
        return "fail", f"error: {exc}"
    if "should be raised" in outcome.text:
        return "fail", f"expected {outcome.text}, got {len(rows)} rows"
    if outcome.text.startswith("the result should be empty"):
        return ("pass", "") if not rows else ("fail", f"expected no rows, got {rows[:3]}")
    header, *expected_rows = outcome.table or [[]]
    if columns != header:
        return "fail", f"columns {columns} != {header}"
    got = [tuple(canon(v) for v in row) for row in rows]
    want = [tuple(Expected(c).value() for c in row) for row in expected_rows]
    if "ignoring element order for lists" in outcome.text:
        got = [tuple(unordered_lists(v) for v in row) for row in got]
        want = [tuple(unordered_lists(v) for v in row) for row in want]
    ok = got == want if "in order" in outcome.text and "any order" not in outcome.text else Counter(got) == Counter(want)
    return ("pass", "") if ok else ("fail", f"rows {_short(got)} != {_short(want)}")


def _short(rows) -> str:
    text = repr(rows)
    return text if len(text) < 300 else text[:300] + "..."


def run(tck: Path, folders: list[str] | None, show: int) -> dict[str, tuple[int, int]]:
    features = sorted((tck / "features").glob("**/*.feature"))
    results: dict[str, Counter] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)
    skipped: Counter = Counter()
    signal.signal(signal.SIGALRM, _alarm)
    for path in features:
        folder = str(path.parent.relative_to(tck / "features"))
        if folders and folder not in folders:
            continue
        for sc in parse_feature(path):
            signal.alarm(SECONDS_PER_SCENARIO)
            try:
                status, detail = run_scenario(sc)
            except Timeout:
                status, detail = "fail", f"took over {SECONDS_PER_SCENARIO} s"
            except QueryError as exc:
                status, detail = "fail", f"fixture: {exc}"
            except Exception as exc:  # noqa: BLE001 - a crash of the engine is a failed scenario, reported
                status, detail = "fail", f"crash {type(exc).__name__}: {exc}"
            finally:
                signal.alarm(0)
            results[folder][status] += 1
            if status == "fail":
                failures[folder].append(f"{path.name} {sc.name}: {detail}")
            elif status == "skip":
                skipped[detail.split(":")[0]] += 1
    table = {}
    print(f"{'folder':<40} {'read-only':>9} {'passed':>7} {'rate':>7}")
    for group, names in (("target folders (issue 16)", [f for f in TARGET if f in results]),
                         ("other folders", sorted(f for f in results if f not in TARGET))):
        if not names:
            continue
        print(f"-- {group}")
        total = passed = 0
        for folder in names:
            c = results[folder]
            n = c["pass"] + c["fail"]
            table[folder] = (c["pass"], n)
            total, passed = total + n, passed + c["pass"]
            rate = f"{100 * c['pass'] / n:.1f}%" if n else "-"
            print(f"{folder:<40} {n:>9} {c['pass']:>7} {rate:>7}")
        print(f"{'all ' + group:<40} {total:>9} {passed:>7} {100 * passed / max(total, 1):>6.1f}%")
    print("left out: " + ", ".join(f"{n} {why}" for why, n in skipped.most_common()))
    if show:
        for folder, items in failures.items():
            print(f"\n## {folder}: {len(items)} failures")
            for item in items[:show]:
                print("  " + item.replace("\n", " "))
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tck", nargs="?", default=str(ROOT.parent / "shared" / "opencypher-tck"),
                    help="the TCK folder (holding features/)")
    ap.add_argument("--folder", action="append", help="only this folder (e.g. clauses/match); repeatable")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N", help="list N failures per folder")
    args = ap.parse_args()
    tck = Path(args.tck)
    if not (tck / "features").is_dir():
        sys.exit(f"Error: {tck}: no features/ folder; give the TCK folder as the first argument")
    start = time.perf_counter()
    run(tck, args.folder, args.show_failures)
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
