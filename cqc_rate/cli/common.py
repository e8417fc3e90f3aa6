"""What every command shares: exit codes, output formats, messages, and `guard`,
which turns exceptions into exit codes: 0 done; 1 a --fail-under threshold not
met; 2 usage error or invalid input, or an output that cannot be written (a full
disk: the destination the user gave, a usage error; docs/safety.md); 3 an
internal error (a bug); 130 Ctrl-C.

A reader that goes away early (`| head`) is not an error: exit 0, unless an input
was invalid before it went (2 still, so a pipeline cannot hide invalid files).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Annotated, Any

import typer

from ..problems import InputError, Problem
from ..safe_text import excerpt, for_stream
from ..terms import Rating, rating_of
from .workers import FilesFailed

EXIT_OK, EXIT_THRESHOLD, EXIT_INVALID, EXIT_BUG = 0, 1, 2, 3
# The output could not be written (a full disk, an I/O error): not a bug, and the
# contract's codes stay 0-3, so it is the usage error's 2, with its own one line.
EXIT_OUTPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

# Whether any input was found invalid in this run (report() saw problems): the exit
# code stays 2 when the reader of the output goes away before the end.
_SEEN: dict[str, bool] = {"invalid": False}

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
AllowOutsideOption = Annotated[bool, typer.Option(
    "--allow-outside", metavar="",
    help="Let a location file's assessment: paths lead outside its folder (refused by default: "
         "a location file from someone else must not make cqc-rate read other files).")]
FollowSymlinksOption = Annotated[bool, typer.Option(
    "--follow-symlinks", metavar="",
    help="Read symbolic links found in a folder that lead out of it (refused by default).")]


def settings_given(values: list[str] | None) -> list[str]:
    """--set KEY=VALUE: each read now (cqc_rate.inputs.what_if), so a KEY that cannot be
    placed is a usage error before any file is read; the values are checked with the file."""
    if not values:  # the usual case: what_if is not even imported
        return []
    from ..inputs.what_if import SettingError, parse_setting

    for value in values:
        try:
            parse_setting(value)
        except SettingError as exc:
            raise typer.BadParameter(str(exc).removeprefix("--set ")) from None
    return list(values)


SetOption = Annotated[list[str] | None, typer.Option(
    "--set", metavar="KEY=VALUE", callback=settings_given,
    help="What if: a value in place of the file's, checked as if it were in the file (repeatable): "
         "KQ.STATEMENT=SCORE (safe.safeguarding=3), KQ=RATING given directly (caring=good), "
         "history.FIELD=true|false, assessment.FIELD=VALUE. The output lists what was set.")]
DebugOption = Annotated[bool, typer.Option("--debug", metavar="", help="Show the traceback of an internal error.")]
JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, metavar="N",
    help="Worker processes for many files (default: all cores; 1: no workers).", show_default=False)]


def cores() -> int:
    """The cores this process may run on: `--jobs`'s default."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


QuietOption = Annotated[bool, typer.Option(
    "--quiet", metavar="",
    help="No progress bar (drawn on stderr when it is a terminal, for a batch running over a second).")]


def threshold_rating(value: str | None) -> Rating | None:
    """--fail-under RATING: the rating word, any spelling `rating_of` takes."""
    if value is None:
        return None
    rating = rating_of(value)
    if rating is None:
        raise typer.BadParameter("expected outstanding, good, requires improvement (RI) or inadequate")
    return rating


def reading_policy(allow_outside: bool = False, follow_symlinks: bool = False) -> None:
    """What the user allowed beyond the files named (cqc_rate.inputs.reader.POLICY); set
    before any file is read or any worker process forked."""
    from ..inputs.reader import POLICY, REFUSED

    POLICY.allow_outside, POLICY.follow_links = allow_outside, follow_symlinks
    REFUSED.clear()  # what an earlier run in this process found (the tests run many)


