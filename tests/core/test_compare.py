"""Two results of one service side by side (cqc_rate.core.compare), worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqc_rate import api
from cqc_rate.core.compare import CompareError, compare

from ..conftest import SAMPLES

CARE_HOME = SAMPLES / "care-home.yaml"


def _row(comparison, label):
    return next(r for r in comparison.ratings if r.place.label == label)


def test_one_score_raised_moves_safe_up_within_the_band():
    # Care-home safe before: learning culture 2 (existing), involving people 2, staffing 2
    # (existing), infection control 3 (updated), the other four transferred from good (3):
    # 2+2+2+3+3*4 = 21/32 = 65.625% -> 65.6%, 66 -> good (63-87).
    # Learning culture 2 -> 4: 23/32 = 71.875% -> 71.9%, 72 -> good; 72 - 66 = +6 points,
    # 88 - 72 = 16 points from outstanding.
    c = api.compare_files(CARE_HOME, CARE_HOME, settings=["safe.learning-culture=4"])
    safe = _row(c, "Safe")
    assert (safe.before.percentage, safe.before.score, safe.before.rating.value) == (65.6, 66, "good")
    assert (safe.after.percentage, safe.after.score, safe.after.rating.value) == (71.9, 72, "good")
    assert (safe.points, safe.direction, safe.rating_change, safe.dropped) == (6, "up", "same", False)
    assert safe.movement == "moved up within the good band, now 16 points from outstanding"
    # The one statement changed: its score and its source (existing -> updated by --set).
    [s] = c.statements
    assert (s.statement.slug, s.score_before, s.score_after, s.source_before, s.source_after) == (
        "learning-culture", 2, 4, "existing", "updated")
    assert _row(c, "Overall").rating_change == "same" and not c.drops
    # Nothing else moved: effective 18/24 = 75% -> 75, 88 - 75 = 13 from outstanding.
    assert _row(c, "Effective").movement == "no change, 13 points from outstanding"


def test_a_score_lowered_to_1_is_a_drop():
    # Learning culture 2 -> 1: 20/32 = 62.5% -> 63 (half up) -> the good band, but a 1 in
    # a good key question limits it to requires improvement (good-limited-by-a-1): a drop.
    # 63 - 66 = -3 points; 63 - 63 + 1 = 1 point down to the requires improvement band.
    # Overall: safe and well-led requires improvement, 2 of 5 -> asc-4 -> requires improvement.
    c = api.compare_files(CARE_HOME, CARE_HOME, settings=["safe.learning-culture=1"])
    safe = _row(c, "Safe")
    assert (safe.after.percentage, safe.after.score, safe.after.rating.value) == (62.5, 63, "requires improvement")
    assert (safe.points, safe.direction, safe.rating_change, safe.dropped) == (-3, "down", "down", True)
    # The band is the score's (good); the rating is the limiter's, and the text says both.
    assert safe.movement == ("moved down within the good band, now 1 point from requires improvement; "
                             "the rating is limited to requires improvement by a statement's score")
    overall = _row(c, "Overall")
    assert (overall.before.rating.value, overall.after.rating.value, overall.direction) == (
        "good", "requires improvement", "down")
    assert [r.place.label for r in c.drops] == ["Safe", "Overall"]


def test_a_location_compares_every_level():
    c = api.compare_files(SAMPLES / "location-acute-trust.yaml", SAMPLES / "location-acute-trust.yaml")
    levels = {r.place.level for r in c.ratings}
    assert {1, 2, 3, 4, 5} <= levels
    # The same file twice: nothing moved (a rating withheld in both is "none").
    assert {r.rating_change for r in c.ratings} <= {"same", "none"} and c.statements == ()
    assert all(r.points in (None, 0) for r in c.ratings)


def test_different_services_are_refused_unless_forced():
    care_home, gp = api.score_file(CARE_HOME), api.score_file(SAMPLES / "gp-practice.yaml")
    with pytest.raises(CompareError, match="different services"):
        compare(care_home, gp)
    forced = compare(care_home, gp, force=True)
    assert forced.notes and forced.notes[0].endswith("compared as asked (--force)")
    location = api.score_file(SAMPLES / "location-acute-trust.yaml")
    with pytest.raises(CompareError, match="different kinds of file"):
        compare(care_home, location)
    # Two kinds share no place: each is listed as removed or added.
    both = compare(care_home, location, force=True)
    assert {r.rating_change for r in both.ratings} == {"removed", "added"}


def test_a_file_of_a_service_not_rated_is_refused():
    data = {"service": {"name": "S", "type": "hyperbaric-oxygen-therapy"},
            "judgements": {"safe": {"safeguarding": "met"}}}
    with pytest.raises(api.InputError, match="a service CQC does not rate has no ratings to compare"):
        api.compare(data, data)


CARE_HOME_STATEMENTS = [("safe", "learning-culture"), ("safe", "safeguarding"), ("effective", "assessing-needs"),
                        ("caring", "workforce-wellbeing-and-enablement"), ("well-led", "freedom-to-speak-up")]


@given(st.dictionaries(st.sampled_from(CARE_HOME_STATEMENTS), st.integers(1, 4), max_size=5))
def test_what_was_set_is_what_compare_reports(changes):
    # Compare the care home with itself after --set: the statements reported changed are
    # exactly those set (the source becomes "updated", so even an equal score is reported
    # unless it was updated already), and each key question's points are the change in
    # its whole-number score, recomputed here from the two scorings.
    settings = [f"{kq}.{slug}={score}" for (kq, slug), score in changes.items()]
    c = api.compare_files(CARE_HOME, CARE_HOME, settings=settings)
    before, after = api.score_file(CARE_HOME), api.score_file(CARE_HOME, settings=settings)
    reported = {(s.place.key_question, s.statement.slug): s.score_after for s in c.statements}
    was = {(kq, s.statement.slug): (s.score, s.source) for kq, r in before.key_questions.items() for s in r.statements}
    expected = {}
    for (kq, slug), score in changes.items():
        key = ("well_led" if kq == "well-led" else kq, slug)
        if was[key] != (score, "updated"):
            expected[key] = score
    assert reported == expected
    for r in c.ratings:
        if r.place.key_question is not None:
            b, a = before.key_questions[r.place.key_question], after.key_questions[r.place.key_question]
            assert r.points == a.score - b.score
            assert r.dropped == (a.rating.rank < b.rating.rank)


def test_a_rated_place_missing_from_after_is_a_drop(tmp_path):
    # A location with Maternity (rated) as BEFORE, and the same file without it as AFTER:
    # nothing vouches for Maternity's ratings now, so --fail-on-drop's drops include them.
    import yaml

    before = yaml.safe_load((SAMPLES / "location-acute-trust.yaml").read_text(encoding="utf-8"))
    after = yaml.safe_load((SAMPLES / "location-acute-trust.yaml").read_text(encoding="utf-8"))
    after["services"] = [s for s in after["services"] if s["name"] != "Maternity"]
    assert len(after["services"]) == len(before["services"]) - 1
    c = api.compare(before, after, base=SAMPLES)
    removed = [r for r in c.ratings if r.rating_change == "removed"]
    assert removed and all(r.place.service == "Maternity" for r in removed)
    assert {r.place.label for r in c.drops} >= {r.place.label for r in removed if r.before.rating is not None}
    assert all(r.dropped for r in removed if r.before.rating is not None)
