"""`cqc-rate convert`: an assessment's mapping as CSV rows, and CSV rows back as YAML.

The CSV form (docs/csv-input.md) carries an assessment: of a service CQC rates,
of a local authority (its statements by theme) or of a service CQC does not rate
(judgements); every section of its YAML file, each value as written (statement
names, slugs or API ids; key questions' and themes' spellings), so reading the
CSV back gives the same mapping (a round trip changes nothing). Comments are not
data and are not carried; location files are not assessments and stay YAML.

rows, to_csv and to_yaml are pure (parsed data in, text out); readable reads
and checks the files, as `score` reads them (inputs.reader.read_documents).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from .inputs.reader import Document, read_documents
from .inputs.spreadsheet import COLUMNS, FORMULA_START, SERVICE_COLUMNS
from .problems import InputError, Problem, problem_order
from .safe_text import quoted, unsafe_in

# The sections of a service's file, and the `source` each is written with in CSV ("" the default).
SCORE_SECTIONS = {"scores": "", "existing_scores": "existing"}
RATING_SECTIONS = {"existing_ratings": "", "ratings": "given"}
# The columns written whatever is used, by kind: where a row's value goes is always shown.
ALWAYS = {"service": ("service", "type", "key_question", "statement", "score"),
          "local-authority": ("service", "type", "theme", "statement", "score"),
          "not-rated": ("service", "type", "key_question", "statement", "judgement")}


class NotCarried(ValueError):
    """A mapping the CSV form cannot carry exactly: `problems`, each (message, loc), the
    message saying what and why, `loc` the keys from the top of the mapping to the value."""

    def __init__(self, problems: list[tuple[str, tuple[Any, ...]]]) -> None:
        super().__init__("; ".join(message for message, _ in problems))
        self.problems = problems


def _cell(value: Any, loc: tuple[Any, ...], found: list[tuple[str, tuple[Any, ...]]]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if unsafe_in(text):
        found.append((f"{quoted(text)} holds a control, bidirectional or invisible character, which convert "
                      "does not write: remove it", loc))
    if text.lstrip("'").startswith(FORMULA_START):
        text = "'" + text  # inert in a spreadsheet; read back without the '
    return text


def _check_text(value: Any, what: str, loc: tuple[Any, ...], found: list[tuple[str, tuple[Any, ...]]]) -> None:
    if not isinstance(value, str) and not (isinstance(value, int) and not isinstance(value, bool)):
        found.append((f"{what} is not text or a whole number: the CSV form cannot carry it", loc))
    elif isinstance(value, str) and value != value.strip():
        found.append((f"{what} {quoted(value)} starts or ends with spaces, which a CSV cell does not keep", loc))
    elif isinstance(value, str) and not value:
        found.append((f"{what} is empty: the CSV form cannot carry an empty name", loc))


def rows(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """A valid assessment mapping (as its YAML file reads; any kind) -> its CSV rows, by column;
    NotCarried for a value a CSV cell would not give back as it is."""
    found: list[tuple[str, tuple[Any, ...]]] = []
    service = data["service"]
    name = service["name"]
    _check_text(name, "the service's name", ("service", "name"), found)
    first: dict[str, str] = {"service": _cell(name, ("service", "name"), found)}
    for column, (section, key) in SERVICE_COLUMNS.items():
        value = (data.get(section) or {}).get(key)
        if value is not None:
            first[column] = _cell(value, (section, key), found)
    kind = _kind(data)
    if kind == "local-authority":
        out = _la_rows(data, found)
    else:
        out = _statement_rows(data, found, "judgement" if kind == "not-rated" else "score")
    if found:
        raise NotCarried(found)
    if not out:
        out.append({})
    out[0] = {**first, **out[0]}
    for row in out[1:]:
        row["service"] = first["service"]
    return out


def _kind(data: Mapping[str, Any]) -> str:
    from .engine import kind_of

    return kind_of(data)


def _statement_rows(data: Mapping[str, Any], found: list[tuple[str, tuple[Any, ...]]],
                    value_column: str) -> list[dict[str, str]]:
    """A rated service's rows (a score per statement or evidence category; a rating per key
    question), or a service CQC does not rate (a judgement in place of each score)."""
    out: list[dict[str, str]] = []
    for section, values in data.items():
        if section in ("service", "assessment", "history") or values is None:
            continue
        for kq, entry in values.items():
            if entry is None:
                continue
            at: tuple[Any, ...] = (section, kq)
            _check_text(kq, "a key question's name", (*at, "[key]"), found)
            if section in RATING_SECTIONS:
                out.append({"key_question": _cell(kq, (section, kq, "[key]"), found), "rating": _cell(entry, at, found),
                            "source": RATING_SECTIONS[section]})
                continue
            for statement, value in entry.items():
                at = (section, kq, statement)
                _check_text(statement, "a statement's name", (*at, "[key]"), found)
                row = {"key_question": _cell(kq, (section, kq, "[key]"), found),
                       "statement": _cell(statement, (*at, "[key]"), found), "source": SCORE_SECTIONS.get(section, "")}
                if not isinstance(value, dict):
                    out.append({**row, value_column: _cell(value, at, found)})
                    continue
                for category, each in value.items():
                    _check_text(category, "an evidence category's name", (*at, category, "[key]"), found)
                    out.append({**row, "evidence_category": _cell(category, (*at, category, "[key]"), found),
                                value_column: _cell(each, (*at, category), found)})
    return out


def _la_rows(data: Mapping[str, Any], found: list[tuple[str, tuple[Any, ...]]]) -> list[dict[str, str]]:
    """A local authority's rows: a score per statement, with its theme where `scores:` groups
    it under one (a flat statement's theme cell is empty)."""
    out: list[dict[str, str]] = []
    for key, entry in (data.get("scores") or {}).items():
        if isinstance(entry, dict):
            _check_text(key, "a theme's name", ("scores", key, "[key]"), found)
            theme = _cell(key, ("scores", key, "[key]"), found)
            for statement, score in entry.items():
                at = ("scores", key, statement)
                _check_text(statement, "a statement's name", (*at, "[key]"), found)
                out.append({"theme": theme, "statement": _cell(statement, (*at, "[key]"), found),
                            "score": _cell(score, at, found)})
        else:
            _check_text(key, "a statement's name", ("scores", key, "[key]"), found)
            out.append({"statement": _cell(key, ("scores", key, "[key]"), found),
                        "score": _cell(entry, ("scores", key), found)})
    return out


def to_csv(services: Iterable[Mapping[str, Any]]) -> str:
    """Assessment mappings -> one CSV text: the columns any of them uses (those of
    ALWAYS for its kind at least), in the order of COLUMNS."""
    table: list[dict[str, str]] = []
    used: set[str] = set()
    for data in services:
        table.extend(rows(data))
        used.update(ALWAYS[_kind(data)])
    used |= {c for row in table for c, v in row.items() if v}
    header = [c for c in COLUMNS if c in used]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in table:
        writer.writerow([row.get(c, "") for c in header])
    return buffer.getvalue()


def to_yaml(data: Mapping[str, Any]) -> str:
    """An assessment mapping -> YAML text that reads back as the same mapping."""
    text: str = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return text


def file_stem(name: str) -> str:
    """A file name for a service's YAML file: its name in lower case, words joined by `-`."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return stem[:80] or "service"


def readable(paths: Iterable[str]) -> list[Document]:
    """Every assessment in the files (one per YAML file, one per service of a CSV file),
    each checked as `score` checks it and as the CSV form can carry it; InputError with
    every problem of every file, all at once, when any is not."""
    from .engine import check_document, file_kind

    docs: list[Document] = []
    problems: list[Problem] = []
    named: dict[str, Document] = {}
    for path in paths:
        try:
            found = read_documents(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for doc in found:
            kind = file_kind(doc.data)
            if kind == "location":
                problems.append(doc.problem(("location",), "a location file: convert takes an assessment (the CSV "
                                            "form holds statement scores or judgements, row by row; a location names "
                                            "its services' files, ratings, levels and overrides with their "
                                            "rationales); keep it as YAML", at_key=True))
                continue
            try:
                check_document(doc)
                rows(doc.data)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            except NotCarried as exc:
                problems.extend(doc.problem(loc, message) for message, loc in exc.problems)
                continue
            name = doc.data["service"]["name"]
            if name in named and named[name].name != doc.name:
                problems.append(doc.problem(("service", "name"), f"service {quoted(name)} is also in "
                                            f"{named[name].name}: CSV rows are told apart by the service's name, "
                                            "so give each service its own"))
                continue
            named[name] = doc
            docs.append(doc)
    if problems:  # in argument order, each file's by position
        order = {name: i for i, name in enumerate(dict.fromkeys(p.file for p in problems))}
        raise InputError(sorted(set(problems), key=lambda p: (order[p.file], *problem_order(p))))
    return docs


__all__ = ["NotCarried", "file_stem", "readable", "rows", "to_csv", "to_yaml"]
