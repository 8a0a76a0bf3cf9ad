"""Which stored articles form one story.

Each Source node carries `story`: the story it joined, or its own when it started one (`story_of` its
id). An article that belongs as strongly to two stored stories shows they are one story (two rewrites
stored first, each too loosely alike to join the other, then the original that both repeat), and says
so in `story_merges`: the other stories' ids. Stored articles are never rewritten, so the groups are
read back by joining those ids (union-find; a group is named by its smallest id, whatever the order
the merges were seen in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


MAX_MEMBERS = 16


def story_of(source_id: str) -> str:
    """The id of the story an article starts: its own content hash."""
    return "story:" + source_id.split(":", 1)[-1]


class StoryGroups:
    """Story ids joined into groups, and the names each group's articles mention."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[frozenset[str]]] = defaultdict(list)
        self._first_day: dict[str, int] = {}  # root -> day number of its earliest dated article

    @classmethod
    def from_sources(cls, rows: Iterable[tuple]) -> "StoryGroups":
        """From stored (source id, story, story_merges, ...) rows."""
        groups = cls()
        for source, story, merges, *_ in rows:
            own = story or story_of(source)
            for other in merges or ():
                groups.join(own, other)
        return groups

    def root(self, story: str) -> str:
        top = story
        while (up := self._parent.get(top, top)) != top:
            top = up
        while story != top:  # shorten the path for the next lookup
            self._parent[story], story = top, self._parent[story]
        return top

    def join(self, a: str, b: str) -> str:
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return ra
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        self._parent[gone] = keep
        if gone in self._first_day:
            self._first_day[keep] = min(self._first_day.pop(gone), self._first_day.get(keep, 10 ** 7))
        kept = self._members[keep]
        kept.extend(n for n in self._members.pop(gone, ()) if n not in kept)
        del kept[MAX_MEMBERS:]
        return keep

    def add_article(self, story: str, names: frozenset[str], day: int | None = None) -> None:
        root = self.root(story)
        if day is not None and day < self._first_day.get(root, 10 ** 7):
            self._first_day[root] = day
        members = self._members[root]
        # Copies name the same things; a story's first MAX_MEMBERS different sets say what it is about.
        if len(members) < MAX_MEMBERS and names not in members:
            members.append(names)

    def first_day(self, story: str) -> int | None:
        """The day number of the story's earliest dated article (None: none is dated)."""
        return self._first_day.get(self.root(story))

    def members(self, story: str) -> list[frozenset[str]]:
        """The named things of each article in the story's group."""
        return self._members.get(self.root(story), [])
