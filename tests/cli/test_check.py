"""`cqc-rate check` at the command line: files, arrays, JSON Lines and folders; located errors
for records that cannot be read while the others are checked; table, JSON Lines and CSV."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ..core.test_check import kq, record


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cqc_rate", "check", *args], input=stdin,
                          capture_output=True, text=True, check=False)


def test_cli_files_arrays_json_lines_and_located_errors(tmp_path: Path) -> None:
    good = record(currentRatings={"overall": {"rating": "Good", "keyQuestionRatings": kq(*["Good"] * 5)}})
    bad = record(currentRatings={"overall": {"rating": "Good",
                                             "keyQuestionRatings": kq("Good", "Good", "Good", "RI", "RI")}})
    (tmp_path / "one.json").write_text(json.dumps(good))
    (tmp_path / "many.json").write_text(json.dumps([good, {"no": "id"}, bad]))
    (tmp_path / "lines.jsonl").write_text(json.dumps(good) + "\n{oops\n" + json.dumps(bad) + "\n")
    (tmp_path / "broken.json").write_text('{\n  "locationId": 1,,\n}')
    done = run(str(tmp_path), "--format", "jsonl")
    assert done.returncode == 2
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    # folder order is sorted: broken.json (no records), lines.jsonl, many.json, one.json
    assert [r["verdict"] for r in rows] == ["agrees", "departs", "agrees", "departs", "agrees"]
    errors = done.stderr.splitlines()
    assert errors[0].startswith(f"{tmp_path / 'broken.json'}:2: malformed JSON")
    assert f"{tmp_path / 'lines.jsonl'}:2: malformed JSON" in errors[1]
    assert errors[2] == f"{tmp_path / 'many.json'}#2: not a location record: no locationId"
    table = run(str(tmp_path / "one.json"), str(tmp_path / "many.json"))
    assert table.returncode == 2
    assert "departures (1):" in table.stdout and "expected requires improvement" in table.stdout
    csv = run("-", "--format", "csv", stdin=json.dumps(good))
    assert csv.returncode == 0 and csv.stdout.splitlines()[0].startswith("location_id,name,rating_set,level")


def test_jobs_share_a_folder_among_workers_and_the_output_is_the_same(tmp_path: Path) -> None:
    # 80 record files (more than the 64 from which workers are used), every fifth one
    # departing (two RI give RI, published good) and one malformed: with --jobs 2 the same
    # rows in the same order, and the same located error, as with --jobs 1.
    good = record(currentRatings={"overall": {"rating": "Good", "keyQuestionRatings": kq(*["Good"] * 5)}})
    bad = record(currentRatings={"overall": {"rating": "Good",
                                             "keyQuestionRatings": kq("Good", "Good", "Good", "RI", "RI")}})
    for i in range(80):
        (tmp_path / f"r{i:03d}.json").write_text(json.dumps(bad if i % 5 == 0 else good))
    (tmp_path / "r040.json").write_text("{oops")
    runs = {jobs: run(str(tmp_path), "--format", "jsonl", "--jobs", jobs) for jobs in ("1", "2")}
    assert runs["1"].returncode == runs["2"].returncode == 2
    assert runs["1"].stdout == runs["2"].stdout
    assert runs["1"].stderr == runs["2"].stderr
    assert runs["1"].stderr.startswith(f"{tmp_path / 'r040.json'}:1: malformed JSON")
    verdicts = [json.loads(line)["verdict"] for line in runs["2"].stdout.splitlines()]
    assert verdicts.count("departs") == 15  # r000, r005, ..., r075 less r040: 16 - 1
