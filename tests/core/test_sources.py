"""Where each statement's score comes from (docs/methodology.md §3; "Calculating the first
scores using our new approach") and the 2023 evidence-category method.

Transfer: outstanding 4, good 3, requires improvement 2, inadequate 1, with
four exceptions. Precedence: updated > existing > transferred > none.
"""

from __future__ import annotations

from cqc_rate.core.sources import TransferContext, from_evidence, resolve, statement_score
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import Rating

M = methodology()
O, G, RI, I = Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE


def by_slug(results):
    return {r.statement.slug: r for r in results}


def resolve_kq(kq, context, updated=None, existing=None):
    return by_slug(resolve(catalogue().statements_of(kq), updated or {}, existing or {}, context, M))


# ------------------------------------------------------------ first-score transfer


def test_transfer_scores_outstanding_4_good_3_requires_improvement_2_inadequate_1() -> None:
    for rating, expected in ((O, 4), (G, 3), (RI, 2), (I, 1)):
        safe = resolve_kq("safe", TransferContext({"safe": rating}, False))
        assert {r.score for r in safe.values()} == {expected}
        assert {r.source for r in safe.values()} == {"transferred"}
        assert {r.transferred_from for r in safe.values()} == {"safe"}


def test_transfer_exception_workforce_wellbeing_from_well_led() -> None:
    # caring outstanding (4) but well-led requires improvement (2): workforce wellbeing takes 2
    caring = resolve_kq("caring", TransferContext({"caring": O, "well_led": RI}, False))
    wellbeing = caring["workforce-wellbeing-and-enablement"]
    assert (wellbeing.score, wellbeing.source, wellbeing.transferred_from) == (2, "transferred", "well_led")
    assert wellbeing.transfer_rule is not None and "well-led" in wellbeing.transfer_rule
    assert caring["kindness-compassion-and-dignity"].score == 4


def test_transfer_exception_workforce_wellbeing_without_a_well_led_rating_gets_nothing() -> None:
    # caring rated, well-led not: the exception names well-led, so no transferred score
    caring = resolve_kq("caring", TransferContext({"caring": G}, False))
    assert caring["workforce-wellbeing-and-enablement"].score is None
    assert caring["workforce-wellbeing-and-enablement"].source is None


def test_transfer_exception_workforce_wellbeing_applies_to_every_service_type() -> None:
    # asc_framework_only False (a GP practice, say): still from well-led
    caring = resolve_kq("caring", TransferContext({"caring": G, "well_led": I}, False))
    assert caring["workforce-wellbeing-and-enablement"].score == 1


def test_transfer_exception_no_transferred_score_for_environmental_sustainability() -> None:
    well_led = resolve_kq("well_led", TransferContext({"well_led": G}, True))
    env = well_led["environmental-sustainability-sustainable-development"]
    assert env.score is None and env.source is None
    assert env.applies is False  # assessed only at trust level
    assert all(r.score == 3 for slug, r in well_led.items() if slug != env.statement.slug)


def test_environmental_sustainability_given_score_still_counts() -> None:
    well_led = resolve_kq("well_led", TransferContext({}, False),
                          updated={"environmental-sustainability-sustainable-development": 2})
    env = well_led["environmental-sustainability-sustainable-development"]
    assert (env.score, env.source) == (2, "updated")


def test_transfer_exception_asc_care_provision_integration_and_continuity_from_well_led() -> None:
    # adult social care last inspected under the ASC framework: responsive good (3), well-led inadequate (1)
    responsive = resolve_kq("responsive", TransferContext({"responsive": G, "well_led": I, "effective": O}, True))
    care = responsive["care-provision-integration-and-continuity"]
    assert (care.score, care.transferred_from) == (1, "well_led")
    assert care.transfer_rule is not None and "adult social care" in care.transfer_rule


def test_transfer_exception_asc_providing_information_from_effective() -> None:
    responsive = resolve_kq("responsive", TransferContext({"responsive": G, "well_led": I, "effective": O}, True))
    info = responsive["providing-information"]
    assert (info.score, info.transferred_from) == (4, "effective")
    # the other five responsive statements take the responsive rating: 3
    others = [r.score for slug, r in responsive.items()
              if slug not in ("providing-information", "care-provision-integration-and-continuity")]
    assert others == [3] * 5


def test_transfer_exceptions_asc_only_do_not_apply_to_other_types() -> None:
    # asc_framework_only False (another type, or ASC with asc_framework_only: false): from responsive
    responsive = resolve_kq("responsive", TransferContext({"responsive": G, "well_led": I, "effective": O}, False))
    assert responsive["care-provision-integration-and-continuity"].transferred_from == "responsive"
    assert responsive["care-provision-integration-and-continuity"].score == 3
    assert responsive["providing-information"].transferred_from == "responsive"
    assert responsive["providing-information"].score == 3
    assert responsive["providing-information"].transfer_rule is None


