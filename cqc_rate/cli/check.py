"""`cqc-rate check`: published ratings in CQC public API location records (JSON), checked with
the rules `score` and `aggregate` use (core/check.py; docs/check.md). Never any network."""

from __future__ import annotations

from typing import Annotated

import typer

from .batch import run_each
from .common import EXIT_INVALID, EXIT_OK, DebugOption, Format, JobsOption, QuietOption, WidthOption, cores, guard

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def check_file(path: str) -> object:
    """Every location record in one file, checked (the public API's check_file)."""
    from ..api import check_file as check_records

    return check_records(path)


def check(
    files: Annotated[list[str], typer.Argument(
        help="CQC API location records (JSON object, array or JSON Lines), folders of *.json/*.jsonl, "
             "or - for stdin.", show_default=False, metavar="FILE")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format (not html).")] = Format.table,
    width: WidthOption = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Check the ratings published in CQC public API location records against the method:
    each overall rating from its key questions (level 2), location key questions from core
    services (level 3) and overall (level 4), and each key question against its percentageScore.
    Verdicts: agrees, agrees-with-limiter, departs, cannot-check.

    \b
    Examples:
      cqc-rate check samples/api/care-home.json
      cqc-rate check samples/api/ --format jsonl
      cqc-rate check samples/api/ --format jsonl --quiet --jobs 2
      cqc-rate check samples/api/extract.jsonl --format csv > checks.csv
    """
    with guard(debug):
        if format is Format.html:
            raise typer.BadParameter("check writes table, json, jsonl or csv", param_hint="--format")
        kept, invalid = run_each(files, check_file, f"check-{format.value}", width=width, debug=debug,
                                 keep=lambda r: bool(r.problems) or None, suffixes=JSON_SUFFIXES, quiet=quiet,
                                 jobs=jobs or cores())
        if invalid or kept:
            raise typer.Exit(EXIT_INVALID)
        raise typer.Exit(EXIT_OK)
