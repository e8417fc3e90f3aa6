"""`convert` with a folder (its *.yaml files, as for score), `-o` naming a folder for one CSV
file, and the API's refusal of a form it does not know (review findings)."""

from __future__ import annotations

import shutil

import pytest

from cqc_rate import api

from ..conftest import SAMPLES, run_cli


def test_a_folder_stands_for_its_yaml_files(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    for name in ("care-home.yaml", "gp-practice.yaml"):
        shutil.copy(SAMPLES / name, folder / name)
    run = run_cli("convert", folder, "--to", "csv")
    assert run.exit_code == 0, run.stderr
    names = {line.split(",")[0] for line in run.stdout.splitlines()[1:]}
    assert names == {"Rosewood House", run_cli("score", folder / "gp-practice.yaml", "--format", "json")
                     .json()["service"]["name"]}


def test_o_naming_a_folder_for_csv_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = run_cli("convert", SAMPLES / "care-home.yaml", "--to", "csv", "-o", "newdir/")
    assert run.exit_code == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "names a folder" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_api_refuses_a_form_it_does_not_know():
    with pytest.raises(ValueError):
        api.convert_files([SAMPLES / "care-home.yaml"], "xml")
