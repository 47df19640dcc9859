"""The SHACL shapes: valid SHACL, a message on every constraint, and no dead shape."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

import llmkg
from llmkg import resources
from llmkg.namespaces import LLMKGSH, PREFIXES, RDF, SH
from llmkg.parsing import parse_file
from llmkg.validate import check_shapes

FIXTURES = Path(__file__).parent / "fixtures"

SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*.ttl"))
CONTEXT = FIXTURES / "context.ttl"


@cache
def shapes() -> Graph:
    return parse_file(resources.shapes_file())


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def results_of(path: Path) -> Graph:
    """Validate the fixture with the shared context and return the raw SHACL results graph."""
    import pyshacl

    kg = llmkg.load([CONTEXT, path])
    _, results, _ = pyshacl.validate(
        kg.graph, shacl_graph=shapes(), inference="none", advanced=True
    )
    return results


def constrained_shapes() -> set[URIRef]:
    """Named shapes that carry at least one core constraint of their own."""
    graph = shapes()
    named = {
        s for kind in (SH.NodeShape, SH.PropertyShape)
        for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)
    }
    parameters = {SH.path, SH.targetClass, SH.message, SH.property, SH.name, SH.sparql,
                  URIRef("http://www.w3.org/2000/01/rdf-schema#label"), RDF.type}
    return {s for s in named if set(graph.predicates(s)) - parameters}


def test_shapes_pass_shacl_for_shacl() -> None:
    check_shapes(shapes())


def test_shapes_graph_is_rejected_when_broken() -> None:
    broken = Graph()
    broken += shapes()
    broken.add((LLMKGSH["ExampleModel-label"], SH.minCount, BNode()))
    with pytest.raises(llmkg.LlmkgError, match="not valid SHACL"):
        check_shapes(broken)


def test_every_constraint_has_a_message() -> None:
    graph = shapes()
    silent = sorted(s for s in constrained_shapes() if (s, SH.message, None) not in graph)
    silent += [c for c in graph.objects(None, SH.sparql) if (c, SH.message, None) not in graph]
    assert silent == []


def test_context_fixture_conforms() -> None:
    report = llmkg.validate([CONTEXT])
    assert report.conforms, report.findings


def test_every_shape_has_a_bad_fixture() -> None:
    covered = {LLMKGSH[p.stem] for p in SHAPE_FIXTURES}
    sparql = set(shapes().objects(None, SH.sparql))
    assert sorted((constrained_shapes() | sparql) - covered) == []


@pytest.mark.parametrize("path", SHAPE_FIXTURES, ids=lambda p: p.stem)
def test_bad_fixture_is_caught(path: Path) -> None:
    expect = path.read_text(encoding="utf-8").splitlines()[0].split()
    assert expect[:2] == ["#", "expect:"], f"{path.name} has no '# expect:' first line"
    focus, shape, component = (expand(t) for t in expect[2:5])
    constraint = expand(expect[5]) if len(expect) > 5 else None
    results = results_of(path)
    found = [
        r for r in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(r, SH.focusNode) == focus
        and results.value(r, SH.sourceShape) == shape
        and results.value(r, SH.sourceConstraintComponent) == component
        and (constraint is None or results.value(r, SH.sourceConstraint) == constraint)
    ]
    assert found, results.serialize(format="turtle")
