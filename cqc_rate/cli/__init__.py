"""The command line: a thin Typer layer over the public API (cqc_rate.api).

One module per command; this module builds the app and names every command
explicitly, in the order `cqc-rate --help` lists them.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from . import aggregate, catalogue, check, compare, convert, explain, methodology, schema, score, template, validate
from .common import EXIT_BUG, EXIT_INVALID, EXIT_OK, EXIT_THRESHOLD, Command, Group, guard, prepare_streams, say

app = typer.Typer(
    name="cqc-rate",
    cls=Group,
    help="Scores and ratings under CQC's single assessment framework.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

COMMANDS: tuple[Callable[..., None], ...] = (
    score.score,
    aggregate.aggregate,
    explain.explain,
    compare.compare,
    check.check,
    validate.validate,
    convert.convert,
    schema.schema,
    template.template,
    methodology.methodology,
    catalogue.statements,
    catalogue.service_types,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"cqc-rate {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _app(
    version: Annotated[bool, typer.Option(
        "--version", metavar="", callback=_version, is_eager=True,
        help="Print the version (cqc-rate X.Y.Z) and exit.")] = False,
) -> None:
    """Scores and ratings under CQC's single assessment framework."""


for command in COMMANDS:
    app.command(name=command.__name__.replace("_", "-"), cls=Command)(command)


def main() -> None:  # the console script
    """Run the app, with usage errors as one plain line on stderr (exit 2)."""
    # Click's base exception, reached through Typer's public API (Typer may vendor Click).
    # Found at run time, so typed as what it is to mypy: any class.
    ClickException: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    prepare_streams()
    if len(sys.argv) < 2:  # no command: the help, as a usage error
        app(["--help"], prog_name="cqc-rate", standalone_mode=False)
        sys.exit(EXIT_INVALID)
    try:
        code = app(prog_name="cqc-rate", standalone_mode=False)
    except ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "cqc-rate"
        message = exc.format_message().replace("Value error, ", "")  # pydantic's prefix, via Typer
        say(f"{where}: {message} (see `{where} --help`)")
        sys.exit(exc.exit_code)
    except typer.Abort:
        say("cqc-rate: aborted")
        sys.exit(EXIT_THRESHOLD)
    except Exception:  # noqa: BLE001 - outside any command's guard (an import, say): still no traceback
        with contextlib.suppress(typer.Exit), guard("--debug" in sys.argv):
            raise
        sys.exit(EXIT_BUG)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
