"""Load the ontology and data, infer, and query: the ``KnowledgeGraph``."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from llmkg import limits, resources
from llmkg import queries as catalogue
from llmkg.backends import ENGINES, Backend
from llmkg.errors import QueryError, UsageError
from llmkg.inference import compile_rules, infer
from llmkg.namespaces import LLMKG, PREFIXES, RDF, bind_prefixes
from llmkg.parsing import parse_all
from llmkg.results import Result


@dataclass(frozen=True)
class KnowledgeGraph:
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

    def queries(self) -> dict[str, catalogue.CannedQuery]:
        """The canned queries, by name."""
        return catalogue.catalogue()

    def query(self, name: str, /, **params: object) -> Result:
        """Run the canned query ``name`` with typed, engine-bound parameters."""
        canned = catalogue.get(name)
        result = self._run(canned.text, canned.bindings(params))
        return canned.normalise(result)

    def sparql(self, text: str, /, **bindings: Node) -> Result:
        """Run an ad-hoc read-only SELECT query; ``bindings`` are RDF terms to bind."""
        catalogue.check_select(text)
        return self._run(text, dict(bindings))

    def _run(self, text: str, bindings: dict[str, Node | None]) -> Result:
        query = catalogue.with_values(text, bindings)
        outcome: list[object] = []

        def work() -> None:
            try:
                outcome.append(self.backend.select(query, limits.max_rows()))
            except BaseException as exc:  # handed to the caller below
                # Drop the traceback here: its frames hold engine objects (pyoxigraph's
                # solutions) that must be freed on the thread that made them.
                outcome.append(exc.with_traceback(None))

        # A daemon thread: a query that outlives its timeout cannot keep the process alive.
        worker = threading.Thread(target=work, name="llmkg-query", daemon=True)
        worker.start()
        worker.join(limits.query_timeout())
        if not outcome:
            raise QueryError(
                f"the query ran longer than {limits.query_timeout():g} s (LLMKG_QUERY_TIMEOUT)"
            )
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        columns, rows = outcome[0]  # type: ignore[misc]
        return Result(columns=columns, terms=tuple(rows))


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
