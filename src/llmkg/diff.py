"""A semantic diff between two versions of the graph: models added and removed, facts changed
per model, classes and properties added and removed in the ontology.

Each side is one of:

* a release folder (written by ``llmkg release``): its ``llmkg-*-asserted.ttl`` (and
  ``-inferred.ttl`` for class memberships);
* a source checkout (a folder with ``ontology/llmkg.ttl``): that ontology with the Turtle under
  its ``data/``;
* any other Turtle file or folder: data, loaded with llmkg's own ontology (``llmkg.load``).

Facts are compared as text, so blank nodes and literals that print alike compare equal. A fact
is the set of values of one ``llmkg:`` property of a model; a qualified statement counts as the
fact ``<property> statement`` with its status and value, so a change of status shows up even
though the statement keeps its IRI. Class memberships of the brief are compared after inference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from llmkg import resources
from llmkg.errors import InputError
from llmkg.graph import load
from llmkg.inference import compile_rules, infer
from llmkg.namespaces import LLMKG, OWL, PREFIXES, RDF, RDFS
from llmkg.parsing import parse_all, parse_file

PROPERTY_TYPES = (
    OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
)
CLASSES_FACT = "classes of the brief"


@dataclass(frozen=True)
class Term:
    """A model, class or property: its IRI, prefixed name and label."""

    iri: str
    name: str
    label: str


@dataclass(frozen=True)
class FactChange:
    """The values of one fact of a model before and after (empty when absent)."""

    fact: str
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class ModelChange:
    model: Term
    facts: tuple[FactChange, ...]


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    models_added: tuple[Term, ...] = ()
    models_removed: tuple[Term, ...] = ()
    models_changed: tuple[ModelChange, ...] = ()
    classes_added: tuple[Term, ...] = ()
    classes_removed: tuple[Term, ...] = ()
    properties_added: tuple[Term, ...] = ()
    properties_removed: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(
            (self.models_added, self.models_removed, self.models_changed, self.classes_added,
             self.classes_removed, self.properties_added, self.properties_removed)
        )


@dataclass(frozen=True)
class Side:
    """One version: its asserted triples and what inference adds."""

    asserted: Graph
    inferred: Graph

    def types(self, node: Node) -> set[Node]:
        return set(self.asserted.objects(node, RDF.type)) | set(
            self.inferred.objects(node, RDF.type)
        )


# --- reading a side ---------------------------------------------------------------------------


def _release_file(folder: Path, part: str) -> Path | None:
    found = sorted(folder.glob(f"llmkg-*-{part}.ttl"))
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise InputError(folder, f"more than one release in this folder ({names})")
    return found[0] if found else None


def _inferred(asserted: Graph) -> Graph:
    return infer(asserted, compile_rules(asserted))


def read_side(path: Path | str) -> Side:
    """Read one version of the graph from a release folder, a checkout, or data (see above)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir():
        asserted_file = _release_file(path, "asserted")
        if asserted_file is not None:
            asserted = parse_file(asserted_file)
            inferred_file = _release_file(path, "inferred")
            inferred = parse_file(inferred_file) if inferred_file else _inferred(asserted)
            return Side(asserted, inferred)
        ontology = path / "ontology" / "llmkg.ttl"
        if ontology.is_file():
            data = resources.turtle_files([path / "data"]) if (path / "data").is_dir() else []
            asserted, _ = parse_all([ontology, *data])
            return Side(asserted, _inferred(asserted))
    kg = load([path])
    return Side(kg.asserted, kg.inferred)


# --- showing terms ----------------------------------------------------------------------------


def _name(node: Node) -> str:
    text = str(node)
    best = max(
        (p for p, ns in PREFIXES.items() if text.startswith(str(ns))),
        key=lambda p: len(str(PREFIXES[p])),
        default=None,
    )
    return f"{best}:{text[len(str(PREFIXES[best])):]}" if best else f"<{text}>"


