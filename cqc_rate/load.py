"""The edge where files come in: bytes -> YAML nodes -> Python data -> Pydantic models.

Every problem is reported with its file, line and column, all at once:
Pydantic's error locations are walked back through the YAML node tree, which
is kept alongside the data for exactly that. Reading is hardened for files
written by hand and files from anywhere: size limit before parsing, strict
UTF-8 (a BOM is fine), duplicate keys refused, alias expansion bounded.
"""

from __future__ import annotations

import difflib
import os
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .problems import InputError, Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, remembering how each plain scalar resolved: the parser asks for
    every scalar, and a batch of files repeats the same few hundred ("3", slugs, dates)."""

    _tags: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._tags) >= 4096:  # names and dates seldom repeat: start again
                self._tags.clear()
            self._tags[key] = tag
        return tag

MAX_BYTES = 5 * 1024 * 1024  # no real assessment file reaches 100 KB
MAX_NODES = 20_000  # a location with dozens of services stays far below this
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


@dataclass
class Document:
    """A parsed YAML file: its data, and the node tree to locate problems in."""

    name: str
    data: Any
    root: yaml.Node | None
    base: Path | None  # the folder that relative paths in the file start from

    def problem(self, loc: tuple[Any, ...], message: str, *, at_key: bool = False) -> Problem:
        mark = _locate(self.root, loc, at_key) if self.root is not None else None
        if mark is None:
            return Problem(self.name, message)
        return Problem(self.name, message, mark.line + 1, mark.column + 1)


# ------------------------------------------------------------------ reading


def read_text(path: str) -> tuple[str, str]:
    """(display name, text) of a file, or `-` for standard input."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        name = path
        folder = InputError([Problem(name, "is a folder, not a file")])
        try:
            with open(path, "rb") as f:  # one open and one fstat: a batch reads 50,000 of these
                size = os.fstat(f.fileno()).st_size
                if size > MAX_BYTES:
                    raise InputError([Problem(name, f"file is {size:,} bytes; files over {MAX_BYTES:,} bytes are refused")])
                data = f.read(MAX_BYTES + 1)
        except IsADirectoryError:
            raise folder from None
        except FileNotFoundError:
            raise InputError([Problem(name, "no such file")]) from None
        except PermissionError:
            if os.path.isdir(path):  # Windows refuses to open a folder this way
                raise folder from None
            raise InputError([Problem(name, "cannot be read: permission denied")]) from None
        except OSError as exc:
            raise InputError([Problem(name, f"cannot be read: {exc.strerror or exc}")]) from None
    if len(data) > MAX_BYTES:
        raise InputError([Problem(name, f"input is over {MAX_BYTES:,} bytes; refused")])
    if b"\x00" in data:
        raise InputError([Problem(name, "binary data (a NUL byte): expected a YAML text file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8", line, column)]) from None
    return name, text


