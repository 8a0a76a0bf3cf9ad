"""Score kg on several gold sets at once: one row per set, then the sets pooled.

    python bench/gold_sets.py                       # every set under data/gold
    python bench/gold_sets.py --sets real-dev6 real-dev7 --misses
    python bench/gold_sets.py --no-stance-filter     # the stance rules alone, no learned filter

`kg eval` scores one set; this loads the extractor once and pools the counts, which is how the README's
"all sets" figures are measured.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from kg.evaluate import FIELDS, Matcher, Report, load_pairs, misses, predict, score
from kg.extract import Extractor

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold"


def pooled(reports: list[Report]) -> Report:
    total = Report(articles=sum(r.articles for r in reports), claimant_errors=Counter())
    for r in reports:
        for f in FIELDS:
            s = total.scores[f]
            s.tp, s.fp, s.fn = s.tp + r.scores[f].tp, s.fp + r.scores[f].fp, s.fn + r.scores[f].fn
        total.claimant_right += r.claimant_right
        total.claimant_total += r.claimant_total
        total.claimant_errors.update(r.claimant_errors)
    return total


def row(name: str, r: Report) -> str:
    s = r.scores["stances"]
    return (f"{name:<12}{r.articles:>4}  stances P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f}"
            f" (tp {s.tp} fp {s.fp} fn {s.fn})  claimant {r.claimant_right}/{r.claimant_total}"
            f" ({r.claimant_share:.0%})  companies P {r.scores['companies'].precision:.2f}"
            f" F1 {r.scores['companies'].f1:.2f}  trends F1 {r.scores['trends'].f1:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", help="set names under data/gold (default: all)")
    parser.add_argument("--gold-root", type=Path, default=GOLD, help="folder that holds the sets")
    parser.add_argument("--no-stance-filter", dest="no_filter", action="store_true", help="keep every stance the rules propose")
    parser.add_argument("--misses", action="store_true", help="print what kg missed, added or misattributed")
    args = parser.parse_args()
    names = args.sets or sorted(p.name for p in args.gold_root.iterdir() if (p / "labels").is_dir())
    extractor = Extractor(stance_filter=not args.no_filter)
    matcher = Matcher(extractor.gazetteer)
    reports = []
    for name in names:
        pairs = load_pairs(args.gold_root / name / "articles", args.gold_root / name / "labels")
        golds = [g for _, _, g in pairs]
        predictions = predict(extractor, [(p, a) for p, a, _ in pairs])
        reports.append(score(golds, predictions, matcher))
        print(row(name, reports[-1]), flush=True)
        if args.misses:
            for m in misses([p.stem for p, _, _ in pairs], golds, predictions, matcher):
                print(f"    {m['kind']:<9}{m['field']:<10}{m['article']}: {m['item']}  | {m['sentence'][:400]}")
    total = pooled(reports)
    print(row("all", total))
    if total.claimant_errors:
        print("claimant errors: " + "; ".join(f"{k} {n}" for k, n in total.claimant_errors.most_common()))


if __name__ == "__main__":
    main()
