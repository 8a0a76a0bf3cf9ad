"""Splitting an article's text into blocks: headings apart from body paragraphs.

A block is one line of the text (paragraphs are lines in the inputs kg reads)
with its character offset. Headings (short lines without closing punctuation,
such as section titles and the headline) are kept apart: no claim is taken
from them, but they still count as mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    text: str
    start: int
    heading: bool


_ENDS_SENTENCE = re.compile(r"""[.!?:;"')\]]\s*$""")


def is_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 14 or len(line) > 120:
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
        blocks.append(Block(stripped, m.start() + lead, not bullet and is_heading(stripped)))
    return blocks
