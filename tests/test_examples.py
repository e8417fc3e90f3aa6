"""Every example in every command's help and in the README runs as written (issue 13):
from a fresh clone's top folder, with the files the examples name, without a usage error
or an internal error. Exit 1 only where the example asks for a threshold (--fail-under)."""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest

from cqc_rate.cli import COMMANDS, command_name

from .conftest import ROOT, run_cli

SYNOPSIS = re.compile(r"\[--|\bFILE\b|\bDIR\b|SERVICE_TYPE|\bKQ\b|\bDATE\b")


def _examples_in_help() -> list[tuple[str, str]]:
    out = []
    for command in COMMANDS:
        name = command_name(command)
        text = run_cli(name, "--help").stdout
        block = text.split("Examples:", 1)[1] if "Examples:" in text else ""
        lines = [line.strip(" │") for line in block.splitlines()]
        found = [line for line in lines if re.match(r"(cat \S+ \| )?cqc-rate ", line)]
        out += [(f"{name} --help", line) for line in found]
    return out


def _examples_in_readme() -> list[tuple[str, str]]:
    out, fence = [], None
    for n, line in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            fence = None if fence is not None else line[3:].strip()
            continue
        if fence not in ("", "bash", "sh", "console", "text"):
            continue
        command = re.sub(r"\s+#.*$", "", line.removeprefix("$ ").strip())
        command = re.sub(r"^COLUMNS=\d+ ", "", command)
        if re.match(r"(cat \S+ \| )?cqc-rate ", command) and not SYNOPSIS.search(command):
            out.append((f"README.md:{n}", command))
    return out


HELP_EXAMPLES = _examples_in_help()
README_EXAMPLES = _examples_in_readme()


def test_there_are_examples_everywhere() -> None:
    # Every command's help has examples (test_docs checks the heading); each is found here.
    assert {where.split()[0] for where, _ in HELP_EXAMPLES} == {command_name(c) for c in COMMANDS}
    assert len(README_EXAMPLES) >= 15


@pytest.mark.parametrize(("where", "example"), HELP_EXAMPLES + README_EXAMPLES,
                         ids=[f"{w}: {e}" for w, e in HELP_EXAMPLES + README_EXAMPLES])
def test_example_runs_as_written(where: str, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A copy of the clone's files the examples name, so what they write lands in tmp_path.
    for part in ("samples", "docs", "schemas"):
        shutil.copytree(ROOT / part, tmp_path / part)
    monkeypatch.chdir(tmp_path)
    stdin = None
    if example.startswith("cat "):  # `cat FILE | cqc-rate ... -`
        source, example = example[4:].split(" | ", 1)
        stdin = Path(source).read_text(encoding="utf-8")
    # `| head -13`, `| sed -n 5,8p`: what the README shows of the output; run the whole.
    example = re.sub(r" \| (head|sed) [^|]*$", "", example)
    words = shlex.split(example)
    target = None
    if ">" in words:  # `cqc-rate ... > FILE`
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    args: list[str] = []
    for word in words[1:]:  # the shell's globbing, as bash does it (sorted)
        args += sorted(glob.glob(word)) if "*" in word else [word]
    run = run_cli(*args, input=stdin)
    allowed = {0, 1} if "--fail-under" in args else {0}
    if "docs/examples/bad-draft.yaml" in args:  # the example of what invalid input gives
        allowed = {2}
    assert run.exit_code in allowed, (where, example, run.exit_code, run.stderr[-600:])
    assert "internal error" not in run.stderr
    assert run.stdout.strip() or target is None and "-o" in args, (where, example)
    if target is not None:
        Path(target).write_text(run.stdout, encoding="utf-8")
        assert Path(target).stat().st_size > 0


def _console_blocks() -> list[tuple[str, str, list[str]]]:
    """(where, command, the lines shown) for each ```console block of the README."""
    out, text = [], (ROOT / "README.md").read_text(encoding="utf-8")
    for match in re.finditer(r"```console\n\$ ([^\n]*)\n(.*?)```", text, flags=re.S):
        line = text[:match.start()].count("\n") + 2
        out.append((f"README.md:{line}", match.group(1), match.group(2).splitlines()))
    return out


@pytest.mark.parametrize(("where", "command", "shown"), _console_blocks(), ids=lambda v: str(v)[:60])
def test_readme_output_is_real(where: str, command: str, shown: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The output the README shows is what the command prints today, word for word (the
    # spacing between words is the renderer's: compared as words, at the width shown).
    monkeypatch.chdir(ROOT)
    width = re.match(r"COLUMNS=(\d+) ", command)
    command = re.sub(r"^COLUMNS=\d+ ", "", command)
    cut = re.search(r" \| (head -(\d+)|sed -n (\d+),(\d+)p)$", command)
    words = shlex.split(command[:cut.start()] if cut else command)
    from typer.testing import CliRunner

    from cqc_rate.cli import app

    env = {"COLUMNS": width.group(1) if width else "80", "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, words[1:], env=env, catch_exceptions=False)
    lines = (result.stdout + result.stderr).splitlines()
    if cut and cut.group(2):
        lines = lines[:int(cut.group(2))]
    elif cut:
        lines = lines[int(cut.group(3)) - 1:int(cut.group(4))]
    assert _words(lines) == _words(shown), where


def _words(lines: list[str]) -> list[list[str]]:
    # A scale's length is the column Rich gives it, which differs between Rich releases:
    # the marks are checked by the table tests; here only the words.
    return [[w for w in line.split() if w.strip("─├┼┤●◆┬┴│-+|*#")] for line in lines]
