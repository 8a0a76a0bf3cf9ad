"""Who is gaining or losing ground: momentum over time, the evidence behind it, disagreement, trends.

Everything here reads the store through standard Cypher that both backends run,
then counts in Python, so the embedded store and Neo4j give the same numbers.
The unit of momentum is a story's stance on a company: however many articles
rewrite a story, and however many of its sentences say a company is losing
ground, the story counts once for that company and stance (see kg.corroborate
for how rewrites are found); its number of sources is shown beside it.
`as_of` keeps only what had been published by that date; undated articles are
then left out, since nobody can say when they were known.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from kg.corroborate import StoryGroups, story_of
from kg.schema import GAINING, LOSING
from kg.store.base import GraphStore

CLAIMS = ("MATCH (c:Claim)-[r:ABOUT]->(co:Company) "
          "RETURN co.name AS company, r.stance AS stance, c.id AS claim, c.text AS text, "
          "c.claimant AS claimant, c.event_time AS event_time, c.source_id AS first_source")
REPORTS = ("MATCH (s:Source)-[:REPORTS]->(c:Claim) "
           "RETURN c.id AS claim, s.id AS source, s.title AS title, s.publisher AS publisher, "
           "s.published AS published, s.url AS url, s.path AS path")
TREND_SOURCES = "MATCH (s:Source)-[:MENTIONS]->(t:Trend) RETURN t.name AS trend, s.id AS source"
TREND_EFFECTS = ("MATCH (t:Trend)-[r:FAVORS|THREATENS]->(co:Company) "
                 "RETURN t.name AS trend, type(r) AS effect, co.name AS company, r.source_id AS source")
PERIODS = ("month", "quarter", "year")
UNDATED = "undated"


@dataclass
class Report:
    """One article reporting a claim."""

    source: str
    title: str | None
    publisher: str | None
    published: str | None
    link: str | None


@dataclass
class ClaimView:
    """A claim about one company, with every article that reports it."""

    id: str
    company: str
    stance: str
    text: str
    claimant: str
    event_time: str | None
    story: str
    reports: list[Report] = field(default_factory=list)

    @property
    def published(self) -> str | None:
        return _first_date(self.reports)

    @property
    def first_report(self) -> Report:
        return _first_report(self.reports)


@dataclass
class StoryView:
    """One story's stance on one company: the unit momentum counts, with the claims and articles behind it."""

    story: str
    company: str
    stance: str
    claims: list[ClaimView]

    @property
    def reports(self) -> list[Report]:
        seen: dict[str, Report] = {}
        for c in self.claims:
            for r in c.reports:
                seen.setdefault(r.source, r)
        return sorted(seen.values(), key=lambda r: (r.published or "", r.source))

    @property
    def published(self) -> str | None:
        return _first_date(self.reports)

    @property
    def main(self) -> ClaimView:
        """The claim most of the story's articles report (ties: the earliest, then by text)."""
        return min(self.claims, key=lambda c: (-len(c.reports), c.published or "9999", c.text))


def _first_date(reports: list[Report]) -> str | None:
    dates = [r.published for r in reports if r.published]
    return min(dates) if dates else None


def _first_report(reports: list[Report]) -> Report:
    dated = sorted((r for r in reports if r.published), key=lambda r: r.published)
    return dated[0] if dated else reports[0]


def _in_range(day: str | None, since: str | None, until: str | None) -> bool:
    if day is None:
        return since is None and until is None
    return (since is None or day >= since) and (until is None or day <= until)


def claims(store: GraphStore, as_of: str | None = None, company: str | None = None) -> list[ClaimView]:
    """Every (claim, company) with its reports; with `as_of`, only reports published by then."""
    reports: dict[str, list[Report]] = defaultdict(list)
    stories = source_stories(store)
    for claim, source, title, publisher, published, url, path in store.query(REPORTS).rows:
        if as_of is not None and (published is None or published > as_of):
            continue
        reports[claim].append(Report(source, title, publisher, published, url or path))
    out = []
    for name, stance, claim, text, claimant, event_time, first_source in store.query(CLAIMS).rows:
        if company is not None and name.lower() != company.lower():
            continue
        if claim in reports:
            story = stories.get(first_source) or story_of(first_source or claim)
            out.append(ClaimView(claim, name, stance, text, claimant or "article", event_time, story,
                                 sorted(reports[claim], key=lambda r: (r.published or "", r.source))))
    return out


def source_stories(store: GraphStore) -> dict[str, str]:
    """Every stored article's story, as its group's id (see kg.corroborate.groups)."""
    rows = store.story_sources()
    groups = StoryGroups.from_sources(rows)
    return {source: groups.root(story or story_of(source)) for source, story, *_ in rows}


def story_views(store: GraphStore, as_of: str | None = None, company: str | None = None) -> list[StoryView]:
    """Claims grouped by (story, company, stance): what momentum counts, each once."""
    groups: dict[tuple[str, str, str], list[ClaimView]] = defaultdict(list)
    for c in claims(store, as_of, company):
        groups[(c.story, c.company, c.stance)].append(c)
    return [StoryView(story, name, stance, items) for (story, name, stance), items in sorted(groups.items())]


def period_of(day: str | None, by: str) -> str:
    if not day:
        return UNDATED
    d = date.fromisoformat(day)
    if by == "year":
        return str(d.year)
    if by == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return f"{d.year}-{d.month:02d}"


