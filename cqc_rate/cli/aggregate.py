"""`cqc-rate aggregate`: location (levels 3 and 4) and NHS trust (level 5) ratings
from location files."""

from __future__ import annotations

import functools
from typing import Annotated

import typer

from ..terms import Rating
from .batch import run_each
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_THRESHOLD,
    AllowOutsideOption,
    BriefOption,
    DebugOption,
    FollowSymlinksOption,
    MethodologyOption,
    StructuredFormat,
    WidthOption,
    guard,
    reading_policy,
    say,
    threshold_rating,
)


def aggregate(
    files: Annotated[list[str], typer.Argument(
        help="Location files (YAML), folders of them, or - for stdin.", show_default=False, metavar="FILE")],
    format: Annotated[StructuredFormat, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Output format: table, json, jsonl or html.")] = StructuredFormat.table,
    fail_under: Annotated[str | None, typer.Option(
        "--fail-under", metavar="RATING", callback=threshold_rating,
        help="Exit 1 when any overall location rating (or trust rating, for a type with level 5 only) "
             "is below RATING, or there is none. RATING: outstanding, good, requires improvement (RI) "
             "or inadequate.")] = None,
    methodology: MethodologyOption = None,
    brief: BriefOption = False,
    width: WidthOption = None,
    allow_outside: AllowOutsideOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    debug: DebugOption = False,
) -> None:
    """Aggregate a location's services: each service's ratings, the location's key-question
    ratings (level 3) and overall rating (level 4), and the NHS trust rating (level 5),
    each with the counts and the principle that decided it.

    \b
    Examples:
      cqc-rate aggregate samples/location-independent-hospital.yaml
      cqc-rate aggregate samples/location-acute-trust.yaml --format json
      cqc-rate aggregate samples/location-*.yaml --format jsonl --fail-under good
      cqc-rate aggregate samples/location-acute-trust.yaml --methodology docs/examples/my-bands.yaml
    """
    from ..api import aggregate_file
    from ..method import read_overlay

    with guard(debug):
        reading_policy(allow_outside, follow_symlinks)
        process = functools.partial(aggregate_file, methodology=read_overlay(methodology) if methodology else None)
        results, invalid = run_each(files, process, "brief" if brief else format.value, width=width, debug=debug)
        threshold: Rating | None = fail_under  # type: ignore[assignment]
        if invalid:
            raise typer.Exit(EXIT_INVALID)
        if threshold is not None:
            below = [r for r in results if r.headline[1] is None or r.headline[1].rank < threshold.rank]
            if below:
                for r in below:
                    what, got = r.headline
                    say(f"{r.file}: {what} {got.value if got else 'none'} is below {threshold.value}")
                raise typer.Exit(EXIT_THRESHOLD)
        raise typer.Exit(EXIT_OK)
