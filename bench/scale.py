"""Benchmarks for going beyond one machine: extraction on a Dask cluster, the single writer, bulk import
into Neo4j, and the embedded store at 20,000 articles.

    .venv/bin/python bench/scale.py [--n 2000] [--n-large 20000] [--skip-neo4j] [--bulk-port 7692]
    .venv/bin/python bench/scale.py --large-only triples.jsonl    # only the 20,000-article store

Writes bench/results/scale.md and prints it. Each ratio compares two things measured in this run.
Neo4j: the server of NEO4J_URI (scripts/neo4j start) for the batched loader; the bulk import goes into a
fresh server home under a temporary folder (started on --bulk-port only to check the counts).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KG = [sys.executable, "-m", "kg"]
TARGET = 500_000


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def make_corpus(n: int, out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "--n", str(n), "--out", str(out)],
                   check=True, capture_output=True)


def run_extract(args: list[str], corpus: Path, out: Path | None = None) -> float:
    t0 = time.perf_counter()
    with (out.open("w") if out else open(os.devnull, "w")) as f:
        subprocess.run([*KG, "extract", *args, str(corpus)], stdout=f, check=True)
    return time.perf_counter() - t0


def extraction_bench(corpus: Path, n: int, triples: Path) -> tuple[list[str], float]:
    """kg extract --jobs 2 against kg extract on a LocalCluster of 2 worker processes; returns the
    worker-seconds per article measured on the cluster."""
    import distributed
    # Workers as README starts them (`dask worker ... --preload kg.executors`): the pipeline loads as a
    # worker starts, like the forked local workers that inherit it; the cluster is up before timing.
    t0 = time.perf_counter()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None, preload=["kg.executors"]) as cluster:
        t_cluster = time.perf_counter() - t0
        dask_args = ["--executor", "dask", "--scheduler", cluster.scheduler_address]
        # Alternated, against the VM's drift: local, dask, local, dask.
        t_local1 = run_extract(["--jobs", "2"], corpus, triples)
        t_dask1 = run_extract(dask_args, corpus)
        t_local2 = run_extract(["--jobs", "2"], corpus)
        t_dask2 = run_extract(dask_args, corpus)
    t_local = (t_local1 + t_local2) / 2
    t_dask = (t_dask1 + t_dask2) / 2
    per_article = t_dask * 2 / n  # worker-seconds per article, start-up included
    lines = ["## Extraction: Dask LocalCluster (2 worker processes) against --jobs 2", "",
             "| run | seconds | articles/s |", "|---|---|---|",
             f"| `kg extract --jobs 2` (first) | {t_local1:.1f} | {n / t_local1:.1f} |",
             f"| `kg extract --executor dask` (first) | {t_dask1:.1f} | {n / t_dask1:.1f} |",
             f"| `kg extract --jobs 2` (again) | {t_local2:.1f} | {n / t_local2:.1f} |",
             f"| `kg extract --executor dask` (again) | {t_dask2:.1f} | {n / t_dask2:.1f} |", "",
             f"- engine overhead, dask / local (means of two runs each): **{t_dask / t_local:.2f}x** (target <= 1.15)",
             f"- starting the LocalCluster (2 workers loading the pipeline, not timed above): {t_cluster:.1f} s",
             f"- measured cost: {per_article * 1000:.1f} ms of one worker process per article", ""]
    return lines, per_article


class Replay:
    """An engine that hands back extractions made beforehand: times the writer alone."""

    def __init__(self, extractions) -> None:
        self.extractions = extractions

    def extract(self, extractor, articles, batch_size=64):
        by_id = {e.source.id: e for e in self.extractions}
        for a in articles:
            yield by_id[a.id]


def writer_bench(corpus: Path, n: int) -> tuple[list[str], dict[str, float]]:
    """The single writer of kg ingest (one transaction per article), with extraction taken out."""
    from kg.extract import Extractor
    from kg.pipeline import ingest
    from kg.readers import iter_articles
    from kg.store import open_store
    articles = [a for a in iter_articles([str(corpus)]) if not isinstance(a, Exception)]
    extractions = list(Extractor().extract_many(articles, n_process=2))
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "kg.db") as store:
            t, report = timed(ingest, iter(articles), store, None, engine=Replay(extractions))
        rates["embedded"] = report.added / t
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    try:
        from kg.store.neo4j import Neo4jStore
        neo = Neo4jStore(uri, "neo4j", os.environ.get("NEO4J_PASSWORD", "kg-test-password"))
    except Exception as exc:  # noqa: BLE001 - a bench without a server reports it and goes on
        print(f"neo4j writer skipped: {exc}", flush=True)
    else:
        neo.clear()
        ingest(iter(articles[:50]), neo, None, engine=Replay(extractions))  # warm the server's plans
        neo.clear()
        t, report = timed(ingest, iter(articles), neo, None, engine=Replay(extractions))
        rates["neo4j"] = report.added / t
        neo.clear()
        neo.close()
    lines = ["## The single writer (kg ingest with extraction taken out, one transaction per article)", "",
             "| store | articles/s |", "|---|---|"] + [f"| {k} | {v:.0f} |" for k, v in rates.items()] + [""]
    return lines, rates


def projection(per_article: float, writer: dict[str, float]) -> list[str]:
    lines = [f"## Projection: {TARGET:,} articles", "",
             f"From the measured {per_article * 1000:.1f} ms per article per worker process (a worker is one "
             "core) and the single writer's rate; extraction and writing overlap, so a run takes the longer of "
             "the two.", "",
             "| workers | extraction | embedded writer | Neo4j writer | `kg ingest` takes |", "|---|---|---|---|---|"]
    w_emb, w_neo = TARGET / writer["embedded"], TARGET / writer.get("neo4j", float("nan"))
    for workers in (2, 8, 16, 32, 64, 128):
        t_ex = TARGET * per_article / workers
        lines.append(f"| {workers} | {hours(t_ex)} | {hours(w_emb)} | {hours(w_neo)} | "
                     f"{hours(max(t_ex, w_emb))} (embedded), {hours(max(t_ex, w_neo))} (Neo4j) |")
    lines += ["", ""]
    return lines


def hours(seconds: float) -> str:
    if seconds != seconds:
        return "-"
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def bulk_bench(triples: Path, bulk_port: int) -> list[str]:
    """neo4j-admin import of the 2,000-article graph against the batched loader (kg load --backend neo4j)."""
    from kg.pipeline import load_triples
    from kg.store import open_store
    from kg.store.neo4j import Neo4jStore
    from kg.triples_io import read_triples
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    password = os.environ.get("NEO4J_PASSWORD", "kg-test-password")
    try:
        neo = Neo4jStore(uri, "neo4j", password)
    except Exception as exc:  # noqa: BLE001
        return ["## Neo4j bulk import", "", f"- skipped: {exc}", ""]
    tmp = Path(tempfile.mkdtemp(prefix="kg-bulk-"))
    with open_store(tmp / "kg.db") as store:
        load_triples(read_triples([str(triples)]), store)
        g = store.to_networkx()
        rows = g.number_of_nodes() + g.number_of_edges()
        from kg.export import export
        t_export, _ = timed(export, g, "neo4j-admin", tmp / "import")
    neo.clear()
    load_triples(read_triples([str(triples)]), neo)  # warm
    neo.clear()
    t_batched, _ = timed(load_triples, read_triples([str(triples)]), neo)
    st = neo.stats()
    neo.clear()
    neo.close()
    env = {**os.environ, "KG_NEO4J_HOME": str(tmp / "home"), "KG_NEO4J_PORT": str(bulk_port),
           "KG_NEO4J_PASSWORD": password}
    script = str(ROOT / "scripts" / "neo4j")
    t_import, done = timed(subprocess.run, [script, "import", str(tmp / "import")], env=env, capture_output=True,
                           text=True)
    log = (tmp / "home" / "logs" / "import.log").read_text()
    inner = next((line for line in log.splitlines() if line.startswith("IMPORT DONE")), "")
    subprocess.run([script, "start"], env=env, check=True, capture_output=True)
    try:
        bulk = Neo4jStore(f"bolt://127.0.0.1:{bulk_port}", "neo4j", password)
        same = bulk.stats() == st
        bulk.close()
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True)
    return ["## Neo4j: bulk import against the batched loader", "",
            f"{g.number_of_nodes():,} nodes and {g.number_of_edges():,} relationships ({rows:,} rows) of the "
            f"2,000-article graph; same counts after both: {same}.", "",
            "| loader | seconds | rows/s |", "|---|---|---|",
            f"| `kg load --backend neo4j` (batched UNWIND, 200 articles per transaction, warm server) | "
            f"{t_batched:.1f} | {rows / t_batched:,.0f} |",
            f"| `kg export --format neo4j-admin` (from the embedded store) | {t_export:.1f} | {rows / t_export:,.0f} |",
            f"| `scripts/neo4j import` (neo4j-admin, JVM start included; {inner.strip()}) | {t_import:.1f} | "
            f"{rows / t_import:,.0f} |",
            f"| export + import | {t_export + t_import:.1f} | {rows / (t_export + t_import):,.0f} |", ""]


PROBE = r"""
import json, resource, statistics, sys, time
t0 = time.perf_counter()
from kg.store import open_store
from kg.query.named import named_queries
store = open_store(sys.argv[1])
t_open = time.perf_counter() - t0
t1 = time.perf_counter()
g = store.to_networkx()
t_graph = time.perf_counter() - t1
rss_graph = int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
args = {"company": "OpenAI", "text": "ground"}
times = {}
for name, q in named_queries().items():
    params = {**q.defaults, **{k: v for k, v in args.items() if k in q.params}}
    times[name] = statistics.median([(lambda t: (store.query(q.cypher, params), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3)])
print(json.dumps({"open": t_open, "graph": t_graph, "rss_graph": rss_graph,
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "queries": times,
                  "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}))
"""


def replicated_store(triples: Path, copies: int, db: Path) -> tuple[int, float]:
    """A store of `copies` x the articles in `triples`: each copy's articles and claims under new ids
    (companies, people, products and trends shared), written without corroboration across copies, so
    the graph has the size and shape of that many distinct articles. Returns (articles, seconds)."""
    from kg.schema import CLAIM, SOURCE, Node, Triple
    from kg.store import open_store
    from kg.store.base import group_by_source
    from kg.triples_io import read_triples
    groups = list(group_by_source(read_triples([str(triples)])))

    def renamed(node: Node, k: int) -> Node:
        if node.label not in (SOURCE, CLAIM):
            return node
        props = dict(node.props)
        if "source_id" in props:
            props["source_id"] += f"~{k}"
        return Node(node.label, node.name, f"{node.id}~{k}", props)

    def copy(source: Node, items: list[Triple], k: int) -> tuple[Node, list[Triple]]:
        if k == 0:
            return source, items
        return renamed(source, k), [Triple(renamed(t.subject, k), t.predicate, renamed(t.object, k),
                                           renamed(t.source, k), t.evidence, t.properties) for t in items]

    t0 = time.perf_counter()
    with open_store(db) as store:
        for k in range(copies):
            for i in range(0, len(groups), 200):
                store.add_articles([copy(source, items, k) for source, items in groups[i:i + 200]])
    return copies * len(groups), time.perf_counter() - t0


def large_store_bench(n_large: int, triples: Path, work: Path) -> list[str]:
    """The embedded store at `n_large` articles: open, graph load, memory, named queries (today's engine)."""
    n = sum(1 for _ in group_articles(triples))
    db = work / "large.db"
    articles, t_write = replicated_store(triples, max(1, round(n_large / n)), db)
    out = subprocess.run([sys.executable, "-c", PROBE, str(db)], check=True, capture_output=True, text=True)
    r = json.loads(out.stdout)
    size = db.stat().st_size / 2**20
    lines = [f"## The embedded store at {articles:,} articles", "",
             f"{r['nodes']:,} nodes, {r['edges']:,} relationships, a {size:.0f} MB file: the {n:,}-article corpus's "
             f"triples written {articles // n} times under new article and claim ids ({t_write:.0f} s; extracting "
             f"{articles:,} articles was not affordable on the shared machine). In a fresh process:", "",
             f"- open the store: {r['open']:.2f} s; load the graph into memory (the first query pays it): "
             f"**{r['graph']:.1f} s**",
             f"- memory with the graph loaded: **{r['rss_graph']:.0f} MB** resident; peak over the named queries "
             f"{r['peak']:.0f} MB", "", "| named query (today's grand-cypher engine) | median of 3 (s) |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in r["queries"].items()]
    return lines + [""]


def group_articles(triples: Path):
    from kg.store.base import group_by_source
    from kg.triples_io import read_triples
    return group_by_source(read_triples([str(triples)]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--n-large", type=int, default=20000)
    ap.add_argument("--skip-neo4j", action="store_true")
    ap.add_argument("--bulk-port", type=int, default=7692)
    ap.add_argument("--large-only", metavar="TRIPLES", help="only the large-store section, from this "
                    "triples file (kg extract's output)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    if args.large_only:
        lines = large_store_bench(args.n_large, Path(args.large_only), work)
        print("\n".join(lines), flush=True)
        return
    corpus = work / "corpus"
    make_corpus(args.n, corpus)
    triples = work / "triples.jsonl"
    lines = [f"# kg scale-out benchmarks ({args.n} synthetic articles, {os.cpu_count()} cores)", ""]
    ex_lines, per_article = extraction_bench(corpus, args.n, triples)
    lines += ex_lines
    print("\n".join(lines), flush=True)
    w_lines, writer = writer_bench(corpus, args.n)
    lines += w_lines + projection(per_article, writer)
    print("\n".join(w_lines), flush=True)
    if not args.skip_neo4j:
        lines += bulk_bench(triples, args.bulk_port)
        print("\n".join(lines[-8:]), flush=True)
    if args.n_large:
        lines += large_store_bench(args.n_large, triples, work)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "scale.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
