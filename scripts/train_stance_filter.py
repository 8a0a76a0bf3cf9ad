"""Train the stance filter (kg/extract/stance_filter.py) on the team's gold sets and write its model.

Every stance the rules propose in the gold sets' articles becomes a training example, labelled by the
gold: kept if the gold has that (company, stance) in that sentence. A logistic regression over the
proposals' features is cross-validated by article (5 folds) to choose its regularisation and threshold,
then fitted on all of them and written to data/models/stance-filter.json with its cross-validated
scores, beside the rules' own. Blind splits (data/gold/*blind*) are never read.

    .venv/bin/python scripts/train_stance_filter.py                    # train and write the model
    .venv/bin/python scripts/train_stance_filter.py --dry-run          # cross-validated scores only
    .venv/bin/python scripts/train_stance_filter.py --finentity ../shared/data/finentity/FinEntity.json

With --finentity, FinEntity passages (real financial news with entity-level sentiment; Positive read as
gaining, Negative as losing, Neutral as no stance) are added to the training folds, never to the
evaluation folds, and the cross-validated scores with and without them are printed; the model keeps
them only with --keep-finentity.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import Matcher, load_pairs  # noqa: E402
from kg.extract import Extractor  # noqa: E402
from kg.readers import article_from_record  # noqa: E402
from kg.schema import Article  # noqa: E402

DEFAULT_SETS = ("dev", "heldout", "heldout2", "real-dev", "real-dev2", "real-dev3", "real-dev4", "real-dev5",
                "real-dev6", "real-dev7", "real-dev8")
MODEL = ROOT / "data" / "models" / "stance-filter.json"


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def same_sentence(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def gold_examples(extractor: Extractor, sets: list[str]) -> tuple[list[dict], list[int], list[str], dict]:
    """Features, labels and article groups of every proposal in the gold sets, and the gold pairs."""
    matcher = Matcher(extractor.gazetteer)
    feats, labels, groups, gold_pairs, cand_pairs = [], [], [], {}, []
    for name in sets:
        pairs = load_pairs(ROOT / "data" / "gold" / name / "articles", ROOT / "data" / "gold" / name / "labels")
        articles = [article_from_record(rec, str(path), str(path)) for path, rec, _ in pairs]
        for (path, _, gold), ex in zip(pairs, extractor.extract_many(articles)):
            group = f"{name}/{path.stem}"
            stances = [g for g in gold.get("stances", []) if g.get("stance") in ("gaining", "losing")]
            gold_pairs[group] = {(matcher.key("Company", g["company"]), g["stance"]) for g in stances}
            for c in ex.candidates:
                key = matcher.key("Company", c.company)
                right = any(matcher.key("Company", g["company"]) == key and g["stance"] == c.stance
                            and same_sentence(g.get("evidence", ""), c.sentence) for g in stances)
                feats.append(dict.fromkeys(c.features, 1))
                labels.append(int(right))
                groups.append(group)
                cand_pairs.append((key, c.stance))
    return feats, labels, groups, {"gold": gold_pairs, "candidates": cand_pairs}


def finentity_examples(extractor: Extractor, path: Path) -> tuple[list[dict], list[int]]:
    """FinEntity passages as proposals: a proposal agrees when the entity's sentiment has its direction."""
    data = json.loads(path.read_text(encoding="utf-8"))
    want = {"Positive": "gaining", "Negative": "losing"}
    articles = [Article(text=item["content"].replace("\ufffd", "'"), title=None) for item in data]
    feats, labels = [], []
    for item, ex in zip(data, extractor.extract_many(articles)):
        by_name = {item["content"][a["start"]:a["end"]].lower(): want.get(a["tag"]) for a in item["annotations"]}
        for c in ex.candidates:
            gold = next((v for k, v in by_name.items() if k and (k in c.company.lower() or c.company.lower() in k)), "absent")
            if gold == "absent":
                continue
            feats.append(dict.fromkeys(c.features, 1))
            labels.append(int(gold == c.stance))
    return feats, labels


def pair_scores(kept: np.ndarray, groups: list[str], info: dict) -> tuple[float, float, float]:
    """Precision, recall and F1 of (company, stance) pairs per article, from the kept proposals."""
    predicted = defaultdict(set)
    for keep, group, pair in zip(kept, groups, info["candidates"]):
        if keep:
            predicted[group].add(pair)
    tp = fp = fn = 0
    for group, gold in info["gold"].items():
        got = predicted.get(group, set())
        tp += len(got & gold)
        fp += len(got - gold)
        fn += len(gold - got)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(feats, labels, groups, info, c: float, extra=None) -> np.ndarray:
    """Out-of-fold scores of every proposal (`extra`: examples added to each training fold only)."""
    y = np.array(labels)
    scores = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=5).split(feats, y, groups):
        vec = DictVectorizer()
        train_feats = [feats[i] for i in train] + (extra[0] if extra else [])
        train_y = np.concatenate([y[train], np.array(extra[1] if extra else [], dtype=int)])
        model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
        model.fit(vec.fit_transform(train_feats), train_y)
        scores[test] = model.predict_proba(vec.transform([feats[i] for i in test]))[:, 1]
    return scores


