"""What every command shares: exit codes, output formats, messages, and `guard`,
which turns exceptions into exit codes: 0 done; 1 a --fail-under threshold not
met; 2 usage error or invalid input; 3 an internal error (a bug); 130 Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import Annotated, Any

import typer

from ..problems import InputError, Problem
from ..terms import Rating, rating_of
from .workers import FilesFailed

EXIT_OK, EXIT_THRESHOLD, EXIT_INVALID, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


class StructuredFormat(str, Enum):
    """For results that are not one row per service (aggregations, explanations): no csv."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    html = "html"


# Options several commands share, defined once.
MethodologyOption = Annotated[str | None, typer.Option(
    "--methodology", metavar="FILE",
    help="An overlay: a YAML file in the format `cqc-rate methodology` prints, replacing what it gives "
         "(bands, limiters, ...) in the method each file's date picks, or in the one it extends:.")]
BriefOption = Annotated[bool, typer.Option(
    "--brief", metavar="", help="One line per file: FILE NAME safe=... overall=..., aligned.")]
WidthOption = Annotated[int | None, typer.Option(help="Table width (default: the terminal's).", hidden=True)]
DebugOption = Annotated[bool, typer.Option("--debug", metavar="", help="Show the traceback of an internal error.")]


def threshold_rating(value: str | None) -> Rating | None:
    """--fail-under RATING: the rating word, any spelling `rating_of` takes."""
    if value is None:
        return None
    rating = rating_of(value)
    if rating is None:
        raise typer.BadParameter("expected outstanding, good, requires improvement (RI) or inadequate")
    return rating


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
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except KeyboardInterrupt:
        # Ctrl-C: any worker processes are already ended (batch.py); one line, no traceback.
        say("cqc-rate: interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`| head`): not an error, and nothing more to say.
        _quiet_stdout()
        raise typer.Exit(EXIT_OK) from None
    except InputError as exc:
        report(exc.problems)
        raise typer.Exit(EXIT_INVALID) from None
    except FilesFailed:
        raise typer.Exit(EXIT_BUG) from None  # each file was named as it failed
    except Exception as exc:  # noqa: BLE001 - this is the last line of defence
        if debug:
            traceback.print_exc()
        say(f"cqc-rate: internal error ({type(exc).__name__}: {exc}). This is a bug: please report it "
            "with the input file; run again with --debug for the traceback.")
        raise typer.Exit(EXIT_BUG) from None


def _quiet_stdout() -> None:

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass




def _plain_labels(params: Any, ctx: Any) -> None:
    for param in params:
        label = None if getattr(param, "is_flag", False) or param.param_type_name == "argument" else param.metavar
        if hasattr(param, "display_type_rich"):  # where Typer draws the type column
            param.display_type_rich = lambda ctx, label=label: label


class Group(typer.core.TyperGroup):
    """The app's own help (`cqc-rate --help`) without type labels, as Command's."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_labels(self.get_params(ctx), ctx)
        super().format_help(ctx, formatter)


class Command(typer.core.TyperCommand):
    """A command whose help shows no type labels (`<list[str]>`, `<bool>`, `{FILE}...`):
    an option's own metavar (FORMAT, RATING, FILE) or nothing, and `FILE...` in the usage
    line. Typer's labels are its Python types, which say nothing to a person."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # Typer marks a required argument {FILE}; the usage line's brackets already say
        # what is optional ([OPTIONS]), so a required one is written bare.
        return [re.sub(r"^\{(.*)\}", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_labels(self.get_params(ctx), ctx)
        super().format_help(ctx, formatter)
