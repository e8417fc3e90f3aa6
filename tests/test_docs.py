"""Every command is documented: in the README, and with help text and examples."""

import pytest

from cqc_rate.cli import app

from .conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands)


def test_there_are_commands():
    assert {"score", "statements", "service-types"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme(command):
    assert f"cqc-rate {command}" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_examples(command):
    run = run_cli(command, "--help")
    assert run.exit_code == 0
    assert "Examples:" in run.stdout


def test_readme_quickstart_is_two_commands():
    quick = README.split("## Quickstart", 1)[1].split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(quick) == 2
    assert "cqc-rate score samples/" in quick[0]
    assert quick[1] == "python -m pytest -W error"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest -W error" in ci


def test_changelog_has_unreleased_section():
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
