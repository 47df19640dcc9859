"""The command line, tested in-process through ``main(argv)``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import llmkg
from llmkg.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
CONTEXT = FIXTURES / "context.ttl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"llmkg {llmkg.__version__}"


def test_validate_packaged_graph(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert "violations: 0" in out
    assert "classes of the brief with members: 12" in out
    assert out.rstrip().endswith("conforms")


def test_validate_bad_fixture_names_focus_and_file(capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIXTURES / "shapes" / "SmallLanguageModel-totalParameters.ttl"
    code, out, _ = run(capsys, "validate", str(CONTEXT), str(bad))
    assert code == 1
    line = next(x for x in out.splitlines() if "SmallLanguageModel-totalParameters" in x)
    assert "model:bad" in line
    assert f"{bad}:" in line  # file and line of the focus node


def test_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = FIXTURES / "shapes" / "ExampleModel-label.ttl"
    output = tmp_path / "report.json"
    code, out, _ = run(capsys, "validate", str(CONTEXT), str(bad), "-f", "json", "-o", str(output))
    assert code == 1 and out == ""
    report = json.loads(output.read_text())
    assert report["conforms"] is False
    finding = next(f for f in report["findings"] if "ExampleModel-label" in f["rule"])
    assert finding["focus"] == "model:bad"
    assert finding["file"] == str(bad)
    assert finding["line"] == bad.read_text().splitlines().index("model:bad") + 1


def test_validate_syntax_error_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "oops .\n')
    code, out, _ = run(capsys, "validate", str(broken))
    assert code == 2
    assert f"({broken}:3)" in out
    assert "invalid Turtle" in out and "line 3 column 11" in out


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "nope.ttl"))
    assert code == 2
    assert "nope.ttl: no such file" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    assert "invalid choice" in err


def test_fmt_check_passes_on_packaged_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "fmt", "--check")[0] == 0


def test_fmt_rewrites_and_check_shows_diff(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "messy.ttl"
    shutil.copy(CONTEXT, path)
    code, out, _ = run(capsys, "fmt", "--check", str(path))
    assert code == 1
    assert out.startswith(f"--- {path}")
    assert path.read_text() == CONTEXT.read_text()  # --check changes nothing
    assert run(capsys, "fmt", str(path))[0] == 0
    assert run(capsys, "fmt", "--check", str(path))[0] == 0
    assert llmkg.load([path]).asserted.isomorphic(llmkg.load([CONTEXT]).asserted)


def test_fmt_leaves_unparsable_file_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.ttl"
    text = "@prefix ex: <http://example.org/> .\nex:a ex:b [ .\n"
    path.write_text(text)
    code, _, err = run(capsys, "fmt", str(path))
    assert code == 2
    assert str(path) in err
    assert path.read_text() == text


def test_query_classes_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "classes", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["label"] for r in rows][:3] == [
        "Chat & Conversational Model", "Reasoning & Logic Model", "Mixture of Experts (MoE) Model"
    ]
    assert len(rows) == 12
    for row in rows:
        assert row["class"].startswith("https://w3id.org/llmkg/ontology#")
        assert len(row["definition"]) > 40
        assert isinstance(row["members"], int) and row["members"] >= 2


def test_query_classes_csv_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "classes", "-f", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "class,label,definition,members"
    assert len(lines) == 13
    code, out, _ = run(capsys, "query", "classes")
    assert code == 0
    assert "Variational Autoencoder (VAE)" in out


def test_unknown_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "nope")
    assert code == 2
    assert "no canned query 'nope'" in err and "classes" in err


def test_queries_lists_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries")
    assert code == 0
    assert out.startswith("catalog\t") or "\ncatalog\t" in out
    assert "classes\tThe twelve classes" in out


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "llmkg", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"llmkg {llmkg.__version__}"
