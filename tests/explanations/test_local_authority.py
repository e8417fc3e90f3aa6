"""`explain` for local authorities.

Expected values are worked out by hand from the rules: the local authority
overall percentage (sum / 36, rounded half up, banded 25-38 / 39-62 / 63-87 /
88-100, no limiters).
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core.local_authority import overall as la_overall
from cqc_rate.engine import score_document
from cqc_rate.explanations import explain
from cqc_rate.explanations.local_authority import LA_NOTE_KEY_QUESTION
from cqc_rate.inputs.reader import parse
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import Rating

LA = list(catalogue().local_authority_slugs)  # the nine, in theme order
SECTIONS = methodology().sections
SCORE = st.integers(1, 4)


def la(scores: dict[str, int], **options):
    doc = yaml.safe_dump({"service": {"name": "Council", "type": "local-authority"}, "scores": scores})
    result = score_document(parse("la.yaml", doc))
    return result, explain(result, **options)


def changes(what_if) -> list[tuple[str, int, int]]:
    return [(c.statement.slug, c.before, c.after) for c in what_if.changes]


def test_local_authority_at_22_of_36():
    # Theme order: assessing-needs 3, healthier-lives 3, equity 3 | care-provision 3, partnerships 2 |
    # safe-systems 2, safeguarding 2 | governance 2, learning 2: 9 + 5 + 4 + 4 = 22.
    # 22/36 = 61.111...% -> shown 61.1 -> 61 -> requires improvement (39-62); no limiters.
    scores = dict(zip(LA, [3, 3, 3, 3, 2, 2, 2, 2, 2], strict=True))
    result, e = la(scores)
    x = e.overall
    assert result.overall.rating is x.rating is Rating.REQUIRES_IMPROVEMENT
    assert (x.rated.pct.total, x.rated.pct.maximum, x.rated.pct.one_decimal, x.rated.pct.score) == (22, 36, 61.1, 61)
    text = {s.id: s.text for s in x.steps}
    assert [s.id for s in x.steps] == ["statements", "sum", "percentage", "rounding", "band", "limiter", "rating"]
    assert text["percentage"] == "22/36 = 61.111…%, shown as 61.1%"
    assert text["band"].startswith("61 is in 39–62: requires improvement")
    assert text["limiter"] == "no limiters: the local authority guidance names none"
    section = {s.id: s.section for s in x.steps}
    assert section["statements"] == section["sum"] == SECTIONS["local-authority"]
    assert section["band"] == SECTIONS["local-authority-bands"]
    # Up (good): 23/36 = 63.9 -> 64 (63-87), one point on one statement; ties go to raising the
    # lowest-scored, first in order: partnerships-and-communities 2 -> 3.
    assert changes(x.up) == [("partnerships-and-communities", 2, 3)]
    assert (x.up.after.pct.total, x.up.after.pct.score, x.up.after.rating) == (23, 64, Rating.GOOD)
    # Down (inadequate): 14/36 = 38.9 -> 39 is still requires improvement; 13/36 = 36.1 -> 36 is
    # inadequate: 9 points off. A 3 gives at most 2, a 2 at most 1: four 3s give 8, so five
    # statements: the four 3s to 1 and the first 2 (partnerships) to 1.
    assert (len(x.down.changes), x.down.points) == (5, 9)
    assert sorted(changes(x.down)) == sorted([(s, 3, 1) for s in LA[:4]] + [("partnerships-and-communities", 2, 1)])
    assert (x.down.after.pct.total, x.down.after.pct.score, x.down.after.rating) == (13, 36, Rating.INADEQUATE)
    # The same distance as score's position (statement points to the next band and the band below).
    points = result.overall.statement_points
    assert (points.to_next_band, points.to_lower_band) == (x.up.points, x.down.points) == (1, 9)


def test_local_authority_outstanding_has_no_way_up():
    # 9 x 4 = 36/36 = 100% -> outstanding. Down (good, <= 87): 31/36 = 86.1 -> 86; 32/36 = 88.9 -> 89.
    # 5 points off: one statement gives at most 3, so two (4 -> 1 and 4 -> 2, or the like): 5 points.
    _, e = la(dict.fromkeys(LA, 4))
    x = e.overall
    assert x.rating is Rating.OUTSTANDING
    assert not x.up.found and x.up.reason == "already outstanding: there is no rating above it"
    assert (len(x.down.changes), x.down.points, x.down.after.pct.total, x.down.after.pct.score) == (2, 5, 31, 86)
    assert x.down.after.rating is Rating.GOOD


def test_local_authority_with_fewer_than_nine_scores_is_withheld():
    # Seven scored (governance and learning not): no overall percentage, score or rating.
    scores = dict(zip(LA[:7], [3, 3, 3, 2, 2, 3, 3], strict=True))
    result, e = la(scores)
    x = e.overall
    assert result.overall.rating is None and x.rating is None and x.rated is None
    assert [s.id for s in x.steps] == ["statements", "withheld"]
    withheld = x.steps[-1]
    assert withheld.section == SECTIONS["local-authority-all-nine"]
    assert withheld.text.startswith("no overall rating: 7 of 9 statements scored")
    expected = ("no rating to move: score Governance, management and sustainability, "
                "Learning, improvement and innovation to give a rating")
    assert x.up.reason == x.down.reason == expected
    d = e.to_dict()
    assert (d["kind"], d["overall"]["rating"], d["overall"]["percentage"]) == ("local-authority", None, None)


def test_key_question_option_is_noted_for_a_local_authority():
    _, e = la(dict.fromkeys(LA, 3), key_questions=["safe"])
    assert LA_NOTE_KEY_QUESTION in e.to_dict()["notes"]
    assert e.overall.rating is Rating.GOOD  # 27/36 = 75% -> good: the explanation is unchanged


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(LA), SCORE))
def test_local_authority_explanation_agrees_with_score(scores):
    result, e = la(scores)
    x = e.overall
    assert x.rating == result.overall.rating
    if x.rated is not None:
        assert (x.rated.pct.one_decimal, x.rated.pct.score) == (result.overall.percentage, result.overall.score)
    method, rules = methodology(), method_in_force().local_authority
    for what_if in (x.up, x.down):
        if what_if.found:
            # The change, scored again by the function `score` uses, gives the target rating.
            moved = {**scores, **{c.statement.slug: c.after for c in what_if.changes}}
            assert la_overall(moved, method, rules).rating is what_if.target
            assert abs(what_if.target.rank - x.rating.rank) == 1
