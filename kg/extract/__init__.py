"""The extractor: an article in, triples with provenance out.

A short pipeline of named steps over each article:

1. structure   - split the text into blocks, headings apart from body paragraphs
2. parse       - spaCy (with the gazetteer's EntityRuler) over all blocks, batched with nlp.pipe
3. mentions    - link entities to canonical names, find owned products; resolve "the company", "it", "they"
4. attribution - who asserts each sentence (a quoted person, a company, or the article)
5. stance      - gaining / losing / neutral per target company, from its own clause
6. trends      - known and pattern-found trends
7. triples     - Source, Claim and entity triples, each with the sentence it came from
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kg.extract.attribution import AttributionRules, affiliation_in_text
from kg.extract.lexicon import Cues, Gazetteer
from kg.extract.mentions import Mention, MentionFinder, company_before
from kg.extract.nlp import load_pipeline
from kg.extract.stance import StanceRules
from kg.extract.structure import Block, split_blocks
from kg.extract.timing import event_time
from kg.extract.trends import TrendFinder
from kg.schema import (ABOUT, AFFILIATED_WITH, ASSERTS, CITES, CLAIM, COMPANY, FAVORS, GAINING,
                       LOSING, MADE_BY, MENTIONS, NEUTRAL, PERSON, PRODUCT, REPORTS, STANCE_SCORE, THREATENS,
                       TREND, Article, Evidence, Node, Triple, content_hash, node_id)

__all__ = ["Extractor", "Extraction"]

_COREF_PLURAL = {"they", "their", "them", "theirs"}
_TURN = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}):\s")
_QUESTION_TURNS = {"q", "question", "interviewer"}
_COREF_SINGULAR = {"it", "its"}


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    source: Node
    triples: list[Triple] = field(default_factory=list)


class Extractor:
    """Turns articles into triples. `nlp` can be passed in; otherwise the default model is loaded."""

    def __init__(self, model: str | None = None, gazetteer_files: list[str | Path] | None = None,
                 nlp=None, min_confidence: float = 0.0) -> None:
        # How to build the same extractor again in a worker process (None: an nlp object was passed in).
        self.config = None if nlp is not None else {"model": model, "gazetteer_files": gazetteer_files,
                                                    "min_confidence": min_confidence}
        self.gazetteer = Gazetteer.load(gazetteer_files)
        self.cues = Cues.load()
        self.nlp = nlp if nlp is not None else load_pipeline(self.gazetteer, model)
        self.mentions = MentionFinder(self.gazetteer, self.cues)
        self.attribution = AttributionRules(self.cues)
        self.stance = StanceRules(self.cues)
        self.trends = TrendFinder(self.nlp, self.gazetteer)
        self.company_nouns = self.cues.words("company_nouns")
        self.claim_kinds = {k: frozenset(v) for k, v in self.cues.data["claim_kinds"].items()}
        self.hedge_words = self.cues.words("hedges")
        self.min_confidence = min_confidence

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], batch_size: int = 64,
                     n_process: int = 1) -> Iterator[Extraction]:
        """Extract a stream of articles, parsing their blocks in batches; yields in input order.

        With n_process > 1 whole articles go to worker processes (parsing and rules both), a bounded
        number at a time, so a stream of any length goes through in bounded memory."""
        if n_process > 1 and self.config is not None:
            from kg.extract.parallel import extract_parallel
            yield from extract_parallel(self, articles, n_process, batch_size)
            return
        yield from self._extract_serial(articles, batch_size)

    def _extract_serial(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Extraction]:

        def blocks() -> Iterator[tuple[str, tuple[int, Article, Block, int]]]:
            for n, article in enumerate(articles):
                parts = split_blocks(article.text)
                for k, block in enumerate(parts):
                    yield block.text, (n, article, block, len(parts) - k - 1)
                if not parts:
                    yield "", (n, article, Block("", 0, True), 0)

        current: list[tuple[Block, Doc]] = []
        for doc, (n, article, block, remaining) in self.nlp.pipe(blocks(), as_tuples=True, batch_size=batch_size):
            current.append((block, doc))
            if remaining == 0:
                yield self._article(article, current)
                current = []

    # -- one article -------------------------------------------------------------------------

    def _article(self, article: Article, parsed: list[tuple[Block, Doc]]) -> Extraction:
        source = article.source_node()
        out = Extraction(article, source)
        builder = _TripleBuilder(source, out.triples, self.min_confidence)
        self.mentions.reset()
        context = _Context()
        for block, doc in parsed:
            if not block.text:
                continue
            self._block(block, doc, builder, context)
        return out

    def _block(self, block: Block, doc: Doc, b: "_TripleBuilder", ctx: "_Context") -> None:
        mentions = self.mentions.find(doc, block.heading)
        mentions += self.mentions.surname_mentions(doc, mentions)
        mentions = self.mentions.owned_products(doc, mentions)
        trend_mentions = self.trends.find(doc)
        # Pronouns look back within the paragraph; a paragraph may open with "The company ..." about the
        # previous paragraph's company, so definite noun phrases may look one paragraph further.
        last_company: Mention | None = None
        last_person: Mention | None = None
        last_group: list[Mention] = []
        last_speaker: Mention | None = None
        # Interview turns: "Q: ..." asks; "Name: ..." is that person speaking, every sentence of the turn.
        turn = _TURN.match(block.text) if not block.heading else None
        asks = turn is not None and turn.group(1).lower() in _QUESTION_TURNS
        ctx.interview = ctx.interview or asks
        turn_speaker = self._turn_speaker(doc, turn, mentions, ctx.interview) if turn is not None and not asks else None
        if turn_speaker is not None and turn_speaker not in mentions:
            mentions.append(turn_speaker)
        turn_tokens = {t.i for t in doc if t.idx < turn.end()} if turn is not None else set()
        for sent in doc.sents:
            ev = Evidence(sent.text, block.start + sent.start_char, block.start + sent.end_char)
            in_sent = sorted((m for m in mentions if sent.start <= m.span.start < sent.end),
                             key=lambda m: m.span.start)
            trends_here = [t for t in trend_mentions if sent.start <= t.span.start < sent.end]
            self._entity_triples(in_sent, trends_here, ev, b, ctx)
            if block.heading:
                continue
            companies = [m for m in in_sent if m.label in (COMPANY, PRODUCT)]
            attribution = self.attribution.find(sent, in_sent, last_person, last_company)
            speaker = attribution.speaker if attribution else None
            if attribution is None and last_speaker is not None and _inside_quote(sent):
                speaker = last_speaker
            if attribution is None and turn_speaker is not None:
                speaker = turn_speaker
            content = set(t.i for t in attribution.content) if attribution and attribution.content else None
            if turn_tokens and sent.start in turn_tokens:
                content = (content or {t.i for t in sent}) - turn_tokens
            # In what a person says, "we" and "the company" are the speaker's company.
            own = self._affiliation(speaker, mentions, ctx) if speaker is not None and speaker.label == PERSON else None
            if speaker is not None and speaker.label == COMPANY:
                own = speaker  # "Nvidia said it ...", "SK Hynix said its lead ..."
            antecedents = [m for m in in_sent if content is None or m.root.i in content]
            targets = companies + self._coreferents(sent, antecedents, last_company, last_group,
                                                    own or last_company or ctx.last_company, own,
                                                    speaker.label == COMPANY if speaker is not None else False)
            if not asks and not sent.text.rstrip().endswith("?"):  # a question asserts nothing
                self._claim(sent, ev, targets, trends_here, speaker, content, b,
                            attribution.verb if attribution else None)
            # Coreference state for the following sentences of this paragraph.
            persons = [m for m in in_sent if m.label == PERSON]
            if persons:
                last_person = persons[-1]
            named = [m for m in in_sent if m.label == COMPANY]
            if named:
                subj = [m for m in named if m.root.dep_ in ("nsubj", "nsubjpass")]
                last_company = (subj or named)[0]
                group = [m for m in named if m.root.dep_ == "conj" or m.root.head.dep_ == "conj"
                         or any(c.dep_ == "conj" for c in m.root.children)]
                if len(group) >= 2:
                    last_group = group
            last_speaker = speaker if speaker is not None and _has_quote(sent) else None
        if not block.heading and last_company is not None:
            ctx.last_company = last_company

    def _turn_speaker(self, doc: Doc, turn: re.Match, mentions: list[Mention], interview: bool) -> Mention | None:
        """The person named before the colon of an interview turn ("Delangue: ..."). A name nobody has
        recognised counts only once the article has asked a question ("Q: ..."): "Market View: ..." is
        not a speaker."""
        named = next((m for m in mentions if m.label == PERSON and m.span.start_char < turn.end(1)), None)
        span = doc.char_span(0, turn.end(1))
        if named is not None or span is None:
            return named if named is not None and (named.linked or interview) else None
        known = self.mentions.known_person(span)
        if known is not None:
            return known
        return self.mentions.new_person(span) if len(span) >= 2 and interview else None

    def _coreferents(self, sent: Span, in_sent: list[Mention], last_company: Mention | None,
                     last_group: list[Mention], nominal_company: Mention | None,
                     speaker_company: Mention | None = None, company_speaks: bool = False) -> list[Mention]:
        """"it", "its", "the company", "they", "these labs": the last fitting company(ies) of the paragraph;
        "we", "our" in a person's words: that person's company; "it" in a company's words: the company."""
        taken = {t.i for m in in_sent for t in m.span}
        out: list[Mention] = []
        for tok in sent:
            if tok.i in taken:
                continue
            low = tok.lower_
            if low in ("we", "our", "us") and tok.pos_ == "PRON" and speaker_company is not None:
                out.append(_resolved(speaker_company, tok))
                continue
            if low in _COREF_SINGULAR and tok.pos_ == "PRON":
                # the nearest company before it in the sentence, else the last one of the paragraph
                antecedent = (company_before(in_sent, tok.i) or (speaker_company if company_speaks else None)
                              or last_company)
                if antecedent is None:
                    continue
                if low == "it" and tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                    continue
                if any(c.dep_ in ("ccomp", "xcomp") and c.i > tok.i for c in tok.head.children) and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
                    continue  # "it is clear that ..."
                out.append(_resolved(antecedent, tok))
            elif low in _COREF_PLURAL and tok.pos_ == "PRON" and last_group:
                out.extend(_resolved(m, tok) for m in last_group)
            elif tok.pos_ == "NOUN" and low in self.company_nouns and not any(
                    c.dep_ == "prep" for c in tok.children):
                det = next((c for c in tok.children if c.dep_ == "det"), None)
                if det is None or det.lower_ not in ("the", "these", "those", "this", "both"):
                    continue
                if tok.tag_ == "NNS" or det.lower_ in ("these", "those", "both"):
                    out.extend(_resolved(m, tok) for m in last_group)
                else:
                    antecedent = company_before(in_sent, tok.i) or nominal_company
                    if antecedent is not None and antecedent.label == COMPANY:
                        out.append(_resolved(antecedent, tok))
        return out

    # -- triples ---------------------------------------------------------------------------------

    def _entity_triples(self, in_sent: list[Mention], trends: list, ev: Evidence, b: "_TripleBuilder",
                        ctx: "_Context") -> None:
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

    def _claim(self, sent: Span, ev: Evidence, targets: list[Mention], trends: list, speaker: Mention | None,
               content: set[int] | None, b: "_TripleBuilder", verb: Token | None = None) -> None:
        stances: list[tuple[Mention, object]] = []
        seen: set[tuple[str, str]] = set()
        for m in targets:
            if content is not None and m.root.i not in content:
                continue  # the speaker's own phrase ("Martin Casado of a16z") is not what is claimed
            st = self.stance.stance_of(m.root)
            if st.stance == NEUTRAL and speaker is None:
                continue
            key = (m.id, st.stance)
            if key in seen:
                continue
            seen.add(key)
            stances.append((m, st))
        if speaker is not None and speaker.label == COMPANY and verb is not None and not any(
                st.stance != NEUTRAL for _, st in stances):
            # "Broadcom said revenue rose 70 percent": a company's report on itself.
            reported = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
            if reported is not None:
                st = self.stance.predicate_polarity(reported)
                if st.stance != NEUTRAL:
                    stances.append((speaker, st))
        if speaker is None and not any(st.stance != NEUTRAL for _, st in stances):
            return  # the article's own sentence with no stance on anyone is not a claim
        hedged = any(st.hedged for _, st in stances) or any(t.lemma_.lower() in self.hedge_words
                                                              and t.dep_ in ("aux", "advmod") for t in sent)
        polar = [st for _, st in stances if st.stance != NEUTRAL]
        claim_stance = polar[0].stance if polar else NEUTRAL
        strength = max((st.strength for st in polar), default=0.5)
        confidence = round((0.5 + 0.4 * strength) * (0.85 if hedged else 1.0), 2)
        text = sent.text.strip()
        claim = Node(CLAIM, text, "claim:" + content_hash(b.source.id, " ".join(text.lower().split())),
                     {"text": text, "stance": claim_stance, "confidence": confidence, "sentence": text,
                      "kind": self._kind(sent), "hedged": hedged,
                      "claimant": speaker.name if speaker else "article",
                      "published": b.source.props.get("published"), "source_id": b.source.id,
                      "event_time": event_time(sent, b.source.props.get("published"))})
        b.add(b.source, REPORTS, claim, ev, {}, confidence)
        asserter = b.node(speaker.label, speaker.name) if speaker else b.source
        b.add(asserter, ASSERTS, claim, ev, {"stance": claim_stance}, confidence)
        for m, st in stances:
            conf = round(confidence * (0.8 if m.resolved_from else 1.0) * (1.0 if m.linked else 0.9), 2)
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

    def _affiliation(self, person: Mention, mentions: list[Mention], ctx: "_Context") -> Mention | None:
        """The company a speaker belongs to: from this sentence's text, earlier in the article, or the gazetteer."""
        company = affiliation_in_text(person, mentions) or ctx.affiliations.get(person.id)
        if company is not None:
            return company
        entry = self.gazetteer.get(person.id)
        linked = self.gazetteer.company_of(entry.link) if entry is not None and entry.link else None
        return Mention(COMPANY, linked.name, linked.id, person.span, True) if linked is not None else None

    def _canonical_company(self, name: str | None) -> str | None:
        entry = self.gazetteer.company_of(name) if name else None
        return entry.name if entry else name

    def _kind(self, sent: Span) -> str | None:
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        text = sent.text.lower()
        for kind, words in self.claim_kinds.items():
            if any((w in lemmas) if " " not in w else (w in text) for w in words):
                return kind
        return None


@dataclass
class _Context:
    """What an article's later sentences remember: the last company named, and speakers' companies."""

    last_company: Mention | None = None
    affiliations: dict[str, Mention] = field(default_factory=dict)
    interview: bool = False  # a "Q: ..." turn has been seen


class _TripleBuilder:
    """Collects an article's triples, keeping one node object per id."""

    def __init__(self, source: Node, triples: list[Triple], min_confidence: float) -> None:
        self.source = source
        self.triples = triples
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


def _resolved(m: Mention, tok: Token) -> Mention:
    return Mention(m.label, m.name, m.id, tok.doc[tok.i:tok.i + 1], m.linked, resolved_from=tok.text)


def _possessor(m: Mention, in_sent: list[Mention]) -> str | None:
    """"Acme's Widget": the company whose possessive stands before the product."""
    for other in in_sent:
        if other.label == COMPANY and other.root.dep_ == "poss" and other.root.head.i in {t.i for t in m.span}:
            return other.name
    return None


def _has_quote(sent: Span) -> bool:
    return '"' in sent.text


def _inside_quote(sent: Span) -> bool:
    text = sent.text.strip()
    return text.startswith('"') or text.endswith('"')
