"""Library entry point for location files (``cqc-rate aggregate``): a file in,
a :class:`~cqc_rate.core.location.LocationResult` out.

The I/O the pure core leaves out happens here: each ``assessment:`` path is
read relative to the location file and scored by the same engine as
``score``. A problem in an assessment file is reported as one line located
at the ``assessment:`` entry of the location file, naming the assessment
file, followed by that file's own problems exactly as ``score`` reports them.
"""

from __future__ import annotations

from pathlib import Path

from .core import location
from .core.results import ServiceResult
from .load import Document, read_document, validate
from .method import Overlay, method_for
from .problems import InputError, Problem


def _assessment_path(doc: Document, path: str) -> str:
    p = Path(path)
    if not p.is_absolute() and doc.base is not None:
        p = doc.base / p
    return str(p)


def _score_assessment(path: str, overlay: Overlay | None = None) -> list[Problem] | ServiceResult:
    from .engine import score_document

    try:
        inner = read_document(path)
        service = inner.data.get("service")
        stype = method_for(None, None, overlay).service_type(service.get("type")) if isinstance(service, dict) else None
        if stype is not None and stype.kind != "rated":
            return [inner.problem(("service", "type"), (
                f"{stype.key} ({stype.name}) is not a rated service type: "
                "services in a location must be of a rated type"))]
        result = score_document(inner, overlay)
    except InputError as exc:
        return exc.problems
    if not isinstance(result, ServiceResult):  # pragma: no cover - every rated kind gives one
        return [Problem(path, "not a rated service: services in a location must be of a rated type")]
    return result


def aggregate_document(doc: Document, overlay: Overlay | None = None) -> location.LocationResult:
    """Validate a parsed location file, score its assessments and aggregate; `overlay`:
    a --methodology file (cqc_rate.method.read_overlay), for the location and its services."""
    from .inputs_location import LocationFile

    if "service" in doc.data and "location" not in doc.data:
        raise InputError([doc.problem(("service",), "this is an assessment file (it has service:, not location:): "
                                      "use `cqc-rate score` for it", at_key=True)])
    model = validate(doc, LocationFile)
    method = method_for(None, None, overlay)  # location files have no date: the method in force
    blocks: list[list[Problem]] = [[doc.problem(loc, message)] for loc, message in location.check(model, method)]
    assessed: dict[int, ServiceResult] = {}
    for i, service in enumerate(model.services or []):
        if service.assessment is None or service.ratings is not None:
            continue
        path = _assessment_path(doc, service.assessment)
        outcome = _score_assessment(path, overlay)
        if isinstance(outcome, ServiceResult):
            assessed[i] = outcome
            continue
        header = doc.problem(("services", i, "assessment"), (
            f"assessment {service.assessment} (service '{service.name}') cannot be used:"))
        blocks.append([header, *outcome])
    if blocks:
        blocks.sort(key=lambda b: (b[0].line or 0, b[0].column or 0))
        raise InputError([p for block in blocks for p in block])
    return location.aggregate_location(doc.name, model, assessed, method)


def aggregate_file(path: str, overlay: Overlay | None = None) -> location.LocationResult:
    """Read, validate and aggregate one location file (`-` for standard input)."""
    return aggregate_document(read_document(path), overlay)
