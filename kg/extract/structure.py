"""Splitting an article's text into blocks: headings apart from body paragraphs.

A block is one line of the text (paragraphs are lines in the inputs kg reads)
with its character offset. Headings (short lines without closing punctuation,
such as section titles and the headline) are kept apart: no claim is taken
from them, but they still count as mentions. Links to other stories and the site's
promotions ("Also read: ...", "Follow us on ...") are read like headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    text: str
    start: int
    heading: bool
    bullet: bool = False  # an item of a bulleted or numbered list
    boilerplate: bool = False  # a link to another story or a promotion of the site (also a heading)


MAX_BLOCK = 20_000  # characters; longer lines are cut at sentence ends, so that memory stays bounded
_ENDS_SENTENCE = re.compile(r"""[.!?:;"')\]]\s*$""")


_DATA_LINE = re.compile(r"^[^:]{1,40}:\s+.*\d")  # "Perplexity: 1.9%, down from 2.4%": a row of figures
_ROW_FIGURE = re.compile(r"^[^:]{1,40}:\s+[-+\u2212$]?\d")  # ... whose figure comes first: a table row
# A table row without a colon: a name, a dash or bar or nothing, then a figure ("AWS - 29%, down from 31%",
# "Microsoft 24% (22%)"); the name is the row's label.
_ROW = re.compile(r"^((?:[A-Z]|[a-z]+[A-Z])[\w.&'+-]*(?: [A-Z][\w.&'+-]*){0,3})\s*(?:[-|\u2013\u2014]\s*|\s)"
                  r"(?=[+\-\u2212]?\$?\d[\d.,]*\s*(?:%|percent|pts?\b|points?\b))")
# A page's links to other stories and its promotions ("Also read: Nvidia halts H20 orders", "Follow us on
# ..."): another story's headline, or nobody's claim. Read like headings: mentions, no claims.
_LINK_LINE = re.compile(r"^(also read|read more|read also|related(?: coverage| stories| articles| reading)?"
                        r"|recommended(?: reading)?|more from [^:]{1,40}|see also|don.t miss|trending(?: now)?)\s*:",
                        re.IGNORECASE)
_PROMOTION = re.compile(r"^(?:for more [^,]{1,40}, )?(follow us|subscribe to|sign up for|click here|download the|join our)\b",
                        re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """A link to another story or a promotion of the site."""
    return bool(_LINK_LINE.match(line) or _PROMOTION.match(line))


def is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 14 or len(line) > 120:
        return False
    if _DATA_LINE.match(line) or _ROW.match(line):
        return False
    if _ENDS_SENTENCE.search(line):
        return False
    return True


def split_blocks(text: str) -> list[Block]:
    """The non-empty lines of `text`, each with its start offset and heading flag."""
    blocks = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        bullet = re.match(r"^([-*\u2022]|\d+[.)])\s+", stripped)
        if bullet:
            lead += bullet.end()
            stripped = stripped[bullet.end():]
        start = m.start() + lead
        if len(stripped) <= MAX_BLOCK:
            boilerplate = is_boilerplate(stripped)
            heading = boilerplate or not bullet and is_heading(stripped)
            blocks.append(Block(stripped, start, heading, bullet is not None, boilerplate))
            continue
        for offset, piece in _pieces(stripped):
            blocks.append(Block(piece, start + offset, False))
    return blocks


def _pieces(text: str) -> list[tuple[int, str]]:
    """A very long line in pieces of at most MAX_BLOCK characters, cut after a sentence where possible."""
    out = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + MAX_BLOCK)
        if end < len(text):
            cut = max(text.rfind(". ", pos, end), text.rfind("? ", pos, end), text.rfind("! ", pos, end))
            if cut > pos:
                end = cut + 1
            else:
                space = text.rfind(" ", pos, end)
                end = space if space > pos else end
        piece = text[pos:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            out.append((pos + lead, piece.strip()))
        pos = end
    return out


def is_table_row(text: str) -> bool:
    """A table row: a short label and a figure ("ChatGPT: 68.2% (84.0%)", "AWS - 29%")."""
    return len(text) <= 120 and (_ROW_FIGURE.match(text) is not None or row_label_end(text) is not None)


def row_label_end(text: str) -> int | None:
    """Where the label of a colon-less table row ends ("AWS - 29%, down from 31%": after "AWS"), if the
    block is one."""
    m = _ROW.match(text)
    return m.end(1) if m is not None and len(text) <= 120 else None
