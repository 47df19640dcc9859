"""Resource limits, each overridable by an environment variable."""

from __future__ import annotations

import os


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def query_timeout() -> float:
    """Seconds a query may run (``LLMKG_QUERY_TIMEOUT``, default 60)."""
    return _number("LLMKG_QUERY_TIMEOUT", 60.0)


def max_rows() -> int:
    """Rows a query may return (``LLMKG_MAX_ROWS``, default 1,000,000)."""
    return int(_number("LLMKG_MAX_ROWS", 1_000_000))


def max_bytes() -> int:
    """Bytes one input file may have (``LLMKG_MAX_BYTES``, default 64 MiB)."""
    return int(_number("LLMKG_MAX_BYTES", 64 * 1024 * 1024))
