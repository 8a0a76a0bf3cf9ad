"""Company names as users type them: resolved to the company a store holds.

`kg why Mistral` should find the claims the extractor stored under "Mistral AI", because the
articles say "Mistral". A name is looked up the way extraction links a mention: first among the
names in the store (case-insensitive), then through the gazetteer's names and aliases (the same
case-insensitive lookup, `Gazetteer.find`). The gazetteer is loaded only when the store's own names
do not match, since importing it loads spaCy.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from kg.errors import UsageError
from kg.schema import COMPANY, PRODUCT
from kg.store.base import GraphStore


@dataclass(frozen=True)
class ResolvedName:
    """What a typed name stands for: the stored name, its label, and whether it differs from the input."""

    typed: str
    name: str
    label: str

    @property
    def changed(self) -> bool:
        return self.typed != self.name

    def describe(self) -> str:
        return f"{self.typed!r} is the {self.label.lower()} {self.name}"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def stored_names(store: GraphStore, label: str) -> list[str]:
    return [row[0] for row in store.query(f"MATCH (n:{label}) RETURN n.name AS name").rows if row[0]]


def resolve_name(store: GraphStore, typed: str, labels: tuple[str, ...] = (COMPANY,)) -> ResolvedName:
    """The stored company (or product, with PRODUCT in `labels`) that `typed` names; UsageError if none."""
    names = {label: stored_names(store, label) for label in labels}
    key = _fold(typed)
    for label in labels:
        for name in names[label]:
            if name == typed:
                return ResolvedName(typed, name, label)
    for label in labels:
        for name in sorted(names[label]):
            if _fold(name) == key:
                return ResolvedName(typed, name, label)
    from kg.extract.lexicon import Gazetteer
    gazetteer = Gazetteer.load()
    for label in labels:
        entry = gazetteer.find(label, typed.strip())
        if entry is None:
            continue
        for name in names[label]:
            if _fold(name) == _fold(entry.name):
                return ResolvedName(typed, name, label)
        raise UsageError(f"{typed!r} is the {label.lower()} {entry.name}, which no stored article mentions")
    what = " or ".join(label.lower() for label in labels)
    hint = ""
    if COMPANY in labels and PRODUCT not in labels:
        product = gazetteer.find(PRODUCT, typed.strip())
        if product is not None and product.link:
            hint = f"; {product.name} is a product of {product.link}: try {product.link}"
    if not hint:
        everything = {_fold(n): n for label in labels for n in names[label]}
        close = difflib.get_close_matches(key, list(everything), n=3, cutoff=0.7)
        if close:
            hint = "; did you mean " + " or ".join(everything[c] for c in close) + "?"
    raise UsageError(f"no {what} named {typed!r} in the store{hint} "
                     f"(kg query \"MATCH (c:{labels[0]}) RETURN c.name\" lists them)")
