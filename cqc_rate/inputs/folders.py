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
    with `top` (without a leading `./` when `top` is `.`), in no particular order."""
    real_top: str | None = None
    pending: list[tuple[str, int]] = [(top, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            REFUSED[folder] = f"folder cannot be read: {os_reason(exc)}"
            yield folder
            continue
        for entry in listed:
            path = entry.path[2:] if top == "." and entry.path.startswith("./") else entry.path
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_FOLDER_DEPTH:
                        REFUSED[path] = (f"folders nested more than {MAX_FOLDER_DEPTH} levels deep "
                                         "below the folder named: not searched")
                        yield path
                    else:
                        pending.append((entry.path, depth + 1))
                    continue
                if os.path.splitext(entry.name)[1] not in suffixes:
                    continue
                if entry.is_symlink():
                    if entry.is_dir():  # a link to a folder: not followed, as rglob does not
                        continue
                    if not POLICY.follow_links:
                        real_top = real_top or os.path.realpath(top)
                        target = os.path.realpath(entry.path)
                        if os.path.commonpath([real_top, target]) != real_top:
                            REFUSED[path] = ("a symbolic link leading outside the folder searched: "
                                             "not followed; run with --follow-symlinks to read it")
            except OSError as exc:  # the entry vanished, or cannot even be looked at
                REFUSED[path] = f"cannot be read: {os_reason(exc)}"
            yield path
