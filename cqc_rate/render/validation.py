"""`cqc-rate validate`'s text output: one line per valid file.

Problems go to stderr (through the CLI, as for `score`); the JSON formats
print a file check's ``to_dict()`` like any other result.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..safe_text import safe


class OkLines:
    """Text output: one line per valid file, "FILE: ok (kind)"."""

    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out

    def start(self, many: bool) -> None:
        pass

    def item(self, result: Any) -> None:  # a commands.validate.FileCheck
        self.out.write(f"{safe(result.file)}: ok ({', '.join(result.kinds) or result.kind})\n")

    def finish(self) -> None:
        pass
