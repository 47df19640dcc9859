"""Every shipped Turtle file parses and is byte-for-byte canonical."""

from pathlib import Path

import pytest

from llmkg import resources
from llmkg.fmt import check

FILES = resources.all_turtle_files()


def test_files_are_found() -> None:
    names = {p.name for p in FILES}
    assert {"llmkg.ttl", "shapes.ttl", "licenses.ttl"} <= names
    assert len([p for p in FILES if p.parent.name == "models"]) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_canonical(path: Path) -> None:
    assert check(path) == ""
