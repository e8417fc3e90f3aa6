"""`explain` for rated services: each step recomputed from the statement scores,
and the smallest score changes that move a rating one step.

Every expected value below is worked out by hand from the rules in
"How we reach a rating" (percentage, half-up rounding, bands 25-38 / 39-62 /
63-87 / 88-100, the two limiters) and the aggregation principles.
"""

from __future__ import annotations

import itertools
import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core.bands import rate_band_only
from cqc_rate.core.results import StatementResult
from cqc_rate.core.service import score_key_question
from cqc_rate.engine import score_document
from cqc_rate.explanations import explain
from cqc_rate.explanations.steps import search
from cqc_rate.inputs.reader import parse
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import KEY_QUESTIONS, Rating

SAFE = [s.slug for s in catalogue().statements_of("safe")]  # 8 statements, catalogue order
CARING = [s.slug for s in catalogue().statements_of("caring")]  # 5 statements


def explained(text: str, **options):
    result = score_document(parse("test.yaml", textwrap.dedent(text)))
    return result, explain(result, **options)


def scores_yaml(kq: str, slugs: list[str], scores: list[int]) -> str:
    return yaml.safe_dump({kq: dict(zip(slugs, scores, strict=True))}, sort_keys=False)


def service(kq: str, slugs: list[str], scores: list[int], stype: str = "gp") -> str:
    body = textwrap.indent(scores_yaml(kq, slugs, scores), "  ")
    return f"service: {{name: Test, type: {stype}}}\nscores:\n{body}"


def changes(what_if) -> list[tuple[str, int, int]]:
    return [(c.statement.slug, c.before, c.after) for c in what_if.changes]


def test_limiter_capped_key_question_cheapest_way_up_is_to_raise_the_statement_scored_1():
    # 4+4+4+3+3+3+3+1 = 25/32 = 78.125% -> 78 -> good band; safe-environments is 1 -> good-limited-by-a-1
    # -> requires improvement. Up one step (good): the 1 must go (no other change removes the limiter,
    # and 26/32 = 81 stays in the good band), so raise it 1 -> 2: 26/32 = 81.25% -> 81 -> good.
    scores = [4, 4, 4, 3, 3, 3, 3, 1]
    slugs = SAFE[:4] + SAFE[5:] + [SAFE[4]]  # safe-environments last, scored 1
    _, e = explained(service("safe", slugs, scores))
    safe = e.key_questions["safe"]
    assert safe.rating is Rating.REQUIRES_IMPROVEMENT and safe.basis == "limiter"
    assert safe.rated.band is Rating.GOOD and safe.rated.pct.score == 78
    assert safe.rated.limiter.statements == ("safe-environments",)
    assert [s.id for s in safe.steps] == ["statements", "sum", "percentage", "rounding", "band", "limiter", "rating"]
    limiter = next(s for s in safe.steps if s.id == "limiter")
    assert "Safe environments 1" in limiter.text and "good-limited-by-a-1" in limiter.text
    assert limiter.section == methodology().sections["limiters"]
    assert safe.up.target is Rating.GOOD
    assert changes(safe.up) == [("safe-environments", 1, 2)]
    assert (safe.up.after.pct.total, safe.up.after.pct.score, safe.up.after.rating) == (26, 81, Rating.GOOD)
    # Down to inadequate needs <= 12/32 (12/32 = 37.5 -> 38; 13/32 = 40.6 -> 41): 13 points off.
    # Four statements give at most 3+3+3+2 = 11, so five: the three 4s to 1 (9) and two 3s to 1 (4).
    assert safe.down.target is Rating.INADEQUATE
    assert len(safe.down.changes) == 5 and safe.down.points == 13
    assert sorted(c.before for c in safe.down.changes) == [3, 3, 4, 4, 4]
    assert all(c.after == 1 for c in safe.down.changes)
    assert (safe.down.after.pct.total, safe.down.after.pct.score) == (12, 38)


