"""Load the ontology and data, infer, and query: the ``KnowledgeGraph``.

Files are parsed straight into an in-memory Oxigraph store: asserted triples in its default
graph, inferred ones in the graph ``inference.INFERRED`` (never a triple that is also asserted),
and queries read the union of the two. rdflib graphs of the same triples (``asserted``,
``inferred``, ``graph``) are built only when something asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from llmkg import queries as catalogue
from llmkg import resources
from llmkg.backends import (
    ENGINE_NAMES,
    Backend,
    OxigraphBackend,
    RdflibBackend,
    add_triples,
    from_oxigraph,
    store_of,
    to_oxigraph,
)
from llmkg.errors import InputError, UsageError
from llmkg.inference import INFERRED, compile_rules, saturate, schema
from llmkg.namespaces import PREFIXES, bind_prefixes
from llmkg.parsing import parse_quads

Origins = dict[ox.NamedNode | ox.BlankNode | ox.Triple, Path]


@dataclass(frozen=True)
class KnowledgeGraph(catalogue.QueryInterface):
    """The merged ontology and data with llmkg's inferences, in an Oxigraph ``store``.

    Queries run on ``engine``: ``"oxigraph"`` (default, fast) or ``"rdflib"`` (the reference).
    The store is never modified after ``load`` returns.
    """

    store: ox.Store = field(repr=False)
    origins: Origins = field(repr=False)
    files: tuple[Path, ...]
    engine: str = "oxigraph"

    def origin(self, node: Node) -> Path | None:
        """The file that first states something about ``node`` (as a subject)."""
        try:
            return self.origins.get(to_oxigraph(node))  # type: ignore[arg-type]
        except TypeError:
            return None

    def _rdflib(self, graph: ox.NamedNode | ox.DefaultGraph | None) -> Graph:
        return add_triples(bind_prefixes(Graph()),
                           self.store.quads_for_pattern(None, None, None, graph))

    @cached_property
    def asserted(self) -> Graph:
        """The triples of the files, as a new rdflib graph."""
        return self._rdflib(ox.DefaultGraph())

    @cached_property
    def inferred(self) -> Graph:
        """The triples inference added, as a new rdflib graph."""
        return self._rdflib(INFERRED)

    @cached_property
    def graph(self) -> Graph:
        """Asserted and inferred triples, as a new rdflib graph."""
        return self._rdflib(None)

    @cached_property
    def backend(self) -> Backend:
        if self.engine == "oxigraph":
            return OxigraphBackend(self.store, union=True)
        if self.engine == "rdflib":
            return RdflibBackend(self.graph)
        raise UsageError(f"unknown engine {self.engine!r}; choose from {', '.join(ENGINE_NAMES)}")

    def with_engine(self, engine: str) -> KnowledgeGraph:
        """The same graph, queried with another engine."""
        return replace(self, engine=engine)

    def __len__(self) -> int:
        return len(self.store)

    def models(self) -> list[Node]:
        query = ("SELECT DISTINCT ?m WHERE { ?m a <https://w3id.org/llmkg/ontology#ExampleModel> }")
        found = self.store.query(query, use_default_graph_as_union=True)
        return sorted(from_oxigraph(row[0]) for row in found)  # type: ignore[type-var]


def read(files: Iterable[Path]) -> tuple[ox.Store, Origins, list[InputError]]:
    """Parse every file into one new store; return it, each subject's first file, and the
    files that could not be read (when there are any, the store is incomplete: discard it)."""
    store = ox.Store()
    origins: Origins = {}
    errors: list[InputError] = []
    for path in files:
        subjects: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()

        def tap(quads: Iterator[ox.Quad], seen: set = subjects) -> Iterator[ox.Quad]:
            for quad in quads:
                seen.add(quad.subject)
                yield quad

        try:
            store.bulk_extend(tap(parse_quads(path)))
        except InputError as exc:
            errors.append(exc)
            continue
        for subject in subjects:
            origins.setdefault(subject, path)
    return store, origins, errors


def input_files(paths: Iterable[Path | str] | None) -> tuple[Path, ...]:
    """The ontology followed by the packaged data, or by the Turtle at ``paths``."""
    if paths is None:
        return (resources.ontology_file(), *resources.data_files())
    data = resources.turtle_files([Path(p) for p in paths])
    return (resources.ontology_file(), *data)


def infer_into(store: ox.Store) -> None:
    """Compile the inference rules from the store's own ontology triples and apply them."""
    saturate(store, compile_rules(schema(store)))


def from_graph(graph: Graph, engine: str = "oxigraph") -> KnowledgeGraph:
    """A knowledge graph of the triples of an rdflib graph (ontology included), with inferences."""
    store = store_of(graph)
    infer_into(store)
    return KnowledgeGraph(store=store, origins={}, files=(), engine=engine)


def load(paths: Iterable[Path | str] | None = None, engine: str = "oxigraph") -> KnowledgeGraph:
    """Load the packaged ontology with the packaged data, or with the Turtle at ``paths``.

    ``paths`` may name files or folders (searched for ``*.ttl``). Nothing is returned unless
    every file parses; inputs are never modified.
    """
    files = input_files(paths)
    store, origins, errors = read(files)
    if errors:
        raise errors[0]
    infer_into(store)
    return KnowledgeGraph(store=store, origins=origins, files=files, engine=engine)


__all__ = ["PREFIXES", "KnowledgeGraph", "from_graph", "input_files", "load", "read"]
