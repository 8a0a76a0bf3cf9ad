"""Nothing lost, nothing let in: bad input, long input, SIGKILL at any moment, concurrent runs, fuzzing."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import InputError
from kg.extract.structure import MAX_BLOCK, split_blocks
from kg.readers import read_bytes
from kg.schema import Article
from kg.store import open_store
from tests.conftest import ARTICLES

KG = [sys.executable, "-m", "kg"]
GOOD = ("Title: Good\nPublished: 2026-05-05\n\nCerebras gained ground in inference chips, said Ana Lopez of Gartner.\n")


def bad_inputs(folder: Path) -> dict[str, str]:
    """File name -> a phrase its error line must contain."""
    (folder / "empty.txt").write_text("")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary stream")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "garbage.txt").write_bytes(bytes(range(128, 256)) * 40 + b"\x00\x01")
    (folder / "huge.txt").write_text("Nvidia gained ground. " * 300_000)
    (folder / "german.txt").write_text("Die Unternehmen im Bereich der künstlichen Intelligenz wachsen schnell, "
                                       "aber viele Anleger sind vorsichtig geworden, weil die Kosten für Rechenzentren "
                                       "steigen und die Gewinne noch auf sich warten lassen. " * 3)
    (folder / "app.html").write_text("<html><body><script>" + "x();" * 50 + "</script></body></html>")
    (folder / "export.jsonl").write_text(json.dumps({"title": "J", "text": "Intel lost ground to AMD."}) + "\n{oops\n")
    (folder / "feed.xml").write_text("<rss><channel><title>t</title></channel>")
    return {"empty.txt": "empty", "scan.pdf": "PDF", "logo.png": "PNG image", "garbage.txt": "NUL bytes",
            "huge.txt": "larger than 5 MB", "german.txt": "English", "app.html": "no article text",
            "export.jsonl:2": "invalid JSON", "feed.xml": "not an RSS or Atom feed"}


def test_every_bad_input_gets_one_line_and_good_ones_are_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = bad_inputs(folder)
    (folder / "good.txt").write_text(GOOD)
    (folder / "latin1.txt").write_bytes("Title: Caf\xe9\n\nMistral AI gained ground in Europe, caf\xe9 owners said.".encode("cp1252"))
    (folder / "utf16.txt").write_bytes("Title: U\n\nGroq gained ground with banks.".encode("utf-16"))
    (folder / "copy-of-good.md").write_text(GOOD)
    store = tmp_path / "kg.db"
    # a folder is walked for the formats kg reads; binaries passed by mistake are named explicitly
    p = subprocess.run([*KG, "ingest", "--store", str(store), str(folder), str(folder / "scan.pdf"),
                        str(folder / "logo.png")], capture_output=True, text=True, timeout=300)
    assert p.returncode == 1, p.stderr
    lines = p.stderr.strip().splitlines()
    assert "Traceback" not in p.stderr
    for name, phrase in expected.items():
        line = next((ln for ln in lines if ln.startswith(f"Error: {folder / name}:")), None)
        assert line is not None, f"no error line for {name}: {lines}"
        assert phrase in line, line
    assert any(ln.startswith("note: ") and "copy-of-good.md" in ln for ln in lines) or \
        any(ln.startswith("note: ") and "good.txt" in ln for ln in lines)
    with open_store(store) as s:
        titles = {r[0] for r in s.query("MATCH (s:Source) RETURN s.title").rows}
    assert titles == {"Good", "Café", "U", "J"}


def test_strict_stops_at_first_failure_and_usage_errors_exit_2(tmp_path):
    (tmp_path / "a-empty.txt").write_text("")
    (tmp_path / "b-good.txt").write_text(GOOD)
    r = CliRunner().invoke(main, ["ingest", "--strict", "--store", str(tmp_path / "kg.db"), str(tmp_path)])
    assert r.exit_code == 1 and "0 added" in r.output
    r = CliRunner().invoke(main, ["ingest", "--no-such-option", str(tmp_path)])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["ingest", "--store", str(tmp_path / "kg.db"), str(tmp_path / "b-good.txt")])
    assert r.exit_code == 0 and "1 added" in r.output


def test_long_article_is_cut_into_bounded_blocks(extractor):
    text = ("Nvidia gained ground in data centers. " * 60_000).strip()  # one 2.3 MB line
    blocks = split_blocks(text)
    assert len(blocks) > 100 and max(len(b.text) for b in blocks) <= MAX_BLOCK
    assert all(text[b.start:b.start + len(b.text)] == b.text for b in blocks)
    ex = extractor.extract(Article(text=text[:200_000]))
    assert any(t.predicate == "ABOUT" for t in ex.triples)


def _corpus(folder: Path, n: int = 36) -> None:
    texts = sorted(ARTICLES.glob("*.txt"))
    folder.mkdir()
    for i in range(n):
        src = texts[i % len(texts)].read_text()
        (folder / f"a{i:03d}.txt").write_text(src + f"\nEditor's note {i}: Oracle gained ground in cloud number {i}.\n")


def _signature(path: Path):
    with open_store(path) as store:
        g = store.to_networkx()
        nodes = sorted((n, json.dumps({k: v for k, v in d.items() if k != "__labels__"}, sort_keys=True, default=str))
                       for n, d in g.nodes(data=True))
        edges = sorted((u, v, k) for u, v, k in g.edges(keys=True))
        per_source: dict[str, int] = {}
        for _, _, d in g.edges(data=True):
            per_source[d["source_id"]] = per_source.get(d["source_id"], 0) + 1
        return nodes, edges, per_source


def _sources(path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        (n,) = db.execute("SELECT count(*) FROM nodes WHERE label = 'Source'").fetchone()
        db.close()
        return n
    except sqlite3.Error:
        return 0


def test_sigkill_at_any_moment_loses_nothing_and_a_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    reference = tmp_path / "reference.db"
    subprocess.run([*KG, "ingest", "-q", "--jobs", "1", "--store", str(reference), str(corpus)], check=True, timeout=300)
    ref_nodes, ref_edges, ref_per_source = _signature(reference)
    # kill points: while spaCy loads, after the first articles, and late in the run
    for stage, wait_for in enumerate([0, 3, 20]):
        store = tmp_path / f"crash{stage}.db"
        proc = subprocess.Popen([*KG, "ingest", "-q", "--jobs", "1", "--store", str(store), str(corpus)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        if wait_for == 0:
            time.sleep(0.5)
        else:
            while _sources(store) < wait_for and time.time() < deadline and proc.poll() is None:
                time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if store.exists():
            nodes, edges, per_source = _signature(store)  # the store opens
            for source_id, n in per_source.items():  # and every stored article is whole
                assert n == ref_per_source[source_id]
            assert set(edges) <= set(ref_edges)
        subprocess.run([*KG, "ingest", "-q", "--jobs", "1", "--store", str(store), str(corpus)], check=True, timeout=300)
        assert _signature(store) == (ref_nodes, ref_edges, ref_per_source)


def test_two_ingests_at_once_both_finish_and_readers_see_whole_articles(tmp_path):
    corpus = tmp_path / "corpus"
    _corpus(corpus, 24)
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    for i, f in enumerate(sorted(corpus.iterdir())):
        f.rename((left if i % 2 else right) / f.name)
    store = tmp_path / "kg.db"
    procs = [subprocess.Popen([*KG, "ingest", "-q", "--jobs", "1", "--store", str(store), str(d)],
                              stderr=subprocess.PIPE, text=True) for d in (left, right)]
    checks = 0
    while any(p.poll() is None for p in procs):
        if store.exists():
            with open_store(store) as s:
                g = s.to_networkx()
            assert all("__labels__" in d for _, d in g.nodes(data=True))  # no edge without its nodes
            claims = [n for n, d in g.nodes(data=True) if "Claim" in d["__labels__"]]
            assert all(any("REPORTS" in e["__labels__"] for _, _, e in g.in_edges(c, data=True)) for c in claims)
            checks += 1
        time.sleep(0.1)
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with open_store(store) as s:
        assert s.stats().articles == 24
    assert checks > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(["", ".txt", ".json", ".jsonl", ".csv", ".html", ".xml"]))
def test_readers_never_raise_on_random_bytes(data, suffix):
    for item in read_bytes(data, "fuzz" + suffix, suffix, "fuzz" + suffix):
        assert isinstance(item, (Article, InputError))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=1500) | st.lists(
    st.sampled_from(["OpenAI", "lost ground", "to", "Anthropic", ",", ".", "said", "\"", "\n", "Meta's", "it", "not",
                     "risk", "the company", "Jane Doe", "of a16z", "\u2019s", "  ", "GPT-4o", "open-source models"]),
    max_size=80).map(" ".join))
def test_extractor_output_is_always_valid_jsonl(extractor, text):
    article = Article(text=text, title="fuzz")
    for t in extractor.extract(article).triples:
        line = json.dumps(t.to_json(), ensure_ascii=False)
        data = json.loads(line)
        assert {"subject", "predicate", "object", "properties", "source", "evidence"} <= set(data)
        assert text[data["evidence"]["start"]:data["evidence"]["end"]] == data["evidence"]["sentence"]
