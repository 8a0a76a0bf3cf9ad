"""HTML pages, feeds, JSON lines, CSV and URLs (served from 127.0.0.1, never the internet)."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from kg.errors import InputError
from kg.readers import iter_articles, sniff
from tests.conftest import ROOT

FORMATS = ROOT / "data" / "formats"


def articles(*paths, **kw):
    return list(iter_articles([str(p) for p in paths], **kw))


def test_html_main_text_and_metadata_without_boilerplate():
    (a,) = articles(FORMATS / "saved-page.html")
    assert a.title == "Groq wins a sovereign cloud deal"
    assert (a.author, a.publisher, a.published) == ("Nadia Park", "Chip Ledger", "2026-10-02")
    assert a.url == "https://chipledger.example/2026/10/groq-sovereign-cloud"
    assert "Groq has won a contract" in a.text and "lost ground in the region" in a.text
    for junk in ("cookies", "Subscribe", "Advertisement", "dataLayer", "All rights reserved"):
        assert junk not in a.text


def test_rss_and_atom_entries_are_articles():
    rss = articles(FORMATS / "wire-feed.xml")
    assert [a.title for a in rss] == ["Lambda raises funding to expand GPU cloud",
                                      "Snowflake shares slide after weak guidance", "Hugging Face opens a robotics lab"]
    assert [a.published for a in rss] == ["2026-10-06", "2026-10-07", "2026-10-08"]
    assert rss[0].url == "https://pacificwire.example/tech/lambda-funding" and "<p>" not in rss[0].text
    assert {a.publisher for a in rss} == {"Pacific Wire Service: Technology"}
    (atom,) = articles(FORMATS / "lab-notes.atom")
    assert atom.title == "Note: Micron's memory upcycle" and atom.published == "2026-10-09"
    assert atom.text.startswith("Micron is gaining share")


def test_jsonl_and_csv_records():
    jl = articles(FORMATS / "news-export.jsonl")
    assert [a.published for a in jl] == ["2026-10-12", "2026-10-13"]  # "October 13, 2026" too
    assert jl[1].text.startswith("Stability AI has sold") and jl[0].publisher == "Maple Tech Review"
    rows = articles(FORMATS / "briefs.csv")
    assert [a.title for a in rows] == ["Replit doubles its revenue", "Intel delays a chip factory"]
    assert rows[1].url == "https://brief.example/intel-ohio"


def test_format_is_detected_from_content(tmp_path):
    page = tmp_path / "page.download"
    page.write_bytes((FORMATS / "saved-page.html").read_bytes())
    feed = tmp_path / "feed"
    feed.write_bytes((FORMATS / "wire-feed.xml").read_bytes())
    lines = tmp_path / "export.txt"
    lines.write_bytes((FORMATS / "news-export.jsonl").read_bytes())
    assert sniff(page.read_text()) == "html" and sniff(feed.read_text()) == "feed"
    assert sniff(lines.read_text(), ".txt") == "text" and sniff(lines.read_text()) == "jsonl"
    assert [a.title for a in articles(page)] == ["Groq wins a sovereign cloud deal"]
    assert len(articles(feed)) == 3


def test_broken_jsonl_line_is_named_and_the_rest_is_read(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text('{"title": "A", "text": "Nvidia gained ground."}\n{"title": broken\n{"text": "Intel lost ground."}\n')
    items = articles(f)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).startswith(f"{f}:2: invalid JSON")


def test_feed_that_is_not_xml(tmp_path):
    f = tmp_path / "feed.rss"
    f.write_text("this is not a feed at all, just words")
    (err,) = articles(f)
    assert isinstance(err, InputError) and "not an RSS or Atom feed" in str(err)


def test_html_that_is_all_scripts(tmp_path):
    f = tmp_path / "app.html"
    f.write_text("<html><head><script>var a = 1;</script></head><body><script>render()</script></body></html>")
    (err,) = articles(f)
    assert isinstance(err, InputError) and "no article text" in str(err)


class _Handler(http.server.BaseHTTPRequestHandler):
    agents: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        _Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/article":
            body = (FORMATS / "saved-page.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>")
        else:
            self.send_response(404, "Not Found")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched_and_read_as_html(server):
    (a,) = list(iter_articles([f"{server}/article"]))
    assert a.title == "Groq wins a sovereign cloud deal" and "Groq has won" in a.text
    assert _Handler.agents[-1].startswith("kg/")


def test_url_errors_are_one_line(server):
    (missing,) = list(iter_articles([f"{server}/nope"]))
    assert str(missing) == f"{server}/nope: HTTP 404 Not Found"
    (slow,) = list(iter_articles([f"{server}/slow"], timeout=0.5))
    assert str(slow) == f"{server}/slow: timed out after 0.5 s"
    (big,) = list(iter_articles([f"{server}/big"], max_bytes=1_000_000))
    assert "larger than" in str(big)
