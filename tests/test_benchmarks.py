"""The benchmark (benchmarks/): its files are valid and varied, and it runs end to end.

No timing is asserted here: the figures depend on the machine. This only
checks the benchmark still works (a smoke run on a handful of files).
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from tests.conftest import ROOT

BENCH = ROOT / "benchmarks"


def _module(name: str):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def generate():
    return _module("generate").generate


def test_generated_files_all_score_and_vary(cli, generate, tmp_path):
    generate(tmp_path, 60)
    run = cli("score", tmp_path, "--format", "jsonl", "--jobs", "1")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) == 60
    # The mix the issue asks for: several service types, both methods, services
    # inspected before (ratings transferred) and not.
    assert len({r["service"]["type"] for r in results}) >= 4
    assert {r["method"] for r in results} == {"2023", "2024"}
    sources = {s["source"] for r in results for kq in r["key_questions"].values() for s in kq["statements"]}
    assert {"updated", "existing", "transferred"} <= sources


def test_generator_is_deterministic(generate, tmp_path):
    first = generate(tmp_path / "a", 10, seed=3)
    second = generate(tmp_path / "b", 10, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    other = generate(tmp_path / "c", 10, seed=4)
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_benchmark_smoke_run(tmp_path, capsys):
    figures = _module("run").main(["--quick", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert "1. one file" in printed and "CPU ratio" in printed and "wall ratio" in printed
    one = figures["one_file"]["json"]
    assert one["pairs"] == 3 and one["cpu_ratio"]["min"] <= one["cpu_ratio"]["median"] <= one["cpu_ratio"]["max"]
    assert [(b["files"], b["jobs"]) for b in figures["batches"] if b["jobs"] == 1] == [(20, 1), (80, 1)]
    for b in figures["batches"]:
        assert b["cpu_ratio"]["median"] > 0 and b["files_per_s"] > 0
    assert figures["check"]["files"] == 20
    assert [m["large"]["files"] for m in figures["memory"]] == [80] * len(figures["memory"])
    assert json.loads((tmp_path / "results.json").read_text()) == figures
