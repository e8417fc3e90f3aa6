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
    # judgements are refused for a rated service: named, as a key of another kind of file.
    assert problems("service: {name: W, type: gp}\njudgement: 1\n") == [
        "f.yaml:2:1: unknown key 'judgement': did you mean 'judgements'? It is not used for this kind of file "
        "(expected service, assessment, history, existing_ratings, existing_scores, scores, ratings)"]


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
        f"f.yaml:5:26: expected true or false in services #1.significantly_small, got '{word}'"]


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


# ------------------------------------- a misspelt required key: one line, not two


def test_misspelt_required_key_is_the_one_problem() -> None:
    # `servce:` leaves `service` missing; the typo says so, no "missing required key" beside it.
    assert problems("servce: {name: W, type: gp}\nscores:\n  safe: {safeguarding: 3}\n") == [
        f"f.yaml:1:1: unknown key 'servce': did you mean 'service'? {TOP}"]
    # `typ:` under service: the kind is still told from it, and the typo is the one line.
    assert problems("service: {name: W, typ: gp}\nscores:\n  safe: {safeguarding: 3}\n") == [
        "f.yaml:1:20: unknown key 'typ' in service: did you mean 'type'? (expected name, type)"]


LOCATION_KEYS = "(expected location, services, trust, overrides)"


def test_misspelt_location_key_is_read_as_a_location_file() -> None:
    # Without `location:` the file is still a location file (its `services:` says so):
    # one line for the typo, not seven unknown keys of an assessment file.
    text = LOCATION.replace("WORD", "true").replace("location:", "locaton:")
    assert problems(text) == [f"f.yaml:1:1: unknown key 'locaton': did you mean 'location'? {LOCATION_KEYS}"]


def test_misspelt_services_and_rationale_say_nothing_more() -> None:
    text = LOCATION.replace("WORD", "true").replace("services:", "servics:")
    assert problems(text) == [f"f.yaml:2:1: unknown key 'servics': did you mean 'services'? {LOCATION_KEYS}"]
    text = LOCATION.replace("WORD", "false") + "overrides:\n  - {target: location.safe, rating: good, rational: x}\n"
    # The third key: "  - " is columns 1-4, then len("{target: location.safe, rating: good, ") = 38,
    # so `rational` starts at column 4 + 38 + 1 = 43 of line 7.
    assert problems(text) == [
        "f.yaml:7:43: unknown key 'rational' in overrides #1: did you mean 'rationale'? "
        "(expected target, rating, rationale)"]


def test_a_name_cut_short_is_suggested() -> None:
    text = ("service: {name: C, type: local-authority}\nassessment: {date: 2025-02-10}\n"
            "scores:\n  leadership:\n    governance: 3\n")
    (line, *_) = problems(text)
    assert line.startswith("f.yaml:5:5: unknown local authority statement 'governance'; "
                           "did you mean 'Governance, management and sustainability'?")


def test_a_key_of_another_kind_is_named_as_such() -> None:
    # history is for rated services only: `histroy:` in a dental practice's file says so.
    text = "service: {name: D, type: dental}\nhistroy: {inspected_before: true}\n"
    assert problems(text) == [
        "f.yaml:2:1: unknown key 'histroy': did you mean 'history'? It is not used for this kind of file "
        "(expected service, assessment, judgements)"]
