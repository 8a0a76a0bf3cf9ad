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
                       SOURCE, Node, Triple)
from kg.store.base import GraphStore

SAME_CLAIM_JACCARD = 0.5  # shingle overlap of two sentences that say the same thing
SAME_STORY_DAYS = 31
_STOP = frozenset("a an the of to in on for and or but with by as at from that this these those is are was were be "
                  "been has have had it its their his her he she they said says according".split())

CLAIMS_QUERY = ("MATCH (c:Claim)-[r:ABOUT]->(x) "
                "RETURN c.id AS claim, c.text AS text, c.published AS published, x.id AS target, r.stance AS stance")


def shingles(text: str) -> frozenset[str]:
    """Content words and word pairs of a sentence: the unit near-duplicates share."""
    ws = [w for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower()) if w not in _STOP]
    return frozenset(ws) | frozenset(f"{a} {b}" for a, b in zip(ws, ws[1:]))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) if a and b else None
    except ValueError:
        return None


@dataclass
class _Claim:
    id: str
    text: str
    published: str | None
    shingles: frozenset[str]
    targets: dict[str, str] = field(default_factory=dict)  # target id -> stance


class ClaimIndex:
    """The claims already stored, by (target, stance), for finding repeats and contradictions."""

    def __init__(self) -> None:
        self.claims: dict[str, _Claim] = {}
        self.by_key: dict[tuple[str, str], list[str]] = {}

    @classmethod
    def from_store(cls, store: GraphStore) -> "ClaimIndex":
        index = cls()
        for claim_id, text, published, target, stance in store.query(CLAIMS_QUERY).rows:
            index._add(claim_id, text or "", published, {target: stance})
        return index

    def _add(self, claim_id: str, text: str, published: str | None, targets: dict[str, str]) -> None:
        known = self.claims.get(claim_id)
        if known is None:
            known = self.claims[claim_id] = _Claim(claim_id, text, published, shingles(text))
        for t, stance in targets.items():
            if known.targets.get(t) != stance:
                known.targets[t] = stance
                self.by_key.setdefault((t, stance), []).append(claim_id)

    def same_claim(self, text: str, published: str | None, targets: dict[str, str]) -> _Claim | None:
        mine = shingles(text)
        best, best_score = None, 0.0
        candidates = sorted({cid for key in targets.items() for cid in self.by_key.get(key, ())})
        for cid in candidates:  # sorted: ties go the same way in every run
            other = self.claims[cid]
            days = _days_apart(published, other.published)
            if days is not None and days > SAME_STORY_DAYS:
                continue
            score = jaccard(mine, other.shingles)
            if score >= SAME_CLAIM_JACCARD and score > best_score:
                best, best_score = other, score
        return best

    def opposite(self, claim_id: str, published: str | None, targets: dict[str, str]) -> list[str]:
        """Stored claims of the opposite stance about a shared company, in the same month."""
        month = (published or "")[:7]
        if not month:
            return []
        out = []
        for target, stance in targets.items():
            if stance not in (GAINING, LOSING):
                continue
            flip = LOSING if stance == GAINING else GAINING
            for cid in sorted(self.by_key.get((target, flip), ())):
                other = self.claims[cid]
                if cid != claim_id and (other.published or "")[:7] == month:
                    out.append(cid)
        return out

    def rewrite(self, source: Node, triples: list[Triple]) -> list[Triple]:
        """An article's triples with its repeated claims folded into the stored ones, and contradictions linked."""
        claims: dict[str, Node] = {}
        targets: dict[str, dict[str, str]] = {}
        for t in triples:
            if t.subject.label == CLAIM and t.predicate == ABOUT:
                claims[t.subject.id] = t.subject
                targets.setdefault(t.subject.id, {})[t.object.id] = t.properties.get("stance")
        published = source.props.get("published")
        replaced: dict[str, _Claim] = {}
        for cid, node in claims.items():
            match = self.same_claim(node.props.get("text", node.name), published, targets[cid])
            if match is not None:
                replaced[cid] = match
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
        for cid, node in claims.items():
            if cid in replaced:
                continue
            evidence = next(t.evidence for t in triples if t.subject.id == cid)
            for other in self.opposite(cid, published, targets[cid]):
                o = self.claims[other]
                out.append(Triple(node, CONTRADICTS, Node(CLAIM, o.text, o.id, {}), source, evidence,
                                  {"confidence": node.props.get("confidence")}))
        for cid, node in claims.items():
            if cid not in replaced:
                self._add(cid, node.props.get("text", node.name), published, targets[cid])
        return out

