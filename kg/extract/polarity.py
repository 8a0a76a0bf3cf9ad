"""The polarity of words and predicates: does this clause say someone gains or loses ground?

What a predicate says, whoever it is said of: cue words (gain/lose verbs, nouns and adjectives from
data/lexicon/cues.json), multi-word phrases ("lost ground"), carrier verbs that take their object's
polarity ("faces pressure"), negating verbs that invert their complement ("failed to gain"), reversing
verbs ("ended a delay"), staff cuts, deals, difficulty adjectives ("harder to keep customers"),
participle clauses and conjoined verbs sharing a subject; negation and hedges. Which entity the
polarity lands on is decided in stance.py (the path from the mention) and prepositions.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import Cues
from kg.schema import GAINING, LOSING, NEUTRAL

_POINTS = re.compile(r"\b(up|down) (?:\w+ ){0,3}(?:percentage )?points?\b")
_SIGNED_POINTS = re.compile(r"\(\s*([+\-\u2212])\s*\d+(?:\.\d+)?\s*(?:pts?|points?|percentage points|pp)\b")  # "(-9 pts)"
_SIGNED_PERCENT = re.compile(r"\(\s*([+\-\u2212])\s*\d+(?:\.\d+)?\s*%\s*\)")  # "212 million (-9%)"
_MOVED = re.compile(r"(?:^|[,;(] )(up|down) (?:slightly|sharply|modestly|marginally|strongly|steeply|a little|a lot)\b")
_PCT = r"(\d+(?:\.\d+)?)\s*(?:%|percent)"
# "24% (from 6%)", "24%, up from 6%", "from 6% to 24%": a level beside the level it moved from
_LEVEL_FROM = re.compile(_PCT + r"[^%;]{0,30}?\bfrom\s+" + _PCT)
_FROM_LEVEL_TO = re.compile(r"\bfrom\s+" + _PCT + r"\s+to\s+" + _PCT)
# a table row "5% (4%)", "5% (4% a year ago)"
_LEVEL_BESIDE = re.compile(r"^\s*[-|\u2013\u2014]?\s*" + _PCT + r"\s*\(\s*" + _PCT + r"[\w ]{0,24}\)\s*$")
# Each pattern with whether its first percentage is the level now (else the level before), tried in order.
_LEVEL_PATTERNS = ((_LEVEL_FROM, True), (_FROM_LEVEL_TO, False), (_LEVEL_BESIDE, True))
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
# Predicate parts that carry its meaning; subordinate clauses are left out.
PREDICATE_DEPS = {"prt", "dobj", "attr", "acomp", "oprd", "xcomp", "advmod", "prep", "pobj",
                  "amod", "compound", "npadvmod", "dative", "neg", "aux", "auxpass", "det",
                  "nummod", "quantmod", "pcomp", "poss", "conj", "cc", "nmod", "appos", "case"}


@dataclass(frozen=True)
class Stance:
    stance: str
    cue: str | None = None   # the word the stance rests on
    negated: bool = False
    hedged: bool = False
    strength: float = 0.0    # 1.0 verb cue, 0.8 noun or adjective cue, 0 none


NONE = Stance(NEUTRAL)


class Polarity:
    """Polarity of words, phrases and whole predicates, from the cue lists."""

    def __init__(self, cues: Cues) -> None:
        self.gain_verbs = cues.gain_verbs
        self.lose_verbs = cues.lose_verbs
        self.gain_words = cues.gain_nouns | cues.gain_adjectives
        self.lose_words = cues.lose_nouns | cues.lose_adjectives
        self.neutral_nouns = cues.neutral_override_nouns
        self.phrases_gain = cues.phrases_gain
        self.phrases_lose = cues.phrases_lose
        self.negators = cues.negators
        self.negating_verbs = cues.negating_verbs
        self.negating_adjectives = cues.negating_adjectives
        self.struggle_verbs = cues.failed_effort_verbs - {"fail"}  # (failing to win is losing; see negating_verbs)
        self.losing_struggles = cues.losing_struggles
        self.hedges = cues.hedges
        self.carrier_verbs = cues.carrier_verbs   # take their polarity from their object
        self.reversing_verbs = cues.reversing_verbs  # "ended a delay", "overcame doubts"
        self.difficulty = cues.difficulty_adjectives
        self.workforce = cues.workforce_nouns
        self.trimming_verbs = cues.trimming_verbs  # polar only with a workforce object
        self.attempt_verbs = cues.attempt_verbs
        self.acquiring_verbs = cues.acquiring_verbs
        self.ceding_verbs = cues.ceding_verbs
        self.slow_growth = cues.slow_growth_adverbs
        self.encroaching_verbs = cues.encroaching_verbs
        self.contested = cues.contested_nouns
        self.refusal_verbs = cues.refusal_verbs
        self.standing_verbs = cues.standing_verbs
        self.distance = cues.distance_adverbs
        self.fractions = cues.fraction_nouns
        self.softening = cues.softening_adverbs
        self.redirecting = cues.redirecting_verbs
        self.revenue_nouns = cues.revenue_nouns
        self.market_moves = cues.market_move_verbs
        self.setbacks = cues.setback_nouns

    def word_polarity(self, tok: Token) -> int:
        if tok.dep_ == "prep" and any(c.dep_ == "pobj" for c in tok.children):
            if tok.lower_ == "behind" and (tok.head.lemma_.lower() in self.standing_verbs or any(
                    c.dep_ == "advmod" and c.lower_ in self.distance for c in tok.children)):
                return -1  # "remains far behind Nvidia", "is well behind": trailing, as a standing
            return 0  # "the team behind Siri" places something; "fell behind" is a phrase cue
        if tok.lower_ == "distant" and tok.head.ent_type_ == "ORDINAL":
            return -1  # "a distant second"
        if tok.lemma_.lower() in self.fractions and any(
                c.lower_ == "of" and any(g.dep_ == "pobj" and (g.ent_type_ in ("ORG", "PRODUCT", "PERSON")
                                                              or g.lower_ in ("those", "that")) for g in c.children)
                for c in tok.children):
            return -1  # "a fraction of ChatGPT's traffic", "a fraction of those of CapCut" (not "of the cost")
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            if lemma in self.gain_verbs:
                return 1
            if lemma in self.lose_verbs:
                return -1
            return 0
        if lemma in self.neutral_nouns or any(c.dep_ == "advmod" and c.lower_ in self.softening for c in tok.children):
            return 0  # ("less exposed")
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
        lemma = verb.lemma_.lower()
        inner = self.infinitive(verb)
        if inner is not None and lemma in self.attempt_verbs and not any(c.lower_ == "yet" for c in verb.children):
            # "is trying to win customers", "has to win back sockets", "is racing to catch up": an aim, not a gain
            return Stance(NEUTRAL, hedged=True)
        if lemma in self.struggle_verbs and (inner is not None or any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)):
            # "struggled to sign outside customers", "struggled with yields": an effort, not a loss; "struggled
            # to hang on to its users", "a lead rivals have struggled to close" are
            if inner is None or inner.lemma_.lower() not in self.losing_struggles:
                # ("has struggled to find buyers and has been losing share": the conjoined verb still speaks)
                sub = self.conjoined_polarity(verb, depth) if depth < 3 else None
                return sub or Stance(NEUTRAL, hedged=True)
            return Stance(LOSING, f"{verb.text} {inner.text}", self.negated(verb), self.hedged(verb), 1.0)
        if inner is not None and lemma in self.refusal_verbs:
            # "declined to comment" says nothing; "refused to renew the contract" turns the renewal around
            sub = self.predicate_polarity(inner, depth=depth + 1) if depth < 3 else NONE
            if sub.stance == NEUTRAL:
                return NONE
            return Stance(LOSING if sub.stance == GAINING else GAINING, f"{verb.lemma_} {sub.cue}", False,
                          self.hedged(verb), sub.strength)
        if lemma in self.redirecting and any(c.dep_ == "dobj" for c in verb.children) and any(
                c.dep_ == "prep" and c.lower_ in ("to", "toward", "towards") for c in verb.children):
            # "have shifted a growing share of their clusters to domestic chips": the subject moves its own
            # spending; what it moves to gains, the subject neither gains nor loses
            return Stance(NEUTRAL, hedged=self.hedged(verb))
        toks = self.predicate_tokens(verb, skip)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.tag_ == "NNS" and obj.lemma_.lower() in ("gain", "loss") and lemma in self.market_moves \
                and not any(c.dep_ in ("poss", "det") or (c.dep_ == "prep" and c.lower_ == "of") for c in obj.children):
            # "extends losses", "leads early gains": a share price's day, decided (so no fallback reads "extends")
            return Stance(NEUTRAL, f"{verb.text} {obj.text}", True, self.hedged(verb), 1.0)
        if obj is not None and obj.lemma_.lower() in self.setbacks and self.word_polarity(verb) > 0:
            return self.maybe_negated(verb, LOSING, f"{verb.text} {obj.text}")  # "widened its losses"
        if any(t.lower_ in self.slow_growth and t.dep_ == "advmod" for t in toks):
            return Stance(NEUTRAL, hedged=self.hedged(verb))  # "growing more slowly than the market": slower growth
        text = " ".join(t.text for t in toks)
        pol, cue = self.phrase_polarity(text)
        if lemma in self.ceding_verbs and (lost := self.contested_object(verb)) is not None:
            pol, cue = -1, f"{verb.text} {lost.text}"  # "gave up five points of share" (not "up five points")
        if not pol:
            pol, cue = self.points_move(text)
        strength = 1.0 if pol else 0.0
        if not pol:
            if lemma in self.negating_verbs:
                inner = self.xcomp(verb)
                if inner is not None and depth < 3:
                    sub = self.predicate_polarity(inner, depth=depth + 1)
                    if sub.stance != NEUTRAL:
                        flipped = LOSING if sub.stance == GAINING else GAINING
                        return Stance(flipped, f"{verb.lemma_} {sub.cue}", False,
                                      self.hedged(verb), sub.strength)
                if lemma == "fail":
                    pol, cue, strength = -1, verb.text, 1.0
            elif lemma in self.trimming_verbs and any(t.lemma_.lower() in self.workforce for t in toks):
                pol, cue, strength = -1, verb.text, 1.0  # "cut a tenth of its staff"
            elif lemma in self.acquiring_verbs and (won := self.contested_object(verb)) is not None:
                # "adding large corporate accounts", "picking up customers", "taking a bigger slice of spending"
                pol, cue, strength = 1, f"{verb.text} {won.text}", 1.0
            elif lemma in self.reversing_verbs:
                obj_pol, cue = self.object_polarity(verb, toks)
                pol, strength = -obj_pol, (0.8 if obj_pol else 0.0)
            elif lemma in self.carrier_verbs or verb.pos_ not in ("VERB", "AUX"):
                pol, cue = self.object_polarity(verb, toks)
                strength = 0.8 if pol else 0.0
            elif lemma in self.encroaching_verbs and any(
                    c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("into", "at", "on")) for c in verb.children):
                pol, cue, strength = 1, verb.text, 0.8  # "Cursor is eating into Copilot's lead": the one eating gains
            else:
                pol = self.word_polarity(verb)
                cue, strength = (verb.text, 1.0) if pol else (None, 0.0)
                if not pol:
                    pol, cue = self.object_polarity(verb, toks)
                    strength = 0.8 if pol else 0.0
            if not pol and depth < 3:
                inner = self.xcomp(verb)
                if inner is not None:
                    sub = self.predicate_polarity(inner, depth=depth + 1)
                    if sub.stance != NEUTRAL and inner.head.lower_ in self.negating_adjectives:
                        return Stance(NEUTRAL, sub.cue, True, sub.hedged, sub.strength)  # "unlikely to gain ground"
                    if sub.stance != NEUTRAL and self.negated(verb):
                        return Stance(NEUTRAL, sub.cue, True, sub.hedged or self.hedged(verb), sub.strength)
                    if sub.stance != NEUTRAL:
                        return Stance(sub.stance, sub.cue, sub.negated, sub.hedged or self.hedged(verb), sub.strength)
        if not pol and depth < 3:
            # "Mistral took another path, raising money and winning contracts": a participle clause
            # without a subject of its own says something about the main subject.
            for clause in verb.children:
                if clause.dep_ == "advcl" and clause.tag_ == "VBG" and clause.i > verb.i and not any(
                        c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in clause.children):
                    sub = self.predicate_polarity(clause, depth=depth + 1)
                    if sub.stance != NEUTRAL:
                        return sub
            sub = self.conjoined_polarity(verb, depth)
            if sub is not None:
                return sub
        if not pol:
            return Stance(NEUTRAL, hedged=self.hedged(verb))
        stance = GAINING if pol > 0 else LOSING
        if self.negated(verb) or any(t.lower_ in self.negating_adjectives and t.dep_ == "acomp" for t in toks):
            return Stance(NEUTRAL, cue, True, self.hedged(verb), strength)  # (also "was unlikely to gain ground")
        return Stance(stance, cue, False, self.hedged(verb) or lemma == "risk", strength)

    def conjoined_polarity(self, verb: Token, depth: int) -> Stance | None:
        """"Oracle signed a deal and gained ground": the first polar verb conjoined to `verb` without a
        subject of its own (conjoined verbs share the subject)."""
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and not any(
                    c.dep_ in SUBJECT_DEPS for c in conj.children):
                sub = self.predicate_polarity(conj, depth=depth + 1)
                if sub.stance != NEUTRAL:
                    return sub
        return None

    def object_polarity(self, verb: Token, toks: list[Token]) -> tuple[int, str | None]:
        for tok in toks:
            if tok.i == verb.i or tok.dep_ in ("neg", "aux", "auxpass", "det") or tok.ent_type_:
                continue  # a name ("Surge AI", "Momentum Labs") is not a cue word
            if tok.dep_ == "amod" and tok.tag_ in ("VBG", "VBN") and not self.counts_ground(tok.head) and not (
                    tok.head.lemma_.lower() in self.revenue_nouns and self.word_polarity(tok) < 0):
                # "faces growing challenges", "rising costs": the participle sizes its noun, which decides (a
                # shrinking revenue is a loss of its own)
                continue
            pol = self.word_polarity(tok)
            if pol:
                return pol, tok.text
        return 0, None

    def counts_ground(self, noun: Token) -> bool:
        """Whether `noun` is something rivals compete for, so that its growing or shrinking is a stance."""
        return noun.lemma_.lower() in self.contested or noun.lower_.rstrip("s") in self.contested

    def contested_object(self, verb: Token) -> Token | None:
        """The verb's object when it is something rivals compete for (share, customers, users, a slice of spending)."""
        for c in verb.children:
            if c.dep_ == "dobj" and (c.lemma_.lower() in self.contested or any(
                    g.dep_ == "pobj" and g.lemma_.lower() in self.contested for p in c.children if p.lower_ == "of"
                    for g in p.children)):
                return c
        return None

    def points_move(self, text: str) -> tuple[int, str | None]:
        """"up nearly four percentage points", "down two points", "3.2%, up slightly": a share that moved."""
        m = _POINTS.search(text.lower()) or _MOVED.search(text.lower()) or _SIGNED_POINTS.search(text.lower())
        if m is None:
            return 0, None
        return (1 if m.group(1) in ("up", "+") else -1), m.group(0)

    @staticmethod
    def count_change(text: str) -> tuple[int, str | None]:
        """A count given with its signed change ("212 million (-9%)", a table row): its direction."""
        m = _SIGNED_PERCENT.search(text)
        return (0, None) if m is None else ((1 if m.group(1) == "+" else -1), m.group(0))

    @staticmethod
    def level_change(text: str) -> tuple[int, str | None]:
        """A percentage given with the one it moved from ("24% (from 6%)", "from 8% to 4%", a table row "5%
        (4%)"): its direction."""
        for pattern, now_first in _LEVEL_PATTERNS:
            m = pattern.search(text)
            if m is not None:
                first, second = float(m.group(1)), float(m.group(2))
                now, before = (first, second) if now_first else (second, first)
                return (0, None) if now == before else ((1 if now > before else -1), m.group(0))
        return 0, None

    @staticmethod
    def infinitive(verb: Token) -> Token | None:
        """The verb of a "to"-infinitive complement ("declined [to comment]", "is trying [to win]")."""
        return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")
                     and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)

    @staticmethod
    def xcomp(verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)

    def negated(self, verb: Token) -> bool:
        for c in verb.children:
            if c.dep_ == "neg" or (c.lower_ in self.negators and c.dep_ in ("advmod", "det", "preconj")):
                return True
            if c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
                return True
            if c.dep_ in SUBJECT_DEPS and c.lower_ in ("none", "nobody", "neither", "nothing"):
                return True  # "None of these companies will replace Nvidia"
        return False

    def hedged(self, verb: Token) -> bool:
        for c in verb.children:
            if c.dep_ in ("aux", "advmod") and c.lemma_.lower() in self.hedges:
                return True
        head = verb.head
        return head.i != verb.i and head.lemma_.lower() in self.hedges

    def maybe_negated(self, verb: Token, stance: str, cue: str) -> Stance:
        if self.negated(verb):
            return Stance(NEUTRAL, cue, True, self.hedged(verb), 1.0)
        return Stance(stance, cue, False, self.hedged(verb), 1.0)

    def difficulty_of(self, verb: Token) -> Stance | None:
        """"harder for Zoom to keep customers", parsed with Zoom as the subject of "keep"."""
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) and verb.head.lower_ in self.difficulty:
            return self.difficult(verb.head, verb)
        return None

    def difficult(self, adjective: Token, verb: Token | None) -> Stance:
        """A difficulty adjective turns the verb around: harder to win is losing, easier to win is gaining."""
        sign = self.difficulty[adjective.lower_]
        pol = sign
        if verb is not None:
            inner = self.predicate_polarity(verb)
            pol = sign * (-1 if inner.stance == LOSING else 1)
        return Stance(GAINING if pol > 0 else LOSING, adjective.text, False, self.hedged(adjective), 0.8)

    @staticmethod
    def clause_verb(tok: Token) -> Token | None:
        for anc in tok.ancestors:
            if anc.pos_ in ("VERB", "AUX"):
                return anc
        return None
