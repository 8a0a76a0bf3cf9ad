"""From one sentence's mentions, speaker and stances to triples: entity triples and the claim.

`ArticleTriples` collects an article's triples (one node object per id, one relationship per subject,
type and object: its first evidence). `ClaimBuilder` writes what a sentence holds: MENTIONS,
MADE_BY and AFFILIATED_WITH for its entities, and when it asserts a stance (or a named speaker says
something) a Claim with REPORTS, ASSERTS, ABOUT for each target, CITES, FAVORS and THREATENS.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from spacy.tokens import Span, Token

from kg.extract.attribution import affiliation_in_text, reports_on_another
from kg.extract.context import ArticleContext
from kg.extract.lexicon import Cues, Gazetteer
from kg.extract.mentions import Mention
from kg.extract.polarity import Stance
from kg.extract.stance import StanceRules
from kg.extract.stance_filter import Candidate, StanceFilter, candidate_features
from kg.extract.terms import ClaimTerms
from kg.extract.timing import event_time
from kg.schema import (ABOUT, AFFILIATED_WITH, ASSERTS, CITES, CLAIM, COMPANY, FAVORS, GAINING, LOSING, MADE_BY,
                       MENTIONS, NEUTRAL, PERSON, PRODUCT, REPORTS, STANCE_SCORE, THREATENS, TREND, Evidence, Node,
                       Triple, content_hash, node_id)


class ArticleTriples:
    """Collects an article's triples, keeping one node object per id."""

    def __init__(self, source: Node, triples: list[Triple], min_confidence: float,
                 candidates: list[Candidate] | None = None) -> None:
        self.source = source
        self.triples = triples
        self.candidates = candidates  # when a list: every stance the rules proposed, with its features
        self.nodes: dict[str, Node] = {source.id: source}
        self.min_confidence = min_confidence
        self._seen: set[tuple[str, str, str]] = set()

    def node(self, label: str, name: str) -> Node:
        nid = node_id(label, name)
        if nid not in self.nodes:
            self.nodes[nid] = Node(label, name, nid, {})
        return self.nodes[nid]

    def add(self, subject: Node, predicate: str, obj: Node, ev: Evidence, props: dict,
            confidence: float) -> None:
        if confidence < self.min_confidence:
            return
        key = (subject.id, predicate, obj.id)
        if key in self._seen:
            return  # one relationship per (subject, type, object) and article: its first evidence
        self._seen.add(key)
        self.triples.append(Triple(subject, predicate, obj, self.source, ev,
                                   {**props, "confidence": confidence}))


    def credit(self, asserter: Node, end: int) -> None:
        """Credit `asserter` with the claims the article asserted in its own voice before offset `end`
        (the headline of a write-up, once the article shows whose report it writes up)."""
        for n, t in enumerate(self.triples):
            if t.predicate == ASSERTS and t.subject is self.source and t.evidence.end <= end:
                self.triples[n] = Triple(asserter, ASSERTS, t.object, self.source, t.evidence, t.properties)
                t.object.props["claimant"] = asserter.name
                self._seen.add((asserter.id, ASSERTS, t.object.id))

    def first_claimant_after(self, start: int) -> Node | None:
        """Who asserts the first claim after offset `start`, when a party does (None for the article's voice)."""
        first = min((t for t in self.triples if t.predicate == ASSERTS and t.evidence.start >= start),
                    key=lambda t: t.evidence.start, default=None)
        return None if first is None or first.subject is self.source else first.subject