def test_transfer_nothing_without_published_ratings() -> None:
    # a never-inspected service (or a provider change) has an empty context
    safe = resolve_kq("safe", TransferContext({}, False))
    assert all(r.score is None and r.source is None for r in safe.values())


# ------------------------------------------------------------ precedence


def test_precedence_updated_over_existing_over_transferred() -> None:
    # a mixed key question: safeguarding given in both (updated 4 wins over existing 1);
    # learning culture existing 2; the other six transferred from good (3)
    safe = resolve_kq("safe", TransferContext({"safe": G}, False),
                      updated={"safeguarding": 4, "infection-prevention-and-control": 3},
                      existing={"safeguarding": 1, "learning-culture": 2})
    assert (safe["safeguarding"].score, safe["safeguarding"].source) == (4, "updated")
    ipc = safe["infection-prevention-and-control"]
    assert (ipc.score, ipc.source) == (3, "updated")
    assert (safe["learning-culture"].score, safe["learning-culture"].source) == (2, "existing")
    transferred = [r for r in safe.values() if r.source == "transferred"]
    assert len(transferred) == 5 and {r.score for r in transferred} == {3}
    # 4 + 3 + 2 + 5x3 = 24 of 32
    assert sum(r.score for r in safe.values()) == 24


def test_existing_score_beats_a_transfer_exception() -> None:
    caring = resolve_kq("caring", TransferContext({"caring": G, "well_led": I}, False),
                        existing={"workforce-wellbeing-and-enablement": 3})
    assert caring["workforce-wellbeing-and-enablement"].source == "existing"
    assert caring["workforce-wellbeing-and-enablement"].score == 3


def test_statements_come_out_in_catalogue_order() -> None:
    results = resolve(catalogue().statements_of("safe"), {"medicines-optimisation": 3}, {},
                      TransferContext({}, False), M)
    assert [r.statement.api_id for r in results] == list(range(1, 9))


# ------------------------------------------------------------ the 2023 method


def test_2023_method_source_example_3_2_3_3_is_11_of_16_68_75_rounded_69_scores_3() -> None:
    evidence = from_evidence({"peoples-experience": 3, "feedback-from-staff-and-leaders": 2,
                              "observation": 3, "processes": 3}, M)
    # 3+2+3+3 = 11; 4 x 4 = 16; 11/16 = 68.75% -> 68.8 (one decimal), 69 whole -> 63-87 -> 3
    assert (evidence.total, evidence.maximum, evidence.percentage, evidence.whole) == (11, 16, 68.8, 69)
    assert statement_score({"peoples-experience": 3, "feedback-from-staff-and-leaders": 2,
                            "observation": 3, "processes": 3}, M) == (3, evidence)


def test_2023_method_statement_score_bands_25_38_is_1() -> None:
    # 1,2,1 = 4/12 = 33.3 -> 33 -> 1
    assert statement_score({"processes": 1, "outcomes": 2, "observation": 1}, M)[0] == 1


def test_2023_method_statement_score_bands_39_62_is_2() -> None:
    # 2,2,1 = 5/12 = 41.7 -> 42 -> 2
    assert statement_score({"processes": 2, "outcomes": 2, "observation": 1}, M)[0] == 2


def test_2023_method_statement_score_62_5_rounds_up_to_3() -> None:
    # 3,2 = 5/8 = 62.5 -> 63 (half up) -> 3
    assert statement_score({"processes": 3, "outcomes": 2}, M)[0] == 3


def test_2023_method_statement_score_87_5_rounds_up_to_4() -> None:
    # 4,4,3,3 = 14/16 = 87.5 -> 88 -> 4
    assert statement_score({"processes": 4, "outcomes": 4, "observation": 3, "peoples-experience": 3}, M)[0] == 4


def test_2023_method_statement_score_single_category() -> None:
    # one category scored 2: 2/4 = 50% -> 2
    assert statement_score({"processes": 2}, M)[0] == 2


def test_2023_method_evidence_counts_as_existing_score() -> None:
    safe = resolve_kq("safe", TransferContext({}, False),
                      existing={"learning-culture": {"processes": 4, "outcomes": 3}})
    # 4,3 = 7/8 = 87.5 -> 88 -> 4
    lc = safe["learning-culture"]
    assert (lc.score, lc.source) == (4, "existing")
    assert lc.evidence is not None and lc.evidence.whole == 88


def test_whole_number_score_has_no_evidence() -> None:
    assert statement_score(2, M) == (2, None)
