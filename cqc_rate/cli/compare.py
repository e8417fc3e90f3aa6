"""`cqc-rate compare BEFORE AFTER`: two assessments of one service (or two location files)."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from .common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_THRESHOLD,
    AllowOutsideOption,
    DebugOption,
    FollowSymlinksOption,
    MethodologyOption,
    SetOption,
    WidthOption,
    guard,
    reading_policy,
    report,
    say,
    written,
)


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def compare(
    before: Annotated[str, typer.Argument(
        help="The earlier assessment (or location) file, or - for stdin.", show_default=False, metavar="BEFORE")],
    after: Annotated[str, typer.Argument(
        help="The later one, of the same service or location.", show_default=False, metavar="AFTER")],
    format: Annotated[CompareFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, json or csv.")] = CompareFormat.table,
    fail_on_drop: Annotated[bool, typer.Option(
        "--fail-on-drop", metavar="",
        help="Exit 1 when any rating went down, or had a rating in BEFORE and none in AFTER: for CI.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", metavar="",
        help="Compare files of different services (or kinds of file) anyway.")] = False,
    set_values: SetOption = None,
    methodology: MethodologyOption = None,
    width: WidthOption = None,
    allow_outside: AllowOutsideOption = False,
    follow_symlinks: FollowSymlinksOption = False,
    debug: DebugOption = False,
) -> None:
    """Compare two assessments of one service (or two location files): what moved, and how far.

    For each key question the percentage, score and rating before and after, the change in
    points, the direction and the movement within the band; the statements whose score or
    source changed; the overall rating (for a location, every level). --set applies to AFTER.

    \b
    Examples:
      cqc-rate compare samples/care-home.yaml docs/examples/care-home-after.yaml
      cqc-rate compare samples/care-home.yaml samples/care-home.yaml --set safe.learning-culture=4
      cqc-rate compare samples/care-home.yaml docs/examples/care-home-after.yaml --format json
      cqc-rate compare samples/location-acute-trust.yaml samples/location-acute-trust.yaml --format csv
    """
    from .. import render
    from ..api import compare_files
    from ..method import read_overlay
    from ..problems import InputError

    if before == "-" and after == "-":
        raise typer.BadParameter("only one of BEFORE and AFTER can be - (stdin)")
    with guard(debug):
        reading_policy(allow_outside, follow_symlinks)
        try:
            comparison = compare_files(before, after, force=force, settings=tuple(set_values or ()),
                                       methodology=read_overlay(methodology) if methodology else None)
        except InputError as exc:
            report(exc.problems)
            raise typer.Exit(EXIT_INVALID) from None
        renderer = render.get(f"compare-{format.value}", sys.stdout, width=width)

        def draw() -> None:
            renderer.start(False)
            renderer.item(comparison)
            renderer.finish()

        written(draw)  # a reader gone away (`| head`) still leaves --fail-on-drop's lines and exit
        if fail_on_drop and comparison.drops:
            for r in comparison.drops:
                was = r.before.rating.value if r.before is not None and r.before.rating is not None else "none"
                now = r.after.rating.value if r.after is not None and r.after.rating is not None else "none"
                say(f"{comparison.after_file}: fails --fail-on-drop: {r.place.label} {was} → {now}")
            raise typer.Exit(EXIT_THRESHOLD)
        raise typer.Exit(EXIT_OK)
