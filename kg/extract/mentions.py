"""Finding and linking mentions: spaCy entities to canonical gazetteer entries.

Gazetteer matches (from the EntityRuler) carry their entry id; organisations
and people the statistical model finds but the gazetteer lacks are kept under
their own name (possessives and "the" stripped), never merged into a known one.
Later short references to a person ("Casado") link to the full name seen
earlier in the article. Products the gazetteer lacks are found by how they are
introduced: an owner, a name and a kind of product ("its CoCounsel assistant",
"Intel's Lunar Lake chips").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Cues, Gazetteer
from kg.schema import COMPANY, PERSON, PRODUCT, node_id

_LABEL_OF = {"ORG": COMPANY, "PERSON": PERSON, "PRODUCT": PRODUCT}
_POSSESSIVE = {"'s", "'", "s"}
_PLACE_LABELS = {"FAC", "GPE", "LOC", "NORP"}
_NOT_FIRM_LABELS = {"NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}


@dataclass
class Mention:
    """One mention of a known (or newly found) company, person or product."""

    label: str
    name: str            # canonical name
    id: str
    span: Span           # the tokens, possessive stripped
    linked: bool         # True when the gazetteer knows it
    resolved_from: str | None = None  # the pronoun or noun phrase it replaced, for coreference
    maker: str | None = None          # for a product found in the text: the company that owns it
    source: bool = False              # a firm the text names only as a source ("according to Ledgerly")

    @property
    def root(self) -> Token:
        return self.span.root


class MentionFinder:
    """Turns a parsed block into linked mentions; remembers people per article."""

    def __init__(self, gazetteer: Gazetteer, cues: Cues) -> None:
        self.gazetteer = gazetteer
        self.not_companies = cues.not_companies
        self.common_words = cues.common_word_names
        self.not_person_words = cues.not_person_words
        self.not_company_words = cues.not_company_words
        self.role_nouns = cues.person_role_nouns
        self.owned_nouns = cues.name_modified_nouns
        self.product_nouns = cues.product_nouns
        self.firm_endings = cues.firm_name_endings
        self.report_nouns = cues.report_nouns
        self._lookup = {}
        for e in gazetteer.entries.values():
            for form in e.surface_forms():
                self._lookup.setdefault((e.label, form.lower()), e)
        self.people_seen: dict[str, str] = {}  # surname -> full canonical name, per article
        self.firms_seen: dict[str, tuple[str, str]] = {}  # first word -> (name, id) of a firm the gazetteer lacks
        # last word -> (name, id) of such a firm whose name ends as a source's does: "the Ledger" after
        # "The Financial Ledger", "the Courier" after "Wall Street Courier"
        self.sources_seen: dict[str, tuple[str, str]] = {}
        self.source_name_words = cues.source_name_words
        self.rating_words = cues.rating_words
        # nouns for a firm that is a source ("outlet", "brokerage", "tracker"), not for a researcher
        self.firm_source_nouns = cues.source_nouns - {"analyst", "analysts", "research", "researcher"}
        self.companies_seen: set[str] = set()  # gazetteer companies named so far in the article
        self.source_ids: set[str] = set()  # unknown firms the article named where only a source stands
        self.company_nouns = cues.company_nouns
        # words a firm's name follows as its description ("app-intelligence firm Lanternfish", "tracker
        # Orbitly"), in the singular: a person may follow "developer" or "player", a group's name "group"
        self.describing_nouns = ({n for n in cues.company_nouns if not n.endswith("s")} | self.firm_source_nouns) - {
            "developer", "group", "player"}
        self.source_kinds = cues.source_kind_words
        self.firm_possessions = cues.firm_possessions
        self.article_firms: dict[str, str] = {}  # lower-cased name -> name: names the article shows are firms'
        self._forms_from: dict[str, list[str]] = {}

    def reset(self) -> None:
        self.people_seen.clear()
        self.firms_seen.clear()
        self.sources_seen.clear()
        self.companies_seen.clear()
        self.source_ids.clear()
        self.article_firms = {}
        self._forms_from: dict[str, list[str]] = {}  # first word -> the article firms' names starting with it

    def learn_firms(self, docs: Iterable[Doc]) -> None:
        """One name, one sense per article: the names the article anywhere shows to be a firm's ("Legora, a
        Stockholm startup", "rivals such as Zendesk", "Zendesk's customers", "Harvey, Legora and Clio"
        beside a known firm, "Kestrel Cloud", the wire in a dateline), so that `named_firms` finds them
        wherever the model took them for a person, a place or nothing. A name that is part of a person's
        name in the article is a person's."""
        people: set[str] = set()
        found: dict[str, str] = {}
        described_sources: set[str] = set()
        full_names: list[str] = []  # unknown firms' names of two words or more that the model found
        for doc in docs:
            for ent in doc.ents:
                if (ent.label_ == "ORG" and len(ent) >= 2 and all(t.pos_ == "PROPN" for t in ent)
                        and self._lookup.get((COMPANY, ent.text.lower())) is None and not ent.ent_id_):
                    full_names.append(ent.text)
                if (ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].lower_ not in self.firm_endings
                        and not self._shown_as_firm(ent)):  # ("business outlet Jinghua Finance" is no person)
                    people.update(t.text for t in ent)
            for span in self._name_runs(doc):
                if span.text.lower() not in found and self._shown_as_firm(span):
                    found[span.text.lower()] = span.text
                if self._described_as_source(span[0]):
                    described_sources.add(node_id(COMPANY, span.text))
        self.article_firms = {k: v for k, v in found.items() if not any(w in people for w in v.split())}
        for name in full_names:
            # "Norvane said ..." before the quote that names "Norvane AI": a short form may come first
            if not any(w in people for w in name.split()):
                self.firms_seen.setdefault(name.split()[0].lower(), (name, node_id(COMPANY, name)))
        self.source_ids |= described_sources & {node_id(COMPANY, name) for name in self.article_firms.values()}
        self._forms_from = {}
        for key in self.article_firms:
            self._forms_from.setdefault(key.split()[0], []).append(key)

    def firms_people(self, docs: Iterable[Doc]) -> dict[str, Mention]:
        """People a firm the article names possesses anywhere, headlines too ("Q&A: Ferrovia Labs' Ravi
        Deshmane on ..."), by person id, with that firm: whom an interviewee works for."""
        found: dict[str, Mention] = {}
        for doc in docs:
            for tok in doc:
                if tok.text not in _POSSESSIVE or tok.i < 1 or tok.i + 2 >= len(doc):
                    continue
                first, last = doc[tok.i + 1], doc[tok.i + 2]
                if not (first.tag_ == "NNP" and last.tag_ == "NNP" and first.text[:1].isupper() and last.text[:1].isupper()) \
                        or (tok.i + 3 < len(doc) and doc[tok.i + 3].tag_ == "NNP"):
                    continue
                owner = doc[tok.i - 1]
                entry = self.gazetteer.get(owner.ent_id_) if owner.ent_id_.startswith("company:") else None
                if entry is not None:
                    firm = Mention(COMPANY, entry.name, entry.id, doc[owner.i:owner.i + 1], True)
                else:
                    name = next((n for n in self.article_firms.values() if n.split()[-1] == owner.text), None)
                    if name is None:
                        continue
                    firm = Mention(COMPANY, name, node_id(COMPANY, name), doc[owner.i:owner.i + 1], False)
                found[node_id(PERSON, f"{first.text} {last.text}")] = firm
        return found

    def named_firms(self, doc, mentions: list[Mention]) -> list[Mention]:
        """`mentions` with the names `learn_firms` found, wherever no other mention covers them."""
        if not self.article_firms:
            return mentions
        used = {t.i for m in mentions for t in m.span}
        found = []
        i = 0
        while i < len(doc):
            # capitalised, whatever the tagger made of it ("Tovik lost share": Tovik tagged a common noun)
            name = None
            if doc[i].text[:1].isupper() and i not in used:
                name = next((self.article_firms[key] for key in self._forms_from.get(doc[i].lower_, ())
                             if doc[i:i + len(key.split())].text.lower() == key), None)
            if name is None:
                i += 1
                continue
            span = doc[i:i + len(name.split())]
            i = span.end
            if any(t.i in used for t in span) or (span.end < len(doc) and doc[span.end].tag_ in ("NNP", "NNPS")
                                                   and doc[span.end].text[:1].isupper()):
                continue  # a longer name that starts the same way
            firm = node_id(COMPANY, name)
            found.append(Mention(COMPANY, name, firm, span, False, source=firm in self.source_ids))
        return sorted([*mentions, *found], key=lambda m: m.span.start) if found else mentions

    def _described(self, tok: Token) -> bool:
        """A capitalised word right after a lower-case firm noun: "firm Lanternfish", "startup Tenbrook"."""
        if tok.i <= tok.sent.start:
            return False
        before = tok.doc[tok.i - 1]
        return before.is_lower and before.lower_ in self.describing_nouns

    def _described_as_source(self, tok: Token) -> bool:
        """"tracker Orbitly", "research firm Lanternfish", "web-traffic data provider Trafiq": a firm whose
        figures an article reports, so a source and never a target."""
        if not self._described(tok):
            return False
        kind = tok.doc[tok.i - 1]
        if kind.lower_ in self.firm_source_nouns:
            return True
        start = max(tok.sent.start, kind.i - 3)
        return any(w.lower_ in self.source_kinds or w.lower_.split("-")[-1] in self.source_kinds
                   for w in tok.doc[start:kind.i])

    def _name_runs(self, doc) -> Iterator[Span]:
        """Runs of capitalised proper nouns the gazetteer does not know ("The" dropped)."""
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            if not (tok.text[:1].isupper() and (tok.tag_ in ("NNP", "NNPS") or self._described(tok))
                    and not tok.ent_id_) or tok.lower_ == "the":
                i += 1
                continue
            end = i + 1
            while end < n and doc[end].text[:1].isupper() and doc[end].tag_ in ("NNP", "NNPS") and not doc[end].ent_id_:
                end += 1
            span = doc[i:end]
            i = end
            before = doc[span.start - 1] if span.start > tok.sent.start else None
            if before is not None and (before.ent_id_ or before.text in _POSSESSIVE or before.text[:1].isupper()):
                continue  # part of a longer name ("Salesforce Service Cloud"), or owned ("Adobe's Creative Cloud")
            text = span.text
            if (not _plausible_company(text) or any(ch.isdigit() for ch in text) or (text.isupper() and len(text) <= 5)
                    or span.root.ent_type_ in _NOT_FIRM_LABELS or (len(span) == 1 and text.lower() in self.firm_endings)
                    or all(t.lower_ in self.not_companies for t in span)
                    or any((label, text.lower()) in self._lookup for label in (COMPANY, PRODUCT, PERSON))):
                continue
            yield span

    def _shown_as_firm(self, span: Span) -> bool:
        words = span.text.split()
        if len(words) >= 2 and words[-1].lower() in self.firm_endings:
            return True  # "Kestrel Cloud", "Meridian Wire"
        if self._described(span[0]):
            return True  # "web-traffic tracker Orbitly", whatever the parse made of the sentence
        doc, root = span.doc, span.root
        if span.start >= 1 and span.end + 1 < len(doc) and doc[span.start - 1].text == "(" \
                and doc[span.end].text == ")" and doc[span.end + 1].text in ("-", "--", "\u2013", "\u2014"):
            return True  # "SEOUL, March 12 (Meridian Wire) -": the wire that filed the story
        if any(c.dep_ == "appos" and c.lemma_.lower() in self.role_nouns for c in root.children):
            return False  # "Lindqvist, the chief executive"
        described = [c for c in root.children if c.dep_ in ("appos", "compound", "nmod") and c.pos_ == "NOUN"]
        if root.dep_ == "appos":
            described.append(root.head)
        if any(t.lemma_.lower() in self.company_nouns or t.lower_ in self.firm_source_nouns for t in described):
            return True  # "Legora, a Stockholm startup", "startup Legora", "business outlet Jinghua Finance"
        if root.dep_ == "poss" and (root.head.lemma_.lower() in self.firm_possessions
                                    or root.head.lower_ in self.firm_possessions):
            return True  # "Zendesk's shares", "Legora's chief executive" (a product has users too)
        if root.ent_type_ in _PLACE_LABELS:
            return False  # a place the model saw is a firm only where the text says so ("a London firm" is not)
        head = root
        while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        if head is not root and head.tag_ != "NNS" and head.lemma_.lower() in self.report_nouns:
            return True  # "the Stackwise developer tools survey", "a Lanting report"
        first = root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        others = [t for t in (first, *first.conjuncts) if t.i != root.i]
        if others and any(t.ent_id_.startswith("company:") for t in others) and not any(
                t.ent_id_.startswith(("product:", "person:")) or t.ent_type_ in _PLACE_LABELS for t in others):
            return True  # "Harvey, Legora and Clio" beside a firm the gazetteer knows, and no product or place
        head = first.head if first.dep_ == "pobj" else None
        if head is not None and head.lower_ in ("as", "including", "like"):
            group = head.head.head if head.head.lower_ == "such" else head.head
            return group.lemma_.lower() in self.company_nouns  # "rivals such as Zendesk and Freshworks"
        return False

    def unseen_sources(self, doc, mentions: list[Mention]) -> list[Mention]:
        """`mentions` with the names the model saw no entity in where only a source can stand: "according
        to Ledgerly", "the latest index from Ledgerly", "a report by MediaLine", "analysts at Brightwater".
        Such a name is a firm's (the article's later bare uses of it too, through `short_forms`). Read
        from the words, not the parse: the small model tags such unknown names as anything."""
        used = {t.i for m in mentions for t in m.span}
        found: list[Mention] = []
        for before in doc[1:-1]:
            if before.lower_ not in ("to", "from", "by", "at"):
                continue  # (the only words a source's name follows here: cheap to test first)
            tok = doc[before.i + 1]
            if tok.i in used or tok.is_sent_start or not tok.text[:1].isupper() or tok.ent_type_ not in ("", "GPE") \
                    or tok.lower_ in self.not_companies or tok.lower_ in ("the", "a", "an"):
                continue
            according = before.lower_ == "to" and doc[tok.i - 2].lower_ == "according"
            window = doc[max(tok.sent.start, tok.i - 6):tok.i - 1]
            # ("Reporting by Hyunjoo Cha" credits a reporter)
            reported = (before.lower_ in ("from", "by") and any(
                (w.lemma_.lower() in self.report_nouns or w.lower_ in self.report_nouns) and w.lower_ != "reporting"
                for w in window)) or (
                before.lower_ == "at" and any(w.lemma_.lower() in ("analyst", "economist", "strategist") for w in window))
            if not (according or reported) or (tok.ent_type_ == "GPE" and not reported):
                continue  # (the model takes some unknown firms for places: "web data from Trafiq")
            end = tok.i + 1
            while end < tok.sent.end and doc[end].text[:1].isupper() and doc[end].i not in used and doc[end].ent_type_ == tok.ent_type_:
                end += 1
            span = doc[tok.i:end]
            if any(self._lookup.get((label, span.text.lower())) for label in (PRODUCT, PERSON)):
                continue
            if tok.ent_type_ == "GPE" and (_place_before_based(span) or (end < len(doc) and (
                    doc[end].text in _POSSESSIVE or doc[end].text[:1].isupper()
                    or doc[end].lower_ in self.company_nouns or doc[end].lower_ in self.firm_source_nouns))):
                # ("analysts at Hong Kong brokerage Tai Fung": the place of the firm named after it)
                continue  # "data from Beijing-based QuestMobile", "figures from China's customs agency"
            firm = node_id(COMPANY, span.text)
            found.append(Mention(COMPANY, span.text, firm, span, False, source=True))
            used |= {t.i for t in span}
            self.firms_seen.setdefault(span[0].lower_, (span.text, firm))
            self.source_ids.add(firm)
        return sorted([*mentions, *found], key=lambda m: m.span.start) if found else mentions

    def rating_sources(self, doc, mentions: list[Mention]) -> list[Mention]:
        """`mentions` with an unknown firm that rates another ("Pellham Brothers cut Adobe to Neutral from
        Buy", "Tidemark upgraded Snowflake to Overweight") marked a source: a broker, here and later."""
        out = []
        for m in mentions:
            verb = m.root.head
            if (m.label == COMPANY and not m.linked and not m.source and m.root.dep_ == "nsubj"
                    and any(c.dep_ == "prep" and c.lower_ in ("to", "from") and any(
                        g.dep_ == "pobj" and " ".join(t.lower_ for t in g.subtree).replace(" - ", "-")
                        in self.rating_words for g in c.children) for c in verb.children)):
                self.source_ids.add(m.id)
                m = replace(m, source=True)
            out.append(m)
        return out

    def short_forms(self, doc, mentions: list[Mention]) -> list[Mention]:
        """`mentions` with a short form of a firm named in full earlier in the article ("Kestrel" after
        "Kestrel Capital Markets", "Voltara" after "Voltara Compute") as that firm, also where the model
        saw no entity ("the Kestrel note"). Only firms the gazetteer lacks: its entries carry their short
        forms."""
        used = {t.i for m in mentions for t in m.span}
        for tok in doc:
            full = self._short_form(tok) if tok.pos_ == "PROPN" and tok.i not in used else None
            if full is not None and tok.text[0].isupper() and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"):
                mentions = [*mentions, Mention(COMPANY, full[0], full[1], doc[tok.i:tok.i + 1], False,
                                               source=full[1] in self.source_ids)]
        out = []
        for m in mentions:
            if m.label == COMPANY and not m.linked:
                words = m.name.split()
                full = self.firms_seen.get(words[0].lower())
                if full is not None and len(words) < len(full[0].split()) and full[0].startswith(m.name + " "):
                    m = replace(m, name=full[0], id=full[1])
                elif len(words) == 1 and (full := self._short_form(m.span[0])) is not None:
                    m = replace(m, name=full[0], id=full[1])
                elif len(words) >= 2:
                    self.firms_seen.setdefault(words[0].lower(), (m.name, m.id))
                    if words[-1].lower() in self.source_name_words:
                        self.sources_seen.setdefault(words[-1].lower(), (m.name, m.id))
            out.append(m)
        return out

    def _short_form(self, tok) -> tuple[str, str] | None:
        """The firm named in full earlier that `tok` stands for: its first word, or "the" and its last word
        when that is a source's ("the Ledger")."""
        full = self.firms_seen.get(tok.lower_)
        if full is None and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the":
            full = self.sources_seen.get(tok.lower_)
        return full

    def find(self, doc, heading: bool = False) -> list[Mention]:
        out = []
        for ent in doc.ents:
            label = _LABEL_OF.get(ent.label_)
            if label is None and ent.label_ in _PLACE_LABELS and len(ent) >= 2 and ent[-1].lower_ in self.firm_endings:
                label = COMPANY  # "Harrow Lane Capital" taken for a place: the name ends as a firm's does
            elif label == COMPANY and _led_by(ent):
                label = PERSON  # "a team led by Marcus Delgado" taken for a firm: teams are led by people
            if label is None:
                continue
            for part in _list_parts(ent) if label == COMPANY and not ent.ent_id_ else [ent]:
                span = _strip(part)
                if span is None:
                    continue
                after = doc[span.end] if span.end < len(doc) else None
                if (label == COMPANY and not ent.ent_id_ and after is not None and after.text[:1].isupper()
                        and after.lower_ in self.source_name_words and not after.ent_type_):
                    span = doc[span.start:span.end + 1]  # "The Token Ledger" found as "Token": the outlet's name
                mention = self._link(span, label, ent.ent_id_, heading)
                if mention is not None:
                    out.append(mention)
        return out

    def _link(self, span: Span, label: str, ent_id: str, heading: bool) -> Mention | None:
        text = span.text
        entry = self.gazetteer.get(ent_id) if ent_id else None
        if entry is not None:
            if text in self.common_words and not _looks_like_name(span, self.owned_nouns):
                return None
            if entry.label == COMPANY and _place_before_based(span):
                return None  # "Arm-based laptops" name an architecture, not the firm
            if (entry.label == COMPANY and " " in text and text[:1].islower()
                    and entry.id not in self.companies_seen):
                # "the search giant" stands for Google only after the article has named Google (it may
                # be Baidu's nickname in a story about Baidu)
                return None
            if entry.label == PERSON:
                self.remember_person(entry.name)
            if entry.label == COMPANY:
                self.companies_seen.add(entry.id)
            return Mention(entry.label, entry.name, entry.id, span, True)
        # Found by the statistical model only.
        if label == PRODUCT:
            return None
        for known_label in (label, COMPANY, PRODUCT, PERSON):
            entry = self._lookup.get((known_label, text.lower()))
            if entry is not None:
                return Mention(entry.label, entry.name, entry.id, span, True)
        if label == PERSON:
            words = text.split()
            if len(words) == 1:
                known = self.known_person(span)
                if known is not None:
                    return known
                owner = _possessor_company(span)
                if owner is not None and not heading:
                    # "Anthropic's Claude" tagged as a person: one name owned by a company is a product
                    return Mention(PRODUCT, text, node_id(PRODUCT, text), span, False, maker=owner)
                return None
            if not all(w[:1].isupper() for w in words) or any(ch.isdigit() for ch in text):
                return None
            if heading or any(w in self.not_person_words or (w.isupper() and len(w) > 1) for w in words):
                return None  # "Major AI Labs" in a heading is not a person
            if words[-1].lower() in self.firm_endings:
                return None  # "Meridian Wire", "Kestrel Cloud": a firm's name (found by `named_firms`)
            return self.new_person(span)
        if heading or not _plausible_company(text) or text.lower() in self.not_companies or _dateline(span):
            return None
        if _place_before_based(span) or "/" in text:
            return None  # "the Boise, Idaho-based company", "CP Photo/File": a place, a photo credit
        known = self.known_person(span) or self._person_by_full_name(span)
        if known is not None:
            return known  # "Lindqvist declined to comment": the person named earlier, mistaken for a firm
        if text.isupper() and len(text) <= 5 and text.isalpha():
            return None  # "NVDA", "DRAM": a ticker or an acronym the gazetteer does not know
        if self._named_by_role(span):
            # "Jane Roe, Acme's chief executive, said": a name described by a job is a person's
            return self.new_person(span)
        if any(w in self.not_company_words for w in text.split()):
            return None  # universities, agencies, courts and parliaments are organisations, not companies
        owner = _possessor_company(span)
        if owner is not None:
            # "Huawei's Ascend chips": a name owned by a known company is one of its products
            return Mention(PRODUCT, text, node_id(PRODUCT, text), span, False, maker=owner)
        root = span.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.is_lower:
            return None  # "Venture capitalist", "Cloud revenue": a modifier, not a company
        firm = node_id(COMPANY, text)
        return Mention(COMPANY, text, firm, span, False, source=firm in self.source_ids)

    def _named_by_role(self, span: Span) -> bool:
        """A two- or three-word name in apposition with a job title ("chief executive", "its founder")."""
        words = span.text.split()
        if not 2 <= len(words) <= 3 or any(w in self.not_person_words or not w[:1].isupper() for w in words):
            return False
        root = span.root
        described = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            described.append(root.head)
        return any(t.lemma_.lower() in self.role_nouns or any(
            c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.role_nouns for c in t.children)
            for t in described if t.pos_ == "NOUN")

    def _person_by_full_name(self, span: Span) -> Mention | None:
        full = next((name for name in self.people_seen.values() if name == span.text), None)
        return Mention(PERSON, full, node_id(PERSON, full), span, True) if full else None

    def known_person(self, span: Span) -> Mention | None:
        """`span` as the person named earlier in the article by this surname, if one was."""
        full = self.people_seen.get(span.text)
        return Mention(PERSON, full, node_id(PERSON, full), span, True) if full else None

    def new_person(self, span: Span) -> Mention:
        """A person the gazetteer lacks, remembered so that the surname alone finds them later."""
        self.remember_person(span.text)
        return Mention(PERSON, span.text, node_id(PERSON, span.text), span, False)

    def remember_person(self, name: str) -> None:
        parts = name.split()
        if len(parts) >= 2:
            self.people_seen.setdefault(parts[-1], name)

    def owned_products(self, doc, mentions: list[Mention]) -> list[Mention]:
        """`mentions` with products named as "its X assistant" or "Acme's X chips" added; a guess of the
        statistical model on the same words ("Lunar Lake" as a person) gives way to them."""
        linked = {t.i for m in mentions if m.linked for t in m.span}
        company_at = {t.i: m for m in mentions if m.label == COMPANY for t in m.span}
        found: list[Mention] = []
        for tok in doc:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.product_nouns:
                continue
            start = tok.i
            while start > tok.sent.start and doc[start - 1].tag_ == "NNP" and doc[start - 1].i not in linked:
                start -= 1
            if start == tok.i or start - 1 < tok.sent.start:
                continue
            name = doc[start:tok.i]
            if all(t.lower_ in self.not_companies for t in name):
                continue  # "its AI assistant"
            before = doc[start - 1]
            if before.lower_ == "its":
                owner = company_before(mentions, start)
            elif before.text in _POSSESSIVE and start >= 2 and (start - 2) in company_at:
                owner = company_at[start - 2]
            else:
                continue
            found.append(Mention(PRODUCT, name.text, node_id(PRODUCT, name.text), name, False,
                                 maker=owner.name if owner is not None else None))
        if not found:
            return mentions
        taken = {t.i for m in found for t in m.span}
        return [m for m in mentions if m.linked or not any(t.i in taken for t in m.span)] + found

    def surname_mentions(self, doc, taken: list[Mention]) -> list[Mention]:
        """Bare surnames of people named earlier ("Casado said") that the model missed."""
        used = {t.i for m in taken for t in m.span}
        out = []
        if not self.people_seen:
            return []
        for tok in doc:
            # (the small model tags some surnames as common nouns: "Okonkwo went further")
            name_like = tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"))
            if tok.i in used or not name_like or tok.text not in self.people_seen:
                continue
            known = self.known_person(doc[tok.i:tok.i + 1])
            if known is not None:
                out.append(known)
        return out


