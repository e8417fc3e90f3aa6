"""`cqc-rate score`: key-question and overall ratings for assessment files."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..cli import EXIT_INVALID, EXIT_OK, EXIT_THRESHOLD, Format, app, guard, run_each, say
from ..terms import Rating, rating_of


def _threshold(value: Optional[str]) -> Optional[Rating]:
    if value is None:
        return None
    rating = rating_of(value)
    if rating is None:
        raise typer.BadParameter("expected outstanding, good, requires improvement (RI) or inadequate")
    return rating


@app.command()
def score(
    files: Annotated[list[str], typer.Argument(help="Assessment files (YAML), folders of them, or - for stdin.", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    fail_under: Annotated[Optional[str], typer.Option(
        "--fail-under", metavar="RATING", callback=_threshold,
        help="Exit 1 when any overall rating is below RATING, or there is none.")] = None,
    width: Annotated[Optional[int], typer.Option(help="Table width (default: the terminal's).", hidden=True)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Score services: each key question's percentage, score and rating, and the overall rating.

    \b
    Examples:
      cqc-rate score samples/care-home.yaml
      cqc-rate score samples/*.yaml --format json
      cqc-rate score drafts/ --format jsonl --fail-under good
    """
    from ..engine import score_file

    with guard(debug):
        results, invalid = run_each(files, score_file, format.value, width=width)
        threshold: Optional[Rating] = fail_under  # type: ignore[assignment]
        if invalid:
            raise typer.Exit(EXIT_INVALID)
        if threshold is not None:
            below = [r for r in results if _overall(r) is None or _overall(r).rank < threshold.rank]  # type: ignore[union-attr]
            if below:
                for r in below:
                    got = _overall(r)
                    if got is None:
                        # No overall rating cannot meet any threshold; say why there is none.
                        why = getattr(getattr(r, "overall", None), "reason", None) or "no overall rating"
                        say(f"{r.file}: fails --fail-under {threshold.value}: {why}")
                    else:
                        say(f"{r.file}: fails --fail-under {threshold.value}: overall rating {got.value} is below {threshold.value}")
                raise typer.Exit(EXIT_THRESHOLD)
        raise typer.Exit(EXIT_OK)


def _overall(result: object) -> Optional[Rating]:
    overall = getattr(result, "overall", None)
    return getattr(overall, "rating", None)
