"""Per-article and per-paragraph state of the extractor: what later sentences remember.

An `ArticleContext` lives for one article: the last company of the last body paragraph (what "the
company" may mean at the start of the next one), what the text said about speakers' employers, and
whether the article is an interview, and the named report, data or analyst firm the article writes up
(whose findings its later sentences state). A `ParagraphState` lives for one paragraph: the last company,
person and list of companies named (what "it", "he" and "they" mean), and the last quoted speaker
(whose words a following quote continues).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.extract.mentions import Mention
from kg.schema import COMPANY, PERSON


@dataclass
class ArticleContext:
    """What an article's later sentences remember: the last company named, and speakers' companies."""

    last_company: Mention | None = None
    affiliations: dict[str, Mention] = field(default_factory=dict)
    interview: bool = False  # a "Q: ..." turn has been seen
    last_source: Mention | None = None  # the last named speaker: who "the note said" or "they said" means
    list_source: Mention | None = None  # the source of a paragraph that introduces a list ("Key findings:")
    people: Counter = field(default_factory=Counter)  # person id -> mentions outside bylines
    persons: dict[str, Mention] = field(default_factory=dict)
    interviewee: Mention | None = None  # in a Q&A, who answers the questions
    turn_initials: dict[str, tuple[bool, Mention | None]] = field(default_factory=dict)  # "AB" -> (asks, speaker) of the "Anjali Brandt:" turns
    sentences: int = 0  # body sentences so far
    paragraphs: int = 0  # body paragraphs so far (not headings, bylines or list items)
    outlets: set[str] = field(default_factory=set)  # company ids named as the wire in a dateline
    wire: Mention | None = None  # the first of them: it relays its story's anonymous sources
    issuer: Mention | None = None  # the firm that issued a press release or research note: its own voice
    row_sources: dict[int, Mention] = field(default_factory=dict)  # table rows (by block start) -> their "Source:"
    # first words of the names of firms the article has shown to be sources ("Brightwater Analytics",
    # "research firm Lanting"): a later short form ("Brightwater said") is the same source
    source_words: set[str] = field(default_factory=set)
    # The one report, data or analyst firm the headline or first paragraph credits (the article writes up
    # its findings); None once a second source of figures is named (then each sentence's own attribution
    # decides).
    report_source: Mention | None = None
    report_closed: bool = False
    blocks: int = 0  # blocks so far (the first is the headline)
    relayed: dict[str, Mention] = field(default_factory=dict)  # outlet id -> the source whose figures it relays

    def count_people(self, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.label == PERSON:
                self.people[m.id] += 1
                self.persons.setdefault(m.id, m)

    def credit_report(self, source: Mention, opening: bool, figures: bool = True) -> None:
        """A firm was named as a source: in the opening (`opening`) it becomes the article's report
        source; a different one named later for figures of its own (`figures`) ends the write-up reading
        (one quoted for comment does not)."""
        if self.report_closed or (self.report_source is not None and same_firm(self.report_source, source)):
            return
        if self.report_source is not None and (relays(self.report_source, source) or cited(source)):
            # "according to a report by The Ledger, which cited data from Trafiq": the figures are Trafiq's,
            # also where a later sentence credits The Ledger
            self.relayed[self.report_source.id] = source
            self.report_source = source
            return
        if self.report_source is not None and relays(source, self.report_source):
            self.relayed[source.id] = self.report_source
            return
        if opening and self.report_source is None:
            self.report_source = source
        elif self.report_source is not None and (opening or figures):
            self.report_source, self.report_closed = None, True

    def most_mentioned_person(self) -> Mention | None:
        return self.persons[self.people.most_common(1)[0][0]] if self.people else None


@dataclass
class ParagraphState:
    """Coreference state for the following sentences of one paragraph."""

    last_company: Mention | None = None
    last_person: Mention | None = None
    last_group: list[Mention] = field(default_factory=list)
    last_speaker: Mention | None = None
    source: Mention | None = None  # the paragraph's named speaker: its other sentences are theirs too

    def remember(self, sent: Span, in_sent: list[Mention], speaker: Mention | None) -> None:
        """Update after a sentence: its last person, its subject company (else its first), its list of
        companies ("A, B and C"), and its speaker when the sentence holds a quote."""
        persons = [m for m in in_sent if m.label == PERSON]
        if persons:
            self.last_person = persons[-1]
        # The sentence's speaker ("..., Ramp said") is not what a later "it" or "its" stands for.
        named = [m for m in in_sent if m.label == COMPANY and (speaker is None or m.id != speaker.id)]
        if named:
            subj = [m for m in named if m.root.dep_ in ("nsubj", "nsubjpass")]
            self.last_company = (subj or named)[0]
            group = [m for m in named if m.root.dep_ == "conj" or m.root.head.dep_ == "conj"
                     or any(c.dep_ == "conj" for c in m.root.children)]
            if len(group) >= 2:
                self.last_group = group
        self.last_speaker = speaker if speaker is not None and has_quote(sent) else None


def has_quote(sent: Span) -> bool:
    return '"' in sent.text


def inside_quote(sent: Span) -> bool:
    text = sent.text.strip()
    return text.startswith('"') or text.endswith('"')


def same_firm(a: Mention, b: Mention) -> bool:
    """One firm, or its full name and a short form ("Brannock Rowe & Co." and "Brannock Rowe's practice")."""
    if a.id == b.id:
        return True
    wa, wb = a.name.lower().split(), b.name.lower().split()
    short, full = sorted((wa, wb), key=len)
    return len(short) >= 2 and full[:len(short)] == short


def cited(origin: Mention) -> bool:
    """Whether the sentence naming `origin` cites it ("Citing figures from QuestMobile, the Post said",
    "the report, citing data from Trafiq"): who writes up the report relays the origin's figures."""
    return any(t.lemma_.lower() == "cite" and origin.root.i in {x.i for x in t.subtree}
               for t in origin.span.sent if t.i < origin.span.start)


def relays(outlet: Mention, origin: Mention) -> bool:
    """Whether a sentence names `origin` as the source `outlet` cites ("X, which cited data from Y", "X,
    citing Y"): the figures are the origin's."""
    doc = outlet.span.doc
    if origin.span.doc is not doc or outlet.span.sent.start != origin.span.sent.start or origin.span.start < outlet.span.end:
        return False
    return any(t.lemma_.lower() == "cite" for t in doc[outlet.span.end:origin.span.start])