def _led_by(ent: Span) -> bool:
    """A two- or three-word name that is the agent of "led by" ("analysts led by Jane Doe")."""
    by = ent.root.head
    return (2 <= len(ent) <= 3 and all(t.text[:1].isupper() for t in ent) and by.lower_ == "by"
            and by.head.lower_ == "led")


def company_before(mentions: list[Mention], i: int) -> Mention | None:
    """The company mention that ends nearest before token `i`."""
    return max((m for m in mentions if m.label == COMPANY and m.span.end <= i), key=lambda m: m.span.end, default=None)


def subject_before(mentions: list[Mention], i: int) -> Mention | None:
    """The nearest company before token `i` that is a clause's subject ("Apple is falling behind Google and
    OpenAI, and the company ...": Apple), else the nearest company before it."""
    subjects = [m for m in mentions if m.root.dep_ in ("nsubj", "nsubjpass")]
    return company_before(subjects, i) or company_before(mentions, i)


def _list_parts(ent: Span) -> list[Span]:
    """"Vistra and Constellation Energy" taken for one firm: the names either side of an "and" between
    capitalised words, when the whole is no name the gazetteer knows."""
    doc = ent.doc
    for k in range(ent.start + 1, ent.end - 1):
        if doc[k].lower_ == "and" and doc[k - 1].text[:1].isupper() and doc[k + 1].text[:1].isupper():
            return [doc[ent.start:k], *_list_parts(doc[k + 1:ent.end])]
    return [ent]


