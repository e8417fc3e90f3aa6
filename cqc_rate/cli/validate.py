"""`cqc-rate validate`: check assessment (and location) files without scoring them.

Every problem in a file is reported at once as FILE:LINE:COL: message, and one
bad file never stops the others (exit 2 at the end). For machines,
``--format json|jsonl`` puts each file's problems on stdout instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated

import typer

from ..problems import InputError, Problem
from .batch import run_each
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    AllowOutsideOption,
    DebugOption,
    FollowSymlinksOption,
    QuietOption,
    guard,
    reading_policy,
)


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@dataclass(frozen=True)
class FileCheck:
    """The outcome of checking one file: what it is, and every problem found."""

    file: str
    kind: str | None  # "service", "location", ... (cqc_rate.kinds); None when the file could not be read as one
    problems: tuple[Problem, ...] = field(default=())
    # A CSV file's services' kinds, in order: its `kind` is theirs when they are all one, else None.
    kinds: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file, "valid": self.valid, "kind": self.kind}
        if self.kinds:
            out["kinds"] = list(self.kinds)
        out["problems"] = [p.to_dict() for p in self.problems]
        return out


def check_file(path: str) -> FileCheck:
    """Problems are data here: the JSON formats print them on stdout."""
    from ..engine import file_kind, validate_document
    from ..inputs.reader import is_csv, read_document, read_documents

    try:
        if is_csv(path):  # every service in a CSV file, its problems all at once
            docs = read_documents(path)
            problems: list[Problem] = []
            for one in docs:
                try:
                    validate_document(one)
                except InputError as exc:
                    problems.extend(exc.problems)
            # A CSV file's kind: its services' kind (one kind, as a YAML file has), or each, in order.
            kinds = tuple(dict.fromkeys(file_kind(one.data) for one in docs))
            return FileCheck(docs[0].name, kinds[0] if len(kinds) == 1 else None, tuple(problems), kinds)
        doc = read_document(path)
    except InputError as exc:
        return FileCheck(_name(path), None, tuple(exc.problems))
    try:
        kind = validate_document(doc)
    except InputError as exc:
        return FileCheck(doc.name, file_kind(doc.data), tuple(exc.problems))
    return FileCheck(doc.name, kind)


def _name(path: str) -> str:
    from ..inputs.reader import display_name

    return "<stdin>" if path == "-" else display_name(path)


def validate(
    files: Annotated[list[str], typer.Argument(help="Files (YAML), folders of them (recursively), or - for stdin.",
                                               show_default=False, metavar="FILE")],
    format: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: text, json or jsonl.")] = ValidateFormat.text,
    allow_outside: AllowOutsideOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Check files without scoring: every problem in every file, as FILE:LINE:COL: message.

    \b
    text: "FILE: ok (kind)" on stdout for each good file, problems on stderr.
    json: one object per file (an array for several) with "valid" and "problems";
    jsonl: one such object per line. Exit 0 when all files are valid, 2 otherwise.

    \b
    Examples:
      cqc-rate validate samples/care-home.yaml
      cqc-rate validate samples/ --format json
      cqc-rate validate samples/ --quiet
      cat samples/gp-practice.yaml | cqc-rate validate -
    """
    with guard(debug):
        reading_policy(allow_outside, follow_symlinks)
        if format is ValidateFormat.text:
            results, invalid = run_each(files, _raise_problems, "validate-text", debug=debug, quiet=quiet,
                                        csv_many=False, keep=_nothing)
        else:
            # Only the files with problems are kept, so a batch of 50,000 streams through.
            results, invalid = run_each(files, check_file, format.value, debug=debug, quiet=quiet,
                                        csv_many=False, keep=_if_invalid)
            invalid = invalid or bool(results)
        raise typer.Exit(EXIT_INVALID if invalid else EXIT_OK)


def _nothing(result: FileCheck) -> None:
    return None


def _if_invalid(result: FileCheck) -> bool | None:
    return True if not result.valid else None


def _raise_problems(path: str) -> FileCheck:
    """For text output: problems go to stderr through run_each, like `score`."""
    result = check_file(path)
    if not result.valid:
        raise InputError(list(result.problems))
    return result
