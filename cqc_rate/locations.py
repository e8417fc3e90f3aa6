"""Library entry point for location files (``cqc-rate aggregate``): a file in,
a :class:`~cqc_rate.core.location.LocationResult` out.

The I/O the pure core leaves out happens here: each ``assessment:`` path is
read relative to the location file and scored by the same engine as
``score``. A problem in an assessment file is reported as one line located
at the ``assessment:`` entry of the location file, naming the assessment
file, followed by that file's own problems exactly as ``score`` reports them.

Every problem comes in one run: when the input model fails, its problems are
kept and the parts of the file that are valid (each validated against its own
sub-model or field) still go through the cross-field checks
(:func:`cqc_rate.core.location.check_parts`), and every usable ``assessment:``
is still scored. A check that needs an invalid part is skipped, so no problem
is reported only because of another.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .core import location
from .core.results import ServiceResult
from .inputs.reader import POLICY, Document, meant_keys, problems_from, read_document
from .method import Overlay, method_for
from .problems import InputError, Problem, problem_order
from .safe_text import PATH_EXCERPT, excerpt, quoted, safe
from .terms import KEY_QUESTIONS, key_question_of


def _assessment_path(doc: Document, path: str) -> str:
    p = Path(path)
    if not p.is_absolute() and doc.base is not None:
        p = doc.base / p
    return str(p)


def _outside(doc: Document, path: str) -> str | None:
    """Why an assessment: path may not be read, or None: it must lead (symbolic links
    followed) to a file inside the location file's folder, unless --allow-outside
    (reader.POLICY) says otherwise. A location file from anyone must not make the
    tool read, and show in its messages, a file the user never named."""
    if POLICY.allow_outside or doc.base is None:
        return None
    if "\x00" in path:
        return "a file name cannot contain a NUL character"
    try:
        folder = os.path.realpath(doc.base)
        target = os.path.realpath(path)
    except (OSError, ValueError):  # pragma: no cover - realpath does not raise for a missing file
        return "not a usable path"
    if os.path.commonpath([folder, target]) != folder:
        return (f"the path leads outside the location file's folder ({safe(folder)}): refused; "
                "run with --allow-outside to allow it")
    return None


def _same_file(path: str, doc: Document) -> bool:
    """Whether `path` is the location file `doc` itself (by its name, as read)."""
    try:
        return doc.name not in ("<stdin>", "") and os.path.samefile(path, doc.name)
    except (OSError, ValueError):
        return False


# How an assessment file named by a location is scored: the engine's score_document
# (passed in, so that this module needs nothing of the engine that calls it).
ScoreDocument = Callable[[Document, Overlay | None], Any]


def _score_assessment(
    path: str, overlay: Overlay | None, score_document: ScoreDocument
) -> list[Problem] | ServiceResult:
    from .engine import is_location  # the engine imports this module: imported when first used

    try:
        inner = read_document(path)
        if is_location(inner.data):
            # Only assessment files are scored here, so location files never nest: no
            # chain or cycle of references (a location naming itself) can form.
            return [inner.problem(("location",), "this is a location file: an assessment: path must name an "
                                                 "assessment file (one with service:)", at_key=True)]
        service = inner.data.get("service")
        stype = method_for(None, None, overlay).service_type(service.get("type")) if isinstance(service, dict) else None
        if stype is not None and stype.kind != "service":
            return [inner.problem(("service", "type"), (
                f"{stype.key} ({stype.name}) is not a rated service type: "
                "services in a location must be of a rated type"))]
        result = score_document(inner, overlay)
    except InputError as exc:
        return exc.problems
    if not isinstance(result, ServiceResult):  # pragma: no cover - every rated kind gives one
        return [Problem(path, "not a rated service: services in a location must be of a rated type")]
    return result


def aggregate_document(
    doc: Document, overlay: Overlay | None, score_document: ScoreDocument
) -> location.LocationResult:
    """Validate a parsed location file, score its assessments and aggregate; `overlay`:
    a --methodology file (cqc_rate.method.read_overlay), for the location and its services.

    Every problem is reported at once: when the input model fails, the checks that
    need more than one field still run on the parts that are valid, and every
    assessment file named by a usable ``assessment:`` is still read and scored.
    """
    from .inputs.location import LocationFile

    if "service" in doc.data and "location" not in doc.data:
        raise InputError([doc.problem(("service",), "this is an assessment file (it has service:, not location:): "
                                      "use `cqc-rate score` for it", at_key=True)])
    model: LocationFile | None = None
    try:
        model = LocationFile.model_validate(doc.data)
    except ValidationError as exc:
        structure = problems_from(doc, LocationFile, exc)
        parts = _valid_parts(doc.data)
    else:
        structure = []
        parts = location.parts_of(model)
    method = method_for(None, None, overlay)  # location files have no date: the method in force
    blocks: list[list[Problem]] = [[p] for p in structure]
    blocks += [[doc.problem(loc, message)] for loc, message in location.check_parts(parts, method)]
    assessed: dict[int, ServiceResult] = {}
    for i, service in enumerate(parts.services if isinstance(parts.services, tuple) else ()):
        # Scored when it is the service's only source: with ratings: too, that is the problem.
        if service is None or not isinstance(service.assessment, str) or service.ratings is not None:
            continue
        path = _assessment_path(doc, service.assessment)
        refused = _outside(doc, path)
        if refused is None and _same_file(path, doc):
            refused = "it names this location file itself"
        outcome = [Problem(doc.name, refused)] if refused else _score_assessment(path, overlay, score_document)
        if isinstance(outcome, ServiceResult):
            assessed[i] = outcome
            continue
        who = f"service {quoted(service.name)}" if service.name is not None else f"service #{i + 1}"
        header = doc.problem(("services", i, "assessment"), (
            f"assessment {excerpt(service.assessment, PATH_EXCERPT)} ({who}) cannot be used"
            + (f": {refused}" if refused else ":")))
        blocks.append([header] if refused else [header, *outcome])
    if blocks:
        seen: set[Problem] = set()
        blocks = [b for b in blocks if b[0] not in seen and not seen.add(b[0])]  # type: ignore[func-returns-value]
        blocks.sort(key=lambda b: problem_order(b[0]))
        raise InputError([p for block in blocks for p in block])
    assert model is not None  # no problems: the model was valid
    return location.aggregate_location(doc.name, model, assessed, method)


# ------------------------------------------------------- the valid parts of a file


def _field(model: type[BaseModel], data: dict[Any, Any], name: str) -> Any:
    """One field of a sub-model validated on its own: its value, its default when not
    given, or UNUSABLE (given but invalid, or required and missing)."""
    field = model.model_fields[name]
    if name not in data:
        return location.UNUSABLE if field.is_required() else field.get_default(call_default_factory=True)
    adapter = _ADAPTERS.get((model, name))
    if adapter is None:
        from .inputs.common import annotated

        tp: Any = annotated(field.annotation, *field.metadata) if field.metadata else field.annotation
        adapter = _ADAPTERS[(model, name)] = TypeAdapter(tp)
    try:
        return adapter.validate_python(data[name])
    except ValidationError:
        return location.UNUSABLE


_ADAPTERS: dict[tuple[type, str], TypeAdapter[Any]] = {}


def _service_entry(data: Any) -> location.ServiceEntry | None:
    from .inputs.location import LocationService

    if not isinstance(data, dict):
        return None
    try:
        s = LocationService.model_validate(data)
    except ValidationError:
        pass
    else:
        return location.ServiceEntry(s.name, s.ratings, s.assessment)
    name = _field(LocationService, data, "name")
    return location.ServiceEntry(
        None if name is location.UNUSABLE else name,
        _field(LocationService, data, "ratings"),
        _field(LocationService, data, "assessment"),
        unknown_keys=any(k not in LocationService.model_fields for k in data),
    )


def _trust_sections(data: Any) -> Any:
    """What the trust checks need of an invalid trust: section: each key question's
    scores that are a mapping (the others' problems are the model's), and under
    well-led only the entries that are mappings (evidence categories, not scores)."""
    scores = data.get("scores") if isinstance(data, dict) else None
    if not isinstance(scores, dict):
        return location.UNUSABLE
    sections: dict[str, Any] = dict.fromkeys(KEY_QUESTIONS)
    for key, section in scores.items():
        kq = key_question_of(key)
        if kq is None or sections[kq] is not None or not isinstance(section, dict) or not section:
            continue
        sections[kq] = section if kq != "well_led" else {k: v for k, v in section.items() if isinstance(v, dict)}
    return SimpleNamespace(scores=SimpleNamespace(**sections))


def _valid_parts(data: dict[Any, Any]) -> location.Parts:
    """The parts of a location file whose model fails that are still valid, each
    validated against its own sub-model (or field), for the cross-field checks."""
    from .inputs.location import LocationFile, LocationInfo, Override, TrustSection

    info = data.get("location")
    stype = _field(LocationInfo, info, "type") if isinstance(info, dict) else location.UNUSABLE
    raw = data.get("services")
    # `servics:` is reported as the typo it is; no "no services" beside it.
    misspelt = meant_keys(data, list(LocationFile.model_fields))
    services: Any
    if raw is None:
        services = location.UNUSABLE if "services" in misspelt else None
    else:
        services = location.UNUSABLE if not isinstance(raw, list) else tuple(_service_entry(e) for e in raw)
    trust: Any = data.get("trust")
    if trust is not None:
        try:
            trust = TrustSection.model_validate(trust)
        except ValidationError:
            trust = _trust_sections(trust)
    raw = data.get("overrides")
    targets = tuple(
        t if isinstance(o, dict) and (t := _field(Override, o, "target")) is not location.UNUSABLE else None
        for o in (raw if isinstance(raw, list) else ()))
    return location.Parts(None if stype is location.UNUSABLE else stype, services, trust, targets)
