"""Trends: canonical names for recurring shifts, and new ones caught by pattern.

Known trends match by their aliases on lower-cased tokens (a PhraseMatcher).
A shift the gazetteer lacks is still caught by the phrases that introduce
one: "the rise of X", "a shift toward X", "the move to X", "the boom in X".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.extract.lexicon import Cues, Gazetteer
from kg.schema import TREND



@dataclass(frozen=True)
class TrendMention:
    name: str
    span: Span


class TrendFinder:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, cues: Cues) -> None:
        self.introducers = cues.trend_introducers
        self.links = cues.trend_links
        self.not_trend_words = cues.not_trend_words  # "the rise of third-quarter profit" is no trend
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names: dict[str, str] = {}
        for entry in gazetteer.by_label(TREND):
            key = entry.id
            self.names[key] = entry.name
            forms = [f for f in entry.surface_forms()]
            self.matcher.add(key, [nlp.make_doc(f) for f in forms])

    def find(self, doc: Doc) -> list[TrendMention]:
        found: list[TrendMention] = []
        taken: set[int] = set()
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            key = doc.vocab.strings[match_id]
            found.append(TrendMention(self.names[key], doc[start:end]))
        for tok in doc:
            if tok.lemma_.lower() not in self.introducers or tok.pos_ != "NOUN":
                continue
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in self.links), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is None or obj.ent_type_ or obj.pos_ != "NOUN" or obj.i in taken:
                continue
            words = [t for t in obj.subtree if t.dep_ not in ("det", "poss", "punct", "prep", "pobj", "cc", "conj")
                     and t.i <= obj.i]
            if not words or any(t.i in taken or t.lemma_.lower() in self.not_trend_words or t.like_num
                                for t in words):
                continue
            span = doc[words[0].i: obj.i + 1]
            name = f"{tok.lemma_.lower()} of {span.text.lower()}" if tok.lemma_.lower() != "shift" else \
                f"shift to {span.text.lower()}"
            taken.update(range(span.start, span.end))
            found.append(TrendMention(name, span))
        return found
