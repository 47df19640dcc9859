"""Serialise the graph for bulk loaders: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from llmkg.errors import UsageError
from llmkg.fmt import canonical
from llmkg.namespaces import bind_prefixes

FORMATS = {
    "ttl": "longturtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}


def export(graph: Graph, fmt: str, graph_iri: str) -> str:
    """``graph`` in ``fmt``; N-Quads and TriG put it in the named graph ``graph_iri``, as the
    bulk loaders of Virtuoso, Fuseki and GraphDB expect."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "ttl":
        return canonical(graph)
    if fmt in ("nq", "trig"):
        dataset = Dataset()
        named = bind_prefixes(dataset.graph(URIRef(graph_iri)))
        for triple in graph:
            named.add(triple)
        text = dataset.serialize(format=FORMATS[fmt])
    else:
        text = graph.serialize(format=FORMATS[fmt])
    if fmt in ("nt", "nq"):  # sorted lines: the same graph gives the same bytes
        text = "".join(sorted(set(text.splitlines(keepends=True)) - {"\n"}))
    return text
