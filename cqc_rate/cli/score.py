"""`cqc-rate score`: key-question and overall ratings for assessment files."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

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
    Format,
    JobsOption,
    MethodologyOption,
    QuietOption,
    SetOption,
    WidthOption,
    cores,
    guard,
    reading_policy,
    say,
    threshold_rating,
)


def score(
    files: Annotated[list[str], typer.Argument(
        help="Assessment (or location) files (YAML), folders of them, or - for stdin.",
        show_default=False, metavar="FILE")],
    format: Annotated[Format, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, json, jsonl, csv or html.")] = Format.table,
    fail_under: Annotated[str | None, typer.Option(
        "--fail-under", metavar="RATING", callback=threshold_rating,
        help="Exit 1 when any overall rating is below RATING, or there is none. RATING: outstanding, "
             "good, requires improvement (RI) or inadequate.")] = None,
    jobs: JobsOption = None,
    methodology: MethodologyOption = None,
    set_values: SetOption = None,
    brief: BriefOption = False,
    width: WidthOption = None,
    allow_outside: AllowOutsideOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Score services: each key question's percentage, score and rating, and the overall rating.

    \b
    Examples:
      cqc-rate score samples/care-home.yaml
      cqc-rate score samples/*.yaml --format json
      cqc-rate score samples/ --format jsonl --fail-under good
      cqc-rate score samples/ --format jsonl --quiet
      cqc-rate score samples/care-home.yaml --methodology docs/examples/my-bands.yaml
      cqc-rate score samples/care-home.yaml --set safe.learning-culture=4
    """
    from ..api import score_each
    from ..method import read_overlay

    with guard(debug):
        reading_policy(allow_outside, follow_symlinks)
        threshold: Rating | None = fail_under  # type: ignore[assignment]
        # Only what --fail-under needs is kept, so 50,000 results stream through.
        keep: Callable[[Any], Any] = _nothing
        if threshold is not None:
            keep = functools.partial(_below, threshold)
        process = functools.partial(score_each, methodology=read_overlay(methodology) if methodology else None,
                                    settings=tuple(set_values or ()))
        below, invalid = run_each(files, process, "brief" if brief else format.value, width=width,
                                  jobs=jobs or cores(), keep=keep, debug=debug, quiet=quiet)
        if invalid:
            raise typer.Exit(EXIT_INVALID)
        if threshold is not None and below:
            for file, got, what, why in below:
                # No overall rating cannot meet any threshold; say why there is none.
                reason = why if got is None else f"{what} {got.value} is below {threshold.value}"
                say(f"{file}: fails --fail-under {threshold.value}: {reason}")
            raise typer.Exit(EXIT_THRESHOLD)
        raise typer.Exit(EXIT_OK)


def _nothing(result: Any) -> None:
    return None


def _below(threshold: Rating, result: Any) -> tuple[str, Rating | None, str, str] | None:
    """(file, rating, what it is, why none) of a result below the threshold (or with none), else None.
    The rating is the overall one; for a location, its headline (the location overall, or
    the trust rating where that is the only level), as `aggregate --fail-under` uses."""
    if hasattr(result, "headline"):
        what, got = result.headline
        why = f"no {what}"
    else:
        what, got = "overall rating", _overall(result)
        why = getattr(getattr(result, "overall", None), "reason", None) or "no overall rating"
    if got is None or got.rank < threshold.rank:
        return result.file, got, what, why
    return None


def _overall(result: object) -> Rating | None:
    overall = getattr(result, "overall", None)
    return getattr(overall, "rating", None)
