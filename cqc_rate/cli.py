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
    html = "html"


class StructuredFormat(str, Enum):
    """For results that are not one row per service (aggregations, explanations): no csv."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    html = "html"


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


def run_each(
    paths: list[str],
    process: Callable[[str], Any],
    fmt: str,
    *,
    width: int | None = None,
    jobs: int = 1,
    keep: Callable[[Any], Any] = _keep_all,
) -> tuple[list[Any], bool]:
    """Process every file, streaming results to the renderer; problems go to stderr
    as they are found and never stop the other files. Returns (kept, any invalid):
    `keep(result)` for each result, where not None (by default the whole result;
    a batch of 50,000 files should keep only what it needs afterwards).

    With `jobs` > 1 the files are shared among that many worker processes;
    results and problems still come out in argument order."""
    from . import render

    renderer = render.get(fmt, sys.stdout, width=width)
    renderer.start(many_results(paths))
    kept: list[Any] = []
    invalid = False
    files = list(expand(paths))
    if jobs > 1 and len(files) >= _PARALLEL_FROM and "-" not in files:
        outcomes: Iterator[tuple[str, Any, Any]] = _parallel(files, process, fmt, keep, jobs)
    else:
        outcomes = (_outcome(path, process, keep) for path in files)
    encoded = hasattr(renderer, "write_encoded")
    for status, payload, keep_value in outcomes:
        if status == "invalid":
            report(payload)
            invalid = True
            continue
        if status == "encoded" and encoded:
            renderer.write_encoded(payload)  # type: ignore[attr-defined]
        else:
            renderer.item(payload)
        if keep_value is not None:
            kept.append(keep_value)
    renderer.finish()
    sys.stdout.flush()
    return kept, invalid


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 64
_CHUNK = 16
_worker: dict[str, Any] = {}


def _outcome(path: str, process: Callable[[str], Any], keep: Callable[[Any], Any],
             encode: Callable[[Any], str] | None = None) -> tuple[str, Any, Any]:
    """("result", result, kept) | ("encoded", text, kept) | ("invalid", problems, None)."""
    try:
        result = process(path)
    except InputError as exc:
        return "invalid", exc.problems, None
    if encode is not None:
        return "encoded", encode(result), keep(result)
    return "result", result, keep(result)


def _init_worker(process: Callable[[str], Any], fmt: str, keep: Callable[[Any], Any]) -> None:
    from . import render

    _worker.update(process=process, keep=keep, encode=render.encoder(fmt))


def _work(path: str) -> tuple[str, Any, Any]:
    return _outcome(path, _worker["process"], _worker["keep"], _worker["encode"])


def _parallel(files: list[str], process: Callable[[str], Any], fmt: str, keep: Callable[[Any], Any],
              jobs: int) -> Iterator[tuple[str, Any, Any]]:
    """The first file here (so the workers inherit whatever it loaded: models, data),
    the rest in `jobs` worker processes, in order. Workers send back encoded text
    where the renderer can take it (JSON), so results need not be pickled."""
    import gc
    import multiprocessing
    import threading

    yield _outcome(files[0], process, keep)
    # What start-up made lives to the end: keep the collector (and copy-on-write) off it.
    gc.freeze()
    # At most `window` files handed out and not yet written: when output is slower than
    # the workers, results wait in the workers' pipe, not by the thousand in memory.
    window = threading.Semaphore(_CHUNK * jobs * 4)
    stop = threading.Event()

    def feed() -> Iterator[str]:
        for path in files[1:]:
            while not window.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield path

    try:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with context.Pool(jobs, initializer=_init_worker, initargs=(process, fmt, keep)) as pool:
            try:
                for outcome in pool.imap(_work, feed(), chunksize=_CHUNK):
                    window.release()
                    yield outcome
            finally:
                stop.set()  # before the pool ends: its feeding thread may be waiting on the window
    finally:
        gc.unfreeze()


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
