"""`kg eval`: precision, recall and F1 of extraction against a gold set, beside a baseline.

Gold files pair by file stem: DIR_A/x.json is an article ({"id", "url", "title",
"published", "publisher", "text"}), DIR_G/x.json its gold ({"companies",
"products", "people", "stances", "trends", "notes"}). Names match leniently:
through the gazetteer's aliases to canonical names (a known product written
as a firm, "Cursor", to its maker), then case, punctuation and a trailing
"Inc."/"AI" aside. Scores are micro-averaged over articles.

The baseline is measured the same way: spaCy's NER alone (ORG, PERSON,
PRODUCT) and a small sentiment word list applied to every ORG of a sentence,
every claim asserted by the article.

With with_misses=True the result also lists, per article, what kg missed, what
it found that the gold lacks, and stances whose claimant it got wrong: the
worklist for new rules and gazetteer entries.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extract import Extractor
from kg.extract.lexicon import Gazetteer
from kg.extract.nlp import load_bare
from kg.readers import article_from_record
from kg.schema import ABOUT, ASSERTS, COMPANY, GAINING, LOSING, MENTIONS, PERSON, PRODUCT, SOURCE, TREND

FIELDS = ("companies", "people", "products", "trends", "stances")
BASELINE_POSITIVE = {"gain", "gained", "gains", "win", "wins", "won", "grow", "grew", "growth", "rise", "rose",
                     "lead", "leads", "strong", "record", "surge", "surged", "beat", "success"}
BASELINE_NEGATIVE = {"lose", "lost", "loses", "fall", "fell", "decline", "declined", "cut", "cuts", "risk",
                     "struggle", "struggled", "weak", "behind", "pressure", "scrutiny", "delay", "delayed"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    claimant_right: int = 0
    claimant_total: int = 0
    claimant_errors: Counter = field(default_factory=Counter)  # kind of error -> matched stances
    articles: int = 0

    @property
    def claimant_share(self) -> float:
        return self.claimant_right / self.claimant_total if self.claimant_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, **{f: s.as_dict() for f, s in self.scores.items()},
                "claimant": {"right": self.claimant_right, "of": self.claimant_total,
                             "share": round(self.claimant_share, 3),
                             "errors": dict(self.claimant_errors.most_common())}}


@dataclass
class Prediction:
    companies: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    products: set[str] = field(default_factory=set)
    trends: set[str] = field(default_factory=set)
    stances: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (company, stance) -> claimants
    evidence: dict[tuple[str, str], str] = field(default_factory=dict)  # (company, stance) -> first sentence
    persons: set[str] = field(default_factory=set)  # claimants that are people (the others are firms or "article")


class Matcher:
    """Lenient name keys: gazetteer canonical name first, then a normalised spelling."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def key(self, label: str, name: str) -> str:
        entry = self.gazetteer.find(label, name)
        if entry is None and label == COMPANY:
            # "Cursor" written as a firm: a product's stance is its maker's, and articles name some makers
            # by their product
            product = self.gazetteer.find(PRODUCT, name)
            if product is not None and product.link:
                entry = self.gazetteer.company_of(product.link)
        if entry is not None:
            name = entry.name
        text = name.lower().replace("&", " and ")
        text = re.sub(r"[^a-z0-9]+", " ", text)
        text = re.sub(r"\b(inc|ltd|llc|corp|co|the)\b", " ", text)
        return " ".join(text.split())

    def trend_key(self, name: str) -> str:
        return self.key(TREND, name)


def load_pairs(articles_dir: str | Path, gold_dir: str | Path) -> list[tuple[Path, dict, dict]]:
    out = []
    articles = Path(articles_dir)
    gold = Path(gold_dir)
    if not articles.is_dir():
        raise InputError(str(articles), "not a folder of article JSON files")
    if not gold.is_dir():
        raise InputError(str(gold), "not a folder of gold JSON files")
    for path in sorted(articles.glob("*.json")):
        gpath = gold / path.name
        if not gpath.exists():
            raise InputError(str(gpath), f"missing gold file for {path}")
        try:
            out.append((path, json.loads(path.read_text(encoding="utf-8")), json.loads(gpath.read_text(encoding="utf-8"))))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} or {gpath}", f"invalid JSON: {exc.msg}") from None
    if not out:
        raise InputError(str(articles), "no *.json articles found")
    return out


def predict(extractor: Extractor, records: Iterable[tuple[Path, dict]]) -> list[Prediction]:
    articles = [article_from_record(rec, str(path), str(path)) for path, rec in records]
    out = []
    for ex in extractor.extract_many(articles):
        p = Prediction()
        asserted: dict[str, set[str]] = {}
        for t in ex.triples:
            if t.predicate == ASSERTS:
                asserted.setdefault(t.object.id, set()).add("article" if t.subject.label == SOURCE else t.subject.name)
                if t.subject.label == PERSON:
                    p.persons.add(t.subject.name)
        for t in ex.triples:
            obj = t.object
            if t.predicate in (MENTIONS, ABOUT):
                {COMPANY: p.companies, PERSON: p.people, PRODUCT: p.products, TREND: p.trends}.get(obj.label, set()).add(obj.name)
            if t.predicate == ABOUT and obj.label == COMPANY and t.properties.get("stance") in (GAINING, LOSING):
                pair = (obj.name, t.properties["stance"])
                p.stances.setdefault(pair, set()).update(asserted.get(t.subject.id, set()))
                p.evidence.setdefault(pair, t.evidence.sentence)
        out.append(p)
    return out


