"""The story view: groups of articles that report one story, with the first source, the rewrites, their
publishers and dates, and what the story says about whom.

Which articles form a story is decided as they are stored (kg.corroborate); this module only reads it,
through standard Cypher and the store API, so both backends give the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.analysis import StoryView, source_stories, story_views
from kg.errors import UsageError
from kg.store.base import GraphStore

SOURCES = ("MATCH (s:Source) RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.published AS published, "
           "s.url AS url, s.path AS path, s.matched_without_dates AS undated_match")
STORIES_COLUMNS = ["story", "published", "first_source", "publisher", "sources", "undated", "publishers", "dates",
                   "companies", "claim"]
STORY_COLUMNS = ["published", "publisher", "source", "link", "role", "matched_without_dates"]


@dataclass
class _Article:
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    link: str | None
    undated_match: bool


@dataclass
class _Story:
    id: str
    articles: list[_Article]
    views: list[StoryView]

    @property
    def first(self) -> _Article:
        """The earliest dated article; if none is dated, the one that started the story."""
        dated = sorted((a for a in self.articles if a.published), key=lambda a: (a.published, a.id))
        if dated:
            return dated[0]
        founder = [a for a in self.articles if "story:" + a.id.split(":", 1)[-1] == self.id]
        return founder[0] if founder else min(self.articles, key=lambda a: a.id)


def _stories(store: GraphStore, as_of: str | None) -> dict[str, _Story]:
    story_of = source_stories(store)
    out: dict[str, _Story] = {}
    for sid, title, publisher, published, url, path, undated_match in store.query(SOURCES).rows:
        if as_of is not None and (published is None or published > as_of):
            continue
        story = story_of.get(sid, sid)
        out.setdefault(story, _Story(story, [], [])).articles.append(
            _Article(sid, title, publisher, published, url or path, bool(undated_match)))
    for view in story_views(store, as_of):
        if view.story in out:
            out[view.story].views.append(view)
    return out


def stories(store: GraphStore, company: str | None = None, min_sources: int = 2,
            as_of: str | None = None) -> list[list]:
    """Rows of STORIES_COLUMNS, the most reported stories first (then the newest): each story once, with its
    first source and publisher, how many articles report it (and how many of them are undated), the
    publishers and dates, the companies it says are gaining or losing, and its most reported claim."""
    rows = []
    for story in _stories(store, as_of).values():
        if len(story.articles) < min_sources:
            continue
        if company is not None and not any(v.company.lower() == company.lower() for v in story.views):
            continue
        first = story.first
        reports: dict[str, int] = defaultdict(int)
        for v in story.views:
            if v.stance == "neutral":
                continue
            reports[f"{v.company} {v.stance}"] = max(reports[f"{v.company} {v.stance}"], len(v.reports))
        companies = ", ".join(k for k, _ in sorted(reports.items(), key=lambda kv: (-kv[1], kv[0])))
        main = max(story.views, key=lambda v: (len(v.reports), v.main.text), default=None)
        dates = sorted({a.published for a in story.articles if a.published})
        rows.append([story.id, first.published, first.title, first.publisher, len(story.articles),
                     sum(1 for a in story.articles if not a.published),
                     ", ".join(sorted({a.publisher for a in story.articles if a.publisher})), ", ".join(dates),
                     companies, main.main.text if main else None])
    rows.sort(key=lambda r: (r[1] or "", r[0]), reverse=True)  # newest first ...
    rows.sort(key=lambda r: -r[4])  # ... within the most reported first (the sort is stable)
    return rows


def story_articles(store: GraphStore, story_id: str, as_of: str | None = None) -> list[list]:
    """Rows of STORY_COLUMNS: the articles of one story, the first source first, then the rewrites by date."""
    found = _stories(store, as_of).get(story_id)
    if found is None:
        raise UsageError(f"no story {story_id!r}: `kg stories` lists them (ids look like story:0123abcd...)")
    first = found.first
    others = sorted((a for a in found.articles if a is not first), key=lambda a: (a.published or "9999", a.id))
    return [[a.published, a.publisher, a.title, a.link, "first source" if a is first else "rewrite",
             a.undated_match or None] for a in [first, *others]]
