"""Publish the graph to a SPARQL 1.1 store, never leaving a half-written graph visible.

The triples go with the Graph Store Protocol (HTTP PUT) into a staging graph; once its triple
and model counts match, one SPARQL Update ``MOVE`` replaces the target graph with it (a single
update: the store applies it as one transaction), and the target's count is checked again. A
failed or interrupted upload leaves the target as it was. Running it twice changes nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from rdflib import Graph, URIRef

from llmkg.namespaces import LLMKG, RDF
from llmkg.queries import with_values
from llmkg.remote import Endpoint, EndpointError

DEFAULT_GRAPH = "https://w3id.org/llmkg/graph"

_COUNT = """
PREFIX llmkg: <https://w3id.org/llmkg/ontology#>
SELECT (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } }
"""
_MODELS = """
PREFIX llmkg: <https://w3id.org/llmkg/ontology#>
SELECT (COUNT(DISTINCT ?m) AS ?models) WHERE { GRAPH ?g { ?m a llmkg:ExampleModel } }
"""


@dataclass(frozen=True)
class PublishReport:
    graph: str
    triples: int
    models: int
    seconds: float


def _number(endpoint: Endpoint, query: str, graph_iri: str) -> int:
    _, rows = endpoint.select(with_values(query, {"g": URIRef(graph_iri)}), 1)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def publish(graph: Graph, endpoint: Endpoint, target: str = DEFAULT_GRAPH) -> PublishReport:
    """Upload ``graph`` to the named graph ``target`` of ``endpoint`` (see the module doc)."""
    started = time.monotonic()
    staging = f"{target}-staging"
    counter = replace(endpoint, graph=None)  # GRAPH ?g needs the full dataset
    expected_triples = len(graph)
    expected_models = len(set(graph.subjects(RDF.type, LLMKG.ExampleModel)))
    # A small authenticated request first: it empties the staging graph and checks the
    # credentials before the upload (a server refusing a large body may just close the socket).
    endpoint.update(f"CLEAR SILENT GRAPH {URIRef(staging).n3()}")
    endpoint.put_graph(staging, graph.serialize(format="nt", encoding="utf-8"))
    staged = (_number(counter, _COUNT, staging), _number(counter, _MODELS, staging))
    if staged != (expected_triples, expected_models):
        raise EndpointError(
            f"the staging graph <{staging}> holds {staged[0]} triples and {staged[1]} models,"
            f" expected {expected_triples} and {expected_models}; <{target}> was left unchanged"
        )
    endpoint.update(f"MOVE GRAPH {URIRef(staging).n3()} TO GRAPH {URIRef(target).n3()}")
    published = _number(counter, _COUNT, target)
    if published != expected_triples:
        raise EndpointError(
            f"<{target}> holds {published} triples after the switch, expected {expected_triples}"
        )
    return PublishReport(
        graph=target,
        triples=published,
        models=expected_models,
        seconds=time.monotonic() - started,
    )
