"""Running a command over many files: folders expanded, results streamed to the
renderer in argument order, problems and internal errors reported per file and
never stopping the others; worker processes (workers.py) for large batches."""

from __future__ import annotations

import contextlib
import itertools
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import render
from ..inputs import folders
from ..inputs.reader import is_csv
from ..safe_text import excerpt, safe
from . import progress, workers
from .common import report, say

YAML_SUFFIXES = (".yaml", ".yml")


def expand(paths: Iterable[str], suffixes: tuple[str, ...] = YAML_SUFFIXES) -> Iterator[str]:
    """File arguments in order; a folder stands for its *.yaml/*.yml files (or `suffixes`),
    recursively, sorted (searched by cqc_rate.inputs.folders, which never leaves it)."""
    for path in paths:
        if path != "-" and folders.is_folder(path):
            found = folders.yaml_files(path, suffixes)  # in sorted order, found as needed
            first = next(found, None)
            if first is None:
                yield path  # an empty folder is reported, not passed over in silence
            else:
                yield first
                yield from found
        else:
            yield path


def many_results(paths: list[str], csv_many: bool = False) -> bool:
    """JSON is one object for exactly one file argument, an array otherwise; with `csv_many`,
    a CSV file (many services in one file) counts as many, like a folder."""
    if csv_many and len(paths) == 1 and is_csv(paths[0]):
        return True
    return not (len(paths) == 1 and (paths[0] == "-" or not folders.is_folder(paths[0])))


def _keep_all(result: Any) -> Any:
    return result


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = workers.PARALLEL_FROM


def run_each(
    paths: list[str],
    process: Callable[[str], Any],
    fmt: str,
    *,
    width: int | None = None,
    jobs: int = 1,
    keep: Callable[[Any], Any] = _keep_all,
    debug: bool = False,
    suffixes: tuple[str, ...] = YAML_SUFFIXES,
    csv_many: bool = True,
    quiet: bool = True,
) -> tuple[list[Any], bool]:
    """Process every file, streaming results to the renderer; problems go to stderr
    as they are found and never stop the other files. Returns (kept, any invalid):
    `keep(result)` for each result, where not None (by default the whole result;
    a batch of 50,000 files should keep only what it needs afterwards).

    An internal error with one file (a bug, or a worker process dying on it) is one
    line on stderr naming the file (with the traceback after --debug) and does not stop
    the others either; after the last file, workers.FilesFailed (exit 3 through `guard`).

    With `jobs` > 1 the files are shared among that many worker processes (see
    workers.py); results and problems still come out in argument order.

    `process` may return a list: every assessment in one file (a CSV file's services,
    cqc_rate.api.score_each), each a result or an InputError, written in order; for
    JSON, a CSV file argument then counts as many (`csv_many`), like a folder.

    Unless `quiet`, a long batch shows a progress bar on stderr where that is a
    terminal (see progress.py)."""
    renderer = render.get(fmt, sys.stdout, width=width)
    renderer.start(many_results(paths, csv_many))
    kept: list[Any] = []
    invalid = False
    failed = 0
    # The files are found as they are needed (50,000 paths held would be ~6 MB in this
    # process and in every worker): enough are looked ahead to choose workers or not.
    found = expand(paths, suffixes)
    ahead = list(itertools.islice(found, _PARALLEL_FROM))
    parallel = jobs > 1 and len(ahead) >= _PARALLEL_FROM and "-" not in paths
    files = itertools.chain(ahead, found)
    outcomes = workers.outcomes(files, process, keep, jobs=jobs if parallel else 1,
                              encode=render.encoder(fmt) if parallel else None)
    encoded = hasattr(renderer, "write_encoded")
    bar = progress.Progress(progress.wanted(quiet), total=len(ahead) if len(ahead) < _PARALLEL_FROM else None)
    with contextlib.closing(outcomes), contextlib.closing(bar):  # a failed write (| head) ends the workers
        for status, payload, keep_value in _flat(outcomes):
            if status == "invalid":
                report(payload)
                invalid = True
                bar.step(len(payload))
                continue
            if status == "bug":
                _report_bug(payload, debug)
                failed += 1
                bar.step(1)
                continue
            bar.step(_problems_in(payload) if status == "result" else 0)
            if status == "encoded" and encoded:
                renderer.write_encoded(payload)  # type: ignore[attr-defined]
            else:
                try:
                    renderer.item(payload)
                except OSError:
                    raise
                except Exception as exc:  # noqa: BLE001 - drawing one result is part of that file
                    _report_bug(workers.Bug(getattr(payload, "file", "cqc-rate"), f"{type(exc).__name__}: {exc}",
                                          traceback.format_exc()), debug)
                    failed += 1
                    continue
            if keep_value is not None:
                kept.append(keep_value)
    renderer.finish()
    sys.stdout.flush()
    if failed:
        raise workers.FilesFailed(failed)
    return kept, invalid


def _flat(outcomes: Iterable[workers.Outcome]) -> Iterator[workers.Outcome]:
    """Outcomes with those of a file of several assessments (a CSV file) taken one by one."""
    for got in outcomes:
        if got[0] == "several":
            yield from got[1]
        else:
            yield got


def _problems_in(result: Any) -> int:
    """Problems a result carries as data (validate --format json, check's records)."""
    problems = getattr(result, "problems", None)
    return len(problems) if isinstance(problems, (tuple, list)) else 0


def _report_bug(bug: workers.Bug, debug: bool) -> None:
    if debug and bug.trace:
        say(bug.trace.rstrip("\n"))
    how = "with this file and the traceback above" if debug and bug.trace else \
        "with this file; run again with --debug for the traceback"
    say(f"{safe(bug.file)}: internal error ({excerpt(bug.what, 200)}): this is a bug, please report it {how}.")
