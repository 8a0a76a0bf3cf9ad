"""The claim index: finds, for each new article, the stored story it repeats and the stored claims it repeats.

Applied as each article is stored (kg ingest, kg load), over what its triples carry. Candidates are the
stored claims about one of the claim's companies (or products) that share a term with it, looked up in
postings by (target, term) and, for a dated article, by month-long window: stored claims dated within
SAME_STORY_DAYS days, or undated. An undated article, or an undated stored claim, is compared as if
within the window, and what it matched is marked `matched_without_dates`.

Then, in this order:

1. Story. The article's claims vote for the stories of the stored claims they resemble (any stance):
   a story's evidence is the sum, over the article's claims, of each one's best similarity to a claim of
   that story (those above CLAIM_FLOOR), plus how much the article's named things overlap those of the
   story's most similar article. The article joins the story with the most evidence if it reaches
   JOIN_STORY (one near-identical claim, or several looser ones with shared names); otherwise it starts
   a story of its own. The Source node carries the story's id as `story`.
2. Claims. A claim repeats a stored claim with the same stance on a shared target when their similarity
   reaches SAME_CLAIM, or SAME_CLAIM_IN_STORY when the stored claim belongs to the story the article
   joined (two articles that share several matched claims are one story, so their looser matches are
   trusted too), or when the sentences are the same. A repeat is folded into the stored claim:
   (Claim)-[:CORROBORATED_BY {similarity}]->(Source) and (Source)-[:REPORTS]->(Claim).
3. Contradictions. A new claim of the opposite stance about the same company in the same month is
   linked (Claim)-[:CONTRADICTS]->(Claim).

Ties go to the smaller id, so the answer does not depend on the order claims were stored in; which
article starts a story does (the first one stored).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from kg.corroborate.groups import StoryGroups, story_of
from kg.corroborate.similarity import ClaimFeatures, claim_similarity, entity_overlap, text_terms
from kg.schema import (ABOUT, ASSERTS, CLAIM, CONTRADICTS, CORROBORATED_BY, GAINING, LOSING, MENTIONS, REPORTS,
                       SOURCE, Evidence, Node, Triple)
from kg.store.base import GraphStore

SAME_STORY_DAYS = 31
CLAIM_FLOOR = 0.2           # below this, two claims are no evidence of one story
SAME_CLAIM = 0.5            # the same claim, wherever it is stored
SAME_CLAIM_IN_STORY = 0.3   # the same claim, within the story the article joined
JOIN_STORY = 0.8            # story evidence an article needs to join a stored story


def _day(iso: str | None) -> int | None:
    """An ISO date as a day number, None if missing or malformed."""
    try:
        return date.fromisoformat(iso).toordinal() if iso else None
    except ValueError:
        return None


def _text_key(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(slots=True)
class _Claim:
    id: str
    text: str
    published: str | None
    day: int | None
    story: str
    # Its first wording, then each other wording folded into it: a later rewrite may repeat either.
    variants: list[ClaimFeatures] = field(default_factory=list)
    targets: dict[str, str] = field(default_factory=dict)  # target id -> stance


@dataclass(slots=True)
class _Match:
    claim: _Claim
    similarity: float


class ClaimIndex:
    """The stored claims and stories, indexed for finding repeats and contradictions."""

    def __init__(self) -> None:
        self.claims: dict[str, _Claim] = {}
        # (target, term) -> window of SAME_STORY_DAYS days (None: undated) -> (claim id, wording number,
        # the term's weight in that wording).
        # Two dates at most that many days apart fall in the same or neighbouring windows.
        self.postings: dict[tuple[str, str], dict[int | None, list[tuple[str, int, float]]]] = {}
        self.by_key: dict[tuple[str, str], dict[int | None, list[str]]] = {}  # (target, stance) -> windows
        self.by_text: dict[str, list[str]] = {}  # normalised sentence -> claims with that wording
        self.groups = StoryGroups()
        self._known_features: dict[tuple, ClaimFeatures] = {}  # copies of one sentence share their terms

    def _features(self, terms: list[str] | None, text: str, claimant: str | None) -> ClaimFeatures:
        key = (tuple(terms) if terms else text, claimant)
        known = self._known_features.get(key)
        if known is None:
            known = self._known_features[key] = _features(terms, text, claimant)
        return known

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_store(cls, store: GraphStore) -> "ClaimIndex":
        index = cls()
        sources = store.story_sources()
        index.groups = StoryGroups.from_sources(sources)
        stories = {source: story or story_of(source) for source, story, _, _ in sources}
        names: dict[str, set[str]] = defaultdict(set)
        for source, thing in store.source_mentions():
            names[source].add(thing)
        for source, story, _, published in sources:
            index.groups.add_article(story or story_of(source), frozenset(names.get(source, ())), _day(published))
        for claim_id, text, published, terms, claimant, source, target, stance in store.claim_rows():
            known = index.claims.get(claim_id)
            if known is None:
                known = _Claim(claim_id, text or "", published, _day(published),
                               stories.get(source or "", story_of(source or claim_id)))
                index._add_wording(known, index._features(terms, text or "", claimant), _text_key(text or ""))
            index._add(known, {target: stance})
        for claim_id, terms, claimant, sentence in store.claim_rewordings():
            known = index.claims.get(claim_id)
            if known is not None:
                index._add_wording(known, index._features(terms, sentence or "", claimant), _text_key(sentence or ""))
        return index

    def _window(self, claim: _Claim) -> int | None:
        return None if claim.day is None else claim.day // SAME_STORY_DAYS

    def _add(self, claim: _Claim, targets: dict[str, str]) -> None:
        """Index a claim (its wordings already added) under these targets and stances."""
        self.claims.setdefault(claim.id, claim)
        window = self._window(claim)
        for target, stance in targets.items():
            if claim.targets.get(target) == stance:
                continue
            fresh_target = target not in claim.targets
            claim.targets[target] = stance
            self.by_key.setdefault((target, stance), {}).setdefault(window, []).append(claim.id)
            if fresh_target:
                for k, features in enumerate(claim.variants):
                    self._post(target, window, claim.id, k, features)

    def _add_wording(self, claim: _Claim, features: ClaimFeatures, text_key: str) -> None:
        """Another wording of a claim (its terms and normalised sentence), indexed under its targets; the
        same terms twice are kept once."""
        if any(v.weights.keys() == features.weights.keys() for v in claim.variants):
            return
        claim.variants.append(features)
        self.by_text.setdefault(text_key, []).append(claim.id)
        window = self._window(claim)
        for target in claim.targets:
            self._post(target, window, claim.id, len(claim.variants) - 1, features)

    def _post(self, target: str, window: int | None, claim_id: str, k: int, features: ClaimFeatures) -> None:
        for term, weight in features.weights.items():
            self.postings.setdefault((target, term), {}).setdefault(window, []).append((claim_id, k, weight))

    # -- looking up -----------------------------------------------------------------------------

    def _windows(self, day: int | None) -> tuple[int | None, ...] | None:
        """The windows a claim of this day may match in (None: every window)."""
        if day is None:
            return None
        w = day // SAME_STORY_DAYS
        return (w - 1, w, w + 1, None)

    def _near(self, by_window: dict[int | None, list], windows: tuple[int | None, ...] | None) -> list:
        if windows is None:
            return [item for items in by_window.values() for item in items]
        return [item for w in windows for item in by_window.get(w, ())]

    def candidates(self, features: ClaimFeatures, text_key: str, day: int | None,
                   targets: dict[str, str]) -> list[_Match]:
        """Stored claims about one of these targets (any stance) that share terms with this claim, within
        the date window, with their similarity to it (to their closest wording) if at least CLAIM_FLOOR;
        the same sentence counts as similarity 1."""
        claims = self.claims
        same = {cid: 1.0 for cid in self.by_text.get(text_key, ())
                if any(t in claims[cid].targets for t in targets) and not (
                    day is not None and claims[cid].day is not None and abs(day - claims[cid].day) > SAME_STORY_DAYS)}
        if same:
            # The same sentence about the same company: nothing can match better (wire copy, mostly).
            return [_Match(claims[cid], 1.0) for cid in same]
        windows = self._windows(day)
        postings = self.postings
        shared: dict[tuple[str, int], float] = {}
        for target in targets:
            per_target: dict[tuple[str, int], float] = {}
            for term, weight in features.weights.items():
                by_window = postings.get((target, term))
                if by_window is None:
                    continue
                for entries in (by_window.values() if windows is None else map(by_window.get, windows)):
                    if entries is None:
                        continue
                    for cid, k, theirs in entries:
                        key = (cid, k)
                        per_target[key] = per_target.get(key, 0.0) + (weight if weight <= theirs else theirs)
            shared.update(per_target)  # a wording found under two targets shares the same terms
        best: dict[str, float] = {}
        for (cid, k), weight in shared.items():
            other = claims[cid]
            if day is not None and other.day is not None and abs(day - other.day) > SAME_STORY_DAYS:
                continue
            similarity = claim_similarity(features, other.variants[k], weight)
            if similarity >= CLAIM_FLOOR and similarity > best.get(cid, 0.0):
                best[cid] = similarity
        return [_Match(claims[cid], similarity) for cid, similarity in best.items()]

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
            for cid in sorted(self._near(self.by_key.get((target, flip), {}), self._windows(day))):
                other = self.claims[cid]
                if cid != claim_id and (other.published or "")[:7] == month:
                    out.append(cid)
        return out

    # -- one article ----------------------------------------------------------------------------

    def rewrite(self, source: Node, triples: list[Triple]) -> tuple[Node, list[Triple]]:
        """An article's Source node with its story, and its triples with repeated claims folded into the
        stored ones and contradictions linked. The index then holds the article's new claims."""
        claims: dict[str, Node] = {}
        targets: dict[str, dict[str, str]] = {}
        evidence: dict[str, Evidence] = {}
        names: set[str] = set()
        for t in triples:
            if t.subject.label == CLAIM and t.predicate == ABOUT:
                claims[t.subject.id] = t.subject
                targets.setdefault(t.subject.id, {})[t.object.id] = t.properties.get("stance")
                evidence.setdefault(t.subject.id, t.evidence)
            elif t.predicate == MENTIONS:
                names.add(t.object.id)
        entities = frozenset(names)
        published = source.props.get("published")
        day = _day(published)
        features: dict[str, ClaimFeatures] = {}
        text_keys: dict[str, str] = {}
        matches: dict[str, list[_Match]] = {}
        for cid, node in claims.items():
            text = node.props.get("text", node.name)
            features[cid] = self._features(node.props.get("terms"), text, node.props.get("claimant"))
            text_keys[cid] = _text_key(text)
            matches[cid] = self.candidates(features[cid], text_keys[cid], day, targets[cid])

        story, merges, undated = self._story(source.id, entities, matches, targets, day)
        replaced: dict[str, _Match] = {}
        for cid, found in matches.items():
            best = self._same_claim(found, targets[cid], story)
            if best is not None:
                replaced[cid] = best
        source = Node(SOURCE, source.name, source.id, {**source.props, "story": story, "story_merges": merges or None,
                                                        "matched_without_dates": undated or None})
        out = _fold_repeats(source, triples, replaced, day)
        for cid, node in claims.items():
            if cid in replaced:
                continue
            for other in self.opposite(cid, published, day, targets[cid]):
                o = self.claims[other]
                out.append(Triple(node, CONTRADICTS, Node(CLAIM, o.text, o.id, {}), source, evidence[cid],
                                  {"confidence": node.props.get("confidence")}))
        for other in merges:
            self.groups.join(story, other)
        self.groups.add_article(story, entities, day)
        for cid, node in claims.items():
            match = replaced.get(cid)
            if match is None:
                claim = _Claim(cid, node.props.get("text", node.name), published, day, story)
                self._add_wording(claim, features[cid], text_keys[cid])
                self._add(claim, targets[cid])
            else:
                self._add_wording(match.claim, features[cid], text_keys[cid])
        return source, out

    def _story(self, source_id: str, entities: frozenset[str], matches: dict[str, list[_Match]],
               targets: dict[str, dict[str, str]], day: int | None) -> tuple[str, list[str], bool]:
        """The stored story this article joins (else a new one of its own), the other stored stories it
        belongs to as strongly (they are one story with it), and whether that was decided without dates
        on one side."""
        best_claims: dict[str, dict[str, _Match]] = defaultdict(dict)  # story -> this article's claim -> best
        for cid, found in matches.items():
            for m in found:
                story = self.groups.root(m.claim.story)
                known = best_claims[story].get(cid)
                if known is None or m.similarity > known.similarity:
                    best_claims[story][cid] = m
        scores: dict[str, float] = {}
        for story, per_claim in best_claims.items():
            score = sum(m.similarity for m in per_claim.values())
            if score < JOIN_STORY or len(best_claims) > 1:  # else the names cannot change the answer
                # The companies the matched claims are about are shared by construction: no evidence.
                about = frozenset(t for cid in per_claim for t in targets[cid])
                mine = entities - about
                score += max((entity_overlap(mine, names - about) for names in self.groups.members(story)),
                             default=0.0)
            # One repeated claim (SAME_CLAIM) makes the article part of that story, whatever else it says.
            if score >= JOIN_STORY or max(m.similarity for m in per_claim.values()) >= SAME_CLAIM:
                scores[story] = score
        if not scores:
            return story_of(source_id), [], False
        best = min(scores, key=lambda s: (-scores[s], s))
        undated = day is None or any(m.claim.day is None for m in best_claims[best].values())
        # An undated article could bridge stories months apart: stories merge only if they began within
        # SAME_STORY_DAYS of each other (or one has no date).
        first = self.groups.first_day(best)
        merges = sorted(s for s, score in scores.items() if s != best and score >= JOIN_STORY and (
            first is None or (other := self.groups.first_day(s)) is None or abs(first - other) <= SAME_STORY_DAYS))
        return best, merges, undated

    def _same_claim(self, found: list[_Match], targets: dict[str, str], story: str) -> _Match | None:
        """The stored claim this one repeats: same stance on a shared target, similar enough."""
        best: _Match | None = None
        for m in found:
            if not any(m.claim.targets.get(t) == stance for t, stance in targets.items()):
                continue
            if m.similarity < (SAME_CLAIM_IN_STORY if self.groups.root(m.claim.story) == story else SAME_CLAIM):
                continue
            if best is None or m.similarity > best.similarity or (
                    m.similarity == best.similarity and m.claim.id < best.claim.id):
                best = m
        return best


