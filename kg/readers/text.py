"""Plain text and Markdown articles, and what every format shares: decoding, normalising, dates.

A text article may start with `Key: value` header lines (title, published,
publisher, url, author); a closing `Impact: ...` line is kept as the source's
impact; otherwise a short first line is taken as the title.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

from dateutil import parser as dateutil_parser

from kg.errors import InputError
from kg.schema import Article

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
READABLE = "plain text, Markdown, HTML, RSS and Atom feeds, JSON, JSON lines and CSV"
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
        return email.utils.parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    if len(text) > 64 or not re.search(r"\d", text):
        return None
    try:  # "March 4th, 2026 10:00 ET", "2026-03-04T10:00:00+01:00", "04/03/2026" and the like
        return dateutil_parser.parse(text, fuzzy=False, default=datetime(1900, 1, 1)).strftime("%Y-%m-%d")
    except (ValueError, OverflowError):
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
            raise InputError(where, f"this is {what}, not an article (kg reads {READABLE})")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:1_000_000]:
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


