"""Validate the knowledge graph in layers and report every finding, not only the first.

Layers, in order: ``syntax`` (every file parses), ``shapes`` (the shapes graph passes
SHACL-for-SHACL), ``data`` (SHACL on the data with llmkg's inferences), ``quality`` (ontology
pitfall and metadata checks, ``queries/checks/*.rq`` with ``#+ layer: quality``), ``owl``
(consistency by the HermiT reasoner, where owlready2 and Java are installed), ``consistency``
(data rules SHACL does not express cleanly, ``#+ layer: consistency``) and ``format`` (files are
canonical). ``owl`` and ``format`` are slow (seconds on the shipped graph, minutes on a large
one), so they run only when asked for (``only=``, or ``llmkg validate --all``).

SHACL runs on llmkg's own engine (``llmkg.shacl``: the shapes compiled to SPARQL on the Oxigraph
store), which gives the same results as pySHACL; shapes outside the subset it compiles fall back
to pySHACL. Inputs are never modified."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from llmkg import resources, shacl
from llmkg.errors import InputError, LlmkgError, UsageError
from llmkg.graph import KnowledgeGraph, infer_into, input_files, read
from llmkg.parsing import locate, parse_file, read_all
from llmkg.queries import expand_curie
from llmkg.results import to_python

LAYERS = ("syntax", "shapes", "data", "quality", "owl", "consistency", "format")
SLOW_LAYERS = ("owl", "format")


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


def _node(text: str) -> URIRef | None:
    """The IRI a rendered focus node stands for (``<IRI>`` or a prefixed name of llmkg's)."""
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    expanded = expand_curie(text)
    return URIRef(expanded) if expanded != text else None


def _findings(
    results: Iterable[shacl.Result], origin: Callable[[Node], Path | None], layer: str
) -> list[Finding]:
    findings = []
    for result in results:
        node = _node(result.focus)
        path = origin(node) if node is not None else None
        line = locate(path, result.focus, f"<{node}>") if path else None
        rule = result.component
        if result.shape != "[]":  # a blank-node shape has no name to show
            rule = f"{result.shape} ({rule})"
        findings.append(
            Finding(severity=result.severity, rule=rule, focus=result.focus, path=result.path,
                    value=result.value, message=result.message,
                    file=str(path) if path else None, line=line, layer=layer)
        )
    return findings


def check_shapes(shapes: Graph) -> None:
    """Raise ``LlmkgError`` unless the shapes graph conforms to SHACL-for-SHACL."""
    findings = shapes_findings(shapes)
    if findings:
        details = "\n".join(f"{f.focus} {f.path or ''}: {f.message}" for f in findings)
        raise LlmkgError(f"the shapes graph is not valid SHACL:\n{details}")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "llmkg"


def shapes_findings(
    shapes: Graph, origins: dict[Node, Path] | None = None, files: Iterable[Path] = ()
) -> list[Finding]:
    """SHACL-for-SHACL (pySHACL's copy of the W3C shapes) run on the shapes graph.

    When the graph was read from ``files``, a pass is remembered (by a hash of the files' bytes
    and the llmkg and pySHACL versions) in ``$XDG_CACHE_HOME/llmkg``, so the 2-3 s check runs
    once per change; failures are never cached."""
    marker = _verdict(files) if files else None
    if marker is not None and marker.exists():
        return []
    meta = parse_file(Path(resources_path("pyshacl", "assets/shacl-shacl.ttl")))
    results = shacl.reference(shapes, meta)
    findings = _findings(results, (origins or {}).get, layer="shapes")
    if not findings and marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only home: check again next time
    return findings


def _verdict(files: Iterable[Path]) -> Path | None:
    """Where a passing SHACL-for-SHACL verdict on these files is remembered."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('llmkg')} {version('pyshacl')}".encode())
    try:
        for path in files:
            digest.update(b"\0" + path.read_bytes())
    except OSError:
        return None
    return _cache_dir() / f"shacl-shacl-{digest.hexdigest()}"


def resources_path(package: str, name: str) -> str:
    from importlib.resources import files

    return str(files(package).joinpath(name))


def data_findings(kg: KnowledgeGraph, shapes: Graph, reference: bool = False) -> list[Finding]:
    """SHACL on the graph with its inferences: llmkg's engine, or pySHACL with ``reference``
    (also used for shapes that llmkg's engine does not compile)."""
    results: list[shacl.Result] | None = None
    if not reference:
        try:
            results = shacl.run(shacl.compile_shapes(shapes), kg.store, union=True)
        except shacl.Unsupported:
            results = None
    if results is None:
        results = shacl.reference(kg.graph, shapes)
    return _findings(results, kg.origin, layer="data")


_SUMMARY = """
PREFIX llmkg: <https://w3id.org/llmkg/ontology#>
SELECT (COUNT(DISTINCT ?model) AS ?models) (COUNT(DISTINCT ?class) AS ?classes)
WHERE {
  { ?model a llmkg:ExampleModel }
  UNION
  { ?class llmkg:briefOrder ?order . FILTER EXISTS { ?member a ?class } }
}
"""


def _summary(kg: KnowledgeGraph) -> tuple[int, int, int]:
    _, rows = kg.backend.select(_SUMMARY, 1)
    models, classes = (int(to_python(x) or 0) for x in rows[0])
    return len(kg), models, classes


def _report(findings: list[Finding], kg: KnowledgeGraph | None, layers: tuple[str, ...]) -> Report:
    triples, models, classes = _summary(kg) if kg is not None else (0, 0, 0)

    def key(f: Finding) -> tuple[object, ...]:
        return (LAYERS.index(f.layer), f.file or "", f.line or 0, f.focus, f.rule, f.message)

    ordered = sorted(set(findings), key=key)
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


def select_layers(
    only: Iterable[str] = (), skip: Iterable[str] = (), every: bool = False
) -> tuple[str, ...]:
    """The layers to run: ``only`` these, or all but the slow ones (all with ``every``), minus
    ``skip``."""
    only, skip = tuple(only), tuple(skip)
    unknown = sorted((set(only) | set(skip)) - set(LAYERS))
    if unknown:
        raise UsageError(f"unknown layer {', '.join(unknown)}; layers: {', '.join(LAYERS)}")
    wanted = set(only) if only else set(LAYERS) if every else set(LAYERS) - set(SLOW_LAYERS)
    return tuple(x for x in LAYERS if x in wanted and x not in skip)


def _syntax(error: InputError) -> Finding:
    where = ":".join(str(x) for x in (error.path, error.line, error.column) if x)
    return Finding("Violation", "syntax", where, None, None, error.reason, str(error.path),
                   error.line, layer="syntax")


def _format_findings(files: Iterable[Path], severity: str) -> list[Finding]:
    from llmkg import fmt

    findings = []
    for path in (f for f in files if f.suffix == ".ttl"):
        try:
            problem = "the file is not canonical Turtle; run `llmkg fmt`" if fmt.check(
                path) else None
        except InputError as exc:
            problem = exc.reason
        if problem:
            findings.append(Finding(severity, "format", str(path), None, None, problem,
                                    str(path), 1, layer="format"))
    return findings


def validate(
    paths: Iterable[Path | str] | None = None,
    *,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    shapes: Iterable[Path | str] = (),
    every: bool = False,
) -> Report:
    """Load (the packaged graph, or the RDF at ``paths``), infer and validate, layer by layer.

    ``shapes`` adds shapes files of your own to llmkg's; ``every`` adds the slow layers (owl,
    format). Every layer's findings are reported; a file that does not parse stops the layers
    that need the merged graph. Each file is parsed once.
    """
    from llmkg import checks, owl

    layers = select_layers(only, skip, every)
    own = paths is None
    files = input_files(paths)
    shape_files = [resources.shapes_file(), *(Path(s) for s in shapes)]
    store, origins, errors = read(files)
    shapes_graph, shape_origins, shape_errors = read_all(shape_files)
    findings = [_syntax(e) for e in (*errors, *shape_errors)]
    if findings:  # nothing else can run on a file that does not parse
        return _report(findings, None, layers)
    infer_into(store)
    kg = KnowledgeGraph(store=store, origins=origins, files=files)
    if "shapes" in layers:
        findings += shapes_findings(shapes_graph, shape_origins, shape_files)
    if "data" in layers and not findings:
        findings += data_findings(kg, shapes_graph)
    for layer in ("quality", "consistency"):
        if layer in layers:
            findings += checks.run(kg, layer)
    if "owl" in layers:
        findings += owl.findings(kg)
    if "format" in layers:
        findings += _format_findings((*files[:1], *shape_files, *files[1:]),
                                     "Violation" if own else "Warning")
    return _report(findings, kg, layers)


__all__ = [
    "LAYERS", "SLOW_LAYERS", "Finding", "Report", "check_shapes", "select_layers", "to_python",
    "validate", "validate_graph",
]
