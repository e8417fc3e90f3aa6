"""The pre-commit hook (.pre-commit-hooks.yaml) runs `cqc-rate validate` on YAML files."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT, SAMPLES, run_cli


def hooks() -> dict:
    return {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_validate_hook_calls_the_installed_command() -> None:
    hook = hooks()["cqc-rate-validate"]
    assert hook["language"] == "python"
    program, command = hook["entry"].split()
    # (tomllib is Python 3.11+; the project supports 3.10, so read the script line directly)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^{re.escape(program)} = "cqc_rate.cli:main"$', pyproject, re.MULTILINE)
    assert command == "validate"


def test_validate_hook_picks_yaml_files() -> None:
    files = re.compile(hooks()["cqc-rate-validate"]["files"])
    assert files.search("assessments/rosewood.yaml") and files.search("a/b.yml")
    assert not files.search("README.md") and not files.search("notes.yaml.txt")


def test_hook_invocation_with_file_names_exits_0_on_valid_files() -> None:
    # pre-commit appends the staged file names to the entry.
    run = run_cli("validate", *sorted(SAMPLES.glob("*.yaml")))
    assert run.exit_code == 0, run.stderr
