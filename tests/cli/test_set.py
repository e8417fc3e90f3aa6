"""`score --set` and `explain --set`: what if, without editing the file."""

from __future__ import annotations

from ..conftest import SAMPLES, run_cli

CARE_HOME = SAMPLES / "care-home.yaml"


def test_a_statement_score_set_changes_the_key_question():
    # Care-home safe: 2,3,3,2,3,3,2,3 = 21/32; learning culture (an existing score) 2 -> 4
    # gives 23/32 = 71.875% -> 71.9 shown, 72 whole -> good (63-87).
    run = run_cli("score", CARE_HOME, "--set", "safe.learning-culture=4", "--format", "json")
    assert run.exit_code == 0, run.stderr
    out = run.json()
    safe = out["key_questions"]["safe"]
    assert (safe["total"], safe["maximum"], safe["percentage"], safe["score"], safe["rating"]) == \
        (23, 32, 71.9, 72, "good")
    learning = next(s for s in safe["statements"] if s["id"] == "learning-culture")
    assert (learning["score"], learning["source"]) == (4, "updated")
    assert out["set"] == [{"setting": "safe.learning-culture=4",
                           "path": ["scores", "safe", "learning-culture"], "value": 4}]


def test_the_table_says_what_was_set():
    run = run_cli("score", CARE_HOME, "--set", "safe.learning-culture=4")
    assert run.exit_code == 0
    assert "what if: set safe.learning-culture=4 (not in the file)" in run.stdout
    plain = run_cli("score", CARE_HOME)
    assert "what if" not in plain.stdout
    assert "set" not in run_cli("score", CARE_HOME, "--format", "json").json()


def test_a_rating_given_directly_and_a_history_flag():
    # caring given as requires improvement: 3 good, 2 requires improvement -> not good
    # (good needs at most 1 requires improvement); the published ratings of a previous
    # provider transfer nothing, so the key questions with unassessed statements are withheld.
    run = run_cli("score", CARE_HOME, "--set", "caring=RI", "--format", "json")
    assert run.json()["key_questions"]["caring"]["rating"] == "requires improvement"
    assert run.json()["key_questions"]["caring"]["status"] == "given"
    assert run.json()["overall"]["rating"] == "requires improvement"
    run = run_cli("score", CARE_HOME, "--set", "history.provider_changed=true", "--format", "json")
    assert run.json()["key_questions"]["safe"]["rating"] is None
    assert run.json()["overall"]["rating"] is None


def test_explain_takes_set_too():
    # Caring 4,4,4,4,2 = 18/20 = 90 but limited by the 2 to good; workforce wellbeing 2 -> 3:
    # 19/20 = 95 -> outstanding, no limiter.
    run = run_cli("explain", CARE_HOME, "-k", "caring", "--set",
                  "caring.workforce-wellbeing-and-enablement=3", "--format", "json")
    assert run.exit_code == 0, run.stderr
    caring = run.json()["key_questions"]["caring"]
    assert (caring["total"], caring["maximum"], caring["rating"]) == (19, 20, "outstanding")
    assert run.json()["set"][0]["setting"] == "caring.workforce-wellbeing-and-enablement=3"


def test_bad_values_are_exit_2_one_line_each_naming_the_argument():
    run = run_cli("score", CARE_HOME, "--set", "safe.learning-culture=9", "--set", "safe.nope=3",
                  "--set", "history.provider_changed=yes")
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{CARE_HOME}: --set ") for line in lines)
    assert any("--set safe.learning-culture=9: score must be a whole number from 1 to 4" in x for x in lines)
    assert any("--set safe.nope=3: unknown quality statement" in x for x in lines)
    assert any("--set history.provider_changed=yes: expected true or false" in x for x in lines)
    assert run.stdout == ""


def test_a_key_that_cannot_be_placed_is_a_usage_error():
    run = run_cli("score", CARE_HOME, "--set", "bogus=3")
    assert run.exit_code == 2
    assert "bogus=3: unknown KEY" in run.stderr


def test_set_is_refused_for_other_kinds():
    run = run_cli("score", SAMPLES / "local-authority-good.yaml", "--set", "safe.safeguarding=3")
    assert run.exit_code == 2
    assert "--set is for assessment files of services CQC rates" in run.stderr


def test_set_applies_to_a_service_of_a_csv_file_and_a_bad_value_is_named_by_its_argument():
    # samples/worked-example.csv, safe: 2,3,3,2,3,3,2,3 = 21/32; learning culture 2 -> 4 gives
    # 23/32 = 71.875% -> 71.9 shown, 72 whole -> good (63-87), as for the YAML file.
    csv_file = SAMPLES / "worked-example.csv"
    run = run_cli("score", csv_file, "--set", "safe.learning-culture=4", "--format", "json")
    assert run.exit_code == 0, run.stderr
    (service,) = run.json()  # a CSV file's services are always a JSON array
    safe = service["key_questions"]["safe"]
    assert (safe["total"], safe["maximum"], safe["score"], safe["rating"]) == (23, 32, 72, "good")
    bad = run_cli("score", csv_file, "--set", "safe.learning-culture=5")
    assert bad.exit_code == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "--set safe.learning-culture=5" in lines[0], bad.stderr
