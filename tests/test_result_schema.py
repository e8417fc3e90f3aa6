"""The JSON output against schemas/result.schema.json (docs/json.md), for every sample and valid case.

A small validator for the part of JSON Schema (draft 2020-12) the schema uses: type, properties,
required, items, enum, anyOf, allOf, additionalProperties and local $ref.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import cqc_rate
from cqc_rate.cli.validate import check_file

from .conftest import ROOT, SAMPLES

SCHEMA = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))
FILES = sorted([*SAMPLES.glob("*.yaml"), *(ROOT / "tests" / "cases" / "valid").rglob("*.yaml")])
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
SNAKE = re.compile(r"^[a-z0-9_]+$")


def _is(value: Any, name: str) -> bool:
    if name in ("integer", "number"):
        return (isinstance(value, int) or (name == "number" and isinstance(value, float))) \
            and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(value, SCHEMA["$defs"][name], where)
    found: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, n) for n in names):
            return [f"{where}: {value!r} is not of type {names}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not one of {schema['enum']}")
    for sub in schema.get("allOf", []):
        found += errors(value, sub, where)
    if "anyOf" in schema and all(errors(value, sub, where) for sub in schema["anyOf"]):
        found.append(f"{where}: matches none of anyOf: "
                     + "; ".join(min((errors(value, s, where) for s in schema["anyOf"]), key=len)))
    if isinstance(value, dict):
        found += [f"{where}: missing {k!r}" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                found += errors(item, props[key], f"{where}.{key}")
            elif extra is False:
                found.append(f"{where}: unexpected key {key!r}")
            elif isinstance(extra, dict):
                found += errors(item, extra, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += errors(item, schema["items"], f"{where}[{i}]")
    return found


def keys_not_snake(value: Any, where: str = "$") -> list[str]:
    if isinstance(value, dict):
        return [f"{where}.{k}" for k in value if not SNAKE.match(k)] + [
            bad for k, v in value.items() for bad in keys_not_snake(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [bad for i, v in enumerate(value) for bad in keys_not_snake(v, f"{where}[{i}]")]
    return []


def outputs(path: Path) -> dict[str, dict[str, Any]]:
    check = check_file(str(path))
    scored = cqc_rate.aggregate_file(str(path)) if check.kind == "location" else cqc_rate.score_file(str(path))
    return {"score": scored.to_dict(), "explain": cqc_rate.explain_file(str(path)).to_dict(),
            "validate": check.to_dict()}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_output_validates_against_the_schema(path: Path) -> None:
    for command, data in outputs(path).items():
        assert errors(data, SCHEMA) == [], command
        assert keys_not_snake(data) == [], command
        # JSON round trip: numbers are numbers, no "a/b" strings.
        assert not re.search(r'"-?\d+/\d+"', json.dumps(data)), command


def test_the_validator_rejects() -> None:
    good = cqc_rate.score_file(str(SAMPLES / "care-home.yaml")).to_dict()
    bad = json.loads(json.dumps(good))
    bad["overall"]["counts"] = {}
    assert errors(bad, SCHEMA)
    bad = json.loads(json.dumps(good))
    bad["key_questions"]["safe"]["status"] = "unknown"
    assert errors(bad, SCHEMA)
    assert errors({"file": "x", "valid": True, "kind": "rated", "problems": []}, SCHEMA)


def test_schema_is_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(("before", "after", "settings"), [
    ("care-home.yaml", "care-home.yaml", ["safe.learning-culture=1"]),
    ("location-acute-trust.yaml", "location-acute-trust.yaml", []),
    ("local-authority-good.yaml", "local-authority-good.yaml", []),
])
def test_compare_output_validates(before: str, after: str, settings: list[str]) -> None:
    data = cqc_rate.compare_files(SAMPLES / before, SAMPLES / after, settings=settings).to_dict()
    assert errors(data, SCHEMA) == [] and errors(data, SCHEMA["$defs"]["comparison"]) == []
    assert keys_not_snake(data) == []


@pytest.mark.parametrize("target", ["well-led=good", "overall=outstanding", "caring=inadequate"])
def test_explain_target_output_validates(target: str) -> None:
    data = cqc_rate.explain_file(SAMPLES / "care-home.yaml", target=target).to_dict()
    assert errors(data, SCHEMA) == [] and errors(data["target"], SCHEMA["$defs"]["target"]) == []
    assert keys_not_snake(data) == []
