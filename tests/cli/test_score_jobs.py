"""`cqc-rate score --jobs N`: worker processes change nothing but the speed.

Results and problems come out in argument order whatever the number of
workers, and --fail-under still sees every result (cli.run_each keeps only
what it needs).
"""

from __future__ import annotations

import pytest

from cqc_rate.cli import batch as cli_module
from tests.conftest import SAMPLES

CARE_HOME = (SAMPLES / "care-home.yaml").read_text(encoding="utf-8")
# Rosewood House scores good overall (see samples/care-home.yaml).
NEVER_INSPECTED = """\
service: {name: New Service, type: gp}
history: {inspected_before: false}
scores:
  safe: {learning-culture: 1}
"""  # a new service with one statement scored: no key-question ratings, so no overall rating


def _folder(tmp_path, count, bad=(), unrated=()):
    for n in range(count):
        text = CARE_HOME
        if n in bad:
            text = CARE_HOME.replace("service:", "servise:")
        elif n in unrated:
            text = NEVER_INSPECTED
        (tmp_path / f"f{n:03d}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_workers_give_the_same_output_in_the_same_order(cli, tmp_path):
    count = cli_module._PARALLEL_FROM + 6  # enough files for workers to be used
    folder = _folder(tmp_path, count, bad={5, 40})
    for fmt in ("jsonl", "json"):
        one = cli("score", folder, "--format", fmt, "--jobs", "1")
        two = cli("score", folder, "--format", fmt, "--jobs", "2")
        assert one.exit_code == two.exit_code == 2  # two invalid files
        assert one.stdout == two.stdout
        assert one.stderr == two.stderr
        assert two.stderr.index("f005.yaml") < two.stderr.index("f040.yaml")
    assert len(two.json()) == count - 2


def test_fail_under_with_workers_names_each_file_below_in_order(cli, tmp_path):
    count = cli_module._PARALLEL_FROM + 2
    folder = _folder(tmp_path, count, unrated={3, 50})
    run = cli("score", folder, "--format", "jsonl", "--jobs", "2", "--fail-under", "good")
    assert run.exit_code == 1
    lines = [line for line in run.stderr.splitlines() if "fails --fail-under good" in line]
    assert len(lines) == 2
    assert "f003.yaml: fails --fail-under good: no overall rating" in lines[0]
    assert "f050.yaml: fails --fail-under good: no overall rating" in lines[1]
    # good is not below good: every other file passes.
    assert cli("score", folder / "f000.yaml", "--format", "json", "--fail-under", "good").exit_code == 0


def test_jobs_must_be_at_least_one(cli, tmp_path):
    run = cli("score", SAMPLES / "care-home.yaml", "--jobs", "0")
    assert run.exit_code == 2


def test_run_each_keeps_only_what_it_is_asked_to(tmp_path, capsys):
    from cqc_rate.cli.score import _nothing
    from cqc_rate.engine import score_file

    folder = _folder(tmp_path, 3)
    # The score command's keep without a threshold: nothing kept.
    kept, invalid = cli_module.run_each([str(folder)], score_file, "jsonl", keep=_nothing)
    assert kept == [] and invalid is False
    kept, invalid = cli_module.run_each([str(folder)], score_file, "jsonl")
    assert [r.file for r in kept] == [str(folder / f"f{n:03d}.yaml") for n in range(3)]
    assert len(capsys.readouterr().out.splitlines()) == 6


def _fails_on_f040(path: str):
    if path.endswith("f040.yaml"):
        raise RuntimeError("a bug")
    from cqc_rate.engine import score_file

    return score_file(path)


def test_a_bug_in_one_file_stops_neither_the_run_nor_the_workers(tmp_path, capsys):
    from cqc_rate.cli.workers import FilesFailed

    count = cli_module._PARALLEL_FROM + 60
    folder = _folder(tmp_path, count)
    for jobs in (1, 2):
        with pytest.raises(FilesFailed):
            cli_module.run_each([str(folder)], _fails_on_f040, "jsonl", jobs=jobs, keep=lambda r: None)
        out, err = capsys.readouterr()
        files = [line.split('"file":"', 1)[1].split('"', 1)[0] for line in out.splitlines()]
        assert files == [str(folder / f"f{n:03d}.yaml") for n in range(count) if n != 40]
        assert err.splitlines() == [
            f"{folder / 'f040.yaml'}: internal error (RuntimeError: a bug): this is a bug, please report it "
            "with this file; run again with --debug for the traceback."]
