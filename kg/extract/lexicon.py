"""The domain knowledge the extractor reads: the gazetteer and the cue words.

Both are data files (data/lexicon/*.json, shipped as the `kg.lexicon`
package); a user adds their own gazetteer file with the same shape
(`--gazetteer FILE`), whose entries are merged over the built-in ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
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


# Cue lists whose words are matched as written (names, capitalised words); every other list is lower-cased.
_CASED = {"common_word_names", "not_person_words", "not_company_words"}


@dataclass(frozen=True)
class Cues:
    """The word lists the rules read (data/lexicon/cues.json), one typed field per list.

    Loading fails on a list the code does not know and on a list the file lacks, so a typo in either
    place is an error rather than a rule silently switched off. Lists are lemmas, lower case, unless
    named in _CASED; `phrases_*` keep their order (the first phrase that matches is the cue)."""

    attribution_verbs: frozenset[str]
    attribution_nouns: frozenset[str]
    gain_verbs: frozenset[str]
    lose_verbs: frozenset[str]
    object_loses_verbs: frozenset[str]
    object_gains_verbs: frozenset[str]
    gain_nouns: frozenset[str]
    lose_nouns: frozenset[str]
    gain_adjectives: frozenset[str]
    lose_adjectives: frozenset[str]
    neutral_override_nouns: frozenset[str]
    phrases_gain: tuple[str, ...]
    phrases_lose: tuple[str, ...]
    negators: frozenset[str]
    negating_verbs: frozenset[str]
    hedges: frozenset[str]
    claim_kinds: dict[str, frozenset[str]]
    company_nouns: frozenset[str]
    not_companies: frozenset[str]
    common_word_names: frozenset[str]
    reversing_verbs: frozenset[str]
    difficulty_adjectives: dict[str, int]
    carrier_verbs: frozenset[str]
    not_person_words: frozenset[str]
    not_company_words: frozenset[str]
    workforce_nouns: frozenset[str]
    trimming_verbs: frozenset[str]
    denial_words: frozenset[str]
    share_taking_verbs: frozenset[str]
    person_role_nouns: frozenset[str]
    name_modified_nouns: frozenset[str]
    contested_nouns: frozenset[str]
    product_nouns: frozenset[str]
    flow_verbs: frozenset[str]
    inverting_prepositions: frozenset[str]
    direct_prepositions: frozenset[str]
    leaving_verbs: frozenset[str]
    joining_verbs: frozenset[str]
    question_turns: frozenset[str]
    supposing_marks: frozenset[str]
    refusal_verbs: frozenset[str]
    attempt_verbs: frozenset[str]
    price_verbs: frozenset[str]
    stock_nouns: frozenset[str]
    trading_words: frozenset[str]  # "in afternoon trade", "the session": a percentage there is a price move
    measured_nouns: frozenset[str]
    non_target_kinds: frozenset[str]
    source_nouns: frozenset[str]
    comparison_verbs: frozenset[str]
    capability_nouns: frozenset[str]  # "overtook Sora in blind comparisons": a capability comparison
    talent_nouns: frozenset[str]  # contested nouns that are people hired, not business won
    failed_effort_verbs: frozenset[str]  # "struggled to win customers from X": nothing was won
    overtaking_verbs: frozenset[str]  # "X overtook Y": Y loses its rank (a comparison verb otherwise)
    source_name_words: frozenset[str]  # last words of an unknown firm's name that make it a source
    firm_name_endings: frozenset[str]  # last words that make a name a firm's ("Harrow Lane Capital")
    firm_possessions: frozenset[str]  # what only a firm has ("Zendesk's shares", "Legora's chief executive")
    profit_nouns: frozenset[str]  # "profit fell", "narrower losses": results, not standing
    revenue_nouns: frozenset[str]  # "revenue grew": no gain of standing (a fall of revenue is losing)
    standing_verbs: frozenset[str]  # "remains behind X", "is a distant second": a standing
    distance_adverbs: frozenset[str]  # "far behind", "well behind"
    advancing_verbs: frozenset[str]  # "moving it ahead of X": X is passed, so loses its rank
    fraction_nouns: frozenset[str]  # "a fraction of ChatGPT's traffic": trailing; ChatGPT is the yardstick
    report_nouns: frozenset[str]
    person_source_nouns: frozenset[str]
    unnamed_source_nouns: frozenset[str]
    anonymous_source_nouns: frozenset[str]  # "people familiar with the matter said": in wire copy, the wire's
    slow_growth_adverbs: frozenset[str]  # "growing more slowly than the market": no stance
    ceding_verbs: frozenset[str]  # "gave up five points of share", "handed share to rivals"
    acquiring_verbs: frozenset[str]
    encroaching_verbs: frozenset[str]
    trend_introducers: frozenset[str]
    trend_links: frozenset[str]
    not_trend_words: frozenset[str]
    value_nouns: frozenset[str]
    value_gain_verbs: frozenset[str]
    value_lose_verbs: frozenset[str]
    contrast_conjunctions: frozenset[str]  # "grew in absolute terms, but lost share": the first clause is conceded
    concession_marks: frozenset[str]  # "although its shipments grew, it lost share"
    signing_verbs: frozenset[str]  # "signed 40 customers that had previously used Copilot": won business
    earlier_adverbs: frozenset[str]  # "customers that had previously worked with Criteo"
    business_nouns: frozenset[str]  # "its cloud business grew": growth of a business is revenue, not standing
    negating_adjectives: frozenset[str]  # "was unlikely to gain ground"
    technology_nouns: frozenset[str]  # "its software tools are far behind CUDA": trailing in technology
    capability_domains: frozenset[str]  # "far behind in software" (not "behind in AI accelerators", a market)
    losing_struggles: frozenset[str]  # "struggled to hang on to its users / to close the gap" lose; "to sign" not
    extent_nouns: frozenset[str]  # "moved to Qwen and, to a lesser extent, to DeepSeek"
    softening_adverbs: frozenset[str]  # "less exposed", "less dominant": a matter of degree, no stance
    rating_words: frozenset[str]  # "cut Adobe to Neutral from Buy": the subject is a broker
    tracking_verbs: frozenset[str]  # "among the sites Webscope follows": the firm whose figures these are
    redirecting_verbs: frozenset[str]  # "shifted a growing share of its clusters to X": a buyer moves its spend
    expense_nouns: frozenset[str]  # "gained share at the expense of X"
    source_kind_words: frozenset[str]  # "research firm X", "web-traffic tracker X": X's figures, a source
    counted_nouns: frozenset[str]  # "Claude downloads up 61%": what a figure up or down counts (not value, a lead)
    amount_openers: frozenset[str]  # "up 61%", "down to 8%", "up sharply": what follows "up"/"down" before an amount
    market_move_verbs: frozenset[str]  # "extends losses", "leads early gains", "pared gains": a share price's day
    setback_nouns: frozenset[str]  # "widened its losses", "rising churn": a setback that grows is a loss

    @classmethod
    def load(cls) -> "Cues":
        return cls.from_dict(_read_cues(), "data/lexicon/cues.json")

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> "Cues":
        """Typed cue lists from the JSON object; an unknown or missing list is an InputError naming it."""
        known = {f.name: f for f in fields(cls)}
        lists = {k: v for k, v in data.items() if not k.startswith("_")}
        unknown = sorted(set(lists) - set(known))
        if unknown:
            raise InputError(where, f"unknown cue list {unknown[0]!r} (known: {', '.join(sorted(known))})")
        missing = sorted(set(known) - set(lists))
        if missing:
            raise InputError(where, f"missing cue list {missing[0]!r}")
        values: dict[str, Any] = {}
        for name, value in lists.items():
            kind = known[name].type
            try:
                if kind == "tuple[str, ...]":
                    values[name] = tuple(w.lower() for w in value)
                elif kind == "dict[str, int]":
                    values[name] = {k.lower(): int(v) for k, v in value.items()}
                elif kind == "dict[str, frozenset[str]]":
                    values[name] = {k: frozenset(w.lower() for w in v) for k, v in value.items()}
                else:
                    values[name] = frozenset(value if name in _CASED else (w.lower() for w in value))
            except (AttributeError, TypeError, ValueError):
                raise InputError(where, f"cue list {name!r} is not a {kind}") from None
        return cls(**values)


def _read_cues() -> dict[str, Any]:
    return json.loads((resource_dir("lexicon") / "cues.json").read_text(encoding="utf-8"))