def parse(name: str, text: str, base: Path | None = None) -> Document:
    """YAML text -> Document, refusing what PyYAML would accept silently."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputError([Problem(name, "empty file: expected a YAML mapping")])
        data = _Builder(name, loader).build(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc.context or "") or "expected a single document" in str(what):
            what = "more than one YAML document (---): expected exactly one"
        else:
            what = f"YAML syntax error: {what}"
            if exc.context and exc.problem:
                what += f" ({exc.context})"
        if mark is None:
            raise InputError([Problem(name, what)]) from None
        raise InputError([Problem(name, what, mark.line + 1, mark.column + 1)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError([Problem(name, f"expected a YAML mapping at the top, got {_kind(data)}", 1, 1)])
    return Document(name, data, root, base)


def read_document(path: str) -> Document:
    name, text = read_text(path)
    base = Path(path).parent if path != "-" else Path.cwd()
    return parse(name, text, base)


class _Builder:
    """Node tree -> Python data, with duplicate keys and alias bombs refused."""

    def __init__(self, name: str, loader: Any) -> None:
        self.name = name
        self.loader = loader
        self.budget = MAX_NODES

    def build(self, node: yaml.Node) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise InputError([Problem(
                self.name,
                f"the document expands to more than {MAX_NODES:,} values (an alias/anchor bomb?): refused",
                node.start_mark.line + 1, node.start_mark.column + 1,
            )])
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # most scalars: the text is the value, no constructor needed
                return node.value
            value = node.value
            if node.tag == _INT and value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):
                return int(value)  # a plain decimal (YAML 1.1 reads a leading 0 as octal: left to PyYAML)
            return self.loader.construct_object(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
                self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node)
                try:
                    hash(key)
                except TypeError:
                    raise InputError([self._at(key_node, "a key must be a single word or number, not a list or mapping")]) from None
                if key in out:
                    first = next(k for k, _ in node.value if k is not key_node and self.loader.construct_object(k) == key)
                    raise InputError([self._at(
                        key_node,
                        f"duplicate key {key!r} (first given at line {first.start_mark.line + 1}): give each key once",
                    )])
                out[key] = self.build(value_node)
            return out
        raise InputError([self._at(node, "unsupported YAML node")])  # pragma: no cover

    def _at(self, node: yaml.Node, message: str) -> Problem:
        return Problem(self.name, message, node.start_mark.line + 1, node.start_mark.column + 1)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


# --------------------------------------------------------------- validating


def validate(doc: Document, model: type[BaseModel], data: Any = None, loc: tuple[Any, ...] = ()) -> Any:
    """doc.data (or `data`, found at `loc`) -> model, or InputError with every problem located."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        raise InputError(problems_from(doc, model, exc, loc)) from None


def problems_from(doc: Document, model: type[BaseModel], exc: ValidationError, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    from .inputs import UNION_TAGS

    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part not in UNION_TAGS)
        kind = error["type"]
        at_key = kind == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
        message = _message(model, loc, error)
        problems.append(doc.problem(prefix + loc, message, at_key=at_key))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))


def _message(model: type[BaseModel], loc: tuple[Any, ...], error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    where = _where(loc)
    if kind == "extra_forbidden":
        allowed = _keys_at(model, loc[:-1])
        key = loc[-1]
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        listing = f"(expected {', '.join(allowed)})" if allowed else ""
        return f"unknown key {key!r}{_where(loc[:-1])}: {hint}{listing}".rstrip(": ")
    if kind == "missing":
        return f"missing required key {loc[-1]!r}{_where(loc[:-1])}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping{where}, got {_kind(value)}"
    if kind in ("string_type",):
        return f"expected text{where}, got {_kind(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false{where}, got {_kind(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date like 2025-03-14{where}, got {_kind(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list{where}, got {_kind(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number{where}, got {_kind(value)}"
    message = error["msg"]
    if kind == "value_error" and message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p != "[key]"]
    return f" in {'.'.join(parts)}" if parts else ""


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a model accepts at `loc`, for suggestions."""
    current: Any = model
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items() if not _is_forbidden(f)]
    return []


def _is_forbidden(field: Any) -> bool:
    return any(getattr(m, "json_schema", {}).get("not") == {} for m in field.metadata)


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(_unwrap(a), type) and issubclass(_unwrap(a), BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp


# ------------------------------------------------------------------ locating


def _canon(value: Any) -> str:
    from .catalogue import catalogue
    from .terms import key_question_of

    kq = key_question_of(value)
    if kq:
        return "kq:" + kq
    statement = catalogue().statement(value)
    if statement is not None:
        return "qs:" + statement.slug
    category = catalogue().category(value)
    if category is not None:
        return "ec:" + category.slug
    return "v:" + str(value)


def _locate(root: yaml.Node, loc: tuple[Any, ...], at_key: bool) -> yaml.Mark | None:
    node = root
    key_mark = None
    for part in loc:
        if part == "[key]":
            return key_mark or node.start_mark
        if isinstance(node, yaml.MappingNode):
            found = None
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    found = (k, v)
                    break
            if found is None:
                want = _canon(part)
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and _canon(k.value) == want:
                        found = (k, v)
                        break
            if found is None:
                return node.start_mark
            key_mark, node = found[0].start_mark, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_mark, node = node.value[part].start_mark, node.value[part]
        else:
            break
    if at_key and key_mark is not None:
        return key_mark
    return node.start_mark
