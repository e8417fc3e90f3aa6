"""Class 2 (issue 17): every text reaching a terminal, a log line or a CSV cell is
neutralised: control and bidirectional characters escaped visibly, newlines in names
escaped (no forged FILE:LINE:COL: line), CSV cells that could start a formula inert.
One function does it (cqc_rate.safe_text.safe), for every renderer and message."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cqc_rate.safe_text import csv_cell, excerpt, json_text, safe

from ..conftest import SAMPLES, run_cli

# What the reproducer wrote in YAML: "\e]0;PWNED\a\e[2J\e]8;;http://x\a" (a title,
# a clear screen, a hyperlink), U+202E (right-to-left override), and a forged line.
EVIL = "\x1b]0;PWNED\x07\x1b[2J\x1b]8;;http://x\x07\u202eevil\nf.yaml:1:1: forged"
# The same, as safe() shows it: each character as its escape, the text otherwise as written.
SHOWN = "\\x1b]0;PWNED\\x07\\x1b[2J\\x1b]8;;http://x\\x07\\u202eevil\\nf.yaml:1:1: forged"
YAML_EVIL = '"\\e]0;PWNED\\a\\e[2J\\e]8;;http://x\\a\\u202Eevil\\nf.yaml:1:1: forged"'


def _care_home(name: str) -> str:
    text = (SAMPLES / "care-home.yaml").read_text(encoding="utf-8")
    return text.replace("name: Rosewood House", f"name: {name}", 1)


def test_safe_escapes_controls_bidi_invisible_and_newlines():
    assert safe(EVIL) == SHOWN
    assert safe("learning\u200b-culture\ufeff\u2066") == "learning\\u200b-culture\\ufeff\\u2066"
    assert safe("tab\there\r") == "tab\\there\\r"
    assert safe("Café – Ward’s “A”") == "Café – Ward’s “A”"  # ordinary text is left alone
    assert safe("bad\udcffname") == "bad\\xffname"  # a file name's byte that is not UTF-8


def test_excerpt_cuts_then_escapes():
    assert excerpt("a" * 61) == "a" * 60 + "…"
    assert excerpt("\x1b" * 3) == "\\x1b" * 3


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("Rosewood House", "Rosewood House"), (3, 3),
])
def test_a_csv_cell_is_never_a_live_formula(value, cell):
    assert csv_cell(value) == cell


def test_json_keeps_the_data_and_escapes_what_a_terminal_would_act_on():
    encoded = json.dumps({"name": "a\u202eb\u200bc"}, ensure_ascii=False)
    assert json_text(encoded) == '{"name": "a\\u202eb\\u200bc"}'
    assert json.loads(json_text(encoded)) == {"name": "a\u202eb\u200bc"}


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl", "brief"])
def test_a_hostile_name_reaches_no_output_raw(write, fmt):
    path = write("evil.yaml", _care_home(YAML_EVIL))
    args = ["score", path, "--brief"] if fmt == "brief" else ["score", path, "--format", fmt]
    run = run_cli(*args)
    assert run.exit_code == 0, run.stderr
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in run.stdout
    if fmt in ("json", "jsonl"):
        assert json.loads(run.stdout.splitlines()[0] if fmt == "jsonl" else run.stdout)["service"]["name"] == EVIL
    elif fmt == "csv":
        [row] = list(csv.DictReader(io.StringIO(run.stdout)))
        assert row["name"] == SHOWN
    else:
        assert SHOWN in run.stdout  # the escapes shown, as text, and no line forged


def test_a_name_starting_with_a_formula_sign_is_inert_in_csv(write):
    path = write("formula.yaml", _care_home('"=cmd|\' /C calc\'!A0"'))
    run = run_cli("score", path, "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(run.stdout)))
    assert row["name"] == "'=cmd|' /C calc'!A0"


def test_a_name_in_a_message_cannot_forge_another_located_line(write):
    path = write("evil.yaml", _care_home(YAML_EVIL).replace("type: adult-social-care", "type: 7"))
    run = run_cli("validate", path)
    assert run.exit_code == 2
    assert all(line.startswith(f"{path}:") for line in run.stderr.splitlines())
    assert "\x1b" not in run.stderr


def test_a_file_name_with_escapes_and_a_newline_is_shown_escaped(tmp_path):
    bad = tmp_path / "x\x1b[2J\nf.yaml:1:1: forged.yaml"
    bad.write_text("service: {name: A}\n", encoding="utf-8")
    run = run_cli("validate", tmp_path)
    assert run.exit_code == 2
    [line] = run.stderr.splitlines()
    assert line == f"{tmp_path}/x\\x1b[2J\\nf.yaml:1:1: forged.yaml:1:10: missing required key 'type' in service"


def test_a_hostile_text_in_an_explanation_and_a_location_table(write):
    path = write("evil.yaml", _care_home(YAML_EVIL))
    run = run_cli("explain", path)
    assert run.exit_code == 0, run.stderr
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    location = write("loc.yaml", (
        "location: {name: " + YAML_EVIL + ", type: independent-hospital}\n"
        "services:\n  - name: \"[link=http://x]ward[/link]\"\n"
        "    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}\n"))
    run = run_cli("aggregate", location)
    assert run.exit_code == 0, run.stderr
    assert "\x1b" not in run.stdout
    assert "[link=http://x]ward[/link]" in run.stdout  # Rich markup in a name is the name, not a link
