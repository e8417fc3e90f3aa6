"""The input model for services CQC does not rate: judgements only; scores,
ratings and transfer history are errors that say why."""

from __future__ import annotations

import pytest

from cqc_rate.method import method_in_force as methodology

NOT_RATED = [t.key for t in methodology().service_types if t.kind == "not-rated"]


@pytest.mark.parametrize("type_", NOT_RATED)
@pytest.mark.parametrize("key", ["scores", "existing_scores", "ratings", "existing_ratings"])
def test_scores_or_ratings_for_a_not_rated_type_are_errors(cli, write, type_, key):
    value = "{safe: good}" if key.endswith("ratings") else "{safe: {safeguarding: 3}}"
    path = write("nr.yaml", f"""
        service: {{name: S, type: {type_}}}
        {key}: {value}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"{path}:2:")
    assert f"{key} are not given here: CQC has no legal power to rate this type of service" in line


def test_history_is_an_error(cli, write):
    path = write("nr.yaml", """
        service: {name: S, type: primary-dental}
        history: {inspected_before: true}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert "services CQC does not rate have neither scores nor ratings" in run.stderr


def test_judgement_words_and_locations(cli, write):
    path = write("nr.yaml", """
        service: {name: S, type: hyperbaric-oxygen-therapy}
        judgements:
          safe:
            safeguarding: {processes: partly, outcomes: 3}
            learning-culture: outstanding
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.strip().splitlines() == [
        f"{path}:4:31: unknown judgement 'partly': expected met (regulations met) or not met (not all regulations met)",
        f"{path}:4:49: 3 is a score, but CQC gives no scores to services it does not rate: "
        "expected met (regulations met) or not met (not all regulations met)",
        f"{path}:5:23: 'outstanding' is a rating, but CQC gives no ratings to services it does not rate: "
        "expected met (regulations met) or not met (not all regulations met)",
    ]


def test_statement_under_the_wrong_key_question(cli, write):
    path = write("nr.yaml", """
        service: {name: S, type: sexual-assault-referral-centre}
        judgements:
          caring:
            safeguarding: met
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert "'Safeguarding' is a safe statement, not caring: move it under safe" in run.stderr


def test_unknown_evidence_category(cli, write):
    path = write("nr.yaml", """
        service: {name: S, type: blood-and-transplant}
        judgements:
          safe:
            safeguarding: {proceses: met}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert f"{path}:4:20: unknown evidence category 'proceses'; did you mean 'processes'?" in run.stderr


def test_two_spellings_of_one_category(cli, write):
    path = write("nr.yaml", """
        service: {name: S, type: primary-dental}
        judgements:
          safe:
            safeguarding: {processes: met, Processes: not met}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert "'processes' and 'Processes' both name the evidence category 'Processes': give it once" in run.stderr


def test_judgements_under_a_rated_type_are_still_refused(cli, write):
    path = write("r.yaml", """
        service: {name: S, type: gp}
        judgements: {safe: {safeguarding: met}}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert "judgements are for services CQC does not rate" in run.stderr
