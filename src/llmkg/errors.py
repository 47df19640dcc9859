"""The one exception hierarchy of llmkg. The CLI maps every ``LlmkgError`` to exit code 2."""

from __future__ import annotations

from pathlib import Path


class LlmkgError(Exception):
    """Base class of every error llmkg raises on purpose."""


class UsageError(LlmkgError):
    """The caller asked for something that does not exist or does not fit."""


class InputError(LlmkgError):
    """An input file is missing, unreadable or not valid RDF."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.reason = message
        where = str(self.path)
        if line:
            where += f":{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class QueryError(LlmkgError):
    """A query is unknown, malformed, or was given bad parameters."""
