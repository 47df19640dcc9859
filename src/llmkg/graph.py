"""Load the ontology and data, infer, and query: the ``KnowledgeGraph``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from llmkg import queries as catalogue
from llmkg import resources
from llmkg.backends import ENGINES, Backend
from llmkg.errors import UsageError
from llmkg.inference import compile_rules, infer
from llmkg.namespaces import LLMKG, PREFIXES, RDF, bind_prefixes
from llmkg.parsing import parse_all


@dataclass(frozen=True)
class KnowledgeGraph(catalogue.QueryInterface):
    """The merged ontology and data (``asserted``) plus what inference adds (``inferred``).

    Queries run on ``engine``: ``"oxigraph"`` (default, fast) or ``"rdflib"`` (the reference).
    """

    asserted: Graph
    inferred: Graph
    origins: dict[Node, Path]
    files: tuple[Path, ...]
    engine: str = "oxigraph"

    @cached_property
    def graph(self) -> Graph:
        merged = bind_prefixes(Graph())
        merged += self.asserted
        merged += self.inferred
        return merged

    @cached_property
    def backend(self) -> Backend:
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}; choose from {', '.join(ENGINES)}")
        return ENGINES[self.engine](self.graph)

    def with_engine(self, engine: str) -> KnowledgeGraph:
        """The same graph, queried with another engine."""
        return replace(self, engine=engine)

    def __len__(self) -> int:
        return len(self.graph)

    def models(self) -> list[Node]:
        return sorted(set(self.graph.subjects(RDF.type, LLMKG.ExampleModel)))


def load(paths: Iterable[Path | str] | None = None, engine: str = "oxigraph") -> KnowledgeGraph:
    """Load the packaged ontology with the packaged data, or with the Turtle at ``paths``.

    ``paths`` may name files or folders (searched for ``*.ttl``). Nothing is returned unless
    every file parses; inputs are never modified.
    """
    data_files = (
        resources.data_files()
        if paths is None
        else resources.turtle_files([Path(p) for p in paths])
    )
    files = (resources.ontology_file(), *data_files)
    asserted, origins = parse_all(files)
    rules = compile_rules(asserted)
    return KnowledgeGraph(
        asserted=asserted,
        inferred=infer(asserted, rules),
        origins=origins,
        files=files,
        engine=engine,
    )


__all__ = ["PREFIXES", "KnowledgeGraph", "load"]
