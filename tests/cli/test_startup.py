"""Start-up: a run builds only the command it invokes; help, completion and `app` build all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cqc_rate import cli
from cqc_rate.cli import COMMANDS, build, command_name, invoked

from ..conftest import ROOT


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


# A console-script run of `score`, in a fresh interpreter: which command modules it imported.
_RUN_SCORE = """
import sys
sys.argv = ["cqc-rate", *sys.argv[1:]]
from cqc_rate import cli
try:
    cli.main()
except SystemExit as exc:
    code = exc.code
names = sorted(m.rsplit(".", 1)[1] for m in sys.modules
               if m.startswith("cqc_rate.cli.") and m.rsplit(".", 1)[1] in {e.split(".")[0] for e in cli.COMMANDS})
print(code, " ".join(names), file=sys.__stderr__)
"""


def _console_run(*argv: str) -> tuple[str, list[str]]:
    run = subprocess.run([sys.executable, "-c", _RUN_SCORE, *argv], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    code, _, names = run.stderr.strip().splitlines()[-1].partition(" ")
    return code, names.split()


def test_a_console_run_imports_only_its_command_module() -> None:
    # `score` is in cli/score.py: of the nine command modules (COMMANDS), only that one is imported.
    code, names = _console_run("score", "samples/care-home.yaml", "--format", "json")
    assert (code, names) == ("0", ["score"])


def test_a_console_run_of_the_help_imports_every_command_module() -> None:
    # The app's help lists every command: the nine modules of COMMANDS are all imported.
    code, names = _console_run("--help")
    assert code == "0"
    assert names == sorted({entry.split(".")[0] for entry in COMMANDS})


# The collector's thresholds around a console-script run, and during its command.
_RUN_GC = """
import gc, sys
sys.argv = ["cqc-rate", "score", "samples/care-home.yaml", "--format", "json"]
from cqc_rate import cli, api
seen = []
score_file = api.score_each
def spy(*args, **kwargs):
    seen.append(gc.get_threshold()[0])
    return score_file(*args, **kwargs)
api.score_each = spy
before = gc.get_threshold()
try:
    cli.main()
except SystemExit:
    pass
print(before == gc.get_threshold(), seen, file=sys.__stderr__)
"""


def test_the_young_threshold_is_raised_for_the_command_only() -> None:
    from cqc_rate.cli.common import YOUNG_THRESHOLD

    run = subprocess.run([sys.executable, "-c", _RUN_GC], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.stderr.strip().splitlines()[-1] == f"True [{YOUNG_THRESHOLD}]"
