"""Query speed of the embedded store at 2,000 and 20,000 synthetic articles, kg's engine beside grand-cypher's.

    .venv/bin/python bench/query_speed.py [--sizes 2000 20000] [--replicate-from 2000] [--runs 5] [--grand-cypher-timeout 120]

For each size: a corpus from scripts/make_corpus.py (seed 7), `kg extract --jobs 2` and `kg load` into a
store (kept in bench/.work/ and reused by later runs), then in one process: every named query and three
anchored queries (a company's claims, why, its neighbours to depth 2, for the company with the most
claims), each timed with kg's engine (the first run, which builds the indexes it needs, and the median
of --runs warm runs) and with the former grand-cypher engine (bench/grand_cypher_baseline.py, one run,
cut off after --grand-cypher-timeout seconds). Then the memory of a process holding the store's graph
and indexes after those queries. Prints a Markdown table (also written to bench/results/query_speed.md).
"""

from __future__ import annotations

import argparse
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

KG = [sys.executable, "-m", "kg"]
ANCHORED = {
    "claims of a company": ("MATCH (s:Source)-[:REPORTS]->(c:Claim)-[r:ABOUT]->(co:Company {name: $company}) "
                            "RETURN c.text AS claim, r.stance AS stance, s.title AS source, s.published AS published "
                            "ORDER BY published DESC, claim"),
    "why (claims, claimants, sources)": (
        "MATCH (co:Company {name: $company})<-[r:ABOUT]-(c:Claim)<-[:REPORTS]-(s:Source) "
        "RETURN c.text AS claim, r.stance AS stance, c.claimant AS claimant, s.title AS source, "
        "s.publisher AS publisher, s.published AS published ORDER BY published DESC, claim"),
    "neighbours to depth 2": (
        "MATCH (co:Company {name: $company})-[:ABOUT|ASSERTS|REPORTS|CITES|FAVORS|THREATENS|AFFILIATED_WITH|MADE_BY*1..2]-(x) "
        "RETURN count(DISTINCT x) AS neighbours"),
}
TOP_COMPANY = ("MATCH (c:Claim)-[:ABOUT]->(co:Company) RETURN co.name AS company, count(c) AS n "
               "ORDER BY n DESC, company LIMIT 1")


def build_store(n: int, seed: int, work: Path, replicate_from: int | None = None) -> Path:
    """The store of n synthetic articles: extracted, or (replicate_from) the triples of a smaller corpus
    copied n / replicate_from times under new source and claim ids, each copy 40 days later than the last
    (so that corroboration, which looks a month around, keeps the copies' claims apart)."""
    name = f"corpus{n}-seed{seed}" + (f"-from{replicate_from}" if replicate_from else "")
    store = work / f"{name}.db"
    if store.exists():
        return store
    triples = work / f"{name}.jsonl"
    if replicate_from:
        build_store(replicate_from, seed, work)
        replicate(work / f"corpus{replicate_from}-seed{seed}.jsonl", triples, n // replicate_from)
    else:
        corpus = work / name
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "--n", str(n), "--seed", str(seed),
                        "--out", str(corpus)], check=True)
        with triples.open("w") as f:
            subprocess.run([*KG, "extract", "--jobs", "2", str(corpus)], stdout=f, check=True)
    partial = store.with_suffix(".partial")
    subprocess.run([*KG, "load", "--store", str(partial), str(triples)], check=True)
    partial.rename(store)
    return store


_IDS = re.compile(r'"((?:source|claim):[0-9a-f]+)"')
_DATES = re.compile(r'"(published|event_time)": "(\d{4}-\d{2}-\d{2})"')