def show(node: Node) -> str:
    """A value as text: prefixed names for IRIs, the lexical form (with a language tag or an
    unusual datatype) for literals, ``[]`` for blank nodes."""
    if isinstance(node, URIRef):
        return _name(node)
    if isinstance(node, BNode):
        return "[]"
    if isinstance(node, Literal):
        if node.language:
            return f"{json.dumps(str(node), ensure_ascii=False)}@{node.language}"
        if node.datatype is None or str(node.datatype).endswith("#string"):
            return json.dumps(str(node), ensure_ascii=False)
        plain = ("#integer", "#decimal", "#double", "#boolean", "#date")
        if str(node.datatype).endswith(plain):
            return str(node)
        return f"{node}^^{_name(node.datatype)}"
    return str(node)


def _label(graph: Graph, node: Node) -> str:
    labels = sorted(
        graph.objects(node, RDFS.label),
        key=lambda x: (getattr(x, "language", None) != "en", str(x)),
    )
    return str(labels[0]) if labels else ""


def _term(graph: Graph, node: Node) -> Term:
    return Term(str(node), _name(node), _label(graph, node))


def _terms(graph: Graph, nodes: Iterable[Node]) -> tuple[Term, ...]:
    return tuple(_term(graph, n) for n in sorted(nodes, key=str))


# --- comparing --------------------------------------------------------------------------------


def _models(side: Side) -> set[Node]:
    return {m for m in side.asserted.subjects(RDF.type, LLMKG.ExampleModel)
            if isinstance(m, URIRef)}


def _statement(graph: Graph, node: Node) -> tuple[str, str]:
    about = graph.value(node, LLMKG.aboutProperty)
    status = graph.value(node, LLMKG.status)
    value = graph.value(node, LLMKG.statedValue) or graph.value(node, LLMKG.statedResource)
    since = graph.value(node, LLMKG.validFrom)
    text = show(status) if status is not None else "no status"
    if value is not None:
        text += f" {show(value)}"
    if since is not None:
        text += f" from {show(since)}"
    return f"{show(about) if about is not None else '?'} statement", text


def facts(side: Side, model: Node) -> dict[str, frozenset[str]]:
    """The facts of one model: each ``llmkg:`` property's values as text, each qualified
    statement's status and value, and the classes of the brief it is inferred to be in."""
    graph = side.asserted
    found: dict[str, set[str]] = {}
    for predicate, value in graph.predicate_objects(model):
        if not str(predicate).startswith(str(LLMKG)):
            continue
        if predicate == LLMKG.qualifiedStatement:
            key, text = _statement(graph, value)
        else:
            key, text = show(predicate), show(value)
        found.setdefault(key, set()).add(text)
    brief = {c for c in side.types(model) if (c, LLMKG.briefOrder, None) in graph}
    if brief:
        found[CLASSES_FACT] = {_label(graph, c) or show(c) for c in brief}
    return {key: frozenset(values) for key, values in found.items()}


def _model_change(old: Side, new: Side, model: Node) -> ModelChange | None:
    before, after = facts(old, model), facts(new, model)
    changes = tuple(
        FactChange(key, tuple(sorted(before.get(key, ()))), tuple(sorted(after.get(key, ()))))
        for key in sorted(set(before) | set(after))
        if before.get(key, frozenset()) != after.get(key, frozenset())
    )
    return ModelChange(_term(new.asserted, model), changes) if changes else None


def _declared(graph: Graph, kinds: Iterable[URIRef]) -> set[Node]:
    return {t for kind in kinds for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef)}


def compare(old: Side, new: Side, old_name: str = "old", new_name: str = "new") -> Diff:
    """The semantic differences from ``old`` to ``new``; neither is modified."""
    old_models, new_models = _models(old), _models(new)
    changed = [
        change
        for model in sorted(old_models & new_models, key=str)
        if (change := _model_change(old, new, model)) is not None
    ]
    classes = (_declared(old.asserted, [OWL.Class, RDFS.Class]),
               _declared(new.asserted, [OWL.Class, RDFS.Class]))
    props = _declared(old.asserted, PROPERTY_TYPES), _declared(new.asserted, PROPERTY_TYPES)
    return Diff(
        old=old_name,
        new=new_name,
        models_added=_terms(new.asserted, new_models - old_models),
        models_removed=_terms(old.asserted, old_models - new_models),
        models_changed=tuple(changed),
        classes_added=_terms(new.asserted, classes[1] - classes[0]),
        classes_removed=_terms(old.asserted, classes[0] - classes[1]),
        properties_added=_terms(new.asserted, props[1] - props[0]),
        properties_removed=_terms(old.asserted, props[0] - props[1]),
    )


