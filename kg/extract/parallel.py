"""Extraction in several local processes: whole articles per worker, results back in input order.

Workers are forked from a process that has already loaded the pipeline (on Linux), so they start at
once; elsewhere each worker builds the same Extractor from its config. The shards go through
`kg.executors.run_shards`, as they do on a Dask cluster; at most a few shards per worker are in flight,
so memory stays bounded however long the input stream is.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from kg.executors import IN_FLIGHT, keep_extractor, run_shards
from kg.schema import Article

SHARD = 8  # articles per task


def extract_parallel(extractor: Any, articles: Iterable[Article], n_process: int, batch_size: int) -> Iterator:
    if "fork" in mp.get_all_start_methods():
        keep_extractor(extractor)  # inherited by the forked workers, which then build nothing
        ctx = mp.get_context("fork")
    else:
        ctx = mp.get_context("spawn")
    pool = ProcessPoolExecutor(n_process, mp_context=ctx)
    try:
        yield from run_shards(pool, extractor.config, articles, SHARD, n_process * IN_FLIGHT, batch_size)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a reader that stops early waits for running shards only
