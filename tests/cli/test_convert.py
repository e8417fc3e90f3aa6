"""`cqc-rate convert`: stdout or -o, never over an existing file without --force, never
over an input file; what the CSV form cannot hold, and invalid input, exit 2 with
nothing written."""

from __future__ import annotations

import yaml

from ..conftest import SAMPLES

WORKED_YAML = SAMPLES / "worked-example.yaml"
WORKED_CSV = SAMPLES / "worked-example.csv"


def test_yaml_to_csv_on_stdout_is_the_csv_twin(cli):
    run = cli("convert", WORKED_YAML, "--to", "csv")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == WORKED_CSV.read_text(encoding="utf-8")
    assert run.stderr == ""


def test_csv_to_yaml_on_stdout_reads_as_the_yaml_twin(cli):
    run = cli("convert", WORKED_CSV, "--to", "yaml")
    assert run.exit_code == 0, run.stderr
    assert yaml.safe_load(run.stdout) == yaml.safe_load(WORKED_YAML.read_text(encoding="utf-8"))


def test_output_file_written_and_never_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "out.csv"
    run = cli("convert", WORKED_YAML, "--to", "csv", "-o", out)
    assert run.exit_code == 0 and run.stdout == ""
    assert out.read_text(encoding="utf-8") == WORKED_CSV.read_text(encoding="utf-8")
    out.write_text("mine", encoding="utf-8")
    run = cli("convert", WORKED_YAML, "--to", "csv", "-o", out)
    assert run.exit_code == 2 and "exists" in run.stderr and "--force" in run.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("convert", WORKED_YAML, "--to", "csv", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == WORKED_CSV.read_text(encoding="utf-8")


def test_an_input_file_is_never_written_over_even_with_force(cli, tmp_path):
    source = tmp_path / "in.csv"
    text = WORKED_CSV.read_text(encoding="utf-8").replace("Hollybank", "Holly")
    source.write_text(text, encoding="utf-8")
    run = cli("convert", source, "--to", "csv", "-o", source, "--force")
    assert run.exit_code == 2 and "input file" in run.stderr
    assert source.read_text(encoding="utf-8") == text


def test_several_services_to_yaml_need_a_folder(cli, tmp_path):
    both = tmp_path / "both.csv"
    assert cli("convert", SAMPLES / "care-home.yaml", WORKED_YAML, "--to", "csv", "-o", both).exit_code == 0
    run = cli("convert", both, "--to", "yaml")
    assert run.exit_code == 2 and "-o FOLDER" in run.stderr and run.stdout == ""
    run = cli("convert", both, "--to", "yaml", "-o", tmp_path / "one.yaml")
    assert run.exit_code == 2 and "names a folder" in run.stderr and not (tmp_path / "one.yaml").exists()
    folder = tmp_path / "services"
    run = cli("convert", both, "--to", "yaml", "-o", folder)
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["hollybank-care-home.yaml", "rosewood-house.yaml"]
    assert cli("score", folder / "rosewood-house.yaml", "--format", "json").json()["overall"] == \
        cli("score", SAMPLES / "care-home.yaml", "--format", "json").json()["overall"]
    # again: both files exist, neither is replaced, both are named
    run = cli("convert", both, "--to", "yaml", "-o", folder)
    assert run.exit_code == 2 and run.stderr.count("exists") == 2


def test_a_location_file_is_refused_with_one_located_line(cli, tmp_path):
    out = tmp_path / "out.csv"
    run = cli("convert", SAMPLES / "location-override.yaml", "--to", "csv", "-o", out)
    assert run.exit_code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{SAMPLES / 'location-override.yaml'}:") and "location file" in line
    assert not out.exists()


def test_invalid_files_all_reported_and_nothing_written(cli, write, tmp_path):
    bad = write("bad.yaml", """
        service: {name: A, type: gp}
        scores: {safe: {safeguarding: 5}}
    """)
    # A local authority converts (it is an assessment); a location file does not: its
    # `location:` key is on line 10, column 1 of the sample.
    la = SAMPLES / "local-authority-good.yaml"
    location = SAMPLES / "location-override.yaml"
    out = tmp_path / "out.csv"
    run = cli("convert", bad, WORKED_YAML, la, location, "--to", "csv", "-o", out)
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}:2:") and "score" in lines[0]
    assert lines[1].startswith(f"{location}:10:1:") and "location file" in lines[1]
    assert not out.exists()


def test_to_is_required_and_checked(cli):
    assert cli("convert", WORKED_YAML).exit_code == 2
    assert cli("convert", WORKED_YAML, "--to", "xlsx").exit_code == 2


def test_text_a_cell_would_not_give_back_is_refused_located(cli, write):
    path = write("odd.yaml", """
        service:
          name: "Oak\\u202e House"
          type: gp
        scores:
          safe: {learning-culture: 2}
    """)
    run = cli("convert", path, "--to", "csv")
    assert run.exit_code == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()
    # the name's value: line 2, column 9; shown escaped, never as the raw override
    assert line.startswith(f"{path}:2:9: 'Oak\\u202e House' holds a control, bidirectional or invisible")
    assert "\u202e" not in run.stderr
