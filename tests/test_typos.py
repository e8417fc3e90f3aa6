"""Every misspelt or stray key, at every level of every file kind, is one located problem.

The mapping levels and the keys allowed at each are derived from the input models
themselves (fields and aliases of a model; for a mapping with leniently spelt keys,
the catalogue spellings its key validator accepts), never listed by hand. A few
minimal valid documents, one or more per kind, must between them reach every level
the models have (checked first). Into each mapping of each document go one-edit typos
of every key allowed there (a letter dropped, two neighbours swapped, a letter
doubled, a plural s added or taken off) and a stray key, written as YAML text by a
small emitter here that records where each key starts, so positions are real and
worked out independently of the parser. Each document goes through the path
`cqc-rate validate` takes (parse, then engine.validate_document) and must give an
InputError with exactly one problem, at the typo, naming the key as written and,
when the typo is one edit from an allowed key, suggesting that key.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Discriminator, Tag

from cqc_rate.engine import validate_document
from cqc_rate.inputs.local_authority import LocalAuthorityAssessment
from cqc_rate.inputs.location import LocationFile
from cqc_rate.inputs.not_rated import NotRatedAssessment
from cqc_rate.inputs.reader import parse
from cqc_rate.inputs.service import ServiceAssessment
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.problems import InputError

STRAY = "zz-stray"

# Minimal valid documents: between them they reach every mapping level of every model.
KQ = ("safe", "effective", "caring", "responsive", "well-led")
# Two statements of each key question (by hand, from the framework): one scored now, one transferred.
FIRST = {"safe": "learning-culture", "effective": "assessing-needs", "caring": "kindness-compassion-and-dignity",
         "responsive": "person-centred-care", "well-led": "shared-direction-and-culture"}
SECOND = {"safe": "safeguarding", "effective": "delivering-evidence-based-care-and-treatment",
          "caring": "treating-people-as-individuals", "responsive": "providing-information",
          "well-led": "freedom-to-speak-up"}

SAMPLES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (ServiceAssessment, {
        "service": {"name": "W", "type": "adult-social-care"},
        "assessment": {"date": datetime.date(2025, 3, 14), "method": 2023},
        "history": {"inspected_before": True, "provider_changed": False, "asc_framework_only": True},
        "existing_ratings": {kq: "good" for kq in KQ},
        "existing_scores": {kq: {SECOND[kq]: {"processes": 2}} for kq in KQ},
        "scores": {kq: {FIRST[kq]: {"processes": 3}} for kq in KQ},
    }),
    (ServiceAssessment, {
        "service": {"name": "W", "type": "gp"},
        "ratings": {kq: "good" for kq in KQ},
    }),
    (LocalAuthorityAssessment, {
        "service": {"name": "W", "type": "local-authority"},
        "assessment": {"date": datetime.date(2025, 3, 14)},
        "scores": {"assessing-needs": 3, "leadership": {"governance-management-and-sustainability": 2}},
    }),
    (NotRatedAssessment, {
        "service": {"name": "W", "type": "dental"},
        "assessment": {"date": datetime.date(2025, 3, 14)},
        "judgements": {kq: {FIRST[kq]: "met", SECOND[kq]: {"processes": "met"}} for kq in KQ},
    }),
    (LocationFile, {
        "location": {"name": "L", "type": "nhs-trust-acute"},
        "services": [{"name": "S", "ratings": {kq: "good" for kq in KQ}, "significantly_small": False}],
        "trust": {"scores": {"well-led": {"freedom-to-speak-up": 3}}},
        "overrides": [{"target": "location.safe", "rating": "good", "rationale": "why"}],
    }),
]

# ------------------------------------------------------------- the models' levels


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """Annotated and `| None` off; the metadata met on the way."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            metadata.extend(tp.__metadata__)
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp, metadata
            tp = args[0]
        else:
            return tp, metadata


