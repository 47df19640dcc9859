"""The semantic diff between two versions: data folders, a release folder, a checkout."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Literal

import llmkg
from llmkg.cli import main
from llmkg.diff import (
    CLASSES_FACT,
    Diff,
    FactChange,
    ModelChange,
    Term,
    render_json,
    render_markdown,
    render_text,
    semantic_diff,
)
from llmkg.errors import InputError
from llmkg.fmt import canonical
from llmkg.namespaces import LLMKG, MODEL, OWL, RDF, RDFS
from llmkg.parsing import parse_file
from llmkg.release import build_release

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
OLD, NEW = FIXTURES / "old", FIXTURES / "new"

GOOD_CHANGES = (
    FactChange(
        CLASSES_FACT,
        ("Chat & Conversational Model", "Small Language Model (SLM)"),
        ("Chat & Conversational Model", "Long-Context Model", "Small Language Model (SLM)",
         "Tool-Use & Agentic Model"),
    ),
    FactChange("llmkg:capability", ("cap:dialogue",), ("cap:dialogue", "cap:function-calling")),
    FactChange("llmkg:contextWindow", ("8192",), ("131072",)),
    FactChange("llmkg:trainingTokens", (), ("2000000000000",)),
    FactChange(
        "llmkg:trainingTokens statement", ("status:undisclosed",),
        ("status:confirmed 2000000000000",),
    ),
)


def _model(slug: str, label: str) -> Term:
    return Term(str(MODEL[slug]), f"model:{slug}", label)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.ttl")}


@pytest.fixture(scope="module")
def diff() -> Diff:
    before = _digests(FIXTURES)
    result = semantic_diff(OLD, NEW)
    assert _digests(FIXTURES) == before  # inputs are not modified
    return result


def test_models_added_and_removed(diff: Diff) -> None:
    assert diff.models_added == (_model("newcomer", "Newcomer model"),)
    assert diff.models_removed == (_model("retired", "Retired model"),)


def test_facts_changed_with_old_and_new_values(diff: Diff) -> None:
    assert diff.models_changed == (ModelChange(_model("good", "Good model"), GOOD_CHANGES),)


def test_same_ontology_means_no_term_changes(diff: Diff) -> None:
    assert (diff.classes_added, diff.classes_removed) == ((), ())
    assert (diff.properties_added, diff.properties_removed) == ((), ())


def test_identical_versions_have_no_differences() -> None:
    same = semantic_diff(OLD, OLD)
    assert same.empty
    assert render_text(same) == f"llmkg diff {OLD} {OLD}\nno differences\n"
    assert render_markdown(same).endswith("No differences.\n")


def test_release_folder_against_data_folder(tmp_path: Path, diff: Diff) -> None:
    release = tmp_path / "release"
    build_release(llmkg.load([OLD]), release, "0.0.1")
    from_release = semantic_diff(release, NEW)
    assert from_release.models_added == diff.models_added
    assert from_release.models_removed == diff.models_removed
    assert from_release.models_changed == diff.models_changed
    assert from_release.empty is False


def _checkout(tmp_path: Path) -> Path:
    """A source checkout whose ontology drops the VAE class and adds a class and a property."""
    ontology = parse_file(llmkg.load([OLD]).files[0])
    vae = LLMKG.VariationalAutoencoder
    for triple in list(ontology.triples((vae, None, None))):
        ontology.remove(triple)
    ontology.add((LLMKG.WorldModel, RDF.type, OWL.Class))
    ontology.add((LLMKG.WorldModel, RDFS.label, Literal("world model", lang="en")))
    ontology.add((LLMKG.parameterPrecision, RDF.type, OWL.DatatypeProperty))
    root = tmp_path / "checkout"
    (root / "ontology").mkdir(parents=True)
    (root / "ontology" / "llmkg.ttl").write_text(canonical(ontology), encoding="utf-8")
    shutil.copytree(NEW, root / "data")
    return root


def test_ontology_terms_added_and_removed(tmp_path: Path) -> None:
    result = semantic_diff(NEW, _checkout(tmp_path))
    assert result.classes_added == (
        Term(str(LLMKG.WorldModel), "llmkg:WorldModel", "world model"),
    )
    assert [t.name for t in result.classes_removed] == ["llmkg:VariationalAutoencoder"]
    assert [t.name for t in result.properties_added] == ["llmkg:parameterPrecision"]
    assert result.properties_removed == ()
    assert (result.models_added, result.models_removed, result.models_changed) == ((), (), ())


def test_render_text(diff: Diff) -> None:
    text = render_text(diff)
    assert text.splitlines()[:7] == [
        f"llmkg diff {OLD} {NEW}",
        "models added (1):",
        "  + model:newcomer  Newcomer model",
        "models removed (1):",
        "  - model:retired  Retired model",
        "models changed (1):",
        "  ~ model:good  Good model",
    ]
    assert "      llmkg:contextWindow: 8192 -> 131072\n" in text
    assert "      llmkg:trainingTokens: (none) -> 2000000000000\n" in text


def test_render_markdown(diff: Diff) -> None:
    text = render_markdown(diff)
    added = "## Models added (1)\n\n| IRI | label |\n|---|---|\n| model:newcomer | Newcomer model |"
    assert added in text
    assert "| model:good (Good model) | llmkg:contextWindow | 8192 | 131072 |" in text
    hostile = Diff("a|b", "c", models_added=(Term("x", "model:x", "A | B <b>"),))
    assert "| model:x | A \\| B &lt;b&gt; |" in render_markdown(hostile)


def test_render_json(diff: Diff) -> None:
    data = json.loads(render_json(diff))
    assert data["empty"] is False
    assert data["models_added"] == [
        {"iri": str(MODEL.newcomer), "name": "model:newcomer", "label": "Newcomer model"}
    ]
    assert data["models_changed"][0]["facts"][2] == {
        "fact": "llmkg:contextWindow", "old": ["8192"], "new": ["131072"]
    }


def test_missing_side_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        semantic_diff(tmp_path / "nowhere", NEW)


def test_cli_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    if main(["diff", "--help"]) != 0:
        pytest.skip("`llmkg diff` is not wired into cli.py yet")
    capsys.readouterr()
    assert main(["diff", str(OLD), str(NEW)]) == 0
    assert "~ model:good  Good model" in capsys.readouterr().out
    assert main(["diff", str(OLD), str(NEW), "--exit-code", "-f", "markdown"]) == 1
    assert main(["diff", str(OLD), str(OLD), "--exit-code"]) == 0
    output = tmp_path / "diff.json"
    assert main(["diff", str(OLD), str(NEW), "-f", "json", "-o", str(output)]) == 0
    assert json.loads(output.read_text(encoding="utf-8"))["empty"] is False
