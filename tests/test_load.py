"""Hardened reading (cqc_rate/load.py): every way a file can be unreadable gives one
located, clean problem; nothing PyYAML would accept silently gets through."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.inputs import reader as load
from cqc_rate.inputs.reader import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse, read_document, read_text
from cqc_rate.problems import InputError

GOOD = "service: {name: A, type: gp}\n"


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        parse("f.yaml", textwrap.dedent(text))
    return [str(p) for p in info.value.problems]


def read_problems(path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_text(str(path))
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------------ keys


def test_duplicate_key_is_an_error_with_both_lines() -> None:
    # PyYAML would keep the second `service` silently.
    assert problems("""\
        service: {name: A, type: gp}
        service: {name: B, type: gp}
        """) == ["f.yaml:2:1: duplicate key 'service' (first given at line 1): give each key once"]


def test_duplicate_nested_key() -> None:
    assert problems("""\
        service: {name: A, type: gp}
        scores:
          safe:
            safeguarding: 3
            safeguarding: 2
        """) == ["f.yaml:5:5: duplicate key 'safeguarding' (first given at line 4): give each key once"]


def test_merge_key_explicit_keys_win_over_merged_ones() -> None:
    # YAML 1.1 merge: the mapping's own `name` overrides the merged one; it is not a duplicate.
    doc = parse("f.yaml", "base: &b {name: A, type: gp}\nservice: {<<: *b, name: B}\n")
    assert doc.data["service"] == {"name": "B", "type": "gp"}


def test_merge_key_earlier_mapping_wins() -> None:
    doc = parse("f.yaml", "service:\n  <<: [{name: A}, {name: C, type: gp}]\n")
    assert doc.data["service"] == {"name": "A", "type": "gp"}


def test_merge_key_needs_mappings() -> None:
    assert problems("service:\n  <<: 3\n") == ["f.yaml:2:7: a merge key (<<) takes a mapping or a list of mappings"]


def test_key_that_is_a_list_is_refused() -> None:
    assert problems("? [a, b]\n: 1\n") == ["f.yaml:1:3: a key must be a single word or number, not a list or mapping"]


def test_unsupported_collection_tag_is_refused() -> None:
    assert problems("service: !!set {name: A}\n") == [
        "f.yaml:1:10: unsupported YAML tag 'tag:yaml.org,2002:set': use plain mappings and lists"]


# ------------------------------------------------------- aliases and size


def billion_laughs(levels: int = 9, fan: int = 9) -> str:
    text = "a0: &a0 [" + ", ".join(["lol"] * fan) + "]\n"
    for i in range(1, levels):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]\n"
    return text


def test_alias_bomb_fails_with_a_clear_message() -> None:
    # 9 levels of 9 aliases would expand to 9**9 = 387,420,489 strings.
    [message] = problems(billion_laughs())
    assert message.endswith(f"the document expands to more than {MAX_NODES:,} values (an alias/anchor bomb?): refused")


def test_alias_bomb_in_a_fresh_process_stays_small() -> None:
    # Measured in a subprocess so the figure is this parse alone; the assertion is only the
    # clean error (times and memory are reported, not asserted: CI machines vary).
    code = textwrap.dedent(f"""
        import resource, time
        from cqc_rate.inputs.reader import parse
        from cqc_rate.problems import InputError
        text = {billion_laughs()!r}
        t = time.perf_counter()
        try:
            parse("bomb.yaml", text)
        except InputError as exc:
            print(exc.problems[0].message)
        print(f"{{time.perf_counter() - t:.4f}}s", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "KB")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "alias/anchor bomb" in out.stdout.splitlines()[0]


def test_merge_key_bomb_is_refused() -> None:
    # Each level merges the previous one twice: 2**40 values without a budget.
    text = "a0: &a0 {x: 1, y: 2}\n" + "".join(f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}\n" for i in range(1, 40))
    [message] = problems(text)
    assert "alias/anchor bomb" in message


