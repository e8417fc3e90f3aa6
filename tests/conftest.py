"""Shared fixtures: the CLI through Typer's runner with Rich's width pinned."""

from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from cqc_rate.cli import app

# In CI the property tests replay a fixed set of examples (the same on every run, so a
# green run here means a green CI); elsewhere they explore new ones each time.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CASES = Path(__file__).resolve().parent / "cases"

# Pinned so table output is the same on every terminal and in CI.
CLI_ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
    """`env`: variables over CLI_ENV's (a terminal that is not TERM=dumb, say)."""
    result = CliRunner().invoke(app, [str(a) for a in args], input=input, env={**CLI_ENV, **(env or {})},
                                catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) -> path of a dedented file in a temporary folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
