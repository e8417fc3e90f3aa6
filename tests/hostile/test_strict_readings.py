"""Class 7 (issue 17): strict readings, never a silent guess.

Dates only as YYYY-MM-DD dates (`date: 0` was 1970-01-01, choosing the 2023 method);
scores only as plain decimal whole numbers 1-4 (YAML 1.1 read 0x3, 03, 3_ and +3 as
3); statement ids only as written (`0x20` was statement 32); lenient names only over
the characters the catalogue uses: curly quotes and dashes yes; look-alike letters,
symbols and invisible characters no, shown escaped in the message."""

from __future__ import annotations

import pytest

from cqc_rate.engine import check_document
from cqc_rate.inputs import reader
from cqc_rate.problems import InputError

HEAD = "service: {name: A, type: gp}\n"


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        check_document(reader.parse("f.yaml", text))
    return [str(p) for p in info.value.problems]


def valid(text: str) -> None:
    check_document(reader.parse("f.yaml", text))


@pytest.mark.parametrize("written, shown", [
    ("0", "0"), ("20250314", "20250314"), ("'2025-3-14'", "'2025-3-14'"),
    ("2025-03-14 10:00:00", "2025-03-14T10:00:00"),
    ("'14/03/2025'", "'14/03/2025'"), ("1.5", "1.5"),
])
def test_a_date_is_only_a_date(written, shown):
    assert problems(HEAD + f"assessment: {{date: {written}}}\n") == [
        f"f.yaml:2:20: expected a date like 2025-03-14 in assessment.date, got {shown}"]


@pytest.mark.parametrize("written", ["2025-03-14", "'2025-03-14'"])
def test_a_date_as_a_date_is_read(written):
    valid(HEAD + f"assessment: {{date: {written}}}\nscores: {{safe: {{learning-culture: 3}}}}\n")


@pytest.mark.parametrize("written", ["0x3", "03", "0o3", "3_", "+3", "0b11", "3:00"])
def test_a_score_is_only_a_plain_decimal(written):
    # `    learning-culture: ` is 22 characters: the value starts at column 23 of line 4.
    assert problems(HEAD + f"scores:\n  safe:\n    learning-culture: {written}\n") == [
        f"f.yaml:4:23: score must be a whole number from 1 to 4, got '{written}'"]


def test_a_statement_id_is_only_an_id_as_written():
    # 0x20 is not statement 32: it is no statement at all. 32, as written, still is.
    assert problems(HEAD + "scores:\n  safe:\n    0x20: 3\n") == [
        "f.yaml:4:5: unknown quality statement '0x20'; `cqc-rate statements` lists them"]


@pytest.mark.parametrize("written, shown", [
    ("gp\u0430", "gp\\u0430"),  # Cyrillic a
    ("\u2620gp\u2620", "\\u2620gp\\u2620"),  # skull and crossbones
    ("g\u200bp", "g\\u200bp"),  # zero-width space
])
def test_a_look_alike_service_type_is_refused_and_shown_escaped(written, shown):
    [message] = problems(f'service: {{name: A, type: "{written}"}}\n')
    assert message.startswith(f"f.yaml:1:26: unknown service type '{shown}'")


def test_an_invisible_character_in_a_statement_name_is_refused():
    [message] = problems(HEAD + 'scores:\n  well-led:\n    "learning\\u200b-culture": 3\n')
    assert message.startswith("f.yaml:4:5: unknown quality statement 'learning\\u200b-culture'")


@pytest.mark.parametrize("key_question, name", [
    ("caring", "Responding to people’s immediate needs"),  # a curly apostrophe
    ("responsive", "Person‐centred care"),  # a Unicode hyphen (U+2010)
    ("responsive", "Person – centred care"),  # an en dash between spaces
    ("effective", "Delivering evidence—based care and treatment"),  # an em dash
    ("well-led", "“Freedom to speak up”"),  # curly double quotes
])
def test_typographic_quotes_and_dashes_still_match(key_question, name):
    valid(HEAD + f'scores:\n  {key_question}:\n    "{name}": 3\n')
