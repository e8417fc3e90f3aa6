"""Levels 3, 4 and 5 (cqc_rate.core.location), computed by hand from the health
principles ("Ratings principles for health services", 4-7) and "How we rate NHS trusts".

Each aggregation test lists the underlying ratings, the bucket their number
falls in (1-3, 4-8, 9 or more) and the principle that decides.
"""

from __future__ import annotations

import pytest

from cqc_rate.core.location import aggregate_location, check
from cqc_rate.inputs.location import LocationFile
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import KEY_QUESTIONS, Rating

O, G, RI, I = Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE
WORD = {O: "outstanding", G: "good", RI: "requires improvement", I: "inadequate"}
ALL_8 = ["shared-direction-and-culture", "capable-compassionate-and-inclusive-leaders", "freedom-to-speak-up",
         "workforce-equality-diversity-and-inclusion", "governance-management-and-sustainability",
         "partnerships-and-communities", "learning-improvement-and-innovation",
         "environmental-sustainability-sustainable-development"]


def location(services, *, type="independent-hospital", trust=None, overrides=None):
    data = {"location": {"name": "Test", "type": type}}
    if services is not None:
        data["services"] = services
    if trust is not None:
        data["trust"] = {"scores": {"well-led": trust}}
    if overrides is not None:
        data["overrides"] = overrides
    return LocationFile.model_validate(data)


def run(services, **kw):
    model = location(services, **kw)
    assert check(model, methodology()) == []
    return aggregate_location("test.yaml", model, {}, methodology())


def safe_only(*ratings, small=()):
    """One service per rating, each rated for safe only."""
    return [{"name": f"S{i}", "ratings": {"safe": WORD[r]}, **({"significantly_small": True} if i in small else {})}
            for i, r in enumerate(ratings)]


def safe(*ratings, **kw):
    return run(safe_only(*ratings, **kw)).key_questions["safe"]


# ------------------------------------------------------------ level 3, by bucket

@pytest.mark.parametrize("ratings, expected, rule, bucket", [
    # 1-3 ratings
    ((O,), O, "health-4-outstanding", "1-3"),                 # 1 outstanding (>=1), rest good
    ((O, G, G), O, "health-4-outstanding", "1-3"),            # 1 outstanding of 3: enough in 1-3
    ((G, G, G), G, "health-otherwise-good", "1-3"),
    ((G, G, RI), RI, "health-5-requires-improvement", "1-3"),  # >=1 RI of 1-3
    ((O, O, RI), RI, "health-5-requires-improvement", "1-3"),
    ((G, G, I), I, "health-7-inadequate", "1-3"),             # >=1 inadequate of 1-3
    ((O, RI, I), I, "health-7-inadequate", "1-3"),
    # 4-8 ratings
    ((O, G, G, G), G, "health-otherwise-good", "4-8"),        # 1 outstanding: 4-8 needs 2
    ((O, O, G, G), O, "health-4-outstanding", "4-8"),
    ((RI, G, G, G), G, "health-otherwise-good", "4-8"),       # 1 RI: 4-8 needs 2 to limit
    ((RI, RI, G, G), RI, "health-5-requires-improvement", "4-8"),
    ((I, G, G, G), RI, "health-6-inadequate-limits", "4-8"),  # exactly 1 inadequate of 4-8
    ((I, I, G, G), I, "health-7-inadequate", "4-8"),          # >=2 inadequate of 4-8
    ((O, O) + (G,) * 6, O, "health-4-outstanding", "4-8"),    # 8 ratings, 2 outstanding
    ((RI,) + (G,) * 7, G, "health-otherwise-good", "4-8"),
    ((I,) + (G,) * 7, RI, "health-6-inadequate-limits", "4-8"),
    ((I, I) + (G,) * 6, I, "health-7-inadequate", "4-8"),
    ((RI, RI) + (G,) * 6, RI, "health-5-requires-improvement", "4-8"),
    # 9 or more
    ((O, O) + (G,) * 7, G, "health-otherwise-good", "9 or more"),   # 2 outstanding: 9+ needs 3
    ((O, O, O) + (G,) * 6, O, "health-4-outstanding", "9 or more"),
    ((RI, RI) + (G,) * 7, G, "health-otherwise-good", "9 or more"),  # 2 RI: 9+ needs 3 to limit
    ((RI, RI, RI) + (G,) * 6, RI, "health-5-requires-improvement", "9 or more"),
    ((I,) + (G,) * 8, G, "health-otherwise-good", "9 or more"),     # 1 inadequate: nothing applies (literal)
    ((I, I) + (G,) * 7, RI, "health-6-inadequate-limits", "9 or more"),  # exactly 2 of 9+
    ((I, I, I) + (G,) * 6, I, "health-7-inadequate", "9 or more"),
    ((O, O, O) + (G,) * 9, O, "health-4-outstanding", "9 or more"),  # 12 ratings
])
def test_health_principles_by_bucket(ratings, expected, rule, bucket):
    r = safe(*ratings)
    assert r.rating is expected
    assert r.computed.rule.id == rule
    assert r.computed.bucket == bucket
    assert r.computed.n == len(ratings)


