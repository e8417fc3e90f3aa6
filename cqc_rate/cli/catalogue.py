"""`cqc-rate statements` and `cqc-rate service-types`: the catalogue, as data."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import typer

from ..terms import KEY_QUESTION_NAMES, key_question_of
from .common import EXIT_INVALID, Format, guard, say


def statements(
    key_question: Annotated[str | None, typer.Option(
        "--key-question", "-k", metavar="KQ", help="Only this key question's statements.")] = None,
    format: Annotated[Format, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, json, jsonl, csv or html.")] = Format.table,
) -> None:
    """List the 34 quality statements with their API ids, slugs and key questions.

    \b
    Examples:
      cqc-rate statements
      cqc-rate statements --key-question well-led --format json
    """
    with guard(False):  # a closed pipe, a full disk: answered as every command answers them
        _statements(key_question, format)


def _statements(key_question: str | None, format: Format) -> None:
    from ..method import base_catalogue as catalogue

    rows = catalogue().statements
    if key_question is not None:
        kq = key_question_of(key_question)
        if kq is None:
            say(f"cqc-rate statements: unknown key question {key_question!r}: expected safe, effective, caring, "
                "responsive or well-led (see `cqc-rate statements --help`)")
            raise typer.Exit(EXIT_INVALID)
        rows = catalogue().statements_of(kq)
    data = [{"api_id": s.api_id, "id": s.slug, "name": s.name, "key_question": s.key_question,
             "service_level": s.service_level} for s in rows]
    if format is not Format.table:
        _dump(data, format)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Quality statements")
    # The slug is what people type: never cut it; the name goes beneath it and wraps.
    table.add_column("API id", justify="right", no_wrap=True)
    table.add_column("Key question", no_wrap=True)
    table.add_column("Slug (input and JSON id) / statement", overflow="fold")
    for s in rows:
        name = s.name + ("" if s.service_level else " (trust level only)")
        table.add_row(str(s.api_id), KEY_QUESTION_NAMES[s.key_question],
                      Text.assemble((s.slug, "bold"), "\n", (name, "dim")))
    _console().print(table)


def service_types(
    format: Annotated[Format, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, json, jsonl, csv or html.")] = Format.table,
) -> None:
    """List the service-type keys, the rating levels each gets and its principles.

    \b
    Levels: 1 key question (service), 2 overall service, 3 key question
    (location), 4 overall location, 5 NHS trust well-led.

    \b
    Examples:
      cqc-rate service-types
      cqc-rate service-types --format json
    """
    with guard(False):
        _service_types(format)


def _service_types(format: Format) -> None:
    from ..method import method_in_force as methodology

    types_ = methodology().service_types
    data = [{"key": t.key, "name": t.name, "kind": t.kind, "levels": list(t.levels),
             "principles": t.principles, "aliases": list(t.aliases), "shared_aliases": list(t.shared_aliases)}
            for t in types_]
    if format is not Format.table:
        _dump(data, format)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Service types")
    widest = max(len(t.key) for t in types_)
    table.add_column("Key (service.type) / service type", overflow="fold", min_width=widest)  # keys never cut
    table.add_column("Levels", overflow="fold")
    table.add_column("Principles", overflow="fold")
    for t in types_:
        levels = (", ".join(map(str, t.levels)) if t.levels
                  else ("overall only" if t.kind == "local-authority" else "not rated"))
        # The kind shows in the levels: "not rated", "overall only" (local authorities), or numbers.
        table.add_row(Text.assemble((t.key, "bold"), "\n", (t.name, "dim")), levels, t.principles or "—")
    _console().print(table)


def _console() -> Any:
    # The tables' console: a closed pipe raises BrokenPipeError for guard (Rich would exit 1).
    from ..render.table.common import TableConsole

    return TableConsole()


def _dump(data: Sequence[Mapping[str, object]], format: Format) -> None:
    if format is Format.csv:  # lists (levels, aliases) become space-separated cells
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(data[0].keys() if data else [])
        for row in data:
            writer.writerow(" ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                            for v in row.values())
        return
    if format is Format.jsonl:
        for row in data:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