def test_recursive_anchor_is_refused() -> None:
    assert problems("a: &a [*a]\n") == [
        "f.yaml:1:4: an alias refers to a mapping or list it is inside (a recursive anchor): refused"]


def test_deep_nesting_is_refused_before_the_composer() -> None:
    # libyaml's composer recurses in C: 200,000 brackets crashed the process (signal 11).
    text = "a: " + "[" * 200_000 + "]" * 200_000 + "\n"
    [message] = problems(text)
    # The top-level mapping is level 1, so the 50th bracket (column 3 + 50) opens level 51.
    assert message == f"f.yaml:1:{3 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep: refused"


@pytest.mark.parametrize("levels", [60, 999, 1_500, 4_000])
def test_deep_nesting_in_a_short_file_is_the_projects_problem(levels: int) -> None:
    # Under PRESCAN_FROM characters there is no prescan; some libyaml releases refuse deep
    # nesting themselves at their own limit: the project's check must speak first anyway.
    text = "a: " + "[" * levels + "]" * levels + "\n"
    [message] = problems(text)
    assert message == f"f.yaml:1:{3 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep: refused"


def test_deep_block_nesting_is_the_projects_problem() -> None:
    # Block mappings nested by indentation, 1,200 levels (one space more each level).
    text = "".join(" " * i + f"k{i}:\n" for i in range(1_200)) + " " * 1_200 + "v\n"
    [message] = problems(text)
    # Level 1 is the top mapping (key k0); level 51 opens at the value of k49, on line 51.
    assert message == f"f.yaml:51:51: nested more than {MAX_DEPTH} levels deep: refused"


def test_a_syntax_error_after_shallow_nesting_is_still_a_syntax_error() -> None:
    [message] = problems("a: [[1, 2]\nb: 3\n")
    assert message.startswith("f.yaml:") and "YAML syntax error" in message


def test_deep_nesting_through_aliases_is_refused() -> None:
    text = "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 200))
    [message] = problems(text)
    assert "nested more than 50 levels deep: refused" in message


def test_too_many_values_are_refused_before_building() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(MAX_NODES))  # 2 values a line
    [message] = problems(text)
    assert message.endswith(f"the file has more than {MAX_NODES:,} values: refused")


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    assert read_problems(path) == [
        f"{path}: file is {MAX_BYTES + 1:,} bytes; files over {MAX_BYTES:,} bytes are refused"]