class ClaimBuilder:
    def __init__(self, gazetteer: Gazetteer, cues: Cues, stance: StanceRules,
                 stance_filter: StanceFilter | None = None) -> None:
        self.gazetteer = gazetteer
        self.stance = stance
        self.filter = stance_filter
        self.claim_kinds = cues.claim_kinds
        self.hedge_words = cues.hedges
        self.non_target_kinds = cues.non_target_kinds
        self.source_nouns = cues.source_nouns
        self.tracking = cues.tracking_verbs
        self.source_name_words = cues.source_name_words
        self.terms = ClaimTerms(cues)

    def entity_triples(self, in_sent: list[Mention], trends: list, ev: Evidence, b: ArticleTriples,
                       ctx: ArticleContext) -> None:
        for m in in_sent:
            node = b.node(m.label, m.name)
            b.add(b.source, MENTIONS, node, ev, {}, 0.9 if m.linked else 0.7)
            if m.label == PRODUCT:
                entry = self.gazetteer.get(m.id)
                maker = entry.link if entry else (self._canonical_company(m.maker) or _possessor(m, in_sent))
                if maker:
                    b.add(node, MADE_BY, b.node(COMPANY, maker), ev, {}, 0.9 if entry else 0.7)
            elif m.label == PERSON:
                company = affiliation_in_text(m, in_sent)
                if company is not None:
                    ctx.affiliations[m.id] = company
                    b.add(node, AFFILIATED_WITH, b.node(COMPANY, company.name), ev, {}, 0.85)
                else:
                    entry = self.gazetteer.get(m.id)
                    if entry and entry.link:
                        b.add(node, AFFILIATED_WITH, b.node(COMPANY, entry.link), ev, {}, 0.8)
        for t in trends:
            b.add(b.source, MENTIONS, b.node(TREND, t.name), ev, {}, 0.8)

    def claim(self, sent: Span, ev: Evidence, targets: list[Mention], trends: list, speaker: Mention | None,
              content: set[int] | None, b: ArticleTriples, verb: Token | None = None, said: bool = True,
              lede: bool = False, bullet: bool = False, labelled: tuple[Mention, Stance] | None = None) -> None:
        """The sentence's claim, if it makes one: a stance on a target, or anything a speaker the sentence
        names says (`said`; a speaker carried over from the paragraph only claims stances)."""
        stances: list[tuple[Mention, Stance]] = []
        seen: set[tuple[str, str]] = set()
        sentence_kind = functools.cache(lambda: self.kind(sent))  # the filter and the claim both need it
        if labelled is not None and labelled[1].stance != NEUTRAL:
            m, st = labelled
            st = self._filtered(m, st, sent, speaker, said, lede, bullet, b, sentence_kind)
            if st.stance != NEUTRAL:
                stances.append((m, st))
                seen.add((m.id, st.stance))
        for m in targets:
            if content is not None and m.root.i not in content:
                continue  # the speaker's own phrase ("Martin Casado of a16z") is not what is claimed
            if not self.can_be_target(m):
                continue
            st = self.stance.stance_of(m.root)
            if st.stance != NEUTRAL:
                st = self._filtered(m, st, sent, speaker, said, lede, bullet, b, sentence_kind)
            if st.stance == NEUTRAL and (speaker is None or not said):
                continue
            key = (m.id, st.stance)
            if key in seen:
                continue
            seen.add(key)
            stances.append((m, st))
        if speaker is not None and speaker.label == COMPANY and verb is not None and self.can_be_target(speaker) and not any(
                st.stance != NEUTRAL for _, st in stances) and not reports_on_another(verb, speaker):
            # "Broadcom said revenue rose 70 percent": a company's report on itself.
            reported = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
            if reported is not None:
                st = self.stance.p.predicate_polarity(reported)
                if st.stance != NEUTRAL and not self.stance.results_change(reported, st) and not self.stance.ranked_in_tests(reported):
                    stances.append((speaker, st))
        if (speaker is None or not said) and not any(st.stance != NEUTRAL for _, st in stances):
            return  # the article's own sentence with no stance on anyone is not a claim
        # A company named in passing and taking a stance through "the company" or "it" later in the sentence
        # has the stance: one ABOUT per company and claim.
        polar_ids = {m.id for m, st in stances if st.stance != NEUTRAL}
        stances = [(m, st) for m, st in stances if st.stance != NEUTRAL or m.id not in polar_ids]
        hedged = any(st.hedged for _, st in stances) or any(t.lemma_.lower() in self.hedge_words
                                                              and t.dep_ in ("aux", "advmod") for t in sent)
        polar = [st for _, st in stances if st.stance != NEUTRAL]
        claim_stance = polar[0].stance if polar else NEUTRAL
        strength = max((st.strength for st in polar), default=0.5)
        confidence = round((0.5 + 0.4 * strength) * (0.85 if hedged else 1.0), 2)
        if self.filter is not None and polar:
            confidence = round(max(st.strength for st in polar), 2)  # the filter's score (see _filtered)
        text = sent.text.strip()
        claim = Node(CLAIM, text, "claim:" + content_hash(b.source.id, " ".join(text.lower().split())),
                     {"text": text, "stance": claim_stance, "confidence": confidence, "sentence": text,
                      "kind": sentence_kind(), "hedged": hedged,
                      "claimant": speaker.name if speaker else "article",
                      "published": b.source.props.get("published"), "source_id": b.source.id,
                      "event_time": event_time(sent, b.source.props.get("published")),
                      "terms": self.terms.of(sent, content, {t.i for m in [*targets, speaker] if m is not None
                                                             and m.span.doc is sent.doc for t in m.span})})
        b.add(b.source, REPORTS, claim, ev, {}, confidence)
        asserter = b.node(speaker.label, speaker.name) if speaker else b.source
        b.add(asserter, ASSERTS, claim, ev, {"stance": claim_stance}, confidence)
        for m, st in stances:
            conf = round(confidence * (0.8 if m.resolved_from else 1.0) * (1.0 if m.linked else 0.9), 2)
            if self.filter is not None and st.stance != NEUTRAL:
                conf = round(st.strength, 2)
            props = {"stance": st.stance, "score": STANCE_SCORE[st.stance], "cue": st.cue, "negated": st.negated, "hedged": st.hedged}
            target = b.node(m.label, m.name)
            b.add(claim, ABOUT, target, ev, props, conf)
            if m.label == PRODUCT:
                entry = self.gazetteer.get(m.id)
                if entry and entry.link:
                    b.add(claim, ABOUT, b.node(COMPANY, entry.link), ev, {**props, "via": m.name}, round(conf * 0.9, 2))
        for t in trends:
            trend = b.node(TREND, t.name)
            b.add(claim, CITES, trend, ev, {}, confidence)
            for m, st in stances:
                if m.label == COMPANY and st.stance in (GAINING, LOSING):
                    rel = FAVORS if st.stance == GAINING else THREATENS
                    b.add(trend, rel, b.node(COMPANY, m.name), ev, {}, round(confidence * 0.8, 2))

    def _filtered(self, m: Mention, st: Stance, sent: Span, speaker: Mention | None, said: bool, lede: bool,
                  bullet: bool, b: ArticleTriples, sentence_kind: Callable[[], str | None]) -> Stance:
        """The rules' stance as the filter judges it: kept with the filter's score as its strength, or
        neutral. Without a filter the rules' stance stands. Every proposal is recorded when asked."""
        if self.filter is None and b.candidates is None:
            return st
        entry = self.gazetteer.get(m.id)
        feats = candidate_features(m.root, st, sent, kind=entry.kind if entry else None, linked=m.linked,
                                   resolved=m.resolved_from is not None,
                                   speaker_label=speaker.label if speaker else None, said=said,
                                   claim_kind=sentence_kind(), first_sentence=lede, bullet=bullet)
        score = self.filter.score(feats) if self.filter is not None else None
        if b.candidates is not None:
            maker = entry.link if entry is not None and m.label == PRODUCT and entry.link else m.name
            b.candidates.append(Candidate(maker, st.stance, sent.text.strip(), feats, score))
        if score is None:
            return st
        if not self.filter.keeps(score):
            return Stance(NEUTRAL, st.cue, st.negated, st.hedged, 0.0)
        return Stance(st.stance, st.cue, st.negated, st.hedged, score)

    def can_be_target(self, m: Mention) -> bool:
        """Outlets, analyst and data firms and banks speak about companies; a stance is never about them.
        Unknown firms count as such when the text introduces them so ("research firm X", "analysts at X")."""
        if m.source:
            return False
        entry = self.gazetteer.get(m.id)
        if entry is not None and entry.kind in self.non_target_kinds:
            return False
        if entry is None and m.name.split()[-1].lower() in self.source_name_words:
            return False  # "Tidewater Securities", "Brightwater Analytics": an unknown firm that is a source
        if entry is None and any(c.dep_ == "relcl" and c.lemma_.lower() in self.tracking for c in m.root.children):
            return False  # "Halvorsen Data Partners, which tracks GPU capacity across 40 providers"
        near = [m.root.head, *m.root.children] if m.root.head.i != m.root.i else list(m.root.children)
        if m.root.dep_ == "pobj" and m.root.head.lower_ in ("at", "from", "with", "by"):
            near.append(m.root.head.head)  # "analysts at Harrow Lane Capital", "research from X", "a survey by X"
        return not any(t.lower_ in self.source_nouns and t.i not in {x.i for x in m.span} for t in near)

    def kind(self, sent: Span) -> str | None:
        """The claim's kind ("market position", "funding or valuation", ...): the first whose words occur."""
        # a word that only modifies another noun does not name the kind ("a contract chipmaker" is no deal)
        heads = [t for t in sent if t.dep_ != "compound"]
        lemmas = {t.lemma_.lower() for t in heads} | {t.lower_ for t in heads}
        text = sent.text.lower()
        for kind, words in self.claim_kinds.items():
            if any((w in lemmas) if " " not in w else (w in text) for w in words):
                return kind
        return None

    def _canonical_company(self, name: str | None) -> str | None:
        entry = self.gazetteer.company_of(name) if name else None
        return entry.name if entry else name


def _possessor(m: Mention, in_sent: list[Mention]) -> str | None:
    """"Acme's Widget": the company whose possessive stands before the product."""
    for other in in_sent:
        if other.label == COMPANY and other.root.dep_ == "poss" and other.root.head.i in {t.i for t in m.span}:
            return other.name
    return None
