"""`cqc-rate schema`: the JSON Schema of an input format, for editors and other tools."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .common import EXIT_INVALID, DebugOption, guard, say


def schema(
    name: Annotated[str, typer.Argument(
        help="assessment or location.", metavar="[assessment|location]")] = "assessment",
    debug: DebugOption = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of an input format, generated from the models.

    \b
    Editors with the YAML language server (VS Code's YAML extension) complete and
    check keys when a file starts with:
      # yaml-language-server: $schema=../schemas/assessment.schema.json

    \b
    Examples:
      cqc-rate schema > assessment.schema.json
      cqc-rate schema location
    """
    from ..schemas import SCHEMAS, SchemaUnavailable, dumps

    with guard(debug):
        if name not in SCHEMAS:
            say(f"cqc-rate: unknown schema {name!r}: expected {' or '.join(SCHEMAS)}")
            raise typer.Exit(EXIT_INVALID)
        try:
            text = dumps(name)
        except SchemaUnavailable as exc:
            say(f"cqc-rate: {exc}")
            raise typer.Exit(EXIT_INVALID) from None
        sys.stdout.write(text)
