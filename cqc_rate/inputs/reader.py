"""The edge where files come in: bytes -> YAML nodes -> Python data -> Pydantic models.

Every problem is reported with its file, line and column, all at once:
Pydantic's error locations are walked back through the YAML node tree, which
is kept alongside the data for exactly that. Reading is hardened for files
written by hand and files from anywhere: size limit before parsing, strict
UTF-8 (a BOM is fine), duplicate keys refused, alias expansion bounded.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import stat
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..problems import InputError, Problem, problem_order
from ..safe_text import EXCERPT, quoted, safe

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# How each plain scalar resolved, by (text, implicit flags): the composer asks for every
# scalar, and a batch of files repeats the same few hundred ("3", slugs, dates). Looked up
# through a bound `get`, before anything else: ~500 instructions less a scalar.
_SCALAR_TAGS: dict[tuple[str, Any], str] = {}
_known_tag = _SCALAR_TAGS.get


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, remembering how each plain scalar resolved (_SCALAR_TAGS)."""

    # Its own (empty) table: a path resolver another library adds to PyYAML's loaders
    # (yaml.add_path_resolver) does not reach this one. So libyaml's composer's two calls
    # around every node, for path resolvers, have nothing to do: builtins that take the
    # same arguments and do nothing save two Python calls a node.
    yaml_path_resolvers: dict[Any, Any] = {}
    descend_resolver = slice  # (parent, index) -> a throwaway slice
    ascend_resolver = tuple  # () -> the empty tuple

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # A mapping's or a sequence's value is None here, never a key of _SCALAR_TAGS.
        tag = _known_tag((value, implicit))
        if tag is None:
            if kind is not yaml.ScalarNode:
                # No path resolvers (above): a mapping's or a sequence's tag is its kind's.
                return _COLLECTION_TAGS.get(kind) or super().resolve(kind, value, implicit)
            tag = super().resolve(kind, value, implicit)
            if len(_SCALAR_TAGS) >= 4096:  # names and dates seldom repeat: start again
                _SCALAR_TAGS.clear()  # in place: _known_tag is this dict's
            _SCALAR_TAGS[(value, implicit)] = tag
        return tag


_COLLECTION_TAGS = {yaml.MappingNode: _Loader.DEFAULT_MAPPING_TAG, yaml.SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG}

MAX_BYTES = 5 * 1024 * 1024  # no real assessment file reaches 100 KB
TOP_EXCERPT = 24  # characters shown of a file that is text, not a mapping
MAX_NODES = 20_000  # a location with dozens of services stays far below this
# Below this many characters a file can neither nest deeply enough to crash libyaml's
# composer (it survives 20,000 levels; each level takes at least one character) nor
# hold MAX_NODES nodes (each takes at least ~2/3 of a character), so the prescan, a
# second parse, is skipped; the builder still enforces MAX_DEPTH and MAX_NODES.
PRESCAN_FROM = 10_000
MAX_DEPTH = 50  # real files nest 5 deep; libyaml's composer recurses in C and crashes on ~100,000
MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
# What YAML 1.1 allows in a stream (c-printable); anything else is refused with its position.
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
# What YAML 1.1 reads as an integer (PyYAML's resolver): decimal, and also binary,
# octal, hex, sexagesimal, signed and with underscores.
_YAML11_INT = re.compile(
    r"[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)")


@dataclass
class Document:
    """A parsed YAML file: its data, and the node tree to locate problems in."""

    name: str
    data: Any
    root: yaml.Node | None
    base: Path | None  # the folder that relative paths in the file start from
    # The mappings' key indexes (reader._Keys), built as problems are located.
    index: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)
    # The --set values applied to `data` (cqc_rate.inputs.what_if.Setting): problems with them
    # are reported against the argument, not a line of the file.
    settings: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    # A file that is not YAML (a CSV file's service, inputs.spreadsheet): (loc, at_key) -> (line, column).
    place: Callable[[tuple[Any, ...], bool], tuple[int, int]] | None = field(default=None, repr=False, compare=False)
    # Problems found while the file was turned into data (a CSV row), reported with the models'.
    early: list[Problem] = field(default_factory=list, repr=False, compare=False)
    early_only: bool = field(default=False, repr=False, compare=False)  # the early problems say all there is

    def problem(self, loc: tuple[Any, ...], message: str, *, at_key: bool = False) -> Problem:
        if self.settings:  # a value set by --set (inputs.what_if): named by its argument
            from .what_if import setting_at

            setting = setting_at(loc, self.settings)
            if setting is not None:
                return Problem(self.name, f"--set {setting.text}: {message}")
        if self.place is not None:
            return Problem(self.name, message, *self.place(loc, at_key))
        if self.root is None:  # a mapping given to the Python API: located by its keys
            return Problem(self.name, message, path=tuple(str(p) if not isinstance(p, int) else p
                                                          for p in loc if p != "[key]") or None)
        mark = _locate(self.root, loc, at_key, self.index)
        if mark is None:
            return Problem(self.name, message)
        return Problem(self.name, message, mark.line + 1, mark.column + 1)


