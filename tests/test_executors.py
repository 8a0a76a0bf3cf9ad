"""Extraction on a real Dask cluster (a LocalCluster of 2 worker processes) against local extraction."""

from __future__ import annotations

import os
import signal

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ExecutorError, UsageError
from kg.executors import DaskEngine
from kg.pipeline import ingest
from kg.readers import iter_articles
from kg.store import open_store
from tests.conftest import ARTICLES
from tests.test_store_neo4j import signature

distributed = pytest.importorskip("distributed")  # the test extra installs it; CI must not skip


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as c:
        yield c


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as c:
        c.wait_for_workers(2, timeout=120)
        yield c


def test_ingest_on_the_cluster_builds_the_same_store_as_a_local_ingest(client, sample_store, extractor, tmp_path):
    engine = DaskEngine(client)
    engine.shard_size = 2  # several shards per worker on the 15 sample articles
    with open_store(tmp_path / "kg.db") as store:
        report = ingest(iter_articles([str(ARTICLES)]), store, extractor, engine=engine)
        assert report.added == 15 and not report.failed
        assert signature(store.to_networkx()) == signature(sample_store.to_networkx())
        again = ingest(iter_articles([str(ARTICLES)]), store, extractor, engine=engine)
        assert again.added == 0 and again.unchanged == 15
    # each worker process built its extractor once and kept it
    assert all(n == 1 for n in client.run(_extractors_built).values())


def _extractors_built() -> int:
    from kg import executors
    return len(executors._extractors)


def test_a_worker_killed_mid_run_has_its_shard_retried_with_nothing_lost_or_doubled(client, sample_store, extractor,
                                                                                     tmp_path):
    engine = DaskEngine(client)
    engine.shard_size = 1
    pids = client.run(os.getpid)
    killed: list[str] = []

    def kill_a_busy_worker(article) -> None:
        if killed:
            return
        busy = [w for w, tasks in client.processing().items() if tasks]
        assert busy, "no shard in flight when the first result came back"
        os.kill(pids[busy[0]], signal.SIGKILL)
        killed.append(busy[0])

    with open_store(tmp_path / "kg.db") as store:
        report = ingest(iter_articles([str(ARTICLES)]), store, extractor, engine=engine, on_article=kill_a_busy_worker)
        assert killed and killed[0] not in client.scheduler_info()["workers"]
        assert report.added == 15 and report.loaded.articles_unchanged == 0
        assert signature(store.to_networkx()) == signature(sample_store.to_networkx())
    client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker for the tests after this one


def test_cli_ingest_and_extract_on_a_scheduler_address(cluster, sample_store, tmp_path):
    store = tmp_path / "kg.db"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", "-q", "--executor", "dask", "--scheduler", cluster.scheduler_address,
                                  "--store", str(store), str(ARTICLES)])
    assert result.exit_code == 0, result.output
    with open_store(store) as s:
        assert signature(s.to_networkx()) == signature(sample_store.to_networkx())
    one = str(sorted(ARTICLES.glob("*.txt"))[0])
    local = runner.invoke(main, ["extract", one])
    remote = runner.invoke(main, ["extract", "--executor", "dask", "--scheduler", cluster.scheduler_address, one])
    assert remote.exit_code == 0 and remote.output == local.output and local.output


def test_dask_without_a_scheduler_or_with_an_unreachable_one_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["ingest", "--executor", "dask", "--store", str(tmp_path / "kg.db"),
                                       str(ARTICLES)], env={"DASK_SCHEDULER_ADDRESS": None})
    assert result.exit_code == 2
    assert result.output == "Error: --executor dask needs --scheduler ADDRESS (or DASK_SCHEDULER_ADDRESS), " \
                            "for example tcp://10.0.0.5:8786\n"
    with pytest.raises(ExecutorError, match="^cannot reach the Dask scheduler at tcp://127.0.0.1:9 .*--scheduler$"):
        DaskEngine.connect("tcp://127.0.0.1:9", timeout=1)


def test_an_extractor_made_from_an_nlp_object_is_refused(client, extractor):
    from kg.extract import Extractor
    handmade = Extractor(nlp=extractor.nlp)
    with pytest.raises(UsageError, match="nlp object"):
        DaskEngine(client).extract(handmade, [])
