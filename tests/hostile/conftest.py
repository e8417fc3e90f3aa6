"""Helpers for the hostile-input suite (issue 17): the CLI in a real process, where
what is tested is the process's own streams (closed, full, unencodable), and files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cqc_rate.inputs import reader

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
service: {name: Rosewood House, type: gp}
assessment: {date: 2025-03-14}
scores:
  safe: {learning-culture: 3, safe-systems-pathways-and-transitions: 3}
"""


def process(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """`cqc-rate ARGS` in its own process (python -m cqc_rate), text out and err."""
    full = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", **(env or {})}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "cqc_rate", *args], env=full, text=True,
                          errors="backslashreplace", timeout=60, **kwargs)  # type: ignore[call-overload]


@pytest.fixture(autouse=True)
def _default_policy():
    """Each test starts (and ends) with nothing allowed beyond the files named."""
    reader.POLICY.allow_outside = reader.POLICY.follow_links = False
    reader.REFUSED.clear()
    yield
    reader.POLICY.allow_outside = reader.POLICY.follow_links = False
    reader.REFUSED.clear()
