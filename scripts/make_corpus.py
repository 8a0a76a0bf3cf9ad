"""Generate a synthetic corpus from the team's sample articles, reproducibly, for the benchmarks.

    .venv/bin/python scripts/make_corpus.py --n 2000 --seed 7 --out bench/corpus

Each synthetic article is one sample article with its companies swapped for others from the gazetteer
(one consistent swap per article), a few sentences of another sample article added, and a date spread
over 2025-2026. Same seed, same corpus.

With `--rewrites K`, each article is followed by K rewrites of its story, as wire copy and aggregators
produce them: another publisher and title, a date up to ten days later (one in four undated), its
paragraphs after the first in another order and a sentence or two left out. `kg load` of such a corpus
is the benchmark for corroboration on repeated stories.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sources() -> list[str]:
    texts = []
    for f in sorted((ROOT / "data" / "articles").glob("*.txt")):
        body = f.read_text(encoding="utf-8").split("\n\n", 1)[-1]  # header lines off
        texts.append(body.strip())
    for f in sorted((ROOT / "data" / "gold" / "dev" / "articles").glob("*.json")):
        texts.append(json.loads(f.read_text(encoding="utf-8"))["text"])
    return texts


def companies() -> list[str]:
    gaz = json.loads((ROOT / "data" / "lexicon" / "gazetteer.json").read_text(encoding="utf-8"))
    return [c["name"] for c in gaz["companies"] if c.get("match_name", True)]


def make(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    texts = sources()
    names = companies()
    pattern = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(names, key=len, reverse=True)) + r")\b")
    start = date(2025, 1, 1)
    out = []
    for i in range(n):
        base = rng.choice(texts)
        extra = rng.choice(texts).split(". ")
        k = rng.randint(1, 3)
        at = rng.randrange(0, max(1, len(extra) - k))
        body = base + "\n" + ". ".join(extra[at:at + k]).strip().rstrip(".") + "."
        swap: dict[str, str] = {}

        def replace(m: re.Match) -> str:
            if m.group(0) not in swap:
                swap[m.group(0)] = rng.choice(names)
            return swap[m.group(0)]

        body = pattern.sub(replace, body)
        title = f"Briefing {i + 1}: " + body.split("\n", 1)[0][:80]
        published = start + timedelta(days=rng.randrange(0, 670))
        out.append({"id": f"synthetic-{i + 1:05d}", "title": title, "published": published.isoformat(),
                    "publisher": rng.choice(PUBLISHERS),
                    "url": f"https://synthetic.example/{i + 1}", "text": title + "\n\n" + body})
    return out


PUBLISHERS = ["Ledger & Lambda", "The Compute Desk", "Northbridge Markets Daily", "Chip Ledger",
              "Pacific Wire Service"]


def rewrite(art: dict, r: int, rng: random.Random) -> dict:
    """Another site's copy of one synthetic article: new title, publisher and date, paragraphs reordered."""
    body = art["text"].split("\n\n", 1)[1]
    paragraphs = [p for p in body.split("\n") if p.strip()]
    rest = paragraphs[1:]
    rng.shuffle(rest)
    kept = []
    for p in [paragraphs[0], *rest]:
        sentences = p.split(". ")
        if len(sentences) > 2 and rng.random() < 0.5:
            del sentences[rng.randrange(1, len(sentences))]
        kept.append(". ".join(sentences))
    title = f"Rewrite {r} of {art['id']}: " + kept[0][:60]
    day = date.fromisoformat(art["published"]) + timedelta(days=rng.randrange(0, 11))
    return {"id": f"{art['id']}-r{r}", "title": title,
            "published": None if rng.random() < 0.25 else day.isoformat(),
            "publisher": rng.choice([p for p in PUBLISHERS if p != art["publisher"]]),
            "url": f"{art['url']}/rewrite-{r}", "text": title + "\n\n" + "\n\n".join(kept)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "bench" / "corpus"))
    ap.add_argument("--rewrites", type=int, default=0, help="rewrites of each article's story (default 0)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    rng = random.Random(args.seed + 1)
    written = 0
    for art in make(args.n, args.seed):
        for one in [art] + [rewrite(art, r, rng) for r in range(1, args.rewrites + 1)]:
            (out / f"{one['id']}.json").write_text(json.dumps(one, ensure_ascii=False), encoding="utf-8")
            written += 1
    print(f"wrote {written} articles to {out}")


if __name__ == "__main__":
    main()
