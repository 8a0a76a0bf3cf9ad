"""A claim's terms: what corroboration compares two claims by, computed once while the sentence is parsed.

Rewrites of one story change the wording and keep the facts, so the terms are
what a rewrite tends to keep: content lemmas ("coding", "seat", "survey"), the
numbers with their units ("41%", "51b") and word pairs quoted verbatim. They
leave out what every claim about a company shares whatever the event: the
target companies' own names, who says it (the claimant is compared on its
own), stop words and the stance and attribution cue words ("lose", "gain",
"ground", "said"). `kg load` reads them from the triple, so it needs no parser.

A rewrite also moves facts between sentences ("Intel suffered a setback." then
"Qualcomm chose TSMC for its Snapdragon chips."), so a claim also carries the
names and figures of the sentences beside it in its paragraph, marked "~"
(context): proper nouns other than its targets' names, and numbers.

Terms are plain strings: a word is its lemma, a number starts with "#", a
quoted word pair with '"', a context term with "~" before either.
kg.corroborate weighs them by those marks.
"""

from __future__ import annotations

import json

from spacy.tokens import Span, Token

from kg.extract.lexicon import Cues
from kg.resources import resource_dir

NUMBER, QUOTED, CONTEXT = "#", '"', "~"
# Cue lists whose words say how a claim is put, not what happened.
GENERIC_CUES = ("attribution_verbs", "attribution_nouns", "gain_verbs", "lose_verbs", "object_loses_verbs",
                "object_gains_verbs", "gain_nouns", "lose_nouns", "gain_adjectives", "lose_adjectives",
                "hedges", "negators", "company_nouns", "carrier_verbs", "neutral_override_nouns")
GENERIC_PHRASES = ("phrases_gain", "phrases_lose")
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# Words inside dates and amounts ("a year earlier", "on Monday", "EUR 800 million") are not content: the
# amount itself is a number term, and a date says when, which the article's date already tells.
NOT_CONTENT_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
SCALES = {"billion": "b", "bn": "b", "million": "m", "mn": "m", "m": "m", "trillion": "t", "thousand": "k",
          "k": "k", "%": "%", "percent": "%", "pct": "%"}


class ClaimTerms:
    """Computes the terms of claims; built once per extractor from its cue words."""

    def __init__(self, cues: Cues) -> None:
        generic: set[str] = set()
        for key in GENERIC_CUES:
            generic |= getattr(cues, key)
        for key in GENERIC_PHRASES:
            for phrase in getattr(cues, key):
                generic.update(phrase.lower().split())
        data = json.loads((resource_dir("lexicon") / "claim_terms.json").read_text(encoding="utf-8"))
        generic.update(w.lower() for w in data["generic"])
        self.generic = frozenset(generic)

    def of(self, sent: Span, content: set[int] | None, left_out: set[int]) -> list[str]:
        """Sorted terms of a claim sentence: of its content tokens only (None: all), without `left_out`
        (the tokens naming its targets and claimant); then the context terms of its neighbours."""
        terms = self._own(sent, content, left_out)
        names = {sent.doc[i].lower_ for i in left_out}
        context: set[str] = set()
        for other in (_neighbour(sent, -1), _neighbour(sent, 1)):
            for tok in other or ():
                if any(ch.isdigit() for ch in tok.text):
                    number = _number(tok)
                    if number:
                        context.add(NUMBER + number)
                elif tok.pos_ == "PROPN" and tok.is_alpha and not tok.is_stop and tok.lower_ not in names \
                        and tok.ent_type_ not in NOT_CONTENT_ENTITIES and tok.lower_ not in self.generic:
                    context.add(tok.lemma_.lower())
        return sorted(terms) + sorted(CONTEXT + t for t in context - terms)

    def _own(self, sent: Span, content: set[int] | None, left_out: set[int]) -> set[str]:
        terms: set[str] = set()
        quoted = False
        previous = ""
        for tok in sent:
            if tok.text == '"':
                quoted, previous = not quoted, ""
                continue
            if (content is not None and tok.i not in content) or tok.i in left_out:
                previous = ""
                continue
            if any(ch.isdigit() for ch in tok.text):
                number = _number(tok)
                if number:
                    terms.add(NUMBER + number)
                previous = ""
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ not in CONTENT_POS or tok.is_stop or not tok.is_alpha or len(lemma) < 2 \
                    or tok.ent_type_ in NOT_CONTENT_ENTITIES or lemma in self.generic or tok.lower_ in self.generic:
                previous = ""
                continue
            terms.add(lemma)
            if quoted and previous:
                terms.add(f"{QUOTED}{previous} {lemma}")
            previous = lemma
        return terms


def _neighbour(sent: Span, step: int) -> Span | None:
    """The sentence before (-1) or after (1) this one in its paragraph (one parsed block), if any."""
    at = sent.start - 1 if step < 0 else sent.end
    if at < 0 or at >= len(sent.doc):
        return None
    return sent.doc[at].sent


def _number(tok: Token) -> str | None:
    """'41 %', '41 percent' -> '41%'; '$51 billion', '51bn' -> '51b'; '1,400' -> '1400'; '18A' -> None."""
    text = tok.text.lower().replace(",", "")
    digits = text.rstrip("%kmbnt")
    try:
        float(digits)
    except ValueError:
        return None  # a model or process name such as 18A or MI308
    unit = SCALES.get(text[len(digits):], "")
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if not unit and nxt is not None:
        unit = SCALES.get(nxt.lower_, "")
        if not unit and nxt.lower_ == "per" and nxt.i + 1 < len(tok.doc) and tok.doc[nxt.i + 1].lower_ == "cent":
            unit = "%"
    return digits + unit
