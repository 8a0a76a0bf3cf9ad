"""Readers: files, folders and standard input in, `Article`s out.

Formats: plain text and Markdown (optional `Key: value` header lines for
title, published, publisher, url and author; a closing `Impact: ...` line),
and JSON article files (one object or a list) with title, text (or body or
content), url, published and publisher.

Every failure is an `InputError` naming the file and the reason; reading
goes on with the next input (`iter_articles` yields the errors in line).
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from kg.errors import InputError
from kg.schema import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSON_SUFFIXES = {".json"}
SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES

# One character for one, so that offsets into the normalised text stay valid.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\u2010": "-", "\u2011": "-", "\r": "\n", "\u00ad": " ",
})

_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "published": "published", "date": "published", "dated": "published",
    "publisher": "publisher", "source": "publisher", "outlet": "publisher",
    "url": "url", "link": "url",
    "author": "author", "by": "author", "byline": "author",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.+?)\s*$")
_IMPACT_LINE = re.compile(r"^\s*impact\s*:\s*([A-Za-z][A-Za-z -]{0,30}?)\s*\.?\s*$", re.I)
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or Office document)"}


def normalise_text(text: str) -> str:
    """Fold typographic quotes, odd spaces and CRs, keeping every offset."""
    return text.replace("\r\n", "\n").translate(_FOLD)


def iso_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from the common ways articles write dates, else None."""
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", text)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y",
                "%d.%m.%Y", "%m/%d/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%d")
        except ValueError:
            pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        return parsed.strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        return None


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def decode(data: bytes, where: str) -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, then Windows-1252; binaries refused."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(where, f"this is {what}, not an article (kg reads text, Markdown and JSON)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(where, "binary file (it holds NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if sum(ch.isprintable() or ch.isspace() for ch in text) < 0.95 * len(text):
            raise InputError(where, "not text in any encoding kg knows (UTF-8, UTF-16, Windows-1252)")
        return text


def parse_text(raw: str, path: str | None = None) -> Article:
    """A plain-text or Markdown article: optional header lines, a title line, the body."""
    where = path or "<text>"
    text = normalise_text(raw)
    lines = text.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines):
        m = _HEADER_LINE.match(lines[i])
        if not m or m[1].lower() not in _HEADER_KEYS:
            break
        meta.setdefault(_HEADER_KEYS[m[1].lower()], m[2])
        i += 1
    body_lines = lines[i:]
    impact = None
    for j in range(len(body_lines) - 1, -1, -1):
        if not body_lines[j].strip():
            continue
        m = _IMPACT_LINE.match(body_lines[j])
        if m:
            impact = m[1].strip().lower()
            body_lines = body_lines[:j]
        break
    body = "\n".join(body_lines).strip("\n")
    body = "\n".join(line.rstrip() for line in body.split("\n"))
    if "title" not in meta:
        first = next((ln for ln in body.split("\n") if ln.strip()), "")
        candidate = first.lstrip("# ").strip()
        if candidate and len(candidate) <= 160 and not candidate.endswith((".", "?", "!", ":", '"')):
            meta["title"] = candidate
    body = re.sub(r"(?m)^#{1,6}[ \t]+", "", body)  # Markdown heading marks, not words
    if not body.strip():
        raise InputError(where, "empty article (no text after the header lines)")
    return Article(text=body, title=meta.get("title"), publisher=meta.get("publisher"),
                   url=meta.get("url"), published=iso_date(meta.get("published")), path=path,
                   impact=impact, author=meta.get("author"))


def article_from_record(record: object, where: str, path: str | None = None) -> Article:
    """An article from a JSON object with title, text (or body or content), url, published, publisher."""
    if not isinstance(record, dict):
        raise InputError(where, "expected a JSON object with a 'text' field")
    body = next((record[k] for k in ("text", "body", "content") if isinstance(record.get(k), str)), None)
    if not body or not body.strip():
        raise InputError(where, "no article text (expected a 'text', 'body' or 'content' field)")
    article = parse_text(body, path)
    article.title = _str(record.get("title")) or article.title
    article.url = _str(record.get("url") or record.get("link")) or article.url
    article.publisher = _str(record.get("publisher") or record.get("source")) or article.publisher
    article.author = _str(record.get("author")) or article.author
    article.published = iso_date(record.get("published") or record.get("date")) or article.published
    article.impact = _str(record.get("impact")) or article.impact
    return article


def _str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def read_bytes(data: bytes, where: str, suffix: str = "", path: str | None = None) -> list[Article]:
    """All articles in one file's bytes; the format comes from the suffix and the content."""
    text = decode(data, where)
    stripped = text.lstrip()
    if suffix in JSON_SUFFIXES or (suffix not in TEXT_SUFFIXES and stripped[:1] in "[{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
        records = doc if isinstance(doc, list) else [doc]
        return [article_from_record(r, f"{where}[{n}]" if isinstance(doc, list) else where, path)
                for n, r in enumerate(records)]
    return [parse_text(text, path)]


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files named, folders walked recursively (known suffixes only, sorted), '-' kept as is."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                        yield str(Path(root) / name)
        else:
            yield p


def iter_articles(paths: Iterable[str]) -> Iterator[Article | InputError]:
    """Articles from every input, with an InputError in place of each one that failed."""
    for p in expand_paths(paths):
        try:
            if p == "-":
                yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", "", None)
                continue
            path = Path(p)
            if not path.exists():
                raise InputError(p, "no such file or folder")
            if not path.is_file():
                raise InputError(p, "not a regular file")
            yield from read_bytes(path.read_bytes(), p, path.suffix.lower(), p)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(p, exc.strerror or str(exc))


def read_articles(paths: Iterable[str]) -> list[Article]:
    """All articles from the inputs; the first unreadable one raises InputError."""
    out = []
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    return out
