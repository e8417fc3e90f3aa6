"""Location files report every problem at once (issue 11): problems of structure,
problems between fields, and the problems inside every assessment file named, in
one run, in the order of the location file; a problem is never reported because
of another one (a check that needs an invalid part is skipped).

The expected lines are worked out by hand from the files below (line and column
1-based, as an editor shows them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqc_rate.api import aggregate_file
from cqc_rate.engine import validate_file
from cqc_rate.problems import InputError

from .conftest import CASES

LOCATION = """
location: {name: Riverside Hospital, type: independent-hospital}
services:
  - name: Surgery
    ratings: {safe: good, caring: brilliant}
  - name: Maternity
    assessment: maternity.yaml
  - name: Surgery
    ratings: {safe: requires improvement}
  - name: Imaging
    assessment: imaging.yaml
overrides:
  - target: location.safe
    rating: good
"""

MATERNITY = """
service: {name: Maternity, type: independent-hospital}
scores:
  safe:
    Safegarding: 3
  caring:
    Kindness and compassion: 3
"""


@pytest.fixture
def scenario(write) -> tuple[Path, list[str]]:
    """The issue's file: an unknown rating, a missing rationale, a duplicate service
    name, a missing assessment file and an assessment file with typos."""
    inner = write("maternity.yaml", MATERNITY)
    loc = write("loc.yaml", LOCATION)
    return loc, [
        # services.0.ratings.caring: `brilliant` at column 35 of line 4
        f"{loc}:4:35: unknown rating 'brilliant': expected outstanding, good, requires improvement or inadequate",
        # services.1.assessment: the path at column 17 of line 6, then the file's own problems
        f"{loc}:6:17: assessment maternity.yaml (service 'Maternity') cannot be used:",
        f"{inner}:4:5: unknown quality statement 'Safegarding'; did you mean 'Safeguarding'?",
        f"{inner}:6:5: unknown quality statement 'Kindness and compassion'; "
        "did you mean 'Kindness, compassion and dignity'?",
        # services.2.name: the second `Surgery`, column 11 of line 7
        f"{loc}:7:11: two services are named 'Surgery' and 'Surgery': give each service its own name",
        # services.3.assessment: column 17 of line 10; the file is not there
        f"{loc}:10:17: assessment imaging.yaml (service 'Imaging') cannot be used:",
        f"{loc.parent / 'imaging.yaml'}: no such file",
        # overrides.0 has no rationale: located at the override, column 5 of line 12
        f"{loc}:12:5: an override needs a written rationale (rationale:) saying why "
        "professional judgement departs from the principles",
    ]


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        aggregate_file(str(path))
    return [str(p) for p in exc.value.problems]


def test_every_problem_in_one_run_through_the_library(scenario):
    loc, expected = scenario
    assert problems(loc) == expected
    with pytest.raises(InputError) as exc:
        validate_file(str(loc))
    assert [str(p) for p in exc.value.problems] == expected


@pytest.mark.parametrize("command", ["validate", "aggregate"])
def test_every_problem_in_one_run_through_the_cli(cli, scenario, command):
    loc, expected = scenario
    run = cli(command, loc)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == expected


def test_validate_json_lists_the_same_problems(cli, scenario):
    loc, expected = scenario
    run = cli("validate", loc, "--format", "json")
    assert run.exit_code == 2
    data = json.loads(run.stdout)
    assert data["valid"] is False and data["kind"] == "location"
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" if p["line"] else f"{p['file']}: {p['message']}"
            for p in data["problems"]] == expected


def test_fixing_the_reported_problems_leaves_none(write):
    # The complaint: fixing what was reported revealed more on the next run.
    # With every problem fixed, the file aggregates: safe G (Surgery), RI (Surgery 2) -> RI,
    # overridden to good; caring G from Surgery alone; Imaging scored from its file.
    write("maternity.yaml", MATERNITY.replace("Safegarding", "Safeguarding")
          .replace("Kindness and compassion", "Kindness, compassion and dignity"))
    write("imaging.yaml", MATERNITY.replace("Maternity", "Imaging").replace("Safegarding", "Safeguarding")
          .replace("Kindness and compassion", "Kindness, compassion and dignity"))
    loc = write("loc.yaml", LOCATION.replace("brilliant", "good").replace("- name: Surgery\n    ratings: {safe: r",
                                                                          "- name: Theatres\n    ratings: {safe: r")
                + "    rationale: Judgement.\n")
    result = aggregate_file(str(loc))
    assert [s.name for s in result.services] == ["Surgery", "Maternity", "Theatres", "Imaging"]
    assert result.key_questions["safe"].override is not None


# ------------------------------------------------------------ no cascades


def test_a_misspelt_ratings_key_is_not_also_a_service_without_ratings(write):
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - name: Surgery
            ratngs: {safe: good}
    """)
    found = problems(loc)
    # only the unknown key (its wording is the key-suggestion code's), at the key: line 4, column 5
    assert len(found) == 1 and found[0].startswith(f"{loc}:4:5: ")
    assert "gives neither" not in found[0]


