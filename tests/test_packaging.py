"""The wheel carries the ontology, data and queries, and works without a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (path,) = out.glob("llmkg-*.whl")
    return path


def test_wheel_contains_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "llmkg/_data/ontology/llmkg.ttl" in names
    assert "llmkg/_data/ontology/shapes.ttl" in names
    assert "llmkg/_data/queries/classes.rq" in names
    assert "llmkg/py.typed" in names
    shipped = {n for n in names if n.startswith("llmkg/_data/data/") and n.endswith(".ttl")}
    in_repo = {f"llmkg/_data/{p.relative_to(ROOT)}" for p in (ROOT / "data").rglob("*.ttl")}
    assert shipped == in_repo


def test_installed_wheel_validates_without_checkout(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = (
        "import llmkg, llmkg.resources as r; "
        "print(r.root()); print(llmkg.validate().conforms)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")}, check=False,
    )
    assert done.returncode == 0, done.stderr
    root, conforms = done.stdout.split()
    assert root == str(tmp_path / "site" / "llmkg" / "_data")
    assert conforms == "True"
