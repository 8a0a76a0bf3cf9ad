"""When the event a claim describes happened, where the sentence dates it.

Kept apart from when the article was published: "revenue tripled in 2024",
"last quarter", "in March" are resolved against the publication date to a
year ("2024"), a quarter ("2026-Q1") or a month ("2026-03").
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}


def _quarter(d: date, back: int = 0) -> str:
    q = (d.month - 1) // 3 - back
    year = d.year + q // 4
    return f"{year}-Q{q % 4 + 1}"


def event_time(sent: Span, published: str | None) -> str | None:
    """The period the sentence dates its event to, or None."""
    try:
        pub = date.fromisoformat(published) if published else None
    except ValueError:
        pub = None
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text.lower()
        m = re.search(r"\b(19|20)\d{2}\b", text)
        month = next((n for name, n in MONTHS.items() if re.search(rf"\b{name}\b", text)), None)
        if m and month:
            return f"{m.group(0)}-{month:02d}"
        m_q = re.search(r"\b(?:q([1-4])|(first|second|third|fourth) quarter)\b.*?\b((?:19|20)\d{2})\b", text)
        if m_q:
            q = int(m_q[1]) if m_q[1] else ["first", "second", "third", "fourth"].index(m_q[2]) + 1
            return f"{m_q[3]}-Q{q}"
        if m:
            return m.group(0)
        if pub is None:
            continue
        if "last quarter" in text or "previous quarter" in text:
            return _quarter(pub, 1)
        if "this quarter" in text:
            return _quarter(pub)
        if "last year" in text:
            return str(pub.year - 1)
        if "this year" in text:
            return str(pub.year)
        if "last month" in text:
            return f"{pub.year - (pub.month == 1)}-{(pub.month - 2) % 12 + 1:02d}"
        if month:
            year = pub.year if month <= pub.month else pub.year - 1
            return f"{year}-{month:02d}"
    return None
