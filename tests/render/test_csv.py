"""CSV output (cqc_rate.render.csv.py): one row per service, fixed columns."""

from __future__ import annotations

import csv
import io
import json

from cqc_rate.render.csv import COLUMNS, row

from ..conftest import CASES

WORKED = CASES / "valid" / "safe-worked-example.yaml"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_columns() -> None:
    assert COLUMNS == [
        "file", "name", "type",
        "safe_score", "safe_rating", "effective_score", "effective_rating", "caring_score", "caring_rating",
        "responsive_score", "responsive_rating", "well_led_score", "well_led_rating", "overall_rating",
    ]


def test_worked_example_row(cli) -> None:
    # Safe: 2+3+3+2+3+2+3+3 = 21 of 4*8 = 32 -> 65.625 -> 66 -> good. Only safe is scored,
    # so the other key questions are empty and there is no overall rating (it needs all five).
    run = cli("score", WORKED, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    [only] = rows(run.stdout)
    assert only["file"] == str(WORKED)
    assert (only["name"], only["type"]) == ("Worked example", "gp")
    assert (only["safe_score"], only["safe_rating"]) == ("66", "good")
    assert all(only[c] == "" for c in COLUMNS[5:])


def test_all_five_key_questions_and_overall(cli, write) -> None:
    # Ratings given directly have no score; adult social care with five good ratings is good overall.
    path = write("asc.yaml", """\
        service: {name: "Home, with a comma", type: adult-social-care}
        ratings: {safe: good, effective: good, caring: outstanding, responsive: good, well-led: good}
        """)
    run = cli("score", path, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    [only] = rows(run.stdout)
    assert only["name"] == "Home, with a comma"
    assert [only[f"{kq}_rating"] for kq in ("safe", "effective", "caring", "responsive", "well_led")] == [
        "good", "good", "outstanding", "good", "good"]
    assert only["overall_rating"] == "good"
    assert run.stdout.splitlines()[0] == ",".join(COLUMNS)


def test_mixed_batch_keeps_the_header_and_good_rows(cli, write, tmp_path) -> None:
    write("b/bad.yaml", "service: {name: X}\n")
    run = cli("score", WORKED, tmp_path / "b", "--format", "csv")
    assert run.exit_code == 2
    assert [r["name"] for r in rows(run.stdout)] == ["Worked example"]
    assert run.stderr.startswith(str(tmp_path / "b" / "bad.yaml"))


def test_only_invalid_files_still_give_the_header(cli, write) -> None:
    run = cli("score", write("bad.yaml", "service: {name: X}\n"), "--format", "csv")
    assert run.exit_code == 2
    assert run.stdout == ",".join(COLUMNS) + "\n"


class _Other:
    """A result kind with no key-question scores (a service CQC does not rate)."""

    def to_dict(self):
        return {"file": "d.yaml", "kind": "not-rated", "service": {"name": "Dentist", "type": "primary-dental"},
                "key_questions": {"safe": {"judgement": "regulations met"}}, "overall": None}


def test_result_without_scores_gives_empty_cells() -> None:
    assert row(_Other()) == ["d.yaml", "Dentist", "primary-dental"] + [""] * 11


def test_jsonl_for_score_is_one_object_per_line(cli, write) -> None:
    other = write("asc.yaml", "service: {name: Other, type: gp}\n")
    run = cli("score", WORKED, other, "--format", "jsonl")
    assert run.exit_code == 0, run.stderr
    assert [json.loads(line)["service"]["name"] for line in run.stdout.splitlines()] == ["Worked example", "Other"]