@pytest.mark.parametrize("three, four", [
    # the 3/4 edge: the same pattern plus one more good changes the bucket and the result
    (((O, G, G), O), ((O, G, G, G), G)),      # 1 outstanding is enough of 3, not of 4
    (((RI, G, G), RI), ((RI, G, G, G), G)),   # 1 RI limits 3, not 4
    (((I, G, G), I), ((I, G, G, G), RI)),     # 1 inadequate: inadequate of 3, RI of 4
])
def test_edge_between_3_and_4_services(three, four):
    assert safe(*three[0]).rating is three[1]
    assert safe(*four[0]).rating is four[1]


@pytest.mark.parametrize("eight, nine", [
    (((O, O) + (G,) * 6, O), ((O, O) + (G,) * 7, G)),      # 2 outstanding: enough of 8, not of 9
    (((RI, RI) + (G,) * 6, RI), ((RI, RI) + (G,) * 7, G)),  # 2 RI limit 8, not 9
    (((I, I) + (G,) * 6, I), ((I, I) + (G,) * 7, RI)),      # 2 inadequate: inadequate of 8, RI of 9
    (((I,) + (G,) * 7, RI), ((I,) + (G,) * 8, G)),          # 1 inadequate: RI of 8, good of 9
])
def test_edge_between_8_and_9_services(eight, nine):
    assert safe(*eight[0]).rating is eight[1]
    assert safe(*nine[0]).rating is nine[1]


def test_counts_are_given():
    r = safe(O, G, RI, I, G)
    assert r.computed.counts == {"outstanding": 1, "good": 2, "requires improvement": 1, "inadequate": 1}
    assert r.to_dict()["counts"] == {k.replace(" ", "_"): v for k, v in r.computed.counts.items()}
    assert r.to_dict()["principle"]["id"] == "health-6-inadequate-limits"


def test_range_from_inadequate_to_outstanding_is_flagged():
    # O, O, I, G: 4-8, exactly 1 inadequate -> RI (principle 6); range inadequate..outstanding
    r = safe(O, O, I, G)
    assert r.rating is RI
    assert any("range from inadequate to outstanding" in f for f in r.computed.flags)


def test_nine_with_one_inadequate_gives_good_and_is_flagged():
    # The literal reading: 9+, 1 inadequate, nothing else below good -> good, flagged.
    r = safe(I, *(G,) * 8)
    assert r.rating is G
    assert any("inadequate but the principles give good" in f for f in r.computed.flags)


def test_no_flag_without_inadequate():
    assert safe(O, G, RI).computed.flags == ()


# ------------------------------------------------------------ services and levels

def test_service_without_a_key_question_does_not_count():
    # effective: only A is rated (outstanding) -> 1 of 1 -> outstanding; caring: A, B -> 2 (1-3)
    result = run([
        {"name": "A", "ratings": {"safe": "good", "effective": "outstanding", "caring": "good"}},
        {"name": "B", "ratings": {"safe": "good", "caring": "good"}},
    ])
    assert result.key_questions["effective"].rating is O
    assert result.key_questions["effective"].computed.n == 1
    assert result.key_questions["caring"].computed.n == 2
    # no service rates responsive: no rating, with the reason
    assert result.key_questions["responsive"].rating is None
    assert "no counted service has a rating for responsive" in result.key_questions["responsive"].computed.reason
    # level 4 needs all five level-3 ratings
    assert result.overall.rating is None
    assert "Responsive, Well-led" in result.overall.computed.reason


def test_service_overall_is_level_2_from_its_ratings():
    # A: O, O, G, G, G -> 4-8: 2 outstanding, rest good -> outstanding
    # B: no well-led -> no overall rating
    result = run([
        {"name": "A", "ratings": {"safe": "outstanding", "effective": "outstanding", "caring": "good",
                                  "responsive": "good", "well-led": "good"}},
        {"name": "B", "ratings": {"safe": "good"}},
    ])
    a, b = result.services
    assert a.overall.rating is O
    assert b.overall.rating is None and "Well-led" in b.overall.reason


def test_significantly_small_service_is_left_out():
    # O, G, G counted (1-3: 1 outstanding, rest good -> outstanding); the small
    # service's inadequate is left out (principle 2) - with it, it would be inadequate.
    result = run(safe_only(O, G, G, I, small=(3,)))
    r = result.key_questions["safe"]
    assert r.rating is O and r.computed.n == 3 and r.computed.bucket == "1-3"
    assert result.left_out == ("S3",)
    data = result.to_dict()
    assert data["location"]["left_out"] == ["S3"]
    assert [s["left_out"] for s in data["services"]] == [False, False, False, True]


