"""Extraction speed against the bare spaCy pipeline, over the same texts in one run.

    .venv/bin/python bench/extraction.py [--repeat N]

Prints seconds for each and the ratio (kg / bare spaCy). Texts: the sample and dev-set articles,
repeated N times (default 20), split into the same blocks for both.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.extract import Extractor
from kg.extract.nlp import load_bare
from kg.extract.structure import split_blocks
from kg.readers import iter_articles

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    articles = [a for a in iter_articles([str(ROOT / "data" / "articles"), str(ROOT / "data" / "gold" / "articles")])
                if not isinstance(a, Exception)] * args.repeat
    blocks = [b.text for a in articles for b in split_blocks(a.text)]
    bare = load_bare()
    extractor = Extractor()
    for _ in bare.pipe(blocks[:50]):  # warm up both
        pass
    list(extractor.extract_many(articles[:5]))
    t0 = time.perf_counter()
    for _ in bare.pipe(blocks, batch_size=64):
        pass
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_triples = sum(len(e.triples) for e in extractor.extract_many(articles, batch_size=64))
    t_kg = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)
    print(f"articles: {len(articles)}, blocks: {len(blocks)}, words: {words}, triples: {n_triples}")
    print(f"bare spaCy : {t_bare:7.2f} s  ({len(articles) / t_bare:6.1f} articles/s)")
    print(f"kg extract : {t_kg:7.2f} s  ({len(articles) / t_kg:6.1f} articles/s)")
    print(f"ratio kg / bare spaCy: {t_kg / t_bare:.2f} (target <= 1.20)")


if __name__ == "__main__":
    main()
