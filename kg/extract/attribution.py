"""Who says so: speakers of attributed statements, and their affiliations.

Attribution comes from a reporting verb whose subject is a person or
company ("Casado highlighted that ...", "..., said Jane Doe", "Nvidia warned
..."), from "according to X", and from quotes that continue a speaker's words
in the same paragraph. A speaker's affiliation comes from the text ("Martin
Casado of a16z", "Jane Doe, a partner at Accel", "Anthropic's Jared Kaplan",
"Nvidia CEO Jensen Huang") before the gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.lexicon import Cues, Gazetteer
from kg.extract.mentions import Mention, company_before
from kg.schema import COMPANY, PERSON

PRONOUNS_PERSON = {"he", "she"}
PRONOUNS_COMPANY = {"it", "they"}


@dataclass
class Attribution:
    speaker: Mention | None       # None: the article itself
    verb: Token | None
    content: list[Token] | None   # tokens of the reported content, or None for the whole sentence
    tracker: bool = False         # the speaker is the firm whose panel the figures come from: a source


class AttributionRules:
    def __init__(self, cues: Cues) -> None:
        self.verbs = cues.attribution_verbs
        self.company_nouns = cues.company_nouns
        self.report_nouns = cues.report_nouns
        self.person_nouns = cues.person_source_nouns
        self.unnamed = cues.unnamed_source_nouns
        self.anonymous = cues.anonymous_source_nouns
        self.tracking = cues.tracking_verbs

    def find(self, sent: Span, mentions: list[Mention], last_person: Mention | None,
             last_company: Mention | None, last_source: Mention | None = None,
             wire: Mention | None = None, article_company: Mention | None = None) -> Attribution | None:
        """Who the sentence says is speaking, and the tokens of what they say. `last_source` is the
        article's last named speaker: what "the note said", "the analysts wrote" or "they said" refer to;
        `wire` the agency a dateline names, which relays the anonymous sources of its story;
        `article_company` the last company the article named, whose call "executives" speak on."""
        by_token = {t.i: m for m in mentions for t in m.span}
        # "according to X", "as per X"
        for tok in sent:
            if tok.i + 1 < sent.end and (tok.lower_, sent.doc[tok.i + 1].lower_) in (("according", "to"), ("as", "per")):
                # the source heads the preposition's object, however long its description
                # ("according to new data from market-research firm QuestMobile"), and the words up to the
                # next comma, whatever the parse made of them ("according to the latest index from
                # Ledgerly, a card provider"), not the clause after it
                phrase_end = next((t.i for t in sent.doc[tok.i + 2: min(sent.end, tok.i + 16)]
                                   if t.is_punct and t.text not in ("-", "'", "&")), None)  # ("Beijing-based")
                scope = {t.i for t in sent.doc[tok.i + 1].subtree if phrase_end is None or t.i < phrase_end}
                scope |= set(range(tok.i + 2, phrase_end or tok.i + 8))
                for t in sent.doc[tok.i + 2: min(sent.end, tok.i + 16)]:
                    if t.i not in scope:
                        continue
                    m = by_token.get(t.i)
                    if m is not None and m.label == COMPANY and m.root.lemma_.lower() in self.report_nouns and any(
                            c.dep_ == "prep" and c.lower_ in ("from", "by") for c in m.root.children):
                        continue  # "according to the AI Spend Index from Ledgerly": the firm behind the index
                    if m is not None and m.label in (PERSON, COMPANY):
                        # The source and its description ("Jane Doe, an analyst at Acme,") say nothing claimed.
                        said_by = {x.i for x in m.root.subtree if x.i < sent.root.i} | set(range(tok.i, m.span.end + 1))
                        content = [x for x in sent if x.i not in said_by]
                        # "according to a survey by Stackwise Labs", "according to new data from X": the
                        # firm speaks through its figures, a source
                        through_report = m.label == COMPANY and any(
                            x.lemma_.lower() in self.report_nouns and x.pos_ == "NOUN" and x.i in scope
                            for x in sent.doc[tok.i + 2:m.span.start])
                        return Attribution(m, tok, content, through_report)
                named = next((t for t in sent.doc[tok.i + 2: phrase_end or tok.i + 8] if t.i in scope
                              and t.lemma_.lower() in self.report_nouns and t.pos_ == "NOUN"), None)
                if (named is not None and last_source is not None and last_source.label == COMPANY
                        and any(c.lower_ in ("the", "this", "that", "its") for c in named.children)):
                    # "according to the report", "according to the survey": the source named before
                    said_by = set(range(tok.i, (phrase_end or named.i) + 1))
                    return Attribution(last_source, tok, [x for x in sent if x.i not in said_by])
        for tok in sent:
            if tok.lemma_.lower() not in self.verbs or tok.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None and any(c.dep_ == "nsubjpass" for c in tok.children):
                # "Cambricon was said to have taken 15%": what is said of the subject, by the agent if named
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if subj is None:
                    continue
            if subj is None and tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > tok.head.i:
                # "Pellham Brothers cut Adobe to Neutral, saying in a note that ...": the main clause's subject
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            if any(c.dep_ == "dobj" for c in tok.children) and not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
                continue  # "adding customers", "shows strength": the verb has a thing for its object, not a statement
            speaker = self._speaker(subj, by_token, last_person, last_company, last_source)
            if speaker is None and subj.lower_ == "executives" and not any(
                    c.dep_ in ("det", "amod", "prep", "poss") and c.lower_ not in ("the", "its", "their")
                    for c in subj.children):
                # "Executives said on the call ...": the company whose call it is
                speaker = company_before(list(by_token.values()), subj.i) or last_company or article_company
            if speaker is None and tok.lemma_.lower() == "tell" and subj.lemma_.lower() in self.unnamed:
                # "people familiar with the matter told Reuters": the outlet relays them
                speaker = next((by_token[c.i] for c in tok.children if c.dep_ in ("dative", "dobj")
                                and c.i in by_token and by_token[c.i].label == COMPANY), None)
            if speaker is None and wire is not None and subj.lemma_.lower() in self.anonymous:
                speaker = wire  # "SEOUL, March 12 (Meridian Wire) - ... people familiar with the matter said"
            if speaker is None:
                continue
            # The content is the sentence less the speaker's phrase and the reporting verb; the
            # small model often misparses "X said that A ..." so the tree is not trusted further.
            speaker_part = {t.i for t in subj.subtree} | {tok.i}
            content = [x for x in sent if x.i not in speaker_part] or None
            return Attribution(speaker, tok, content)
        return self._report_subject(sent, by_token) or self._tracker(sent, mentions, by_token, last_source)

    def _report_subject(self, sent: Span, by_token: dict[int, Mention]) -> Attribution | None:
        """"Similarweb's April figures had Perplexity's visits up 22%", "the Sensor Tower data put ...": a
        report, data set or figures of a named firm as the subject of any verb speak for that firm."""
        verb = sent.root
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lemma_.lower() not in self.report_nouns and subj.lower_ not in self.report_nouns:
            return None
        firm = next((by_token[c.i] for c in subj.children if c.dep_ in ("poss", "compound") and c.i in by_token
                     and by_token[c.i].label == COMPANY), None)
        if firm is None:
            return None
        said_by = {t.i for t in subj.subtree if t.i <= subj.i}
        return Attribution(firm, verb, [x for x in sent if x.i not in said_by])

    def _tracker(self, sent: Span, mentions: list[Mention], by_token: dict[int, Mention],
                 last_source: Mention | None) -> Attribution | None:
        """"Its share of the voice sites Webscope follows rose to 44%", "among the 25 apps the firm tracks":
        the figures are those of the firm whose panel the sentence describes."""
        for tok in sent:
            if tok.dep_ != "relcl" or tok.lemma_.lower() not in self.tracking:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            speaker = by_token.get(subj.i)
            if speaker is None and last_source is not None and last_source.label == COMPANY and any(
                    c.lower_ in ("the", "this") for c in subj.children) and subj.lemma_.lower() in (
                    self.company_nouns | self.report_nouns):
                speaker = last_source  # "the firm tracks", "the survey covers"
            if speaker is not None and speaker.label == COMPANY:
                said_by = {t.i for t in subj.subtree} | {tok.i}
                return Attribution(speaker, tok, [x for x in sent if x.i not in said_by], True)
        doc = sent.doc
        for m in mentions:
            # the small model often misparses the reduced relative clause ("the sites Webscope follows"):
            # a firm between a plural noun and a tracking verb is read from the words
            after = m.span.end
            if (m.label == COMPANY and m.span.start > sent.start and after < sent.end
                    and doc[m.span.start - 1].tag_ == "NNS" and (doc[after].tag_ in ("VBZ", "VBP", "VBD") or (
                        doc[after].tag_ == "NNS" and after + 1 < sent.end and doc[after + 1].tag_ in ("VBD", "VBZ")))
                    and self.tracking & {doc[after].lemma_.lower(), doc[after].lower_[:-1], doc[after].lower_[:-2]}):
                # (a misparsed verb's lemma is its own form, "follows"; "the sites X tracks rose" may tag it a noun)
                said_by = {t.i for t in m.span} | {after}
                return Attribution(m, doc[after], [x for x in sent if x.i not in said_by], True)
        return None

    def _speaker(self, subj: Token, by_token: dict[int, Mention], last_person: Mention | None,
                 last_company: Mention | None, last_source: Mention | None = None) -> Mention | None:
        for t in subj.subtree:
            m = by_token.get(t.i)
            if m is not None and m.label in (PERSON, COMPANY):
                # "Martin Casado of a16z": the head of the subject is the speaker, not the affiliation.
                if m.root.i == subj.i or m.label == PERSON:
                    return m
        low = subj.lower_
        if low in PRONOUNS_PERSON and last_person is not None:
            return last_person
        if low in PRONOUNS_COMPANY and last_company is not None and low == "it":
            return last_company
        definite = any(c.lower_ in ("the", "this", "that", "its", "their") for c in subj.children)
        lemma = subj.lemma_.lower()
        org_source = last_source if last_source is None or last_source.label == COMPANY else None
        if definite and lemma in self.person_nouns and subj.tag_ != "NNS" and last_person is not None:
            return last_person  # "the analyst added", "the CEO said": the person named before
        if definite and (lemma in self.report_nouns or lemma in self.person_nouns) and org_source is not None:
            return org_source  # "the note said", "the bank flagged", "the analysts wrote": the firm named before
        if low == "they" and org_source is not None:
            return org_source  # "they said", of the analysts of the firm named before
        if low in self.company_nouns and subj.tag_ != "NNS" and any(c.lower_ == "the" for c in subj.children):
            # "..., the company told investors": the company named before it ("the incumbents assumed" is a
            # group, not one company)
            return company_before(list(by_token.values()), subj.i) or last_company
        for t in subj.subtree:
            m = by_token.get(t.i)
            if m is not None and m.label == COMPANY:
                return m
        return None


def affiliation_in_text(person: Mention, mentions: list[Mention]) -> Mention | None:
    """The company the text ties this person to, if it does."""
    root = person.root
    companies = {t.i: m for m in mentions if m.label == COMPANY for t in m.span}

    def company_at(tok: Token) -> Mention | None:
        return companies.get(tok.i)

    # "Martin Casado of a16z", "Jane Doe at Accel", "Jane Doe, a partner at Accel", "Doe, Nvidia's CEO"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "from", "with"):
            for t in child.subtree:
                if company_at(t):
                    return company_at(t)
        if child.dep_ == "appos":
            for t in child.subtree:
                if company_at(t):
                    return company_at(t)
    # "Nvidia CEO Jensen Huang", "Anthropic's Jared Kaplan"
    for t in root.subtree:
        if t.i < person.span.start and company_at(t) and t.dep_ in ("compound", "poss", "nmod"):
            return company_at(t)
    # "the CEO of Nvidia, Jensen Huang,": person as appos of a title
    head = root.head
    if root.dep_ == "appos" and head.i != root.i:
        for t in head.subtree:
            if company_at(t) and t.i < root.i:
                return company_at(t)
    return None


def speaker_company(person: Mention, mentions: list[Mention], affiliations: dict[str, Mention],
                    gazetteer: Gazetteer) -> Mention | None:
    """The company a speaker belongs to: from this sentence's text, earlier in the article
    (`affiliations`, by person id), or the gazetteer."""
    company = affiliation_in_text(person, mentions) or affiliations.get(person.id)
    if company is not None:
        return company
    entry = gazetteer.get(person.id)
    linked = gazetteer.company_of(entry.link) if entry is not None and entry.link else None
    return Mention(COMPANY, linked.name, linked.id, person.span, True) if linked is not None else None


def reports_on_another(verb: Token | None, speaker: Mention) -> bool:
    """Whether what the speaker reports has a named subject of its own ("Zendesk has lost customers, The
    Financial Ledger reported"): then the report says nothing about the speaker."""
    if verb is None:
        return False
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i != verb.i:
        clauses.append(verb.head)  # "Zendesk lost customers, the Ledger said" parsed with "said" under "lost"
    span = speaker.span
    # (the subject, or a name inside it: "standalone Meta AI app downloads fell 18%, Appvane says")
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.doc is span.doc and any(
        t.pos_ == "PROPN" and not (span.start <= t.i < span.end) and t.lower_ not in ("u.s.", "us", "uk", "eu")
        for t in (c, *c.subtree)) for clause in clauses for c in clause.children)
