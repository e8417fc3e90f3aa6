"""Library entry points: a file (or parsed document) in, a result object out.

Assessment files come in kinds, picked by ``service.type``: rated services,
local authorities and services CQC does not rate. Each kind registers its
input model, its cross-field checks and its scoring function here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .load import Document, read_document, validate
from .methodology import Methodology, methodology
from .problems import InputError


@dataclass(frozen=True)
class Kind:
    model: Callable[[], type]  # lazy: a command that never meets a kind never builds its model
    check: Callable[[Any, Methodology], list[tuple[tuple[Any, ...], str]]]
    score: Callable[[str, Any, Methodology], Any]


def _rated() -> Kind:
    from .core import service
    from .inputs import RatedAssessment

    return Kind(lambda: RatedAssessment, service.check, service.score)


KINDS: dict[str, Callable[[], Kind]] = {"rated": _rated}


def kind_of(data: Any) -> str:
    """The kind of an assessment from its service type; "rated" when it cannot tell
    (the rated model then reports what is wrong with the type)."""
    service = data.get("service") if isinstance(data, dict) else None
    stype = methodology().service_type(service.get("type")) if isinstance(service, dict) else None
    return stype.kind if stype is not None and stype.kind in KINDS else "rated"


def check_document(doc: Document) -> tuple[Kind, Any]:
    """Validate a parsed assessment file; InputError lists every problem, located."""
    kind = KINDS[kind_of(doc.data)]()
    model = validate(doc, kind.model())
    problems = kind.check(model, methodology())
    if problems:
        raise InputError(sorted({doc.problem(loc, message) for loc, message in problems},
                                key=lambda p: (p.line or 0, p.column or 0)))
    return kind, model


def score_document(doc: Document) -> Any:
    kind, model = check_document(doc)
    return kind.score(doc.name, model, methodology())


def score_file(path: str) -> Any:
    """Read, validate and score one assessment file (`-` for standard input)."""
    return score_document(read_document(path))


# Files that are not assessments, told apart by their top-level key: key -> "module:Model".
# A kind whose module is not there yet is reported cleanly instead of crashing.
OTHER_FILES: dict[str, str] = {"location": "cqc_rate.inputs_location:LocationFile"}


def file_kind(data: Any) -> str:
    """What a file is: a key of OTHER_FILES (from its top-level key) or an assessment kind."""
    if isinstance(data, dict):
        for key in OTHER_FILES:
            if key in data:
                return key
    return kind_of(data)


def validate_document(doc: Document) -> str:
    """Check a parsed file without scoring it; returns what it is (see file_kind).
    InputError lists every problem, located."""
    import importlib

    kind = file_kind(doc.data)
    if kind not in OTHER_FILES:
        check_document(doc)
        return kind
    module, _, name = OTHER_FILES[kind].partition(":")
    try:
        model = getattr(importlib.import_module(module), name)
    except (ModuleNotFoundError, AttributeError) as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name != module:
            raise  # the module is there but broken: a bug, not a missing feature
        raise InputError([doc.problem((kind,), f"{kind} files are not supported yet by this version of cqc-rate",
                                      at_key=True)]) from None
    validate(doc, model)
    return kind


def validate_file(path: str) -> str:
    return validate_document(read_document(path))