def predict_baseline(nlp, records: Iterable[tuple[Path, dict]]) -> list[Prediction]:
    out = []
    for path, rec in records:
        article = article_from_record(rec, str(path), str(path))
        doc = nlp(article.text)
        p = Prediction()
        for ent in doc.ents:
            {"ORG": p.companies, "PERSON": p.people, "PRODUCT": p.products}.get(ent.label_, set()).add(ent.text)
        for sent in doc.sents:
            words = {t.lower_ for t in sent}
            pos, neg = len(words & BASELINE_POSITIVE), len(words & BASELINE_NEGATIVE)
            if pos == neg:
                continue
            stance = GAINING if pos > neg else LOSING
            for ent in sent.ents:
                if ent.label_ == "ORG":
                    p.stances.setdefault((ent.text, stance), set()).add("article")
        out.append(p)
    return out


@dataclass
class Comparison:
    """One article's predicted and gold items per field, by lenient key, with a name to show for each."""

    predicted: dict[str, dict[Any, str]]
    gold: dict[str, dict[Any, str]]
    predicted_claimants: dict[tuple[str, str], set[str]]
    gold_claimants: dict[tuple[str, str], set[str]]
    predicted_evidence: dict[tuple[str, str], str]
    gold_evidence: dict[tuple[str, str], str]
    predicted_persons: set[str] = field(default_factory=set)  # keys of claimants that are people
    gold_persons: set[str] = field(default_factory=set)

    def claimant_error(self, pair: tuple[str, str]) -> str | None:
        """What is wrong with a matched stance's claimant, or None when kg names one the gold names."""
        gold, found = self.gold_claimants[pair], self.predicted_claimants[pair]
        if gold & found or any(_short_form(g, f) or _short_form(f, g) for g in gold for f in found):
            return None
        def kind(key: str, persons: set[str]) -> str:
            return "article" if key == "article" else "person" if key in persons else "firm"
        g = {kind(c, self.gold_persons) for c in gold}
        f = {kind(c, self.predicted_persons) for c in found}
        if f == {"article"}:
            return "article instead of a named party"
        if g == {"article"}:
            return "named party instead of the article"
        if "person" in g and "person" not in f:
            return "firm instead of person"
        if "person" in f and "person" not in g:
            return "person instead of firm"
        return "wrong person" if "person" in g else "wrong firm"


def _short_form(short: str, full: str) -> bool:
    """"lanting" of "lanting research": a firm's name cut after its first words, as articles shorten it."""
    return short != "article" and full.startswith(short + " ")


def compare(gold: dict, pred: Prediction, matcher: Matcher) -> Comparison:
    gold_firms = {matcher.key(COMPANY, n) for n in gold.get("companies", [])}
    found_firms = {matcher.key(COMPANY, n) for n in pred.companies}
    aliases: dict[str, str] = {}
    for key in found_firms - gold_firms:
        # "Arista Networks" found, "Arista" in the gold (or the other way round): one firm of this article,
        # unless that gold firm was found under its own name too
        near = [g for g in gold_firms - found_firms if _short_form(g, key) or _short_form(key, g)]
        if len(near) == 1:
            aliases[key] = near[0]

    def k(label: str, name: str) -> str:
        key = matcher.key(label, name)
        return aliases.get(key, key) if label == COMPANY else key
    predicted = {
        "companies": {k(COMPANY, n): n for n in pred.companies},
        "people": {k(PERSON, n): n for n in pred.people},
        "products": {k(PRODUCT, n): n for n in pred.products},
        "trends": {matcher.trend_key(n): n for n in pred.trends},
        "stances": {(k(COMPANY, c), s): f"{c} {s}" for c, s in pred.stances},
    }
    expected: dict[str, dict[Any, str]] = {
        "companies": {k(COMPANY, n): n for n in gold.get("companies", [])},
        "people": {k(PERSON, p["name"]): p["name"] for p in gold.get("people", [])},
        "products": {k(PRODUCT, p["name"]): p["name"] for p in gold.get("products", [])},
        "trends": {matcher.trend_key(n): n for n in gold.get("trends", [])},
        "stances": {},
    }
    pred_claimants = {(k(COMPANY, c), s): {k(COMPANY, w) if w != "article" else "article" for w in who}
                      for (c, s), who in pred.stances.items()}
    pred_evidence = {(k(COMPANY, c), s): text for (c, s), text in pred.evidence.items()}
    gold_claimants: dict[tuple[str, str], set[str]] = {}
    gold_evidence: dict[tuple[str, str], str] = {}
    for st in gold.get("stances", []):
        if st.get("stance") not in (GAINING, LOSING):
            continue
        pair = (k(COMPANY, st["company"]), st["stance"])
        claimant = st.get("claimant") or "article"
        expected["stances"].setdefault(pair, f"{st['company']} {st['stance']}")
        gold_claimants.setdefault(pair, set()).add("article" if claimant == "article" else k(COMPANY, claimant))
        gold_evidence.setdefault(pair, st.get("evidence", ""))
    gold_persons = {k(COMPANY, p["name"]) for p in gold.get("people", [])}
    return Comparison(predicted, expected, pred_claimants, gold_claimants, pred_evidence, gold_evidence,
                      {k(COMPANY, n) for n in pred.persons}, gold_persons)


