"""Property-based tests of input handling (issue 6), with Hypothesis.

- Any document, valid, mutated or plain garbage, gives a result (exit 0) or clean,
  located errors (exit 2): never an internal error (exit 3), never a traceback.
- A valid document's JSON output parses and is identical across runs.

Documents go in through standard input (`-`), so no files are written.
"""

from __future__ import annotations

import datetime
import json
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import KEY_QUESTIONS

from .conftest import run_cli

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLEAN_ERROR = re.compile(r"^<stdin>(:\d+:\d+)?: \S.*$")

RATED_TYPES = [t.key for t in methodology().service_types if t.kind == "service"]
KQ_SPELLINGS = {kq: [kq, kq.replace("_", "-"), kq.replace("_", "-").capitalize()] for kq in KEY_QUESTIONS}
RATING_WORDS = ["outstanding", "good", "requires improvement", "inadequate", "Good", "RI", "requires_improvement"]


def statement_key(statement) -> st.SearchStrategy:
    # Every spelling a person may use: slug, name, API id.
    return st.sampled_from([statement.slug, statement.name, statement.api_id])


@st.composite
def statement_scores(draw, kq: str) -> dict:
    chosen = draw(st.lists(st.sampled_from(catalogue().statements_of(kq)), unique_by=lambda s: s.slug, max_size=8))
    return {draw(statement_key(s)): draw(st.integers(1, 4)) for s in chosen}


@st.composite
def per_key_question(draw, value: st.SearchStrategy) -> dict:
    kqs = draw(st.lists(st.sampled_from(KEY_QUESTIONS), unique=True))
    return {draw(st.sampled_from(KQ_SPELLINGS[kq])): draw(value(kq)) for kq in kqs}


# Names without control characters or YAML 1.1 line breaks (NEL, LS, PS), which YAML folds
# into spaces: a file cannot hold them as text, so they are not valid names to round-trip.
NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x85\u2028\u2029"),
                min_size=1, max_size=30).filter(str.strip)


@st.composite
def valid_documents(draw) -> dict:
    doc: dict = {"service": {"name": draw(NAMES),
                             "type": draw(st.sampled_from(RATED_TYPES))}}
    if draw(st.booleans()):
        doc["assessment"] = {"date": draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)))}
    if draw(st.booleans()):
        doc["existing_ratings"] = draw(per_key_question(lambda kq: st.sampled_from(RATING_WORDS)))
    if draw(st.booleans()):
        doc["existing_scores"] = draw(per_key_question(statement_scores))
    if draw(st.booleans()):
        doc["scores"] = draw(per_key_question(statement_scores))
    return doc


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10, 100), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates())


@st.composite
def mutated(draw, doc: dict) -> dict:
    """Drop or rename a key, or put a wrong value (scalar, list, bad name) somewhere."""
    paths: list[tuple] = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append(path + (k,))
                walk(v, path + (k,))

    walk(doc, ())
    if not paths:
        return doc
    path = draw(st.sampled_from(paths))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    action = draw(st.sampled_from(["drop", "rename", "scalar", "list", "bad-statement"]))
    if action == "drop":
        del parent[key]
    elif action == "rename":
        parent[draw(st.text(max_size=15))] = parent.pop(key)
    elif action == "scalar":
        parent[key] = draw(SCALARS)
    elif action == "list":
        parent[key] = [parent[key]]
    else:
        parent[draw(st.sampled_from(["Safegarding", "Kindness", "99", "0", "learning culture!"]))] = 3
    return doc


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def assert_clean(run) -> None:
    assert run.exit_code in (0, 2), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    if run.exit_code == 0:
        json.loads(run.stdout)
    else:
        lines = run.stderr.splitlines()
        assert lines, "exit 2 with no message"
        assert all(CLEAN_ERROR.match(line) for line in lines), run.stderr


def assert_clean_check(run) -> None:
    """`validate --format json`: the problems are data on stdout, one per line of the text output."""
    assert run.exit_code in (0, 2), run.stderr
    assert run.stderr == ""
    result = json.loads(run.stdout)
    assert result["valid"] is (run.exit_code == 0)
    assert all(CLEAN_ERROR.match(str(p)) for p in _problems(result)), result


def _problems(result: dict) -> list[str]:
    from cqc_rate.problems import Problem

    return [str(Problem(**p)) for p in result["problems"]]


@SETTINGS
@given(valid_documents())
def test_valid_document_json_parses_and_is_stable(doc: dict) -> None:
    text = dump(doc)
    first = run_cli("score", "-", "--format", "json", input=text)
    assert first.exit_code == 0, first.stderr
    second = run_cli("score", "-", "--format", "json", input=text)
    assert first.stdout == second.stdout
    result = json.loads(first.stdout)
    assert result["service"]["name"] == doc["service"]["name"]
    assert set(result["key_questions"]) == set(KEY_QUESTIONS)


@SETTINGS
@given(valid_documents().flatmap(mutated))
def test_mutated_document_gives_a_result_or_a_clean_error(doc: dict) -> None:
    assert_clean(run_cli("score", "-", "--format", "json", input=dump(doc)))


# YAML punctuation, odd characters, and the tags, anchors and markers PyYAML treats specially.
PIECES = [*":-[]{}&*!|>'\"#%@`\t\n ?,<", "\x00", "\x07", "\ufeff", "é", "\x85",
          "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!binary ", "!!str ", "!!null ", "!!set ", "!!omap ",
          "!!python/object:os.system ", "!local ", "&a ", "*a ", "<<: ", "<<: *a", "---\n", "...\n", "? ", "~"]


@SETTINGS
@given(valid_documents().map(dump), st.data())
def test_mangled_yaml_text_gives_a_result_or_a_clean_error(text: str, data) -> None:
    # Cut, splice and insert characters anywhere: broken YAML, stray tabs, control characters.
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 20))
    insert = "".join(data.draw(st.lists(st.sampled_from(PIECES), max_size=4)))
    assert_clean_check(run_cli("validate", "-", "--format", "json", input=text[:at] + insert + text[at + cut:]))


@SETTINGS
@given(st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20))
def test_any_yaml_value_gives_a_clean_error(value) -> None:
    assert_clean(run_cli("score", "-", input=dump({"service": value}) if isinstance(value, dict) else dump(value)))
