"""Scores how a store grouped rewrites, against a labelled set of stories (data/stories/).

The labels say which articles report the same story (the rest are distractors: same companies and
stances, another event), which claim sentences state the same fact, and each story's main claims.
Scores are pairwise: of the pairs of articles kg put in one story, how many the labels put in one
story (precision), and of the pairs the labels put in one story, how many kg did (recall); the same
for pairs of claim sentences that kg folded into one claim against pairs that state a shared fact.
For each main claim, `counted` is how many times momentum counts it (1 is right; 0 means extraction
missed it; more means rewrites were counted apart), beside how many of the story's articles report
it and how many distinct claims kg keeps for it.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from kg.errors import InputError
from kg.store.base import GraphStore

SOURCES = "MATCH (s:Source) RETURN s.id AS source, s.path AS path"
CLAIM_REPORTS = ("MATCH (s:Source)-[r:REPORTS]->(c:Claim) "
                 "RETURN s.id AS source, c.id AS claim, r.sentence AS sentence")
CLAIM_TARGETS = ("MATCH (s:Source)-[:REPORTS]->(c:Claim)-[r:ABOUT]->(co:Company) "
                 "RETURN s.id AS source, c.id AS claim, co.name AS company, r.stance AS stance")


@dataclass
class StoryLabels:
    stories: dict[str, list[str]]
    distractors: list[str]
    main_claims: dict[str, list[tuple[str, str]]]
    facts: dict[str, dict[str, list[str]]]

    @classmethod
    def load(cls, path: str | Path) -> "StoryLabels":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls({k: list(v) for k, v in data["stories"].items()}, list(data["distractors"]),
                       {k: [(c, s) for c, s in v] for k, v in data.get("main_claims", {}).items()},
                       {k: {f: list(p) for f, p in v.items()} for k, v in data.get("facts", {}).items()})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(str(path), f"not a stories labels file ({exc})") from None

    def story_of(self, article: str) -> str:
        """The labelled story of an article file; a distractor (or an unlabelled file) is its own."""
        for story, files in self.stories.items():
            if article in files:
                return story
        return article


@dataclass
class PairScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.true_positives += 1
        elif predicted:
            self.false_positives += 1
        elif gold:
            self.false_negatives += 1


@dataclass
class MainClaimCount:
    story: str
    company: str
    stance: str
    rewrites: int   # the story's articles that report it
    claims: int     # distinct claims kg keeps for it (what momentum counted before stories)
    counted: int    # how many times momentum counts it now


@dataclass
class StoryScores:
    stories: PairScore = field(default_factory=PairScore)
    claims: PairScore = field(default_factory=PairScore)
    distractors_merged: list[str] = field(default_factory=list)
    main_claims: list[MainClaimCount] = field(default_factory=list)
    predicted: dict[str, list[str]] = field(default_factory=dict)  # kg's story -> article files


def score_store(store: GraphStore, labels: StoryLabels) -> StoryScores:
    """Pairwise scores of the stories and claims in a store that holds the labelled articles."""
    from kg.analysis import source_stories, story_views
    scores = StoryScores()
    file_of = {source: PurePath(path or source).name for source, path in store.query(SOURCES).rows}
    story = source_stories(store)
    for a, b in itertools.combinations(sorted(file_of), 2):
        scores.stories.add(labels.story_of(file_of[a]) == labels.story_of(file_of[b]), story[a] == story[b])
    members: dict[str, list[str]] = defaultdict(list)
    for source, s in story.items():
        members[s].append(file_of[source])
    scores.predicted = {s: sorted(files) for s, files in sorted(members.items())}
    scores.distractors_merged = sorted(f for files in members.values() if len(files) > 1
                                       for f in files if f in labels.distractors)

    instances = [(file_of[source], claim, sentence or "") for source, claim, sentence in store.query(CLAIM_REPORTS).rows]
    facts = {(f, sentence): {fact for fact, by_file in labels.facts.items()
                             for phrase in by_file.get(f, ()) if phrase in sentence}
             for f, _, sentence in instances}
    for (fa, ca, sa), (fb, cb, sb) in itertools.combinations(sorted(instances), 2):
        if fa != fb:
            scores.claims.add(bool(facts[(fa, sa)] & facts[(fb, sb)]), ca == cb)

    about = defaultdict(set)  # (file, company, stance) -> claim ids
    for source, claim, company, stance in store.query(CLAIM_TARGETS).rows:
        about[(file_of[source], company.lower(), stance)].add(claim)
    views = story_views(store)
    for name, mains in labels.main_claims.items():
        files = set(labels.stories.get(name, ()))
        for company, stance in mains:
            keys = [(f, company.lower(), stance) for f in files]
            claims = set().union(*(about.get(k, set()) for k in keys))
            counted = sum(1 for v in views if v.company.lower() == company.lower() and v.stance == stance
                          and any(c.id in claims for c in v.claims))
            scores.main_claims.append(MainClaimCount(name, company, stance, sum(1 for k in keys if about.get(k)),
                                                     len(claims), counted))
    return scores
