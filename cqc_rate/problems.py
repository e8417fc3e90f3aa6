"""Problems found in input, each located to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    column: int | None = None
    # Where in a mapping given to the Python API (no lines there): the keys from the top.
    path: tuple[str | int, ...] | None = None

    def __str__(self) -> str:
        if self.line is None:
            if self.path:
                return f"{self.file}: {'.'.join(str(p) for p in self.path)}: {self.message}"
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file, "line": self.line, "column": self.column, "message": self.message}
        if self.path is not None:
            out["path"] = list(self.path)
        return out


class InputError(Exception):
    """One input file (or more) could not be used; every problem found is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
