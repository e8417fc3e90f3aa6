"""`cqc-rate explain`: why each rating came out as it did, and what would change it."""

from __future__ import annotations

import functools
from typing import Annotated

import typer

from ..terms import KEY_QUESTION_WORDS, key_question_of
from .batch import run_each
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    AllowOutsideOption,
    DebugOption,
    FollowSymlinksOption,
    MethodologyOption,
    SetOption,
    StructuredFormat,
    WidthOption,
    guard,
    reading_policy,
)


def _key_questions(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out = []
    for value in values:
        kq = key_question_of(value)
        if kq is None:
            raise typer.BadParameter(f"unknown key question {value!r}: expected {KEY_QUESTION_WORDS}")
        if kq not in out:
            out.append(kq)
    return out


def _target(value: str | None) -> str | None:
    from ..explanations.target import TargetError, parse_target

    if value is not None:
        try:
            parse_target(value)
        except TargetError as exc:
            raise typer.BadParameter(str(exc).removeprefix("--target ")) from None
    return value


def explain(
    files: Annotated[list[str], typer.Argument(
        help="Assessment or location files (YAML), folders of them, or - for stdin.",
        show_default=False, metavar="FILE")],
    key_question: Annotated[list[str] | None, typer.Option(
        "--key-question", "-k", metavar="KQ", callback=_key_questions,
        help="Explain only this key question (repeatable); the overall rating is still explained. "
             "For a location, limits the location key-question ratings (level 3).")] = None,
    format: Annotated[StructuredFormat, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Output format: table, json, jsonl or html.")] = StructuredFormat.table,
    methodology: MethodologyOption = None,
    set_values: SetOption = None,
    target: Annotated[str | None, typer.Option(
        "--target", metavar="KQ=RATING", callback=_target,
        help="Also the smallest set of statement-score changes that gives this rating (fewest "
             "statements, then fewest points), or why none does: safe=good, or overall=good.")] = None,
    width: WidthOption = None,
    allow_outside: AllowOutsideOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    debug: DebugOption = False,
) -> None:
    """Explain ratings: the arithmetic and the rule behind each, and what would move it one step.

    For each key question: the statement scores and their sources, the sum and
    maximum, the percentage and its rounding, the band, any limiter, the
    rating, and the fewest statement-score changes that would move it one
    step up or down. Then the overall rating: the counts, the principle that
    decided it, and which key-question ratings would move it. Each step names
    the section of the method it comes from.

    A local authority file gets its overall rating explained the same way
    (nine statements, no limiters). A location file (location: at the top, as
    for aggregate) gets each aggregated rating explained: the service ratings
    counted and left out, the principle, any override, and which single
    rating moved one step would change it; the trust rating (level 5) is
    explained as a key question.

    \b
    Examples:
      cqc-rate explain samples/care-home.yaml
      cqc-rate explain samples/care-home.yaml -k safe
      cqc-rate explain samples/care-home.yaml --format json
      cqc-rate explain samples/local-authority-good.yaml
      cqc-rate explain samples/location-acute-trust.yaml -k safe
      cqc-rate explain samples/care-home.yaml --methodology docs/examples/my-bands.yaml
      cqc-rate explain samples/care-home.yaml -k caring --set caring.workforce-wellbeing-and-enablement=3
      cqc-rate explain samples/care-home.yaml -k well-led --target well-led=good
      cqc-rate explain samples/care-home.yaml --target overall=outstanding --format json
    """
    from ..api import explain_each
    from ..method import read_overlay

    with guard(debug):
        reading_policy(allow_outside, follow_symlinks)
        each = functools.partial(explain_each, key_questions=key_question,
                                 methodology=read_overlay(methodology) if methodology else None,
                                 settings=tuple(set_values or ()), target=target)
        _, invalid = run_each(files, each, format.value, width=width, debug=debug)
        raise typer.Exit(EXIT_INVALID if invalid else EXIT_OK)
