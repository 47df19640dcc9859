"""Shared fixtures, and an audit hook that fails any test reaching beyond the loopback."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import pytest

import llmkg
from llmkg.graph import KnowledgeGraph
from llmkg.validate import Report

FIXTURES = Path(__file__).parent / "fixtures"


def _is_loopback(host: object) -> bool:
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _network_guard(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
    elif event == "socket.getaddrinfo" and not _is_loopback(args[0]):
        raise RuntimeError(f"test tried to resolve a host name: {args[0]!r}")


sys.addaudithook(_network_guard)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected", action="store_true",
        help="rewrite tests/expected/*.srj from the current results (review the diff!)",
    )


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep llmkg's cache (SHACL-for-SHACL verdicts) out of the user's home during tests."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    return llmkg.load()


@pytest.fixture(scope="session")
def report(kg: KnowledgeGraph) -> Report:
    from llmkg.validate import validate_graph

    return validate_graph(kg)


def assert_no_rows(kg: KnowledgeGraph, query: str) -> None:
    """Assert that a SPARQL query returns nothing, printing any rows it found."""
    rows = kg.sparql(query)
    assert not rows.rows, "unexpected rows:\n" + rows.to_table(max_width=80)
