"""Where extraction runs: shards of articles on a `concurrent.futures` executor, results back in order.

Articles are read, de-duplicated and cut into shards in the calling process; each shard runs on a
worker of an executor, and the extractions come back in input order to the single writer (the
embedded store or Neo4j), so a run behaves the same wherever extraction ran. Two engines:

- `LocalEngine`: the forked worker processes of `--jobs N` (`--executor local`, the default);
- `DaskEngine`: the workers of a Dask cluster (`--executor dask --scheduler ADDRESS`), through
  `distributed.Client.get_executor()`.

Any other engine that offers a `concurrent.futures.Executor` plugs into `run_shards` the same way.
Each worker process builds its Extractor (spaCy pipeline and gazetteer) once, from the extractor's
config, and keeps it for every later shard. A shard whose worker dies is run again by the engine
(Dask reschedules the tasks of a lost worker); its results are taken once, so nothing is lost or doubled.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from kg.errors import ExecutorError, UsageError
from kg.schema import Article

if TYPE_CHECKING:
    from kg.extract import Extraction, Extractor

IN_FLIGHT = 3  # shards queued per worker: enough to keep workers busy, few enough to bound memory
EXECUTORS = ("local", "dask")

_extractors: dict[str, Any] = {}  # per process: config key -> Extractor


DEFAULT_CONFIG: dict = {"model": None, "gazetteer_files": None, "min_confidence": 0.0}


def _config_key(config: dict) -> str:
    # [] and None (no extra gazetteers), 0 and 0.0 build the same extractor
    return json.dumps({k: v or None for k, v in config.items()}, sort_keys=True, default=str)


def keep_extractor(extractor: Extractor) -> None:
    """Make `extractor` the one this process (and processes forked from it) uses for its config."""
    _extractors[_config_key(extractor.config)] = extractor


def extract_shard(config: dict, shard: list[Article], batch_size: int) -> list[Extraction]:
    """Run in a worker: extract one shard with this process's Extractor for `config` (built once)."""
    key = _config_key(config)
    extractor = _extractors.get(key)
    if extractor is None:
        from kg.extract import Extractor
        extractor = _extractors[key] = Extractor(**config)
    return list(extractor.extract_many(shard, batch_size=batch_size))


def dask_setup(worker: Any = None) -> None:
    """`dask worker ADDRESS --preload kg.executors`: build the default Extractor as the worker starts,
    so the first shard does not wait for spaCy to load."""
    if _config_key(DEFAULT_CONFIG) not in _extractors:
        from kg.extract import Extractor
        keep_extractor(Extractor(**DEFAULT_CONFIG))


def run_shards(pool: Executor, config: dict, articles: Iterable[Article], shard_size: int, in_flight: int,
               batch_size: int = 64) -> Iterator[Extraction]:
    """Extract `articles` on `pool`, `shard_size` articles per task, at most `in_flight` tasks queued;
    yields the extractions in input order."""
    it = iter(articles)
    pending: deque[tuple[Future, str, int]] = deque()

    def submit() -> bool:
        shard = list(itertools.islice(it, shard_size))
        if not shard:
            return False
        first = shard[0].path or shard[0].url or shard[0].title or shard[0].id
        pending.append((pool.submit(extract_shard, config, shard, batch_size), first, len(shard)))
        return True

    for _ in range(max(1, in_flight)):
        if not submit():
            break
    while pending:
        future, first, size = pending.popleft()
        try:
            results = future.result()
        except BrokenProcessPool:
            raise ExecutorError("an extraction worker process died (killed, or out of memory); re-run the "
                                "command: the articles stored so far are skipped") from None
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":  # distributed's; not imported without the extra
                raise ExecutorError(f"the shard of {size} articles from {first} killed every Dask worker it "
                                    "ran on; check the workers' memory and logs, then re-run: stored "
                                    "articles are skipped") from None
            raise
        submit()
        yield from results


class Engine(Protocol):
    """Runs an extractor over a stream of articles somewhere; yields extractions in input order."""

    def extract(self, extractor: Extractor, articles: Iterable[Article],
                batch_size: int = 64) -> Iterator[Extraction]: ...


class LocalEngine:
    """Extraction in this machine's processes: `jobs` forked workers (1: in this process)."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def extract(self, extractor: Extractor, articles: Iterable[Article],
                batch_size: int = 64) -> Iterator[Extraction]:
        return extractor.extract_many(articles, batch_size=batch_size, n_process=self.jobs)


class DaskEngine:
    """Extraction on the workers of a Dask cluster; `client` is a `distributed.Client`."""

    shard_size = 16  # articles per task: a task costs the scheduler about a millisecond

    def __init__(self, client: Any) -> None:
        self.client = client

    @classmethod
    def connect(cls, address: str, timeout: float = 10.0) -> DaskEngine:
        """A client of the scheduler at `address` (tcp://host:8786), checked to run this kg on its workers."""
        distributed = _import_distributed()
        try:
            client = distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {address} ({exc}); start one "
                                "(`dask scheduler`, then `dask worker ADDRESS` on each machine) or check "
                                "--scheduler") from None
        engine = cls(client)
        try:
            engine.check_workers()
        except BaseException:
            client.close()
            raise
        return engine

    def check_workers(self) -> None:
        """Every worker must run the same kg as this client (its triples carry the extractor version)."""
        from kg import __version__
        try:
            versions = self.client.run(_kg_version)
        except ModuleNotFoundError as exc:
            raise ExecutorError(f"a Dask worker cannot import kg ({exc}): pip install 'kg[dask]' on every "
                                "worker machine") from None
        other = {w: v for w, v in versions.items() if v != __version__}
        if other:
            worker, version = next(iter(other.items()))
            raise ExecutorError(f"Dask worker {worker} runs kg {version}, this client kg {__version__}: install "
                                "the same kg on every worker")

    def extract(self, extractor: Extractor, articles: Iterable[Article],
                batch_size: int = 64) -> Iterator[Extraction]:
        if extractor.config is None:
            raise UsageError("the dask executor builds the extractor on each worker from its settings; "
                             "an Extractor made from an nlp object cannot be sent: give a model name instead")
        workers = sum(self.client.nthreads().values())
        pool = self.client.get_executor(pure=False)
        return run_shards(pool, extractor.config, articles, self.shard_size, max(2, workers) * IN_FLIGHT,
                          batch_size)

    def close(self) -> None:
        self.client.close()


def _kg_version() -> str:
    from kg import __version__
    return __version__


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExecutorError("--executor dask needs Dask's distributed scheduler: pip install 'kg[dask]'") from None
    return distributed


@contextmanager
def open_engine(executor: str = "local", jobs: int = 1, scheduler: str | None = None) -> Iterator[Engine]:
    """The engine `kg ingest --executor ...` runs extraction on; a Dask client is closed afterwards."""
    if executor == "local":
        yield LocalEngine(jobs)
        return
    if executor != "dask":
        raise UsageError(f"unknown executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
    if not scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (or DASK_SCHEDULER_ADDRESS), "
                         "for example tcp://10.0.0.5:8786")
    engine = DaskEngine.connect(scheduler)
    try:
        yield engine
    finally:
        engine.close()
