"""The pipeline: a parsed document in, its kind found, validated, checked and
scored by that kind's modules (cqc_rate.kinds), a result object out.

Assessment files come in kinds, picked by ``service.type``: services CQC
rates, local authorities and services CQC does not rate; a file with
``location:`` is a location file, aggregated by :mod:`cqc_rate.locations`
with its assessment files scored here. The public API (cqc_rate.api) is the
way in; this module is what it runs.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from .inputs.reader import Document, read_document, validate
from .kinds import ASSESSMENT_KINDS, BY_NAME, Kind
from .method import Overlay, method_for
from .method.models import Methodology
from .problems import InputError, problem_order

if TYPE_CHECKING:
    from .core.location import LocationResult


def kind_of(data: Any, overlay: Overlay | None = None) -> str:
    """The kind of an assessment from its service type; "service" when it cannot tell
    (the service model then reports what is wrong with the type)."""
    # A misspelt `servce:` or `tpye:` still tells the kind, so that the typo is the one
    # problem said and not the first of a kind's worth of "unknown key" lines.
    service = _near_value(data, "service")
    stype = method_for(None, None, overlay).service_type(_near_value(service, "type"))
    return stype.kind if stype is not None and stype.kind in ASSESSMENT_KINDS else "service"


def method_of(model: Any, overlay: Overlay | None = None) -> Methodology:
    """The method a validated file is scored by: cqc_rate.method chooses, from its
    assessment.method and assessment.date (and the overlay, if any)."""
    info = getattr(model, "assessment", None)
    return method_for(getattr(info, "method", None), getattr(info, "date", None), overlay)


def check_document(doc: Document, overlay: Overlay | None = None) -> tuple[Kind, Any]:
    """Validate a parsed assessment file; InputError lists every problem, located."""
    if is_location(doc.data):
        raise InputError([doc.problem(("location",), "this is a location file (it has location:, not service:): "
                                      "use `cqc-rate aggregate` for it", at_key=True)])
    kind = BY_NAME[kind_of(doc.data, overlay)]
    if doc.early and doc.early_only:
        raise InputError(doc.early)  # what the models would add says the same again
    try:
        model = validate(doc, kind.input_model())
    except InputError as exc:
        if not doc.early:
            raise
        raise InputError(sorted({*doc.early, *exc.problems}, key=problem_order)) from None
    problems = kind.layer("core").check(model, method_of(model, overlay))
    if problems or doc.early:
        raise InputError(sorted({*doc.early, *(doc.problem(loc, message) for loc, message in problems)},
                                key=problem_order))
    return kind, model


def score_document(doc: Document, overlay: Overlay | None = None) -> Any:
    if file_kind(doc.data, overlay) == "location":
        # A location file among assessment files (a folder of both): aggregated, as `aggregate` does.
        return aggregate_document(doc, overlay)
    kind, model = check_document(doc, overlay)
    return kind.layer("core").score(doc.name, model, method_of(model, overlay))


def aggregate_document(doc: Document, overlay: Overlay | None = None) -> LocationResult:
    """Validate a parsed location file, score the assessment files it names (as
    `score` does) and aggregate; InputError lists every problem, located."""
    from . import locations  # location files only: their modules are not imported for the others

    return locations.aggregate_document(doc, overlay, score_document)


def score_file(path: str, overlay: Overlay | None = None) -> Any:
    """Read, validate and score one assessment file (`-` for standard input);
    `overlay`: a --methodology file read by cqc_rate.method.read_overlay."""
    return score_document(read_document(path), overlay)


def is_location(data: Any) -> bool:
    """A location file has `location:` and no assessment's `service:` mapping; one that
    also has `services:` (or `trust:`, `overrides:`), or a `service:` that is no mapping,
    is a location file whose `service:` is a misspelt key, reported as one."""
    if not isinstance(data, dict):
        return False
    if "location" not in data:
        # `locaton:` beside `services:` is a misspelt location file, not an assessment
        # with seven unknown keys: read it as a location so the typo is the one problem.
        if isinstance(data.get("service"), dict):
            return False
        misspelt = any(isinstance(key, str) and _near("location", key) for key in data)
        return misspelt or "services" in data or "overrides" in data
    if "service" not in data or not isinstance(data["service"], dict):
        return True
    return any(key in data for key in ("services", "trust", "overrides"))


def _near_value(data: Any, key: str) -> Any:
    """data[key], or else the value of the one key that is a slip from it."""
    if not isinstance(data, dict):
        return None
    if key in data:
        return data[key]
    near = [v for k, v in data.items() if isinstance(k, str) and _near(key, k, 0.6)]
    return near[0] if len(near) == 1 else None


def _near(word: str, key: str, cutoff: float = 0.8) -> bool:
    """A slip or two from `word` (`locaton`, `Locations`); at 0.8 not merely alike (`action`)."""
    return difflib.SequenceMatcher(None, word, key.strip().lower()).ratio() >= cutoff


def file_kind(data: Any, overlay: Overlay | None = None) -> str:
    """What a file is: "location" (see is_location) or an assessment kind."""
    if is_location(data):
        return "location"
    return kind_of(data, overlay)


def validate_document(doc: Document) -> str:
    """Check a parsed file without printing a result; returns what it is (see file_kind).
    InputError lists every problem, located. A location is checked as `aggregate`
    reads it, assessment files it names included."""
    kind = file_kind(doc.data)
    if kind == "location":
        aggregate_document(doc)
    else:
        check_document(doc)
    return kind


def validate_file(path: str) -> str:
    return validate_document(read_document(path))
