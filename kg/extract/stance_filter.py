"""A learned filter over the stance rules' candidates: does a reader agree with this stance?

The rules (stance.py, polarity.py, prepositions.py) propose a gaining or losing stance for a target in a
sentence. The filter describes each proposal by features of the parse and the sentence (the cue and
its rule, the target's grammatical role and the path to its verb, the kind of organisation, who speaks,
negation and hedges, numbers, money, modals, the claim's kind) and scores it with a logistic
regression trained on the team's gold sets (scripts/train_stance_filter.py). Proposals scored below the
model's threshold are dropped; the score of the others becomes their confidence.

The model is a small JSON file shipped in the package (data/models/stance-filter.json, package
kg.models): feature weights, bias, threshold, and what it was trained on. Scoring is a dot product in
plain Python, so extraction needs neither scikit-learn nor the network.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from kg.errors import InputError
from kg.extract.polarity import Stance
from kg.resources import resource_dir

MODEL_FILE = "stance-filter.json"
MODALS = {"could", "would", "might", "may", "will", "should", "can"}


@dataclass(frozen=True)
class Candidate:
    """One stance the rules propose, with what the filter knows of it."""

    company: str
    stance: str
    sentence: str
    features: tuple[str, ...]
    score: float | None = None  # the filter's probability; None when no filter ran


def candidate_features(root: Token, st: Stance, sent: Span, *, kind: str | None, linked: bool,
                       resolved: bool, speaker_label: str | None, said: bool, claim_kind: str | None,
                       first_sentence: bool, bullet: bool) -> tuple[str, ...]:
    """The features of a proposed stance on the mention headed by `root`."""
    cue = (st.cue or "").lower()
    verb = next((t for t in [root, *root.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    path = []
    tok = root
    while tok.head.i != tok.i and len(path) < 4 and tok.pos_ not in ("VERB", "AUX"):
        path.append(tok.dep_)
        tok = tok.head
    words = {t.lower_ for t in sent}
    lemmas = {t.lemma_.lower() for t in sent}
    others = sum(1 for e in sent.ents if e.label_ == "ORG")
    feats = [
        "bias", f"stance={st.stance}", f"cue={cue}", f"stance_cue={st.stance}|{cue}",
        f"dep={root.dep_}", f"path={'>'.join(path)}", f"verb={verb.lemma_.lower() if verb is not None else '-'}",
        f"stance_verb={st.stance}|{verb.lemma_.lower() if verb is not None else '-'}",
        f"kind={kind or 'unknown'}", f"linked={linked}", f"resolved={resolved}",
        f"speaker={speaker_label or 'none'}", f"said={said}", f"strength={st.strength:.1f}",
        f"hedged={st.hedged}", f"claim_kind={claim_kind or '-'}", f"lede={first_sentence}", f"bullet={bullet}",
        f"orgs={min(others, 4)}", f"list={root.dep_ == 'conj' or any(c.dep_ == 'conj' for c in root.children)}",
        f"percent={'%' in words or 'percent' in words}", f"money={'$' in words or 'billion' in words}",
        f"modal={bool(words & MODALS)}", f"quote={chr(34) in sent.text or chr(8220) in sent.text}",
        f"share={'share' in lemmas}", f"users={bool(lemmas & {'user', 'customer', 'download', 'visit', 'traffic'})}",
        f"stock={bool(words & {'shares', 'stock', 'stocks', 'nasdaq', 'index'})}",
        f"negation={any(t.dep_ == 'neg' for t in sent)}", f"long={len(sent) > 35}",
        f"after_verb={verb is not None and root.i > verb.i}",
        f"clause={verb.dep_ if verb is not None else '-'}",  # the main clause, or "as X pulls ahead" (advcl)...
        f"stance_clause={st.stance}|{verb.dep_ if verb is not None else '-'}",
    ]
    return tuple(feats)


@dataclass
class StanceFilter:
    """A logistic regression over candidate features, read from its JSON file."""

    weights: dict[str, float]
    threshold: float
    version: str = "unknown"
    info: dict[str, Any] = field(default_factory=dict)

    def score(self, features: tuple[str, ...]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def keeps(self, score: float) -> bool:
        return score >= self.threshold

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> "StanceFilter":
        try:
            return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["threshold"]),
                       str(data.get("version", "unknown")), {k: v for k, v in data.items() if k != "weights"})
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError(where, "not a stance filter model (expected weights and threshold)") from None

    @classmethod
    def load(cls) -> "StanceFilter":
        """The model shipped with kg."""
        path = resource_dir("models") / MODEL_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(str(path), "the stance filter model is missing; reinstall kg or run "
                             "scripts/train_stance_filter.py") from None
        return cls.from_dict(data, str(path))
