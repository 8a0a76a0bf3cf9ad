"""Named queries: the .cypher files of queries/, each with a header saying what it answers.

Header lines, before the query:
    // One-line description.
    // param NAME: what it is (default VALUE)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import QueryError, UsageError
from kg.resources import resource_dir

_PARAM = re.compile(r"^//\s*param\s+([A-Za-z_]\w*)\s*:\s*(.*?)\s*(?:\(default\s+(.+?)\))?\s*$")


@dataclass
class NamedQuery:
    name: str
    description: str
    cypher: str
    params: dict[str, str] = field(default_factory=dict)     # name -> help
    defaults: dict[str, Any] = field(default_factory=dict)


def parse_query_file(name: str, text: str) -> NamedQuery:
    description = ""
    params: dict[str, str] = {}
    defaults: dict[str, Any] = {}
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("//"):
            if s:
                break
            continue
        m = _PARAM.match(s)
        if m:
            params[m[1]] = m[2]
            if m[3] is not None:
                defaults[m[1]] = parse_value(m[3])
        elif not description:
            description = s.lstrip("/ ").strip()
    return NamedQuery(name, description, text, params, defaults)


def parse_value(text: str) -> Any:
    """A --param value typed as int, float, bool, null or string."""
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "none"):
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


_REFERENCE = re.compile(r"\$([A-Za-z_]\w*)")


def check_params(query: NamedQuery, given: dict[str, Any]) -> None:
    """Refuse a parameter the query never uses (a typo such as `limti` would otherwise be ignored)."""
    takes = sorted(set(query.params) | set(_REFERENCE.findall(query.cypher)))
    unknown = sorted(set(given) - set(takes))
    if not unknown:
        return
    what = f"query {query.name!r}" if query.name else "this query"
    if takes:
        listed = ", ".join(p + (f" (default {query.defaults[p]})" if p in query.defaults else "") for p in takes)
        raise UsageError(f"{what} has no parameter {', '.join(unknown)}; it takes {listed}")
    raise UsageError(f"{what} has no parameter {', '.join(unknown)}; it takes no parameters")


# A label or type in a pattern: "(c:Company)", "(:Claim)", "[r:ABOUT]", "[:FAVORS|THREATENS]".
_PATTERN_NAMES = re.compile(r"[(\[]\s*[A-Za-z_]?\w*\s*:\s*([A-Za-z_]\w*(?:\s*\|\s*:?\s*[A-Za-z_]\w*)*)")


def unknown_names(cypher: str) -> list[str]:
    """Labels and relationship types a query's patterns name that kg's schema has none of (a typo such as
    `Compnay` matches nothing, so the query answers with no rows)."""
    from kg.schema import LABELS, RELATIONSHIP_TYPES
    named = (n.strip(" :") for m in _PATTERN_NAMES.findall(cypher) for n in m.split("|"))
    return sorted({n for n in named if n not in LABELS and n not in RELATIONSHIP_TYPES})


def named_queries() -> dict[str, NamedQuery]:
    folder = resource_dir("queries")
    out = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".cypher"):
            name = item.name[: -len(".cypher")]
            out[name] = parse_query_file(name, item.read_text(encoding="utf-8"))
    return out


def resolve(text_or_name: str | None, file: str | None = None) -> NamedQuery:
    """A query from a file, a name in queries/, or the Cypher text itself."""
    if file:
        try:
            return parse_query_file(Path(file).stem, Path(file).read_text(encoding="utf-8"))
        except OSError as exc:
            raise QueryError(f"{file}: {exc.strerror or exc}") from None
    if not text_or_name:
        raise QueryError("no query: give Cypher text, a query name (see `kg queries`) or -f FILE")
    if re.fullmatch(r"[A-Za-z_][\w-]*", text_or_name):
        queries = named_queries()
        if text_or_name in queries:
            return queries[text_or_name]
        import difflib
        close = difflib.get_close_matches(text_or_name, list(queries), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise QueryError(f"no named query {text_or_name!r}; {hint}`kg queries` lists them")
    return NamedQuery("", "", text_or_name)
