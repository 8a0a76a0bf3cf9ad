"""Readers: files, folders, URLs and standard input in, `Article`s out.

One module per kind of input: `text` (plain text and Markdown, and what all
formats share), `records` (JSON, JSON lines, CSV), `web` (HTML pages, RSS and
Atom feeds, URLs). The format comes from the file name and, where that says
nothing or disagrees, from the content itself.

Every failure is an `InputError` naming the file (and line or entry) and the
reason; `iter_articles` yields it in place of the article and reading goes on.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.readers.records import article_from_record, read_csv, read_json, read_jsonl
from kg.readers.text import READABLE, decode, iso_date, normalise_text, parse_text
from kg.readers.web import FETCH_TIMEOUT, fetch, read_feed, read_html
from kg.schema import Article

__all__ = ["Article", "InputError", "iter_articles", "read_articles", "read_bytes", "expand_paths", "parse_text",
           "article_from_record", "iso_date", "normalise_text", "decode", "DEFAULT_MAX_BYTES", "READABLE",
           "FORMATS"]

FORMATS = {
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_URL = re.compile(r"^https?://", re.I)


def sniff(text: str, suffix: str = "") -> str:
    """The format of a document, from its first characters, falling back on its file name."""
    head = text.lstrip()[:2000].lower()
    if head.startswith("<?xml") and re.search(r"<(rss|feed|rdf:rdf)\b", head):
        return "feed"
    if re.match(r"<(rss|feed|rdf:rdf)\b", head):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and "<body" in head):
        return "html"
    by_name = FORMATS.get(suffix)
    if by_name is not None:
        return by_name
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        lines = [ln for ln in text.strip().split("\n") if ln.strip()]
        return "jsonl" if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:5]) else "json"
    return "text"


def read_bytes(data: bytes, where: str, suffix: str = "", path: str | None = None,
               url: str | None = None) -> Iterator[Article | InputError]:
    """Every article (or error) in one document's bytes."""
    try:
        text = decode(data, where)
    except InputError as exc:
        yield exc
        return
    if not text.strip():
        yield InputError(where, "empty file")
        return
    fmt = sniff(text, suffix)
    try:
        if fmt == "json":
            yield from read_json(text, where, path)
        elif fmt == "jsonl":
            yield from read_jsonl(text, where, path)
        elif fmt == "csv":
            yield from read_csv(text, where, path)
        elif fmt == "feed":
            yield from read_feed(text, where, path)
        elif fmt == "html":
            yield read_html(text, where, path, url)
        else:
            yield parse_text(text, path)
    except InputError as exc:
        yield exc


def expand_paths(paths: Iterable[str], skipped: list[str] | None = None) -> Iterator[str]:
    """Files named, folders walked recursively (known suffixes only, sorted), URLs and '-' kept as they are.

    Files a folder walk passes over (unknown suffix, hidden) are appended to `skipped`, so that the
    caller can say so; folders whose name starts with a dot (.git) are not walked.
    """
    for p in paths:
        if p == "-" or _URL.match(p):
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in FORMATS and not name.startswith("."):
                        yield str(Path(root) / name)
                    elif skipped is not None:
                        skipped.append(str(Path(root) / name))
        else:
            yield p


def iter_articles(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES,
                  timeout: float = FETCH_TIMEOUT) -> Iterator[Article | InputError]:
    """Articles from every input, with an InputError in place of each one that failed."""
    for p in expand_paths(paths):
        for item in _read_one(p, max_bytes, timeout):
            if isinstance(item, Article):
                problem = not_english(item.text)
                if problem:
                    item = InputError(p if p != "-" else "<stdin>", problem)
            yield item


def _read_one(p: str, max_bytes: int, timeout: float) -> Iterator[Article | InputError]:
    try:
        if p == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError("<stdin>", _too_big(max_bytes))
            yield from read_bytes(data, "<stdin>")
            return
        if _URL.match(p):
            data, content_type = fetch(p, timeout, max_bytes)
            suffix = ".xml" if "xml" in content_type and "html" not in content_type else ".html"
            yield from read_bytes(data, p, suffix, None, url=p)
            return
        path = Path(p)
        if not path.exists():
            raise InputError(p, "no such file or folder")
        if not path.is_file():
            raise InputError(p, "not a regular file")
        if path.stat().st_size > max_bytes:
            raise InputError(p, _too_big(max_bytes))
        yield from read_bytes(path.read_bytes(), p, path.suffix.lower(), p)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(p, exc.strerror or str(exc))


def _too_big(max_bytes: int) -> str:
    return f"larger than {max_bytes / (1024 * 1024):g} MB, not read (raise the limit with --max-size)"


_ENGLISH = frozenset("the of and to in is that for on with as by it at from this be are was has have said its "
                     "an which or not but their will more than were been also would can after".split())


def not_english(text: str) -> str | None:
    """A reason to refuse a text that is not English (kg's rules are), or None."""
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    if len(words) < 30:
        return None
    share = sum(w in _ENGLISH for w in words) / len(words)
    if share < 0.08:
        return f"does not look like English ({share:.0%} common English words); kg reads English articles"
    return None


def read_articles(paths: Iterable[str]) -> list[Article]:
    """All articles from the inputs; the first unreadable one raises InputError."""
    out = []
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    return out
