"""Class 9 (issue 17, item 10): problems located at the key whatever it reads as;
the same order in every run; non-UTF-8 file names in valid JSON; no Python repr
(datetime.date(...), b'...') in any message."""

from __future__ import annotations

import json
import os

import pytest

from cqc_rate.engine import check_document
from cqc_rate.inputs import reader
from cqc_rate.problems import InputError, Problem, problem_order

from ..conftest import run_cli
from .conftest import process

TEXT = """\
service: {name: A, type: gp}
2025-01-01: x
scores:
  safe:
    1.0e1: 3
    2025-01-02: 3
    learning-culture: !!binary AwM=
"""


def test_problems_are_located_at_their_keys_and_say_no_python_repr():
    with pytest.raises(InputError) as info:
        check_document(reader.parse("f.yaml", TEXT))
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "f.yaml:2:1: unknown key '2025-01-01': expected one of service, assessment, history, existing_ratings, "
        "existing_scores, scores, ratings",
        "f.yaml:5:5: unknown quality statement '1.0e1'; `cqc-rate statements` lists them",
        # YAML reads the key as a date; Pydantic names it datetime.date(2025, 1, 2): found at its line all the same.
        "f.yaml:6:5: unknown quality statement 2025-01-02; `cqc-rate statements` lists them",
        "f.yaml:7:23: score must be a whole number from 1 to 4, got binary data (!!binary)",
    ]
    assert not any("datetime" in line or "b'" in line for line in lines)


def test_problems_at_one_place_are_ordered_by_message():
    a, b = Problem("f", "b second", 1, 1), Problem("f", "a first", 1, 1)
    assert sorted({a, b}, key=problem_order) == [b, a]


def test_the_order_is_the_same_whatever_the_hash_seed(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("service: {name: A, type: gp, x: 1, y: 2, z: 3}\n"
                    "scores: {safe: {a: 9, b: 9, c: 0x3, learning-culture: 7}}\n", encoding="utf-8")
    runs = {process("validate", str(path), env={"PYTHONHASHSEED": seed}).stderr for seed in ("1", "2", "3")}
    assert len(runs) == 1


def test_a_file_name_that_is_not_utf8_gives_valid_json(tmp_path):
    name = os.fsdecode(b"caf\xe9.yaml")  # Latin-1 bytes: Python keeps them as surrogates
    (tmp_path / name).write_text("service: {name: A}\n", encoding="utf-8")
    run = run_cli("validate", tmp_path, "--format", "json")
    assert run.exit_code == 2
    [entry] = json.loads(run.stdout)
    assert entry["file"] == f"{tmp_path}/caf\\xe9.yaml"  # the byte shown as \xe9, as in messages
    assert entry["problems"][0]["message"] == "missing required key 'type' in service"
