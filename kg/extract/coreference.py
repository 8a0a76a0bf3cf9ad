"""Coreference: which company "it", "its", "the company", "they" or "these labs" stands for.

Pronouns look back within the paragraph: the nearest company before them in the sentence, else the
paragraph's last company; "they" and plural noun phrases take the paragraph's last list of companies.
"The company" may also reach the previous paragraph's company (articles open paragraphs that way). In a
person's words "we" and "our" are the speaker's company; in a company's words "it" is the company.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.context import ParagraphState
from kg.extract.lexicon import Cues
from kg.extract.mentions import Mention, subject_before
from kg.schema import COMPANY

PLURAL = {"they", "their", "them", "theirs"}
SINGULAR = {"it", "its"}
FIRST_PERSON = {"we", "our", "us"}
DEFINITE = {"the", "these", "those", "this", "both"}


class Coreference:
    def __init__(self, cues: Cues) -> None:
        self.company_nouns = cues.company_nouns

    def referents(self, sent: Span, in_sent: list[Mention], paragraph: ParagraphState,
                  nominal_company: Mention | None, speaker_company: Mention | None = None,
                  company_speaks: bool = False) -> list[Mention]:
        """The companies the sentence's pronouns and company nouns stand for, one mention each, placed
        at the pronoun. `nominal_company` is what "the company" means when the sentence names none."""
        last_company, last_group = paragraph.last_company, paragraph.last_group
        taken = {t.i for m in in_sent for t in m.span}
        out: list[Mention] = []
        for tok in sent:
            if tok.i in taken:
                continue
            low = tok.lower_
            if low in FIRST_PERSON and tok.pos_ == "PRON" and speaker_company is not None:
                out.append(resolved(speaker_company, tok))
                continue
            if low in SINGULAR and tok.pos_ == "PRON":
                # the nearest company before it in the sentence, else the last one of the paragraph
                antecedent = (subject_before(in_sent, tok.i) or (speaker_company if company_speaks else None)
                              or last_company)
                if antecedent is None:
                    continue
                if low == "it" and tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                    continue
                if any(c.dep_ in ("ccomp", "xcomp") and c.i > tok.i for c in tok.head.children) and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
                    continue  # "it is clear that ..."
                out.append(resolved(antecedent, tok))
            elif low in PLURAL and tok.pos_ == "PRON" and last_group:
                # "Tessellate's win rate is higher, and they've won 11 bake-offs": a company that is this
                # sentence's subject, or its subject's owner, comes nearer than the paragraph's last list
                nearer = next((m for m in reversed(in_sent) if m.label == COMPANY and m.span.end <= tok.i
                               and _subject_or_owner(m.root)), None)
                if nearer is not None and not any(m.id == g.id and m.span.end <= tok.i for m in in_sent for g in last_group):
                    out.append(resolved(nearer, tok))
                else:
                    out.extend(resolved(m, tok) for m in last_group)
            elif tok.pos_ == "NOUN" and low in self.company_nouns and not any(
                    c.dep_ == "prep" for c in tok.children):
                det = next((c for c in tok.children if c.dep_ == "det"), None)
                if det is None or det.lower_ not in DEFINITE:
                    continue
                if tok.tag_ == "NNS" or det.lower_ in ("these", "those", "both"):
                    out.extend(resolved(m, tok) for m in last_group)
                else:
                    antecedent = subject_before(in_sent, tok.i) or nominal_company
                    if antecedent is not None and antecedent.label == COMPANY:
                        out.append(resolved(antecedent, tok))
        return out


def _subject_or_owner(root: Token) -> bool:
    return root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "poss" and root.head.dep_ in ("nsubj", "nsubjpass"))


def resolved(m: Mention, tok: Token) -> Mention:
    """`m` standing at the pronoun or noun `tok`."""
    return Mention(m.label, m.name, m.id, tok.doc[tok.i:tok.i + 1], m.linked, resolved_from=tok.text, source=m.source)
