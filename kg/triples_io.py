"""Reading the JSON lines that `kg extract` writes, for `kg load`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator

from kg.errors import InputError
from kg.schema import Triple


def read_triples(files: Iterable[str]) -> Iterator[Triple]:
    """Triples from JSONL files ('-' is standard input); a bad line raises InputError naming it."""
    for name in files:
        try:
            stream = sys.stdin if name == "-" else open(name, encoding="utf-8")
        except OSError as exc:
            raise InputError(name, exc.strerror or str(exc)) from None
        with stream:
            for n, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    yield Triple.from_json(json.loads(line))
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else f"not a triple ({exc!r})"
                    raise InputError(f"{name}:{n}", reason) from None
