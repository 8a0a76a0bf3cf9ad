"""Stance per target: is this company gaining or losing ground in this clause?

The rules follow the dependency tree from the mention to the clause that governs it, so that each
company in a sentence gets the stance of its own clause (what the clause's predicate says is judged in
polarity.py, a prepositional object's share in prepositions.py):

- subject of a predicate: the predicate's polarity ("OpenAI lost ground").
- list members share the first member's role ("OpenAI, Anthropic and Google risk ...").
- possessor: the possessed noun's role ("Meta's investments are drawing scrutiny"), unless the noun
  is polar itself ("Meta's lead").
- object of a displacing verb: the opposite ("X overtook Y" loses Y), and of a favouring verb the
  same ("investors backed Y" gains Y).
- a relative clause speaks when the main clause does not ("OpenAI, which lost ground, ...").
- a clause that is denied ("it would be wrong to say X is losing") or only supposed ("if X slows")
  gives no stance.
- fallbacks for misparses: the next verb without a subject of its own, the next word read as a verb,
  a list neighbour's stance.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.lexicon import Cues
from kg.extract.polarity import NONE, SUBJECT_DEPS, Polarity, Stance
from kg.extract.prepositions import PrepositionRules
from kg.schema import GAINING, LOSING, NEUTRAL

OBJECT_DEPS = {"dobj", "attr", "oprd", "dative"}


class StanceRules:
    """The stance a sentence takes on each mention, from the mention's place in the parse."""

    def __init__(self, cues: Cues) -> None:
        self.p = Polarity(cues)
        self.prepositions = PrepositionRules(cues, self.p, self.stance_of)
        self.object_loses = cues.object_loses_verbs
        self.object_gains = cues.object_gains_verbs
        self.reporting_verbs = cues.attribution_verbs
        self.denials = cues.denial_words
        self.supposing = cues.supposing_marks
        self.comparison_verbs = cues.comparison_verbs
        self.overtaking = cues.overtaking_verbs
        self.ranking_verbs = cues.comparison_verbs | cues.overtaking_verbs
        self.capability = cues.capability_nouns
        self.stock_nouns = cues.stock_nouns
        self.price_verbs = cues.price_verbs
        self.trading_words = cues.trading_words
        self.measured = cues.measured_nouns
        self.value_nouns = cues.value_nouns
        self.value_gain = cues.value_gain_verbs
        self.value_lose = cues.value_lose_verbs
        self.profit_nouns = cues.profit_nouns
        self.revenue_nouns = cues.revenue_nouns
        self.contrast = cues.contrast_conjunctions
        self.concession = cues.concession_marks
        self.contested = cues.contested_nouns
        self.winning_verbs = cues.share_taking_verbs | cues.signing_verbs
        self.earlier_adverbs = cues.earlier_adverbs
        self.business_nouns = cues.business_nouns
        self.technology = cues.technology_nouns
        self.capability_domains = cues.capability_domains
        self.placing_verbs = cues.standing_verbs | self.ranking_verbs  # "remains behind X", "trails X"
        self._judging: set[tuple[int, int]] = set()  # tokens whose stance_of is being worked out
        self.counted_nouns = cues.counted_nouns
        self.amount_openers = cues.amount_openers

    def stance_of(self, root: Token) -> Stance:
        """The stance the sentence takes on the entity whose head token is `root`."""
        # A list neighbour's stance may pass through a noun whose own stance asks for the neighbour's again
        # ("the share of X, Y ..."): a token already being judged has no stance of its own in that judgement.
        key = (id(root.doc), root.i)
        if key in self._judging:
            return NONE
        self._judging.add(key)
        try:
            return self._stance_of(root)
        finally:
            self._judging.discard(key)

    def _stance_of(self, root: Token) -> Stance:
        value = self._market_value(root)
        if value is not None:
            return value
        former = self._former_supplier(root)
        if former is not None:
            return former
        st = self._by_tree(root)
        if st.stance == NEUTRAL and not st.negated:
            st = (self._by_next_verb(root) or self._by_next_word(root) or self._count_moved(root)
                  or self._by_list_neighbour(root) or st)
        if st.stance != NEUTRAL:
            frame = self._frame(root)
            if frame == "denied":
                return Stance(NEUTRAL, st.cue, True, st.hedged, st.strength)
            if frame == "supposed" or self._conditional(root):
                return Stance(NEUTRAL, st.cue, False, True, st.strength)
            if self._price_move(root) or self._capability_comparison(root) or self._technology_trails(root, st):
                return Stance(NEUTRAL, st.cue, False, st.hedged, st.strength)
            verb = self._governing_verb(root)
            if verb is not None and (self.results_change(verb, st) or self._conceded(verb, root, st)):
                return Stance(NEUTRAL, st.cue, False, st.hedged, st.strength)
        return st

    def _conceded(self, verb: Token, root: Token, st: Stance) -> bool:
        """"DeepSeek is still growing, but it is losing share", "although Micron's shipments grew, it lost
        share": a clause the sentence concedes before saying the opposite of the same party says nothing
        of its own. (Another party in the other clause makes two stances: "Google gained, but Apple lost".)"""
        if verb.dep_ == "advcl" and verb.i < verb.head.i and any(
                c.dep_ == "mark" and c.lower_ in self.concession for c in verb.children):
            other = verb.head
        else:
            other = next((c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and c.pos_ in ("VERB", "AUX")
                          and any(t.dep_ == "cc" and t.lower_ in self.contrast and verb.i < t.i < c.i
                                  for t in (*verb.children, *c.children))), None)
        if other is None or other.pos_ not in ("VERB", "AUX") or not self._same_party(other, root):
            return False
        # Only a change of share, users or ground concedes: "grew but remains a fraction of X's" says both.
        said = self.p.predicate_polarity(other)
        return said.stance not in (NEUTRAL, st.stance) and any(
            w.lower() in self.contested or w.lower().rstrip("s") in self.contested for w in (said.cue or "").split())

    def _former_supplier(self, root: Token) -> Stance | None:
        """Business won that a clause says used to be a rival's: "picking up customers that used to rely
        on Nvidia", "signed partners that had previously worked with Criteo", "winning share in workflows
        where Salesforce used to be the default". The rival lost it and whoever won it (the subject of
        the winning verb) gained it."""
        winner = self.business_winner(root)
        if winner is not None:
            return self.p.maybe_negated(winner, GAINING, winner.text)
        clause = next((t for t in root.ancestors if t.dep_ in ("relcl", "acl")), None)
        if clause is None or root.i < clause.i and root.dep_ not in SUBJECT_DEPS or not self._earlier(clause):
            return None
        verb = self._won_with(clause)
        return self.p.maybe_negated(verb, LOSING, verb.text) if verb is not None and not self.p.negated(clause) else None

    def business_winner(self, root: Token) -> Token | None:
        """The winning verb when `root` is its subject and what it won used to be a rival's."""
        if root.dep_ != "nsubj" or root.head.lemma_.lower() not in self.winning_verbs:
            return None
        verb = root.head
        won = [c for c in verb.children if c.dep_ == "dobj"]
        won += [g for c in won for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        for noun in won:
            clause = next((c for c in noun.children if c.dep_ in ("relcl", "acl")), None)
            if clause is not None and self._earlier(clause) and self._won_with(clause) is verb:
                return verb
        return None

    def _earlier(self, clause: Token) -> bool:
        """"used to rely on", "had previously worked with", "had only run pilots with"."""
        if clause.lemma_.lower() == "use" and any(c.dep_ == "xcomp" for c in clause.children):
            return True
        return any(c.dep_ == "advmod" and c.lower_ in self.earlier_adverbs for c in clause.children) or (
            clause.tag_.startswith("VB") and any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children))

    def _won_with(self, clause: Token) -> Token | None:
        """The verb that won the business a relative clause describes, if it is won business."""
        noun = clause.head
        for _ in range(3):  # "workflows where ..." in "picking up share in customer service workflows"
            if noun.lemma_.lower() in self.prepositions.business_won and noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.winning_verbs:
                return noun.head
            if noun.dep_ == "pobj" and noun.head.lower_ == "including" and noun.head.head.lemma_.lower() in self.winning_verbs:
                return noun.head.head  # "signed 38 partners, including two chains that had worked with X"
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
                noun = noun.head.head
            else:
                return None
        return None

    @staticmethod
    def _same_party(clause: Token, root: Token) -> bool:
        """Whether a clause is about the party `root` names: it has no subject of its own, or a pronoun
        or a common noun ("the company") for one, or the same name."""
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ == "PRON" or subject.lower_ == root.lower_:
            return True
        # "the company", "the Boise-based company"; not "Apple's unit" or "Google"
        phrase = list(subject.subtree)
        return subject.pos_ == "NOUN" and phrase[0].lower_ in ("the", "this") and not any(t.dep_ == "poss" for t in phrase)

    def results_change(self, verb: Token, st: Stance) -> bool:
        """Whether a stance's predicate measures results, not standing: a change of profit, margin or
        losses either way, or growth of revenue ("Alibaba's profit fell by half", "CoreWeave doubled its
        revenue", "revenue growth accelerated"). A fall of revenue stays losing; share, users or customers
        named beside the results make it a change of standing again."""
        cue = next((t for t in verb.subtree if t.text == st.cue and t.pos_ in ("VERB", "AUX")), verb)
        measured = [c for v in {verb, cue} for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        heads = [t for m in measured for t in (m, *(c for c in m.children if c.dep_ == "compound"))]
        lemmas = {t.lemma_.lower() for t in heads}
        if lemmas & self.measured:
            return False
        if st.stance == GAINING and any(m.dep_ != "dobj" and m.lemma_.lower() in self.business_nouns
                                        and not any(g.dep_ == "prep" for g in m.children) for m in measured):
            return True  # "its custom business to grow", "its coding business keeps growing": revenue, not standing
        if lemmas & self.profit_nouns:
            return True
        return st.stance == GAINING and bool(lemmas & self.revenue_nouns)

    def labelled_line(self, sent: Span, label: set[int]) -> Stance:
        """The stance of a line labelled with a company ("Perplexity: 1.9%, down from 2.4%", "AMD: Ryzen
        chips have gained share") on that company: what the rest of the line says."""
        rest = [t for t in sent if t.i not in label]
        text = " ".join(t.text for t in rest)
        pol, cue = self.p.phrase_polarity(text)
        if not pol:
            pol, cue = self.p.points_move(text)
        if not pol:
            pol, cue = self.p.level_change(text)
        if not pol:
            pol, cue = self.p.count_change(text)  # "212 million (-9%)": the row's count moved
        if pol:
            return Stance(GAINING if pol > 0 else LOSING, cue, False, False, 0.8)
        verb = sent.root
        if verb.i not in label and verb.pos_ in ("VERB", "AUX"):
            return self.p.predicate_polarity(verb)
        return NONE

    @staticmethod
    def _governing_verb(root: Token) -> Token | None:
        return next((t for t in root.ancestors if t.pos_ in ("VERB", "AUX")), None)

    def _conditional(self, root: Token) -> bool:
        """"AMD could be a big winner if its chips ramp on time": the mention's clause holds only on a condition."""
        verb = self._governing_verb(root)
        while verb is not None:
            if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.supposing for m in c.children)
                   for c in verb.children):
                return True
            verb = verb.head if verb.dep_ == "conj" and verb.head.i != verb.i else None
        return False

    def _market_value(self, root: Token) -> Stance | None:
        """"Nvidia's market value passed $5 trillion", "adding $80 billion to its market value": a change of
        market value is a change of standing, for the company whose value it is (the clause's subject or
        the value's owner)."""
        sent = root.sent
        value = next((t for t in sent if t.lemma_.lower() in self.value_nouns and t.i > sent.start
                      and sent.doc[t.i - 1].lower_ == "market"), None)
        if value is None:
            return None
        verb = next((t for t in [value, *value.ancestors] if t.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return None
        lemma = verb.lemma_.lower()
        pol = 1 if lemma in self.value_gain else -1 if lemma in self.value_lose else 0
        if not pol:
            return None
        owner = next((c for c in value.children if c.dep_ == "poss"), None)
        clause = {t.i for t in verb.subtree}
        subject_side = self._governing_verb(root) is not None and root.i in clause and root.i < verb.i
        if not (owner is not None and owner.i == root.i) and not subject_side:
            return None
        return self.p.maybe_negated(verb, GAINING if pol > 0 else LOSING, f"market {value.text}")

    def _price_move(self, root: Token) -> bool:
        """A move of the share price ("Samsung shares rose 0.3%", "Oracle fell 3%") or of a percentage with
        nothing contested ("AWS grew 17.5%"): not a change of standing."""
        verb = self._governing_verb(root)
        if verb is None:
            return False
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or root.i not in {t.i for t in subj.subtree}:
            return False
        if any(t.lower_ in self.stock_nouns for t in subj.subtree):
            return True
        if subj.i != root.i and subj.lemma_.lower() in ("growth", "rate") and any(_is_percent(t) for t in verb.subtree):
            return True  # "Azure revenue growth fell to 31% from 35%": a growth rate, slower growth
        predicate = [t for c in verb.children if c.i != subj.i and c.dep_ not in ("conj", "cc", "advcl", "ccomp")
                     for t in c.subtree]
        percent = any(_is_percent(t) for t in predicate)
        if percent and any(t.lower_ in self.stock_nouns or t.lemma_.lower() in self.trading_words for t in predicate):
            return True  # "fell 1.2% in a weaker market for chip stocks", "was up 61% in afternoon trade"
        if verb.lemma_.lower() not in self.price_verbs:
            return False
        # "slipped to 7%", "fell to 33% from 46%": a level, and the level it moved from
        percent = any(_is_percent(t) and not any(a.lower_ in ("to", "from") for a in t.ancestors if a.i > verb.i)
                      for t in predicate)
        measured = any(t.lemma_.lower() in self.measured for t in predicate) or subj.i != root.i and any(
            t.lemma_.lower() in self.measured for t in subj.subtree)
        return percent and not measured

    def _capability_comparison(self, root: Token) -> bool:
        """A comparison measured in tests ("overtook Sora in blind comparisons", "beat it on benchmarks"): a
        capability, not a standing."""
        verb = self._governing_verb(root)
        if verb is None or verb.lemma_.lower() not in self.ranking_verbs:
            return False
        preps = [c for c in verb.children if c.dep_ == "prep"]
        if verb.dep_ in ("advcl", "conj"):
            # "became the top model on the leaderboard, overtaking X": the measure sits in the clause it modifies
            preps += [t for t in verb.head.subtree if t.dep_ == "prep" and t.head.i != verb.i]
        return any(c.lower_ in ("in", "on", "across") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in self.capability for g in c.children) for c in preps)

    def _technology_trails(self, root: Token, st: Stance) -> bool:
        """Trailing in technology, not in the market: "its software tools are still far behind CUDA",
        "AMD is still far behind in software", "Huawei's chips are still far behind Nvidia's". A share,
        users or units named in the clause make it a standing again ("far behind on units shipped")."""
        verb = self._governing_verb(root)
        if st.stance != LOSING or verb is None or verb.lemma_.lower() not in self.placing_verbs:
            return False
        clause = list(verb.subtree)
        if any(t.lemma_.lower() in self.measured for t in clause):
            return False
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        measure = [g for c in clause if c.dep_ == "prep" and c.lower_ in ("in", "on") and c.head.i in (verb.i, *(
            t.i for t in verb.children)) for g in c.children if g.dep_ == "pobj"]
        return (subject is not None and subject.lemma_.lower() in self.technology) or any(
            t.lemma_.lower() in self.capability_domains for t in measure)

    def ranked_in_tests(self, verb: Token) -> bool:
        """A company's report on itself that is a ranking in tests ("said GLM-5 had become the top model on
        the leaderboard, overtaking DeepSeek's"): a capability, not a standing."""
        clause = list(verb.subtree)
        return any(t.lemma_.lower() in self.ranking_verbs for t in clause) and any(
            t.dep_ == "pobj" and t.head.lower_ in ("in", "on", "across") and t.lemma_.lower() in self.capability
            for t in clause)

    def _frame(self, root: Token) -> str | None:
        """"denied" when the mention's clause is the complement of a denial ("it is wrong to say that X
        ...", "claims that X ... are overblown"), "supposed" inside an if/unless clause, else None."""
        tok, embedded = root, False
        while tok.head.i != tok.i:
            if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.supposing for c in tok.children):
                return "supposed"
            if tok.dep_ in ("ccomp", "xcomp", "acl", "csubj"):
                embedded = True
            tok = tok.head
            if embedded and tok.pos_ == "NOUN" and any(c.dep_ == "neg" for c in tok.children):
                return "denied"  # "a partnership, not a customer moving off Nvidia'
            if embedded and (tok.lemma_.lower() in self.denials or any(
                    c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.denials for c in tok.children)):
                return "denied"
            if embedded and tok.lemma_.lower() in self.reporting_verbs and self.p.negated(tok):
                return "denied"  # "we are not arguing that X is losing customers"
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
        if tok.pos_ in ("VERB", "AUX") and self.p.infinitive(tok) is not None:
            return None  # a real verb with its own complement ("declined to comment"): its predicate has spoken
        pol = 1 if lemma in self.p.gain_verbs else -1 if lemma in self.p.lose_verbs else 0
        if not pol:
            return None
        nxt = doc[i + 1] if i + 1 < root.sent.end else None
        if nxt is not None and nxt.lower_ in self.p.negators:
            return Stance(NEUTRAL, tok.text, True, False, 0.8)
        return Stance(GAINING if pol > 0 else LOSING, tok.text, False, lemma == "risk", 0.8)

    def _count_moved(self, root: Token) -> Stance | None:
        """A small clause the parser reads as a verb ("Appvane shows Claude downloads up 61%", "had
        Perplexity's web visits up 22%", "has Gemini's share of visits down to 8%"): the entity's counted
        noun, then "up" or "down" and an amount."""
        doc, end = root.doc, root.sent.end
        i = root.i + 1
        if i < end and doc[i].text in ("'s", "\u2019s", "'", "\u2019"):
            i += 1
        noun = next((t for t in doc[i:min(i + 4, end)] if t.lemma_.lower() in self.counted_nouns
                     or t.lower_.rstrip("s") in self.counted_nouns), None)
        if noun is None or any(t.pos_ not in ("ADJ", "NOUN", "PROPN") for t in doc[i:noun.i]):
            return None  # ("Gemini, which has users up ...": the words before the noun are its modifiers only)
        k = noun.i + 1
        if k < end and doc[k].lower_ == "of":  # "share of visits"
            k = next((t.i for t in doc[k + 1:min(k + 5, end)] if t.lower_ in ("up", "down")), end)
        if k + 1 >= end or doc[k].lower_ not in ("up", "down"):
            return None
        after = doc[k + 1]
        if not (after.like_num or after.lower_ in self.amount_openers):
            return None
        return Stance(GAINING if doc[k].lower_ == "up" else LOSING, doc[k].text, False, False, 0.7)

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
            st = self.p.predicate_polarity(tok)
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
                    rel = self.p.predicate_polarity(clause)
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
                st = self.p.predicate_polarity(clause)
                if st.stance != NEUTRAL or st.negated:
                    return st
            if dep in ("conj", "appos", "compound", "nmod", "amod", "nummod", "npadvmod") and head.pos_ in ("PROPN", "NOUN", "X", "NUM", "ADJ"):
                anchor = head
                continue
            if dep == "poss":
                # "Meta's investments are drawing scrutiny": Meta takes the possessed noun's role,
                # unless that noun itself is polar ("Meta's lead", "OpenAI's woes").
                own = self.p.word_polarity(head)
                if own:
                    st = self.stance_of(head)
                    if st.stance == NEUTRAL or st.stance == (GAINING if own > 0 else LOSING):
                        return Stance(GAINING if own > 0 else LOSING, head.text, st.negated, st.hedged, 0.8)
                anchor = head
                continue
            if dep in SUBJECT_DEPS:
                difficulty = self.p.difficulty_of(head)
                if difficulty is not None:
                    return difficulty
                if dep in ("nsubjpass", "csubjpass"):
                    lemma = head.lemma_.lower()
                    if lemma in self.object_loses:
                        return self.p.maybe_negated(head, LOSING, head.text)
                    if lemma in self.object_gains:
                        return self.p.maybe_negated(head, GAINING, head.text)
                elif head.lemma_.lower() in self.overtaking and any(
                        c.dep_ == "dobj" and c.ent_type_ in ("ORG", "PRODUCT") for c in head.children):
                    # "Cursor has passed GitHub Copilot", "Kling eclipsed Runway": passing a named rival is a
                    # change of rank ("passed $1bn in revenue" is a milestone: no named object)
                    return self.p.maybe_negated(head, GAINING, head.text)
                return self.p.predicate_polarity(head, skip=anchor)
            if dep in OBJECT_DEPS:
                lemma = head.lemma_.lower()
                if lemma in self.overtaking and dep == "dobj" and _heads_list(root, anchor):
                    return self.p.maybe_negated(head, LOSING, head.text)  # "X overtook Y": Y lost its rank
                if lemma in self.comparison_verbs:
                    return NONE  # "X trails Y", "X beat Y on benchmarks": a stance on X; Y is only the yardstick
                if lemma in self.object_loses:
                    return self.p.maybe_negated(head, LOSING, head.text)
                if lemma in self.object_gains:
                    return self.p.maybe_negated(head, GAINING, head.text)
                if dep == "attr":
                    return self.p.predicate_polarity(head, skip=anchor)
                return NONE
            if dep == "pobj":
                return self.prepositions.judge(anchor, head)
            if dep == "agent":
                return NONE
            return NONE
        return NONE

    def _nominal(self, noun: Token) -> Stance:
        for c in noun.children:
            pol = self.p.word_polarity(c)
            if pol and c.dep_ in ("amod", "prep", "acl", "relcl", "appos", "compound"):
                return Stance(GAINING if pol > 0 else LOSING, c.text, False, False, 0.6)
        return NONE


def _heads_list(root: Token, anchor: Token) -> bool:
    """Whether `anchor` is `root` or the head of the list or name it stands in ("Apple and Microsoft")."""
    tok = root
    while tok.i != anchor.i:
        if tok.dep_ not in ("conj", "compound", "appos") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def _is_percent(tok: Token) -> bool:
    return tok.text == "%" or tok.lower_ in ("percent", "pct")
