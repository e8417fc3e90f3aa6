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

from . import batch
from .problems import InputError, Problem

EXIT_OK, EXIT_THRESHOLD, EXIT_INVALID, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

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


class StructuredFormat(str, Enum):
    """For results that are not one row per service (aggregations, explanations): no csv."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


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
    except batch.FilesFailed:
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


YAML_SUFFIXES = (".yaml", ".yml")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """File arguments in order; a folder stands for its *.yaml/*.yml files, recursively, sorted."""
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            found = sorted(_yaml_files(p))
            yield from found or [path]  # an empty folder is reported, not passed over in silence
        else:
            yield path


def _yaml_files(folder: Path) -> Iterator[str]:
    """What `folder.rglob("*")` finds with a YAML suffix that is a file, as the same strings,
    without a Path object per file (a folder of 50,000 files)."""
    top = str(folder)
    for root, _dirs, names in os.walk(top):  # like rglob: symlinked folders are not followed
        for name in names:
            if os.path.splitext(name)[1] in YAML_SUFFIXES:
                file = os.path.join(root, name)
                if os.path.isfile(file):
                    yield file[2:] if top == "." else file  # Path(".") / "x" is "x"


def many_results(paths: list[str]) -> bool:
    """JSON is one object for exactly one file argument, an array otherwise."""
    return not (len(paths) == 1 and (paths[0] == "-" or not Path(paths[0]).is_dir()))


def _keep_all(result: Any) -> Any:
    return result


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = batch.PARALLEL_FROM


def run_each(
    paths: list[str],
    process: Callable[[str], Any],
    fmt: str,
    *,
    width: int | None = None,
    jobs: int = 1,
    keep: Callable[[Any], Any] = _keep_all,
    debug: bool = False,
) -> tuple[list[Any], bool]:
    """Process every file, streaming results to the renderer; problems go to stderr
    as they are found and never stop the other files. Returns (kept, any invalid):
    `keep(result)` for each result, where not None (by default the whole result;
    a batch of 50,000 files should keep only what it needs afterwards).

    An internal error with one file (a bug, or a worker process dying on it) is one
    line on stderr naming the file (with the traceback after --debug) and does not stop
    the others either; after the last file, batch.FilesFailed (exit 3 through `guard`).

    With `jobs` > 1 the files are shared among that many worker processes (see
    batch.py); results and problems still come out in argument order."""
    from . import render

    renderer = render.get(fmt, sys.stdout, width=width)
    renderer.start(many_results(paths))
    kept: list[Any] = []
    invalid = False
    failed = 0
    files = list(expand(paths))
    parallel = jobs > 1 and len(files) >= _PARALLEL_FROM and "-" not in files
    outcomes = batch.outcomes(files, process, keep, jobs=jobs if parallel else 1,
                              encode=render.encoder(fmt) if parallel else None)
    encoded = hasattr(renderer, "write_encoded")
    with contextlib.closing(outcomes):  # a write that fails (| head) ends the workers at once
        for status, payload, keep_value in outcomes:
            if status == "invalid":
                report(payload)
                invalid = True
                continue
            if status == "bug":
                _report_bug(payload, debug)
                failed += 1
                continue
            if status == "encoded" and encoded:
                renderer.write_encoded(payload)  # type: ignore[attr-defined]
            else:
                try:
                    renderer.item(payload)
                except OSError:
                    raise
                except Exception as exc:  # noqa: BLE001 - drawing one result is part of that file
                    _report_bug(batch.Bug(getattr(payload, "file", "cqc-rate"), f"{type(exc).__name__}: {exc}",
                                          traceback.format_exc()), debug)
                    failed += 1
                    continue
            if keep_value is not None:
                kept.append(keep_value)
    renderer.finish()
    sys.stdout.flush()
    if failed:
        raise batch.FilesFailed(failed)
    return kept, invalid


def _report_bug(bug: batch.Bug, debug: bool) -> None:
    if debug and bug.trace:
        say(bug.trace.rstrip("\n"))
    how = "with this file and the traceback above" if debug and bug.trace else \
        "with this file; run again with --debug for the traceback"
    say(f"{bug.file}: internal error ({bug.what}): this is a bug, please report it {how}.")


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