def replicate(src: Path, dst: Path, times: int) -> None:
    with src.open() as f_in, dst.open("w") as out:
        lines = f_in.readlines()
        for copy in range(times):
            if copy == 0:
                out.writelines(lines)
                continue
            shift = timedelta(days=40 * copy)
            for line in lines:
                line = _IDS.sub(lambda m: f'"{m[1]}-copy{copy}"', line)
                out.write(_DATES.sub(lambda m: f'"{m[1]}": "{date.fromisoformat(m[2]) + shift}"', line))


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def measure(store_path: Path, runs: int, gc_timeout: int) -> tuple[list[str], dict]:
    """Table rows for one store, and the facts under it (run in a child process: see main)."""
    import grand_cypher_baseline
    from kg.query.named import named_queries
    from kg.store import open_store
    store = open_store(store_path)
    t0 = time.perf_counter()
    graph = store.to_networkx()
    t_graph = time.perf_counter() - t0
    company = store.query(TOP_COMPANY).rows[0][0]
    queries = [(name, q.cypher, {**q.defaults, **({"company": company} if "company" in q.params else {}),
                                 **({"text": "ground"} if "text" in q.params else {})})
               for name, q in named_queries().items()]
    queries += [(name, cypher, {"company": company}) for name, cypher in ANCHORED.items()]
    timings = []
    for name, cypher, params in queries:
        t0 = time.perf_counter()
        result = store.query(cypher, params)
        first = time.perf_counter() - t0
        warm = []
        for _ in range(runs):
            t0 = time.perf_counter()
            store.query(cypher, params)
            warm.append(time.perf_counter() - t0)
        timings.append((first, statistics.median(warm), len(result.rows)))
    rss, peak = _rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # before grand-cypher runs
    rows = []
    signal.signal(signal.SIGALRM, _alarm)
    for (name, cypher, params), (first, warm, n_rows) in zip(queries, timings):
        signal.alarm(gc_timeout)
        try:
            t0 = time.perf_counter()
            grand_cypher_baseline.run_query(graph, cypher, params)
            gc_time = f"{time.perf_counter() - t0:.3f}"
        except _Timeout:
            gc_time = f"> {gc_timeout}"
        except Exception as exc:  # noqa: BLE001 - what grand-cypher cannot run is reported, not fatal
            gc_time = f"refused ({type(exc).__name__})"
        finally:
            signal.alarm(0)
        rows.append((name, first, warm, gc_time, n_rows))
    facts = {"graph": f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} relationships",
             "load": t_graph, "company": company, "rss": rss, "peak": peak}
    return [f"| {n} | {f:.3f} | {w:.3f} | {g} | {r} |" for n, f, w, g, r in rows], facts


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--grand-cypher-timeout", type=int, default=120)
    ap.add_argument("--work", default=str(ROOT / "bench" / ".work"))
    ap.add_argument("--replicate-from", type=int, metavar="N",
                    help="build sizes above N from N extracted articles' triples, copied (extraction of 20,000 "
                         "articles takes over an hour on a 2-core machine)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)   # internal: measure one store in this process
    args = ap.parse_args()
    if args.measure:
        lines, facts = measure(Path(args.measure), args.runs, args.grand_cypher_timeout)
        print("\n".join(lines))
        print(repr(facts))
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    out = ["# Query speed of the embedded store", ""]
    for n in args.sizes:
        copied = args.replicate_from if args.replicate_from and n > args.replicate_from else None
        store = build_store(n, args.seed, work, copied)
        # each size in a fresh process, so that its memory is that store's alone
        proc = subprocess.run([sys.executable, __file__, "--measure", str(store), "--runs", str(args.runs),
                               "--grand-cypher-timeout", str(args.grand_cypher_timeout)],
                              capture_output=True, text=True, check=True)
        *lines, facts_line = proc.stdout.strip().splitlines()
        facts = eval(facts_line)  # noqa: S307 - our own child's repr of a dict of numbers and strings
        how = (f"the triples of {copied:,} extracted articles copied {n // copied} times under new source and claim "
               "ids, 40 days apart" if copied else "each article extracted")
        out += [f"## {n:,} synthetic articles ({facts['graph']}; {how})", "",
                f"Graph loaded from the store in {facts['load']:.2f} s; anchored queries for "
                f"{facts['company']!r}, the company with the most claims.", "",
                "| query | kg, first run (s) | kg, median of warm runs (s) | grand-cypher (s) | rows |",
                "|---|---|---|---|---|", *lines, "",
                f"Memory of the process holding this store's graph and indexes after kg's queries (before "
                f"grand-cypher's): "
                f"**{facts['rss']:.0f} MB** resident (peak {facts['peak']:.0f} MB).", ""]
    text = "\n".join(out)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "query_speed.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
