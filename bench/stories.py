"""Corroboration on the labelled stories set (data/stories/): "same story" and "same claim" precision and
recall, distractors merged, and how often momentum counts each story's main claims.

    .venv/bin/python bench/stories.py [--orders 10] [--baseline /path/to/other/kg/checkout]

The articles are extracted once, then loaded into a new store in --orders different orders (file-name
order, then seeded shuffles), since which article starts a story depends on the order. --baseline loads
the same triples with another kg checkout (its `kg load`, in a subprocess) and scores its store the
same way: `claims` there is what momentum counted before stories (one count per distinct claim).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate_stories import StoryLabels, StoryScores, score_store  # noqa: E402
from kg.pipeline import load_triples  # noqa: E402
from kg.readers import iter_articles  # noqa: E402
from kg.store import open_store  # noqa: E402


def extract(articles_dir: Path) -> list[list]:
    """Each article's triples, in file-name order."""
    from kg.extract import Extractor
    articles = sorted((a for a in iter_articles([str(articles_dir)]) if not isinstance(a, Exception)),
                      key=lambda a: a.path)
    return [e.triples for e in Extractor().extract_many(articles)]


def orders(groups: list[list], n: int) -> list[list[list]]:
    out = [groups]
    for seed in range(1, n):
        shuffled = list(groups)
        random.Random(seed).shuffle(shuffled)
        out.append(shuffled)
    return out


def load_here(groups: list[list], path: Path) -> None:
    with open_store(path) as store:
        load_triples((t for g in groups for t in g), store)


def load_with(checkout: Path, groups: list[list], path: Path) -> None:
    import orjson
    jsonl = path.with_suffix(".jsonl")
    with jsonl.open("wb") as f:
        for g in groups:
            for t in g:
                f.write(orjson.dumps(t.to_json()) + b"\n")
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    subprocess.run([sys.executable, "-m", "kg", "load", "--store", str(path), str(jsonl)], env=env, check=True,
                   capture_output=True, cwd=checkout)  # run from the checkout: `-m` puts the cwd first


def run(groups_by_order: list[list[list]], labels: StoryLabels, work: Path, checkout: Path | None) -> list[StoryScores]:
    out = []
    for n, groups in enumerate(groups_by_order):
        path = work / f"{'baseline' if checkout else 'kg'}-{n}.db"
        (load_with(checkout, groups, path) if checkout else load_here(groups, path))
        with open_store(path) as store:
            out.append(score_store(store, labels))
    return out


COUNTS = "MATCH (c:Claim)-[r:ABOUT]->(co:Company) RETURN co.name AS company, r.stance AS stance, c.id AS claim"


def momentum_table(path: Path, base: Path | None, companies: list[str]) -> list[str]:
    """Gaining and losing counts per company over the whole set: stories now (kg momentum), and distinct
    claims (what momentum counted before stories) in the baseline's store."""
    from kg.analysis import story_views
    with open_store(path) as store:
        now: dict[tuple[str, str], int] = {}
        for v in story_views(store):  # momentum's units, dated (by period) or undated
            now[(v.company, v.stance)] = now.get((v.company, v.stance), 0) + 1
        claims_now = _claim_counts(store)
    before = None
    if base is not None:
        with open_store(base) as store:
            before = _claim_counts(store)
    head = "| company | gaining: claims | stories (momentum) | losing: claims | stories (momentum) |"
    lines = [head + (" baseline gaining | baseline losing |" if before else ""),
             "|---|---|---|---|---|" + ("---|---|" if before else "")]
    for c in companies:
        row = (f"| {c} | {claims_now.get((c, 'gaining'), 0)} | {now.get((c, 'gaining'), 0)} | "
               f"{claims_now.get((c, 'losing'), 0)} | {now.get((c, 'losing'), 0)} |")
        if before:
            row += f" {before.get((c, 'gaining'), 0)} | {before.get((c, 'losing'), 0)} |"
        lines.append(row)
    return lines


def _claim_counts(store) -> dict[tuple[str, str], int]:
    seen = {(company, stance, claim) for company, stance, claim in store.query(COUNTS).rows}
    out: dict[tuple[str, str], int] = {}
    for company, stance, _ in seen:
        out[(company, stance)] = out.get((company, stance), 0) + 1
    return out


def summary(name: str, runs: list[StoryScores]) -> list[str]:
    def stat(values: list[float]) -> str:
        return f"{statistics.mean(values):.2f} (min {min(values):.2f})" if len(values) > 1 else f"{values[0]:.2f}"
    return [f"| {name} | {stat([r.stories.precision for r in runs])} | {stat([r.stories.recall for r in runs])} | "
            f"{stat([r.claims.precision for r in runs])} | {stat([r.claims.recall for r in runs])} | "
            f"{max(len(r.distractors_merged) for r in runs)} |"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", default=str(ROOT / "data" / "stories" / "articles"))
    ap.add_argument("--labels", default=str(ROOT / "data" / "stories" / "labels.json"))
    ap.add_argument("--orders", type=int, default=10, help="load orders to try (default 10)")
    ap.add_argument("--baseline", type=Path, help="another kg checkout to score the same way")
    args = ap.parse_args()
    labels = StoryLabels.load(args.labels)
    groups_by_order = orders(extract(Path(args.articles)), args.orders)
    n_articles = len(groups_by_order[0])
    work = Path(tempfile.mkdtemp(prefix="kg-stories-"))
    results = {"kg": run(groups_by_order, labels, work, None)}
    if args.baseline:
        results["baseline"] = run(groups_by_order, labels, work, args.baseline)
    lines = [f"# Stories: {n_articles} articles, {len(labels.stories)} stories, {len(labels.distractors)} "
             f"distractors, {len(groups_by_order)} load orders (mean, min)", "",
             "| loader | story precision | story recall | claim precision | claim recall | distractors merged (max) |",
             "|---|---|---|---|---|---|"]
    for name, runs in results.items():
        lines += summary(name, runs)
    lines += ["", "Main claims, file-name order: how many of the story's articles report it, distinct claims kg "
              "keeps for it, how many times momentum counts it", "",
              "| story | company | stance | rewrites | claims | counted |" + (" baseline claims |" if args.baseline else ""),
              "|---|---|---|---|---|---|" + ("---|" if args.baseline else "")]
    first = results["kg"][0]
    base = results.get("baseline", [None])[0]
    for i, m in enumerate(first.main_claims):
        extra = f" {base.main_claims[i].claims} |" if base else ""
        lines.append(f"| {m.story} | {m.company} | {m.stance} | {m.rewrites} | {m.claims} | {m.counted} |{extra}")
    companies = sorted({c for mains in labels.main_claims.values() for c, _ in mains})
    lines += ["", "Momentum over the whole set (file-name order), each company's gaining and losing: distinct claims "
              "kg keeps, and stories (what momentum counts now); the baseline's distinct claims are what its "
              "momentum counted", ""]
    lines += momentum_table(work / "kg-0.db", work / "baseline-0.db" if args.baseline else None, companies)
    lines += ["", "Stories kg found (file-name order), by their articles:", ""]
    for story, files in first.predicted.items():
        if len(files) > 1:
            lines.append(f"- {', '.join(files)}")
    for order, r in enumerate(results["kg"]):
        if r.distractors_merged:
            lines.append(f"- order {order}: distractors merged: {', '.join(r.distractors_merged)}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
