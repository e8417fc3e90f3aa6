"""JSON output (cqc_rate/render/json.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cqc_rate
from cqc_rate.render.json import encode_json
from cqc_rate.safe_text import json_text

from ..conftest import ROOT, SAMPLES

CASES = ROOT / "tests" / "cases"


def test_mixed_batch_streams_every_kind(cli):
    run = cli("score", SAMPLES / "care-home.yaml", SAMPLES / "dental-practice.yaml",
              SAMPLES / "local-authority-good.yaml", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [r["kind"] for r in run.json()] == ["service", "not-rated", "local-authority"]


# ---------------------------------------------------------------- the encoder (encode_json)
# orjson writes the JSON; the json module is the reference it must equal, character for
# character, with json_text's escapes applied to both (render/json.py).

_PRETTY = json.JSONEncoder(indent=2, ensure_ascii=False, check_circular=False)
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _reference(data: Any, pretty: bool) -> str:
    return json_text((_PRETTY if pretty else _LINE).encode(data))


def _every_result() -> list[Any]:
    results: list[Any] = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        if path.name.startswith("location-"):
            results.append(cqc_rate.aggregate_file(path))
        else:
            results.append(cqc_rate.score_file(path))
    results += [cqc_rate.check_file(path) for path in sorted((CASES / "check").glob("*.json"))]
    results.append(cqc_rate.compare_files(SAMPLES / "care-home.yaml", SAMPLES / "limiter-applied.yaml",
                                          force=True))
    return results


@pytest.mark.parametrize("pretty", [True, False])
def test_every_result_is_written_as_the_json_module_writes_it(pretty):
    results = _every_result()
    assert len(results) == 14 + 8 + 1  # the YAML samples, the check records, one comparison
    for result in results:
        items = [c.to_dict() for c in result.checks] if hasattr(result, "checks") else [result.to_dict()]
        for data in items:
            assert encode_json(data, pretty=pretty) == _reference(data, pretty)


def test_what_orjson_refuses_is_written_by_the_json_module():
    # A lone surrogate (a file name's byte that is not UTF-8: 0xff) becomes the text \xff,
    # written in JSON as \\xff; an integer beyond 64 bits and a number as a key as json writes them.
    assert encode_json({"file": "bad\udcffname"}, pretty=False) == '{"file":"bad\\\\xffname"}'
    assert encode_json({"n": 2**70}, pretty=False) == '{"n":1180591620717411303424}'
    assert encode_json({1: [True, None]}, pretty=True) == '{\n  "1": [\n    true,\n    null\n  ]\n}'


_TEXT = st.text(st.characters(exclude_categories=("Cs",)))  # any text a UTF-8 file can hold
_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _TEXT
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f == 0 or 1e-4 <= abs(f) < 1e16),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=_JSONISH, pretty=st.booleans())
def test_any_json_data_is_written_as_the_json_module_writes_it(data, pretty):
    assert encode_json(data, pretty=pretty) == _reference(data, pretty)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from("–—→·…’§×\u202e\u200b\u00ad\ufeffaé😀\n\"") | _TEXT).map("".join))
def test_the_byte_count_shortcut_escapes_what_the_scan_escapes(text):
    # json_text's shortcut (the tool's own characters account for every extra UTF-8 byte)
    # gives what the full scan gives, for text mixing them with characters it must escape.
    assert json_text(text, utf8_size=len(text.encode())) == json_text(text)


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf_8", None])
def test_a_utf8_stream_takes_json_text_as_it_is(encoding):
    from cqc_rate.safe_text import ascii_json

    # A lone surrogate (a file name that is not UTF-8) is escaped by json_text, so the text
    # a UTF-8 stream is given always encodes.
    text = encode_json({"file": "caf\udce9.yaml", "name": "Safe – effective"}, pretty=False)
    assert ascii_json(text, encoding) == text
    text.encode("utf-8")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "no-such-codec"])
def test_other_streams_get_escapes_where_they_cannot_carry_a_character(encoding):
    from cqc_rate.safe_text import ascii_json

    text = encode_json({"name": "Safe – effective"}, pretty=False)
    got = ascii_json(text, encoding)
    # An unknown codec: written as it is (the stream itself says what it cannot write).
    assert got == (text if encoding == "no-such-codec" else '{"name":"Safe \\u2013 effective"}')
    assert json.loads(got) == {"name": "Safe – effective"}