def _strip(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while end > start and doc[end - 1].text.lower() in _POSSESSIVE:
        end -= 1
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].lower_ in ("and", "or", "&", ","):
        end -= 1  # "Lyft and": a list's conjunction caught in the name
    if start >= end:
        return None
    return doc[start:end]


def _possessor_company(span: Span) -> str | None:
    """The gazetteer company in "Company's <span>", if that is how the span is introduced."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].text in ("'s", "'") and doc[span.start - 2].ent_id_.startswith("company:"):
        owner = doc[span.start - 2]
        return next((e for e in doc.ents if e.start <= owner.i < e.end), owner).text
    return None


def _looks_like_name(span: Span, owned_nouns: frozenset[str]) -> bool:
    """A common-word name ("Scale", "Together") counts only where it stands as a name."""
    first = span[0]
    if not first.is_sent_start:
        return True
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if span.root.dep_ in ("nsubj", "nsubjpass"):
        return True  # "Runway, once the leader, has lost ground": the subject of its clause
    if span.root.dep_ == "compound" and span.root.head.lemma_.lower() in owned_nouns:
        return True  # "Oracle shares jumped", "Scale executives said"
    # ("Gemini: 19% (+8 pts)": a row's label is a name)
    return nxt is not None and (nxt.text in ("'s", "'", ":", "|") or nxt.pos_ in ("VERB", "AUX") or nxt.like_num)


def _dateline(span: Span) -> bool:
    """"SEOUL - ...", "BOZEMAN, Mont. -- ...": a place in capitals opening a news story."""
    doc = span.doc
    if span.start != 0 or not (doc[0].text.isupper() and len(doc[0].text) > 3):
        return False
    k = 1
    while k < len(doc) and doc[k].text.isupper() and doc[k].is_alpha:
        k += 1
    return k < len(doc) and k <= span.end and doc[k].text in ("-", "--", "\u2014", "\u2013", ",", "(")


def _place_before_based(span: Span) -> bool:
    """"Icheon-based", "Boise, Idaho-based": a name that a hyphenated "based" follows, directly or after a
    comma and another name, is a place."""
    doc = span.doc
    i = span.end
    if i + 1 < len(doc) and doc[i].text == "-" and doc[i + 1].lower_ == "based":
        return True
    if i < len(doc) and doc[i].text == ",":
        j = i + 1
        while j < len(doc) and doc[j].pos_ == "PROPN":
            j += 1
        return j > i + 1 and j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "based"
    return False


def _plausible_company(text: str) -> bool:
    if len(text) < 2 or not text[0].isupper() or len(text.split()) > 6:
        return False
    if text.isupper() and len(text) <= 3:
        return False  # acronyms such as "AI", "EU" are rarely companies unless the gazetteer says so
    if any(ch in text for ch in "\"()[]{}<>|\n"):
        return False
    return any(ch.isalpha() for ch in text)
