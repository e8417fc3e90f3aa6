"""`cqc-rate methodology`: the complete method in force, every layer merged."""

from __future__ import annotations

import datetime
import json
import sys
from enum import Enum
from typing import Annotated

import typer

from .common import DebugOption, guard


class DataFormat(str, Enum):
    yaml = "yaml"
    json = "json"


def _date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date like 2025-03-14, got {value!r}") from None


def methodology(
    date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", callback=_date,
        help="The method in force on this date (default: the newest).", show_default=False)] = None,
    format: Annotated[DataFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: yaml or json.")] = DataFormat.yaml,
    debug: DebugOption = False,
) -> None:
    """Print the complete method in force: bands, limiters, transfers, principles, service
    types, the catalogue and the local-authority and not-rated rules, every layer merged.

    The output is an overlay of that method that changes nothing (extends: its id).
    Save it, change what you need (or keep only that: what an overlay gives replaces
    what the method says; mappings merge key by key, lists replace whole) and pass it
    to score, aggregate or explain as --methodology FILE. Without extends: it is
    layered on the method each file's date picks.

    \b
    Examples:
      cqc-rate methodology > my-method.yaml
      cqc-rate methodology --date 2024-12-01
      cqc-rate methodology --format json
    """
    from ..method import dump, method_in_force, versions

    with guard(debug):
        when: datetime.date | None = date  # type: ignore[assignment]
        method = method_in_force(when)
        data = dump(method)
        if format is DataFormat.json:
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            return
        import yaml

        later = f", until {method.until}" if method.until else ""
        shipped = ", ".join(v.id for v in versions())
        sys.stdout.write(
            f"# cqc-rate methodology: method {method.id}, in force from {method.in_force_from}{later};\n"
            f"# every layer merged (versions shipped: {shipped}). As an overlay (--methodology FILE)\n"
            "# this changes nothing: change what you need. Without extends: it is layered on the\n"
            "# method each file's date picks. Mappings merge key by key; lists replace whole.\n")
        sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
