"""The command line: a thin Typer layer over the library.

Commands parse options, call the core, pick a renderer and turn exceptions
into exit codes (DESIGN §5): 0 done; 1 a --fail-under threshold not met;
2 usage error or invalid input; 3 an internal error (a bug).
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from .problems import InputError, Problem

EXIT_OK, EXIT_THRESHOLD, EXIT_INVALID, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    name="cqc-rate",
    help="Scores and ratings under CQC's single assessment framework.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def say(message: str) -> None:
    """A message for the person, on stderr; data goes to stdout."""
    print(message, file=sys.stderr)


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        say(str(problem))


@contextlib.contextmanager
def guard(debug: bool) -> Iterator[None]:
    """No traceback reaches a user: a bug is one line and exit 3 (--debug shows it)."""
    try:
        yield
    except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
        raise
    except BrokenPipeError:
        # The reader went away (`| head`): not an error, and nothing more to say.
        _quiet_stdout()
        raise typer.Exit(EXIT_OK) from None
    except InputError as exc:
        report(exc.problems)
        raise typer.Exit(EXIT_INVALID) from None
    except Exception as exc:  # noqa: BLE001 - this is the last line of defence
        if debug:
            traceback.print_exc()
        say(f"cqc-rate: internal error ({type(exc).__name__}: {exc}). This is a bug: please report it "
            "with the input file; run again with --debug for the traceback.")
        raise typer.Exit(EXIT_BUG) from None


def _quiet_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


YAML_SUFFIXES = (".yaml", ".yml")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """File arguments in order; a folder stands for its *.yaml/*.yml files, recursively, sorted."""
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.suffix in YAML_SUFFIXES and f.is_file())
            yield from found or [path]  # an empty folder is reported, not passed over in silence
        else:
            yield path


def many_results(paths: list[str]) -> bool:
    """JSON is one object for exactly one file argument, an array otherwise."""
    return not (len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir()))


def run_each(
    paths: list[str],
    process: Callable[[str], Any],
    fmt: str,
    *,
    width: int | None = None,
) -> tuple[list[Any], bool]:
    """Process every file, streaming results to the renderer; problems go to stderr
    as they are found and never stop the other files. Returns (results, any invalid)."""
    from . import render

    renderer = render.get(fmt, sys.stdout, width=width)
    renderer.start(many_results(paths))
    results: list[Any] = []
    invalid = False
    for path in expand(paths):
        try:
            result = process(path)
        except InputError as exc:
            report(exc.problems)
            invalid = True
            continue
        renderer.item(result)
        results.append(result)
    renderer.finish()
    sys.stdout.flush()
    return results, invalid


def _register() -> None:
    from .commands import catalogue_cmds, score  # noqa: F401 - each module adds its commands to `app`
    from .commands import explain  # noqa: F401
    from .commands import aggregate  # noqa: F401
    from .commands import schema, validate  # noqa: F401


_register()


def main() -> None:  # the console script
    """Run the app, with usage errors as one plain line on stderr (exit 2)."""
    # Click's base exception, reached through Typer's public API (Typer may vendor Click).
    ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    if len(sys.argv) < 2:  # no command: the help, as a usage error
        app(["--help"], prog_name="cqc-rate", standalone_mode=False)
        sys.exit(EXIT_INVALID)
    try:
        code = app(prog_name="cqc-rate", standalone_mode=False)
    except ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "cqc-rate"
        say(f"{where}: {exc.format_message()} (see `{where} --help`)")
        sys.exit(exc.exit_code)
    except typer.Abort:
        say("cqc-rate: aborted")
        sys.exit(EXIT_THRESHOLD)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
