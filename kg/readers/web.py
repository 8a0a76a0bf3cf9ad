"""The web: saved HTML pages (trafilatura), RSS and Atom feeds (feedparser), and URLs.

HTML pages give their main text with navigation, ads, scripts and cookie
banners left out, and their metadata (title, author, publisher, date,
canonical url). Each feed entry is an article of its own. URLs are fetched
with a timeout, a size limit and a User-Agent naming kg, then read as HTML
(or as a feed, if that is what comes back).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

import feedparser
import lxml.html
import trafilatura

from kg import __version__
from kg.errors import InputError
from kg.readers.text import iso_date, normalise_text, parse_text
from kg.schema import Article

USER_AGENT = f"kg/{__version__} (knowledge graph of AI-industry claims)"
FETCH_TIMEOUT = 20.0
FETCH_LIMIT = 10 * 1024 * 1024


def read_html(html: str, where: str, path: str | None, url: str | None = None) -> Article:
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_recall=True)
    except Exception as exc:  # trafilatura and lxml raise a variety of parser errors
        raise InputError(where, f"cannot read this HTML ({type(exc).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(where, "no article text found in this HTML page (only scripts, navigation or boilerplate?)")
    article = parse_text(text, path)
    article.title = doc.title or article.title
    article.author = doc.author or None
    article.publisher = doc.sitename or doc.hostname or None
    article.published = iso_date(doc.date)
    article.url = doc.url or url
    return article


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fromstring(fragment)
    except (ValueError, lxml.etree.ParserError):
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [b.text_content().strip() for b in root.xpath("//p|//li|//h1|//h2|//h3|//blockquote")]
    return "\n".join(b for b in blocks if b) or root.text_content()


def read_feed(text: str, where: str, path: str | None) -> Iterator[Article | InputError]:
    feed = feedparser.parse(text)
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        yield InputError(where, "not an RSS or Atom feed" + (f" ({reason})" if reason else " (no entries)"))
        return
    publisher = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        content = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
        body = _html_to_text(content or entry.get("summary") or "")
        label = f"{where} entry {n}"
        if not body.strip():
            yield InputError(label, "feed entry without content or summary")
            continue
        article = parse_text(normalise_text(body), path)
        article.title = entry.get("title") or article.title
        article.url = entry.get("link")
        article.author = entry.get("author")
        article.publisher = publisher
        article.published = iso_date(entry.get("published") or entry.get("updated"))
        yield article


def fetch(url: str, timeout: float = FETCH_TIMEOUT, limit: int = FETCH_LIMIT) -> tuple[bytes, str]:
    """The body and content type of a URL; errors name the URL and the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                                                   "application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(limit + 1)
            if len(body) > limit:
                raise InputError(url, f"page larger than {limit // (1024 * 1024)} MB, not read")
            return body, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise InputError(url, f"timed out after {timeout:g} s") from None
        raise InputError(url, f"cannot fetch ({reason})") from None
    except TimeoutError:
        raise InputError(url, f"timed out after {timeout:g} s") from None
    except ValueError as exc:
        raise InputError(url, f"not a URL kg can fetch ({exc})") from None
