"""Extraction in several processes: whole articles per worker, results back in input order.

Workers are forked from a process that has already loaded the pipeline (on Linux), so they start at
once; elsewhere each worker builds the same Extractor from its config. At most a few chunks per worker
are in flight, so memory stays bounded however long the input stream is.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from kg.schema import Article

CHUNK = 8            # articles per task
IN_FLIGHT = 3        # tasks queued per worker

_worker_extractor: Any = None


def _init_worker(extractor: Any, config: dict | None) -> None:
    global _worker_extractor
    if extractor is not None:
        _worker_extractor = extractor
    else:
        from kg.extract import Extractor
        _worker_extractor = Extractor(**config)


def _work(chunk: list[Article], batch_size: int) -> list:
    return list(_worker_extractor._extract_serial(chunk, batch_size))


def extract_parallel(extractor: Any, articles: Iterable[Article], n_process: int, batch_size: int) -> Iterator:
    methods = mp.get_all_start_methods()
    if "fork" in methods:
        ctx = mp.get_context("fork")
        global _worker_extractor
        _worker_extractor = extractor  # inherited by the forked workers
        initargs: tuple = (None, None)
        init = None
    else:
        ctx = mp.get_context("spawn")
        init, initargs = _init_worker, (None, extractor.config)
    it = iter(articles)
    with ctx.Pool(n_process, initializer=init, initargs=initargs) as pool:
        pending: deque = deque()

        def submit() -> bool:
            chunk = list(itertools.islice(it, CHUNK))
            if not chunk:
                return False
            pending.append(pool.apply_async(_work, (chunk, batch_size)))
            return True

        for _ in range(n_process * IN_FLIGHT):
            if not submit():
                break
        while pending:
            results = pending.popleft().get()
            submit()
            yield from results
