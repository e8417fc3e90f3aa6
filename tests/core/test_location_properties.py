"""Properties of location aggregation (Hypothesis): the order of services never
changes a result, and improving one service's rating never lowers an aggregated
rating (health principles 2 and 3: services weigh equally; the principles only
ever cap a rating by counts of lower ratings)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core.location import aggregate_location
from cqc_rate.inputs_location import LocationFile
from cqc_rate.methodology import methodology
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


@settings(max_examples=80, deadline=None)
@given(services, st.data())
def test_improving_one_service_never_lowers_an_aggregated_rating(entries, data):
    i = data.draw(st.integers(0, len(entries) - 1))
    ratings, small = entries[i]
    kq = data.draw(st.sampled_from(sorted(ratings)))
    current = ratings[kq]
    better = data.draw(st.sampled_from([r for r in RATINGS if r.rank >= current.rank]))
    improved = list(entries)
    improved[i] = ({**ratings, kq: better}, small)
    for before, after in zip(levels(result(entries)), levels(result(improved))):
        assert (before is None) == (after is None)  # which ratings exist does not change
        if before is not None:
            assert after.rank >= before.rank
