"""Article records: JSON (one object or a list), JSON lines, and CSV with the same columns.

Columns or keys: title, text (or body or content), url (or link), published
(or date), publisher (or source), author, impact. A bad line names its number;
the other lines are still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from kg.errors import InputError
from kg.readers.text import iso_date, parse_text
from kg.schema import Article

TEXT_KEYS = ("text", "body", "content")


def article_from_record(record: object, where: str, path: str | None = None) -> Article:
    """An article from a mapping with title, text (or body or content), url, published, publisher."""
    if not isinstance(record, dict):
        raise InputError(where, "expected a JSON object with a 'text' field")
    body = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if body is None:
        raise InputError(where, "no article text (expected a 'text', 'body' or 'content' field)")
    article = parse_text(body, path)
    article.title = _str(record.get("title")) or article.title
    article.url = _str(record.get("url") or record.get("link")) or article.url
    article.publisher = _str(record.get("publisher") or record.get("source")) or article.publisher
    article.author = _str(record.get("author")) or article.author
    article.published = iso_date(record.get("published") or record.get("date")) or article.published
    article.impact = (_str(record.get("impact")) or article.impact or "").lower() or None
    return article


def _str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def read_json(text: str, where: str, path: str | None) -> Iterator[Article | InputError]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(where, f"invalid JSON at line {exc.lineno}: {exc.msg}")
        return
    if isinstance(doc, list):
        for n, record in enumerate(doc):
            yield _safe(record, f"{where}[{n}]", path)
    else:
        yield _safe(doc, where, path)


def read_jsonl(text: str, where: str, path: str | None) -> Iterator[Article | InputError]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}:{n}", f"invalid JSON: {exc.msg}")
            continue
        yield _safe(record, f"{where}:{n}", path)


def read_csv(text: str, where: str, path: str | None) -> Iterator[Article | InputError]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = {f.strip().lower() for f in reader.fieldnames or []}
    except csv.Error as exc:  # the header row itself is broken ("\r" inside an unquoted field)
        yield InputError(where, f"broken CSV: {exc}")
        return
    if not fields & set(TEXT_KEYS):
        yield InputError(where, "CSV needs a 'text', 'body' or 'content' column")
        return
    try:
        for n, row in enumerate(reader, 2):
            yield _safe({(k or "").strip().lower(): v for k, v in row.items()}, f"{where}:{n}", path)
    except csv.Error as exc:
        yield InputError(where, f"broken CSV: {exc}")


def _safe(record: object, where: str, path: str | None) -> Article | InputError:
    try:
        return article_from_record(record, where, path)
    except InputError as exc:
        return exc
