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


def test_changelog_keeps_a_changelog():
    # [Unreleased] first, then each release with its date, newest first; under each, at most
    # one Added, Changed, Deprecated, Removed, Fixed and Security, in that order.
    import re

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (.+)$", text, flags=re.M)
    assert releases[0] == "[Unreleased]"
    dated = [re.fullmatch(r"\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})", r) for r in releases[1:]]
    assert dated and all(dated), releases
    assert [m.group(2) for m in dated] == sorted((m.group(2) for m in dated), reverse=True)
    order = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]
    for part in re.split(r"^## .+$", text, flags=re.M)[1:]:
        sections = re.findall(r"^### (.+)$", part, flags=re.M)
        assert sections == sorted(set(sections), key=order.index), sections


def test_every_public_function_is_in_the_readme():
    import cqc_rate

    for name in cqc_rate.__all__:
        if callable(getattr(cqc_rate, name)) and name[0].islower():
            assert f"cqc_rate.{name}(" in README, name


def test_the_readme_python_example_runs_as_written():
    import doctest

    block = README.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    test = doctest.DocTestParser().get_doctest(block, {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        runner.run(test)
    finally:
        os.chdir(here)
    assert runner.failures == 0 and runner.tries > 5


def test_the_project_stands_alone():
    """Code, tests and docs never point to files outside the repository."""
    # Spelt in pieces, so that this test does not find itself (or trip a grep for them).
    shared, design = "sha" + "red", "DES" + "IGN"
    outside = (f"../{shared}", f"{shared}/{design}", f"{shared}/reference", f"{design}.md", f"{design} §")
    for path in [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("cqc_rate/**/*.py"),
                 *ROOT.glob("cqc_rate/**/*.yaml"), *ROOT.glob("tests/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not [o for o in outside if o in text], path
