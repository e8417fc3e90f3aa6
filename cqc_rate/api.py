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

from .inputs.reader import Document, read_document, read_documents
from .method import Overlay, read_overlay
from .problems import InputError, Problem
from .safe_text import quoted

if TYPE_CHECKING:
    from .core.check import Check, CheckedFile
    from .core.compare import Comparison
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
    "validate", "validate_file", "score_each", "explain_each", "convert_files",
    "Comparison", "compare", "compare_files",
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
    if name == "Comparison":
        from .core.compare import Comparison

        return Comparison
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


#: `settings=`: what-if values, each "KEY=VALUE" as `--set` takes them (cqc_rate.inputs.what_if).
Settings = Iterable[str]


def _with_settings(doc: Document, settings: Settings) -> Document:
    """The document with the what-if values applied before validation; InputError for a
    setting that cannot be read, or a file that is not an assessment of a rated service."""
    texts = list(settings)
    if not texts:  # the usual case: nothing more is imported
        return doc
    from dataclasses import replace

    from .engine import file_kind
    from .inputs.what_if import SettingError, apply, parse_setting

    parsed = []
    problems = []
    for text in texts:
        try:
            parsed.append(parse_setting(text))
        except SettingError as exc:
            problems.append(Problem(doc.name, str(exc)))
    if problems:
        raise InputError(problems)
    if isinstance(doc.data, dict) and file_kind(doc.data) != "service":
        raise InputError([Problem(doc.name, "--set is for assessment files of services CQC rates "
                                            "(statement scores and key-question ratings)")])
    data, placed = apply(doc.data, tuple(parsed))
    return replace(doc, data=data, settings=placed, index={})


def _score(doc: Document, methodology: MethodologyArg, settings: Settings = ()) -> Result:
    from dataclasses import replace

    from .engine import score_document

    doc = _with_settings(doc, settings)
    result: Result = score_document(doc, _overlay(methodology))
    if doc.settings:  # only a rated service's assessment takes --set (_with_settings)
        from .core.results import ServiceResult

        if isinstance(result, ServiceResult):
            result = replace(result, settings=doc.settings)
    return result


def _aggregate(doc: Document, methodology: MethodologyArg) -> LocationResult:
    from .engine import aggregate_document

    return aggregate_document(doc, _overlay(methodology))


def _explain(doc: Document, key_questions: Iterable[str] | None, methodology: MethodologyArg,
             settings: Settings = (), target: str | None = None) -> Explanation:
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
    result = _score(doc, overlay, settings)
    if explainer(type(result)) is None:  # a kind with no explainer (cqc_rate.kinds): said, not a bug
        kind = getattr(result, "kind", "these")
        raise InputError([Problem(doc.name, f"explain does not cover {kind} files yet: use score")])
    # The what-ifs use the method the result was scored by (a service names it; others: the newest).
    method = method_for(getattr(result, "method", None), None, overlay)
    explanation: Explanation = explain_result(result, key_questions=wanted, method=method)
    if target is not None:
        explanation = _with_target(doc, explanation, target, method)
    return explanation


def _with_target(doc: Document, explanation: Explanation, text: str, method: Any) -> Explanation:
    """The explanation with the answer to `--target` (cqc_rate.explanations.target)."""
    from dataclasses import replace

    from .explanations.service import ServiceExplanation
    from .explanations.target import TargetError, parse_target, reach

    try:
        target = parse_target(text)
    except TargetError as exc:
        raise InputError([Problem(doc.name, str(exc))]) from None
    if not isinstance(explanation, ServiceExplanation):
        raise InputError([Problem(doc.name, "--target is for assessment files of services CQC rates")])
    return replace(explanation, target=reach(explanation.result, target, method))


def _validate(doc: Document) -> list[Problem]:
    from .engine import validate_document

    try:
        validate_document(doc)
    except InputError as exc:
        return list(exc.problems)
    return []


# ----------------------------------------------------------------- mappings


def score(data: Mapping[str, Any], *, name: str = "<data>", base: PathLike | None = None,
          methodology: MethodologyArg = None, settings: Settings = ()) -> Result:
    """Score a parsed assessment file (or aggregate a location file, as ``cqc-rate score`` does).

    ``base`` is the folder that ``assessment:`` paths in a location start from
    (default: the current folder); ``name`` is what problems are reported against;
    ``methodology`` an overlay (a file in the format ``cqc-rate methodology`` prints);
    ``settings`` what-if values ``"KEY=VALUE"``, as ``--set`` takes them (docs/commands.md).
    """
    return _score(_document(data, name, base), methodology, settings)


def aggregate(data: Mapping[str, Any], *, base: PathLike | None = None, name: str = "<data>",
              methodology: MethodologyArg = None) -> LocationResult:
    """Aggregate a parsed location file (levels 3, 4 and 5), as ``cqc-rate aggregate`` does."""
    return _aggregate(_document(data, name, base), methodology)


def explain(data: Mapping[str, Any], *, key_questions: Iterable[str] | None = None,
            base: PathLike | None = None, name: str = "<data>", methodology: MethodologyArg = None,
            settings: Settings = (), target: str | None = None) -> Explanation:
    """Explain each rating of a parsed assessment or location file, as ``cqc-rate explain`` does;
    ``target`` ("safe=good", "overall=good"): also the smallest set of statement-score changes
    giving that rating, or why none does (the explanation's ``target``)."""
    return _explain(_document(data, name, base), key_questions, methodology, settings, target)


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