def _features(terms: list[str] | None, text: str, claimant: str | None) -> ClaimFeatures:
    # No terms (stored before claims had them, or none found: stores leave empty lists out) means the words.
    return ClaimFeatures.of(terms or text_terms(text), claimant)


def _fold_repeats(source: Node, triples: list[Triple], replaced: dict[str, _Match], day: int | None) -> list[Triple]:
    """The triples with each repeated claim replaced by the stored one it repeats. CORROBORATED_BY keeps
    the rewrite's terms and claimant, so that a later rewrite can match this wording too."""
    if not replaced:
        return list(triples)
    out: list[Triple] = []
    stored_nodes = {cid: Node(CLAIM, m.claim.text, m.claim.id, {}) for cid, m in replaced.items()}
    for t in triples:
        cid = t.object.id if t.object.label == CLAIM else t.subject.id if t.subject.label == CLAIM else None
        stored = stored_nodes.get(cid)
        if stored is None:
            out.append(t)
            continue
        match = replaced[cid]
        canonical = match.claim
        if t.predicate == REPORTS:
            out.append(Triple(t.subject, REPORTS, stored, t.source, t.evidence, dict(t.properties)))
            out.append(Triple(stored, CORROBORATED_BY, source, t.source, t.evidence,
                              {"confidence": t.properties.get("confidence"),
                               "similarity": round(match.similarity, 2),
                               "matched_without_dates": (day is None or canonical.day is None) or None,
                               "terms": t.object.props.get("terms"), "claimant": t.object.props.get("claimant")}))
        elif t.predicate == ASSERTS and t.subject.label != SOURCE:
            out.append(Triple(t.subject, ASSERTS, stored, t.source, t.evidence, dict(t.properties)))
        # ABOUT and CITES already hang off the stored claim; an article asserting a re-report adds nothing.
    return out
