"""Problems found in input, each located to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from .safe_text import cut, safe

# A message is one line of a sane length, whatever a file holds: values in messages are
# already cut short (safe_text.excerpt); this bounds anything else.
MAX_MESSAGE = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    column: int | None = None
    # Where in a mapping given to the Python API (no lines there): the keys from the top.
    path: tuple[str | int, ...] | None = None

    def __str__(self) -> str:
        # Escaped (safe_text.safe): a file name or message from a file never writes a
        # terminal escape, nor a newline that would forge another FILE:LINE:COL: line.
        file, message = safe(self.file), safe(cut(self.message, MAX_MESSAGE))
        if self.line is None:
            if self.path:
                return f"{file}: {safe(cut('.'.join(str(p) for p in self.path), MAX_MESSAGE))}: {message}"
            return f"{file}: {message}"
        return f"{file}:{self.line}:{self.column}: {message}"

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


def problem_order(problem: Problem) -> tuple[int, int, str]:
    """Problems by position, then message: the same order in every run (a set's order is not)."""
    return (problem.line or 0, problem.column or 0, problem.message)
