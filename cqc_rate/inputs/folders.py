"""Folders named on the command line, searched for YAML files without leaving them.

A folder given to ``score DIR`` in CI may hold anything. The search is iterative
(a folder nested 1,200 deep cannot exhaust Python's stack) and bounded
(MAX_FOLDER_DEPTH); symbolic links to folders are not followed (as before, like
``Path.rglob``); a symbolic link to a file outside the folder is listed but refused
when read, unless ``--follow-symlinks``; a subfolder that cannot be read, or one
too deep, is listed as a problem, never passed over in silence. Problems are kept
in reader.REFUSED, where read_text finds them, so each is reported in its place
among the files and does not stop the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .reader import POLICY, REFUSED, os_reason

MAX_FOLDER_DEPTH = 100  # levels below the folder named; real trees of assessments have a handful


def is_folder(path: str) -> bool:
    """Whether `path` is a folder; False for a name the system refuses (too long, a NUL
    in it), which read_text then reports as a file that cannot be read."""
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False


def yaml_files(top: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The files in `top` and its subfolders with one of `suffixes`, as paths starting
    with `top` (without a leading `./` when `top` is `.`), in sorted order (that of
    sorted() over all of them), found as they are needed: one folder's listing at a
    time is held, never the whole tree's (50,000 paths would be ~6 MB)."""
    state = _Search(top, suffixes)
    # Folders still to list, deepest last: each a sorted list of what its listing gave,
    # consumed from the end (so reversed when made).
    pending: list[list[tuple[str, str, int]]] = []
    first = state.listing(top, 0)
    if first is None:
        yield top
        return
    pending.append(first)
    while pending:
        listing = pending[-1]
        if not listing:
            pending.pop()
            continue
        what, path, depth = listing.pop()
        if what == "folder":
            below = state.listing(path, depth)
            if below is None:  # it could be opened a moment ago, and now not: reported where it stands
                yield path
            else:
                pending.append(below)
        else:
            yield path


class _Search:
    """One search's settings, and what it finds in each folder (see yaml_files)."""

    def __init__(self, top: str, suffixes: tuple[str, ...]) -> None:
        self.top, self.suffixes = top, suffixes
        self.real_top: str | None = None

    def listing(self, folder: str, depth: int) -> list[tuple[str, str, int]] | None:
        """What `folder` holds, as (what, path, depth) sorted as sorted() would put their paths
        and reversed; None (the problem in REFUSED) when it cannot be read. A subfolder sorts
        as `name/` (where its files will be), or as `name` when it is itself the problem."""
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            REFUSED[folder] = f"folder cannot be read: {os_reason(exc)}"
            return None
        found: list[tuple[str, tuple[str, str, int]]] = []
        for entry in listed:
            path = entry.path[2:] if self.top == "." and entry.path.startswith("./") else entry.path
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_FOLDER_DEPTH:
                        REFUSED[path] = (f"folders nested more than {MAX_FOLDER_DEPTH} levels deep "
                                         "below the folder named: not searched")
                        found.append((entry.name, ("problem", path, depth + 1)))
                    elif (refused := _refusal(entry.path)) is not None:
                        # Reported where sorted() puts its own path, as `name`, not `name/`.
                        REFUSED[path] = f"folder cannot be read: {os_reason(refused)}"
                        found.append((entry.name, ("problem", path, depth + 1)))
                    else:
                        found.append((entry.name + "/", ("folder", entry.path, depth + 1)))
                    continue
                if os.path.splitext(entry.name)[1] not in self.suffixes:
                    continue
                if entry.is_symlink():
                    if entry.is_dir():  # a link to a folder: not followed, as rglob does not
                        continue
                    if not POLICY.follow_links:
                        self.real_top = self.real_top or os.path.realpath(self.top)
                        target = os.path.realpath(entry.path)
                        if os.path.commonpath([self.real_top, target]) != self.real_top:
                            REFUSED[path] = ("a symbolic link leading outside the folder searched: "
                                             "not followed; run with --follow-symlinks to read it")
            except OSError as exc:  # the entry vanished, or cannot even be looked at
                REFUSED[path] = f"cannot be read: {os_reason(exc)}"
            found.append((entry.name, ("file", path, depth)))
        found.sort(key=lambda item: item[0], reverse=True)
        return [item for _, item in found]


def _refusal(folder: str) -> OSError | None:
    """Why `folder` cannot be listed, if it cannot (opened and closed: listed in its turn)."""
    try:
        with os.scandir(folder):
            return None
    except OSError as exc:
        return exc
