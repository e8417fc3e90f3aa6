"""Renderers, chosen by name from a registry: ``--format table|json|jsonl|...``.

A renderer receives results one at a time (so a batch of thousands streams
out) and writes data to its stream; messages go to stderr elsewhere.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol, TextIO


class Renderer(Protocol):
    def start(self, many: bool) -> None: ...
    def item(self, result: Any) -> None: ...
    def finish(self) -> None: ...


# name -> "module:Class", imported only when chosen (Rich costs start-up time).
# Every format is listed here; none is added by importing a module.
FORMATS: dict[str, str] = {
    "table": "cqc_rate.render.table:TableRenderer",
    "json": "cqc_rate.render.json:JsonRenderer",
    "jsonl": "cqc_rate.render.json:JsonLinesRenderer",
    "csv": "cqc_rate.render.csv:CsvRenderer",
    "brief": "cqc_rate.render.brief:BriefRenderer",  # --brief: one line per file
    "html": "cqc_rate.render.html:HtmlRenderer",
    "check-table": "cqc_rate.render.check:CheckTable",  # `check`: one row per checked rating
    "check-json": "cqc_rate.render.check:CheckJson",
    "check-jsonl": "cqc_rate.render.check:CheckJsonLines",
    "check-csv": "cqc_rate.render.check:CheckCsv",
    "compare-table": "cqc_rate.render.compare:CompareTable",  # `compare`: one comparison of two files
    "compare-json": "cqc_rate.render.compare:CompareJson",
    "compare-csv": "cqc_rate.render.compare:CompareCsv",
    "validate-text": "cqc_rate.render.validation:OkLines",  # `validate`'s text output
}


def get(name: str, out: TextIO, **options: Any) -> Renderer:
    module, _, cls = FORMATS[name].partition(":")
    renderer: Callable[..., Renderer] = getattr(importlib.import_module(module), cls)
    return renderer(out, **options)


def encoder(name: str) -> Any:
    """The renderer's `encode(result) -> str`, when it has one: a worker process can
    then send text back instead of a result object (see cli.run_each)."""
    module, _, cls = FORMATS[name].partition(":")
    renderer = getattr(importlib.import_module(module), cls)
    return getattr(renderer, "encode", None) if hasattr(renderer, "write_encoded") else None
