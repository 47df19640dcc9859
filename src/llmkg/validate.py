"""Validate the knowledge graph in layers and report every finding, not only the first.

Layers, in order: ``syntax`` (every file parses), ``shapes`` (the shapes graph passes
SHACL-for-SHACL), ``data`` (SHACL on the data with llmkg's inferences), ``quality`` (ontology
pitfall and metadata checks, ``queries/checks/*.rq`` with ``#+ layer: quality``), ``owl``
(consistency by the HermiT reasoner, where owlready2 and Java are installed), ``consistency``
(data rules SHACL does not express cleanly, ``#+ layer: consistency``) and ``format`` (files are
canonical). Inputs are never modified."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.term import Node

from llmkg import resources
from llmkg.errors import InputError, LlmkgError, UsageError
from llmkg.graph import KnowledgeGraph, load
from llmkg.namespaces import LLMKG, RDF, SH
from llmkg.parsing import locate, parse_all, parse_file
from llmkg.results import to_python

LAYERS = ("syntax", "shapes", "data", "quality", "owl", "consistency", "format")


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
    layer: str = "data"


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]
    triples: int
    models: int
    classes: int

    layers: tuple[str, ...] = ("shapes", "data")

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


def _findings(
    graph: Graph, origins: dict[Node, Path], results: Graph, layer: str
) -> list[Finding]:
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        component = results.value(result, SH.sourceConstraintComponent)
        shape = results.value(result, SH.sourceShape)
        origin = origins.get(focus) if focus is not None else None
        focus_text = _short(graph, focus) or ""
        line = locate(origin, focus_text) if origin else None
        if origin and line is None and focus is not None:
            line = locate(origin, f"<{focus}>")
        rule = str(component).rsplit("#", 1)[-1] if component else "Constraint"
        if isinstance(shape, URIRef):
            rule = f"{_short(graph, shape)} ({rule})"
        findings.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                rule=rule,
                focus=focus_text,
                path=_short(graph, results.value(result, SH.resultPath)),
                value=_short(graph, results.value(result, SH.value)),
                message=str(results.value(result, SH.resultMessage) or ""),
                file=str(origin) if origin else None,
                line=line,
                layer=layer,
            )
        )
    return findings


def check_shapes(shapes: Graph) -> None:
    """Raise ``LlmkgError`` unless the shapes graph conforms to SHACL-for-SHACL."""
    findings = shapes_findings(shapes)
    if findings:
        details = "\n".join(f"{f.focus} {f.path or ''}: {f.message}" for f in findings)
        raise LlmkgError(f"the shapes graph is not valid SHACL:\n{details}")


def shapes_findings(shapes: Graph, origins: dict[Node, Path] | None = None) -> list[Finding]:
    """SHACL-for-SHACL (pySHACL's copy of the W3C shapes) run on the shapes graph."""
    meta = Graph().parse(resources_path("pyshacl", "assets/shacl-shacl.ttl"), format="turtle")
    _, results, _ = pyshacl.validate(shapes, shacl_graph=meta, inference="none")
    return _findings(shapes, origins or {}, results, layer="shapes")


def resources_path(package: str, name: str) -> str:
    from importlib.resources import files

    return str(files(package).joinpath(name))


def data_findings(kg: KnowledgeGraph, shapes: Graph) -> list[Finding]:
    _, results, _ = pyshacl.validate(
        kg.graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return _findings(kg.graph, kg.origins, results, layer="data")


def _summary(kg: KnowledgeGraph) -> tuple[int, int, int]:
    brief_classes = set(kg.graph.subjects(LLMKG.briefOrder, None))
    populated = {c for c in brief_classes if (None, RDF.type, c) in kg.graph}
    return len(kg.graph), len(kg.models()), len(populated)


def _report(findings: list[Finding], kg: KnowledgeGraph | None, layers: tuple[str, ...]) -> Report:
    triples, models, classes = _summary(kg) if kg is not None else (0, 0, 0)
    def key(f: Finding) -> tuple[object, ...]:
        return (LAYERS.index(f.layer), f.file or "", f.line or 0, f.focus, f.rule, f.message)

    ordered = sorted(findings, key=key)
    return Report(
        conforms=not any(f.severity == "Violation" for f in ordered),
        findings=tuple(ordered),
        triples=triples,
        models=models,
        classes=classes,
        layers=layers,
    )


def validate_graph(kg: KnowledgeGraph, shapes: Graph | None = None) -> Report:
    """Validate an already loaded knowledge graph against the packaged (or given) shapes."""
    shapes_graph = shapes if shapes is not None else parse_file(resources.shapes_file())
    check_shapes(shapes_graph)
    return _report(data_findings(kg, shapes_graph), kg, ("shapes", "data"))


def select_layers(only: Iterable[str] = (), skip: Iterable[str] = ()) -> tuple[str, ...]:
    only, skip = tuple(only), tuple(skip)
    unknown = sorted((set(only) | set(skip)) - set(LAYERS))
    if unknown:
        raise UsageError(f"unknown layer {', '.join(unknown)}; layers: {', '.join(LAYERS)}")
    return tuple(x for x in LAYERS if (not only or x in only) and x not in skip)


def validate(
    paths: Iterable[Path | str] | None = None,
    *,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    shapes: Iterable[Path | str] = (),
) -> Report:
    """Load (the packaged graph, or the RDF at ``paths``), infer and validate, layer by layer.

    ``shapes`` adds shapes files of your own to llmkg's. Every layer's findings are reported;
    a file that does not parse stops the layers that need the merged graph.
    """
    from llmkg import checks, fmt, owl

    layers = select_layers(only, skip)
    own = paths is None
    data_files = (
        resources.data_files() if own else resources.turtle_files([Path(p) for p in paths or ()])
    )
    shape_files = [resources.shapes_file(), *(Path(s) for s in shapes)]
    files = [resources.ontology_file(), *shape_files, *data_files]
    findings: list[Finding] = []
    for path in files:  # syntax, always: nothing else can run on a file that does not parse
        try:
            parse_file(path)
        except InputError as exc:
            where = ":".join(str(x) for x in (exc.path, exc.line, exc.column) if x)
            findings.append(
                Finding("Violation", "syntax", where, None, None, exc.reason,
                        str(exc.path), exc.line, layer="syntax")
            )
    if findings:
        return _report(findings, None, layers)
    kg = load(None if own else data_files)
    shapes_graph, shape_origins = parse_all(shape_files)
    if "shapes" in layers:
        findings += shapes_findings(shapes_graph, shape_origins)
    if "data" in layers and not findings:
        findings += data_findings(kg, shapes_graph)
    for layer in ("quality", "consistency"):
        if layer in layers:
            findings += checks.run(kg, layer)
    if "owl" in layers:
        findings += owl.findings(kg)
    if "format" in layers:
        severity = "Violation" if own else "Warning"
        for path in (f for f in files if f.suffix == ".ttl"):
            try:
                problem = "the file is not canonical Turtle; run `llmkg fmt`" if fmt.check(
                    path) else None
            except InputError as exc:
                problem = exc.reason
            if problem:
                findings.append(
                    Finding(severity, "format", str(path), None, None, problem, str(path), 1,
                            layer="format")
                )
    return _report(findings, kg, layers)


__all__ = [
    "LAYERS", "Finding", "Report", "check_shapes", "select_layers", "to_python", "validate",
    "validate_graph",
]
