"""The graph schema and the values every other module passes around.

Pure data: no I/O, no spaCy, no backend. An extractor turns an `Article` into
`Triple`s; a store turns triples into nodes and relationships; `kg extract`
prints them as JSON lines in the shape of `Triple.to_json`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

EXTRACTOR_VERSION = "kg-extract/0.11"

# Node labels.
COMPANY, PERSON, PRODUCT, CLAIM, TREND, SOURCE = (
    "Company", "Person", "Product", "Claim", "Trend", "Source")
LABELS = (COMPANY, PERSON, PRODUCT, CLAIM, TREND, SOURCE)

# Relationship types.
REPORTS = "REPORTS"              # (Source)->(Claim)
ASSERTS = "ASSERTS"              # (Person|Company|Source)->(Claim)
ABOUT = "ABOUT"                  # (Claim)->(Company|Product) {stance}
CITES = "CITES"                  # (Claim)->(Trend)
FAVORS = "FAVORS"                # (Trend)->(Company)
THREATENS = "THREATENS"          # (Trend)->(Company)
AFFILIATED_WITH = "AFFILIATED_WITH"  # (Person)->(Company)
MADE_BY = "MADE_BY"              # (Product)->(Company)
MENTIONS = "MENTIONS"            # (Source)->(Company|Person|Product|Trend)
CORROBORATED_BY = "CORROBORATED_BY"  # (Claim)->(Source): a later article reports the same claim
CONTRADICTS = "CONTRADICTS"      # (Claim)->(Claim): opposite stance, same company, same month
RELATIONSHIP_TYPES = (REPORTS, ASSERTS, ABOUT, CITES, FAVORS, THREATENS,
                      AFFILIATED_WITH, MADE_BY, MENTIONS, CORROBORATED_BY, CONTRADICTS)

GAINING, LOSING, NEUTRAL = "gaining", "losing", "neutral"
STANCES = (GAINING, LOSING, NEUTRAL)
STANCE_SCORE = {GAINING: 1, LOSING: -1, NEUTRAL: 0}


def slug(name: str) -> str:
    """A lower-case ASCII key for a canonical name: 'Andreessen Horowitz' -> 'andreessen-horowitz'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def content_hash(*parts: str, length: int = 16) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def node_id(label: str, name: str) -> str:
    """Deterministic id of a named node (Company, Person, Product, Trend)."""
    return f"{label.lower()}:{slug(name)}"


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as every backend stores them: no nulls (Neo4j cannot hold them) and no empty lists (a
    bulk import cannot write them, so they are left out everywhere)."""
    for v in props.values():
        # `v.__class__ is list and not v` is `v == []` for JSON values, without a comparison call per value.
        if v is None or (v.__class__ is list and not v):
            return {k: v for k, v in props.items() if v is not None and (v or v.__class__ is not list)}
    return props.copy()  # most have nothing to leave out, and a copy is cheaper than rebuilding


@dataclass(frozen=True, slots=True)
class Node:
    """One node: its label, canonical name, stable id and properties."""

    label: str
    name: str
    id: str
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def named(cls, label: str, name: str, **props: Any) -> "Node":
        return cls(label, name, node_id(label, name), props)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "name": self.name, "id": self.id, "properties": self.props}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Node":
        label, name = data["label"], data["name"]
        return cls(label, name, data.get("id") or node_id(label, name), dict(data.get("properties") or {}))


@dataclass
class Article:
    """One article as read from a file, feed or page, before extraction.

    `text` is the normalised body (typographic quotes folded to ASCII, one
    character for one, so offsets into it stay valid); evidence offsets point
    into it.
    """

    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    path: str | None = None
    impact: str | None = None
    author: str | None = None

    @property
    def id(self) -> str:
        return "source:" + content_hash(" ".join(self.text.split()).lower())

    def source_node(self) -> Node:
        props = {"title": self.title, "publisher": self.publisher, "url": self.url,
                 "published": self.published, "path": self.path, "impact": self.impact,
                 "author": self.author}
        return Node(SOURCE, self.title or self.path or self.id, self.id, props)


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass(slots=True)
class Triple:
    """(subject)-[predicate {properties}]->(object), with where it came from."""

    subject: Node
    predicate: str
    object: Node
    source: Node
    evidence: Evidence
    properties: dict[str, Any] = field(default_factory=dict)

    def provenance(self) -> dict[str, Any]:
        """Where the triple was read, as its relationship stores it."""
        return {"source_id": self.source.id,
                "sentence": self.evidence.sentence,
                "start": self.evidence.start,
                "end": self.evidence.end,
                "extractor": EXTRACTOR_VERSION}

    def relationship_props(self, provenance: dict[str, Any] | None = None) -> dict[str, Any]:
        """Properties stored on the relationship: the triple's own (nulls and empty lists left out) plus
        its provenance (`provenance()`, passed in when the caller has it: triples of one sentence share it)."""
        props = clean_props(self.properties)
        props.update(self.provenance() if provenance is None else provenance)
        return props

    def to_json(self) -> dict[str, Any]:
        src = self.source.props
        return {
            "subject": self.subject.to_json(),
            "predicate": self.predicate,
            "object": self.object.to_json(),
            "properties": self.properties,
            "source": {"id": self.source.id, "title": src.get("title"), "path": src.get("path"),
                       "publisher": src.get("publisher"), "url": src.get("url"),
                       "published": src.get("published"), "impact": src.get("impact"),
                       "author": src.get("author")},
            "evidence": {"sentence": self.evidence.sentence, "start": self.evidence.start,
                         "end": self.evidence.end},
            "extractor": EXTRACTOR_VERSION,
        }

    @staticmethod
    def source_from_json(s: dict[str, Any]) -> Node:
        return Node(SOURCE, s.get("title") or s.get("path") or s["id"], s["id"],
                    {k: s.get(k) for k in ("title", "publisher", "url", "published", "path", "impact", "author")})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Triple":
        source = cls.source_from_json(data["source"])
        ev = data["evidence"]
        return cls(Node.from_json(data["subject"]), data["predicate"], Node.from_json(data["object"]),
                   source, Evidence(ev["sentence"], int(ev["start"]), int(ev["end"])),
                   dict(data.get("properties") or {}))
