"""Issue 11 (trust): keys named like the loader's own words, duplicates reported where the
second spelling stands, and history-style flags that take only `true` and `false`.
Expected lines are worked out by hand from the YAML text."""

from __future__ import annotations

import pytest

from cqc_rate.engine import validate_document
from cqc_rate.inputs.reader import parse
from cqc_rate.problems import InputError

TOP = "(expected service, assessment, history, existing_ratings, existing_scores, scores, ratings)"


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        validate_document(parse("f.yaml", text))
    return [str(p) for p in info.value.problems]


# ------------------------------------------------ keys that look like union tags


def test_top_level_score_is_a_misspelt_scores() -> None:
    assert problems("service: {name: W, type: gp}\nscore:\n  safe: {1: 3}\n") == [
        f"f.yaml:2:1: unknown key 'score': did you mean 'scores'? {TOP}"]


def test_top_level_judgement_in_a_rated_file() -> None:
    # judgements are refused for a rated service, so they are not offered either.
    assert problems("service: {name: W, type: gp}\njudgement: 1\n") == [
        "f.yaml:2:1: unknown key 'judgement': expected one of service, assessment, history, existing_ratings, "
        "existing_scores, scores, ratings"]


def test_top_level_judgement_in_a_not_rated_file() -> None:
    assert problems("service: {name: W, type: dental}\njudgement: 1\n") == [
        "f.yaml:2:1: unknown key 'judgement': did you mean 'judgements'? (expected service, assessment, judgements)"]


def test_score_under_service_is_located_and_never_suggests_the_parent() -> None:
    assert problems("service: {name: W, type: gp, score: 1}\n") == [
        "f.yaml:1:30: unknown key 'score' in service: expected one of name, type"]


def test_judgement_under_history() -> None:
    assert problems("service: {name: W, type: gp}\nhistory: {judgement: 1}\n") == [
        "f.yaml:2:11: unknown key 'judgement' in history: expected one of inspected_before, provider_changed, "
        "asc_framework_only"]


@pytest.mark.parametrize("key", ["group", "evidence", "score", "judgement"])
def test_tag_words_as_keys_under_a_statement_mapping(key: str) -> None:
    # Under a statement, a mapping is evidence category -> score: the word is an unknown category.
    text = f"service: {{name: W, type: gp}}\nassessment: {{method: 2023}}\nscores:\n  safe:\n    1: {{{key}: 3}}\n"
    (line,) = problems(text)
    assert line.startswith(f"f.yaml:5:9: unknown evidence category '{key}'")


# ------------------------------------------------ duplicates: at the second spelling


def test_statement_by_name_then_by_api_id() -> None:
    text = "service: {name: W, type: gp}\nscores:\n  safe:\n    learning culture: 3\n    1: 2\n"
    assert problems(text) == [
        "f.yaml:5:5: 'learning culture' and '1' both name the statement 'Learning culture': give it once"]


def test_key_question_twice() -> None:
    assert problems("service: {name: W, type: gp}\nratings: {safe: good, Safe: good}\n") == [
        "f.yaml:2:23: 'safe' and 'Safe' are the same key question: give it once"]


def test_evidence_category_twice() -> None:
    text = ("service: {name: W, type: gp}\nassessment: {method: 2023}\nscores:\n  safe:\n"
            "    learning-culture:\n      processes: 3\n      5: 2\n")
    assert problems(text) == [
        "f.yaml:7:7: 'processes' and '5' both name the evidence category 'Processes': give it once"]


def test_local_authority_statement_twice() -> None:
    text = "service: {name: W, type: local-authority}\nscores:\n  safeguarding: 3\n  Safeguarding: 2\n"
    assert problems(text) == [
        "f.yaml:4:3: 'safeguarding' and 'Safeguarding' both name the statement 'Safeguarding': give it once"]


def test_local_authority_theme_twice() -> None:
    text = ("service: {name: W, type: local-authority}\nscores:\n"
            "  leadership: {governance-management-and-sustainability: 2}\n"
            "  Leadership: {learning-improvement-and-innovation: 3}\n")
    assert problems(text) == [
        "f.yaml:4:3: 'leadership' and 'Leadership' both name the theme 'leadership': give it once"]


# ------------------------------------------------ flags: true or false, nothing else

NOT_BOOLS = ["yes", "no", "on", "off", "True", "TRUE", "False", "y", "n", "Yes", "NO"]


@pytest.mark.parametrize("word", NOT_BOOLS)
def test_history_flag_takes_only_true_or_false(word: str) -> None:
    assert problems(f"service: {{name: W, type: gp}}\nhistory: {{inspected_before: {word}}}\n") == [
        f"f.yaml:2:29: expected true or false in history.inspected_before, got '{word}'"]


LOCATION = """\
location: {name: L, type: nhs-trust-acute}
services:
  - name: S
    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
    significantly_small: WORD
"""


@pytest.mark.parametrize("word", NOT_BOOLS)
def test_significantly_small_takes_only_true_or_false(word: str) -> None:
    assert problems(LOCATION.replace("WORD", word)) == [
        f"f.yaml:5:26: expected true or false in services.0.significantly_small, got '{word}'"]


@pytest.mark.parametrize("word", ["true", "false"])
def test_true_and_false_are_flags(word: str) -> None:
    doc = parse("f.yaml", f"service: {{name: W, type: gp}}\nhistory: {{inspected_before: {word}}}\n")
    assert doc.data["history"]["inspected_before"] is (word == "true")
    validate_document(doc)
    validate_document(parse("f.yaml", LOCATION.replace("WORD", word)))


@pytest.mark.parametrize("word", ["No", "yes", "Off", "y"])
def test_yaml_1_1_bool_words_stay_text(word: str) -> None:
    doc = parse("f.yaml", f"service: {{name: {word}, type: gp}}\n{word}: 1\n")
    assert doc.data == {"service": {"name": word, "type": "gp"}, word: 1}


def test_a_service_named_no_is_valid() -> None:
    assert validate_document(parse("f.yaml", "service: {name: No, type: gp}\n")) == "service"


def test_a_key_yes_is_an_unknown_key_in_its_own_words() -> None:
    assert problems("service: {name: W, type: gp}\nyes: 1\n") == [
        "f.yaml:2:1: unknown key 'yes': expected one of service, assessment, history, existing_ratings, "
        "existing_scores, scores, ratings"]