def previous_period(period: str, by: str) -> str:
    if by == "year":
        return str(int(period) - 1)
    if by == "quarter":
        year, q = int(period[:4]), int(period[-1])
        return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


MOMENTUM_COLUMNS = ["company", "period", "gaining", "losing", "net", "change", "sources", "undated"]


def momentum(store: GraphStore, by: str = "month", since: str | None = None, until: str | None = None,
             top: int | None = None, as_of: str | None = None) -> list[list]:
    """Rows of MOMENTUM_COLUMNS: per company and period, the stories saying it gains and loses ground
    (each story once), net, change against the previous period, distinct sources, and the company's
    undated stories."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {GAINING: 0, LOSING: 0})
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    undated: dict[str, int] = defaultdict(int)
    for c in story_views(store, as_of):
        if c.stance not in (GAINING, LOSING):
            continue
        if c.published is None:
            if since is None and until is None:
                undated[c.company] += 1
            continue
        if not _in_range(c.published, since, until):
            continue
        key = (c.company, period_of(c.published, by))
        counts[key][c.stance] += 1
        sources[key].update(r.source for r in c.reports)
    rows = []
    for (company, period), n in counts.items():
        net = n[GAINING] - n[LOSING]
        prev = counts.get((company, previous_period(period, by)))
        change = net - (prev[GAINING] - prev[LOSING] if prev else 0)
        rows.append([company, period, n[GAINING], n[LOSING], net, change, len(sources[(company, period)]),
                     undated.get(company, 0)])
    for company, n in undated.items():
        if not any(r[0] == company for r in rows):
            rows.append([company, UNDATED, 0, 0, 0, 0, 0, n])
    rows.sort(key=lambda r: (-abs(r[5]), -abs(r[4]), r[0], r[1]))
    if top is not None:
        keep: list[str] = []
        for r in rows:
            if r[0] not in keep:
                keep.append(r[0])
        rows = [r for r in rows if r[0] in keep[:top]]
    return rows


WHY_COLUMNS = ["published", "stance", "claimant", "source", "publisher", "sources", "claims", "event_time", "claim",
               "story"]


def why(store: GraphStore, company: str, since: str | None = None, as_of: str | None = None) -> list[list]:
    """The stories behind a company's momentum, newest first (rows of WHY_COLUMNS): one row per story and
    stance, with its main claim, its first source and how many articles and distinct claims it has."""
    rows = []
    for v in story_views(store, as_of, company):
        if since is not None and (v.published is None or v.published < since):
            continue
        main, reports = v.main, v.reports
        first = _first_report(reports)
        rows.append([v.published, v.stance, main.claimant, first.title, first.publisher, len(reports), len(v.claims),
                     main.event_time, main.text, v.story])
    rows.sort(key=lambda r: (r[0] or "", r[1], r[8]), reverse=True)
    return rows


CONTESTED_COLUMNS = ["company", "period", "gaining", "losing", "gaining_claim", "gaining_claimant",
                     "losing_claim", "losing_claimant"]


def contested(store: GraphStore, by: str = "month", as_of: str | None = None) -> list[list]:
    """Companies with stories of both stances in one period, with the main claim of the most reported
    story on each side."""
    groups: dict[tuple[str, str], dict[str, list[StoryView]]] = defaultdict(lambda: {GAINING: [], LOSING: []})
    for v in story_views(store, as_of):
        if v.stance in (GAINING, LOSING) and v.published:
            groups[(v.company, period_of(v.published, by))][v.stance].append(v)
    rows = []
    for (company, period), sides in groups.items():
        g, lo = sides[GAINING], sides[LOSING]
        if g and lo:
            g0 = max(g, key=lambda v: (len(v.reports), v.main.text)).main
            l0 = max(lo, key=lambda v: (len(v.reports), v.main.text)).main
            rows.append([company, period, len(g), len(lo), g0.text, g0.claimant, l0.text, l0.claimant])
    rows.sort(key=lambda r: (-min(r[2], r[3]), -(r[2] + r[3]), r[0], r[1]))
    return rows


TRENDS_COLUMNS = ["trend", "sources", "favors", "threatens"]


def trends(store: GraphStore, company: str | None = None) -> list[list]:
    """Trends by how many sources mention them, with the companies each favours or threatens."""
    sources: dict[str, set[str]] = defaultdict(set)
    for trend, source in store.query(TREND_SOURCES).rows:
        sources[trend].add(source)
    effects: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"FAVORS": set(), "THREATENS": set()})
    for trend, effect, name, _ in store.query(TREND_EFFECTS).rows:
        effects[trend][effect].add(name)
    rows = []
    for trend, srcs in sources.items():
        fav, thr = sorted(effects[trend]["FAVORS"]), sorted(effects[trend]["THREATENS"])
        if company is not None and company.lower() not in {n.lower() for n in fav + thr}:
            continue
        rows.append([trend, len(srcs), ", ".join(fav), ", ".join(thr)])
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows


def graph_as_of(graph, as_of: str):
    """The part of a graph known on `as_of`: sources published by then, and what they reported."""
    known = {n for n, d in graph.nodes(data=True) if "Source" in d["__labels__"]
             and d.get("published") and d["published"] <= as_of}
    g = graph.copy()
    g.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                         if d.get("source_id") not in known])
    g.remove_nodes_from([n for n, d in graph.nodes(data=True)
                         if ("Source" in d["__labels__"] and n not in known) or g.degree(n) == 0])
    return g