def _read_each(path: PathLike) -> list[Document]:
    """Every assessment in a file, read: one for a YAML file, one per service for a CSV file
    (inputs.reader.read_documents). Each document is checked and scored as a YAML file's is."""
    return read_documents(os.fspath(path))


def score_file(path: PathLike, *, methodology: MethodologyArg = None, settings: Settings = ()) -> Result:
    """Read, validate and score one file (``-`` for standard input); ``settings`` as for :func:`score`."""
    return _score(_read(path), methodology, settings)


def aggregate_file(path: PathLike, *, methodology: MethodologyArg = None) -> LocationResult:
    """Read, validate and aggregate one location file."""
    return _aggregate(_read(path), methodology)


def explain_file(path: PathLike, *, key_questions: Iterable[str] | None = None,
                 methodology: MethodologyArg = None, settings: Settings = (),
                 target: str | None = None) -> Explanation:
    """Read, validate, score and explain one file; ``settings`` as for :func:`score`,
    ``target`` as for :func:`explain`."""
    return _explain(_read(path), key_questions, methodology, settings, target)


def validate_file(path: PathLike) -> list[Problem]:
    """Every problem in one file (every service of a CSV file), located by line and column;
    an empty list when it is valid."""
    try:
        docs = _read_each(path)
    except InputError as exc:
        return list(exc.problems)
    return [problem for doc in docs for problem in _validate(doc)]


def score_each(path: PathLike, *, methodology: MethodologyArg = None,
               settings: Settings = ()) -> list[Result | InputError]:
    """Score every assessment in a file, in order: one for a YAML file, one per service for a
    CSV file (docs/csv-input.md); a service that is not valid is its InputError in the list,
    and the others are still scored. InputError when the file as a whole cannot be read.
    ``settings`` as for :func:`score`, applied to each."""
    overlay = _overlay(methodology)
    out: list[Result | InputError] = []
    for doc in _read_each(path):
        try:
            out.append(_score(doc, overlay, settings))
        except InputError as exc:
            out.append(exc)
    return out


def explain_each(path: PathLike, *, key_questions: Iterable[str] | None = None,
                 methodology: MethodologyArg = None, settings: Settings = (),
                 target: str | None = None) -> list[Explanation | InputError]:
    """Explain every assessment in a file, as score_each scores them; ``settings`` and
    ``target`` as for :func:`explain`."""
    overlay = _overlay(methodology)
    wanted = list(key_questions) if key_questions is not None else None
    out: list[Explanation | InputError] = []
    for doc in _read_each(path):
        try:
            out.append(_explain(doc, wanted, overlay, settings, target))
        except InputError as exc:
            out.append(exc)
    return out


def convert_files(paths: Iterable[PathLike], to: str) -> list[tuple[str, str]]:
    """Assessment files (YAML or CSV) in the other form, `to` "csv" or "yaml": [(service name,
    text)], one CSV text for them all, or one YAML text a service (docs/csv-input.md).
    InputError with every problem of every file when any cannot be read, is not valid, or
    is not a service the CSV form holds (a location, a local authority); ValueError for
    another `to`."""
    from . import convert

    if to not in ("csv", "yaml"):
        raise ValueError(f"convert_files: to is 'csv' or 'yaml', not {to!r}")
    docs = convert.readable([os.fspath(p) for p in paths])
    if to == "csv":
        return [("", convert.to_csv(doc.data for doc in docs))]
    return [(doc.data["service"]["name"], convert.to_yaml(doc.data)) for doc in docs]


# ----------------------------------------------------------- two files (compare)


def _compare(before: Document | InputError, after: Document | InputError, methodology: MethodologyArg,
             settings: Settings, force: bool) -> Comparison:
    """Both scored (every problem of both files reported together), then compared; a file
    that could not be read comes as its InputError."""
    from .core.compare import CompareError
    from .core.compare import compare as compare_results
    from .core.not_rated import NotRatedResult

    results: list[Result] = []
    problems: list[Problem] = []
    for doc, given in ((before, ()), (after, settings)):
        try:
            if isinstance(doc, InputError):
                raise doc
            results.append(_score(doc, methodology, given))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:  # the same file given twice says each of its problems once
        raise InputError(list(dict.fromkeys(problems)))
    for result in results:
        if isinstance(result, NotRatedResult):
            raise InputError([Problem(result.file, "a service CQC does not rate has no ratings to compare")])
    was, now = results
    assert not isinstance(was, NotRatedResult) and not isinstance(now, NotRatedResult)
    try:
        return compare_results(was, now, force=force)
    except CompareError as exc:
        raise InputError([Problem(now.file, f"cannot compare with {was.file}: {exc}")]) from None


def compare(before: Mapping[str, Any], after: Mapping[str, Any], *, base: PathLike | None = None,
            methodology: MethodologyArg = None, settings: Settings = (), force: bool = False,
            names: tuple[str, str] = ("<before>", "<after>")) -> Comparison:
    """Two parsed assessments of one service (or two location files), scored and compared as
    ``cqc-rate compare`` does; ``settings`` (as for :func:`score`) apply to ``after``; two
    services or kinds of file raise InputError unless ``force``."""
    return _compare(_document(before, names[0], base), _document(after, names[1], base),
                    methodology, settings, force)


def compare_files(before: PathLike, after: PathLike, *, methodology: MethodologyArg = None,
                  settings: Settings = (), force: bool = False) -> Comparison:
    """Read, score and compare two files (each read as :func:`score_file` reads it)."""
    docs: list[Document | InputError] = []
    for path in (before, after):
        try:
            docs.append(_read(path))
        except InputError as exc:
            docs.append(exc)
    return _compare(docs[0], docs[1], methodology, settings, force)


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
