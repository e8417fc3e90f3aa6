"""The location file model (cqc_rate.inputs.location): lenient spellings in,
canonical values out; an override without a written rationale is refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cqc_rate.inputs.location import LocationFile, resolve_target
from cqc_rate.terms import Rating


@pytest.mark.parametrize("text, target", [
    ("location.safe", "location.safe"),
    ("Location.Well-led", "location.well_led"),
    ("location.wellled", "location.well_led"),
    ("location.well_led", "location.well_led"),
    ("LOCATION.Overall", "location.overall"),
    ("trust", "trust"),
    ("Trust", "trust"),
])
def test_override_targets_are_matched_leniently(text, target):
    assert resolve_target(text) == target


@pytest.mark.parametrize("text", ["safe", "location.", "location.safty", "trust.well-led", "service.safe", 3, None])
def test_unknown_override_target(text):
    with pytest.raises(Exception, match="unknown override target"):
        resolve_target(text)


def base(**extra):
    return {"location": {"name": "H", "type": "Independent hospital"},
            "services": [{"name": "A", "ratings": {"Safe": "RI", "Well-led": "Outstanding"}}], **extra}


def test_spellings_become_canonical_values():
    model = LocationFile.model_validate(base())
    assert model.location.type == "independent-hospital"
    ratings = model.services[0].ratings
    assert ratings.safe is Rating.REQUIRES_IMPROVEMENT and ratings.well_led is Rating.OUTSTANDING
    assert model.services[0].significantly_small is False


@pytest.mark.parametrize("override, message", [
    ({"target": "location.safe", "rating": "good"}, "an override needs a written rationale"),
    ({"target": "location.safe", "rating": "good", "rationale": " \n "}, "an override needs a written rationale"),
    ({"target": "location.safe", "rating": "great", "rationale": "R"}, "unknown rating"),
])
def test_override_needs_a_rating_and_a_written_rationale(override, message):
    with pytest.raises(ValidationError, match=message):
        LocationFile.model_validate(base(overrides=[override]))


def test_unknown_keys_are_refused():
    with pytest.raises(ValidationError, match="extra"):
        LocationFile.model_validate(base(servces=[]))
    data = base()
    data["services"][0]["small"] = True
    with pytest.raises(ValidationError):
        LocationFile.model_validate(data)


def test_trust_scores_are_checked_against_their_key_question():
    with pytest.raises(ValidationError, match="is a safe statement, not well-led"):
        LocationFile.model_validate(base(trust={"scores": {"well-led": {"safeguarding": 3}}}))
    model = LocationFile.model_validate(base(trust={"scores": {"well-led": {34: 2, "Freedom to speak up": 3}}}))
    assert model.trust.scores.well_led == {
        "environmental-sustainability-sustainable-development": 2, "freedom-to-speak-up": 3}


def test_empty_assessment_path():
    data = base()
    data["services"][0] = {"name": "A", "assessment": " "}
    with pytest.raises(ValidationError, match="assessment path is empty"):
        LocationFile.model_validate(data)
