"""Canonical Turtle: rdflib ``longturtle`` with ``canon=True``, written atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path

from rdflib import Graph

from llmkg.parsing import parse_turtle


def canonical(graph: Graph) -> str:
    """The canonical Turtle text of ``graph`` (blank nodes relabelled deterministically)."""
    text = graph.serialize(format="longturtle", canon=True)
    return text if text.endswith("\n") else text + "\n"


def check(path: Path) -> str:
    """A unified diff from the file to its canonical form; empty when it is canonical."""
    current = path.read_text(encoding="utf-8")
    wanted = canonical(parse_turtle(path))
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


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` through a temporary file and a rename."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def rewrite(path: Path) -> bool:
    """Rewrite ``path`` canonically if needed; return whether it changed. A file that does not
    parse raises ``InputError`` and is left untouched."""
    wanted = canonical(parse_turtle(path))
    if path.read_text(encoding="utf-8") == wanted:
        return False
    write_atomic(path, wanted)
    return True
