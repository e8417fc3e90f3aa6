"""The real CLI with faults injected, for tests only: ``python -m tests.cli.faults ARGS``.

The per-file processing functions (engine.score_document, used by score and explain,
and engine.validate_document, used by validate) are wrapped before any worker is
forked, so the workers inherit the faults. By the file's name:

- ``crash``: raises RuntimeError("injected crash"), an internal error;
- ``die-once``: the process processing it kills itself with SIGKILL the first time
  (a marker file FILE.died remembers it), so a redo succeeds;
- ``die-always``: the process processing it ends with os._exit(1), every time.

A file that would end a process is never processed in the main process (that would be
the test's mistake, not the code's): it raises there instead.
"""

from __future__ import annotations

import functools
import os
import signal
import sys

MAIN = os.getpid()


def _fault(path: str) -> None:
    name = os.path.basename(path)
    if "crash" in name:
        raise RuntimeError("injected crash")
    if "die-" in name and os.getpid() == MAIN:
        raise AssertionError("a die- file was processed in the main process")
    if "die-once" in name:
        try:
            os.close(os.open(path + ".died", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)
    if "die-always" in name:
        os._exit(1)


def _faulty(function):
    @functools.wraps(function)
    def run(doc, *args, **kwargs):
        _fault(doc.name)
        return function(doc, *args, **kwargs)

    return run


def install() -> None:
    from cqc_rate import engine

    engine.score_document = _faulty(engine.score_document)
    engine.validate_document = _faulty(engine.validate_document)


if __name__ == "__main__":
    install()
    from cqc_rate.cli import main

    sys.argv[0] = "cqc-rate"
    main()
