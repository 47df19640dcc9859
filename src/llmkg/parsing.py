"""Read Turtle files into rdflib graphs, turning every parser failure into an ``InputError``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from llmkg.errors import InputError
from llmkg.namespaces import bind_prefixes

_LINE = re.compile(r"at line (\d+)")
_WHY = re.compile(r"Bad syntax \((.*?)\) at \^", re.S)


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file; raise ``InputError`` naming the file and line on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    graph = bind_prefixes(Graph())
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        message = str(exc)
        line_match = _LINE.search(message)
        why_match = _WHY.search(message)
        if why_match:
            reason = why_match.group(1)
        else:
            reason = message.splitlines()[0] if message else type(exc).__name__
        line = int(line_match.group(1)) if line_match else None
        raise InputError(path, f"invalid Turtle: {reason}", line) from None
    return graph


def parse_all(paths: Iterable[Path]) -> tuple[Graph, dict[Node, Path]]:
    """Parse every file into one new graph and record, for each subject, the file defining it.

    All files are parsed before anything is merged, so a bad file leaves nothing half-loaded.
    """
    parsed = [(path, parse_turtle(path)) for path in paths]
    merged = bind_prefixes(Graph())
    origins: dict[Node, Path] = {}
    for path, graph in parsed:
        merged += graph
        for subject in graph.subjects(unique=True):
            origins.setdefault(subject, path)
    return merged, origins


def locate(path: Path, term: str) -> int | None:
    """The first line of ``path`` that starts with ``term`` (a prefixed name or ``<IRI>``)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        if line.startswith(term) and line[len(term) : len(term) + 1] in ("", " ", "\t"):
            return number
    return None
