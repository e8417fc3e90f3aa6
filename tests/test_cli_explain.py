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
    assert ("raise Workforce wellbeing and enablement 1→2: 17/20 = 85.0% → 85 → good (1 statement, 1 statement point)"
            in " ".join(out.split()))
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

    monkeypatch.setattr(engine, "score_document", lambda doc, overlay=None: Other())
    path = write("capped.yaml", CAPPED)
    run = cli("explain", path)
    assert run.exit_code == 2
    assert run.stderr.strip() == f"{path}: explain does not cover other files yet: use score"


# ---------------------------------------------------- local authorities and locations

COUNCIL = """
# 3+3+3 + 3+2 + 2+2 + 2+2 = 22; 22/36 = 61.1% -> 61 -> requires improvement.
service: {name: Edge Council, type: local-authority}
scores:
  working-with-people: {assessing-needs: 3, supporting-people-to-live-healthier-lives: 3, \
equity-in-experiences-and-outcomes: 3}
  providing-support: {care-provision-integration-and-continuity: 3, partnerships-and-communities: 2}
  ensuring-safety: {safe-systems-pathways-and-transitions: 2, safeguarding: 2}
  leadership: {governance-management-and-sustainability: 2, learning-improvement-and-innovation: 2}
"""


def test_local_authority_table(cli, write):
    # Up: 23/36 = 63.9% -> 64 -> good: one point on the first 2 (partnerships and communities).
    run = cli("explain", write("council.yaml", COUNCIL), "--width", "200")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "Overall: requires improvement" in out
    assert "22 of 36 = 61.111…%, shown 61.1%; rounded half up to 61" in out
    assert "61 is in 39–62: requires improvement" in out
    assert "no limiters: the local authority guidance names none" in out
    assert "raise Partnerships and communities 2→3: 23/36 = 63.9% → 64 → good (1 statement, 1 statement point)" in out
    assert "Interim guidance on our approach to local authority assessments › How we will determine ratings" in out


def test_local_authority_json_agrees_with_score(cli, write):
    path = write("council.yaml", COUNCIL)
    scored = cli("score", path, "--format", "json").json()["overall"]
    run = cli("explain", path, "--format", "json", "-k", "safe")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    assert (data["kind"], data["explanation"]) == ("local-authority", True)
    overall = data["overall"]
    for key in ("percentage", "score", "rating", "total", "maximum"):
        assert overall[key] == scored[key], key
    # Down to inadequate: 13/36 = 36.1% -> 36 (14/36 -> 39 is still requires improvement): 9 points,
    # five statements (four 3s to 1, one 2 to 1).
    down = overall["what_would_change_it"]["down"]
    assert (down["statements_changed"], down["points"], down["total"], down["rating"]) == (5, 9, 13, "inadequate")
    assert any("--key-question does not apply" in note for note in data["notes"])


def test_local_authority_with_fewer_than_nine(cli, write):
    path = write("council.yaml", COUNCIL.replace(", learning-improvement-and-innovation: 2", ""))
    run = cli("explain", path, "--width", "200")
    assert run.exit_code == 0, run.stderr
    assert "Overall: none" in run.stdout
    assert "no overall rating: 8 of 9 statements scored" in run.stdout
    assert "no rating to move: score Learning, improvement and innovation to give a rating" in run.stdout


def test_location_table_shows_override_and_what_would_move_it(cli):
    # Safe: O, I, G, G (4-8): exactly 1 inadequate -> requires improvement, overridden to inadequate.
    # Theatres inadequate -> requires improvement: O, RI, G, G -> good.
    run = cli("explain", SAMPLES / "location-override.yaml", "-k", "safe", "--width", "200")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "Location safe (level 3): inadequate (override)" in out
    assert "computed requires improvement → override inadequate: The inadequate rating for theatres" in out
    assert "Theatres and recovery → requires improvement gives good (the principles; the override stands)" in out
    assert "Location caring" not in out  # -k limits level 3
    assert "Location overall (level 4): requires improvement" in out
    assert "How we will aggregate ratings › Using professional judgement" in out


def test_location_json_agrees_with_aggregate(cli):
    sample = SAMPLES / "location-acute-trust.yaml"
    aggregated = cli("aggregate", sample, "--format", "json").json()
    run = cli("explain", sample, "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    assert data["kind"] == "location"
    for kq, r in aggregated["location"]["key_questions"].items():
        got = data["key_questions"][kq]
        assert (got["rating"], got["computed"]) == (r["rating"], r["computed"])
    assert data["overall"]["rating"] == aggregated["location"]["overall"]["rating"]
    assert data["trust"]["rating"] == aggregated["trust"]["rating"]
    # Safe (9 or more): 1 RI, 1 inadequate, 7 good -> good; urgent and emergency care RI -> inadequate
    # makes exactly 2 inadequate -> no higher than requires improvement (principle 6).
    down = data["key_questions"]["safe"]["what_would_change_it"]["down"]
    assert [(m["service"], m["to"], m["computed"]) for m in down] == [
        ("Urgent and emergency care", "inadequate", "requires improvement")]


def test_location_with_an_assessment_file_and_several_files(cli, write):
    write("surgery.yaml", """
        service: {name: Surgery, type: independent-hospital}
        ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
    """)
    loc = write("loc.yaml", """
        location: {name: Small Hospital, type: independent-hospital}
        services:
          - {name: Surgery, assessment: surgery.yaml}
          - name: Outpatients
            ratings: {safe: outstanding, effective: good, caring: good, responsive: good, well-led: good}
    """)
    # Safe: G, O (1-3): 1 or more outstanding, the rest good -> outstanding.
    run = cli("explain", loc, write("council.yaml", COUNCIL), "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    assert [d["kind"] for d in data] == ["location", "local-authority"]
    assert data[0]["key_questions"]["safe"]["rating"] == "outstanding"


def test_bad_location_file_is_reported_as_aggregate_reports_it(cli, write):
    bad = write("loc.yaml", """
        location: {name: Bad, type: independent-hospital}
        services:
          - name: A
            ratings: {safe: great}
    """)
    explained = cli("explain", bad)
    aggregated = cli("aggregate", bad)
    assert explained.exit_code == aggregated.exit_code == 2
    assert explained.stderr == aggregated.stderr and explained.stderr.startswith(f"{bad}:4:")


def test_trust_table_with_moderation(cli, write):
    # 3+3+2+3+3+3+3+2 = 22/32 = 68.75% -> 69 -> good; moderated to requires improvement.
    path = write("trust.yaml", """
        location: {name: Westshire Trust, type: nhs-trust-non-acute}
        trust:
          scores:
            well-led: {27: 3, 28: 3, 29: 2, 30: 3, 31: 3, 32: 3, 33: 3, 34: 2}
        overrides:
          - {target: trust, rating: requires improvement, rationale: NHS England oversight concerns.}
    """)
    run = cli("explain", path, "--width", "200", "-k", "safe")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "--key-question does not apply: nhs-trust-non-acute gets no location key-question ratings" in out
    assert "Trust well-led (level 5): requires improvement (override)" in out
    assert "22 of 32 = 68.75%, shown 68.8%; rounded half up to 69" in out
    assert ("lower Freedom to speak up 2→1: 21/32 = 65.6% → 66 → good, limited by good-limited-by-a-1 "
            "→ requires improvement") in out
    assert "computed good → moderated requires improvement: NHS England oversight concerns." in out
    assert "How we rate NHS trusts" in out
