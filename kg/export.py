"""Writing the graph out: GraphML, JSON, and CSV files for `neo4j-admin database import full`.

The neo4j-admin export is one file per label (`nodes_<Label>.csv`, header `id:ID,name,...,:LABEL`) and
one per relationship type (`rels_<TYPE>.csv`, header `:START_ID,:END_ID,:TYPE,key,...`), with typed
property columns (`confidence:float`, `start:int`, `hedged:boolean`, `terms:string[]`), for bulk loads of millions of
triples (`scripts/neo4j import DIR` runs the import):

    neo4j-admin database import full --nodes=nodes_Company.csv ... --relationships=rels_ABOUT.csv ...

Every value is quoted and a missing one is an empty unquoted field, so an empty string stays an empty
string and a missing property stays missing, as in a `kg load --backend neo4j` of the same triples.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import UsageError

FORMATS = ("graphml", "json", "neo4j-admin")


def _label(data: dict) -> str:
    return next(iter(data["__labels__"]))


def _props(data: dict) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "__labels__" and v is not None}


def to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = [{"id": n, "label": _label(d), "properties": _props(d)} for n, d in sorted(graph.nodes(data=True))]
    rels = [{"key": k, "start": u, "end": v, "type": _label(d), "properties": _props(d)}
            for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])]
    return {"nodes": nodes, "relationships": rels}


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    g = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        g.add_node(n, label=_label(d), **{k: v for k, v in _props(d).items() if isinstance(v, (str, int, float, bool))})
    for u, v, k, d in graph.edges(keys=True, data=True):
        g.add_edge(u, v, key=k, type=_label(d), **{a: b for a, b in _props(d).items()
                                                   if isinstance(b, (str, int, float, bool))})
    nx.write_graphml(g, path)


ARRAY_DELIMITER = ";"  # neo4j-admin's default


def _column_type(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {list} and all(isinstance(x, str) and ARRAY_DELIMITER not in x for v in values if v for x in v):
        return "string[]"
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    return "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _typed(value: Any, column_type: str) -> Any:
    """A list in a string[] column as neo4j-admin reads it: items joined by the array delimiter."""
    if column_type == "string[]" and isinstance(value, list):
        return ARRAY_DELIMITER.join(value) if value else None
    return value


def _row(cells: list[Any]) -> str:
    return ",".join("" if c is None else '"' + _cell(c).replace('"', '""') + '"' for c in cells) + "\n"


def write_admin_csv(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write the node and relationship files of `neo4j-admin database import full` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    by_label: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for n, d in graph.nodes(data=True):
        by_label[_label(d)].append((n, _props(d)))
    for label, rows in sorted(by_label.items()):
        keys = sorted({k for _, p in rows for k in p} - {"id", "name"})
        types = {k: _column_type([p.get(k) for _, p in rows]) for k in keys}
        path = folder / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            f.write(",".join(["id:ID", "name"] + [f"{k}:{types[k]}" for k in keys] + [":LABEL"]) + "\n")
            for n, p in sorted(rows):
                f.write(_row([n, p.get("name")] + [_typed(p.get(k), types[k]) for k in keys] + [label]))
        written.append(path)
    by_type: dict[str, list[tuple[str, str, str, dict]]] = defaultdict(list)
    for u, v, k, d in graph.edges(keys=True, data=True):
        by_type[_label(d)].append((u, v, k, _props(d)))
    for rel, rows in sorted(by_type.items()):
        keys = sorted({k for *_, p in rows for k in p})
        types = {k: _column_type([p.get(k) for *_, p in rows]) for k in keys}
        path = folder / f"rels_{rel}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            f.write(",".join([":START_ID", ":END_ID", ":TYPE", "key"] + [f"{k}:{types[k]}" for k in keys]) + "\n")
            for u, v, key, p in sorted(rows, key=lambda r: r[2]):
                f.write(_row([u, v, rel, key] + [_typed(p.get(k), types[k]) for k in keys]))
        written.append(path)
    return written


def export(graph: nx.MultiDiGraph, fmt: str, output: str | Path) -> list[Path]:
    """Write the graph as `fmt` to a file (graphml, json) or a folder (neo4j-admin); returns what was written."""
    out = Path(output)
    if fmt == "graphml":
        write_graphml(graph, out)
        return [out]
    if fmt == "json":
        out.write_text(json.dumps(to_json(graph), ensure_ascii=False, indent=1), encoding="utf-8")
        return [out]
    if fmt == "neo4j-admin":
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out}: --format neo4j-admin writes a folder of files; give a folder name")
        return write_admin_csv(graph, out)
    raise UsageError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
