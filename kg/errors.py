"""The one error family of kg: every user-facing failure is a KGError.

The CLI turns a KGError into a single `Error: ...` line and exit code; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations


class KGError(Exception):
    """A failure the user can act on; the message says what went wrong and what to do."""

    exit_code = 1


class InputError(KGError):
    """An input file, line or URL that cannot be read as an article."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class StoreError(KGError):
    """The store cannot be opened, written or reached."""


class NoStoreError(StoreError):
    """A command that reads the store was pointed at a file that does not exist (usually a typo)."""

    exit_code = 2


class QueryError(KGError):
    """A query that cannot be run as written."""


class ExecutorError(KGError):
    """Extraction workers cannot be reached, or died more often than a shard may be retried."""


class UsageError(KGError):
    exit_code = 2
