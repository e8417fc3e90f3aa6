"""Example-file acceptance tests (check-jsonschema style).

- ``cases/valid/**/NAME.yaml`` with ``NAME.expected.json``: the file is scored
  (``score --format json``, or ``aggregate`` for files under a ``location``
  folder), exits 0, and every key in the expected JSON matches the output
  (a subset match: the expected file names only what was computed by hand).
- ``cases/invalid/**/NAME.yaml`` with ``NAME.expected.txt``: exits 2 and
  stderr is exactly the expected lines, with ``FILE`` standing for the path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import CASES, run_cli

VALID = sorted((CASES / "valid").rglob("*.yaml"))
INVALID = sorted((CASES / "invalid").rglob("*.yaml"))


def _command(path: Path) -> str:
    return "aggregate" if "location" in path.relative_to(CASES).parts[1:-1] else "score"


def assert_subset(expected, actual, where="$"):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a mapping, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}: missing key {key!r}"
            assert_subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict) and "id" in expected[0]:
        by_id = {item.get("id"): item for item in actual}
        for item in expected:
            assert item["id"] in by_id, f"{where}: no item with id {item['id']!r}"
            assert_subset(item, by_id[item["id"]], f"{where}[{item['id']}]")
    else:
        assert expected == actual, f"{where}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(CASES / "valid")))
def test_valid_case(path: Path) -> None:
    expected_path = path.with_suffix(".expected.json")
    assert expected_path.exists(), f"{expected_path.name} is missing"
    run = run_cli(_command(path), path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert_subset(json.loads(expected_path.read_text(encoding="utf-8")), run.json())


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(CASES / "invalid")))
def test_invalid_case(path: Path) -> None:
    expected_path = path.with_suffix(".expected.txt")
    assert expected_path.exists(), f"{expected_path.name} is missing"
    run = run_cli(_command(path), path, "--format", "json")
    assert run.exit_code == 2, run.stdout
    expected = expected_path.read_text(encoding="utf-8").replace("FILE", str(path)).strip().splitlines()
    assert run.stderr.strip().splitlines() == expected
    assert "Traceback" not in run.stderr
