"""Query engines behind one interface: ``select(query) -> (columns, rows of terms)``.

``OxigraphBackend`` (pyoxigraph, the default) and ``RdflibBackend`` (the reference) run the same
SPARQL over the same triples and must give the same answers; the test suite checks every canned
query on both. Parameters reach them as a ``VALUES`` block of terms (see ``queries.with_values``),
the one binding mechanism every SPARQL 1.1 engine, local or remote, understands.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from llmkg.errors import QueryError

Row = tuple[Node | None, ...]
Rows = tuple[tuple[str, ...], list[Row]]


class Backend(Protocol):
    name: str

    def select(self, query: str, max_rows: int) -> Rows: ...


def _capped(rows: Iterable[Row], max_rows: int) -> list[Row]:
    out = list(islice(rows, max_rows + 1))
    if len(out) > max_rows:
        raise QueryError(f"the query returned more than {max_rows} rows (LLMKG_MAX_ROWS)")
    return out


class RdflibBackend:
    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def select(self, query: str, max_rows: int) -> Rows:
        result = self._graph.query(query)
        columns = tuple(str(v) for v in result.vars or ())
        rows = (tuple(row[c] for c in columns) for row in result)  # type: ignore[index]
        return columns, _capped(rows, max_rows)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_oxigraph(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {term!r}")


def add_triples(graph: Graph, triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """Add Oxigraph triples (or quads, graph ignored) to an rdflib graph; return the graph."""
    for t in triples:
        graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
    return graph


def store_of(graph: Graph) -> ox.Store:
    """A new in-memory Oxigraph store holding a copy of an rdflib graph."""
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


class OxigraphBackend:
    """Queries an Oxigraph store; with ``union`` its default graph is the union of all graphs."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, union: bool = False) -> None:
        self._store = store
        self._union = union

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphBackend:
        """A backend over a new in-memory store holding a copy of an rdflib graph."""
        return cls(store_of(graph))

    @property
    def store(self) -> ox.Store:
        return self._store

    def select(self, query: str, max_rows: int) -> Rows:
        try:
            solutions = self._store.query(query, use_default_graph_as_union=self._union)
        except SyntaxError as exc:
            raise QueryError(f"not a valid SPARQL query: {exc}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT queries are supported")
        columns = tuple(v.value for v in solutions.variables)
        rows = (tuple(from_oxigraph(row[c]) for c in columns) for row in solutions)
        return columns, _capped(rows, max_rows)


ENGINE_NAMES = ("oxigraph", "rdflib")
