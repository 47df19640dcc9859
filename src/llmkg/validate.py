"""Validate the knowledge graph: shapes checked against SHACL-for-SHACL, then the inferred data
against the shapes. Returns a ``Report``; inputs are never modified."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.term import Node

from llmkg import resources
from llmkg.errors import LlmkgError
from llmkg.graph import KnowledgeGraph, load
from llmkg.namespaces import LLMKG, RDF, SH
from llmkg.parsing import locate, parse_file
from llmkg.results import to_python


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    focus: str
    path: str | None
    value: str | None
    message: str
    file: str | None
    line: int | None


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]
    triples: int
    models: int
    classes: int

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")


def _short(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    try:
        return node.n3(graph.namespace_manager)
    except Exception:
        return str(node)


def _findings(kg: KnowledgeGraph, results: Graph) -> list[Finding]:
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        component = results.value(result, SH.sourceConstraintComponent)
        shape = results.value(result, SH.sourceShape)
        origin = kg.origins.get(focus) if focus is not None else None
        focus_text = _short(kg.graph, focus) or ""
        line = locate(origin, focus_text) if origin else None
        if origin and line is None and focus is not None:
            line = locate(origin, f"<{focus}>")
        rule = str(component).rsplit("#", 1)[-1] if component else "Constraint"
        if isinstance(shape, URIRef):
            rule = f"{_short(kg.graph, shape)} ({rule})"
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                rule=rule,
                focus=focus_text,
                path=_short(kg.graph, results.value(result, SH.resultPath)),
                value=_short(kg.graph, results.value(result, SH.value)),
                message=str(results.value(result, SH.resultMessage) or ""),
                file=str(origin) if origin else None,
                line=line,
            )
        )
    return sorted(findings, key=lambda f: (f.file or "", f.line or 0, f.focus, f.rule, f.message))


def check_shapes(shapes: Graph) -> None:
    """Raise ``LlmkgError`` unless the shapes graph conforms to SHACL-for-SHACL."""
    from pyshacl.errors import ReportableRuntimeError

    try:
        pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True, inference="none")
    except ReportableRuntimeError as exc:
        raise LlmkgError(f"the shapes graph is not valid SHACL:\n{exc.message}") from None


def validate_graph(kg: KnowledgeGraph, shapes: Graph | None = None) -> Report:
    """Validate an already loaded knowledge graph against the packaged (or given) shapes."""
    shapes_graph = shapes if shapes is not None else parse_file(resources.shapes_file())
    check_shapes(shapes_graph)
    conforms, results, _ = pyshacl.validate(
        kg.graph,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    findings = _findings(kg, results)
    brief_classes = set(kg.graph.subjects(LLMKG.briefOrder, None))
    populated = {c for c in brief_classes if (None, RDF.type, c) in kg.graph}
    return Report(
        conforms=bool(conforms),
        findings=tuple(findings),
        triples=len(kg.graph),
        models=len(kg.models()),
        classes=len(populated),
    )


def validate(paths: Iterable[Path | str] | None = None) -> Report:
    """Load (the packaged graph, or the Turtle at ``paths``), infer and validate."""
    return validate_graph(load(paths))


__all__ = ["Finding", "Report", "check_shapes", "to_python", "validate", "validate_graph"]
