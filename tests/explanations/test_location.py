"""`explain` for location files (levels 3, 4 and 5).

Expected values are worked out by hand from the rules: the health
aggregation principles (buckets 1-3, 4-8, 9+) and, for level 5, the
key-question rules over the 8 trust-level well-led statements.
"""

from __future__ import annotations

import textwrap

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.engine import aggregate_document
from cqc_rate.explanations import explain
from cqc_rate.inputs.reader import parse
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import KEY_QUESTIONS, Rating

WELL_LED = [s.slug for s in catalogue().statements_of("well_led")]  # the 8 trust-level statements
SECTIONS = methodology().sections


def location(text: str, **options):
    result = aggregate_document(parse("location.yaml", textwrap.dedent(text)))
    return result, explain(result, **options)


def changes(what_if) -> list[tuple[str, int, int]]:
    return [(c.statement.slug, c.before, c.after) for c in what_if.changes]


THREE = """
location: {name: Test Hospital, type: independent-hospital}
services:
  - name: A
    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
  - name: B
    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
  - name: C
    ratings: {safe: outstanding, effective: good, caring: good, responsive: good, well-led: good}
  - name: D
    ratings: {safe: inadequate, effective: good, caring: good, responsive: good, well-led: good}
    significantly_small: true
  - name: E
    ratings: {effective: good}
"""


def test_one_service_moved_changes_a_level_3_rating():
    # Safe: D is significantly small (left out), E has no safe rating (not counted): A good, B good,
    # C outstanding: 3 ratings (1-3): 1 or more outstanding and the rest good -> outstanding (principle 4).
    # Down: A or B good -> requires improvement: 1 requires improvement (1-3) -> requires improvement
    # (principle 5); C outstanding -> good: all good -> good. Up: A or B -> outstanding is still
    # outstanding; C cannot go higher.
    result, e = location(THREE)
    safe = e.key_questions["safe"]
    assert safe.rating is result.key_questions["safe"].rating is Rating.OUTSTANDING
    assert safe.computed.rule.id == "health-4-outstanding"
    assert [(u.name, u.status) for u in safe.inputs] == [
        ("A", "counted"), ("B", "counted"), ("C", "counted"), ("D", "left out"), ("E", "not rated")]
    left = next(s for s in safe.steps if s.id == "left-out")
    assert left.section == SECTIONS["significantly-small"] and "D inadequate" in left.text
    services = next(s for s in safe.steps if s.id == "services")
    assert "Not rated for safe, so not counted: E" in services.text
    assert safe.would_change("up") == ()
    assert [(m.name, m.after, m.result.rating) for m in safe.would_change("down")] == [
        ("A", Rating.REQUIRES_IMPROVEMENT, Rating.REQUIRES_IMPROVEMENT),
        ("B", Rating.REQUIRES_IMPROVEMENT, Rating.REQUIRES_IMPROVEMENT),
        ("C", Rating.GOOD, Rating.GOOD),
    ]
    # Effective: four goods counted (A, B, C and E; D is left out) -> good (4-8, otherwise good); one
    # moved to outstanding: 1 outstanding (< 2) -> good; one to requires improvement: 1 (< 2) -> good.
    effective = e.key_questions["effective"]
    assert (effective.computed.n, effective.computed.bucket) == (4, "4-8")
    assert effective.rating is Rating.GOOD and effective.would_change("up") == effective.would_change("down") == ()
    # Level 4: O, G, G, G, G (4-8): 1 outstanding (< 2) -> good. Safe outstanding -> good: all good.
    # Any good -> outstanding: 2 outstanding, rest good -> outstanding.
    overall = e.overall
    assert overall.rating is result.overall.rating is Rating.GOOD
    assert [m.name for m in overall.would_change("up")] == ["effective", "caring", "responsive", "well_led"]
    assert overall.would_change("down") == ()


OVERRIDE = """
location: {name: Hillcrest, type: independent-hospital}
services:
  - name: Surgery
    ratings: {safe: outstanding, effective: good, caring: good, responsive: good, well-led: good}
  - name: Theatres
    ratings: {safe: inadequate, effective: good, caring: good, responsive: good, well-led: good}
  - name: Outpatients
    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
  - name: Imaging
    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
overrides:
  - target: location.safe
    rating: inadequate
    rationale: Never events in theatres put every surgical patient at risk.
"""