# ------------------------------------------------------------------ reading


# Paths the folder scan (cli.batch.expand) found but must not read, with the reason:
# a symbolic link leading out of the scanned folder, a subfolder that cannot be read.
# Filled before any worker process starts (they are forked), read by read_text.
REFUSED: dict[str, str] = {}


@dataclass
class Policy:
    """What the user allowed beyond the files named: set once by the CLI's options."""

    allow_outside: bool = False  # --allow-outside: assessment: paths outside the location file's folder
    follow_links: bool = False  # --follow-symlinks: links leading out of a scanned folder


POLICY = Policy()


def display_name(path: str) -> str:
    """A file name as messages show it: escaped (no control characters, no forged lines)."""
    return safe(path)


def read_text(path: str, what: str = "YAML") -> tuple[str, str]:
    """(display name, text) of a file, or `-` for standard input. Only regular files
    are read (a FIFO or a device is refused at once, never waited on)."""
    if path == "-":
        data = _read_stdin()
        name = "<stdin>"
    else:
        name = display_name(path)
        refused = REFUSED.get(path)
        if refused is not None:
            raise InputError([Problem(name, refused)])
        data = _read_file(path, name)
    if len(data) > MAX_BYTES:
        raise InputError([Problem(name, f"input is over {MAX_BYTES:,} bytes; refused")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(name, "UTF-16 text: save the file as UTF-8")])
    if b"\x00" in data:
        raise InputError([Problem(name, f"binary data (a NUL byte): expected a {what} text file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(
            name, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8", line, column)]) from None
    return name, text


def read_bytes(path: str, limit: int) -> bytes:
    """The bytes of a regular file (or stdin for `-`) of at most `limit` bytes, each
    refusal an InputError as read_text's: for readers of other formats (cqc-rate check)."""
    if path == "-":
        return _read_stdin(limit)
    return _read_file(path, display_name(path), limit)


def _read_stdin(limit: int = MAX_BYTES) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with stdin closed (`<&-`)
        raise InputError([Problem("<stdin>", "standard input is closed: nothing to read")])
    try:
        data: bytes = stream.read(limit + 1)
    except (OSError, ValueError) as exc:  # open for writing only, or closed
        why = os_reason(exc) if isinstance(exc, OSError) else "not open for reading"
        raise InputError([Problem("<stdin>", f"standard input cannot be read: {why}")]) from None
    return data


_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _no_yaml_files(name: str) -> InputError:
    # A folder reaches _read_file only when it holds no YAML files (cli.expand).
    return InputError([Problem(name, "a folder with no *.yaml or *.yml files in it")])


def _read_file(path: str, name: str, limit: int = MAX_BYTES) -> bytes:
    if "\x00" in path:
        raise InputError([Problem(name, "a file name cannot contain a NUL character")])
    try:
        # One open and one fstat: a batch reads 50,000 of these. O_NONBLOCK: opening a
        # FIFO with no writer must not wait; it is refused below as not a regular file.
        fd = os.open(path, _O_READ)
    except IsADirectoryError:
        raise _no_yaml_files(name) from None
    except FileNotFoundError:
        raise InputError([Problem(name, "no such file")]) from None
    except PermissionError:
        if os.path.isdir(path):  # Windows refuses to open a folder this way
            raise _no_yaml_files(name) from None
        raise InputError([Problem(name, "cannot be read: permission denied")]) from None
    except OSError as exc:
        raise InputError([Problem(name, f"cannot be read: {os_reason(exc)}")]) from None
    except ValueError:  # pragma: no cover - NUL is caught above; any other refusal of the name
        raise InputError([Problem(name, "not a valid file name")]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _no_yaml_files(name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem(name, f"{_file_type(info.st_mode)}, not a regular file: refused")])
        size = info.st_size
        if size > limit:
            raise InputError([Problem(
                name, f"file is {size:,} bytes; files over {limit:,} bytes are refused")])
        # A regular file's size is known: asking for 5 MB would allocate 5 MB every time.
        # os.read, not a file object: a batch reads 50,000 files. One byte more than the
        # size, to see a file that grew; read again while a read returns less.
        data = os.read(fd, size + 1)
        while len(data) <= size:
            more = os.read(fd, size + 1 - len(data))
            if not more:
                break
            data += more
        return data
    except OSError as exc:
        raise InputError([Problem(name, f"cannot be read: {os_reason(exc)}")]) from None
    finally:
        os.close(fd)


def os_reason(exc: OSError) -> str:
    """The system's reason, in lower case, without Python's `[Errno n]` or the path."""
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def refuse_control_characters(name: str, text: str, form: str) -> None:
    """InputError at the first character a YAML or CSV text may not hold (a control character,
    a lone surrogate), located by line and column."""
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        message = f"control character U+{ord(bad.group()):04X} is not allowed in {form} text: remove it"
        raise InputError([Problem(name, message, line, column)])


def parse(name: str, text: str, base: Path | None = None) -> Document:
    """YAML text -> Document, refusing what PyYAML would accept silently."""
    refuse_control_characters(name, text, "YAML")
    loader = _Loader(text)
    try:
        if len(text) > PRESCAN_FROM:
            _prescan(name, text)
        root = loader.get_single_node()
        if root is None:
            raise InputError([Problem(name, "empty file: expected a YAML mapping")])
        builder = _Builder(name, loader, aliases="*" in text)
        data = builder.build(root)
        if builder.problems:  # every duplicate key (and the like) at once; fatal limits raise at once
            raise InputError(sorted(set(builder.problems), key=problem_order))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # Newer libyaml refuses deep nesting itself (at its own limit, in its own words):
        # the project's limit speaks first, whatever libyaml version is installed.
        _refuse_deep_nesting(name, text, mark)
        what = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc.context or "") or "expected a single document" in str(what):
            what = "more than one YAML document (---): expected exactly one"
        else:
            tab = mark is not None and "cannot start any token" in what and _char_at(text, mark) == "\t"
            if tab:
                what = "a tab, which YAML does not allow for indentation: indent with spaces"
            what = f"YAML syntax error: {what}"
            if exc.context and exc.problem and not tab:
                started = exc.context_mark
                if started is not None and mark is not None and started.line != mark.line:
                    # Where the unclosed construct began is usually where the mistake is.
                    what += f" ({exc.context} started at line {started.line + 1})"
                else:
                    what += f" ({exc.context})"
        if mark is None:
            raise InputError([Problem(name, what)]) from None
        raise InputError([Problem(name, what, mark.line + 1, mark.column + 1)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if data is None:  # `---` alone, or `~`: a document with nothing in it
        raise InputError([Problem(name, "empty file: expected a YAML mapping")])
    if not isinstance(data, dict):
        # A file that is one line of text may be anything (a key named by mistake): only
        # its start is shown, to say what it is.
        got = quoted(data, TOP_EXCERPT) if isinstance(data, str) else _kind(data)
        raise InputError([Problem(name, f"expected a YAML mapping at the top, got {got}", 1, 1)])
    return Document(name, data, root, base)


def read_document(path: str) -> Document:
    """One assessment (or location) file; a CSV file (by its `.csv` suffix) must hold
    exactly one service here (read_documents reads every service in it)."""
    if is_csv(path):
        docs = read_documents(path)
        if len(docs) > 1:
            names = ", ".join(quoted(d.data["service"]["name"], 40) for d in docs[:3])
            more = ", ..." if len(docs) > 3 else ""
            raise InputError([Problem(docs[0].name, f"holds {len(docs)} services ({names}{more}): this reads one "
                                                    "assessment; give a CSV file of one service")])
        return docs[0]
    name, text = read_text(path)
    base = Path(path).parent if path != "-" else Path.cwd()
    return parse(name, text, base)


def read_documents(path: str) -> list[Document]:
    """Every assessment in a file: one for a YAML file, one per service for a CSV file
    (inputs.spreadsheet, by the `.csv` suffix)."""
    if not is_csv(path):
        return [read_document(path)]
    from . import spreadsheet

    name, text = read_text(path, "CSV")
    base = Path(path).parent if path != "-" else Path.cwd()
    sheet = spreadsheet.read(name, text)
    docs = [Document(name, s.data, None, base, place=s.places.locate, early=s.problems, early_only=s.stop)
            for s in sheet.services]
    if sheet.problems:  # the file as a whole is unsure: every problem in it, all at once, and no service
        from ..engine import check_document

        problems = set(sheet.problems)
        for doc in docs:
            try:
                check_document(doc)
            except InputError as exc:
                problems.update(exc.problems)
        raise InputError(sorted(problems, key=problem_order))
    return docs


def is_csv(path: str) -> bool:
    """A CSV file is known by its name: `.csv`, in any case."""
    return path.lower().endswith(".csv")


def _refuse_deep_nesting(name: str, text: str, mark: yaml.Mark | None) -> None:
    """Raise the project's nesting problem if the text up to a syntax error nests deeper
    than MAX_DEPTH. Read with PyYAML's pure-Python parser, which has no nesting limit of
    its own and does not recurse, so the answer does not depend on libyaml's version."""
    end = len(text) if mark is None else _offset(text, mark.line + 1)
    try:
        _prescan(name, text[:end], yaml.SafeLoader)
    except yaml.YAMLError:
        return  # the original syntax error is the one to report


def _offset(text: str, lines: int) -> int:
    """The offset just past the first `lines` lines of text."""
    at = 0
    for _ in range(lines):
        at = text.find("\n", at)
        if at < 0:
            return len(text)
        at += 1
    return at


def _prescan(name: str, text: str, loader: Any = _Loader) -> None:
    """Refuse deep nesting and huge node counts from the event stream (which libyaml
    parses without recursion) before the composer, which recurses, ever sees them."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                raise InputError([_problem_at(name, f"nested more than {MAX_DEPTH} levels deep: refused",
                                              event.start_mark)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            nodes += 1
        if nodes > MAX_NODES:
            raise InputError([_problem_at(name, f"the file has more than {MAX_NODES:,} values: refused",
                                          event.start_mark)])


class _Mark(typing.Protocol):
    """A position in the text: PyYAML's Mark, or libyaml's (yaml._yaml.Mark)."""

    line: int
    column: int


def _problem_at(name: str, message: str, mark: _Mark | None) -> Problem:
    """A problem at a mark (1-based line and column); the parser marks every event and node."""
    if mark is None:  # pragma: no cover - never None from PyYAML's parser or libyaml's
        return Problem(name, message)
    return Problem(name, message, mark.line + 1, mark.column + 1)


_BOMB = f"the document expands to more than {MAX_NODES:,} values (an alias/anchor bomb?): refused"


class _Builder:
    """Node tree -> Python data, with duplicate keys, recursive anchors and alias bombs refused.

    Aliases are expanded here, so every expanded value counts against the budget:
    a "billion laughs" file stops after MAX_NODES values, long before memory or time matter.
    Merge keys (`<<: *base`) follow YAML 1.1: keys given in the mapping win over merged
    ones, and earlier merged mappings win over later ones.
    """

    def __init__(self, name: str, loader: Any, *, aliases: bool = True) -> None:
        self.name = name
        self.loader = loader
        # With no `*` in the text there is no alias, so no node is reached twice and none
        # can be its own ancestor: the collections being built need not be tracked.
        self.aliases = aliases
        self.budget = MAX_NODES
        self.open: set[int] = set()  # the collections being built, to catch an alias to its own ancestor
        self.problems: list[Problem] = []  # problems that do not stop the rest of the file being read

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise InputError([self._at(node, _BOMB)])
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth >= MAX_DEPTH:  # the top mapping is level 1, as in _prescan; aliases are expanded here
            raise InputError([self._at(node, f"nested more than {MAX_DEPTH} levels deep: refused")])
        if node.tag not in PLAIN_TAGS:
            self.problems.append(self._at(
                node, f"unsupported YAML tag {quoted(node.tag)}: use plain mappings and lists"))
            return None
        if not self.aliases:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, depth + 1) for item in node.value]
            assert isinstance(node, yaml.MappingNode)  # the third kind of node, after scalars and sequences
            return self._mapping(node, depth)
        if id(node) in self.open:
            self.problems.append(self._at(
                node, "an alias refers to a mapping or list it is inside (a recursive anchor): refused"))
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, depth + 1) for item in node.value]
            assert isinstance(node, yaml.MappingNode)  # the third kind of node, after scalars and sequences
            return self._mapping(node, depth)
        finally:
            self.open.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:  # most scalars: the text is the value, no constructor needed
            return node.value
        value = node.value
        if node.tag == _BOOL:
            # YAML 1.2 spells booleans `true` and `false`; the other YAML 1.1 words
            # (`yes`, `no`, `on`, `off`, `True`, `y` ...) stay text, so `name: No` is a name
            # and a flag given as `yes` is refused where it stands.
            if value in ("true", "false"):
                return value == "true"
            return value
        if node.tag == _INT and len(value) == 1 and "0" <= value <= "9":  # a score: most numbers
            return int(value)
        if node.tag == _INT and _YAML11_INT.fullmatch(value):
            digits = value[1:] if value[:1] == "-" else value
            if digits.isdigit() and (digits[0] != "0" or len(digits) == 1) and len(digits) <= 18:
                return int(value)  # a plain decimal (negative too: refused as what it is, -1)
            # YAML 1.1 also reads 0x20, 0o17, 017, 0b11, +3, 3_0 and 1:30 as numbers; a person
            # writing them meant no score or statement id, so they stay the text written
            # (and are refused where a number is expected, as written). So do numbers too
            # long to be anything here (Python would refuse to print one past 4,300 digits).
            return value
        if node.tag not in self.loader.yaml_constructors:
            self.problems.append(self._at(node, f"unsupported YAML tag {quoted(node.tag)}: write the plain value"))
            return None
        try:
            return self.loader.construct_object(node)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            # PyYAML's constructors raise these on an explicit tag that does not fit (`!!int abc`, `!!int` alone).
            tag = node.tag.rsplit(":", 1)[-1]
            if tag == "timestamp" and not node.style and node.value[:1].isdigit():  # plain, not !!timestamp
                # Looks like a date, so YAML read it as one, but it is not a real date.
                self.problems.append(self._at(
                    node, f"{quoted(node.value)} is not a valid date: expected YYYY-MM-DD, e.g. 2025-03-14"))
            else:
                self.problems.append(self._at(
                    node, f"{quoted(node.value)} is not a valid {tag} (tagged !!{tag}): write the plain value"))
            return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        merged: dict[Any, Any] = {}
        text = yaml.ScalarNode
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag == _STR and type(key_node) is text:
                # Most keys are text: what build would give, without its calls (a batch
                # builds ~100 nodes a file); the budget is spent all the same.
                self.budget -= 1
                if self.budget < 0:
                    raise InputError([self._at(key_node, _BOMB)])
                key: Any = key_node.value
            elif key_tag == MERGE_TAG:
                key = "<<"
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        self.problems.append(self._at(source, "a merge key (<<) takes a mapping or a list of mappings"))
                        continue
                    built = self.build(source, depth + 1)
                    for k, v in (built.items() if isinstance(built, dict) else ()):
                        merged.setdefault(k, v)
            else:
                key = self.build(key_node, depth + 1)
                try:
                    hash(key)
                except TypeError:
                    self.problems.append(self._at(
                        key_node, "a key must be a single word or number, not a list or mapping"))
                    continue
            if key in first:
                self.problems.append(self._at(
                    key_node,
                    f"duplicate key {_kind(key)} (first given at line {first[key].start_mark.line + 1}): "
                    "give each key once",
                ))
                continue
            first[key] = key_node
            if key_tag == MERGE_TAG:
                continue
            if value_node.tag == _STR and type(value_node) is text:  # text, as for keys
                self.budget -= 1
                if self.budget < 0:
                    raise InputError([self._at(value_node, _BOMB)])
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, depth + 1)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out

    def _at(self, node: yaml.Node, message: str) -> Problem:
        return Problem(self.name, message, node.start_mark.line + 1, node.start_mark.column + 1)


def _char_at(text: str, mark: yaml.Mark) -> str:
    """The character a mark points at ('' past the end); the C parser's marks carry no offset."""
    lines = text.split("\n")
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    return line[mark.column] if 0 <= mark.column < len(line) else ""


def _kind(value: Any) -> str:
    """A value as the file wrote it, never in Python's words: `true`, `3`, `'text'`, `2025-03-14`."""
    from ..fields import show_value

    return show_value(value)


# --------------------------------------------------------------- validating


def validate(doc: Document, model: type[BaseModel], data: Any = None, loc: tuple[Any, ...] = ()) -> Any:
    """doc.data (or `data`, found at `loc`) -> model, or InputError with every problem located."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        raise InputError(problems_from(doc, model, exc, loc)) from None


def problems_from(
    doc: Document, model: type[BaseModel], exc: ValidationError, prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    meant = _meant_by_typos(doc, model, errors, prefix)
    for error in errors:
        # Tagged-union tags are dropped by where they stand in the model, never by their
        # name: a tag named "score" must not swallow a key `score:` the user wrote.
        loc, level = _walk(model, tuple(error["loc"]))
        kind = error["type"]
        if kind == "invalid_key" and loc:  # pydantic stringifies the key; keep the value to find it
            loc = loc[:-1] + (error.get("input"),)
        # A key that should not be there is pointed at by its name, not its value.
        at_key = kind in ("extra_forbidden", "forbidden", "invalid_key") or (bool(loc) and loc[-1] == "[key]")
        ctx = error.get("ctx") or {}
        if kind.startswith("duplicate_") and "second" in ctx:
            # Two spellings of one thing: reported where the second one stands, as linters do.
            loc, at_key = loc + (ctx["second"],), True
        written = None
        if kind == "extra_forbidden" and loc and doc.root is not None:
            node = _key_node(doc.root, prefix + loc, doc.index)
            written = node.value if node is not None else None
        if loc in meant and (kind == "missing" or error.get("input") is None):
            continue  # a misspelling of this key is reported at the misspelling: one line, not two
        message = _message(level, loc, error, written)
        problems.append(doc.problem(prefix + loc, message, at_key=at_key))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))


def _meant_by_typos(
    doc: Document, model: type[BaseModel], errors: Any, prefix: tuple[Any, ...]
) -> set[tuple[Any, ...]]:
    """The locations of required keys that an unknown key beside them most probably meant."""
    meant = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc, level = _walk(model, tuple(error["loc"]))
        if not loc:
            continue
        node = _key_node(doc.root, prefix + loc) if doc.root is not None else None
        written = node.value if node is not None else str(loc[-1])
        close = _closest(written, _keys_of(level))
        if close is not None:
            meant.add(loc[:-1] + (close,))
    return meant


def _message(level: Any, loc: tuple[Any, ...], error: Any, written: str | None = None) -> str:
    """The message for one Pydantic error; `level` is the model type holding loc[-1]."""
    kind = error["type"]
    value = error.get("input")
    where = _where(loc)
    if kind in ("extra_forbidden", "invalid_key"):  # invalid_key: a key YAML read as a number, date or null
        if kind == "extra_forbidden":
            key = written if written is not None else str(loc[-1])
        else:
            key = "null" if value is None else _show_key(value)
        allowed = _keys_of(level)
        close = _closest(key, allowed)
        hint = f"did you mean {close!r}? " if close else ""
        unused = _closest(key, _keys_of(level, forbidden=True)) if not close else None
        if unused is not None:  # `histroy:` in a local authority's file: a key of other kinds
            return (f"unknown key {quoted(key)}{_where(loc[:-1])}: did you mean {unused!r}? "
                    f"It is not used for this kind of file (expected {', '.join(allowed)})")
        listing = f"(expected {', '.join(allowed)})" if allowed else ""
        if not hint and listing:
            return f"unknown key {quoted(key)}{_where(loc[:-1])}: expected one of {', '.join(allowed)}"
        return f"unknown key {quoted(key)}{_where(loc[:-1])}: {hint}{listing}".rstrip(": ")
    if kind == "missing":
        return f"missing required key {quoted(loc[-1])}{_where(loc[:-1])}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping{where}, got {_kind(value)}"
    if kind in ("string_type",):
        return f"expected text{where}, got {_kind(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false{where}, got {_kind(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date like 2025-03-14{where}, got {_kind(value)}"
    if kind in ("too_short", "too_long"):  # a list of fixed length: the four bands
        ctx = error.get("ctx") or {}
        want = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        got = len(value) if isinstance(value, (list, tuple)) else ctx.get("actual_length")
        return f"expected {'at least' if kind == 'too_short' else 'at most'} {want} items{where}, got {got}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list{where}, got {_kind(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number{where}, got {_kind(value)}"
    message: str = error["msg"]
    if kind == "value_error" and message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message


def _show_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    return str(value)[:EXCERPT + 1]  # cut (with "…") where it is shown


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def _closest(key: str, allowed: list[str]) -> str | None:
    """The allowed key a misspelt one most probably meant (case, `-`, `_` and spaces aside);
    never the key as written."""
    folded = {_fold(a): a for a in allowed}
    close = difflib.get_close_matches(_fold(key), list(folded), n=1, cutoff=0.6)
    if not close or folded[close[0]] == key:
        return None
    return folded[close[0]]


def meant_keys(data: Any, allowed: list[str]) -> set[str]:
    """The allowed keys missing from a mapping that its unknown keys most probably meant."""
    if not isinstance(data, dict):
        return set()
    unknown = [k for k in data if isinstance(k, str) and k not in allowed]
    return {c for k in unknown if (c := _closest(k, allowed)) is not None and c not in data}


def _where(loc: tuple[Any, ...]) -> str:
    """` in services #2.ratings`: list items counted from 1, as a person counts them."""
    where = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int) and not isinstance(part, bool):
            where += f" #{part + 1}"
        else:
            where += f".{_show_key(part)}" if where else _show_key(part)
    return f" in {where}" if where else ""


def _walk(model: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    """A Pydantic error location with its tagged-union tags taken out, and the model type
    of the level that holds its last part (None when that is not a model).

    The location is read alongside the model's own types: a tag is the part that stands
    where the model has a tagged union, whatever its text."""
    out: list[Any] = []
    current: Any = model
    level: Any = None
    parts = list(loc)
    while parts:
        current, tags = _strip(current)
        if tags is not None and parts[0] != "[key]":  # a tagged union here: the next part names the branch taken
            current = tags.get(parts.pop(0))
            continue
        part = parts.pop(0)
        out.append(part)
        if part == "[key]":  # a dict key's own error: the key's level is the one before
            current = None
            continue
        level = current if isinstance(current, type) and issubclass(current, BaseModel) else None
        if level is not None:
            field = next((f for n, f in level.model_fields.items() if part in (n, f.alias)), None)
            current = field.annotation if field is not None else None
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        else:
            current = None
    return tuple(out), level


def _strip(tp: Any) -> tuple[Any, dict[Any, Any] | None]:
    """Annotated and `| None` taken off; for a tagged union, (None, tag -> branch)."""
    from pydantic import Discriminator, Tag

    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            metadata.extend(tp.__metadata__)
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
            tags = {}
            for arg in args:
                tag = next((m.tag for m in getattr(arg, "__metadata__", ()) if isinstance(m, Tag)), None)
                if tag is not None:
                    tags[tag] = arg
            if tags and any(isinstance(m, Discriminator) for m in metadata + list(getattr(tp, "__metadata__", ()))):
                return None, tags
            return tp, None
        else:
            return tp, None


def _keys_of(level: Any, forbidden: bool = False) -> list[str]:
    """The keys a model accepts (or, with forbidden=True, those it names only to refuse),
    as the file spells them, for suggestions."""
    if isinstance(level, type) and issubclass(level, BaseModel):
        return [f.alias or n for n, f in level.model_fields.items() if _is_forbidden(f) == forbidden]
    return []


def _is_forbidden(field: Any) -> bool:
    return any(getattr(m, "json_schema", {}).get("not") == {} for m in field.metadata)


# ------------------------------------------------------------------ locating


def _canon(value: Any) -> str:
    from ..method import (
        base_catalogue as catalogue,  # names are the same in every version
    )
    from ..terms import key_question_of

    kq = key_question_of(value)
    if kq:
        return "kq:" + kq
    statement = catalogue().statement(value)
    if statement is not None:
        return "qs:" + statement.slug
    category = catalogue().category(value)
    if category is not None:
        return "ec:" + category.slug
    theme = catalogue().theme(value)
    if theme is not None:
        return "th:" + theme.slug
    return "v:" + str(value)


def _same_key(node: yaml.ScalarNode, part: Any) -> bool:
    if part is None:  # a key YAML read as null: `null`, `~` or nothing
        return node.tag == "tag:yaml.org,2002:null"
    value: str = node.value
    if isinstance(part, (datetime.date, datetime.datetime)):
        return value == str(part) or value == part.isoformat()
    return value == str(part)


def _key_value(node: yaml.ScalarNode) -> Any:
    """The value the builder made of a key node, for the kinds a key is read as: so a key
    that prints differently from its source (`1.0e1`, `2025-3-4`) is still found."""
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == _BOOL and value in ("true", "false"):
        return value == "true"
    try:
        if tag == _INT and value.isascii() and value.isdigit() and len(value) <= 18:
            return int(value)
        if tag == "tag:yaml.org,2002:float":
            return float(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:timestamp":
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    return value


Pair = tuple[yaml.Node, yaml.Node]


class _Keys:
    """One mapping's keys, indexed once: by source text, by value read and by the
    catalogue's name (`_canon`), each first given; so locating every problem of a file
    is linear in the file, not a scan of the mapping per problem."""

    def __init__(self, node: yaml.MappingNode) -> None:
        self.text: dict[str, Pair] = {}
        self.value: dict[Any, Pair] = {}
        self.null: Pair | None = None
        self._pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
        self._canon: dict[str, Pair] | None = None
        for k, v in self._pairs:
            self.text.setdefault(k.value, (k, v))
            if k.tag == "tag:yaml.org,2002:null" and self.null is None:
                self.null = (k, v)
            key = _key_value(k)
            self.value.setdefault((type(key), key), (k, v))
            if not isinstance(key, str):  # Pydantic names a key that is no text by its repr
                self.text.setdefault(repr(key), (k, v))

    def find(self, part: Any) -> Pair | None:
        if part is None:
            return self.null
        try:
            hit = self.value.get((type(part), part))
        except TypeError:
            hit = None
        if hit is not None:
            return hit
        if isinstance(part, (datetime.date, datetime.datetime)):
            hit = self.text.get(part.isoformat())
        hit = hit or self.text.get(str(part))
        if hit is not None:
            return hit
        if self._canon is None:  # the catalogue's names, only when a key is not found as written
            self._canon = {}
            for k, v in self._pairs:
                self._canon.setdefault(_canon(k.value), (k, v))
        return self._canon.get(_canon(part))


Index = dict[int, _Keys]


def _merged(node: yaml.MappingNode, part: Any, depth: int = 0) -> tuple[yaml.Node, yaml.Node] | None:
    """A key that came in through a merge key (`<<: *base`): found where the anchor gave it."""
    for k, v in node.value:
        if k.tag != MERGE_TAG or depth > MAX_DEPTH:
            continue
        for source in v.value if isinstance(v, yaml.SequenceNode) else [v]:
            if isinstance(source, yaml.MappingNode):
                hit: tuple[yaml.Node, yaml.Node] | None = next(
                    ((sk, sv) for sk, sv in source.value
                     if isinstance(sk, yaml.ScalarNode) and sk.tag != MERGE_TAG and _same_key(sk, part)), None)
                if hit is None:
                    hit = _merged(source, part, depth + 1)
                if hit is not None:
                    return hit
    return None


def _locate(root: yaml.Node, loc: tuple[Any, ...], at_key: bool, index: Index | None = None) -> yaml.Mark | None:
    key, node, whole = _find(root, loc, index)
    if not whole and key is None:
        return node.start_mark
    if at_key and key is not None:
        return key.start_mark
    return node.start_mark


def _key_node(root: yaml.Node, loc: tuple[Any, ...], index: Index | None = None) -> yaml.ScalarNode | None:
    """The key node the last part of `loc` stands for, as the file wrote it."""
    key, _, whole = _find(root, loc, index)
    return key if whole and isinstance(key, yaml.ScalarNode) else None


def _find(root: yaml.Node, loc: tuple[Any, ...], index: Index | None = None
          ) -> tuple[yaml.Node | None, yaml.Node, bool]:
    """(key node, value node, whether all of loc was found) along `loc`; a dict key's
    own error (`[key]`) ends at the key. `index`: the mappings' key indexes, kept by the
    caller from one problem to the next (see _Keys)."""
    if index is None:
        index = {}
    node = root
    key: yaml.Node | None = None
    for part in loc:
        if part == "[key]":
            return (key or node), (key or node), True
        if isinstance(node, yaml.MappingNode):
            keys = index.get(id(node))
            if keys is None:
                keys = index[id(node)] = _Keys(node)
            found = keys.find(part)
            if found is None:
                found = _merged(node, part)
            if found is None:
                return None, node, False
            key, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key, node = node.value[part], node.value[part]
        else:
            return key, node, False
    return key, node, True


# The CSV reader (inputs.spreadsheet) suggests and locates as this module does.
closest_key = _closest
canonical_key = _canon