def test_only_small_services_give_no_rating():
    result = run(safe_only(G, small=(0,)))
    r = result.key_questions["safe"]
    assert r.rating is None and "significantly small" in r.computed.reason


def test_level_4_from_the_five_level_3_ratings():
    # level 3: safe RI (2 RI of 3), effective O, caring O, responsive G, well-led G
    # level 4: 5 ratings (4-8): 0 inadequate, 1 RI (<2), 2 outstanding but one below good -> good
    svc = lambda s, e, c, r, w: {"safe": s, "effective": e, "caring": c, "responsive": r, "well-led": w}  # noqa: E731
    result = run([
        {"name": "A", "ratings": svc("requires improvement", "outstanding", "outstanding", "good", "good")},
        {"name": "B", "ratings": svc("requires improvement", "good", "good", "good", "good")},
        {"name": "C", "ratings": svc("good", "good", "good", "good", "good")},
    ])
    kq = {k: r.rating for k, r in result.key_questions.items()}
    assert kq == {"safe": RI, "effective": O, "caring": O, "responsive": G, "well_led": G}
    assert result.overall.rating is G
    assert result.overall.computed.bucket == "4-8"
    assert result.overall.computed.rule.id == "health-otherwise-good"


def test_override_is_shown_beside_the_computed_rating_and_feeds_level_4():
    # safe: O, I, G, G -> 4-8, exactly 1 inadequate -> RI (principle 6); overridden to inadequate.
    # Level 4 then: I, G, G, G, G -> exactly 1 inadequate of 5 -> RI (without the override,
    # RI, G, G, G, G -> 1 RI of 5 -> good).
    services = [{"name": n, "ratings": {kq: "good" for kq in ("safe", "effective", "caring", "responsive", "well-led")}}
                for n in "ABCD"]
    services[0]["ratings"]["safe"] = "outstanding"
    services[1]["ratings"]["safe"] = "inadequate"
    override = {"target": "location.safe", "rating": "inadequate", "rationale": "Never events."}
    result = run(services, overrides=[override])
    r = result.key_questions["safe"]
    assert r.computed.rating is RI and r.rating is I
    assert r.override.rationale == "Never events."
    assert result.overall.rating is RI
    assert result.overall.computed.rule.id == "health-6-inadequate-limits"
    data = result.to_dict()
    assert data["location"]["key_questions"]["safe"]["rating"] == "inadequate"
    assert data["location"]["key_questions"]["safe"]["computed"] == "requires improvement"
    assert data["location"]["key_questions"]["safe"]["override"] == {"rating": "inadequate",
                                                                     "rationale": "Never events."}
    assert data["overrides"] == [{"target": "location.safe", "computed": "requires improvement",
                                  "rating": "inadequate", "rationale": "Never events."}]


def test_override_of_the_overall_rating():
    result = run(safe_only(G), overrides=[{"target": "location.overall", "rating": "good", "rationale": "R"}])
    # no overall computed (only safe rated) but the override stands, shown as such
    assert result.overall.computed.rating is None
    assert result.overall.rating is G


def test_independent_hospital_gets_levels_3_and_4_only():
    data = run(safe_only(G)).to_dict()
    assert "key_questions" in data["location"] and "overall" in data["location"]
    assert "trust" not in data


def test_service_order_in_output_is_file_order():
    result = run(safe_only(G, O, RI))
    assert [s.name for s in result.services] == ["S0", "S1", "S2"]


# ------------------------------------------------------------ level 5

def test_trust_rating_from_all_8_well_led_statements():
    # 3,3,2,3,3,3,3,2 = 22/32 = 68.75 -> 69 -> good band, no 1 -> good
    scores = dict(zip(ALL_8, [3, 3, 2, 3, 3, 3, 3, 2], strict=True))
    result = run(safe_only(G), type="nhs-trust-acute", trust=scores)
    t = result.trust
    assert t.rating is G
    assert (t.well_led.total, t.well_led.maximum, t.well_led.score) == (22, 32, 69)
    assert result.to_dict()["trust"]["rating"] == "good"
    assert result.to_dict()["trust"]["percentage"] == 68.8


def test_trust_rating_limiter():
    # 4 x7 and a 1 = 29/32 = 90.6 -> 91, outstanding band; a 1 limits it to good
    scores = dict(zip(ALL_8, [4] * 7 + [1], strict=True))
    t = run(safe_only(G), type="nhs-trust-acute", trust=scores).trust
    assert t.well_led.band is O and t.rating is G
    assert t.well_led.limiter.limiter.id == "outstanding-limited-by-a-1-or-2"


