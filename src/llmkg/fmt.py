"""Canonical Turtle: rdflib ``longturtle`` with ``canon=True``, written atomically."""

from __future__ import annotations

import difflib
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.term import Node

from llmkg.errors import InputError
from llmkg.outputs import write_bytes
from llmkg.parsing import parse_file, read_text


def canonical(graph: Graph) -> str:
    """The canonical Turtle text of ``graph`` (blank nodes relabelled deterministically)."""
    text = graph.serialize(format="longturtle", canon=True)
    return text if text.endswith("\n") else text + "\n"


MAX_NESTING = 64


def nesting_depth(graph: Graph) -> int:
    """How deeply blank nodes nest as objects (``[ … [ … ] ]`` is 2); cycles count as deep."""
    children: dict[Node, list[Node]] = {}
    nested: set[Node] = set()
    for s, o in graph.subject_objects():
        if isinstance(o, BNode):
            children.setdefault(s, []).append(o)
            nested.add(o)
    depth, frontier, seen = 0, [s for s in children if s not in nested], set()
    while frontier:
        frontier = [c for s in frontier for c in children.get(s, ()) if c not in seen]
        seen.update(frontier)
        depth += 1 if frontier else 0
    return depth if len(seen) == len(nested) else len(nested) + 1


def _canonical_file(path: Path) -> str:
    if path.suffix.lower() != ".ttl":
        raise InputError(path, "llmkg fmt rewrites Turtle (.ttl) files only")
    graph = parse_file(path)
    if nesting_depth(graph) > MAX_NESTING:
        raise InputError(
            path, f"blank nodes nested more than {MAX_NESTING} deep; fmt will not rewrite it"
        )
    return canonical(graph)


def check(path: Path) -> str:
    """A unified diff from the file to its canonical form; empty when it is canonical."""
    wanted = _canonical_file(path)
    current = read_text(path)
    if current == wanted:
        return ""
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            fromfile=str(path),
            tofile=f"{path} (canonical)",
        )
    )


def rewrite(path: Path) -> bool:
    """Rewrite ``path`` canonically if needed; return whether it changed. A file that does not
    parse raises ``InputError`` and is left untouched."""
    wanted = _canonical_file(path)
    if read_text(path) == wanted:
        return False
    write_bytes(path, wanted.encode("utf-8"))
    return True