def score(golds: list[dict], predictions: list[Prediction], matcher: Matcher) -> Report:
    report = Report(articles=len(golds))
    for gold, pred in zip(golds, predictions):
        c = compare(gold, pred, matcher)
        for f in FIELDS:
            report.scores[f].add(set(c.predicted[f]), set(c.gold[f]))
        for pair, claimants in c.gold_claimants.items():
            if pair in c.predicted_claimants:
                report.claimant_total += 1
                error = c.claimant_error(pair)
                report.claimant_right += error is None
                if error is not None:
                    report.claimant_errors[error] += 1
    return report


def misses(names: list[str], golds: list[dict], predictions: list[Prediction], matcher: Matcher) -> list[dict]:
    """Per article: items kg missed, items it found that the gold lacks, and wrong claimants."""
    out = []
    for name, gold, pred in zip(names, golds, predictions):
        c = compare(gold, pred, matcher)
        for f in FIELDS:
            for key in sorted(c.gold[f].keys() - c.predicted[f].keys(), key=str):
                out.append({"article": name, "kind": "missed", "field": f, "item": c.gold[f][key],
                            "sentence": c.gold_evidence.get(key, "")})
            for key in sorted(c.predicted[f].keys() - c.gold[f].keys(), key=str):
                out.append({"article": name, "kind": "spurious", "field": f, "item": c.predicted[f][key],
                            "sentence": c.predicted_evidence.get(key, "")})
        for pair, claimants in c.gold_claimants.items():
            found = c.predicted_claimants.get(pair)
            error = c.claimant_error(pair) if found is not None else None
            if error is not None:
                out.append({"article": name, "kind": "claimant", "field": "stances", "item": c.gold["stances"][pair],
                            "sentence": f"{error}: gold {', '.join(sorted(claimants))}; kg {', '.join(sorted(found))}"
                                        f" | {c.gold_evidence.get(pair, '')}"})
    return out


def evaluate(articles_dir: str | Path, gold_dir: str | Path, extractor: Extractor | None = None,
             baseline: bool = True, with_misses: bool = False) -> dict[str, Any]:
    """Scores of the extractor (and of the baseline) on a gold set; with_misses adds kg's misses."""
    pairs = load_pairs(articles_dir, gold_dir)
    extractor = extractor or Extractor()
    matcher = Matcher(extractor.gazetteer)
    golds = [g for _, _, g in pairs]
    records = [(p, a) for p, a, _ in pairs]
    predictions = predict(extractor, records)
    result: dict[str, Any] = {"kg": score(golds, predictions, matcher).as_dict()}
    if with_misses:
        result["misses"] = misses([p.stem for p, _, _ in pairs], golds, predictions, matcher)
    if baseline:
        result["baseline"] = score(golds, predict_baseline(load_bare(), records), matcher).as_dict()
    return result


def format_report(result: dict[str, Any]) -> str:
    lines = [f"{'':<12}{'kg P':>7}{'R':>7}{'F1':>7}" + (f"{'base P':>10}{'R':>7}{'F1':>7}" if "baseline" in result else "")]
    for f in FIELDS:
        row = f"{f:<12}" + "".join(f"{result['kg'][f][m]:>7.2f}" for m in ("precision", "recall", "f1"))
        if "baseline" in result:
            b = result["baseline"][f]
            row += f"{b['precision']:>10.2f}{b['recall']:>7.2f}{b['f1']:>7.2f}"
        lines.append(row)
    c = result["kg"]["claimant"]
    line = f"claimant right for {c['right']}/{c['of']} matched stances ({c['share']:.0%})"
    if "baseline" in result:
        b = result["baseline"]["claimant"]
        line += f"; baseline {b['right']}/{b['of']} ({b['share']:.0%})"
    lines.append(line)
    if c.get("errors"):
        lines.append("claimant errors: " + "; ".join(f"{kind} {n}" for kind, n in c["errors"].items()))
    lines.append(f"articles: {result['kg']['articles']}")
    if "misses" in result:
        lines.append("")
        lines.append(f"misses ({len(result['misses'])}):" if result["misses"] else "misses: none")
        for m in result["misses"]:
            sentence = f"  | {m['sentence']}" if m["sentence"] else ""
            lines.append(f"{m['article']}: {m['kind']} {m['field']}: {m['item']}{sentence}")
    return "\n".join(lines)
