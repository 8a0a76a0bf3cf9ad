"""Corroboration and contradiction between articles, applied as each article is stored.

Syndicated rewrites and re-reports of one story are common in this field. A
claim from a new article that says what a stored claim already says (the same
company and stance, near-duplicate wording: word shingles overlapping by half
or more, published within a month) is not a new claim: its article is linked
to the stored claim, (Claim)-[:CORROBORATED_BY]->(Source) and
(Source)-[:REPORTS]->, and momentum counts the claim once with its number of
sources. Candidates are only the stored claims about the same company with
the same stance, so the comparison is exact and stays cheap as the graph grows.

A claim of the opposite stance about the same company in the same month is
linked (Claim)-[:CONTRADICTS]->(Claim).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.schema import (ABOUT, ASSERTS, CLAIM, CONTRADICTS, CORROBORATED_BY, GAINING, LOSING, REPORTS,
                       SOURCE, Evidence, Node, Triple)
from kg.store.base import GraphStore

SAME_CLAIM_JACCARD = 0.5  # shingle overlap of two sentences that say the same thing
SAME_STORY_DAYS = 31
_STOP = frozenset("a an the of to in on for and or but with by as at from that this these those is are was were be "
                  "been has have had it its their his her he she they said says according".split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def shingles(text: str) -> frozenset[str]:
    """Content words and word pairs of a sentence: the unit near-duplicates share."""
    ws = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return frozenset(ws).union(zip(ws, ws[1:]))  # pairs as tuples: no strings to build


def _day(iso: str | None) -> int | None:
    """An ISO date as a day number, None if missing or malformed."""
    try:
        return date.fromisoformat(iso).toordinal() if iso else None
    except ValueError:
        return None


@dataclass
class _Claim:
    id: str
    text: str
    published: str | None
    shingles: frozenset[str]
    day: int | None
    targets: dict[str, str] = field(default_factory=dict)  # target id -> stance


class ClaimIndex:
    """The claims already stored, by (target, stance), for finding repeats and contradictions."""

    def __init__(self) -> None:
        self.claims: dict[str, _Claim] = {}
        # (target, stance) -> window of SAME_STORY_DAYS days (None: undated) -> claim ids. Two dates
        # at most that many days apart fall in the same or neighbouring windows.
        self.by_key: dict[tuple[str, str], dict[int | None, list[str]]] = {}

    @classmethod
    def from_store(cls, store: GraphStore) -> "ClaimIndex":
        index = cls()
        for claim_id, text, published, target, stance in store.claim_targets():
            index._add(claim_id, text or "", published, {target: stance})
        return index

    def _add(self, claim_id: str, text: str, published: str | None, targets: dict[str, str],
             words: frozenset[str] | None = None, day: int | None = None) -> None:
        known = self.claims.get(claim_id)
        if known is None:
            words = shingles(text) if words is None else words
            day = _day(published) if day is None else day
            known = self.claims[claim_id] = _Claim(claim_id, text, published, words, day)
        for t, stance in targets.items():
            if known.targets.get(t) != stance:
                known.targets[t] = stance
                window = None if known.day is None else known.day // SAME_STORY_DAYS
                self.by_key.setdefault((t, stance), {}).setdefault(window, []).append(claim_id)

    def _near(self, key: tuple[str, str], day: int | None) -> list[str]:
        """Stored claims under one (target, stance) that may lie within SAME_STORY_DAYS of `day`."""
        windows = self.by_key.get(key, {})
        if day is None:
            return [cid for ids in windows.values() for cid in ids]
        w = day // SAME_STORY_DAYS
        return [cid for k in (w - 1, w, w + 1, None) for cid in windows.get(k, ())]

    def same_claim(self, mine: frozenset[str], day: int | None, targets: dict[str, str]) -> _Claim | None:
        """The stored claim this one (its shingles, its article's day number) repeats, or None."""
        size = len(mine)
        best, best_score = None, 0.0
        for key in targets.items():
            for cid in self._near(key, day):
                other = self.claims[cid]
                if day is not None and other.day is not None and abs(day - other.day) > SAME_STORY_DAYS:
                    continue
                other_size = len(other.shingles)
                if min(size, other_size) < SAME_CLAIM_JACCARD * max(size, other_size):
                    continue  # Jaccard is at most the ratio of the sizes
                shared = len(mine & other.shingles)
                score = shared / (size + other_size - shared) if size or other_size else 0.0
                # Ties go to the smaller id, so the answer does not depend on the order claims were stored in.
                if score >= SAME_CLAIM_JACCARD and (score > best_score or (score == best_score and cid < best.id)):
                    best, best_score = other, score
        return best

    def opposite(self, claim_id: str, published: str | None, day: int | None, targets: dict[str, str]) -> list[str]:
        """Stored claims of the opposite stance about a shared company, in the same month."""
        month = (published or "")[:7]
        if not month:
            return []
        out = []
        for target, stance in targets.items():
            if stance not in (GAINING, LOSING):
                continue
            flip = LOSING if stance == GAINING else GAINING
            for cid in sorted(self._near((target, flip), day)):
                other = self.claims[cid]
                if cid != claim_id and (other.published or "")[:7] == month:
                    out.append(cid)
        return out

    def rewrite(self, source: Node, triples: list[Triple]) -> list[Triple]:
        """An article's triples with its repeated claims folded into the stored ones, and contradictions linked."""
        claims: dict[str, Node] = {}
        targets: dict[str, dict[str, str]] = {}
        evidence: dict[str, Evidence] = {}
        for t in triples:
            if t.subject.label == CLAIM and t.predicate == ABOUT:
                claims[t.subject.id] = t.subject
                targets.setdefault(t.subject.id, {})[t.object.id] = t.properties.get("stance")
                evidence.setdefault(t.subject.id, t.evidence)
        published = source.props.get("published")
        day = _day(published)
        words = {cid: shingles(node.props.get("text", node.name)) for cid, node in claims.items()}
        replaced: dict[str, _Claim] = {}
        for cid in claims:
            match = self.same_claim(words[cid], day, targets[cid])
            if match is not None:
                replaced[cid] = match
        out = _fold_repeats(source, triples, replaced)
        for cid, node in claims.items():
            if cid in replaced:
                continue
            for other in self.opposite(cid, published, day, targets[cid]):
                o = self.claims[other]
                out.append(Triple(node, CONTRADICTS, Node(CLAIM, o.text, o.id, {}), source, evidence[cid],
                                  {"confidence": node.props.get("confidence")}))
        for cid, node in claims.items():
            if cid not in replaced:
                self._add(cid, node.props.get("text", node.name), published, targets[cid], words[cid], day)
        return out


def _fold_repeats(source: Node, triples: list[Triple], replaced: dict[str, _Claim]) -> list[Triple]:
    """The triples with each repeated claim replaced by the stored one it repeats."""
    if not replaced:
        return list(triples)
    out: list[Triple] = []
    for t in triples:
        cid = t.object.id if t.object.label == CLAIM else t.subject.id if t.subject.label == CLAIM else None
        if cid not in replaced:
            out.append(t)
            continue
        canonical = replaced[cid]
        stored = Node(CLAIM, canonical.text, canonical.id, {})
        if t.predicate == REPORTS:
            out.append(Triple(t.subject, REPORTS, stored, t.source, t.evidence, dict(t.properties)))
            out.append(Triple(stored, CORROBORATED_BY, source, t.source, t.evidence,
                              {"confidence": t.properties.get("confidence")}))
        elif t.predicate == ASSERTS and t.subject.label != SOURCE:
            out.append(Triple(t.subject, ASSERTS, stored, t.source, t.evidence, dict(t.properties)))
        # ABOUT and CITES already hang off the stored claim; an article asserting a re-report adds nothing.
    return out