def semantic_diff(old: Path | str, new: Path | str) -> Diff:
    """Compare two versions of the graph, each a release folder, a checkout, or data."""
    return compare(read_side(old), read_side(new), str(old), str(new))


# --- rendering --------------------------------------------------------------------------------


def _values(values: tuple[str, ...]) -> str:
    return ", ".join(values) if values else "(none)"


def _term_line(term: Term) -> str:
    return f"{term.name}" + (f"  {term.label}" if term.label else "")


def _sections(diff: Diff) -> list[tuple[str, str, tuple[Term, ...]]]:
    return [
        ("models added", "+", diff.models_added),
        ("models removed", "-", diff.models_removed),
        ("classes added", "+", diff.classes_added),
        ("classes removed", "-", diff.classes_removed),
        ("properties added", "+", diff.properties_added),
        ("properties removed", "-", diff.properties_removed),
    ]


def render_text(diff: Diff) -> str:
    """The diff for a terminal."""
    lines = [f"llmkg diff {diff.old} {diff.new}"]
    if diff.empty:
        return "\n".join([*lines, "no differences"]) + "\n"
    for title, sign, terms in _sections(diff)[:2]:
        if terms:
            lines.append(f"{title} ({len(terms)}):")
            lines += [f"  {sign} {_term_line(t)}" for t in terms]
    if diff.models_changed:
        lines.append(f"models changed ({len(diff.models_changed)}):")
        for change in diff.models_changed:
            lines.append(f"  ~ {_term_line(change.model)}")
            lines += [
                f"      {f.fact}: {_values(f.old)} -> {_values(f.new)}" for f in change.facts
            ]
    for title, sign, terms in _sections(diff)[2:]:
        if terms:
            lines.append(f"ontology {title} ({len(terms)}):")
            lines += [f"  {sign} {_term_line(t)}" for t in terms]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown table cell."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return escaped.replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _md_terms(title: str, terms: tuple[Term, ...]) -> list[str]:
    if not terms:
        return []
    rows = [f"| {_md(t.name)} | {_md(t.label)} |" for t in terms]
    return [f"## {title.capitalize()} ({len(terms)})", "", "| IRI | label |", "|---|---|",
            *rows, ""]


def render_markdown(diff: Diff) -> str:
    """The diff as Markdown, for a pull request or release notes."""
    lines = [f"# llmkg diff: {_md(diff.old)} → {_md(diff.new)}", ""]
    if diff.empty:
        return "\n".join([*lines, "No differences."]) + "\n"
    for title, _, terms in _sections(diff)[:2]:
        lines += _md_terms(title, terms)
    if diff.models_changed:
        lines += [f"## Models changed ({len(diff.models_changed)})", "",
                  "| model | fact | old | new |", "|---|---|---|---|"]
        for change in diff.models_changed:
            for f in change.facts:
                model = f"{_md(change.model.name)} ({_md(change.model.label)})"
                lines.append(
                    f"| {model} | {_md(f.fact)} | {_md(_values(f.old))} | {_md(_values(f.new))} |"
                )
        lines.append("")
    for title, _, terms in _sections(diff)[2:]:
        lines += _md_terms(f"ontology {title}", terms)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(diff: Diff) -> str:
    """The diff as JSON (the fields of ``Diff``)."""
    return json.dumps({**asdict(diff), "empty": diff.empty}, indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "Diff", "FactChange", "ModelChange", "Side", "Term", "compare", "facts", "read_side",
    "render_json", "render_markdown", "render_text", "semantic_diff", "show",
]
