"""Find the ontology, shapes, data and queries that ship with llmkg.

In a wheel they live in ``llmkg/_data/``; in a source checkout (or an editable install) they are
the top-level ``ontology/``, ``data/`` and ``queries/`` folders of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE = Path(str(resources.files("llmkg")))


def root() -> Path:
    """The folder that holds ``ontology/``, ``data/`` and ``queries/``."""
    packaged = _PACKAGE / "_data"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE.parent.parent


def ontology_file() -> Path:
    return root() / "ontology" / "llmkg.ttl"


def shapes_file() -> Path:
    return root() / "ontology" / "shapes.ttl"


def data_dir() -> Path:
    return root() / "data"


def queries_dir() -> Path:
    return root() / "queries"


def turtle_files(paths: list[Path]) -> list[Path]:
    """Expand folders into the ``.ttl`` files below them, sorted; keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.ttl")))
        else:
            found.append(path)
    return found


def data_files() -> list[Path]:
    return turtle_files([data_dir()])


def all_turtle_files() -> list[Path]:
    """Every Turtle file that ships: ontology, shapes and data."""
    return [ontology_file(), shapes_file(), *data_files()]