def _branches(tp: Any) -> dict[str, Any] | None:
    """A tagged union's tag -> branch, or None."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    out = {}
    for arg in typing.get_args(tp):
        tag = next((m.tag for m in getattr(arg, "__metadata__", ()) if isinstance(m, Tag)), None)
        if tag is not None:
            out[tag] = arg
    return out or None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _forbidden(field: Any) -> bool:
    return any(getattr(m, "json_schema", {}).get("not") == {} for m in field.metadata)


def _key_validator(key_type: Any) -> Callable[[Any], Any]:
    """The function a dict's key type validates keys with (None from it, or a raise: refused)."""
    _, metadata = _strip(key_type)
    funcs = [m.func for m in metadata if hasattr(m, "func")]

    @functools.cache
    def accept(key: Any) -> Any:
        # Whether the key is read, not what is suggested when it is not: suggestions off (fast).
        with mock.patch("cqc_rate.terms.difflib.get_close_matches", return_value=[]):
            try:
                for f in funcs:
                    key = f(key)
            except Exception:
                return None
        return key

    return accept


def _candidates() -> list[str]:
    cat = catalogue()
    return ([s.slug for s in cat.statements] + [c.slug for c in cat.categories] + [t.slug for t in cat.themes])


@dataclass(frozen=True)
class Level:
    """A mapping level: the keys allowed there, and how a key is read (None: refused)."""

    path: tuple[str, ...]
    allowed: tuple[str, ...]
    read: Callable[[Any], Any]
    shape: Any  # levels of one shape read keys alike: the model, or the key validators and value type


def _model_level(path: tuple[str, ...], model: type[BaseModel]) -> Level:
    fields = {(f.alias or n): n for n, f in model.model_fields.items() if not _forbidden(f)}
    names = set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}
    befores = [d.func for d in model.__pydantic_decorators__.model_validators.values() if d.info.mode == "before"]

    def read(key: Any) -> Any:
        if key in names:
            return key
        data = {key: None}
        try:
            for f in befores:
                data = f(data)
        except Exception:
            return None
        (renamed,) = data
        return renamed if renamed in names else None

    return Level(path, tuple(fields), read, model)


def _dict_level(path: tuple[str, ...], key_type: Any, value_type: Any) -> Level:
    read = _key_validator(key_type)
    shape = (tuple(m.func for m in _strip(key_type)[1] if hasattr(m, "func")), repr(value_type))
    return Level(path, tuple(c for c in _candidates() if read(c) is not None), read, shape)


def levels(tp: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Level]:
    """Every mapping level under a type, by path (field alias, `*` for a dict's values,
    `[]` for list items, `(tag)` for a tagged union's branch)."""
    tp, _ = _strip(tp)
    out: dict[tuple[str, ...], Level] = {}
    branches = _branches(tp)
    if branches:
        for tag, branch in branches.items():
            out |= levels(branch, path + (f"({tag})",))
    elif _is_model(tp):
        out[path] = _model_level(path, tp)
        for name, field in tp.model_fields.items():
            if not _forbidden(field):
                out |= levels(field.annotation, path + (field.alias or name,))
    elif typing.get_origin(tp) is dict:
        key_type, value_type = typing.get_args(tp)
        out[path] = _dict_level(path, key_type, value_type)
        out |= levels(value_type, path + ("*",))
    elif typing.get_origin(tp) is list:
        out |= levels(typing.get_args(tp)[0], path + ("[]",))
    return out


def _walk_data(tp: Any, data: Any, path: tuple[str, ...], at: tuple[Any, ...],
               seen: list[tuple[tuple[str, ...], tuple[Any, ...]]]) -> None:
    """Every (level path, place in the data) of the mappings a document holds."""
    tp, metadata = _strip(tp)
    branches = _branches(tp)
    if branches:
        pick = next(m for m in metadata if isinstance(m, Discriminator)).discriminator
        tag = pick(data)
        _walk_data(branches[tag], data, path + (f"({tag})",), at, seen)
    elif _is_model(tp) and isinstance(data, dict):
        seen.append((path, at))
        by_key = {(f.alias or n): f for n, f in tp.model_fields.items()}
        for key, value in data.items():
            _walk_data(by_key[key].annotation, value, path + (key,), at + (key,), seen)
    elif typing.get_origin(tp) is dict and isinstance(data, dict):
        seen.append((path, at))
        for key, value in data.items():
            _walk_data(typing.get_args(tp)[1], value, path + ("*",), at + (key,), seen)
    elif typing.get_origin(tp) is list and isinstance(data, list):
        for i, value in enumerate(data):
            _walk_data(typing.get_args(tp)[0], value, path + ("[]",), at + (i,), seen)