def test_override_is_a_step_beside_the_computed_rating():
    # Safe: O, I, G, G (4-8): 1 inadequate (< 2, so not principle 7), no requires improvement,
    # exactly 1 inadequate -> no higher than requires improvement (principle 6). Overridden: inadequate.
    result, e = location(OVERRIDE)
    safe = e.key_questions["safe"]
    assert (safe.computed.rating, safe.rating) == (Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)
    assert safe.computed.rule.id == "health-6-inadequate-limits"
    override = next(s for s in safe.steps if s.id == "override")
    assert override.section == SECTIONS["override"]
    assert override.text == ("professional judgement departs from the principles: requires improvement → "
                             "inadequate; rationale: \"Never events in theatres put every surgical patient at risk.\"")
    assert safe.steps[-1].text == "location safe rating (level 3): inadequate (override)"
    # What would move the computed rating: Theatres inadequate -> requires improvement gives O, RI, G, G:
    # 1 RI (< 2), no inadequate, 1 O (< 2) -> good. Nothing moved down changes it (Surgery O -> G:
    # I, G, G, G still principle 6; a good -> RI: 1 RI (< 2) with 1 I -> still principle 6).
    assert [(m.name, m.result.rating) for m in safe.would_change("up")] == [("Theatres", Rating.GOOD)]
    assert safe.would_change("down") == ()
    assert safe.to_dict()["override_stands"] is True
    # Level 4 takes the overridden safe: I, G, G, G, G (4-8): exactly 1 inadequate -> requires improvement.
    overall = e.overall
    assert overall.rating is result.overall.rating is Rating.REQUIRES_IMPROVEMENT
    assert overall.inputs[0].rating is Rating.INADEQUATE and overall.inputs[0].computed is Rating.REQUIRES_IMPROVEMENT
    assert "Safe inadequate (override; the principles gave requires improvement)" in overall.steps[0].text
    assert overall.steps[0].section == SECTIONS["location-overall"]
    # Safe inadequate -> requires improvement: RI, G, G, G, G: 1 RI (< 2) -> good.
    assert [(m.name, m.result.rating) for m in overall.would_change("up")] == [("safe", Rating.GOOD)]


TRUST = """
location: {name: Westshire Trust, type: nhs-trust-non-acute}
trust:
  scores:
    well-led: {27: 3, 28: 3, 29: 2, 30: 3, 31: 3, 32: 3, 33: 3, 34: 2}
"""


def test_trust_level_5_is_explained_as_a_key_question():
    # 3+3+2+3+3+3+3+2 = 22/32 = 68.75% -> shown 68.8 -> 69 -> good; no 1, so no limiter.
    result, e = location(TRUST)
    t = e.trust
    assert e.key_questions is None and e.overall is None
    assert t.rating is result.trust.rating is Rating.GOOD
    assert [s.id for s in t.well_led.steps] == [
        "trust", "statements", "sum", "percentage", "rounding", "band", "limiter", "rating", "trust-rating"]
    assert t.well_led.steps[0].section == SECTIONS["trust"]
    assert (t.well_led.rated.pct.total, t.well_led.rated.pct.score) == (22, 69)
    # Up (outstanding): >= 28/32 (87.5 -> 88) and no 2: both 2s to 4 (+4) and two 3s to 4 (+2): 4
    # statements, 6 points (three statements give at most 2 + 2 + 1 = 5).
    assert (len(t.well_led.up.changes), t.well_led.up.points, t.well_led.up.after.pct.total) == (4, 6, 28)
    # Down (requires improvement): a 3 -> 2 gives 21/32 = 66, good with no 1; a 2 -> 1 gives 66, good band
    # limited by the 1: freedom-to-speak-up (the first 2) 2 -> 1.
    assert changes(t.well_led.down) == [("freedom-to-speak-up", 2, 1)]
    assert t.well_led.down.after.limiter.limiter.id == "good-limited-by-a-1"


