"""The public Python API: the same work as the command line, on mappings or files.

Each function takes an already-parsed mapping (as ``yaml.safe_load`` or
``json.load`` give it) or, in its ``*_file`` form, a path; it returns the
frozen result objects the command line renders, whose ``to_dict()`` is the
CLI's JSON. Invalid input raises :class:`InputError`, whose ``problems`` are
located: line and column for files, the key path for mappings. The CLI uses
only these functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs.reader import Document, read_document
from .method import Overlay, read_overlay
from .problems import InputError, Problem
from .safe_text import quoted

if TYPE_CHECKING:
    from .core.check import Check, CheckedFile
    from .core.local_authority import LocalAuthorityResult
    from .core.location import LocationResult
    from .core.not_rated import NotRatedResult
    from .core.results import ServiceResult
    from .explanations.local_authority import LocalAuthorityExplanation
    from .explanations.location import LocationExplanation
    from .explanations.not_rated import NotRatedExplanation
    from .explanations.service import ServiceExplanation

    #: What scoring gives, by kind of file.
    Result = ServiceResult | LocalAuthorityResult | NotRatedResult | LocationResult
    #: What explaining gives, by kind of file.
    Explanation = ServiceExplanation | LocalAuthorityExplanation | NotRatedExplanation | LocationExplanation

PathLike = str | os.PathLike[str]
#: `methodology=`: an overlay file's path (``--methodology FILE``), or one already read.
MethodologyArg = PathLike | Overlay | None

__all__ = [
    "Check", "CheckedFile", "Explanation", "InputError", "Overlay", "Problem", "Result",
    "aggregate", "aggregate_file", "check", "check_file", "explain", "explain_file", "score", "score_file",
    "validate", "validate_file",
]


def __getattr__(name: str) -> Any:
    """`Result`, `Explanation`, `Check` and `CheckedFile`, made when first asked for: the
    modules of every kind's results, explanations and the API check cost a `score` run
    ~20 ms to import, and each command needs only its own."""
    if name == "Result":
        from .core.local_authority import LocalAuthorityResult
        from .core.location import LocationResult
        from .core.not_rated import NotRatedResult
        from .core.results import ServiceResult

        return ServiceResult | LocalAuthorityResult | NotRatedResult | LocationResult
    if name == "Explanation":
        from .explanations.local_authority import LocalAuthorityExplanation
        from .explanations.location import LocationExplanation
        from .explanations.not_rated import NotRatedExplanation
        from .explanations.service import ServiceExplanation

        return ServiceExplanation | LocalAuthorityExplanation | NotRatedExplanation | LocationExplanation
    if name in ("Check", "CheckedFile"):
        from .core import check

        return getattr(check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _document(data: Mapping[str, Any], name: str, base: PathLike | None) -> Document:
    if not isinstance(data, Mapping):
        raise InputError([Problem(name, "expected a mapping (the parsed contents of an assessment or location file)")])
    folder = Path(base) if base is not None else Path.cwd()
    return Document(name, dict(data), None, folder)


def _overlay(methodology: MethodologyArg) -> Overlay | None:
    if methodology is None or isinstance(methodology, Overlay):
        return methodology
    return read_overlay(os.fspath(methodology))


def _score(doc: Document, methodology: MethodologyArg) -> Result:
    from .engine import score_document

    result: Result = score_document(doc, _overlay(methodology))
    return result


def _aggregate(doc: Document, methodology: MethodologyArg) -> LocationResult:
    from .engine import aggregate_document

    return aggregate_document(doc, _overlay(methodology))


def _explain(doc: Document, key_questions: Iterable[str] | None, methodology: MethodologyArg) -> Explanation:
    from .explanations import explain as explain_result
    from .explanations import explainer
    from .method import method_for
    from .terms import KEY_QUESTION_WORDS, key_question_of

    wanted = None
    if key_questions is not None:
        wanted = []
        for value in key_questions:
            kq = key_question_of(value)
            if kq is None:
                raise InputError([Problem(
                    doc.name, f"unknown key question {quoted(value)}: expected {KEY_QUESTION_WORDS}")])
            wanted.append(kq)
    overlay = _overlay(methodology)
    result = _score(doc, overlay)
    if explainer(type(result)) is None:  # a kind with no explainer (cqc_rate.kinds): said, not a bug
        kind = getattr(result, "kind", "these")
        raise InputError([Problem(doc.name, f"explain does not cover {kind} files yet: use score")])
    # The what-ifs use the method the result was scored by (a service names it; others: the newest).
    method = method_for(getattr(result, "method", None), None, overlay)
    explanation: Explanation = explain_result(result, key_questions=wanted, method=method)
    return explanation


def _validate(doc: Document) -> list[Problem]:
    from .engine import validate_document

    try:
        validate_document(doc)
    except InputError as exc:
        return list(exc.problems)
    return []


# ----------------------------------------------------------------- mappings


def score(data: Mapping[str, Any], *, name: str = "<data>", base: PathLike | None = None,
          methodology: MethodologyArg = None) -> Result:
    """Score a parsed assessment file (or aggregate a location file, as ``cqc-rate score`` does).

    ``base`` is the folder that ``assessment:`` paths in a location start from
    (default: the current folder); ``name`` is what problems are reported against;
    ``methodology`` an overlay (a file in the format ``cqc-rate methodology`` prints).
    """
    return _score(_document(data, name, base), methodology)


def aggregate(data: Mapping[str, Any], *, base: PathLike | None = None, name: str = "<data>",
              methodology: MethodologyArg = None) -> LocationResult:
    """Aggregate a parsed location file (levels 3, 4 and 5), as ``cqc-rate aggregate`` does."""
    return _aggregate(_document(data, name, base), methodology)


def explain(data: Mapping[str, Any], *, key_questions: Iterable[str] | None = None,
            base: PathLike | None = None, name: str = "<data>", methodology: MethodologyArg = None) -> Explanation:
    """Explain each rating of a parsed assessment or location file, as ``cqc-rate explain`` does."""
    return _explain(_document(data, name, base), key_questions, methodology)


def validate(data: Mapping[str, Any], *, base: PathLike | None = None, name: str = "<data>") -> list[Problem]:
    """Every problem in a parsed assessment or location file; an empty list when it is valid."""
    try:
        doc = _document(data, name, base)
    except InputError as exc:
        return list(exc.problems)
    return _validate(doc)


# -------------------------------------------------------------------- files


def _read(path: PathLike) -> Document:
    return read_document(os.fspath(path))


def score_file(path: PathLike, *, methodology: MethodologyArg = None) -> Result:
    """Read, validate and score one file (``-`` for standard input)."""
    return _score(_read(path), methodology)


def aggregate_file(path: PathLike, *, methodology: MethodologyArg = None) -> LocationResult:
    """Read, validate and aggregate one location file."""
    return _aggregate(_read(path), methodology)


def explain_file(path: PathLike, *, key_questions: Iterable[str] | None = None,
                 methodology: MethodologyArg = None) -> Explanation:
    """Read, validate, score and explain one file."""
    return _explain(_read(path), key_questions, methodology)


def validate_file(path: PathLike) -> list[Problem]:
    """Every problem in one file, located by line and column; an empty list when it is valid."""
    try:
        doc = _read(path)
    except InputError as exc:
        return list(exc.problems)
    return _validate(doc)


# ------------------------------------------------------ published ratings (check)


def check(record: Mapping[str, Any], *, name: str = "<data>") -> list[Check]:
    """Every published rating in one CQC public API location record (a parsed JSON object),
    checked against the method's rules, as ``cqc-rate check`` does (docs/check.md)."""
    from .core.check import check_record
    from .inputs.api_record import not_a_location
    from .method import method_in_force

    why = not_a_location(record)
    if why is not None:
        raise InputError([Problem(name, why)])
    return check_record(record, method_in_force(), name)


def check_file(path: PathLike) -> CheckedFile:
    """Every location record in a file (a JSON object, an array of them, or JSON Lines; ``-``
    for stdin), checked. A record that cannot be read is a located problem in the result's
    ``problems`` while the others are checked; InputError when none can be."""
    from .core.check import CheckedFile, check_record
    from .inputs.api_record import read_text, records
    from .method import method_in_force

    path = os.fspath(path)
    method = method_in_force()
    checks: list[Check] = []
    problems: list[Problem] = []
    for place, record in records(path, read_text(path)):
        if isinstance(record, Problem):
            problems.append(record)
        else:
            checks.extend(check_record(record, method, place))
    if problems and not checks:
        raise InputError(problems)
    return CheckedFile("<stdin>" if path == "-" else path, tuple(checks), tuple(problems))
