"""The domain knowledge the extractor reads: the gazetteer and the cue words.

Both are data files (data/lexicon/*.json, shipped as the `kg.lexicon`
package); a user adds their own gazetteer file with the same shape
(`--gazetteer FILE`), whose entries are merged over the built-in ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.resources import resource_dir
from kg.schema import COMPANY, PERSON, PRODUCT, TREND, node_id


@dataclass(frozen=True)
class Entry:
    """One known thing: canonical name, label, aliases, and its maker or affiliation."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    link: str | None = None  # a product's maker, a person's affiliation
    kind: str | None = None
    match_name: bool = True

    @property
    def id(self) -> str:
        return node_id(self.label, self.name)

    def surface_forms(self) -> list[str]:
        forms = ([self.name] if self.match_name else []) + list(self.aliases)
        return list(dict.fromkeys(f for f in forms if f.strip()))


@dataclass
class Gazetteer:
    """Known companies, products, people and trends, by id and by surface form."""

    entries: dict[str, Entry] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.entries[entry.id] = entry

    def by_label(self, label: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.label == label]

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def find(self, label: str, name: str) -> Entry | None:
        """The entry whose name or alias is `name` (case-insensitive)."""
        key = name.lower()
        for e in self.entries.values():
            if e.label == label and (e.name.lower() == key or key in (a.lower() for a in e.aliases)):
                return e
        return None

    def company_of(self, name: str) -> Entry | None:
        return self.find(COMPANY, name)

    @classmethod
    def load(cls, extra: list[str | Path] | None = None) -> "Gazetteer":
        gaz = cls()
        gaz.merge(_read_json(resource_dir("lexicon") / "gazetteer.json", "built-in gazetteer"))
        for path in extra or []:
            gaz.merge(_read_json(Path(path), str(path)))
        return gaz

    def merge(self, data: dict[str, Any]) -> None:
        sections = {"companies": COMPANY, "products": PRODUCT, "people": PERSON, "trends": TREND}
        for key, label in sections.items():
            for item in data.get(key, []):
                link = item.get("maker") or item.get("affiliation")
                self.add(Entry(label, item["name"], tuple(item.get("aliases", ())), link,
                               item.get("kind"), bool(item.get("match_name", True))))
        # A product's maker or a person's affiliation is itself a company we know.
        for e in list(self.entries.values()):
            if e.link and not self.company_of(e.link):
                self.add(Entry(COMPANY, e.link))


def _read_json(path: Any, where: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(where, "gazetteer file not found") from None
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError(where, "a gazetteer is a JSON object with companies, products, people, trends")
    for key in ("companies", "products", "people", "trends"):
        for n, item in enumerate(data.get(key, [])):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise InputError(where, f"{key}[{n}] needs a \"name\" string")
    return data


@dataclass(frozen=True)
class Cues:
    """Cue words for attribution, stance, negation, hedging and claim kinds (lemmas)."""

    data: dict[str, Any]

    def words(self, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in self.data.get(key, []))

    @classmethod
    def load(cls) -> "Cues":
        return cls(_read_cues())


def _read_cues() -> dict[str, Any]:
    return json.loads((resource_dir("lexicon") / "cues.json").read_text(encoding="utf-8"))