def best_threshold(scores: np.ndarray, groups, info, rules_recall: float,
                   max_recall_loss: float) -> tuple[float, tuple[float, float, float]]:
    """The threshold with the best pair F1, among those keeping precision at least at recall and recall
    within `max_recall_loss` of the rules' own."""
    # An analyst who finds one wrong row in three stops trusting the tool: a wrong stance costs more than a
    # missed one, so the filter's precision must not fall below its recall. But on the blind splits the
    # filter lost about twice the recall it lost in cross-validation (real-blind6: 0.72 -> 0.66, real-blind7:
    # 0.72 -> 0.69), so the recall it may give up here is capped.
    tried = [(round(float(t), 2), pair_scores(scores >= t, groups, info)) for t in np.arange(0.1, 0.8, 0.02)]
    allowed = [x for x in tried if x[1][0] >= x[1][1] and x[1][1] >= rules_recall - max_recall_loss] or tried
    return max(allowed, key=lambda x: x[1][2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS), help="gold sets under data/gold/")
    parser.add_argument("--finentity", type=Path, help="FinEntity.json, for the experiment described above")
    parser.add_argument("--keep-finentity", action="store_true", help="train the written model with FinEntity too")
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validated scores, write nothing")
    parser.add_argument("--max-recall-loss", type=float, default=0.02,
                        help="recall (cross-validated) the filter may give up against the rules alone")
    parser.add_argument("--c", type=float, choices=(0.1, 0.3, 1.0, 3.0),
                        help="use this regularisation rather than the one with the best cross-validated F1")
    args = parser.parse_args()
    if any("blind" in s for s in args.sets):
        parser.error("blind splits are scored once with kg eval, never trained on")
    extractor = Extractor(stance_filter=False, collect_candidates=True)
    feats, labels, groups, info = gold_examples(extractor, args.sets)
    n_articles = len(info["gold"])
    print(f"{len(labels)} proposals ({sum(labels)} agreed with the gold) in {n_articles} articles of {', '.join(args.sets)}")
    rules = pair_scores(np.ones(len(labels), dtype=bool), groups, info)
    print(f"rules alone:            pairs P {rules[0]:.2f} R {rules[1]:.2f} F1 {rules[2]:.2f}")
    results = {}
    for c in (0.1, 0.3, 1.0, 3.0):
        scores = cross_validate(feats, labels, groups, info, c)
        t, (p, r, f) = best_threshold(scores, groups, info, rules[1], args.max_recall_loss)
        results[c] = (t, p, r, f)
        print(f"rules + filter, C={c:<4}: pairs P {p:.2f} R {r:.2f} F1 {f:.2f} at threshold {t} (5-fold by article)")
    c = args.c if args.c is not None else max(results, key=lambda k: results[k][3])
    threshold, p, r, f = results[c]
    extra = None
    if args.finentity:
        fe = finentity_examples(extractor, args.finentity)
        scores = cross_validate(feats, labels, groups, info, c, extra=fe)
        t2, (p2, r2, f2) = best_threshold(scores, groups, info, rules[1], args.max_recall_loss)
        print(f"with {len(fe[1])} FinEntity proposals in training: pairs P {p2:.2f} R {r2:.2f} F1 {f2:.2f} at {t2}")
        if args.keep_finentity:
            extra, threshold, p, r, f = fe, t2, p2, r2, f2
    if args.dry_run:
        return 0
    vec = DictVectorizer()
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
    model.fit(vec.fit_transform(feats + (extra[0] if extra else [])),
              np.array(labels + (extra[1] if extra else []), dtype=int))
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) >= 1e-4}
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps({
        "version": "1",
        "trained": datetime.date.today().isoformat(),
        "trained_on": args.sets + (["FinEntity"] if extra else []),
        "proposals": len(labels), "articles": n_articles, "C": c, "threshold": threshold,
        "cross_validated": {"rules": {"precision": round(rules[0], 3), "recall": round(rules[1], 3), "f1": round(rules[2], 3)},
                            "rules+filter": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}},
        "weights": dict(sorted(weights.items())),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(weights)} weights, C={c}, threshold {threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
