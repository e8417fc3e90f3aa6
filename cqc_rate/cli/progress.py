"""A progress bar on stderr for a long batch (`score`, `validate`, `check` over many files).

Shown only when stderr is a terminal and standard output is not (results written to
the same terminal would tear it), never with ``--quiet``, and only once the batch has
run for DELAY seconds: a batch that ends sooner draws nothing. It says the files done,
files per second and the problems found so far, and is gone when the batch ends (what
the batch printed on stderr stays, above it). Rich is imported only when it is drawn.
"""

from __future__ import annotations

import sys
import time
from typing import Any

DELAY = 1.0  # seconds a batch runs before the bar appears
REDRAW = 0.25  # seconds between redraws of the bar: each is drawn from here, not by a thread


def is_terminal(stream: Any) -> bool:
    """Whether `stream` is a terminal (False for a closed or odd one)."""
    try:
        return stream is not None and bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def wanted(quiet: bool) -> bool:
    """Whether a batch may show the bar: stderr a terminal, stdout not, and not --quiet."""
    return not quiet and is_terminal(sys.stderr) and not is_terminal(sys.stdout)


class Progress:
    """Counts a batch's files and problems; draws them once the batch is long (see the module)."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.enabled = enabled
        self.total = total
        self.done = 0
        self.problems = 0
        self.started = time.monotonic()
        self.next_draw = self.started + DELAY
        self._bar: Any = None
        self._task: Any = None

    def step(self, problems: int = 0) -> None:
        """One more file done, with `problems` problems found in it."""
        self.done += 1
        self.problems += problems
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self.next_draw:
            return
        self.next_draw = now + REDRAW
        if self._bar is None:
            self._start()
        files_per_s = self.done / max(now - self.started, 1e-9)
        self._bar.update(self._task, completed=self.done, files_per_s=f"{files_per_s:,.0f}",
                         problems=f"{self.problems:,}", refresh=True)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        of = f" of {self.total:,}" if self.total is not None else ""
        self._bar = Bar(
            BarColumn(),
            TextColumn(f"{{task.completed:,}}{of} files"),
            TextColumn("{task.fields[files_per_s]} files/s"),
            TextColumn("{task.fields[problems]} problems"),
            TimeElapsedColumn(),
            # Our own check said stderr is a terminal; problems printed meanwhile go above the bar.
            # soft_wrap: a problem's line stays one line, however wide the terminal.
            console=Console(file=sys.stderr, force_terminal=True, soft_wrap=True),
            transient=True,
            # Redrawn when a file is done (step), not ten times a second by a thread of its own,
            # which would take the interpreter from the batch each time.
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=True,
        )
        self._task = self._bar.add_task("files", total=self.total, files_per_s="0", problems="0")
        self._bar.start()

    def close(self) -> None:
        """The batch has ended: the bar (if drawn) is taken away."""
        if self._bar is not None:
            bar, self._bar = self._bar, None
            bar.stop()