def test_trust_rating_needs_all_8():
    # environmental sustainability is assessed at trust level: without it, no rating
    scores = dict(zip(ALL_8[:7], [3] * 7, strict=True))
    t = run(safe_only(G), type="nhs-trust-acute", trust=scores).trust
    assert t.rating is None
    assert "all 8" in t.reason and "Environmental sustainability" in t.reason


def test_trust_without_scores_has_no_rating():
    t = run(safe_only(G), type="nhs-trust-acute").trust
    assert t.rating is None and "no trust-level well-led scores" in t.reason


def test_trust_moderation_is_an_override():
    scores = dict(zip(ALL_8, [3] * 8, strict=True))  # 24/32 = 75 -> good
    t = run(safe_only(G), type="nhs-trust-acute", trust=scores,
            overrides=[{"target": "trust", "rating": "requires improvement", "rationale": "Moderation."}]).trust
    assert t.computed is G and t.rating is RI
    assert t.to_dict()["override"] == {"rating": "requires improvement", "rationale": "Moderation."}


def test_non_acute_trust_gets_level_5_only():
    scores = dict(zip(ALL_8, [4] * 8, strict=True))  # 32/32 = 100 -> outstanding
    result = run(None, type="nhs-trust-non-acute", trust=scores)
    data = result.to_dict()
    assert data["trust"]["rating"] == "outstanding"
    assert "key_questions" not in data["location"] and "overall" not in data["location"]
    assert result.headline == ("trust rating", O)


# ------------------------------------------------------------ checks

def problems(services, **kw):
    return check(location(services, **kw), methodology())


@pytest.mark.parametrize("stype", ["gp", "adult-social-care", "urgent-care", "local-authority", "primary-dental"])
def test_type_without_location_or_trust_levels_is_an_error(stype):
    (loc, message), = problems(safe_only(G), type=stype)
    assert loc == ("location", "type") and "use `cqc-rate score`" in message


def test_trust_on_a_type_without_level_5():
    (loc, message), = problems(safe_only(G), trust={"shared-direction-and-culture": 3})
    assert loc == ("trust",) and "no NHS trust rating (level 5)" in message


@pytest.mark.parametrize("target, stype, level", [
    ("trust", "independent-hospital", 5),
    ("location.safe", "nhs-trust-non-acute", 3),
    ("location.overall", "nhs-trust-non-acute", 4),
])
def test_override_of_a_level_the_type_does_not_get(target, stype, level):
    services = None if stype == "nhs-trust-non-acute" else safe_only(G)
    trust = {"shared-direction-and-culture": 3} if stype == "nhs-trust-non-acute" else None
    (loc, message), = problems(services, type=stype, trust=trust,
                               overrides=[{"target": target, "rating": "good", "rationale": "R"}])
    assert loc == ("overrides", 0, "target") and f"(level {level})" in message


def test_location_with_no_services():
    assert problems(None) == [((), "no services: a location file lists at least one service under services:")]
    assert problems([])[0][0] == ("services",)


def test_non_acute_trust_needs_trust_scores_and_no_services():
    assert "give the trust-level well-led scores" in problems(None, type="nhs-trust-non-acute")[0][1]
    found = problems(safe_only(G), type="nhs-trust-non-acute", trust={"shared-direction-and-culture": 3})
    assert [loc for loc, _ in found] == [("services",)]


def test_service_needs_ratings_or_assessment_not_both():
    found = problems([{"name": "A", "ratings": {"safe": "good"}, "assessment": "a.yaml"},
                      {"name": "B"}, {"name": "C", "ratings": {}}])
    # C (ratings: {}) is valid: it contributes nothing (tests/core/test_location_no_ratings.py).
    assert [loc for loc, _ in found] == [("services", 0, "assessment"), ("services", 1)]


def test_trust_scores_only_well_led_and_whole_numbers():
    found = problems(safe_only(G), type="nhs-trust-acute",
                     trust={"shared-direction-and-culture": {"processes": 3}})
    assert found[0][0] == ("trust", "scores", "well_led", "shared-direction-and-culture")
    model = LocationFile.model_validate({"location": {"name": "T", "type": "nhs-trust-acute"},
                                         "services": safe_only(G),
                                         "trust": {"scores": {"safe": {"safeguarding": 3}}}})
    assert check(model, methodology())[0][0] == ("trust", "scores", "safe")


def test_override_twice_and_duplicate_service_names():
    found = problems(safe_only(G, G) + [{"name": "s0", "ratings": {"safe": "good"}}], overrides=[
        {"target": "location.safe", "rating": "good", "rationale": "R"},
        {"target": "location.Safe", "rating": "good", "rationale": "R"}])
    assert [loc for loc, _ in found] == [("services", 2, "name"), ("overrides", 1, "target")]


def test_every_key_question_is_produced():
    assert tuple(run(safe_only(G)).key_questions) == KEY_QUESTIONS
