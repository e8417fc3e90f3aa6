"""Many files through one function: every file, in argument order, never a hang.

`outcomes(files, process, keep, ...)` gives one outcome per file, in order:

- ``("result", result, kept)``: `process(path)` returned a result;
- ``("encoded", text, kept)``: the same, already encoded by the renderer (from a worker);
- ``("invalid", problems, None)``: the file is not valid input (InputError);
- ``("several", [outcome, ...], None)``: `process(path)` returned a list, one result (or
  InputError) for each assessment in the file (a CSV file's services);
- ``("bug", Bug, None)``: anything else went wrong with that file (an internal error,
  or the worker process processing it died twice).

One file's outcome never stops the others. With `jobs` > 1, the first file is
processed here (so the workers inherit whatever it loaded: models, data), then
`jobs` forked worker processes share the rest in chunks. Each worker has its own
pipe and the parent knows which chunks it holds, so a worker that dies (killed,
a crash in C, os._exit) is noticed by the end of its pipe and its chunks are
handed out again: the chunk it was processing file by file, so the file that
kills a worker is tried once more alone, then reported, and every other file is
still processed. At most `window` files are handed out and not yet written
(results wait in order in memory, or in the workers' pipes, not by the thousand).
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

from ..problems import InputError

Outcome = tuple[str, Any, Any]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
CHUNK = 16
# A chunk's paths fit well within a pipe's buffer, so handing one out never blocks
# (a worker may be blocked writing its results while the parent writes output).
CHUNK_CHARS = 8_000
# Chunks a worker holds at once: the one it is processing and the next, waiting in its pipe.
HELD = 2
# How many times a file may be in the chunk a worker was processing when it died.
DEATHS = 2


class Bug:
    """An internal error with one file: what happened, and the traceback where there is one.
    (A plain class: a dataclass costs start-up time for every command.)"""

    __slots__ = ("file", "what", "trace")

    def __init__(self, file: str, what: str, trace: str | None = None) -> None:
        self.file, self.what, self.trace = file, what, trace

    def __reduce__(self) -> tuple[Any, ...]:
        return Bug, (self.file, self.what, self.trace)

    def __repr__(self) -> str:
        return f"Bug({self.file!r}, {self.what!r})"


class FilesFailed(Exception):
    """Raised after a batch in which some files hit an internal error (each already reported)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} file(s) could not be processed because of an internal error")
        self.count = count


def outcome(path: str, process: Callable[[str], Any], keep: Callable[[Any], Any],
            encode: Callable[[Any], str] | None = None) -> Outcome:
    """One file's outcome (see the module's docstring); never raises but for KeyboardInterrupt
    and SystemExit."""
    try:
        result = process(path)
        if isinstance(result, list):  # every assessment in one file (a CSV file's services), in order
            return "several", [_one(item, keep, encode) for item in result], None
        return _one(result, keep, encode)
    except InputError as exc:
        return "invalid", exc.problems, None
    except Exception as exc:  # noqa: BLE001 - one file's bug is reported, the others go on
        return "bug", Bug(path, f"{type(exc).__name__}: {exc}", traceback.format_exc()), None


def _one(result: Any, keep: Callable[[Any], Any], encode: Callable[[Any], str] | None) -> Outcome:
    if isinstance(result, InputError):
        return "invalid", result.problems, None
    if encode is not None:
        return "encoded", encode(result), keep(result)
    return "result", result, keep(result)