def say(message: str) -> None:
    """A message for the person, on stderr; data goes to stdout. Never fails: a message
    that cannot be written (`2>/dev/full`, stderr closed) must not change the exit code.
    The tool's own symbols (→, ·, –) become ASCII where stderr cannot carry them."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        print(for_stream(message, stream), file=stream)
        stream.flush()
    except (OSError, ValueError):
        pass


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        _SEEN["invalid"] = True
        say(str(problem))


def _after_broken_pipe() -> int:
    _quiet_stdout()
    return EXIT_INVALID if _SEEN["invalid"] else EXIT_OK


@contextlib.contextmanager
def guard(debug: bool) -> Iterator[None]:
    """No traceback reaches a user: a bug is one line and exit 3 (--debug shows it);
    an output that cannot be written is one line and exit 2; a reader gone away is
    exit 0 (2 after an invalid input)."""
    _SEEN["invalid"] = False
    try:
        yield
        _flush_stdout()
    except typer.Exit as done:
        try:
            _flush_stdout()
        except BrokenPipeError:
            raise typer.Exit(_after_broken_pipe()) from None
        except OSError as exc:
            raise typer.Exit(_output_failed(exc)) from None
        raise done from None
    except (typer.Abort, SystemExit):
        raise
    except KeyboardInterrupt:
        # Ctrl-C: any worker processes are already ended (batch.py); one line, no traceback.
        say("cqc-rate: interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`| head`): not an error, and nothing more to say.
        raise typer.Exit(_after_broken_pipe()) from None
    except InputError as exc:
        report(exc.problems)
        raise typer.Exit(EXIT_INVALID) from None
    except FilesFailed:
        raise typer.Exit(EXIT_BUG) from None  # each file was named as it failed
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRORS:
            raise typer.Exit(_output_failed(exc)) from None
        _internal_error(exc, debug)
    except Exception as exc:  # noqa: BLE001 - this is the last line of defence
        _internal_error(exc, debug)


def _internal_error(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    say(f"cqc-rate: internal error ({type(exc).__name__}: {excerpt(exc, 200)}). This is a bug: please report "
        "it with the input file; run again with --debug for the traceback.")
    raise typer.Exit(EXIT_BUG) from None


# What a write to stdout fails with when the output, not the program, is at fault.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EROFS,
                  getattr(errno, "EDQUOT", errno.ENOSPC)}


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def _output_failed(exc: OSError) -> int:
    """One line for an output that cannot be written; stdout is then quieted, so the
    interpreter's own flush at exit adds nothing. Invalid input still gives 2."""
    reason = exc.strerror or type(exc).__name__
    say(f"cqc-rate: cannot write the output: {reason[:1].lower() + reason[1:]}")
    _quiet_stdout()
    return EXIT_INVALID if _SEEN["invalid"] else EXIT_OUTPUT


def written(draw: Callable[[], None]) -> bool:
    """Draw to stdout and flush; False when the reader went away (`| head`). stdout is then
    quieted, so that the command can still say and exit what it must (--fail-on-drop's 1)."""
    try:
        draw()
        _flush_stdout()
    except BrokenPipeError:
        _quiet_stdout()
        return False
    return True


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def prepare_streams() -> None:
    """Before a command runs, from the console script: a closed standard stream is
    opened on the null device (so no file read later takes its number, and output to a
    closed stdout is dropped with one line, not a crash); stdout and stderr that cannot
    encode every character write an escape (\\xe9) instead of failing."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)  # the lowest free number: fd
    if sys.stderr is None:
        with contextlib.suppress(OSError):
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    if sys.stdout is None:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
            say("cqc-rate: standard output is closed: results are not written")
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not _carries_all(getattr(stream, "encoding", None)):
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _carries_all(encoding: str | None) -> bool:
    try:
        return bool(encoding) and codecs.lookup(encoding or "").name in ("utf-8", "utf-16", "utf-32")
    except LookupError:
        return False


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


# Whether the console script turned the cyclic collector off for start-up, to be
# turned on again when the command starts (cli.main; Command.invoke).
_COLLECT_FROM_COMMAND: dict[str, bool] = {"on": False}
# The youngest generation's threshold while a command runs (Python's default: 700). Reading
# a file makes ~1,000 short-lived containers, which reference counting frees; at 700 the
# collector ran in the middle of nearly every other file of a batch, walking objects about
# to be freed anyway (~2% of a batch's CPU). Cyclic garbage (rare: an exception's
# traceback) waits a little longer; memory stays bounded.
YOUNG_THRESHOLD = 10_000


def collect_from_command(on: bool) -> None:
    _COLLECT_FROM_COMMAND["on"] = on


class Command(typer.core.TyperCommand):
    """A command whose help shows no type labels (`<list[str]>`, `<bool>`, `{FILE}...`):
    an option's own metavar (FORMAT, RATING, FILE) or nothing, and `FILE...` in the usage
    line. Typer's labels are its Python types, which say nothing to a person.

    Its run starts with the cyclic collector on again if start-up turned it off, what
    start-up made frozen first (it lives to the end: no collection walks it again)."""

    def invoke(self, ctx: Any) -> Any:
        if _COLLECT_FROM_COMMAND["on"]:
            _COLLECT_FROM_COMMAND["on"] = False
            gc.freeze()
            gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
            gc.enable()
        return super().invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # Typer marks a required argument {FILE}; the usage line's brackets already say
        # what is optional ([OPTIONS]), so a required one is written bare.
        return [re.sub(r"^\{(.*)\}", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_labels(self.get_params(ctx), ctx)
        super().format_help(ctx, formatter)
