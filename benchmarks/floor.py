"""The floor of a one-file run: the least a command line on these dependencies can cost.

A Typer app with `cqc-rate score`'s twelve parameters (the same types: Typer builds
one Pydantic TypeAdapter for each it parses), that reads the YAML file with PyYAML's
C loader, validates it with one Pydantic model and prints it as JSON, with the start-up
measures cqc-rate takes (the cyclic collector off while modules load, what is left
frozen before exit). It scores nothing: cqc-rate's one-file ratio can come down to
this one, not below it. run.py measures it against the same bare import.

    python benchmarks/floor.py score samples/care-home.yaml --format json
"""

from __future__ import annotations

import gc

gc.disable()

import json  # noqa: E402
import sys  # noqa: E402
from enum import Enum  # noqa: E402
from typing import Annotated, Any  # noqa: E402

import typer  # noqa: E402
import yaml  # noqa: E402
from pydantic import BaseModel, ConfigDict  # noqa: E402


class Format(str, Enum):
    table = "table"
    json = "json"


class Service(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    name: str
    type: str


class Assessment(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    service: Service
    scores: dict[str, dict[str, Any]] = {}


def _rating(value: str | None) -> str | None:
    return value


app = typer.Typer(add_completion=False)


@app.command()
def score(
    files: Annotated[list[str], typer.Argument()],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    fail_under: Annotated[str | None, typer.Option("--fail-under", callback=_rating)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
    methodology: Annotated[str | None, typer.Option("--methodology")] = None,
    set_values: Annotated[list[str] | None, typer.Option("--set")] = None,
    brief: Annotated[bool, typer.Option("--brief")] = False,
    width: Annotated[int | None, typer.Option()] = None,
    allow_outside: Annotated[bool, typer.Option("--allow-outside")] = False,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks")] = False,
    quiet: Annotated[bool, typer.Option("--quiet")] = False,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    for path in files:
        with open(path, "rb") as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        model = Assessment.model_validate(data)
        sys.stdout.write(json.dumps(model.model_dump(), indent=2, default=str) + "\n")


@app.command()
def validate() -> None:  # a second command, so the app is a group as cqc-rate is
    pass


def main() -> None:
    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
