"""The lowest-versions CI run (.ci/run) installs .ci/lowest-constraints.txt: it must pin
exactly the lower bounds pyproject.toml declares, so the two cannot drift apart."""

from __future__ import annotations

import re

from .conftest import ROOT

# Python 3.10 has no tomllib: the two requirement arrays are read directly.
_ARRAY = r"^{key}\s*=\s*\[(?P<items>[^\]]*)\]"
_REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?P<spec>[^;]*)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = []
    for key in ("dependencies", "test"):
        match = re.search(_ARRAY.format(key=key), text, re.MULTILINE)
        assert match, f"no {key} = [...] in pyproject.toml"
        found += re.findall(r'"([^"]+)"', match.group("items"))
    return found


def _floors() -> dict[str, str]:
    floors = {}
    for requirement in _requirements():
        match = _REQUIREMENT.match(requirement)
        assert match, requirement
        lower = re.search(r">=\s*([^,\s]+)", match.group("spec"))
        assert lower, f"{requirement!r} has no lower bound (>=) for the lowest-versions run to test"
        floors[_normal(match.group("name"))] = lower.group(1)
    return floors


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "lowest-constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(\S+)", line)
        assert match, f"not an exact pin: {line!r}"
        name = _normal(match.group(1))
        assert name not in pins, f"{name} pinned twice"
        pins[name] = match.group(2)
    return pins


def test_lowest_constraints_pin_exactly_the_declared_lower_bounds():
    assert _pins() == _floors()


def test_every_requirement_is_read():
    # The parser above must see every requirement, or a new one could escape the check.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    quoted = re.findall(r'"([A-Za-z][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*[<>=!~][^"]*)"', text)
    assert sorted(_requirements()) == sorted(q for q in quoted if not q.startswith("setuptools"))
