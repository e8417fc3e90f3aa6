"""JSON renderers: one object, an array streamed item by item, or one object per line."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..safe_text import ascii_json, json_text

# One encoder each, made once: json.dumps would build a new one per call with indent.
_PRETTY = json.JSONEncoder(indent=2, ensure_ascii=False, check_circular=False)
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def dumps(result: Any, indent: int | None = 2) -> str:
    return json_text(json.dumps(result.to_dict(), indent=indent, ensure_ascii=False))


class JsonRenderer:
    """One object for one file argument, otherwise an array in argument order."""

    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out
        self.many = False
        self.count = 0

    def start(self, many: bool) -> None:
        self.many = many
        if many:
            self.out.write("[")

    @staticmethod
    def encode(result: Any) -> str:
        return json_text(_PRETTY.encode(result.to_dict()))

    def item(self, result: Any) -> None:
        self.write_encoded(self.encode(result))

    def write_encoded(self, text: str) -> None:
        if self.many:
            text = ("\n" if self.count == 0 else ",\n") + "  " + text.replace("\n", "\n  ")
        self.out.write(ascii_json(text, getattr(self.out, "encoding", None)))
        self.count += 1

    def finish(self) -> None:
        if self.many:
            self.out.write("\n]\n" if self.count else "]\n")
        elif self.count:
            self.out.write("\n")


class JsonLinesRenderer:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out

    def start(self, many: bool) -> None:
        pass

    @staticmethod
    def encode(result: Any) -> str:
        return json_text(_LINE.encode(result.to_dict())) + "\n"

    def item(self, result: Any) -> None:
        self.write_encoded(self.encode(result))

    def write_encoded(self, text: str) -> None:
        self.out.write(ascii_json(text, getattr(self.out, "encoding", None)))

    def finish(self) -> None:
        pass
