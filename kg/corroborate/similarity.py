"""How alike two claims are, and how strongly an article belongs to a stored story: pure functions over terms.

A claim's terms come from extraction (kg.extract.terms): content lemmas, numbers with their units and
quoted word pairs. Rewrites of one story keep its facts (the numbers, the names of things, a quoted
phrase, the content words of what happened) and change the rest, so two claims are compared by the
weight of the terms they share against the weight each has (a weighted Ochiai coefficient, which does
not punish a short brief for leaving out most of a long original), then adjusted by two kinds of
evidence that words alone miss: two different claimants make a match less likely, and two claims
that both give figures but share none of them are probably about different events.

Nothing here is learned or random: the same terms give the same score on every machine and in any
order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

NUMBER, QUOTED, CONTEXT = "#", '"', "~"
CONTEXT_SHARE = 0.5   # a name or figure of a neighbouring sentence counts half
WORD_WEIGHT = 1.0
FIGURE_WEIGHT = 2.5   # an amount, a percentage or a count of three digits or more: rarely shared by chance
MINOR_NUMBER_WEIGHT = 0.5  # a year or a small count ("2025", "two") is shared by many events
QUOTED_WEIGHT = 1.5   # two words quoted verbatim, in order
SAME_CLAIMANT = 1.25
OTHER_CLAIMANT = 0.7
FIGURES_DISAGREE = 0.5
MIN_NAMES = 3
_YEAR = re.compile(r"(19|20)\d\d")
_UNITS = frozenset("%bmtk")

# For claims that carry no terms (stored or extracted before claims had them): plain words of the text.
_WORD = re.compile(r"[a-z][a-z'-]+|\d[\d.,]*%?")
_STOP = frozenset("a an the of to in on for and or but with by as at from that this these those is are was were "
                  "be been has have had it its their his her he she they said says according which who will "
                  "would could may might not no than more most also after before over into about".split())


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """A claim's terms with their weights, and what the adjustments look at."""

    weights: dict[str, float]
    total: float
    figures: frozenset[str]
    claimant: str | None  # None: the article's own claim

    @classmethod
    def of(cls, terms: Iterable[str], claimant: str | None) -> "ClaimFeatures":
        weights: dict[str, float] = {}
        for t in terms:
            if t[0] == CONTEXT:
                t = t[1:]
                weights[t] = max(weights.get(t, 0.0), CONTEXT_SHARE * term_weight(t))
            else:
                weights[t] = term_weight(t)
        figures = frozenset(t for t, w in weights.items() if w == FIGURE_WEIGHT and t[0] == NUMBER)  # own, not context
        return cls(weights, sum(weights.values()), figures,
                   None if not claimant or claimant == "article" else claimant.lower())


def term_weight(term: str) -> float:
    if term[0] == NUMBER:
        number = term[1:]
        if number[-1] in _UNITS or (len(number.split(".")[0]) >= 3 and not _YEAR.fullmatch(number)):
            return FIGURE_WEIGHT
        return MINOR_NUMBER_WEIGHT
    return QUOTED_WEIGHT if term[0] == QUOTED else WORD_WEIGHT


def text_terms(text: str) -> list[str]:
    """Terms from a claim's text alone, for claims that carry none: lower-case words less stop words."""
    out = set()
    for w in _WORD.findall(text.lower()):
        if w[0].isdigit():
            out.add(NUMBER + w.replace(",", "").rstrip("."))
        elif w not in _STOP:
            out.add(w)
    return sorted(out)


def claim_similarity(a: ClaimFeatures, b: ClaimFeatures, shared: float | None = None) -> float:
    """0..1: how likely two claims about one company say the same thing. `shared` is the weight of the
    terms they share (the smaller of the two weights of each), when the caller has summed it already."""
    if not a.total or not b.total:
        return 0.0
    if shared is None:
        shared = sum(min(w, b.weights[t]) for t, w in a.weights.items() if t in b.weights)
    score = shared / math.sqrt(a.total * b.total)
    if a.claimant is not None and b.claimant is not None:
        score *= SAME_CLAIMANT if a.claimant == b.claimant else OTHER_CLAIMANT
    if a.figures and b.figures and a.figures.isdisjoint(b.figures):
        score *= FIGURES_DISAGREE
    return min(score, 1.0)


def entity_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of the companies, people, products and trends two articles mention; two articles
    that name one or two things each are not alike for sharing them, so the union counts as at least
    MIN_NAMES."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / max(len(a) + len(b) - shared, MIN_NAMES)