def test_key_question_at_62_5_percent():
    # 3+3+3+3+2+2+2+2 = 20/32 = 62.5% exactly -> rounded half up to 63 -> good (no 1: no limiter).
    _, e = explained(service("safe", SAFE, [3, 3, 3, 3, 2, 2, 2, 2]))
    safe = e.key_questions["safe"]
    assert safe.rating is Rating.GOOD and safe.basis == "band"
    assert str(safe.rated.pct.exact) == "125/2" and safe.rated.pct.score == 63
    rounding = next(s for s in safe.steps if s.id == "rounding")
    assert rounding.text == "62.5% rounded half up to the whole number 63 (exactly half-way: rounded up)"
    # 63 is the bottom of 63-87 (middle 75): lower half, 88 - 63 = 25 below outstanding.
    assert (next(s for s in safe.steps if s.id == "band").text
            == "63 is in 63–87: good (lower half, 25 percentage points below the next band)")
    # Down: any one point off gives 19/32 = 59.375 -> 59 -> requires improvement; ties go to
    # lowering the highest-scored statement, the first 3 in catalogue order.
    assert changes(safe.down) == [(SAFE[0], 3, 2)]
    assert safe.down.after.pct.score == 59 and safe.down.after.rating is Rating.REQUIRES_IMPROVEMENT
    # Up to outstanding: all four 2s must go (outstanding-limited-by-a-1-or-2) and the total must reach
    # 28/32 = 87.5 -> 88: 20 + 4 x 2 = 28, so the four 2s each to 4.
    assert changes(safe.up) == [(slug, 2, 4) for slug in SAFE[4:]]
    assert safe.up.points == 8 and safe.up.after.pct.score == 88 and safe.up.after.rating is Rating.OUTSTANDING


def test_outstanding_key_question_has_no_way_up():
    # 4+4+4+4+3 = 19/20 = 95% -> outstanding, no 1 or 2.
    _, e = explained(service("caring", CARING, [4, 4, 4, 4, 3]))
    caring = e.key_questions["caring"]
    assert caring.rating is Rating.OUTSTANDING
    assert not caring.up.found and caring.up.target is None
    assert caring.up.reason == "already outstanding: there is no rating above it"
    # Down: the cheapest is the 3 -> 2: 18/20 = 90 -> outstanding band, but a 2 limits it to good
    # (a 4 -> 3 keeps 90 with no 2: still outstanding; a 4 -> 2 costs 2 points).
    assert changes(caring.down) == [(CARING[4], 3, 2)]
    assert caring.down.after.limiter.limiter.id == "outstanding-limited-by-a-1-or-2"
    assert caring.down.after.rating is Rating.GOOD


def test_worked_example_steps():
    # The source's example: 2,3,3,2,3,2,3,3 = 21/32 = 65.625% -> shown 65.6, rounded to 66 -> good.
    _, e = explained(service("safe", SAFE, [2, 3, 3, 2, 3, 2, 3, 3]))
    text = {s.id: s.text for s in e.key_questions["safe"].steps}
    assert text["sum"] == "sum 21 of a maximum 32 (8 statements × 4)"
    assert text["percentage"] == "21/32 = 65.625%, shown as 65.6%"
    assert text["rounding"] == "65.625% rounded half up to the whole number 66"
    assert text["limiter"] == "good-limited-by-a-1 does not apply: no statement is scored 1"
    assert text["rating"] == "rating: good (the band)"


@pytest.mark.parametrize("stype, rule", [("adult-social-care", "asc-3-good"), ("gp", "health-otherwise-good")])
def test_overall_one_key_question_away_from_outstanding(stype, rule):
    # 1 outstanding + 4 good: adult social care needs at least 2 outstanding (principle 2), health
    # services with 4-8 ratings need 2 or more (principle 4): good. Raising any good key question to
    # outstanding gives 2 outstanding + 3 good -> outstanding; moving anything down leaves at most one
    # requires improvement and no inadequate -> still good.
    _, e = explained(f"""
        service: {{name: Test, type: {stype}}}
        ratings: {{safe: outstanding, effective: good, caring: good, responsive: good, well-led: good}}
    """)
    o = e.overall
    assert o.rating is Rating.GOOD and o.aggregation.rule.id == rule
    up = o.would_change("up")
    assert [m.key_question for m in up] == ["effective", "caring", "responsive", "well_led"]
    assert all(m.overall.rating is Rating.OUTSTANDING and m.after is Rating.OUTSTANDING for m in up)
    assert o.would_change("down") == ()
    counts = next(s for s in o.steps if s.id == "counts")
    assert counts.text.endswith("1 outstanding, 4 good")
    principles = "adult-social-care" if stype == "adult-social-care" else "health"
    assert counts.section == methodology().sections[f"principles.{principles}"]


def test_given_rating_has_no_statement_arithmetic():
    _, e = explained("""
        service: {name: Test, type: gp}
        ratings: {safe: good}
    """)
    safe = e.key_questions["safe"]
    assert safe.rating is Rating.GOOD and safe.basis == "given" and safe.rated is None
    assert [s.id for s in safe.steps] == ["given"]
    assert not safe.up.found and "given directly" in safe.up.reason
    assert e.overall.rating is None and [s.id for s in e.overall.steps] == ["levels", "overall-needs-five"]


