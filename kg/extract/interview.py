"""Interview turns: "Q: ..." asks a question; "Name: ..." is that person speaking, every sentence of it.

A name nobody has recognised counts as a speaker only once the article has asked a question, so that
"Market View: ..." or "Bottom Line: ..." is not taken for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract.context import ArticleContext
from kg.extract.lexicon import Cues
from kg.extract.mentions import Mention, MentionFinder
from kg.schema import PERSON

# "Delangue: ", "xAI: ", "Claude (Anthropic): "
_TURN = re.compile(r"^((?:[A-Z]|[a-z]+[A-Z])[\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?: \([^)]{1,40}\))?):\s")


@dataclass
class Turn:
    """One paragraph's turn: whether it asks, who speaks, and the tokens of the "Name:" label."""

    asks: bool = False
    speaker: Mention | None = None
    label_tokens: set[int] = field(default_factory=set)


class Interviews:
    def __init__(self, cues: Cues, mentions: MentionFinder) -> None:
        self.question_turns = cues.question_turns
        self.mentions = mentions

    def turn(self, text: str, doc: Doc, heading: bool, mentions: list[Mention], ctx: ArticleContext) -> Turn:
        """The turn a body paragraph opens with (an empty Turn when it opens with none); a speaker who
        is not among `mentions` is added to them. Marks the article an interview once it asks."""
        match = _TURN.match(text) if not heading else None
        if match is None:
            return Turn()
        label = match.group(1)
        if label in ctx.turn_initials:
            # "FL: ...", "AB: ..." after "Founders Ledger: ..." and "Anjali Brandt: ...": the same two parties
            asks, speaker = ctx.turn_initials[label]
        else:
            named_person = any(m.label == PERSON and m.span.start_char < match.end(1) for m in mentions)
            # "Q: ...", or the outlet's own label on a turn that ends in a question ("Founders Ledger: ... now?")
            asks = label.lower() in self.question_turns or (not named_person and text.rstrip().endswith("?"))
            ctx.interview = ctx.interview or asks
            speaker = None if asks else self._speaker(doc, match, mentions, ctx.interview)
            words = label.split()
            if len(words) >= 2 and (asks or speaker is not None):
                ctx.turn_initials.setdefault("".join(w[0] for w in words if w[0].isupper()), (asks, speaker))
        if speaker is not None and speaker not in mentions:
            mentions.append(speaker)
        return Turn(asks, speaker, {t.i for t in doc if t.idx < match.end()})

    def _speaker(self, doc: Doc, turn: re.Match, mentions: list[Mention], interview: bool) -> Mention | None:
        """The person named before the colon of an interview turn ("Delangue: ...")."""
        named = next((m for m in mentions if m.label == PERSON and m.span.start_char < turn.end(1)), None)
        span = doc.char_span(0, turn.end(1))
        if named is not None or span is None:
            return named if named is not None and (named.linked or interview) else None
        known = self.mentions.known_person(span)
        if known is not None:
            return known
        return self.mentions.new_person(span) if len(span) >= 2 and interview else None