def test_trust_moderation_and_missing_statements():
    # Moderation is an override of the trust rating.
    _, e = location(TRUST + """
overrides:
  - {target: trust, rating: requires improvement, rationale: NHS England oversight concerns.}
""")
    t = e.trust
    assert (t.computed, t.rating) == (Rating.GOOD, Rating.REQUIRES_IMPROVEMENT)
    moderation = next(s for s in t.well_led.steps if s.id == "moderation")
    assert moderation.text == ("moderation (professional judgement): good → requires improvement; "
                               "rationale: \"NHS England oversight concerns.\"")
    assert t.to_dict()["rating"] == "requires improvement" and t.to_dict()["computed"] == "good"
    # Seven of eight scored: no trust rating; say which statement is needed.
    _, e = location(TRUST.replace(", 34: 2", ""))
    t = e.trust
    assert t.rating is None and t.well_led.steps[-2].id == "withheld"
    assert t.well_led.steps[-2].section == SECTIONS["trust-needs-eight"]
    assert t.well_led.up.reason == ("no rating to move: score Environmental sustainability – "
                                    "sustainable development to give a rating")


def test_key_question_option_limits_level_3_only():
    _, e = location(THREE, key_questions=["caring"])
    assert list(e.key_questions) == ["caring"] and e.overall is not None


def test_every_location_step_names_a_section():
    _, e = location(OVERRIDE)
    sections = set(SECTIONS.values())
    steps = [*e.steps, *(s for a in e.key_questions.values() for s in a.steps), *e.overall.steps]
    for step in steps:
        assert step.section in sections or step.section.startswith(SECTIONS["reading"]), step


# ------------------------------------------------------------------ properties

SCORE = st.integers(1, 4)
RATINGS = [r.value for r in Rating.ordered()]
KQ_KEYS = {"safe": "safe", "effective": "effective", "caring": "caring", "responsive": "responsive",
           "well_led": "well-led"}


@st.composite
def location_docs(draw):
    stype = draw(st.sampled_from(["independent-hospital", "nhs-trust-acute"]))
    n = draw(st.integers(1, 10))
    services = []
    for i in range(n):
        kqs = draw(st.lists(st.sampled_from(list(KQ_KEYS.values())), min_size=1, unique=True))
        service = {"name": f"S{i}", "ratings": {kq: draw(st.sampled_from(RATINGS)) for kq in kqs}}
        if draw(st.integers(0, 4)) == 0:
            service["significantly_small"] = True
        services.append(service)
    doc: dict = {"location": {"name": "Generated", "type": stype}, "services": services}
    targets = [f"location.{kq}" for kq in KQ_KEYS.values()] + ["location.overall"]
    if stype == "nhs-trust-acute" and draw(st.booleans()):
        doc["trust"] = {"scores": {"well-led": draw(st.dictionaries(st.sampled_from(WELL_LED), SCORE))}}
        targets.append("trust")
    chosen = draw(st.lists(st.sampled_from(targets), unique=True, max_size=2))
    if chosen:
        doc["overrides"] = [{"target": t, "rating": draw(st.sampled_from(RATINGS)), "rationale": "Judgement."}
                            for t in chosen]
    return doc


def _aggregate(doc: dict):
    return aggregate_document(parse("generated.yaml", yaml.safe_dump(doc, sort_keys=False)))


@settings(max_examples=40, deadline=None)
@given(location_docs())
def test_location_explanation_agrees_with_aggregate(doc):
    result = _aggregate(doc)
    e = explain(result)
    for kq in KEY_QUESTIONS:
        a, r = e.key_questions[kq], result.key_questions[kq]
        assert (a.rating, a.computed.rating) == (r.rating, r.computed.rating), kq
        # A move that changes the computed rating, made in the file and aggregated again, gives what
        # the explanation says.
        for m in a.would_change("up")[:1] + a.would_change("down")[:1]:
            moved = yaml.safe_load(yaml.safe_dump(doc))
            service = next(s for s in moved["services"] if s["name"] == m.name)
            service["ratings"][KQ_KEYS[kq]] = m.after.value
            assert _aggregate(moved).key_questions[kq].computed.rating is m.result.rating
    assert (e.overall.rating, e.overall.computed.rating) == (result.overall.rating, result.overall.computed.rating)
    if result.trust is not None:
        assert (e.trust.rating, e.trust.computed) == (result.trust.rating, result.trust.computed)
