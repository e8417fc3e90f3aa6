"""The command line: a thin Typer layer over the public API (cqc_rate.api).

One module per command; COMMANDS names every command's function ("module.function",
the command being the function's name with - for _), in the order `cqc-rate --help`
lists them. A run builds only the command it invokes (its module imported, its options
made into Typer parameters); `--help`, completion and `app` (the tests') build all.
"""

from __future__ import annotations

import gc

# Start-up makes many objects and no garbage: the cyclic collector's passes over them
# are wasted (~10 ms a start); on again once the modules are in (and in each command).
_COLLECTING = gc.isenabled()
gc.disable()

import contextlib  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Annotated, Any  # noqa: E402

import typer  # noqa: E402

from .common import (  # noqa: E402
    EXIT_BUG,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_THRESHOLD,
    Command,
    Group,
    collect_from_command,
    guard,
    prepare_streams,
    say,
)

COMMANDS: tuple[str, ...] = (
    "score.score",
    "aggregate.aggregate",
    "explain.explain",
    "compare.compare",
    "check.check",
    "validate.validate",
    "convert.convert",
    "schema.schema",
    "template.template",
    "methodology.methodology",
    "catalogue.statements",
    "catalogue.service_types",
)


def command_name(entry: str) -> str:
    """The command an entry of COMMANDS makes: `catalogue.service_types` is `service-types`."""
    return entry.rsplit(".", 1)[1].replace("_", "-")


def command_function(entry: str) -> Callable[..., None]:
    """The function an entry of COMMANDS names (its module imported now)."""
    module, function = entry.rsplit(".", 1)
    found: Callable[..., None] = getattr(importlib.import_module(f".{module}", __name__), function)
    return found


def short_help(function: Callable[..., None]) -> str:
    """The first paragraph of a command's docstring as one line, for `cqc-rate --help`'s list
    (the docstring's own line breaks would otherwise be kept mid-sentence there)."""
    first = (function.__doc__ or "").strip().split("\n\n", 1)[0]
    return " ".join(first.split())


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"cqc-rate {__version__}")
        raise typer.Exit(EXIT_OK)


def _app(
    version: Annotated[bool, typer.Option(
        "--version", metavar="", callback=_version, is_eager=True,
        help="Print the version (cqc-rate X.Y.Z) and exit.")] = False,
) -> None:
    """Scores and ratings under CQC's single assessment framework."""


def build(only: str | None = None) -> typer.Typer:
    """The app, with every command or (`only`, a command's name) just that one."""
    built = typer.Typer(
        name="cqc-rate",
        cls=Group,
        help="Scores and ratings under CQC's single assessment framework.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_app)
    for entry in COMMANDS:
        if only is None or command_name(entry) == only:
            function = command_function(entry)
            built.command(name=command_name(entry), cls=Command, short_help=short_help(function))(function)
    return built


def invoked(argv: list[str]) -> str | None:
    """The command `argv` (without the program) runs, if it names one: a run builds only that
    command; None (every command built) for the app's own help, its options, completion or a typo."""
    if not argv or any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None
    names = {command_name(entry) for entry in COMMANDS}
    return argv[0] if argv[0] in names else None


_BUILT: dict[str, typer.Typer] = {}


def __getattr__(name: str) -> Any:
    """`app`: the app with every command (built when first asked for)."""
    if name == "app":
        if "app" not in _BUILT:
            _BUILT["app"] = build()
        return _BUILT["app"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if _COLLECTING:
    gc.enable()


def main() -> None:  # the console script
    """Run the app, with usage errors as one plain line on stderr (exit 2)."""
    # Click's base exception, reached through Typer's public API (Typer may vendor Click).
    # Found at run time, so typed as what it is to mypy: any class.
    ClickException: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    prepare_streams()
    threshold = gc.get_threshold()  # Command.invoke raises the youngest generation's
    try:
        _run(ClickException)
    finally:
        # Interpreter teardown collects everything once more (~40 ms for a one-file run),
        # only to free memory the exit gives back anyway: what is left now is frozen.
        gc.freeze()
        gc.set_threshold(*threshold)


def _run(ClickException: Any) -> None:  # noqa: N803 - a class
    if len(sys.argv) < 2:  # no command: the help, as a usage error
        build()(["--help"], prog_name="cqc-rate", standalone_mode=False)
        sys.exit(EXIT_INVALID)
    try:
        # Building the command and parsing its options makes no garbage either: the
        # collector stays off until the command starts (Command.invoke turns it on).
        collect_from_command(gc.isenabled())
        gc.disable()
        code = build(invoked(sys.argv[1:]))(prog_name="cqc-rate", standalone_mode=False)
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
