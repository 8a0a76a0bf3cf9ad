"""Stance of a company named as the object of a preposition ("lost ground to X", "pressure on X").

The rules form a table, tried in order: each looks at the preposition, the word it hangs from (its
governor) and that word's clause, and either decides (returns a Stance, possibly "no stance") or passes
(returns None) to the next. Which prepositions invert a polarity ("an edge over X" loses X) and which
carry it ("pressure on X" loses X) is data: `inverting_prepositions` and `direct_prepositions` in
data/lexicon/cues.json, like the verbs of switching to and from a rival.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.extract.lexicon import Cues
from kg.extract.polarity import NONE, Polarity, Stance
from kg.schema import GAINING, LOSING, NEUTRAL


class PrepositionRules:
    """The stance a prepositional object takes; `stance_of` judges a governor that stands for the object
    ("labs like OpenAI", "shares of Nvidia")."""

    def __init__(self, cues: Cues, polarity: Polarity, stance_of: Callable[[Token], Stance]) -> None:
        self.p = polarity
        self.stance_of = stance_of
        self.object_loses = cues.object_loses_verbs
        self.share_taking = cues.share_taking_verbs
        self.contested = cues.contested_nouns
        self.business_won = cues.contested_nouns - cues.talent_nouns  # what one side's loss is another's gain
        self.failed_effort = cues.failed_effort_verbs
        self.flow_verbs = cues.flow_verbs
        self.inverting = cues.inverting_prepositions
        self.direct = cues.direct_prepositions
        self.leaving_verbs = cues.leaving_verbs
        self.joining_verbs = cues.joining_verbs
        self.advancing = cues.advancing_verbs
        self.product_nouns = cues.product_nouns
        self.extent_nouns = cues.extent_nouns
        self.expense_nouns = cues.expense_nouns
        self.rules: tuple[Callable[[Token, Token, str, Token], Stance | None], ...] = (
            self._fronted_for, self._for_difficulty, self._stopped_with, self._eating_into, self._passed, self._made_by,
            self._as_list_noun,
            self._by_agent, self._taken_from, self._verb_governor, self._noun_governor)

    def judge(self, anchor: Token, prep: Token) -> Stance:
        """The stance of `anchor`, the object of `prep`."""
        word = prep.lower_
        if prep.dep_ == "conj":
            first = prep.head.head if prep.head.dep_ == "pobj" else prep.head
            if first.lower_ == word and first.dep_ == "prep":
                prep = first  # "lost ground to Alibaba and to DeepSeek": the second "to" is the first's
        governor = prep.head
        if governor.lemma_.lower() in self.extent_nouns and governor.dep_ == "pobj" and governor.head.head.i != governor.head.i:
            governor = governor.head.head  # "moved to Qwen and, to a lesser extent, to DeepSeek"
            if governor.pos_ == "ADP" and governor.dep_ in ("conj", "prep"):
                governor = governor.head
        if word == "from" and governor.lower_ == "away" and governor.head.i != governor.i:
            governor = governor.head  # "hiring engineers away from X"
        if (word in ("from", "off", "to") and governor.dep_ == "dobj" and governor.pos_ == "NOUN"
                and governor.lemma_.lower() in self.business_won
                and governor.head.lemma_.lower() in self.leaving_verbs | self.joining_verbs):
            # "moved workloads from Oracle to AWS", with "from" parsed under the noun ("to lure researchers
            # from OpenAI" is a talent move)
            governor = governor.head
        for rule in self.rules:
            st = rule(anchor, prep, word, governor)
            if st is not None:
                return st
        return NONE

    def _fronted_for(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"For Apple, the deal is an admission ...": a fronted "for X" frames the whole clause."""
        if word == "for" and prep.i == prep.sent.start and governor.pos_ in ("VERB", "AUX"):
            st = self.p.predicate_polarity(governor)
            if st.stance != NEUTRAL or st.negated:
                return st
        return None

    def _for_difficulty(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"harder for Zoom to keep customers"."""
        if word == "for" and governor.lower_ in self.p.difficulty:
            verb = next((t for t in governor.subtree if t.dep_ in ("xcomp", "ccomp", "advcl", "acl")
                         and t.pos_ in ("VERB", "AUX") and t.i > anchor.i), None)
            return self.p.difficult(governor, verb)
        return None

    def _stopped_with(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"stopped working with X", "refused to buy from X"."""
        if word in ("with", "from") and governor.pos_ == "VERB" and any(
                a.lemma_.lower() in self.p.negating_verbs for a in [governor.head] if governor.dep_ == "xcomp"):
            return Stance(LOSING, governor.head.text, False, self.p.hedged(governor.head), 0.8)
        return None

    def _eating_into(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"chipping away at X", "eating into X's share", "gained ground on X"."""
        if word in ("at", "into", "on") and governor.pos_ == "VERB":
            if governor.lemma_.lower() in self.object_loses:
                return self.p.maybe_negated(governor, LOSING, governor.text)
            if word == "on" and self.p.predicate_polarity(governor).stance == GAINING:
                return NONE  # "gained ground on X", "closing the gap on X": X is the yardstick
        return None

    def _passed(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"moving it ahead of X", "ahead of X for the first time": X has been passed, a change of rank
        ("stays ahead of X", "ahead of X on benchmarks" only compare)."""
        if word != "of" or governor.lower_ != "ahead":
            return None
        verb = next((t for t in governor.ancestors if t.pos_ in ("VERB", "AUX")), None)
        first_time = "for the first time" in prep.sent.text.lower()
        if (verb is not None and verb.lemma_.lower() in self.advancing) or first_time:
            return self.p.maybe_negated(verb or governor, LOSING, "ahead of")
        return None

    def _made_by(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"lost share to newer models from MiniMax", "chips made by AMD": the maker stands where its
        products stand."""
        if word not in ("from", "by"):
            return None
        product = governor
        if governor.tag_ == "VBN" and governor.dep_ == "acl":
            product = governor.head  # "models made by Mistral"
        if product.pos_ == "NOUN" and product.lemma_.lower() in self.product_nouns:
            return self.stance_of(product)
        return None

    def _as_list_noun(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"labs like OpenAI": the entity stands where the list's noun stands."""
        if word in ("like", "including", "as", "such"):
            if governor.dep_ == "pobj" and governor.head.lower_ in ("to", "from", "against"):
                # "lost share to startups such as X", "won share from ODMs such as X": X only exemplifies
                # the group that won or lost
                return NONE
            return self.stance_of(governor) if governor.i != prep.i else NONE
        return None

    def _by_agent(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"overtaken by X": the agent of a displacing verb gains."""
        if word == "by" and governor.pos_ == "VERB":
            if governor.lemma_.lower() in self.object_loses:
                return self.p.maybe_negated(governor, GAINING, governor.text)
            return NONE
        return None

    def _taken_from(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"took share from X", "won customers from X", "gained share against X"."""
        taker = self.share_taker(governor) if word in ("from", "against") else None
        if taker is not None:
            if taker.dep_ == "xcomp" and taker.head.lemma_.lower() in self.p.attempt_verbs | self.failed_effort:
                return NONE  # "is trying to win customers from X", "struggled to win them away from X": nothing moved
            return self.p.maybe_negated(taker, LOSING, governor.text)
        return None

    def _verb_governor(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """A preposition hanging from a verb: flows of business, polar subjects and objects, the other
        side of a comparison, switching from and to a rival. Decides for every verb governor."""
        if governor.pos_ not in ("VERB", "AUX"):
            return None
        subj = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        if word == "to" and subj is not None and governor.lemma_.lower() in self.flow_verbs and (
                subj.lemma_.lower() in self.contested or any(
                    c.dep_ == "prep" and any(g.lemma_.lower() in self.contested for g in c.subtree)
                    for c in subj.children)):
            # "more of the business is going to X", "spending is shifting to X"
            return self.p.maybe_negated(governor, GAINING, governor.text)
        if subj is not None and word in self.direct and subj.pos_ == "NOUN" and self.p.word_polarity(subj):
            # "pressure mounts on X", "the setback falls on X": the subject noun speaks
            pol = self.p.word_polarity(subj)
            return self.p.maybe_negated(governor, GAINING if pol > 0 else LOSING, subj.text)
        obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
        if obj is not None and word in self.direct and self.p.word_polarity(obj):
            # "add pressure on X", "pose challenges for X" ("hold an edge over X" compares only)
            pol = self.p.word_polarity(obj)
            return self.p.maybe_negated(governor, GAINING if pol > 0 else LOSING, obj.text)
        verb_stance = self.p.predicate_polarity(governor)
        if word == "to" and verb_stance.stance == LOSING and verb_stance.cue and any(
                (c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ == "as")  # "lost Qualcomm as a customer to X"
                and any(t.lemma_.lower() in self.business_won for t in c.subtree)
                for c in governor.children):
            # "lost customers to X", "lost ground to X": what one side lost the other won (researchers lost
            # to X are a talent move)
            return Stance(GAINING, verb_stance.cue, verb_stance.negated, verb_stance.hedged, 0.8)
        if word in ("from", "off") and governor.lemma_.lower() in self.leaving_verbs:  # ("moved traffic off OpenAI")
            return Stance(LOSING, governor.text, False, self.p.hedged(governor), 0.8)
        if word == "to" and governor.lemma_.lower() in self.joining_verbs:
            return Stance(GAINING, governor.text, False, self.p.hedged(governor), 0.8)
        return NONE  # "fell behind X", "gained share against X", "grew faster than X": X is the yardstick

    def _noun_governor(self, anchor: Token, prep: Token, word: str, governor: Token) -> Stance | None:
        """"an advantage over X" loses X, "pressure on X" loses X; "shares of Nvidia rallied" takes the
        owner's role."""
        if governor.pos_ not in ("NOUN", "PROPN", "ADJ", "ADV"):
            return None
        if word == "to" and governor.dep_ == "dobj" and governor.lemma_.lower() in self.business_won:
            lost = self.p.predicate_polarity(governor.head)
            if lost.stance == LOSING:
                # "losing developer mindshare to X", with "to X" parsed under the noun
                return Stance(GAINING, lost.cue, lost.negated, lost.hedged, 0.8)
        pol = self.p.word_polarity(governor)
        if pol and (word in self.inverting or word == "of" and governor.lemma_.lower() in self.p.fractions):
            return NONE  # "a lead over X", "an advantage against X", "a fraction of X's": X is the yardstick
        if pol and word in self.direct:
            clause = self.p.clause_verb(governor)
            negated = clause is not None and self.p.negated(clause)
            hedged = clause is not None and self.p.hedged(clause)
            stance = GAINING if pol > 0 else LOSING
            return Stance(NEUTRAL if negated else stance, governor.text, negated, hedged, 0.8)
        if word == "of" and governor.lemma_.lower() in self.expense_nouns and governor.head.lower_ == "at":
            # "rose to 44%, largely at the expense of Murf": what the clause gained, X lost
            gained = self.p.predicate_polarity(governor.head.head)
            return Stance(LOSING, governor.text, gained.negated, gained.hedged, 0.8) if gained.stance == GAINING else NONE
        if word == "of" and governor.pos_ in ("NOUN", "PROPN"):
            return self.stance_of(governor)
        return None

    def share_taker(self, tok: Token) -> Token | None:
        """The verb of "took share", "won customers", "is pulling developers" (taking something a rival
        had), given the verb or its object; None if `tok` is neither."""
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.contested and tok.dep_ == "dobj":
            verb = tok.head
        elif tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_.lower() in self.contested for c in tok.children):
            verb = tok
        else:
            return None
        return verb if verb.lemma_.lower() in self.share_taking else None
