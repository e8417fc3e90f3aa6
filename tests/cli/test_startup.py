"""Start-up: a run builds only the command it invokes; help, completion and `app` build all."""

from __future__ import annotations

import pytest

from cqc_rate import cli
from cqc_rate.cli import COMMANDS, build, command_name, invoked


def _names(app: object) -> list[str]:
    return [c.name for c in app.registered_commands]  # type: ignore[attr-defined]


def test_command_names_come_from_the_function_names() -> None:
    assert command_name("score.score") == "score"
    assert command_name("catalogue.service_types") == "service-types"


def test_a_run_builds_only_its_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("_CQC_RATE_COMPLETE", raising=False)
    assert invoked(["score", "samples/care-home.yaml", "--format", "json"]) == "score"
    assert invoked(["service-types"]) == "service-types"
    assert _names(build("score")) == ["score"]


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h"], ["--version"], ["scor", "x"], ["--install-completion"]])
def test_help_options_and_typos_build_every_command(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("_CQC_RATE_COMPLETE", raising=False)
    assert invoked(argv) is None


def test_completion_builds_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_CQC_RATE_COMPLETE", "complete_bash")
    assert invoked(["score"]) is None


def test_the_app_has_every_command_in_order() -> None:
    assert _names(cli.app) == [command_name(entry) for entry in COMMANDS]