def test_file_at_the_size_limit_is_read(tmp_path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(GOOD.encode() + b"#" * (MAX_BYTES - len(GOOD)))
    assert read_text(str(path))[1].startswith("service")


# ------------------------------------------------------- bytes and shape


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_file(text: str) -> None:
    assert problems(text) == ["f.yaml: empty file: expected a YAML mapping"]


def test_multi_document_file() -> None:
    assert problems(GOOD + "---\n" + GOOD) == ["f.yaml:2:1: more than one YAML document (---): expected exactly one"]


def test_single_document_with_markers_is_fine() -> None:
    assert parse("f.yaml", "---\n" + GOOD + "...\n").data["service"]["name"] == "A"


@pytest.mark.parametrize(("text", "got"), [("- a\n- b\n", "a list"), ("hello\n", "'hello'")])
def test_top_level_must_be_a_mapping(text: str, got: str) -> None:
    assert problems(text) == [f"f.yaml:1:1: expected a YAML mapping at the top, got {got}"]


def test_binary_file(tmp_path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert read_problems(path) == [f"{path}: binary data (a NUL byte): expected a YAML text file"]


def test_non_utf8_file_points_at_the_byte(tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("service:\n  name: Café\n".encode("latin-1"))
    assert read_problems(path) == [f"{path}:2:12: not UTF-8 text (byte 0xe9): save the file as UTF-8"]


def test_utf16_file(tmp_path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes(GOOD.encode("utf-16"))
    assert read_problems(path) == [f"{path}: UTF-16 text: save the file as UTF-8"]


def test_bom_prefixed_file_is_valid(tmp_path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_document(str(path)).data == {"service": {"name": "A", "type": "gp"}}


def test_control_character_is_located() -> None:
    assert problems('service: {name: "A\x01", type: gp}\n') == [
        "f.yaml:1:19: control character U+0001 is not allowed in YAML text: remove it"]


def test_syntax_error_is_located() -> None:
    assert problems("service: {name: A\n") == [
        "f.yaml:2:1: YAML syntax error: did not find expected ',' or '}' "
        "(while parsing a flow mapping started at line 1)"]


# ---------------------------------------------------------------- paths


def test_missing_path(tmp_path) -> None:
    path = tmp_path / "nope.yaml"
    assert read_problems(path) == [f"{path}: no such file"]


def test_unreadable_path(tmp_path, monkeypatch) -> None:
    # Tests may run as root, where chmod 000 does not stop reading: simulate the refusal.
    path = tmp_path / "locked.yaml"
    path.write_text(GOOD)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load.os, "open", refuse)  # read_text opens with os.open (O_NONBLOCK)
    assert read_problems(path) == [f"{path}: cannot be read: permission denied"]


def test_folder_given_as_a_file(tmp_path) -> None:
    assert read_problems(tmp_path) == [f"{tmp_path}: a folder with no *.yaml or *.yml files in it"]


def test_stdin_is_read(monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    assert read_text("-") == ("<stdin>", GOOD)


def test_stdin_over_the_size_limit(monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * (MAX_BYTES + 10))))
    assert read_problems("-") == [f"<stdin>: input is over {MAX_BYTES:,} bytes; refused"]


# ------------------------------------------------------------- locating


def test_key_read_as_date_or_null_is_located() -> None:
    from cqc_rate.engine import check_document

    doc = parse("f.yaml", GOOD + "2020-01-01: 1\n~: 2\n")
    with pytest.raises(InputError) as info:
        check_document(doc)
    lines = [str(p) for p in info.value.problems]
    assert [line.split(": unknown key")[0] for line in lines] == ["f.yaml:2:1", "f.yaml:3:1"]
    assert "'2020-01-01'" in lines[0] and "'null'" in lines[1]


def test_superscript_digit_key_is_an_unknown_key_not_a_crash() -> None:
    # "²".isdigit() is True but int("²") fails: found by the property tests.
    from cqc_rate.engine import check_document

    doc = parse("f.yaml", GOOD + "scores:\n  safe: {\"\u00b2\": 3}\n")
    with pytest.raises(InputError) as info:
        check_document(doc)
    # No name uses "²": it is shown as its code (issue 17).
    assert [str(p) for p in info.value.problems] == [
        "f.yaml:3:10: unknown quality statement '\\u00b2'; `cqc-rate statements` lists them"]


def test_every_duplicate_key_and_bad_key_at_once() -> None:
    assert problems("""\
        service: {name: A, type: gp}
        scores:
          safe: {safeguarding: 3, safeguarding: 2}
          safe: {learning-culture: 2}
        ? [x]
        : 1
        ratings: !!set {good: null}
        """) == [
        "f.yaml:3:27: duplicate key 'safeguarding' (first given at line 3): give each key once",
        "f.yaml:4:3: duplicate key 'safe' (first given at line 3): give each key once",
        "f.yaml:5:3: a key must be a single word or number, not a list or mapping",
        "f.yaml:7:10: unsupported YAML tag 'tag:yaml.org,2002:set': use plain mappings and lists",
    ]


def test_an_endless_device_is_refused_without_reading() -> None:
    # /dev/zero never ends: only regular files are read (issue 17), so it is refused at once.
    assert read_problems("/dev/zero") == ["/dev/zero: a device, not a regular file: refused"]


def test_problem_in_a_merged_value_points_at_the_anchor() -> None:
    from cqc_rate.engine import check_document

    doc = parse("f.yaml", "service:\n  <<: &base {name: A, type: care-hom}\n  name: B\n")
    with pytest.raises(InputError) as info:
        check_document(doc)
    # The value care-hom:
    assert [str(p).split(": unknown service type")[0] for p in info.value.problems] == ["f.yaml:2:29"]


def test_explicit_tags_that_do_not_fit_are_located() -> None:
    # PyYAML raises ValueError or AttributeError for these, outside its own error types.
    assert problems("a: !!int abc\nb: !!timestamp soon\nc: !local x\n") == [
        "f.yaml:1:4: 'abc' is not a valid int (tagged !!int): write the plain value",
        "f.yaml:2:4: 'soon' is not a valid timestamp (tagged !!timestamp): write the plain value",
        "f.yaml:3:4: unsupported YAML tag '!local': write the plain value",
    ]


@pytest.mark.parametrize("tag", ["!!int", "!!float", "!!timestamp"])
def test_an_explicit_tag_with_no_value_is_a_located_problem(tag: str) -> None:
    # `!!int` with nothing after it made PyYAML's constructor index an empty string.
    [message] = problems(f"service: {{name: A, type: gp}}\nscores: {tag} \n")
    assert message.startswith("f.yaml:2:9: ")


def test_a_collection_gets_the_tag_pyyaml_gives_it() -> None:
    # reader._Loader.resolve answers for mappings and sequences itself (no path resolvers:
    # the test below); what PyYAML's own resolver gives, for every flag the composer passes.
    import yaml

    ours, theirs = load._Loader(""), yaml.SafeLoader("")
    for kind in (yaml.MappingNode, yaml.SequenceNode):
        for implicit in (True, False, (True, False), (False, True)):
            assert ours.resolve(kind, None, implicit) == theirs.resolve(kind, None, implicit)
    assert ours.resolve(yaml.MappingNode, None, True) == "tag:yaml.org,2002:map"
    assert ours.resolve(yaml.SequenceNode, None, True) == "tag:yaml.org,2002:seq"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(["3", "yes", "No", "~", "null", "1:30", "0x20", "1.5", ".inf", "2024-01-01", "", "<<",
                                  "=", "learning-culture"]), st.text(max_size=12)),
       st.sampled_from([(True, False), (False, True), (False, False), (True, True)]))
def test_a_scalar_gets_the_tag_pyyaml_gives_it_every_time(text: str, implicit: tuple[bool, bool]) -> None:
    # reader._Loader.resolve keeps each scalar's tag (_SCALAR_TAGS): asked twice, the kept
    # answer is PyYAML's own.
    import yaml

    ours, theirs = load._Loader(""), yaml.SafeLoader("")
    expected = theirs.resolve(yaml.ScalarNode, text, implicit)
    assert ours.resolve(yaml.ScalarNode, text, implicit) == expected
    assert ours.resolve(yaml.ScalarNode, text, implicit) == expected


def test_the_loader_has_no_path_resolvers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its descend_resolver and ascend_resolver do nothing (reader._Loader): right only while
    # it has no path resolver, even when another library adds one to PyYAML's loaders.
    import yaml

    for base in (yaml.CSafeLoader, yaml.SafeLoader, yaml.resolver.BaseResolver):
        monkeypatch.setattr(base, "yaml_path_resolvers", {((("!custom", None),), str): "!custom"})
    assert not load._Loader.yaml_path_resolvers
    text = "service: {name: A, type: gp}\nscores:\n  safe: {learning-culture: 3}\nlist: [1, [2, {a: b}]]\n"
    doc = parse("f.yaml", text)
    assert doc.data["list"] == [1, [2, {"a": "b"}]]
    assert doc.root is not None and doc.root.value[1][1].value[0][1].start_mark.line == 2