def test_a_service_with_invalid_ratings_and_an_assessment_is_not_scored(write):
    # Both given is the problem; the assessment file (absent here) is not read.
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - name: Surgery
            ratings: {safe: great}
            assessment: surgery.yaml
    """)
    assert problems(loc) == [
        f"{loc}:4:21: unknown rating 'great': expected outstanding, good, requires improvement or inadequate",
        f"{loc}:5:17: service 'Surgery' gives both ratings and an assessment file: give one or the other",
    ]


def test_an_unusable_type_skips_the_checks_that_need_it_and_keeps_the_others(write):
    # With no usable type, neither "no services" nor the levels can be checked;
    # duplicate names and override targets still can.
    loc = write("loc.yaml", """
        location: {name: H, type: [independent-hospital]}
        services:
          - {name: A, ratings: {safe: good}}
          - {name: A, ratings: {safe: good}}
        overrides:
          - {target: trust, rating: good, rationale: R}
          - {target: trust, rating: good, rationale: R}
    """)
    found = problems(loc)
    assert found[1:] == [
        f"{loc}:4:12: two services are named 'A' and 'A': give each service its own name",
        f"{loc}:7:14: trust is overridden twice (first in override #1): give one override per rating",
    ]
    assert found[0].startswith(f"{loc}:1:27: service type must be one key")
    assert not any("gets level" in line for line in found)


def test_services_that_are_not_a_list_are_not_also_no_services(write):
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services: {name: A, ratings: {safe: good}}
    """)
    found = problems(loc)
    assert len(found) == 1 and found[0].startswith(f"{loc}:2:11: ")
    assert "no services" not in found[0]


def test_a_service_without_a_usable_name_is_still_checked(write):
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - {name: A, ratings: {safe: good}}
          - {significantly_small: true}
    """)
    found = problems(loc)
    assert found[-1] == (
        f"{loc}:4:5: service #2 gives neither ratings nor an assessment file: add ratings: "
        "(its key-question ratings) or assessment: (the path of its assessment file)")
    assert len(found) == 2 and found[0].startswith(f"{loc}:4:5: ")  # the missing name, at the entry


def test_level_checks_run_beside_an_invalid_override(write):
    # trust: does not apply to an independent hospital whatever else is wrong
    loc = write("loc.yaml", """
        location: {name: H, type: independent-hospital}
        services:
          - {name: A, ratings: {safe: good}}
        trust:
          scores:
            well-led: {shared-direction-and-culture: 3}
        overrides:
          - {target: location.safe, rating: great, rationale: R}
    """)
    assert problems(loc) == [
        f"{loc}:5:3: independent-hospital gets levels 1, 2, 3, 4: no NHS trust rating (level 5), "
        "so trust: does not apply; remove it",
        f"{loc}:8:37: unknown rating 'great': expected outstanding, good, requires improvement or inadequate",
    ]


# --------------------------------------------------- validate and aggregate agree


@pytest.mark.parametrize("path", sorted((CASES / "invalid" / "location").glob("*.yaml")) + [None],
                         ids=lambda p: p.name if p else "scenario")
def test_validate_and_aggregate_agree(cli, write, path):
    if path is None:
        write("maternity.yaml", MATERNITY)
        path = write("loc.yaml", LOCATION)
    validated, aggregated = cli("validate", path), cli("aggregate", path)
    assert validated.exit_code == aggregated.exit_code == 2
    assert validated.stderr == aggregated.stderr != ""


def test_trust_checks_run_on_an_invalid_trust_section(write):
    # A score out of range does not hide that safe scores do not belong at trust level.
    loc = write("loc.yaml", """
        location: {name: H, type: nhs-trust-acute}
        services:
          - {name: A, ratings: {safe: good}}
        trust:
          scores:
            safe: {safeguarding: 2}
            well-led: {shared-direction-and-culture: 5}
    """)
    assert problems(loc) == [
        f"{loc}:6:11: the trust-level assessment scores the 8 well-led statements only: "
        "safe scores belong to the services",
        f"{loc}:7:46: score must be a whole number from 1 to 4, got 5",
    ]