def test_2023_method_and_withheld_key_question():
    # 2023 method: learning culture 3, 2, 3, 3 = 11/16 = 68.75% -> 69 -> statement score 3 (the
    # source's example). The other safe statements take 3 from the published good rating:
    # 8 x 3 = 24/32 = 75% -> good. Effective has no published rating and nothing scored: withheld.
    _, e = explained("""
        service: {name: Test, type: gp}
        assessment: {method: 2023}
        existing_ratings: {safe: good}
        scores:
          safe:
            learning-culture: {peoples-experience: 3, feedback-from-staff-and-leaders: 2, observation: 3, processes: 3}
    """)
    safe = e.key_questions["safe"]
    evidence = next(s for s in safe.steps if s.id == "method-2023")
    assert evidence.text == "Learning culture: 3 + 2 + 3 + 3 = 11/16 = 68.75% → 69 → statement score 3"
    assert evidence.section == methodology().sections["method-2023"]
    transfer = next(s for s in safe.steps if s.id == "transfer")
    assert transfer.text.count("from the published safe rating") == 7
    assert (safe.rated.pct.total, safe.rated.pct.maximum, safe.rating) == (24, 32, Rating.GOOD)
    effective = e.key_questions["effective"]
    assert effective.rating is None and effective.steps[-1].id == "withheld"
    assert effective.up.reason.startswith("no rating to move: assess Assessing needs, Delivering evidence-based")


def test_key_questions_option_limits_the_per_key_question_part_only():
    _, e = explained(service("safe", SAFE, [3] * 8), key_questions=["safe"])
    assert list(e.key_questions) == ["safe"]
    assert e.to_dict()["overall"]["reason"].startswith("no overall rating")


def test_every_step_names_a_section_of_the_method():
    _, e = explained("""
        service: {name: Test, type: adult-social-care}
        existing_ratings: {safe: good, effective: good, caring: outstanding, responsive: good, well-led: inadequate}
        scores: {safe: {safeguarding: 1}}
    """)
    sections = set(methodology().sections.values())
    steps = [s for x in e.key_questions.values() for s in x.steps] + list(e.overall.steps)
    for step in steps:
        assert step.section in sections or step.section.startswith(methodology().sections["reading"]), step


def test_to_dict_carries_the_same_content():
    _, e = explained(service("safe", SAFE, [2, 3, 3, 2, 3, 2, 3, 3]))
    d = e.to_dict()
    safe = d["key_questions"]["safe"]
    assert ((safe["total"], safe["maximum"], safe["percentage"], safe["score"], safe["rating"])
            == (21, 32, 65.6, 66, "good"))
    assert safe["exact_percentage"] == {"numerator": 525, "denominator": 8}
    assert [s["step"] for s in safe["steps"]][:2] == ["statements", "sum"]
    down = safe["what_would_change_it"]["down"]
    # 2 -> 1 on learning culture: 20/32 = 62.5 -> 63, good band with a 1 -> requires improvement.
    assert ((down["statements_changed"], down["points"], down["rating"], down["limiter"])
            == (1, 1, "requires improvement", "good-limited-by-a-1"))
    assert down["changes"] == [{"id": "learning-culture", "api_id": 1, "name": "Learning culture",
                                "source": "updated", "from": 2, "to": 1}]
    assert d["kind"] == "service" and d["explanation"] is True


def test_search_without_limiters_for_kinds_that_have_none():
    # Nine scores, no limiters (the local-authority reading): 8 x 3 + 1 = 25/36 = 69.4% -> 69 -> good.
    # Down (requires improvement needs <= 22/36 = 61.1; 23/36 = 63.9 -> 64 is good): 3 points off, the
    # 1 cannot fall, a 3 gives at most 2: two statements, 3->1 and 3->2 (3 points).
    # Up (outstanding needs >= 32/36 = 88.9; 31/36 = 86.1 -> 86): 7 points on; five 3s give only 5,
    # so the 1 -> 4 (3) and four 3s -> 4: five statements, 7 points.
    statements = tuple(StatementResult(s, v, "updated")
                       for s, v in zip(catalogue().statements[:9], [3, 3, 3, 3, 3, 3, 3, 3, 1], strict=True))
    m = methodology()
    rated = rate_band_only([(s.statement.slug, s.score) for s in statements], m)
    assert (rated.pct.score, rated.rating, rated.limiter) == (69, Rating.GOOD, None)
    down = search(statements, Rating.GOOD, "down", m, rate_band_only)
    assert sorted((c.before, c.after) for c in down.changes) == [(3, 1), (3, 2)]
    assert down.after.pct.total == 22 and down.after.rating is Rating.REQUIRES_IMPROVEMENT
    up = search(statements, Rating.GOOD, "up", m, rate_band_only)
    assert (len(up.changes), up.points, up.after.pct.total) == (5, 7, 32)
    assert (statements[8].statement.slug, 1, 4) in changes(up)


# ------------------------------------------------------------------ properties

RATED_TYPES = [t.key for t in methodology().service_types if t.kind == "service"]
RATING_WORDS = [r.value for r in Rating.ordered()]
CATEGORIES = [c.slug for c in catalogue().categories]
SCORE = st.integers(1, 4)


