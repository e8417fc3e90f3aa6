"""The methodology shipped as data: bands, limiters, transfers, service types (docs/methodology.md §2-4)."""

from cqc_rate.method import method_in_force as methodology
from cqc_rate.method import method_named
from cqc_rate.terms import Rating


def test_bands_from_the_source():
    # "25 to 38% = inadequate, 39 to 62% = requires improvement, 63 to 87% = good, 88% and above = outstanding"
    assert [(b.rating, b.low, b.high) for b in methodology().bands] == [
        (Rating.INADEQUATE, 25, 38), (Rating.REQUIRES_IMPROVEMENT, 39, 62),
        (Rating.GOOD, 63, 87), (Rating.OUTSTANDING, 88, 100)]


def test_limiters_from_the_source():
    limiters = {lim.id: (lim.band, lim.scores, lim.cap) for lim in methodology().limiters}
    assert limiters == {
        "good-limited-by-a-1": (Rating.GOOD, (1,), Rating.REQUIRES_IMPROVEMENT),
        "outstanding-limited-by-a-1-or-2": (Rating.OUTSTANDING, (1, 2), Rating.GOOD),
    }


def test_transfer_scores_from_the_source():
    assert methodology().transfer.scores == {
        Rating.OUTSTANDING: 4, Rating.GOOD: 3, Rating.REQUIRES_IMPROVEMENT: 2, Rating.INADEQUATE: 1}


def test_transfer_exceptions_from_the_source():
    got = {(e.statement, e.from_key_question, e.applies_to) for e in methodology().transfer.exceptions}
    assert got == {
        ("workforce-wellbeing-and-enablement", "well_led", "all"),
        ("environmental-sustainability-sustainable-development", None, "all"),
        ("care-provision-integration-and-continuity", "well_led", "asc_framework_only"),
        ("providing-information", "effective", "asc_framework_only"),
    }


def test_levels_each_service_type_gets():
    # "The levels we will rate each type of service"
    levels = {t.key: t.levels for t in methodology().service_types if t.kind == "service"}
    assert levels == {
        "adult-social-care": (1, 2), "gp": (1, 2), "independent-doctors-and-clinics": (1, 2),
        "independent-single-specialty": (1, 2), "independent-hospital": (1, 2, 3, 4),
        "online-primary-care": (1, 2), "urgent-care": (1, 2), "nhs-trust-non-acute": (1, 2, 5),
        "nhs-trust-acute": (1, 2, 3, 4, 5),
    }


def test_services_not_rated_by_law():
    not_rated = {t.key for t in methodology().service_types if t.kind == "not-rated"}
    assert not_rated == {"primary-dental", "childrens-home", "sexual-assault-referral-centre",
                         "blood-and-transplant", "hyperbaric-oxygen-therapy", "medical-laboratory",
                         "prison-and-detention"}


def test_service_types_match_leniently():
    m = methodology()
    assert m.service_type("Adult social care").key == "adult-social-care"
    assert m.service_type("GP").key == "gp"
    assert m.service_type("Young offender institution").key == "prison-and-detention"
    assert m.service_type("NHS trust acute").key == "nhs-trust-acute"
    assert m.service_type("Care home").key == "adult-social-care"  # not children's home
    assert m.service_type("nursing homes").key == "adult-social-care"
    assert m.service_type("GP practice").key == "gp"
    assert m.service_type("dentist").key == "primary-dental"
    assert m.service_type("hospital") is None


def test_method_change_date():
    assert str(method_named("2024").in_force_from) == "2024-12-02"
