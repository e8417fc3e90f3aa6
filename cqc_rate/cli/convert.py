"""`cqc-rate convert`: a service's assessment between its two forms, YAML and CSV."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..safe_text import safe
from .common import EXIT_INVALID, EXIT_OK, DebugOption, guard, say


class Form(str, Enum):
    csv = "csv"
    yaml = "yaml"


def convert(
    files: Annotated[list[str], typer.Argument(
        help="Assessment files, YAML or CSV (by the .csv suffix), or folders of *.yaml; `-` for YAML on "
             "standard input.",
        show_default=False, metavar="FILE")],
    to: Annotated[Form, typer.Option(
        "--to", metavar="csv|yaml",
        help="The form to write: csv (every service in one file) or yaml (one file a service).",
        case_sensitive=False, show_default=False)],
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE|FOLDER",
        help="Write to FILE instead of standard output; for --to yaml of several services, a FOLDER "
             "(made if need be) to write one NAME.yaml a service in.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace a file that exists (never one of the input files).")] = False,
    debug: DebugOption = False,
) -> None:
    """Convert assessments between YAML and CSV; a round trip changes nothing.

    Each file is read and checked as `score` reads it (every problem of every
    file is reported, FILE:LINE:COL, and nothing is written: exit 2). The CSV
    form holds assessments, one row per statement score (by key question, or
    by theme for a local authority) or, for a service CQC does not rate, per
    judgement (docs/csv-input.md); a location file stays YAML. Comments are
    not carried. An existing file is not replaced without --force, and an
    input file never is.

    \b
    Examples:
      cqc-rate convert samples/worked-example.yaml --to csv
      cqc-rate convert samples/worked-example.csv --to yaml -o hollybank.yaml
      cqc-rate convert samples/care-home.yaml samples/gp-practice.yaml --to csv
      cqc-rate convert samples/local-authority-good.yaml samples/dental-practice.yaml --to csv
    """
    from ..api import convert_files
    from .batch import expand

    with guard(debug):
        # A folder stands for its *.yaml/*.yml files, as for score (a CSV file is named).
        written = convert_files(list(expand(files)), to.value)
        if output is None:
            if len(written) > 1:
                say(f"cqc-rate convert: {len(written)} services, one YAML file each: give -o FOLDER to write "
                    "them in (nothing written)")
                raise typer.Exit(EXIT_INVALID)
            sys.stdout.write(written[0][1])
            raise typer.Exit(EXIT_OK)
        folder = Path(output)
        if output.endswith(("/", os.sep)) and to is Form.csv:  # a folder meant: the CSV is one file
            say(f"cqc-rate convert: -o {safe(output)} names a folder: --to csv writes one file, give its name "
                "(nothing written)")
            raise typer.Exit(EXIT_INVALID)
        if len(written) > 1 and folder.suffix.lower() in (".yaml", ".yml") and not folder.is_dir():
            say(f"cqc-rate convert: {len(written)} services, one YAML file each: -o names a folder to write "
                f"them in, not {safe(output)} (nothing written)")
            raise typer.Exit(EXIT_INVALID)
        if to is Form.yaml and (len(written) > 1 or folder.is_dir()):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                say(f"cqc-rate convert: {safe(output)}: cannot make the folder ({safe(exc.strerror or 'error')})")
                raise typer.Exit(EXIT_INVALID) from None
            targets = _names(folder, [name for name, _ in written])
        else:
            targets = [folder]
        refused = [_refused(target, files, force) for target in targets]
        if any(refused):
            for message in refused:
                if message:
                    say(f"cqc-rate convert: {message}")
            raise typer.Exit(EXIT_INVALID)
        for target, (_, text) in zip(targets, written, strict=True):
            try:
                target.write_text(text, encoding="utf-8", newline="")
            except OSError as exc:
                say(f"cqc-rate convert: {safe(str(target))}: cannot write it ({safe(exc.strerror or 'error')})")
                raise typer.Exit(EXIT_INVALID) from None
            say(f"{safe(str(target))}: written")
        raise typer.Exit(EXIT_OK)


def _names(folder: Path, names: list[str]) -> list[Path]:
    """NAME.yaml in the folder for each service, from its name (`-2`, `-3` where two are alike)."""
    from ..convert import file_stem

    seen: set[str] = set()
    out = []
    for name in names:
        stem = base = file_stem(name)
        n = 1
        while stem in seen:
            n += 1
            stem = f"{base}-{n}"
        seen.add(stem)
        out.append(folder / f"{stem}.yaml")
    return out


def _refused(target: Path, inputs: list[str], force: bool) -> str | None:
    """Why the target may not be written, or None."""
    if target.is_dir():
        return f"{safe(str(target))} is a folder: give a file name (a folder is for --to yaml)"
    if not target.exists():
        return None
    if any(path != "-" and os.path.exists(path) and os.path.samefile(path, target) for path in inputs):
        return f"{safe(str(target))} is an input file: never written over (give another -o)"
    if not force:
        return f"{safe(str(target))} exists: not overwritten (use --force to replace it)"
    return None


__all__ = ["convert"]
