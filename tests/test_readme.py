"""The README's Mermaid diagram is the one generated from the ontology, and its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from llmkg import resources
from llmkg.docs import mermaid_diagram
from llmkg.parsing import parse_file

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_diagram_is_current() -> None:
    blocks = re.findall(r"```mermaid\n(.*?)```", README, re.S)
    assert len(blocks) == 1
    assert blocks[0] == mermaid_diagram(parse_file(resources.ontology_file())).rstrip("\n") + "\n"


def test_readme_quick_start_and_chart() -> None:
    assert "make run" in README and "make test" in README
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / image).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