def outcomes(files: Iterable[str], process: Callable[[str], Any], keep: Callable[[Any], Any], *,
             jobs: int = 1, encode: Callable[[Any], str] | None = None,
             window: int | None = None) -> Generator[Outcome, None, None]:
    """Each file's outcome, in order; `jobs` > 1 (and more than one file) shares them among
    worker processes, which send back `encode(result)` where `encode` is given. `files`
    is read as the work needs it: only the paths handed out and not yet given back are held."""
    source = iter(files)
    if jobs <= 1:
        for path in source:
            yield outcome(path, process, keep)
        return
    first = next(source, None)
    if first is None:
        return
    yield outcome(first, process, keep)
    second = next(source, None)
    if second is None:
        return
    # What start-up made lives to the end: keep the collector (and copy-on-write) off it.
    gc.freeze()
    workers = _Workers(itertools.chain([second], source), process, keep, encode, jobs, window or CHUNK * 4 * jobs)
    finished = False
    restore = _on_sigterm()
    try:
        yield from workers.run()
        finished = True
    finally:
        workers.close(finished)
        restore()
        gc.unfreeze()


def _on_sigterm() -> Callable[[], None]:
    """While workers run, SIGTERM ends this process through `finally` (so the workers are
    ended too) rather than at once; only where nobody else has claimed the signal."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return lambda: None

    def terminated(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)

    def restore() -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    return restore


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.held: deque[list[int]] = deque()  # chunks of file indexes, in the order sent


class _Workers:
    def __init__(self, files: Iterator[str], process: Callable[[str], Any], keep: Callable[[Any], Any],
                 encode: Callable[[Any], str] | None, jobs: int, window: int) -> None:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.source = files  # the paths not yet handed out (files[0] is done in the parent)
        self.exhausted = False
        self.paths: dict[int, str] = {}  # index -> path, from handed out until given back
        self.task = (process, keep, encode)
        self.jobs = jobs
        self.window = window
        self.workers: dict[Any, _Worker] = {}  # by connection
        self.done: dict[int, Outcome] = {}  # index -> outcome, until it is its turn
        self.again: deque[list[int]] = deque()  # chunks to hand out again, before new ones
        self.deaths: dict[int, int] = {}
        self.pulled = 1  # the index the next path from the source gets (files[0] is done in the parent)
        self.next_new = 1  # the next index to hand out
        self.next_out = 1

    def _pull(self) -> bool:
        """The next path from the source into self.paths (at index pulled); False at its end."""
        if self.exhausted:
            return False
        path = next(self.source, None)
        if path is None:
            self.exhausted = True
            return False
        self.paths[self.pulled] = path
        self.pulled += 1
        return True

    def _more(self) -> bool:
        """Whether a file is still to be given back (pulling one, if all pulled are)."""
        return self.next_out < self.pulled or self._pull()

    def run(self) -> Iterator[Outcome]:
        for _ in range(self.jobs):
            self._start()
        while self._more():
            self._hand_out()
            got = self.done.pop(self.next_out, None)
            if got is None and not self.workers:
                # No worker could be started (out of processes?): the parent does the rest.
                got = outcome(self.paths[self.next_out], *self.task[:2])
            if got is None:
                self._receive()
                continue
            self.paths.pop(self.next_out, None)
            self.next_out += 1
            yield got

    def _start(self) -> bool:
        parent_end, child_end = self.context.Pipe()
        # The child keeps no parent end (its own or another worker's): when this process
        # goes, every worker's pipe ends and it stops.
        others = [parent_end, *self.workers]
        try:
            process = self.context.Process(target=_serve, args=(child_end, others, *self.task), daemon=True)
            process.start()
        except OSError:
            parent_end.close()
            return False
        finally:
            child_end.close()  # so that the worker's death ends the pipe here
        self.workers[parent_end] = _Worker(process, parent_end)
        return True

    def _next_chunk(self) -> list[int] | None:
        if self.again:
            return self.again.popleft()
        end = self.next_out + self.window
        chunk: list[int] = []
        chars = 0
        while self.next_new < end and len(chunk) < CHUNK and chars < CHUNK_CHARS:
            if self.next_new == self.pulled and not self._pull():
                break
            chunk.append(self.next_new)
            chars += len(self.paths[self.next_new])
            self.next_new += 1
        return chunk or None

    def _hand_out(self) -> None:
        for worker in list(self.workers.values()):
            while len(worker.held) < HELD:
                chunk = self._next_chunk()
                if chunk is None:
                    return
                worker.held.append(chunk)
                try:
                    worker.conn.send([self.paths[i] for i in chunk])
                except OSError:  # it has died: its chunks go to the others
                    self._died(worker)
                    break

    def _receive(self) -> None:
        from multiprocessing.connection import wait

        by_sentinel = {w.process.sentinel: w for w in self.workers.values()}
        for ready in wait([*self.workers, *by_sentinel]):
            worker = self.workers.get(ready) or (by_sentinel.get(ready) if isinstance(ready, int) else None)
            if worker is None or worker.conn not in self.workers:
                continue  # already dealt with in this round
            if ready is worker.conn:
                try:
                    self._take(worker, worker.conn.recv())
                    continue
                except (EOFError, OSError):
                    pass
            else:  # it has ended: what it sent before is still in the pipe
                try:
                    while worker.conn.poll():
                        self._take(worker, worker.conn.recv())
                except (EOFError, OSError):
                    pass
            self._died(worker)

    def _take(self, worker: _Worker, outcomes: list[Outcome]) -> None:
        for index, got in zip(worker.held.popleft(), outcomes, strict=False):
            self.done[index] = got

    def _died(self, worker: _Worker) -> None:
        del self.workers[worker.conn]
        worker.conn.close()
        process = worker.process
        process.join(1)
        if process.exitcode is None:  # its pipe ended but it has not: it is of no more use
            process.kill()
            process.join()
        why = _death(process.exitcode)
        held = list(worker.held)
        if held:
            # The first chunk was being processed: one of its files may be the cause, so each
            # is tried again alone; a file that was alone already is reported after DEATHS.
            first, rest = held[0], held[1:]
            for index in first:
                self.deaths[index] = self.deaths.get(index, 0) + 1
            if len(first) == 1 and self.deaths[first[0]] >= DEATHS:
                index = first[0]
                self.done[index] = ("bug", Bug(self.paths[index], f"a worker process died ({why})"), None)
                first = []
            retry = [[index] for index in first] + rest
            self.again.extendleft(reversed(retry))
        if self.again or self.next_new < self.pulled or not self.exhausted:
            self._start()

    def close(self, finished: bool) -> None:
        """Ends the workers: asked to stop after a finished run, ended at once otherwise
        (an error, Ctrl-C), and killed where they do not go within a second."""
        workers = list(self.workers.values())
        self.workers.clear()
        for worker in workers:
            if finished:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            else:
                _end(worker.process)
            worker.conn.close()
        for worker in workers:
            worker.process.join(1)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()


def _end(process: Any) -> None:
    try:
        process.terminate()
    except (OSError, ValueError):
        pass


def _death(code: int | None) -> str:
    if code is None:
        return "it stopped answering"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _serve(conn: Any, others: list[Any], process: Callable[[str], Any], keep: Callable[[Any], Any],
           encode: Callable[[Any], str] | None) -> None:
    """A worker: chunks of paths in, a list of outcomes out for each, until None or the
    parent goes. Ctrl-C is the parent's to handle (it ends the workers), so no traceback
    from here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in others:
        other.close()
    try:
        while (paths := conn.recv()) is not None:
            got = [outcome(path, process, keep, encode) for path in paths]
            try:
                conn.send(got)
            except (OSError, EOFError):
                raise
            except Exception:  # noqa: BLE001 - a result that cannot be sent is that file's bug
                conn.send([_sendable(path, one) for path, one in zip(paths, got, strict=False)])
    except (EOFError, OSError):
        pass  # the parent has gone: there is no one to tell
    finally:
        os._exit(0)


def _sendable(path: str, got: Outcome) -> Outcome:
    import pickle

    try:
        pickle.dumps(got)
        return got
    except Exception as exc:  # noqa: BLE001
        return "bug", Bug(path, f"the result could not be sent from the worker ({type(exc).__name__}: {exc})",
                          traceback.format_exc()), None
