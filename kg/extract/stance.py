"""Stance per target: is this company gaining or losing ground in this clause?

The rules follow the dependency tree from the mention to the clause that
governs it, so that each company in a sentence gets the stance of its own
clause:

- subject of a predicate: the predicate's polarity ("OpenAI lost ground").
- list members share the first member's role ("OpenAI, Anthropic and Google risk ...").
- possessor: the possessed noun's role ("Meta's investments are drawing scrutiny").
- object of a displacing verb: the opposite ("X overtook Y" loses Y), and of a
  favouring verb the same ("investors backed Y" gains Y).
- complement of a polar noun: "pressure on X", "challenges for X" lose X;
  "an advantage over X" and "a lead over X" lose X, "an edge for X" gains X.
- the other side of a comparison: "lost ground to X", "fell behind X" gain X;
  "switched from X to Y" loses X and gains Y.
- "took share from X", "won customers from X" lose X; "pressure mounts on X" takes the
  subject noun's polarity; "cut 10% of its staff" loses.
- negation in the clause turns a stance neutral ("has not lost ground"), and so does a clause
  that is denied ("it would be wrong to say X is losing") or only supposed ("if X slows");
  negating verbs invert it ("failed to gain"); hedges ("may", "risk") are flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import Cues
from kg.schema import GAINING, LOSING, NEUTRAL

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative"}
# Predicate parts that carry its meaning; subordinate clauses are left out.
PREDICATE_DEPS = {"prt", "dobj", "attr", "acomp", "oprd", "xcomp", "advmod", "prep", "pobj",
                  "amod", "compound", "npadvmod", "dative", "neg", "aux", "auxpass", "det",
                  "nummod", "quantmod", "pcomp", "poss", "conj", "cc", "nmod", "appos", "case"}
MONEY_WORDS = {"$", "billion", "million", "funding", "round", "capital", "money", "financing", "series"}
INVERTING_PREPS = {"over", "against", "behind", "than", "past"}
DIRECT_PREPS = {"for", "on", "to", "of", "at", "upon", "into", "toward", "towards"}


@dataclass(frozen=True)
class Stance:
    stance: str
    cue: str | None = None   # the word the stance rests on
    negated: bool = False
    hedged: bool = False
    strength: float = 0.0    # 1.0 verb cue, 0.8 noun or adjective cue, 0 none


NONE = Stance(NEUTRAL)


class StanceRules:
    def __init__(self, cues: Cues) -> None:
        self.gain_verbs = cues.words("gain_verbs")
        self.lose_verbs = cues.words("lose_verbs")
        self.object_loses = cues.words("object_loses_verbs")
        self.object_gains = cues.words("object_gains_verbs")
        self.gain_words = cues.words("gain_nouns") | cues.words("gain_adjectives")
        self.lose_words = cues.words("lose_nouns") | cues.words("lose_adjectives")
        self.neutral_nouns = cues.words("neutral_override_nouns")
        self.phrases_gain = [p.lower() for p in cues.data.get("phrases_gain", [])]
        self.phrases_lose = [p.lower() for p in cues.data.get("phrases_lose", [])]
        self.negators = cues.words("negators")
        self.negating_verbs = cues.words("negating_verbs")
        self.hedges = cues.words("hedges")
        self.reporting_verbs = cues.words("attribution_verbs")
        self.carrier_verbs = cues.words("carrier_verbs")   # take their polarity from their object
        self.reversing_verbs = cues.words("reversing_verbs")  # "ended a delay", "overcame doubts"
        self.deal_nouns = cues.words("deal_nouns")
        self.deal_verbs = cues.words("deal_verbs")
        self.difficulty = {k.lower(): v for k, v in cues.data.get("difficulty_adjectives", {}).items()}
        self.workforce = cues.words("workforce_nouns")
        self.trimming_verbs = cues.words("trimming_verbs")  # polar only with a workforce object
        self.denials = cues.words("denial_words")
        self.share_taking = cues.words("share_taking_verbs")
        self.contested = cues.words("contested_nouns")
        self.flow_verbs = cues.words("flow_verbs")

    # -- word and phrase polarity ------------------------------------------------------------

    def word_polarity(self, tok: Token) -> int:
        if tok.dep_ == "prep" and any(c.dep_ == "pobj" for c in tok.children):
            return 0  # "behind Siri" places something; "fell behind" is a phrase cue
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            if lemma in self.gain_verbs:
                return 1
            if lemma in self.lose_verbs:
                return -1
            return 0
        if lemma in self.neutral_nouns:
            return 0
        word = tok.lower_
        if lemma in self.gain_words or word in self.gain_words:
            return 1
        if lemma in self.lose_words or word in self.lose_words:
            return -1
        return 0

    def phrase_polarity(self, text: str) -> tuple[int, str | None]:
        text = " " + text.lower() + " "
        for p in self.phrases_lose:
            if f" {p} " in text or f" {p}," in text or f" {p}." in text:
                return -1, p
        for p in self.phrases_gain:
            if f" {p} " in text or f" {p}," in text or f" {p}." in text:
                return 1, p
        return 0, None

    # -- the predicate of a clause ------------------------------------------------------------

    def predicate_tokens(self, verb: Token, skip: Token | None = None) -> list[Token]:
        """The verb and the parts of its predicate, leaving out subjects and subordinate clauses."""
        out = [verb]
        stack = [c for c in verb.children if c.dep_ in PREDICATE_DEPS and (skip is None or c.i != skip.i)
                 and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
        while stack:
            tok = stack.pop()
            out.append(tok)
            stack.extend(c for c in tok.children if c.dep_ in PREDICATE_DEPS or c.dep_ == "pobj")
        return sorted(out, key=lambda t: t.i)

    def predicate_polarity(self, verb: Token, skip: Token | None = None, depth: int = 0) -> Stance:
        toks = self.predicate_tokens(verb, skip)
        text = " ".join(t.text for t in toks)
        pol, cue = self.phrase_polarity(text)
        strength = 1.0 if pol else 0.0
        lemma = verb.lemma_.lower()
        if not pol:
            if lemma in self.negating_verbs:
                inner = self._xcomp(verb)
                if inner is not None and depth < 3:
                    sub = self.predicate_polarity(inner, depth=depth + 1)
                    if sub.stance != NEUTRAL:
                        flipped = LOSING if sub.stance == GAINING else GAINING
                        return Stance(flipped, f"{verb.lemma_} {sub.cue}", False,
                                      self._hedged(verb), sub.strength)
                if lemma == "fail":
                    pol, cue, strength = -1, verb.text, 1.0
            elif lemma in self.trimming_verbs and any(t.lemma_.lower() in self.workforce for t in toks):
                pol, cue, strength = -1, verb.text, 1.0  # "cut a tenth of its staff"
            elif lemma in self.reversing_verbs:
                obj_pol, cue = self._object_polarity(verb, toks)
                pol, strength = -obj_pol, (0.8 if obj_pol else 0.0)
            elif lemma in self.deal_verbs and any(t.lemma_.lower() in self.deal_nouns for t in toks
                                                  if t.dep_ in ("dobj", "pobj", "xcomp")):
                pol, cue, strength = 1, verb.text, 0.8  # "signed a multi-year agreement"
            elif lemma in self.carrier_verbs or verb.pos_ not in ("VERB", "AUX"):
                pol, cue = self._object_polarity(verb, toks)
                strength = 0.8 if pol else 0.0
                if not pol and lemma == "raise" and any(t.lower_ in MONEY_WORDS for t in toks):
                    pol, cue, strength = 1, "raise", 1.0
            else:
                pol = self.word_polarity(verb)
                cue, strength = (verb.text, 1.0) if pol else (None, 0.0)
                if not pol:
                    pol, cue = self._object_polarity(verb, toks)
                    strength = 0.8 if pol else 0.0
            if not pol and depth < 3:
                inner = self._xcomp(verb)
                if inner is not None:
                    sub = self.predicate_polarity(inner, depth=depth + 1)
                    if sub.stance != NEUTRAL:
                        return Stance(sub.stance, sub.cue, sub.negated or self._negated(verb),
                                      sub.hedged or self._hedged(verb), sub.strength)
        if not pol and depth < 3:
            # "Mistral took another path, raising money and winning contracts": a participle clause
            # without a subject of its own says something about the main subject.
            for clause in verb.children:
                if clause.dep_ == "advcl" and clause.tag_ == "VBG" and clause.i > verb.i and not any(
                        c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in clause.children):
                    sub = self.predicate_polarity(clause, depth=depth + 1)
                    if sub.stance != NEUTRAL:
                        return sub
            # "Oracle signed a deal and gained ground": conjoined verbs share the subject.
            for conj in verb.children:
                if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and not any(
                        c.dep_ in SUBJECT_DEPS for c in conj.children):
                    sub = self.predicate_polarity(conj, depth=depth + 1)
                    if sub.stance != NEUTRAL:
                        return sub
        if not pol:
            return Stance(NEUTRAL, hedged=self._hedged(verb))
        stance = GAINING if pol > 0 else LOSING
        if self._negated(verb):
            return Stance(NEUTRAL, cue, True, self._hedged(verb), strength)
        return Stance(stance, cue, False, self._hedged(verb) or lemma == "risk", strength)

    def _object_polarity(self, verb: Token, toks: list[Token]) -> tuple[int, str | None]:
        for tok in toks:
            if tok.i == verb.i or tok.dep_ in ("neg", "aux", "auxpass", "det") or tok.ent_type_:
                continue  # a name ("Surge AI", "Momentum Labs") is not a cue word
            pol = self.word_polarity(tok)
            if pol:
                return pol, tok.text
        return 0, None

    @staticmethod
    def _xcomp(verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)

    def _negated(self, verb: Token) -> bool:
        for c in verb.children:
            if c.dep_ == "neg" or (c.lower_ in self.negators and c.dep_ in ("advmod", "det", "preconj")):
                return True
            if c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
                return True
        return False

    def _hedged(self, verb: Token) -> bool:
        for c in verb.children:
            if c.dep_ in ("aux", "advmod") and c.lemma_.lower() in self.hedges:
                return True
        head = verb.head
        return head.i != verb.i and head.lemma_.lower() in self.hedges

    # -- from a mention to its stance ----------------------------------------------------------

    def stance_of(self, root: Token) -> Stance:
        """The stance the sentence takes on the entity whose head token is `root`."""
        st = self._by_tree(root)
        if st.stance == NEUTRAL and not st.negated:
            st = self._by_next_verb(root) or self._by_next_word(root) or self._by_list_neighbour(root) or st
        if st.stance != NEUTRAL:
            frame = self._frame(root)
            if frame == "denied":
                return Stance(NEUTRAL, st.cue, True, st.hedged, st.strength)
            if frame == "supposed":
                return Stance(NEUTRAL, st.cue, False, True, st.strength)
        return st

    def _frame(self, root: Token) -> str | None:
        """"denied" when the mention's clause is the complement of a denial ("it is wrong to say that X
        ...", "claims that X ... are overblown"), "supposed" inside an if/unless clause, else None."""
        tok, embedded = root, False
        while tok.head.i != tok.i:
            if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
                return "supposed"
            if tok.dep_ in ("ccomp", "xcomp", "acl", "csubj"):
                embedded = True
            tok = tok.head
            if embedded and (tok.lemma_.lower() in self.denials or any(
                    c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.denials for c in tok.children)):
                return "denied"
        return None

    def _by_list_neighbour(self, root: Token, depth: int = 0) -> Stance | None:
        """"Cohere, AI21 Labs and Reka AI face pressure" misparsed with Cohere outside the list: a name
        followed by a comma and another name shares that name's stance."""
        doc = root.doc
        end = root.i + 1
        while end < root.sent.end and doc[end].ent_iob_ == "I":
            end += 1
        if depth > 5 or end + 1 >= root.sent.end or doc[end].text != "," or doc[end + 1].ent_type_ not in ("ORG", "PRODUCT"):
            return None
        start = end + 1
        stop = start
        while stop + 1 < root.sent.end and doc[stop + 1].ent_iob_ == "I":
            stop += 1
        neighbour = doc[start:stop + 1].root
        st = self._by_tree(neighbour)
        if st.stance != NEUTRAL or st.negated:
            return st
        return self._by_list_neighbour(neighbour, depth + 1)

    @staticmethod
    def _after_main_verb(root: Token) -> bool:
        main = root.sent.root
        return main.pos_ in ("VERB", "AUX") and root.i > main.i

    def _by_next_word(self, root: Token) -> Stance | None:
        """Fallback for mis-tagged verbs after a name ("Cohere risks ...", "X, Y and Z risk ..."):
        the first word after the mention and its list, read as a verb cue."""
        doc = root.doc
        if self._after_main_verb(root):
            return None  # as in _by_next_verb: subject position only
        i = root.i + 1
        while i < root.sent.end and (doc[i].ent_type_ or doc[i].text in (",", "and", "'s", "'")
                                     or doc[i].pos_ == "PROPN"):
            i += 1
        if i >= root.sent.end:
            return None
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if tok.tag_ not in ("VBZ", "VBP", "VBD", "NNS", "NN", "VB"):
            return None
        pol = 1 if lemma in self.gain_verbs else -1 if lemma in self.lose_verbs else 0
        if not pol:
            return None
        nxt = doc[i + 1] if i + 1 < root.sent.end else None
        if nxt is not None and nxt.lower_ in self.negators:
            return Stance(NEUTRAL, tok.text, True, False, 0.8)
        return Stance(GAINING if pol > 0 else LOSING, tok.text, False, lemma == "risk", 0.8)

    def _by_next_verb(self, root: Token) -> Stance | None:
        """Fallback for misparsed clauses: the first verb after the mention that has no subject
        of its own ("... that OpenAI, despite ..., has lost ground" parsed with OpenAI as object)."""
        sent = root.sent
        head_is_reporting = root.head.lemma_.lower() in self.reporting_verbs
        if self._after_main_verb(root) and not head_is_reporting:
            return None  # only a subject-position mention can be the subject of a later verb
        depth = 0
        for tok in sent.doc[root.i + 1: sent.end]:
            if tok.text in "([":
                depth += 1
            elif tok.text in ")]":
                depth -= 1
            if depth or tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass", "amod"):
                continue
            if tok.dep_ in ("pcomp", "acl", "advcl", "relcl", "xcomp") and tok.i - root.i > 1:
                continue  # "despite being first", a clause of its own
            if any(c.dep_ in SUBJECT_DEPS and c.i != root.i for c in tok.children):
                return None
            st = self.predicate_polarity(tok)
            return st if st.stance != NEUTRAL or st.negated else None
        return None

    def _by_tree(self, root: Token) -> Stance:
        st = self._climb(root)
        if st.stance == NEUTRAL and not st.negated:
            # "OpenAI, which lost ground, ...": a relative clause speaks when the main clause does not.
            tok = root
            while True:
                clause = next((c for c in tok.children if c.dep_ == "relcl" and c.pos_ in ("VERB", "AUX")), None)
                if clause is not None:
                    rel = self.predicate_polarity(clause)
                    if rel.stance != NEUTRAL:
                        return rel
                if tok.dep_ not in ("conj", "appos", "compound") or tok.head.i == tok.i:
                    break
                tok = tok.head
        return st

    def _climb(self, root: Token) -> Stance:
        anchor = root
        for _ in range(12):
            dep = anchor.dep_
            head = anchor.head
            if head.i == anchor.i:
                # The mention heads the sentence ("OpenAI under pressure" headlines, fragments).
                return self._nominal(anchor)
            clause = next((c for c in anchor.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"), None)
            if clause is not None and clause.dep_ == "acl" and anchor.i != root.i:
                # "Meta's investments drawing scrutiny"
                st = self.predicate_polarity(clause)
                if st.stance != NEUTRAL or st.negated:
                    return st
            if dep in ("conj", "appos", "compound", "nmod", "amod", "nummod", "npadvmod") and head.pos_ in ("PROPN", "NOUN", "X", "NUM", "ADJ"):
                anchor = head
                continue
            if dep == "poss":
                # "Meta's investments are drawing scrutiny": Meta takes the possessed noun's role,
                # unless that noun itself is polar ("Meta's lead", "OpenAI's woes").
                own = self.word_polarity(head)
                if own:
                    st = self.stance_of(head)
                    if st.stance == NEUTRAL or st.stance == (GAINING if own > 0 else LOSING):
                        return Stance(GAINING if own > 0 else LOSING, head.text, st.negated, st.hedged, 0.8)
                anchor = head
                continue
            if dep in SUBJECT_DEPS:
                difficulty = self._difficulty_of(head)
                if difficulty is not None:
                    return difficulty
                if dep in ("nsubjpass", "csubjpass"):
                    lemma = head.lemma_.lower()
                    if lemma in self.object_loses:
                        return self._maybe_negated(head, LOSING, head.text)
                    if lemma in self.object_gains:
                        return self._maybe_negated(head, GAINING, head.text)
                return self.predicate_polarity(head, skip=anchor)
            if dep in OBJECT_DEPS:
                lemma = head.lemma_.lower()
                if lemma in self.object_loses:
                    return self._maybe_negated(head, LOSING, head.text)
                if lemma in self.object_gains:
                    return self._maybe_negated(head, GAINING, head.text)
                if dep == "attr":
                    return self.predicate_polarity(head, skip=anchor)
                return NONE
            if dep == "pobj":
                return self._prepositional(anchor, head)
            if dep == "agent":
                return NONE
            return NONE
        return NONE

    def _prepositional(self, anchor: Token, prep: Token) -> Stance:
        word = prep.lower_
        governor = prep.head
        sent = prep.sent
        if word == "for" and prep.i == sent.start and governor.pos_ in ("VERB", "AUX"):
            # "For Apple, the deal is an admission ...": a fronted "for X" frames the whole clause.
            st = self.predicate_polarity(governor)
            if st.stance != NEUTRAL or st.negated:
                return st
        if word == "for" and governor.lower_ in self.difficulty:
            verb = next((t for t in governor.subtree if t.dep_ in ("xcomp", "ccomp", "advcl", "acl")
                         and t.pos_ in ("VERB", "AUX") and t.i > anchor.i), None)
            return self._difficult(governor, verb)
        if word in ("with", "from") and governor.pos_ == "VERB" and any(
                a.lemma_.lower() in self.negating_verbs for a in [governor.head] if governor.dep_ == "xcomp"):
            # "stopped working with X", "refused to buy from X"
            return Stance(LOSING, governor.head.text, False, self._hedged(governor.head), 0.8)
        if word in ("at", "into", "on") and governor.pos_ == "VERB":
            # "chipping away at X", "eating into X's share", "gained ground on X"
            if governor.lemma_.lower() in self.object_loses:
                return self._maybe_negated(governor, LOSING, governor.text)
            st = self.predicate_polarity(governor)
            if st.stance == GAINING and word == "on":
                return Stance(LOSING, st.cue, st.negated, st.hedged, 0.7)
        if word in ("like", "including", "as") or (word == "such"):
            # "labs like OpenAI": the entity stands where the list's noun stands.
            return self.stance_of(governor) if governor.i != prep.i else NONE
        if word == "by" and governor.pos_ == "VERB":
            # "overtaken by X": the agent of a displacing verb gains.
            lemma = governor.lemma_.lower()
            if lemma in self.object_loses:
                return self._maybe_negated(governor, GAINING, governor.text)
            return NONE
        if word == "from" and governor.lower_ == "away" and governor.head.i != governor.i:
            governor = governor.head  # "hiring engineers away from X"
        taker = self._share_taker(governor) if word == "from" else None
        if taker is not None:
            return self._maybe_negated(taker, LOSING, governor.text)  # "took share from X", "won customers from X"
        if governor.pos_ in ("VERB", "AUX"):
            subj = next((c for c in governor.children if c.dep_ == "nsubj"), None)
            if word == "to" and subj is not None and governor.lemma_.lower() in self.flow_verbs and (
                    subj.lemma_.lower() in self.contested or any(
                        c.dep_ == "prep" and any(g.lemma_.lower() in self.contested for g in c.subtree)
                        for c in subj.children)):
                # "more of the business is going to X", "spending is shifting to X"
                return self._maybe_negated(governor, GAINING, governor.text)
            if subj is not None and word in DIRECT_PREPS and subj.pos_ == "NOUN" and self.word_polarity(subj):
                # "pressure mounts on X", "the setback falls on X": the subject noun speaks
                pol = self.word_polarity(subj)
                return self._maybe_negated(governor, GAINING if pol > 0 else LOSING, subj.text)
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if obj is not None and word in DIRECT_PREPS | INVERTING_PREPS and self.word_polarity(obj):
                # "add pressure on X", "pose challenges for X", "hold an edge over X"
                pol = self.word_polarity(obj) * (-1 if word in INVERTING_PREPS else 1)
                return self._maybe_negated(governor, GAINING if pol > 0 else LOSING, obj.text)
            verb_stance = self.predicate_polarity(governor)
            if word in ("to", "behind", "against") and verb_stance.stance == LOSING and verb_stance.cue:
                return Stance(GAINING, verb_stance.cue, verb_stance.negated, verb_stance.hedged, 0.8)
            if word == "from" and governor.lemma_.lower() in ("switch", "move", "defect", "migrate", "shift", "churn", "flee", "poach", "lure"):
                return Stance(LOSING, governor.text, False, self._hedged(governor), 0.8)
            if word == "to" and governor.lemma_.lower() in ("switch", "move", "defect", "migrate", "shift", "flock", "turn"):
                return Stance(GAINING, governor.text, False, self._hedged(governor), 0.8)
            if word in ("over", "than") and verb_stance.stance != NEUTRAL:
                flipped = LOSING if verb_stance.stance == GAINING else GAINING
                return Stance(flipped, verb_stance.cue, verb_stance.negated, verb_stance.hedged, 0.7)
            return NONE
        if governor.pos_ in ("NOUN", "PROPN", "ADJ", "ADV"):
            pol = self.word_polarity(governor)
            if pol and (word in INVERTING_PREPS or word in DIRECT_PREPS):
                if word in INVERTING_PREPS:
                    pol = -pol
                clause = self._clause_verb(governor)
                negated = clause is not None and self._negated(clause)
                hedged = clause is not None and self._hedged(clause)
                stance = GAINING if pol > 0 else LOSING
                return Stance(NEUTRAL if negated else stance, governor.text, negated, hedged, 0.8)
            if word == "of" and governor.pos_ in ("NOUN", "PROPN"):
                # "shares of Nvidia rallied", "the rise of DeepSeek": the owner's role.
                return self.stance_of(governor)
        return NONE

    def _share_taker(self, tok: Token) -> Token | None:
        """The verb of "took share", "won customers", "is pulling developers" (taking something a rival
        had), given the verb or its object; None if `tok` is neither."""
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.contested and tok.dep_ == "dobj":
            verb = tok.head
        elif tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_.lower() in self.contested for c in tok.children):
            verb = tok
        else:
            return None
        return verb if verb.lemma_.lower() in self.share_taking else None

    def _difficulty_of(self, verb: Token) -> Stance | None:
        """"harder for Zoom to keep customers", parsed with Zoom as the subject of "keep"."""
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) and verb.head.lower_ in self.difficulty:
            return self._difficult(verb.head, verb)
        return None

    def _difficult(self, adjective: Token, verb: Token | None) -> Stance:
        """A difficulty adjective turns the verb around: harder to win is losing, easier to win is gaining."""
        sign = self.difficulty[adjective.lower_]
        pol = sign
        if verb is not None:
            inner = self.predicate_polarity(verb)
            pol = sign * (-1 if inner.stance == LOSING else 1)
        return Stance(GAINING if pol > 0 else LOSING, adjective.text, False, self._hedged(adjective), 0.8)

    def _nominal(self, noun: Token) -> Stance:
        for c in noun.children:
            pol = self.word_polarity(c)
            if pol and c.dep_ in ("amod", "prep", "acl", "relcl", "appos", "compound"):
                return Stance(GAINING if pol > 0 else LOSING, c.text, False, False, 0.6)
        return NONE

    def _maybe_negated(self, verb: Token, stance: str, cue: str) -> Stance:
        if self._negated(verb):
            return Stance(NEUTRAL, cue, True, self._hedged(verb), 1.0)
        return Stance(stance, cue, False, self._hedged(verb), 1.0)

    @staticmethod
    def _clause_verb(tok: Token) -> Token | None:
        for anc in tok.ancestors:
            if anc.pos_ in ("VERB", "AUX"):
                return anc
        return None
