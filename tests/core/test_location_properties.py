"""Properties of location aggregation (Hypothesis): the order of services never
changes a result, and improving one service's rating never lowers an aggregated
rating (health principles 2 and 3: services weigh equally; the principles only
ever cap a rating by counts of lower ratings)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core.location import aggregate_location
from cqc_rate.inputs.location import LocationFile
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import KEY_QUESTIONS, Rating

RATINGS = list(Rating.ordered())
KQ_KEYS = ("safe", "effective", "caring", "responsive", "well-led")

service_ratings = st.fixed_dictionaries({}, optional={k: st.sampled_from(RATINGS) for k in KQ_KEYS}).filter(bool)
services = st.lists(st.tuples(service_ratings, st.booleans()), min_size=1, max_size=12)


def result(entries):
    model = LocationFile.model_validate({
        "location": {"name": "P", "type": "nhs-trust-acute"},
        "services": [{"name": f"S{i}", "ratings": {k: r.value for k, r in ratings.items()},
                      "significantly_small": small} for i, (ratings, small) in enumerate(entries)],
    })
    return aggregate_location("p.yaml", model, {}, methodology())


def levels(res):
    """The aggregated ratings: level 3 per key question, then level 4."""
    return [res.key_questions[kq].rating for kq in KEY_QUESTIONS] + [res.overall.rating]


@settings(max_examples=60, deadline=None)
@given(services, st.randoms(use_true_random=False))
def test_order_of_services_never_changes_a_result(entries, rnd):
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    a, b = result(entries), result(shuffled)
    assert levels(a) == levels(b)
    for kq in KEY_QUESTIONS:
        assert a.key_questions[kq].computed.counts == b.key_questions[kq].computed.counts
        assert a.key_questions[kq].computed.rule == b.key_questions[kq].computed.rule


@settings(max_examples=300, deadline=None)
@given(services, st.data())
def test_improving_one_service_never_lowers_an_aggregated_rating(entries, data):
    i = data.draw(st.integers(0, len(entries) - 1))
    ratings, small = entries[i]
    kq = data.draw(st.sampled_from(sorted(ratings)))
    current = ratings[kq]
    better = data.draw(st.sampled_from([r for r in RATINGS if r.rank >= current.rank]))
    improved = list(entries)
    improved[i] = ({**ratings, kq: better}, small)
    old, new = result(entries), result(improved)
    for level, (before, after) in enumerate(zip(levels(old), levels(new), strict=True)):
        assert (before is None) == (after is None)  # which ratings exist does not change
        if before is not None and after.rank < before.rank:
            # The one exception is the literal reading of the health principles
            # (docs/methodology.md §6): the earlier result always carries its flag (on the
            # key question, and through it on the overall rating).
            flagged = [old.key_questions[kq].computed for kq in KEY_QUESTIONS] + [old.overall.computed]
            assert any("inadequate but the principles give" in f for agg in flagged for f in agg.flags), (
                level, before, after)


def test_literal_reading_is_the_one_place_improving_a_rating_can_lower_the_result():
    # Health principles, 9 services. 1 inadequate + 2 RI + 6 good: principle 7 needs 3 inadequate,
    # principle 6 exactly 2 inadequate, principle 5 3 RI -> none holds -> good (flagged).
    # Raise the inadequate to RI: 3 RI + 6 good -> principle 5 -> requires improvement.
    I, RI, G = Rating.INADEQUATE, Rating.REQUIRES_IMPROVEMENT, Rating.GOOD
    before = [({"safe": I}, False), ({"safe": RI}, False), ({"safe": RI}, False)] + [({"safe": G}, False)] * 6
    after = [({"safe": RI}, False)] + before[1:]
    old, new = result(before).key_questions["safe"], result(after).key_questions["safe"]
    assert old.rating is G and old.computed.rule.id == "health-otherwise-good"
    assert "an underlying rating is inadequate but the principles give good" in old.computed.flags
    assert new.rating is RI and new.computed.rule.id == "health-5-requires-improvement"
