"""CSV output (cqc_rate.render.csv.py): one row per service or location, fixed columns,
with hand-worked values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cqc_rate.render.csv import COLUMNS

from ..conftest import CASES, SAMPLES

WORKED = CASES / "valid" / "safe-worked-example.yaml"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_columns_are_stable() -> None:
    kq = ("status", "rating", "score", "percentage", "limited", "judgement")
    assert COLUMNS == [
        "file", "kind", "name", "type",
        "overall_status", "overall_rating", "overall_score", "overall_percentage", "trust_rating",
        *(f"{k}_{w}" for k in ("safe", "effective", "caring", "responsive", "well_led") for w in kq),
    ]


def test_worked_example_row(cli) -> None:
    # Safe: 2+3+3+2+3+2+3+3 = 21 of 4*8 = 32 -> 65.625 -> 65.6%, score 66 -> good. Only safe is
    # scored, so the others are withheld and there is no overall rating (it needs all five).
    run = cli("score", WORKED, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    [only] = rows(run.stdout)
    assert only["file"] == str(WORKED)
    assert (only["kind"], only["name"], only["type"]) == ("service", "Worked example", "gp")
    assert [only[f"safe_{w}"] for w in ("status", "rating", "score", "percentage", "limited")] == [
        "rated", "good", "66", "65.6", "false"]
    assert (only["effective_status"], only["effective_rating"]) == ("withheld", "")
    assert (only["overall_status"], only["overall_rating"]) == ("withheld", "")


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
    assert {only[f"{kq}_status"] for kq in ("safe", "effective", "caring", "responsive", "well_led")} == {"given"}
    assert only["safe_score"] == ""
    assert only["overall_rating"] == "good"
    assert run.stdout.splitlines()[0] == ",".join(COLUMNS)


def test_every_sample_has_its_headline(cli) -> None:
    run = cli("score", SAMPLES, CASES / "valid" / "location" / "non-acute-trust.yaml", "--format", "csv")
    assert run.exit_code == 0, run.stderr
    by_file = {Path(r["file"]).name: r for r in rows(run.stdout)}
    for r in by_file.values():  # no empty result row
        assert r["overall_rating"] or r["trust_rating"] or r["overall_status"] in ("withheld", "not-rated"), r
    # The limiter sample: safe 22/32 = 68.75% -> 68.8%, 69, good band; Medicines optimisation 1 -> RI.
    lim = by_file["limiter-applied.yaml"]
    assert [lim[f"safe_{w}"] for w in ("status", "rating", "score", "percentage", "limited")] == [
        "rated", "requires improvement", "69", "68.8", "true"]
    # Local authority: 3+3+2 + 3+3 + 3+3 + 3+3 = 26 of 36 = 72.2% -> 72 -> good.
    la = by_file["local-authority-good.yaml"]
    assert [la[c] for c in ("kind", "overall_status", "overall_rating", "overall_score", "overall_percentage")] == [
        "local-authority", "rated", "good", "72", "72.2"]
    assert la["safe_status"] == ""  # a local authority has no key questions
    # The acute trust: the location overall and the trust rating (22/32 = 68.8% -> 69, good).
    acute = by_file["location-acute-trust.yaml"]
    assert (acute["overall_rating"], acute["trust_rating"], acute["caring_rating"]) == ("good", "good", "outstanding")
    # A non-acute trust has the trust level only: 31/32 = 96.9% -> 97, outstanding.
    trust = by_file["non-acute-trust.yaml"]
    assert (trust["kind"], trust["trust_rating"], trust["overall_rating"]) == ("location", "outstanding", "")
    # Dental: not rated; safe has a category not met.
    dental = by_file["dental-practice.yaml"]
    assert (dental["overall_status"], dental["safe_status"], dental["safe_judgement"]) == (
        "not-rated", "not-rated", "not all regulations met")
    assert dental["effective_judgement"] == "regulations met"
    assert all(v in ("", "true", "false") for r in by_file.values() for k, v in r.items() if k.endswith("_limited"))


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


def test_jsonl_for_score_is_one_object_per_line(cli, write) -> None:
    other = write("asc.yaml", "service: {name: Other, type: gp}\n")
    run = cli("score", WORKED, other, "--format", "jsonl")
    assert run.exit_code == 0, run.stderr
    assert [json.loads(line)["service"]["name"] for line in run.stdout.splitlines()] == ["Worked example", "Other"]
