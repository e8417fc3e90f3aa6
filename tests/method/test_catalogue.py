"""The framework catalogue shipped as data (docs/methodology.md §1)."""

import pytest

from cqc_rate.method import base_catalogue as catalogue

# docs/methodology.md §1: (api id, key question, slug) for all 34 statements.
EXPECTED = [
    (1, "safe", "learning-culture"), (2, "safe", "safe-systems-pathways-and-transitions"),
    (3, "safe", "safeguarding"), (4, "safe", "involving-people-to-manage-risks"),
    (5, "safe", "safe-environments"), (6, "safe", "safe-and-effective-staffing"),
    (7, "safe", "infection-prevention-and-control"), (8, "safe", "medicines-optimisation"),
    (9, "effective", "assessing-needs"), (10, "effective", "delivering-evidence-based-care-and-treatment"),
    (11, "effective", "how-staff-teams-and-services-work-together"),
    (12, "effective", "supporting-people-to-live-healthier-lives"),
    (13, "effective", "monitoring-and-improving-outcomes"), (14, "effective", "consent-to-care-and-treatment"),
    (15, "caring", "kindness-compassion-and-dignity"), (16, "caring", "treating-people-as-individuals"),
    (17, "caring", "independence-choice-and-control"), (18, "caring", "responding-to-peoples-immediate-needs"),
    (19, "caring", "workforce-wellbeing-and-enablement"), (20, "responsive", "person-centred-care"),
    (21, "responsive", "care-provision-integration-and-continuity"), (22, "responsive", "providing-information"),
    (23, "responsive", "listening-to-and-involving-people"), (24, "responsive", "equity-in-access"),
    (25, "responsive", "equity-in-experiences-and-outcomes"), (26, "responsive", "planning-for-the-future"),
    (27, "well_led", "shared-direction-and-culture"),
    (28, "well_led", "capable-compassionate-and-inclusive-leaders"), (29, "well_led", "freedom-to-speak-up"),
    (30, "well_led", "workforce-equality-diversity-and-inclusion"),
    (31, "well_led", "governance-management-and-sustainability"),
    (32, "well_led", "partnerships-and-communities"), (33, "well_led", "learning-improvement-and-innovation"),
    (34, "well_led", "environmental-sustainability-sustainable-development"),
]


def test_catalogue_matches_the_design_table():
    assert [(s.api_id, s.key_question, s.slug) for s in catalogue().statements] == EXPECTED


def test_statement_counts_per_key_question():
    counts = {kq: len(catalogue().statements_of(kq))
              for kq in ("safe", "effective", "caring", "responsive", "well_led")}
    assert counts == {"safe": 8, "effective": 6, "caring": 5, "responsive": 7, "well_led": 8}


def test_only_environmental_sustainability_is_trust_level_only():
    assert [s.api_id for s in catalogue().statements if not s.service_level] == [34]


@pytest.mark.parametrize(
    ("ref", "api_id"),
    [
        (8, 8), ("8", 8), ("Medicines optimisation", 8), ("medicines-optimisation", 8),
        ("MEDICINES_OPTIMISATION", 8), ("Responding to people’s immediate needs", 18),
        ("Equity in experience and outcomes", 25), ("Supporting people to lead healthier lives", 12),
        ("Environmental sustainability - sustainable development", 34), ("safe systems, pathways & transitions", 2),
        ("Assessing need", 9),
    ],
)
def test_lenient_statement_lookup(ref, api_id):
    assert catalogue().statement(ref).api_id == api_id


@pytest.mark.parametrize("ref", [0, 35, "Safe guard", True, None, "medicine"])
def test_unknown_statement(ref):
    assert catalogue().statement(ref) is None


def test_unknown_statement_suggests_the_closest():
    assert catalogue().suggest_statements("Safe guarding")[0] == "Safeguarding"
    assert "Medicines optimisation" in catalogue().suggest_statements("medicine optimization")


def test_evidence_categories():
    assert [(c.api_id, c.slug) for c in catalogue().categories] == [
        (1, "peoples-experience"), (2, "feedback-from-staff-and-leaders"), (3, "feedback-from-partners"),
        (4, "observation"), (5, "processes"), (6, "outcomes")]
    assert catalogue().category("People’s experience").slug == "peoples-experience"
    assert catalogue().category(5).slug == "processes"
    assert catalogue().category("observations").slug == "observation"
    assert catalogue().category("vibes") is None


def test_local_authority_nine_statements_in_four_themes():
    themes = {t.slug: t.statements for t in catalogue().themes}
    assert list(themes) == ["working-with-people", "providing-support", "ensuring-safety", "leadership"]
    assert len(catalogue().local_authority_slugs) == 9
    assert len(set(catalogue().local_authority_slugs)) == 9