# Levels the models have but the cross-field checks refuse in any valid file: no sample
# can hold them (the test below checks the refusal).
# The trust level takes the well-led statements only, scored 1-4 each.
UNREACHABLE = {("LocationFile", path) for path in levels(LocationFile)
               if path[:2] == ("trust", "scores") and len(path) > 2 and (path[2] != "well-led" or len(path) > 3)}


# ------------------------------------------------------------------- the emitter

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _'-]*[A-Za-z0-9_]|[A-Za-z]")
_NOT_TEXT = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, datetime.date)):
        return str(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_TEXT and "'" not in value:
        return value
    return json.dumps(value)


def emit(data: Any, marks: dict[tuple[Any, ...], tuple[int, int]]) -> str:
    """Block-style YAML; marks[(place of a key)] = (line, column) where the key starts, 1-based."""
    lines: list[str] = []

    def mapping(value: dict[Any, Any], indent: int, at: tuple[Any, ...], first_prefix: str | None) -> None:
        for i, (key, item) in enumerate(value.items()):
            prefix = first_prefix if (i == 0 and first_prefix is not None) else " " * indent
            marks[at + (key,)] = (len(lines) + 1, len(prefix) + 1)
            head = f"{prefix}{_scalar(key)}:"
            if isinstance(item, dict) and item:
                lines.append(head)
                mapping(item, indent + 2, at + (key,), None)
            elif isinstance(item, list):
                lines.append(head)
                for j, element in enumerate(item):
                    mapping(element, indent + 4, at + (key, j), " " * (indent + 2) + "- ")
            else:
                lines.append(f"{head} {_scalar(item)}")

    mapping(data, 0, (), None)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- the typos


def one_edit(key: str, positions: Any = None) -> set[str]:
    """One-edit typos of key; at the given positions only (default: everywhere)."""
    out = set()
    for i in (range(len(key)) if positions is None else sorted({p % len(key) for p in positions})):
        out.add(key[:i] + key[i + 1:])  # a letter dropped
        out.add(key[:i] + key[i] + key[i:])  # a letter doubled
        if i + 1 < len(key) and key[i] != key[i + 1]:
            out.add(key[:i] + key[i + 1] + key[i] + key[i + 2:])  # neighbours swapped
    out.add(key[:-1] if key.endswith("s") else key + "s")  # plural <-> singular
    return out


def _insert(data: Any, at: tuple[Any, ...], key: str, value: Any) -> Any:
    """A copy of data with `key: value` added at the end of the mapping at `at`."""
    if not at:
        return {**data, key: value}
    if isinstance(data, list):
        return [(_insert(item, at[1:], key, value) if i == at[0] else item) for i, item in enumerate(data)]
    return {k: (_insert(v, at[1:], key, value) if k == at[0] else v) for k, v in data.items()}


def _get(data: Any, at: tuple[Any, ...]) -> Any:
    for part in at:
        data = data[part]
    return data


@dataclass(frozen=True)
class Case:
    sample: int
    model: str
    where: tuple[Any, ...]
    written: str
    meant: str | None  # the allowed key it is one edit from (None: a stray key)
    data: Any
    level: Level


def cases() -> list[Case]:
    """A stray key in every mapping of every sample; typos of every key allowed at the first
    mapping of each shape (the same reading of keys: the same model, or the same key
    validators and value type), and of the keys written at the others."""
    out = []
    done: set[Any] = set()
    for n, (model, data) in enumerate(SAMPLES):
        seen: list[tuple[tuple[str, ...], tuple[Any, ...]]] = []
        _walk_data(model, data, (), (), seen)
        every = levels(model)
        for path, at in seen:
            level = every[path]
            mapping = _get(data, at)
            sibling = next(iter(mapping.values()))
            tries: dict[str, str | None] = {STRAY: None}
            first = level.shape not in done
            done.add(level.shape)
            for meant in (level.allowed if first else [k for k in mapping if k in level.allowed]):
                # A model's few keys get every typo; a lenient mapping's many (statement slugs)
                # get them at the start, middle and end (the property test goes anywhere).
                where = None if isinstance(level.shape, type) else (0, len(meant) // 2, -2, -1)
                for typo in sorted(one_edit(meant, where)):
                    # Another allowed key, or a lenient spelling of one, is no typo.
                    if typo and typo not in mapping and level.read(typo) is None and not typo.isdigit():
                        tries.setdefault(typo, meant)
            for written, meant in tries.items():
                value = mapping.get(meant, sibling) if meant is not None else sibling
                out.append(Case(n, model.__name__, at, written, meant,
                                _insert(data, at, written, value), level))
    return out


CASES = cases()

_SUGGESTED = re.compile(r"did you mean ((?:(?:'[^']*'|\"[^\"]*\")(?: or )?)+)\?")


def _suggestions(message: str) -> list[str]:
    found = _SUGGESTED.search(message)
    if found is None:
        return []
    return [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", found.group(1))]


def check(case: Case) -> None:
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    text = emit(case.data, marks)
    with pytest.raises(InputError) as caught:
        validate_document(parse("f.yaml", text))
    problems = caught.value.problems
    assert len(problems) == 1, (text, [str(p) for p in problems])
    (problem,) = problems
    assert (problem.line, problem.column) == marks[case.where + (case.written,)], (text, str(problem))
    message = problem.message
    assert repr(case.written) in message, (text, message)
    assert not re.search(r"\b(str|int|bool|dict|list|NoneType|date)\b [^ ]", message), message
    suggested = _suggestions(message)
    assert case.written not in suggested, message
    parent = next((p for p in reversed(case.where) if isinstance(p, str)), None)
    if parent is not None and parent not in case.level.allowed:
        assert parent not in suggested, message
    if case.meant is not None:
        # Suggested as itself, or by another spelling of the same thing (a statement's name).
        meant = case.level.read(case.meant)
        assert any(case.level.read(s) == meant for s in suggested), (text, message)


# --------------------------------------------------------------------- the tests


def test_the_samples_are_valid_and_reach_every_level() -> None:
    reached: dict[str, set[tuple[str, ...]]] = {}
    for model, data in SAMPLES:
        validate_document(parse("f.yaml", emit(data, {})))  # raises when not valid
        seen: list[tuple[tuple[str, ...], tuple[Any, ...]]] = []
        _walk_data(model, data, (), (), seen)
        reached.setdefault(model.__name__, set()).update(path for path, _ in seen)
    # The walk goes all the way down (a sanity check on the walk itself, by hand).
    assert ("scores", "safe", "*", "(evidence)") in levels(ServiceAssessment)
    assert ("judgements", "well-led", "*", "(evidence)") in levels(NotRatedAssessment)
    assert ("scores", "*", "(group)") in levels(LocalAuthorityAssessment)
    assert ("overrides", "[]") in levels(LocationFile)
    assert ("trust", "scores", "well-led") in levels(LocationFile)
    for model in (ServiceAssessment, LocalAuthorityAssessment, NotRatedAssessment, LocationFile):
        missing = set(levels(model)) - reached[model.__name__]
        assert missing == {path for name, path in UNREACHABLE if name == model.__name__}
    for scores in ({"well-led": {"freedom-to-speak-up": {"processes": 3}}}, {"safe": {"learning-culture": 3}}):
        with pytest.raises(InputError):
            validate_document(parse("f.yaml", emit({**SAMPLES[-1][1], "trust": {"scores": scores}}, {})))


def test_the_emitter_puts_keys_where_it_says() -> None:
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    text = emit({"a": {"b c": 1}, "d": [{"e": True, "f": "x"}]}, marks)
    assert text == "a:\n  b c: 1\nd:\n  - e: true\n    f: x\n"
    assert marks == {("a",): (1, 1), ("a", "b c"): (2, 3), ("d",): (3, 1), ("d", 0, "e"): (4, 5),
                     ("d", 0, "f"): (5, 5)}


def test_one_edit_typos() -> None:
    assert one_edit("abc") == {"bc", "ac", "ab", "aabc", "abbc", "abcc", "bac", "acb", "abcs"}
    assert "score" in one_edit("scores") and "scoress" in one_edit("scores")


def test_how_many_typos() -> None:
    # Every level of every kind gets its stray key; typos of every allowed key on top.
    levels_tried = {(c.sample, c.where) for c in CASES}
    assert sum(c.meant is None for c in CASES) == len(levels_tried)
    assert len(CASES) > 2000


def test_every_typo_is_one_located_problem() -> None:
    failures = []
    for case in CASES:
        try:
            check(case)
        except AssertionError as exc:
            failures.append((case.model, case.where, case.written, str(exc)[:300]))
    assert not failures, (len(failures), failures[:10])


def _slots() -> list[tuple[int, tuple[Any, ...], Level, str]]:
    """(sample, place of a mapping, its level, an allowed key) for every allowed key of every mapping."""
    out = []
    for n, (model, data) in enumerate(SAMPLES):
        seen: list[tuple[tuple[str, ...], tuple[Any, ...]]] = []
        _walk_data(model, data, (), (), seen)
        every = levels(model)
        out += [(n, at, every[path], key) for path, at in seen for key in every[path].allowed]
    return out


SLOTS = _slots()


@settings(max_examples=300)
@given(st.sampled_from(SLOTS), st.sampled_from(["drop", "swap", "add", "plural"]),
       st.integers(min_value=0, max_value=200), st.sampled_from("abcdefghijklmnopqrstuvwxyz-_"))
def test_typos_anywhere_property(slot: Any, edit: str, at: int, letter: str) -> None:
    """Any one edit anywhere in any allowed key (any letter added, not just a doubled one)."""
    n, where, level, meant = slot
    i = at % len(meant)
    typo = {"drop": meant[:i] + meant[i + 1:], "swap": meant[:i] + meant[i + 1:i + 2] + meant[i] + meant[i + 2:],
            "add": meant[:i] + letter + meant[i:],
            "plural": meant[:-1] if meant.endswith("s") else meant + "s"}[edit]
    model, data = SAMPLES[n]
    mapping = _get(data, where)
    assume(typo and typo not in mapping and not typo.isdigit() and level.read(typo) is None)
    value = mapping.get(meant, next(iter(mapping.values())))
    check(Case(n, model.__name__, where, typo, meant, _insert(data, where, typo, value), level))


def _rename(data: Any, at: tuple[Any, ...], old: str, new: str) -> Any:
    """A copy of data with the key `old` of the mapping at `at` spelt `new`, in its place."""
    if not at:
        return {(new if k == old else k): v for k, v in data.items()}
    if isinstance(data, list):
        return [(_rename(item, at[1:], old, new) if i == at[0] else item) for i, item in enumerate(data)]
    return {k: (_rename(v, at[1:], old, new) if k == at[0] else v) for k, v in data.items()}


def _mappings() -> Any:
    """(sample number, model, data, place, level, mapping) for every mapping of every sample."""
    for n, (model, data) in enumerate(SAMPLES):
        seen: list[tuple[tuple[str, ...], tuple[Any, ...]]] = []
        _walk_data(model, data, (), (), seen)
        every = levels(model)
        for path, at in seen:
            yield n, model, data, at, every[path], _get(data, at)


def _misspelt_in_place() -> list[Case]:
    """Every key written in every sample, misspelt where it stands (the key it meant is then
    missing): the first few one-edit typos of each."""
    out = []
    for n, model, data, at, level, mapping in _mappings():
        for meant in [k for k in mapping if k in level.allowed]:
            typos = [t for t in sorted(one_edit(meant, (0, len(meant) // 2, -1)))
                     if t and t not in mapping and level.read(t) is None and not t.isdigit()]
            for typo in typos[:3]:
                out.append(Case(n, model.__name__, at, typo, meant, _rename(data, at, meant, typo), level))
    return out


IN_PLACE = _misspelt_in_place()


def test_a_key_misspelt_in_place_is_one_problem_not_two() -> None:
    # `servce:` for `service:` leaves `service` missing: the typo is the one problem said,
    # never a "missing required key" (or "no services", "needs a rationale") beside it.
    assert len(IN_PLACE) > 300
    failures = []
    for case in IN_PLACE:
        try:
            check(case)
        except AssertionError as exc:
            failures.append((case.model, case.where, case.written, str(exc)[-300:]))
    assert not failures, (len(failures), failures[:10])
