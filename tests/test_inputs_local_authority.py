"""The local authority input model: lenient names limited to the nine, theme
grouping, and the keys that make no sense for a local authority."""

from __future__ import annotations

import pytest

from cqc_rate.method import base_catalogue as catalogue

NINE = ", ".join(catalogue().local_authority_slugs)


@pytest.mark.parametrize("key,slug", [
    ("Supporting people to lead healthier lives", "supporting-people-to-live-healthier-lives"),
    ("Supporting people to live healthier lives", "supporting-people-to-live-healthier-lives"),
    (12, "supporting-people-to-live-healthier-lives"),
    ("Equity in experience and outcomes", "equity-in-experiences-and-outcomes"),
    ("Assessing need", "assessing-needs"),
    ("SAFEGUARDING", "safeguarding"),
    ("governance_management_and_sustainability", "governance-management-and-sustainability"),
    ("Learning, improvement & innovation", "learning-improvement-and-innovation"),
])
def test_statement_names_are_lenient(cli, write, key, slug):
    path = write("la.yaml", f"""
        service: {{name: C, type: local-authority}}
        scores:
          {key}: 3
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    got = {s["id"]: s["score"] for t in run.json()["themes"].values() for s in t["statements"]}
    assert got[slug] == 3


@pytest.mark.parametrize("key", ["Learning culture", "freedom-to-speak-up", 1, "Medicines optimisation"])
def test_statement_outside_the_nine_is_an_error_naming_the_nine(cli, write, key):
    path = write("la.yaml", f"""
        service: {{name: C, type: local-authority}}
        scores:
          {key}: 3
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"{path}:3:3: ")
    assert "is not one of the nine statements CQC assesses for local authorities" in line
    assert NINE in line


def test_unknown_name_suggests_among_the_nine(cli, write):
    path = write("la.yaml", """
        service: {name: C, type: local-authority}
        scores:
          safegarding: 3
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.startswith(
        f"{path}:3:3: unknown local authority statement 'safegarding'; did you mean 'Safeguarding'?")


@pytest.mark.parametrize("theme", ["working-with-people", "Working with people",
                                   "How local authorities work with people", "theme 1", "Theme_1"])
def test_theme_keys_are_lenient(cli, write, theme):
    path = write("la.yaml", f"""
        service: {{name: C, type: local-authority}}
        scores:
          {theme}: {{assessing-needs: 4}}
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json()["themes"]["working_with_people"]["total"] == 4


def test_statement_under_the_wrong_theme(cli, write):
    path = write("la.yaml", """
        service: {name: C, type: local-authority}
        scores:
          Theme 4:
            Partnerships and communities: 3
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.strip() == (
        f"{path}:4:35: 'Partnerships and communities' belongs to theme providing-support "
        "(How local authorities provide support), not leadership: move it under providing-support")


def test_two_spellings_of_one_theme(cli, write):
    path = write("la.yaml", """
        service: {name: C, type: local-authority}
        scores:
          leadership: {31: 3}
          Theme 4: {33: 3}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert "'leadership' and 'Theme 4' both name the theme 'leadership': give it once" in run.stderr


@pytest.mark.parametrize("key,why", [
    ("history: {inspected_before: true}", "local authorities have none to transfer"),
    ("existing_ratings: {safe: good}", "a local authority has no key-question ratings"),
    ("existing_scores: {safeguarding: 3}", "local authority statement scores all go under scores:"),
    ("ratings: {safe: good}", "a local authority's only rating is the overall one"),
    ("judgements: {safe: {safeguarding: met}}", "local authorities are rated: give scores"),
    ("assessment: {method: 2023}", "a local authority's nine statement scores are given directly"),
])
def test_keys_that_make_no_sense_for_a_local_authority(cli, write, key, why):
    path = write("la.yaml", f"""
        service: {{name: C, type: local-authority}}
        {key}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.startswith(f"{path}:2:")
    assert why in run.stderr


def test_scores_must_be_whole_numbers_1_to_4(cli, write):
    path = write("la.yaml", """
        service: {name: C, type: local-authority}
        scores:
          safeguarding: 5
          assessing-needs: true
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.strip().splitlines() == [
        f"{path}:3:17: score must be a whole number from 1 to 4, got 5",
        f"{path}:4:20: score must be a whole number from 1 to 4, got true",
    ]


def test_unknown_top_level_key_suggests(cli, write):
    path = write("la.yaml", """
        service: {name: C, type: local-authority}
        scroes: {safeguarding: 3}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.strip() == (
        f"{path}:2:1: unknown key 'scroes': did you mean 'scores'? (expected service, assessment, scores)")


def test_themes_do_not_nest(cli, write):
    path = write("la.yaml", """
        service: {name: C, type: local-authority}
        scores:
          leadership: {31: 2, Theme 1: {assessing-needs: 3}}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.strip().splitlines()[0] == (
        f"{path}:3:23: 'Theme 1' is a theme: themes go directly under scores:, each holding its own statements")
