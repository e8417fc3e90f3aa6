"""Location files with assessment files (cqc_rate.locations): paths relative to
the location file, scoring as by `score`, and problems naming both files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_rate.api import aggregate_file
from cqc_rate.problems import InputError
from cqc_rate.terms import Rating

SAFE_8 = """
service: {{name: {name}, type: {type}}}
scores:
  safe: {{1: {s}, 2: {s}, 3: {s}, 4: {s}, 5: {s}, 6: {s}, 7: {s}, 8: {s}}}
"""


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        aggregate_file(str(path))
    return [str(p) for p in exc.value.problems]


def test_assessment_path_is_relative_to_the_location_file(write):
    # safe 4 x8 = 32/32 = 100% -> outstanding; with a good service (1-3): outstanding
    write("hospital/assessments/maternity.yaml", SAFE_8.format(name="Maternity", type="nhs-trust-acute", s=4))
    loc = write("hospital/loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - name: Maternity
            assessment: assessments/maternity.yaml
          - name: Surgery
            ratings: {safe: good}
    """)
    result = aggregate_file(str(loc))
    maternity = result.services[0]
    assert maternity.rating("safe") is Rating.OUTSTANDING
    assert maternity.assessment == str(loc.parent / "assessments" / "maternity.yaml")
    # the assessment's other key questions are withheld (never inspected): they do not count
    assert maternity.rating("effective") is None
    assert result.key_questions["safe"].rating is Rating.OUTSTANDING
    assert result.key_questions["effective"].computed.n == 0
    assert result.key_questions["safe"].computed.n == 2


def test_missing_assessment_names_both_files(write):
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - name: Maternity
            assessment: maternity.yaml
    """)
    assert problems(loc) == [
        f"{loc}:4:17: assessment maternity.yaml (service 'Maternity') cannot be used:",
        f"{loc.parent / 'maternity.yaml'}: no such file",
    ]


def test_invalid_assessment_names_both_files_and_lists_its_problems(write):
    inner = write("maternity.yaml", """
        service: {name: Maternity, type: gp}
        scores:
          safe: {safeguarding: 5}
          caring: {learning-culture: 3}
    """)
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - name: Surgery
            ratings: {safe: good}
          - name: Maternity
            assessment: maternity.yaml
    """)
    assert problems(loc) == [
        f"{loc}:6:17: assessment maternity.yaml (service 'Maternity') cannot be used:",
        f"{inner}:3:24: score must be a whole number from 1 to 4, got 5",
        f"{inner}:4:12: 'Learning culture' is a safe statement, not caring: move it under safe",
    ]


@pytest.mark.parametrize("stype", ["primary-dental", "local-authority"])
def test_assessment_of_a_type_not_rated_is_an_error(write, stype):
    inner = write("d.yaml", f"service: {{name: D, type: {stype}}}\n")
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - {name: D, assessment: d.yaml}
    """)
    found = problems(loc)
    assert found[0] == f"{loc}:3:27: assessment d.yaml (service 'D') cannot be used:"
    assert found[1].startswith(f"{inner}:1:26: {stype} (")
    assert found[1].endswith("is not a rated service type: services in a location must be of a rated type")


def test_location_problems_and_assessment_problems_together_in_file_order(write):
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - {name: A, assessment: a.yaml}
          - {name: B}
    """)
    found = problems(loc)
    assert found == [
        f"{loc}:3:27: assessment a.yaml (service 'A') cannot be used:",
        f"{loc.parent / 'a.yaml'}: no such file",
        f"{loc}:4:5: service 'B' gives neither ratings nor an assessment file: add ratings: "
        "(its key-question ratings) or assessment: (the path of its assessment file)",
    ]


def test_significantly_small_assessed_service_is_still_checked_and_left_out(write):
    write("small.yaml", SAFE_8.format(name="Small", type="independent-hospital", s=1))
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - {name: Small, assessment: small.yaml, significantly_small: true}
          - {name: Big, ratings: {safe: good}}
    """)
    result = aggregate_file(str(loc))
    # safe 8/32 = 25% -> inadequate for the small service, left out: good from Big alone
    assert result.services[0].rating("safe") is Rating.INADEQUATE
    assert result.key_questions["safe"].rating is Rating.GOOD
    assert result.left_out == ("Small",)
