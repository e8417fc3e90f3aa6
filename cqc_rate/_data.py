"""Reading the YAML data shipped in the package (once per process)."""

from __future__ import annotations

from importlib import resources

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(name: str) -> object:
    text = resources.files("cqc_rate").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=Loader)
