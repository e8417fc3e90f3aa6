"""The public Python API (cqc_rate.score and friends): the CLI's results, from mappings or files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import cqc_rate
from cqc_rate import InputError, Problem, Rating

from .conftest import SAMPLES, run_cli

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def _mapping(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_score_file_to_dict_is_the_cli_json(path: Path) -> None:
    assert cqc_rate.score_file(path).to_dict() == run_cli("score", path, "--format", "json").json()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_explain_file_to_dict_is_the_cli_json(path: Path) -> None:
    assert cqc_rate.explain_file(path).to_dict() == run_cli("explain", path, "--format", "json").json()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_mapping_scores_as_its_file_does(path: Path) -> None:
    from_file = cqc_rate.score_file(path).to_dict()
    from_mapping = cqc_rate.score(_mapping(path), name=str(path), base=path.parent).to_dict()
    assert from_mapping == from_file


def test_the_worked_example_from_a_mapping() -> None:
    # The source's worked example: safe 2,3,3,2,3,3,2,3 = 21 of 32 = 65.625% -> 65.6, rounded to 66 -> good.
    safe = dict(zip(range(1, 9), [2, 3, 3, 2, 3, 3, 2, 3], strict=True))
    result = cqc_rate.score({"service": {"name": "W", "type": "gp"}, "scores": {"safe": safe}})
    kq = result.key_questions["safe"]
    assert (kq.total, kq.maximum) == (21, 32)
    assert kq.percentage == 65.6 and kq.score == 66
    assert kq.rating is Rating.GOOD


def test_invalid_mapping_raises_input_error_located_by_key_path() -> None:
    data = {"service": {"name": "W", "type": "gp"}, "scores": {"safe": {"learning culture": 7}}}
    with pytest.raises(InputError) as info:
        cqc_rate.score(data)
    [problem] = info.value.problems
    assert problem.path == ("scores", "safe", "learning culture")
    assert (problem.line, problem.column) == (None, None)
    assert str(problem).startswith("<data>: scores.safe.learning culture: ")


def test_validate_returns_the_problems_instead_of_raising() -> None:
    assert cqc_rate.validate(_mapping(SAMPLES / "care-home.yaml")) == []
    problems = cqc_rate.validate({"service": {"name": "W", "type": "gp"}, "scroes": {}})
    assert [p.path for p in problems] == [("scroes",)]
    assert cqc_rate.validate(["not", "a", "mapping"]) != []  # type: ignore[arg-type]


def test_validate_file_locates_by_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("service: {name: W, type: gp}\nscores:\n  safe:\n    learning culture: 7\n", encoding="utf-8")
    [problem] = cqc_rate.validate_file(bad)
    assert (problem.file, problem.line, problem.column) == (str(bad), 4, 23)
    assert cqc_rate.validate_file(SAMPLES / "care-home.yaml") == []


def test_aggregate_a_location_mapping_with_its_base_folder() -> None:
    path = SAMPLES / "location-independent-hospital.yaml"
    result = cqc_rate.aggregate(_mapping(path), base=SAMPLES, name=str(path))
    assert result.to_dict() == cqc_rate.aggregate_file(path).to_dict()
    with pytest.raises(InputError):  # an assessment file is not a location
        cqc_rate.aggregate(_mapping(SAMPLES / "care-home.yaml"))


def test_explain_one_key_question_and_an_unknown_one() -> None:
    data = _mapping(SAMPLES / "care-home.yaml")
    explanation = cqc_rate.explain(data, key_questions=["Well-led"])
    assert list(explanation.key_questions) == ["well_led"]
    with pytest.raises(InputError):
        cqc_rate.explain(data, key_questions=["kind"])


def test_everything_in_all_is_there_and_typed() -> None:
    for name in cqc_rate.__all__:
        assert getattr(cqc_rate, name) is not None
    assert (Path(cqc_rate.__file__).parent / "py.typed").is_file()
    assert isinstance(Problem("f", "m"), Problem)


def test_import_cqc_rate_stays_cheap() -> None:
    # The API is imported when first used: a bare import loads neither pydantic nor the core.
    code = "import sys, cqc_rate; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'cqc_rate.'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
