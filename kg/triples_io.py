"""Reading the JSON lines that `kg extract` writes, for `kg load`."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

import orjson

from kg.errors import InputError
from kg.schema import SOURCE, Evidence, Node, Triple


def read_triples(files: Iterable[str]) -> Iterator[Triple]:
    """Triples from JSONL files ('-' is standard input); a bad line raises InputError naming it."""
    for name in files:
        try:
            # Binary, as orjson decodes UTF-8 itself; a 1 MiB buffer reads a large file in a third of the time.
            stream = sys.stdin.buffer if name == "-" else open(name, "rb", buffering=1 << 20)
        except OSError as exc:
            raise InputError(name, exc.strerror or str(exc)) from None
        # Lines of one article repeat its source, its nodes and its sentences: build each once per article.
        nodes: dict[str, Node] = {}
        evidence: dict[tuple[str, int, int], Evidence] = {}
        source: Node | None = None
        finished: set[str] = set()  # articles whose lines ended earlier in this file
        with stream:
            for n, line in enumerate(stream, 1):
                if line.isspace():
                    continue
                try:
                    data = orjson.loads(line)
                    src = data["source"]
                    if source is None or source.id != src["id"]:
                        if src["id"] in finished:
                            raise InputError(f"{name}:{n}", f"article {src['id']} continues here after other "
                                             "articles; kg load needs each article's lines together, as kg "
                                             "extract writes them")
                        if source is not None:
                            finished.add(source.id)
                        source = Triple.source_from_json(src)
                        nodes, evidence = {source.id: source}, {}
                    subject, obj = _node(data["subject"], nodes), _node(data["object"], nodes)
                    ev = data["evidence"]
                    span = (ev["sentence"], int(ev["start"]), int(ev["end"]))
                    sentence = evidence.get(span)
                    if sentence is None:
                        sentence = evidence[span] = Evidence(*span)
                    props = data.get("properties") or {}
                    if not isinstance(props, dict):
                        raise TypeError("properties is not an object")
                    yield Triple(subject, data["predicate"], obj, source, sentence, props)
                except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                    reason = exc.msg if isinstance(exc, orjson.JSONDecodeError) else f"not a triple ({exc!r})"
                    raise InputError(f"{name}:{n}", reason) from None


def _node(data: dict, nodes: dict[str, Node]) -> Node:
    node_id = data.get("id")
    node = nodes.get(node_id) if node_id else None
    if node is None or (node.label == SOURCE and data.get("label") != SOURCE):
        node = Node.from_json(data)
        nodes[node.id] = node
    return node
