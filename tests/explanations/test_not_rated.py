"""`explain` for services CQC does not rate: the judgement roll-up ("Services we do not rate")."""

from cqc_rate.engine import score_file
from cqc_rate.explanations import explain
from cqc_rate.judgements import Judgement

from ..conftest import SAMPLES, run_cli


def test_dental_sample_roll_up_names_the_breach():
    # samples/dental-practice.yaml: infection prevention and control has processes judged not met,
    # so the statement and safe are "not all regulations met"; everything else judged is met.
    result = score_file(str(SAMPLES / "dental-practice.yaml"))
    x = explain(result)
    safe = x.key_questions["safe"]
    assert safe.judgement is Judgement.NOT_MET
    assert any(s.text == ("Infection prevention and control: processes not met, observation met, "
                          "feedback-from-staff-and-leaders met → not all regulations met") for s in safe.steps)
    assert safe.up == "every 'not met' below becoming met: Infection prevention and control (processes)"
    assert safe.down == "already not all regulations met: nothing lower"
    effective = x.key_questions["effective"]
    assert effective.judgement is Judgement.MET
    assert effective.up == "already regulations met: nothing higher"
    # explain agrees with score on every key question's judgement
    assert {kq: e.judgement for kq, e in x.key_questions.items()} == {
        kq: j.judgement for kq, j in result.key_questions.items()}


def test_key_question_not_judged_says_so():
    x = explain(score_file(str(SAMPLES / "dental-practice.yaml")))
    assert x.key_questions["responsive"].judgement is None
    assert x.key_questions["responsive"].steps[0].id == "not-judged"


def test_cli_explain_not_rated_table_and_json():
    run = run_cli("explain", SAMPLES / "dental-practice.yaml")
    assert run.exit_code == 0, run.stderr
    assert "Safe: not all regulations met" in run.stdout and "Services we do not rate" in run.stdout
    run = run_cli("explain", SAMPLES / "dental-practice.yaml", "--format", "json", "-k", "safe")
    assert run.exit_code == 0
    data = run.json()
    assert data["kind"] == "not-rated" and data["explanation"] is True and list(data["key_questions"]) == ["safe"]
    assert data["overall"]["rating"] is None
