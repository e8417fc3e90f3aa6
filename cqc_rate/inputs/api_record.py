"""CQC public API location records (JSON) for `cqc-rate check`: one object per file, a JSON
array of them, or JSON Lines. Each record comes with where it is (`FILE:LINE` for JSON Lines
and a single object, `FILE#N` for the Nth element of an array); one that cannot be read is a
located problem and the others are still read. Unknown fields are ignored; nothing is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..problems import InputError, Problem
from ..safe_text import safe

MAX_BYTES = 200 * 1024 * 1024  # a JSON Lines extract of the whole register is ~1 GB: split it


def _where(file: str, message: str) -> Problem:
    # `file` already carries the place (FILE:LINE or FILE#N): printed as "PLACE: message".
    return Problem(file, message)


def read_text(path: str) -> str:
    # Read as every input is (only regular files, stdin closed or write-only refused:
    # reader.read_bytes), with this format's own size limit.
    from .reader import read_bytes

    data = read_bytes(path, MAX_BYTES)
    name = "<stdin>" if path == "-" else safe(path)
    if len(data) > MAX_BYTES:
        raise InputError([Problem(name, f"larger than {MAX_BYTES // (1024 * 1024)} MB: split it")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, f"not UTF-8 text (byte {exc.start})")]) from None


def not_a_location(record: Any) -> str | None:
    """Why `record` is not a location record, or None when it is one."""
    if not isinstance(record, dict):
        return f"not a location record: expected a JSON object, got {_kind(record)}"
    if not isinstance(record.get("locationId"), str) or not record["locationId"].strip():
        return "not a location record: no locationId"
    return None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "true/false",
            type(None): "null"}.get(type(value), "a number")


def records(path: str, text: str) -> Iterator[tuple[str, dict[str, Any] | Problem]]:
    """(place, record) for each location record in the text, or (place, Problem)."""
    name = "<stdin>" if path == "-" else path
    stripped = text.strip()
    if not stripped:
        yield name, _where(name, "empty: no location records")
        return
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) > 1 and _parses(lines[0][1]):
            yield from _json_lines(name, lines)
            return
        yield name, _where(f"{name}:{exc.lineno}", f"malformed JSON: {exc.msg} (column {exc.colno})")
        return
    if isinstance(whole, list):
        for n, item in enumerate(whole, 1):
            place = f"{name}#{n}"
            why = not_a_location(item)
            yield place, _where(place, why) if why else item
        if not whole:
            yield name, _where(name, "an empty array: no location records")
        return
    place = f"{name}:{text[:len(text) - len(text.lstrip())].count(chr(10)) + 1}"  # where the object starts
    why = not_a_location(whole)
    yield place, _where(place, why) if why else whole


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _json_lines(name: str, lines: list[tuple[int, str]]) -> Iterator[tuple[str, dict[str, Any] | Problem]]:
    for lineno, line in lines:
        place = f"{name}:{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield place, _where(place, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        why = not_a_location(item)
        yield place, _where(place, why) if why else item
