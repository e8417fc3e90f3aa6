"""JSON Schema (draft 2020-12) of each input format, generated from the input models.

Editors use it to complete and check keys (the YAML language server reads the
``# yaml-language-server: $schema=...`` modeline at the top of a file). The
schema describes the structure; the loader accepts more spellings than it
lists (statement names and API ids as keys, ``Well-led``, ``RI``) and checks
what a schema cannot (statements under the right key question, cross-field
rules), so ``cqc-rate validate`` stays the authority.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .kinds import ASSESSMENT_KINDS, BY_NAME

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models(*kinds: str) -> Callable[[], list[type[BaseModel]]]:
    """The input models of these kinds (cqc_rate.kinds), in that order."""

    def models() -> list[type[BaseModel]]:
        return [BY_NAME[kind].input_model() for kind in kinds]

    return models


@dataclass(frozen=True)
class SchemaEntry:
    title: str
    description: str
    models: Callable[[], list[type[BaseModel]]]


SCHEMAS: dict[str, SchemaEntry] = {
    "assessment": SchemaEntry(
        "cqc-rate assessment file",
        "One service's assessment for `cqc-rate score`: statement scores, earlier scores and published ratings.",
        _models(*ASSESSMENT_KINDS),
    ),
    "location": SchemaEntry(
        "cqc-rate location file",
        "A location's services (and NHS trust well-led scores) for `cqc-rate aggregate`.",
        _models("location"),
    ),
}


class SchemaUnavailable(LookupError):
    pass


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema for SCHEMAS[name]; several models are combined with anyOf."""
    entry = SCHEMAS[name]
    models = entry.models()
    if not models:
        raise SchemaUnavailable(f"the {name} file format is not available in this version of cqc-rate")
    if len(models) == 1:
        body = models[0].model_json_schema()
    else:
        refs, body = models_json_schema([(m, "validation") for m in models])
        body["anyOf"] = [refs[(m, "validation")] for m in models]
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DIALECT, "title": entry.title, "description": entry.description, **body}


def dumps(name: str) -> str:
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
