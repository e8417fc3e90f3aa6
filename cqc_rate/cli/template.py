"""`cqc-rate template`: a starter file for a service type, valid as printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_INVALID, EXIT_OK, DebugOption, guard, say


def template(
    service_type: Annotated[str, typer.Argument(
        help="A service type: a key from `cqc-rate service-types`, its name or an everyday name "
             "(care home, GP practice, dentist, ...).", show_default=False, metavar="TYPE")],
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    location: Annotated[bool, typer.Option(
        "--location", help="A location file (for aggregate) instead of an assessment file.")] = False,
    debug: DebugOption = False,
) -> None:
    """Print a starter file for a service type: every statement it is scored on, as comments.

    The file validates as printed. Each quality statement that applies to the
    type is listed under its key question (local authorities: under its theme)
    with its name and API id, commented out: uncomment the ones assessed and
    give each a score 1-4 (or, for a type CQC does not rate, met / not met).
    The history and existing-ratings sections are explained in comments.

    \b
    Examples:
      cqc-rate template "care home"
      cqc-rate template gp -o new-practice.yaml
      cqc-rate template local-authority
      cqc-rate template dentist
      cqc-rate template nhs-trust-acute --location -o northgate.yaml
    """
    from ..templates import TemplateError, render_template

    with guard(debug):
        try:
            text = render_template(service_type, location=location)
        except TemplateError as exc:
            say(f"cqc-rate template: {exc}")
            raise typer.Exit(EXIT_INVALID) from None
        if output is None:
            sys.stdout.write(text)
            raise typer.Exit(EXIT_OK)
        path = Path(output)
        if path.exists() and not force:
            say(f"cqc-rate template: {output} exists: not overwritten (use --force to replace it)")
            raise typer.Exit(EXIT_INVALID)
        path.write_text(text, encoding="utf-8")
        say(f"{output}: written ({'location' if location else 'assessment'} file)")
        raise typer.Exit(EXIT_OK)
