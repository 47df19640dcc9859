"""The Python API: load, validate and query without mutating inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.compare import to_isomorphic

import llmkg
from llmkg.graph import KnowledgeGraph
from llmkg.validate import validate_graph

FIXTURES = Path(__file__).parent / "fixtures"


def test_validate_does_not_mutate_the_graph(kg: KnowledgeGraph) -> None:
    before = to_isomorphic(kg.graph)
    size = len(kg.graph)
    validate_graph(kg)
    assert len(kg.graph) == size
    assert to_isomorphic(kg.graph) == before


def test_load_does_not_touch_files(tmp_path: Path) -> None:
    path = tmp_path / "context.ttl"
    path.write_bytes((FIXTURES / "context.ttl").read_bytes())
    mtime = path.stat().st_mtime_ns
    llmkg.validate([path])
    assert path.read_bytes() == (FIXTURES / "context.ttl").read_bytes()
    assert path.stat().st_mtime_ns == mtime


def test_bad_file_loads_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "z-broken.ttl"
    broken.write_text("this is not turtle\n")
    with pytest.raises(llmkg.InputError) as info:
        llmkg.load([FIXTURES / "context.ttl", broken])
    assert info.value.path == broken
    assert info.value.line == 1


def test_report_of_packaged_graph(report: llmkg.Report) -> None:
    assert report.conforms
    assert report.findings == ()
    assert report.models >= 120
    assert report.classes == 12


def test_query_rows_hold_python_values(kg: KnowledgeGraph) -> None:
    rows = kg.query("classes").to_records()
    assert isinstance(rows[0]["members"], int)
    assert isinstance(rows[0]["class"], llmkg.IRI)


def test_unknown_parameter_lists_accepted(kg: KnowledgeGraph) -> None:
    with pytest.raises(llmkg.QueryError, match="has no parameter 'nope'; it accepts: none"):
        kg.query("classes", nope=1)


def test_sparql_rejects_non_select(kg: KnowledgeGraph) -> None:
    with pytest.raises(llmkg.QueryError, match="only SELECT"):
        kg.sparql("ASK { ?s ?p ?o }")
    with pytest.raises(llmkg.QueryError, match="not a valid SPARQL query"):
        kg.sparql("SELECT ?s WHERE { ?s ?p }")
