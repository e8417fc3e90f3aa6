"""`cqc-rate explain` through the CLI: table and JSON, --key-question, several files, bad input."""

from __future__ import annotations

from .conftest import SAMPLES

CAPPED = """
service: {name: Capped House, type: adult-social-care}
scores:
  caring:
    kindness-compassion-and-dignity: 4
    treating-people-as-individuals: 4
    independence-choice-and-control: 4
    responding-to-peoples-immediate-needs: 3
    workforce-wellbeing-and-enablement: 1
"""


def test_table_shows_each_step_and_what_would_change_it(cli, write):
    # 4+4+4+3+1 = 16/20 = 80% -> good band; workforce wellbeing scored 1 -> requires improvement.
    # Up: raise the 1 to 2: 17/20 = 85% -> good. Down to inadequate needs <= 7/20 (35%; 8/20 = 40 is
    # requires improvement): 9 points off, so three statements: 4->1, 4->1, 4->1.
    path = write("capped.yaml", CAPPED)
    run = cli("explain", path, "-k", "caring")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "Caring: requires improvement (limited)" in out
    assert "16 of 20 = 80%, shown 80.0%; rounded half up to 80" in out
    assert "80 is in 63–87: good" in out
    assert "good-limited-by-a-1: Workforce wellbeing and enablement 1 → requires improvement" in out
    assert "raise Workforce wellbeing and enablement 1→2: 17/20 = 85.0% → 85 → good (1 statement, 1 point)" in out
    assert "How we reach a rating › How we calculate key question scores › limiters" in out
    assert "Safe:" not in out  # --key-question limits the per-key-question part
    assert "Overall: none" in out


def test_json_has_the_same_content(cli, write):
    path = write("capped.yaml", CAPPED)
    run = cli("explain", path, "--key-question", "Caring", "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    caring = data["key_questions"]["caring"]
    assert list(data["key_questions"]) == ["caring"]
    assert (caring["total"], caring["maximum"], caring["score"], caring["band"], caring["rating"]) == (
        16, 20, 80, "good", "requires improvement")
    assert caring["limiter"]["statements"] == ["workforce-wellbeing-and-enablement"]
    up = caring["what_would_change_it"]["up"]
    assert (up["target"], up["points"], up["rating"]) == ("good", 1, "good")
    assert [(c["id"], c["from"], c["to"]) for c in up["changes"]] == [("workforce-wellbeing-and-enablement", 1, 2)]
    down = caring["what_would_change_it"]["down"]
    assert (down["statements_changed"], down["points"], down["total"], down["rating"]) == (3, 9, 7, "inadequate")
    assert all(step["section"] for step in caring["steps"])
    assert data["overall"]["rating"] is None


def test_explain_agrees_with_score_on_the_sample(cli):
    sample = SAMPLES / "care-home.yaml"
    scored = cli("score", sample, "--format", "json").json()
    explained = cli("explain", sample, "--format", "json").json()
    for kq, r in scored["key_questions"].items():
        assert explained["key_questions"][kq]["rating"] == r["rating"]
        assert explained["key_questions"][kq]["percentage"] == r["percentage"]
    assert explained["overall"]["rating"] == scored["overall"]["rating"]


def test_several_files_give_an_array_and_bad_files_exit_2(cli, write):
    good = write("capped.yaml", CAPPED)
    bad = write("bad.yaml", "service: {name: X, type: gp}\nscores: {safe: {learning-culture: 5}}\n")
    run = cli("explain", good, bad, "--format", "json")
    assert run.exit_code == 2
    assert len(run.json()) == 1
    assert run.stderr.startswith(f"{bad}:2:")


def test_unknown_key_question_is_a_usage_error(cli):
    run = cli("explain", SAMPLES / "care-home.yaml", "-k", "friendly")
    assert run.exit_code == 2
    assert "unknown key question 'friendly'" in run.stderr


def test_a_kind_with_no_explanation_is_reported_not_a_crash(cli, write, monkeypatch):
    # A result kind that has not registered an explanation (as a new kind would be before it does).
    from cqc_rate import engine

    class Other:
        kind = "other"
        file = "x"

    monkeypatch.setattr(engine, "score_document", lambda doc: Other())
    path = write("capped.yaml", CAPPED)
    run = cli("explain", path)
    assert run.exit_code == 2
    assert run.stderr.strip() == f"{path}: explain does not cover other files yet: use score"
