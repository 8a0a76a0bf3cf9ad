"""Reading the JSON lines that `kg extract` writes, for `kg load`.

Each line repeats its article's source and nodes; simdjson's parser validates the whole line but builds
Python objects only for the fields read (an article's source and each node once, the ids and the
evidence of every line), which is a third of what decoding every line into dicts cost.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
import simdjson

from kg.errors import InputError
from kg.schema import SOURCE, Evidence, Node, Triple


def read_triples(files: Iterable[str]) -> Iterator[Triple]:
    """Triples from JSONL files ('-' is standard input); a bad line raises InputError naming it."""
    for name in files:
        try:
            # Binary, as the parsers decode UTF-8 themselves; a 1 MiB buffer reads a large file in a third of the time.
            stream = sys.stdin.buffer if name == "-" else open(name, "rb", buffering=1 << 20)
        except OSError as exc:
            raise InputError(name, exc.strerror or str(exc)) from None
        # Lines of one article repeat its source, its nodes and its sentences: build each once per article.
        nodes: dict[str, Node] = {}
        evidence: dict[tuple[int, int], Evidence] = {}
        source: Node | None = None
        finished: set[str] = set()  # articles whose lines ended earlier in this file
        parser = simdjson.Parser()
        with stream:
            for n, line in enumerate(stream, 1):
                if line.isspace():
                    continue
                try:
                    try:
                        data = parser.parse(line)
                    except (ValueError, RuntimeError):
                        # orjson's error says what is wrong and where; or it reads what simdjson cannot (integers
                        # beyond 64 bits).
                        data = orjson.loads(line)
                    src = data["source"]
                    if source is None or source.id != src["id"]:
                        if src["id"] in finished:
                            raise InputError(f"{name}:{n}", f"article {src['id']} continues here after other "
                                             "articles; kg load needs each article's lines together, as kg "
                                             "extract writes them")
                        if source is not None:
                            finished.add(source.id)
                        source = Triple.source_from_json(_plain(src))
                        nodes, evidence = {source.id: source}, {}
                    sub, ob = data["subject"], data["object"]
                    subject = nodes.get(sub.get("id"))
                    if subject is None or (subject.label == SOURCE and sub.get("label") != SOURCE):
                        subject = _new_node(_plain(sub), nodes)
                    obj = nodes.get(ob.get("id"))
                    if obj is None or (obj.label == SOURCE and ob.get("label") != SOURCE):
                        obj = _new_node(_plain(ob), nodes)
                    ev = data["evidence"]
                    span = (int(ev["start"]), int(ev["end"]))
                    # Offsets into one article's text: the same span is the same sentence, decoded once.
                    sentence = evidence.get(span)
                    if sentence is None:
                        sentence = evidence[span] = Evidence(ev["sentence"], *span)
                    props = data.get("properties") or {}
                    if props.__class__ is simdjson.Object:
                        props = props.as_dict()
                    if not isinstance(props, dict):
                        raise TypeError("properties is not an object")
                    predicate = data["predicate"]
                    src = sub = ob = ev = data = None  # the parser parses the next line only once these are gone
                except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError) as exc:
                    reason = exc.msg if isinstance(exc, orjson.JSONDecodeError) else f"not a triple ({exc!r})"
                    raise InputError(f"{name}:{n}", reason) from None
                yield Triple(subject, predicate, obj, source, sentence, props)


def _plain(value: Any) -> Any:
    """A parsed JSON object as a dict (simdjson's objects are views into the parser's buffer)."""
    return value.as_dict() if value.__class__ is simdjson.Object else value


def _new_node(data: dict, nodes: dict[str, Node]) -> Node:
    """A node not seen earlier in the article (or a non-Source node with the Source's id), remembered."""
    node = Node.from_json(data)
    nodes[node.id] = node
    return node
