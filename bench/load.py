"""Time `kg load` alone on triples files already written by `kg extract`, as bench/run.py times it.

    .venv/bin/python bench/load.py FILE.jsonl [FILE.jsonl ...] [--runs 3] [--profile]

Each run loads one file into a new embedded store and closes it (the WAL checkpoint included) inside
the timing; prints the median triples/s of each file (wall clock, as bench/run.py reports it), and the
median CPU time, steadier than the wall clock on a shared machine. Make the files once, e.g. (a few minutes each):

    .venv/bin/python scripts/make_corpus.py --n 2000 --out /tmp/corpus
    .venv/bin/python scripts/make_corpus.py --n 500 --rewrites 3 --out /tmp/repeated
    .venv/bin/kg extract --jobs 2 /tmp/corpus > /tmp/plain.jsonl
    .venv/bin/kg extract --jobs 2 /tmp/repeated > /tmp/repeated.jsonl

With --profile, one more load of each file runs under cProfile and the 25 costliest functions (own
time) are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.pipeline import load_triples  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.triples_io import read_triples  # noqa: E402


def load_once(triples: Path, store: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one load into a new store."""
    t0, c0 = time.perf_counter(), time.process_time()
    with open_store(store) as s:
        load_triples(read_triples([str(triples)]), s)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-load-") as work:
        for n, triples in enumerate(args.files):
            n_lines = sum(1 for line in triples.open("rb") if not line.isspace())
            runs = [load_once(triples, Path(work) / f"{n}-{run}.db") for run in range(args.runs)]
            t = statistics.median(wall for wall, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"{triples}: {n_lines} triples, median of {args.runs} {t:.2f} s "
                  f"(runs: {', '.join(f'{wall:.2f}' for wall, _ in runs)}; CPU {cpu:.2f} s): "
                  f"{n_lines / t:,.0f} triples/s", flush=True)
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                load_once(triples, Path(work) / f"{n}-profile.db")
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
