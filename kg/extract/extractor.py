"""The extractor: an article in, triples with provenance out.

A short pipeline of named steps over each article, each in its own module:

1. structure    - split the text into blocks, headings apart from body paragraphs
2. parse        - spaCy (with the gazetteer's EntityRuler) over all blocks, batched with nlp.pipe (nlp)
3. mentions     - link entities to canonical names, find owned products (mentions)
4. turns        - interview turns: who speaks a paragraph (interview)
5. attribution  - who asserts each sentence: a quoted person, a company, or the article (attribution)
6. coreference  - what "the company", "it", "they" stand for (coreference)
7. stance       - gaining / losing / neutral per target, from its own clause (stance, polarity, prepositions)
8. trends       - known and pattern-found trends (trends)
9. triples      - Source, Claim and entity triples, each with its sentence (claims)

Per-article state lives in one `ArticleContext`, per-paragraph state in a `ParagraphState` (context).
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span

from kg.extract.attribution import AttributionRules, reports_on_another, speaker_company
from kg.extract.claims import ArticleTriples, ClaimBuilder
from kg.extract.context import ArticleContext, ParagraphState, cited, inside_quote, relays
from kg.extract.coreference import Coreference
from kg.extract.interview import Interviews
from kg.extract.lexicon import Cues, Gazetteer
from kg.extract.mentions import Mention, MentionFinder
from kg.extract.nlp import load_pipeline
from kg.extract.stance import StanceRules
from kg.extract.stance_filter import Candidate, StanceFilter
from kg.extract.structure import Block, is_table_row, row_label_end, split_blocks
from kg.extract.trends import TrendFinder
from kg.schema import COMPANY, PERSON, PRODUCT, Article, Evidence, Node, Triple, node_id


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    source: Node
    triples: list[Triple] = field(default_factory=list)
    candidates: list[Candidate] | None = None  # with collect_candidates: every stance the rules proposed


class Extractor:
    """Turns articles into triples. `nlp` can be passed in; otherwise the default model is loaded."""

    def __init__(self, model: str | None = None, gazetteer_files: list[str | Path] | None = None,
                 nlp=None, min_confidence: float = 0.0, stance_filter: bool = True,
                 collect_candidates: bool = False) -> None:
        """`stance_filter=False` keeps every stance the rules propose (the learned filter is not applied);
        `collect_candidates=True` records each proposal with its features on the Extraction (training)."""
        # How to build the same extractor again in a worker process (None: an nlp object was passed in).
        self.config = None if nlp is not None else {"model": model, "gazetteer_files": gazetteer_files,
                                                    "min_confidence": min_confidence,
                                                    "stance_filter": stance_filter,
                                                    "collect_candidates": collect_candidates}
        self.collect_candidates = collect_candidates
        self.gazetteer = Gazetteer.load(gazetteer_files)
        self.cues = Cues.load()
        self.nlp = nlp if nlp is not None else load_pipeline(self.gazetteer, model)
        self.mentions = MentionFinder(self.gazetteer, self.cues)
        self.interviews = Interviews(self.cues, self.mentions)
        self.attribution = AttributionRules(self.cues)
        self.coreference = Coreference(self.cues)
        self.stance = StanceRules(self.cues)
        self.trends = TrendFinder(self.nlp, self.gazetteer, self.cues)
        self.claims = ClaimBuilder(self.gazetteer, self.cues, self.stance,
                                   StanceFilter.load() if stance_filter else None)
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
        out = Extraction(article, source, candidates=[] if self.collect_candidates else None)
        triples = ArticleTriples(source, out.triples, self.min_confidence, out.candidates)
        self.mentions.reset()
        # (not from headings: a title-case heading capitalises every word)
        self.mentions.learn_firms(doc for block, doc in parsed if block.text and not block.heading)
        ctx = ArticleContext()
        ctx.issuer = self._issuer(parsed)
        ctx.row_sources = self._table_sources(parsed)
        # (what the text says of a person later, "Jane Roe, Acme's chief executive", overrides this)
        ctx.affiliations.update(self.mentions.firms_people(doc for block, doc in parsed if block.text))
        for block, doc in parsed:
            if block.text:
                self._block(block, doc, triples, ctx)
        headline = parsed[0][0] if parsed else None
        if headline is None or headline.text.rstrip().endswith("."):
            return out  # (a first line that ends like a sentence is the body's: some feeds leave the title out)
        end = headline.start + len(headline.text)
        if ctx.report_source is not None:
            # A write-up of one report: its headline states the report's findings too.
            triples.credit(triples.node(ctx.report_source.label, ctx.report_source.name), end)
        elif _REPORT_HEADLINE.search(headline.text):
            # "Cursor passes Copilot at large firms - report": the report is the one the lede credits.
            lede = triples.first_claimant_after(end)
            if lede is not None:
                triples.credit(lede, end)
        return out

    def _block(self, block: Block, doc: Doc, b: ArticleTriples, ctx: ArticleContext) -> None:
        mentions = self.mentions.find(doc, block.heading)
        mentions += self.mentions.surname_mentions(doc, mentions)
        mentions = self.mentions.named_firms(doc, mentions)
        mentions = self.mentions.owned_products(doc, mentions)
        mentions = self.mentions.unseen_sources(doc, mentions)
        mentions = self.mentions.rating_sources(doc, mentions)
        mentions = self.mentions.short_forms(doc, mentions)
        trend_mentions = self.trends.find(doc)
        paragraph = ParagraphState()
        # The article's first line is its headline: its claims count (headlines assert), other headings' do not.
        title = ctx.blocks == 0
        ctx.blocks += 1
        turn = self.interviews.turn(block.text, doc, block.heading and not title, mentions, ctx)
        row = row_label_end(block.text) if not turn.label_tokens and not title else None
        if row is not None:
            turn.label_tokens = {t.i for t in doc if t.idx < row}  # "AWS - 29%, down from 31%": the row speaks of AWS
        default_speaker = self._default_speaker(block, mentions, ctx)
        # Outlets, analyst and data firms named in the block: they speak, they are never spoken of.
        sources = [m for m in mentions if m.label == COMPANY and not self.claims.can_be_target(m)]
        # "Perplexity: 1.9%, down from 2.4%": a line labelled with a company speaks of it; "Bernstein: ..."
        # labelled with an analyst firm or outlet is theirs to say.
        label = next((m for m in mentions if m.label in (COMPANY, PRODUCT) and m.span.start in turn.label_tokens), None)
        if label is not None and label.label == COMPANY and (label in sources or self._names_report(label)):
            turn.speaker, label = label, None  # "Bernstein: ...", "Ramp AI Index: ..." speak; they are not spoken of
        colon = block.text.rfind(":")
        if title and turn.speaker is None and colon > 0:
            # "Apple overtakes Samsung in GenAI phones: Counterpoint": the headline credits its source
            turn.speaker = next((m for m in sources if m.span.start_char > colon), None)
        ctx.source_words |= {m.name.split()[0].lower() for m in sources}
        dateline = _DATELINE.match(block.text)
        if dateline is not None:
            # "NEW YORK, Nov 11 (Pacific Newswire) -": the wire that filed the story, never its subject
            wires = [m for m in mentions if m.label == COMPANY and dateline.start(1) <= m.span.start_char < dateline.end(1)]
            ctx.outlets |= {m.id for m in wires}
            ctx.wire = ctx.wire or (wires[0] if wires else None)
        opening = title or (ctx.paragraphs == 0 and not block.heading)  # the headline or the first paragraph
        if opening and turn.speaker is not None and turn.speaker.label == COMPANY:
            ctx.credit_report(turn.speaker, True)
        if title or ctx.paragraphs < 2:
            # "The study, published by Lumenfield Research", "Ramp AI Index:", "Sensor Tower's report"
            for m in mentions:
                if m.label == COMPANY and (m.source or self._names_report(m)):  # (a source firm stands only there)
                    ctx.credit_report(m, True)
        for sent in doc.sents:
            ev = Evidence(sent.text, block.start + sent.start_char, block.start + sent.end_char)
            in_sent = sorted((m for m in mentions if sent.start <= m.span.start < sent.end),
                             key=lambda m: m.span.start)
            trends_here = [t for t in trend_mentions if sent.start <= t.span.start < sent.end]
            self.claims.entity_triples(in_sent, trends_here, ev, b, ctx)
            if block.heading and not title and (block.boilerplate or not _asserting_heading(sent)):
                continue
            if turn.label_tokens and all(t.i in turn.label_tokens or t.is_punct for t in sent):
                continue  # "HV:" parsed as a sentence of its own: the label, no claim
            companies = [m for m in in_sent if m.label in (COMPANY, PRODUCT)
                         and m.id not in ctx.outlets and not self._known_source(m, ctx)]
            attribution = self.attribution.find(sent, in_sent, paragraph.last_person, paragraph.last_company,
                                                ctx.last_source, ctx.wire, ctx.last_company)
            speaker = attribution.speaker if attribution else None
            if attribution is None and paragraph.last_speaker is not None and inside_quote(sent):
                speaker = paragraph.last_speaker
            if attribution is None and turn.speaker is not None:
                speaker = turn.speaker
            said = speaker is not None  # the sentence itself names who speaks
            if speaker is None:
                # a paragraph's source speaks its other sentences; a list speaks for whoever introduced
                # it; an interview's answers are the interviewee's
                speaker = paragraph.source or default_speaker
            if speaker is None and not title and ctx.report_source is not None:
                speaker = ctx.report_source  # a write-up of one report: its figures are the report's
            if speaker is None and block.start in ctx.row_sources:
                speaker = ctx.row_sources[block.start]  # a table row speaks for the "Source:" line under its table
            if speaker is None and ctx.issuer is not None:
                speaker = ctx.issuer  # a press release or a research note speaks for the firm that issued it
            if attribution is not None and speaker is not None and speaker.label == COMPANY:
                # "according to a report by LatePost that cites data from QuestMobile": QuestMobile's figures
                origin = next((m for m in in_sent if m.label == COMPANY and m.id != speaker.id and relays(speaker, m)
                               and cited(m)), None)
                if origin is not None:
                    ctx.relayed[speaker.id] = origin
            if speaker is not None and speaker.id in ctx.relayed:
                speaker = ctx.relayed[speaker.id]  # "as first reported by The Ledger", which cited Trafiq's data
            # In what a person says, "we" and "the company" are the speaker's company.
            employer = (speaker_company(speaker, mentions, ctx.affiliations, self.gazetteer)
                        if speaker is not None and speaker.label == PERSON else None)
            # (an analyst's or investor's firm is not what "the group" in their words means)
            own = employer if employer is not None and self.claims.can_be_target(employer) else None
            # "Zendesk has lost customers, The Financial Ledger reported": the speaker only speaks
            on_another = attribution is not None and attribution.speaker is not None and reports_on_another(
                attribution.verb, attribution.speaker)
            # A firm whose panel the figures come from ("the sites Webscope follows"), or an unknown firm that
            # reports on another named one ("Appvane shows Claude downloads up 61%"), is a source: here and,
            # for the unknown firm, in the rest of the article.
            tracker = attribution is not None and attribution.speaker is not None and (attribution.tracker or (
                attribution.speaker.label == COMPANY and not attribution.speaker.linked and on_another))
            if tracker and not attribution.speaker.linked:
                self.mentions.source_ids.add(attribution.speaker.id)
            if (speaker is not None and speaker.label == COMPANY and self.claims.can_be_target(speaker)
                    and not self._known_source(speaker, ctx) and not tracker):
                own = speaker  # "Nvidia said it ...", "SK Hynix said its lead ..." (not "Gartner said it ...")
            if attribution is not None and attribution.speaker is not None:  # then it is `speaker`
                paragraph.source = speaker
                # "the note said" later means the firm: a person's firm when the text says it
                firm = speaker if speaker.label == COMPANY else employer
                # (and stays the firm's even after one of its analysts is quoted: "the analysts wrote" is
                # the team's note, not the person's)
                if firm is not None and (tracker or not self.claims.can_be_target(firm)):
                    ctx.last_source = firm
                    ctx.credit_report(firm, opening, states_figures(sent))
                elif firm is not None and states_figures(sent):
                    ctx.credit_report(firm, False)  # "OpenAI said it has 800 million users": figures of its own
                elif speaker.label == COMPANY:
                    ctx.last_source = speaker
            content = set(t.i for t in attribution.content) if attribution and attribution.content else None
            if turn.label_tokens and sent.start in turn.label_tokens:
                content = (content or {t.i for t in sent}) - turn.label_tokens
            antecedents = [m for m in in_sent if content is None or m.root.i in content]
            if on_another:
                companies = [m for m in companies if m.span.start != attribution.speaker.span.start]
            targets = companies + self.coreference.referents(
                sent, antecedents, paragraph, own or paragraph.last_company or ctx.last_company, own,
                said and speaker is not None and speaker.label == COMPANY)  # "Nvidia said its ...", not a carried-over source
            if not turn.asks and not sent.text.rstrip().rstrip('"\'”’').endswith("?"):  # a question asserts nothing
                labelled = ((label, self.stance.labelled_line(sent, turn.label_tokens))
                            if label is not None and sent.start in turn.label_tokens else None)
                self.claims.claim(sent, ev, targets, trends_here, speaker, content, b,
                                  attribution.verb if attribution else None, said, not ctx.sentences, block.bullet,
                                  labelled)
            ctx.sentences += 1
            paragraph.remember(sent, in_sent, speaker)
        if not block.heading and paragraph.last_company is not None:
            ctx.last_company = paragraph.last_company
        if not title and not block.heading and not block.bullet and not _byline(block) and _ends_like_prose(block):
            ctx.paragraphs += 1  # (a long standfirst under the headline, unpunctuated, is not the first paragraph)
        if not block.heading and not block.bullet:
            # "Key findings from the Counterpoint report:" introduces a list that the firm speaks
            named_source = sources[0] if sources else None
            ctx.list_source = (paragraph.source or named_source) if block.text.rstrip().endswith(":") else None

    def _issuer(self, parsed: list[tuple[Block, Doc]]) -> Mention | None:
        """The firm that issued the article, when it is a press release ("SOURCE Tessaly" closing it, or an
        "About Tessaly" section and a forward-looking-statements one) or a research note ("Kestrel Capital
        Markets | Equity Research" heading it): its own voice is that firm's."""
        release = any(_FORWARD_LOOKING.match(block.text) for block, _ in parsed)
        found = None
        for k, (block, doc) in enumerate(parsed):
            m = _SOURCE_LINE.match(block.text) or (_RESEARCH_LINE.match(block.text) if k < 4 else None)
            if m is None and release:
                m = _ABOUT_LINE.match(block.text)
            if m is not None:
                found = (doc, m)
        return self._firm_named(*found) if found is not None else None

    def _table_sources(self, parsed: list[tuple[Block, Doc]]) -> dict[int, Mention]:
        """The rows of each table that a "Source: Similarweb" line closes, by block start, with that source."""
        out: dict[int, Mention] = {}
        for k, (block, doc) in enumerate(parsed):
            m = _TABLE_SOURCE.match(block.text)
            source = self._firm_named(doc, m, source=True) if m is not None else None
            if source is None:
                continue
            j = k - 1
            while j >= 0 and is_table_row(parsed[j][0].text):
                out[parsed[j][0].start] = source
                j -= 1
        return out

    def _firm_named(self, doc: Doc, match: re.Match, source: bool = False) -> Mention | None:
        """The firm a line names in its pattern's first group, under its gazetteer name if it has one."""
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is None:
            return None
        entry = self.gazetteer.find(COMPANY, span.text)
        name = entry.name if entry is not None else span.text
        return Mention(COMPANY, name, entry.id if entry is not None else node_id(COMPANY, name), span,
                       entry is not None, source=source)

    def _known_source(self, m: Mention, ctx: ArticleContext) -> bool:
        """A firm the gazetteer does not know whose name starts like a source's named earlier."""
        return (m.label == COMPANY and self.gazetteer.get(m.id) is None
                and m.name.split()[0].lower() in ctx.source_words)

    def _names_report(self, m: Mention) -> bool:
        """Whether a company is named as a report's or data set's owner or publisher: its head, or the
        noun a "by"/"from" phrase (through a participle) hangs from, is a report noun."""
        doc, end = m.span.doc, m.span.end
        words = list(doc[end:end + 4])
        k = 0
        while k < len(words) and words[k].is_alpha and words[k].is_lower and words[k].lower_ not in self.cues.report_nouns \
                and words[k].tag_ in ("NN", "NNS"):
            k += 1
        if k < len(words) and words[k].lower_ in self.cues.report_nouns and words[k].tag_ != "NNS" and (
                k + 1 >= len(words) or not (words[k + 1].is_alpha and words[k + 1].tag_ in ("NN", "NNS"))):
            return True  # "the Stackwise developer tools survey", whatever the parse made of "survey"
        tok = m.root
        for _ in range(4):
            if tok.head.i == tok.i:
                return False
            tok = tok.head
            if tok.pos_ in ("NOUN", "PROPN"):
                # A plural counts only where the list has it ("figures from X"); "newer releases from
                # MiniMax" are its models, not a press release.
                if tok.lower_ in self.cues.report_nouns or (tok.tag_ != "NNS" and tok.lemma_.lower() in self.cues.report_nouns):
                    return True
                if tok.dep_ == "compound":
                    continue  # "Ramp AI Index"
                return False
            if not (tok.lower_ in ("by", "from", "of") or tok.tag_ == "VBN"):
                return False
        return False

    @staticmethod
    def _default_speaker(block: Block, mentions: list[Mention], ctx: ArticleContext) -> Mention | None:
        """Who speaks a body paragraph that names no speaker: the source that introduced a list, for its
        items; in a Q&A (paragraphs that ask, each followed by an answer), the person most mentioned."""
        if block.heading:
            return None
        if not _byline(block):  # a byline names the author, not someone the article is about
            ctx.count_people(mentions)
        if block.bullet:
            return ctx.list_source
        if block.text.rstrip().endswith("?"):
            ctx.interviewee = ctx.interviewee or ctx.most_mentioned_person()
            return None
        return ctx.interviewee


FIGURE_ENTITIES = {"PERCENT", "MONEY", "QUANTITY", "CARDINAL"}
_NAME = r"([A-Z][\w.&'-]*(?: [A-Z&][\w.&'-]*){0,4})"
_TABLE_SOURCE = re.compile(r"^Sources?: " + _NAME + r"(?:[,;(.]|\s*$| estimates| data)")  # "Source: Similarweb, ..."
_SOURCE_LINE = re.compile(r"^SOURCE " + _NAME + r"\s*$")  # a press release's last line
_ABOUT_LINE = re.compile(r"^About " + _NAME + r"\s*$")
_FORWARD_LOOKING = re.compile(r"^(?:Forward-Looking Statements|Safe Harbor|Cautionary Statement)", re.I)
_RESEARCH_LINE = re.compile(r"^" + _NAME + r" \| (?:Equity |Credit |Industry )?Research\b")
# a headline that says its claims are a report's: "... - report", "...: Report", "..., survey shows"
_REPORT_HEADLINE = re.compile(r"[-\u2013\u2014:,|]\s*(?:an?\s+|new\s+)?(?:report|survey|study|data|analysis|research)"
                              r"(?:\s+(?:says|shows|finds|suggests|reveals))?\s*$", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'/-]{1,40},? (?:[A-Z][a-z]{2,8}\.? \d{1,2} )?\(([^)]{2,40})\) ?[-\u2013\u2014]")


def _ends_like_prose(block: Block) -> bool:
    return block.text.rstrip()[-1:] in ('.', '!', '?', '"', "'", ":", ")")


def _byline(block: Block) -> bool:
    """A short "By Jane Doe and John Roe" line."""
    return block.text.startswith("By ") and len(block.text.split()) <= 8


def states_figures(sent: Span) -> bool:
    """Whether a sentence states figures (a share, a count, a change): a number that is not a date."""
    return any(t.text == "%" or t.ent_type_ in FIGURE_ENTITIES or (t.like_num and t.ent_type_ not in ("DATE", "TIME"))
               for t in sent)


def _asserting_heading(sent: Span) -> bool:
    """A subheading that is a clause with a company for its subject ("DeepSeek falls further behind")
    asserts like a headline; a label ("The headline numbers", "Who is losing?") does not."""
    root = sent.root
    return (root.tag_ in ("VBZ", "VBD", "VBP") and not sent.text.rstrip().endswith("?")
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ in ("ORG", "PRODUCT") for c in root.children))
