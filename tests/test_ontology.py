"""The ontology's header, its terms, and the twelve classes of the brief."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

import llmkg
from llmkg import resources
from llmkg.namespaces import DCTERMS, LLMKG, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, VANN
from llmkg.parsing import parse_file

ONTOLOGY = URIRef(ONTOLOGY_IRI)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return parse_file(resources.ontology_file())


def own_terms(onto: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        t for t in onto.subjects(RDF.type, kind)
        if isinstance(t, URIRef) and (t, RDFS.isDefinedBy, ONTOLOGY) in onto
    )


def test_version_info_matches_package(onto: Graph) -> None:
    assert onto.value(ONTOLOGY, OWL.versionInfo) == Literal(llmkg.__version__)
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{llmkg.__version__}")


@pytest.mark.parametrize(
    "predicate",
    [DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.license, DCTERMS.created,
     VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri],
)
def test_header_has(onto: Graph, predicate: URIRef) -> None:
    assert onto.value(ONTOLOGY, predicate) is not None


def test_every_own_term_is_labelled_and_defined(onto: Graph) -> None:
    terms = set(onto.subjects(RDFS.isDefinedBy, ONTOLOGY))
    assert len(terms) > 100
    missing = [
        t for t in terms
        if len(set(onto.objects(t, RDFS.label))) != 1
        or len(set(onto.objects(t, SKOS.definition))) != 1
    ]
    assert missing == []


@pytest.mark.parametrize("kind", [OWL.ObjectProperty, OWL.DatatypeProperty])
def test_properties_have_domain_and_range(onto: Graph, kind: URIRef) -> None:
    props = own_terms(onto, kind)
    assert props
    assert [p for p in props if (p, RDFS.domain, None) not in onto] == []
    assert [p for p in props if (p, RDFS.range, None) not in onto] == []


def test_inverse_pairs_are_declared(onto: Graph) -> None:
    pairs = {(s.fragment, o.fragment) for s, o in onto.subject_objects(OWL.inverseOf)}
    assert {("developer", "developerOf"), ("family", "familyMember"),
            ("baseModel", "derivedModel")} <= pairs


def test_the_brief_has_twelve_classes_in_order(onto: Graph) -> None:
    orders = sorted(int(o) for o in onto.objects(None, LLMKG.briefOrder))
    assert orders == list(range(1, 13))
    for cls in onto.subjects(LLMKG.briefOrder, None):
        assert onto.value(cls, LLMKG.purpose) is not None, cls
        assert onto.value(cls, SKOS.definition) is not None, cls


def test_every_brief_class_is_defined_from_facts(onto: Graph) -> None:
    undefined = [
        c for c in onto.subjects(LLMKG.briefOrder, None)
        if onto.value(c, OWL.equivalentClass) is None
    ]
    assert undefined == []


def test_numeric_thresholds_are_owl2_datatype_restrictions(onto: Graph) -> None:
    facets = {
        (str(p), int(v))
        for p in ("http://www.w3.org/2001/XMLSchema#maxExclusive",
                  "http://www.w3.org/2001/XMLSchema#minInclusive")
        for v in onto.objects(None, URIRef(p))
    }
    assert ("http://www.w3.org/2001/XMLSchema#maxExclusive", 10_000_000_000) in facets
    assert ("http://www.w3.org/2001/XMLSchema#minInclusive", 100_000) in facets


def test_vae_is_generative_but_not_a_language_model(onto: Graph) -> None:
    supers = set(onto.objects(LLMKG.VariationalAutoencoder, RDFS.subClassOf))
    assert LLMKG.GenerativeModel in supers
    assert LLMKG.LanguageModel not in supers


def test_brief_sources_are_described(kg) -> None:  # type: ignore[no-untyped-def]
    for cls in (LLMKG.AudioNativeModel, LLMKG.ToolUseModel, LLMKG.VariationalAutoencoder):
        source = kg.graph.value(cls, DCTERMS.source)
        assert source is not None, cls
        assert kg.graph.value(source, DCTERMS.title) is not None, source
