"""Load the ontology and data, infer, and query: the ``KnowledgeGraph``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from llmkg import queries as catalogue
from llmkg import resources
from llmkg.errors import QueryError
from llmkg.inference import compile_rules, infer
from llmkg.namespaces import LLMKG, PREFIXES, RDF, bind_prefixes
from llmkg.parsing import parse_all, parse_turtle
from llmkg.results import Result, to_python


@dataclass(frozen=True)
class KnowledgeGraph:
    """The merged ontology and data (``asserted``) plus what inference adds (``graph``)."""

    asserted: Graph
    inferred: Graph
    origins: dict[Node, Path]
    files: tuple[Path, ...]

    @cached_property
    def graph(self) -> Graph:
        merged = bind_prefixes(Graph())
        merged += self.asserted
        merged += self.inferred
        return merged

    def __len__(self) -> int:
        return len(self.graph)

    def models(self) -> list[Node]:
        return sorted(set(self.graph.subjects(RDF.type, LLMKG.ExampleModel)))

    def queries(self) -> dict[str, catalogue.CannedQuery]:
        """The canned queries, by name."""
        return catalogue.catalogue()

    def query(self, name: str, /, **params: object) -> Result:
        """Run the canned query ``name`` with typed, engine-bound parameters."""
        canned = catalogue.get(name)
        return self._run(canned.text, canned.bindings(params), source=name)

    def sparql(self, text: str, /, **bindings: Node) -> Result:
        """Run an ad-hoc read-only SPARQL query."""
        return self._run(text, dict(bindings), source="query")

    def _run(self, text: str, bindings: dict[str, Node], source: str) -> Result:
        try:
            prepared = prepareQuery(text)
        except Exception as exc:
            raise QueryError(f"{source}: not a valid SPARQL query: {exc}") from None
        if prepared.algebra.name != "SelectQuery":
            raise QueryError(f"{source}: only SELECT queries are supported")
        rows = self.graph.query(
            prepared, initBindings={Variable(k): v for k, v in bindings.items()}
        )
        columns = tuple(str(v) for v in rows.vars or ())
        return Result(
            columns=columns,
            rows=tuple(tuple(to_python(row[c]) for c in columns) for row in rows),
        )


def _ontology() -> Graph:
    return parse_turtle(resources.ontology_file())


def load(paths: Iterable[Path | str] | None = None) -> KnowledgeGraph:
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
        asserted=asserted, inferred=infer(asserted, rules), origins=origins, files=files
    )


__all__ = ["PREFIXES", "KnowledgeGraph", "load"]