@st.composite
def statement_scores(draw, kq: str, evidence: bool):
    slugs = [s.slug for s in catalogue().statements_of(kq)]
    chosen = draw(st.lists(st.sampled_from(slugs), unique=True, max_size=len(slugs)))
    entry = SCORE if not evidence else st.one_of(SCORE, st.dictionaries(st.sampled_from(CATEGORIES), SCORE, min_size=1))
    return {slug: draw(entry) for slug in chosen}


@st.composite
def assessments(draw):
    """Valid rated assessment documents: every combination of sources the contract allows."""
    stype = draw(st.sampled_from(RATED_TYPES))
    method = draw(st.sampled_from(["2023", "2024"]))
    doc: dict = {"service": {"name": "Generated", "type": stype}, "assessment": {"method": method}}
    existing = {kq: draw(st.sampled_from(RATING_WORDS)) for kq in KEY_QUESTIONS if draw(st.booleans())}
    if existing:
        doc["existing_ratings"] = existing
        doc["history"] = {"provider_changed": draw(st.booleans())}
    scores, kept, ratings = {}, {}, {}
    for kq in KEY_QUESTIONS:
        how = draw(st.sampled_from(["scores", "scores", "scores", "given", "none"]))
        if how == "given":
            ratings[kq] = draw(st.sampled_from(RATING_WORDS))
        elif how == "scores":
            scores[kq] = draw(statement_scores(kq, method == "2023"))
            kept[kq] = draw(statement_scores(kq, True))
    for section, value in (("scores", scores), ("existing_scores", kept), ("ratings", ratings)):
        if value:
            doc[section] = value
    return doc


def _key(kq: str) -> str:
    return "well-led" if kq == "well_led" else kq


@settings(max_examples=80, deadline=None)
@given(assessments())
def test_explain_reaches_the_rating_score_gives(doc):
    result = score_document(parse("generated.yaml", yaml.safe_dump(doc, sort_keys=False)))
    e = explain(result)
    for kq in KEY_QUESTIONS:
        assert e.key_questions[kq].rating == result.key_questions[kq].rating, kq
        rated = e.key_questions[kq].rated
        if rated is not None:
            r = result.key_questions[kq]
            assert (rated.pct.one_decimal, rated.pct.score, rated.band) == (r.percentage, r.score, r.band)
    assert e.overall.rating == result.overall.rating
    method = methodology()
    for kq, x in e.key_questions.items():
        for what_if in (x.up, x.down):
            if not what_if.found:
                continue
            # The change, made to the statements and scored by the same function `score` uses,
            # gives the target rating: one step from where it was.
            new = {c.statement.slug: c.after for c in what_if.changes}
            statements = tuple(s._replace(score=new.get(s.statement.slug, s.score))
                               for s in result.key_questions[kq].statements)
            again = score_key_question(kq, statements, method, rating_to_transfer=True, why_no_rating="")
            assert again.rating is what_if.target
            assert abs(what_if.target.rank - x.rating.rank) == 1


def _brute(scores: list[int]) -> dict[Rating, tuple[int, int]]:
    """Per rating: (fewest statements changed, fewest points among those) over every score vector,
    moving scores either way."""
    method = methodology()
    best: dict[Rating, tuple[int, int]] = {}
    for values in itertools.product(range(1, 5), repeat=len(scores)):
        r = score_key_question("safe", _statements(list(values)), method,
                               rating_to_transfer=True, why_no_rating="").rating
        k = sum(1 for a, b in zip(scores, values, strict=True) if a != b)
        points = sum(abs(a - b) for a, b in zip(scores, values, strict=True))
        best[r] = min(best.get(r, (k, points)), (k, points))
    return best


def _statements(scores: list[int]) -> tuple[StatementResult, ...]:
    # Fewer scores than statements: only the first few statements.
    return tuple(StatementResult(s, v, "updated")
                 for s, v in zip(catalogue().statements_of("safe"), scores, strict=False))


@settings(max_examples=40, deadline=None)
@given(st.lists(SCORE, min_size=1, max_size=4))
def test_search_finds_the_smallest_change(scores):
    # Against a brute force over every score vector, moving scores either way: the search (which
    # only raises to go up and only lowers to go down) finds as few statements and points.
    method = methodology()
    current = score_key_question("safe", _statements(scores), method, rating_to_transfer=True, why_no_rating="").rating
    brute = _brute(scores)
    for direction, step in (("up", 1), ("down", -1)):
        found = search(_statements(scores), current, direction, method)
        index = current.rank + step
        if not 0 <= index < 4:
            assert not found.found
            continue
        best = brute.get(Rating.ordered()[index])
        assert best is not None and found.found
        assert (len(found.changes), found.points) == best
