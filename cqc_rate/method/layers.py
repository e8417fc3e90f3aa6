"""Method versions as dated, layered data (in the manner of OpenFisca's dated
parameters and reforms).

Each version is one YAML file in ``method/data/``: ``id``, ``in_force_from``,
optionally ``extends`` (the id of the version it builds on) and ``include``
(files whose keys it takes in first), then whatever it says about the method.

The layering rule, the same for versions, included files and overlays
(``--methodology FILE``): **mappings merge key by key; lists and scalars
replace whole.** A layer that gives ``bands:`` gives all four bands; one that
gives ``principle_sets: {health: {name: ...}}`` changes only the health set's
name and keeps its buckets and rules.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Keys of a version file that are about the layer, not the method.
LAYER_KEYS = ("id", "in_force_from", "extends", "include")


def data_folder() -> Any:
    """``method/data/``, where the shipped files are (a Traversable)."""
    return resources.files("cqc_rate.method").joinpath("data")


@functools.cache
def read(name: str) -> Any:
    """A YAML file shipped in ``method/data/`` (shipped data: read fast, trusted; once:
    callers merge, never change it)."""
    text = data_folder().joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=Loader)


def shipped_files() -> list[str]:
    """The files shipped in ``data/``: every ``*.yaml`` (versions have an ``id:``, includes none)."""
    return sorted(f.name for f in data_folder().iterdir() if f.name.endswith(".yaml"))


def merge(base: Any, layer: Any) -> Any:
    """`layer` over `base`: mappings merge key by key, everything else replaces whole."""
    if isinstance(base, Mapping) and isinstance(layer, Mapping):
        out = dict(base)
        for key, value in layer.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    return layer


def own_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """A version file's data without its layer keys, its includes merged in first."""
    content: dict[str, Any] = {}
    for name in data.get("include") or ():
        content = merge(content, read(name))
    merged: dict[str, Any] = merge(content, {k: v for k, v in data.items() if k not in LAYER_KEYS})
    return merged


def header(data: Mapping[str, Any], file: str) -> tuple[str, datetime.date, str | None]:
    """(id, in_force_from, extends) of a version file, checked: shipped data must be right."""
    vid, since, extends = data.get("id"), data.get("in_force_from"), data.get("extends")
    if not isinstance(vid, str) or not isinstance(since, datetime.date):
        raise ValueError(f"method/data/{file}: a version needs id: (text) and in_force_from: (a date)")
    if extends is not None and not isinstance(extends, str):
        raise ValueError(f"method/data/{file}: extends: must be a version id")
    return vid, since, extends
