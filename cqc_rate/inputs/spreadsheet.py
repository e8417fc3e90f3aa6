"""CSV input: one row per statement score, many services in one file (docs/csv-input.md).

A service's rows are read by its kind (its `type`, on any of its rows): a service CQC
rates (scores and ratings by key question), a local authority (scores, by `theme` or
flat) or a service CQC does not rate (a `judgement` in place of each score); a cell in
a column its kind does not have is a problem at that cell.

Each service's rows become the mapping its YAML file would hold, which is then
validated by the same models (so it scores exactly as the YAML file does); each
value remembers the cell it came from, so a problem is reported at
``FILE:ROW:COLUMN`` (the row's line in the file, the cell's column counted from 1).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ..problems import InputError, Problem, problem_order
from ..safe_text import excerpt, quoted

# The columns, in the order `convert --to csv` writes them. Only `service` is required.
COLUMNS: tuple[str, ...] = (
    "service", "type", "key_question", "theme", "statement", "evidence_category", "score", "judgement", "rating",
    "source",
    "date", "method", "inspected_before", "provider_changed", "asc_framework_only",
)
REQUIRED = ("service",)
# Service-level columns: one value per service (given on any of its rows; where given twice, the same).
SERVICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("service", "type"),
    "date": ("assessment", "date"),
    "method": ("assessment", "method"),
    "inspected_before": ("history", "inspected_before"),
    "provider_changed": ("history", "provider_changed"),
    "asc_framework_only": ("history", "asc_framework_only"),
}
FLAGS = ("inspected_before", "provider_changed", "asc_framework_only")
# `source` of a statement row, and of a rating row: the YAML section the value goes in.
SCORE_SOURCES = {"updated": "scores", "existing": "existing_scores"}
RATING_SOURCES = {"published": "existing_ratings", "given": "ratings"}
MAX_CELL = 1000  # characters: a statement's name is under 100, a service's name seldom 200
MAX_ROWS = 100_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # as safe_text.csv_cell writes them inert
_WHOLE = re.compile(r"-?[0-9]{1,18}")
# A cell a spreadsheet would run: `=`, `+` or `@` first, or `-` not before a digit (-1 is a number).
_FORMULA = re.compile(r"[=+@]|-(?![0-9])")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Place = tuple[int, int]


@dataclass
class _Node:
    """Where one key of the mapping was written: its value's cell and its key's cell."""

    at: Place
    key: Place
    children: dict[Any, _Node] = field(default_factory=dict)


@dataclass
class Places:
    """The cells each part of a service's mapping came from, to locate problems in."""

    first: Place  # the service's first row
    root: dict[Any, _Node] = field(default_factory=dict)

    def add(self, path: tuple[Any, ...], at: Place, key: Place | None = None, *, value: bool = False) -> None:
        """Where each part of `path` was written, unless known already; with `value`, `at` is
        the last part's value cell even if its place was known (from its key's cell)."""
        level = self.root
        node = None
        for part in path:
            node = level.get(part)
            if node is None:
                node = level[part] = _Node(at, key or at)
            level = node.children
        if value and node is not None:
            node.at = at

    def locate(self, loc: tuple[Any, ...], at_key: bool) -> Place:
        from .reader import canonical_key

        level, found = self.root, None
        for part in loc:
            if part == "[key]":
                at_key = True
                break
            node = level.get(part)
            if node is None:
                node = next((n for k, n in level.items() if str(k) == str(part)), None)
            if node is None:
                node = next((n for k, n in level.items() if canonical_key(k) == canonical_key(part)), None)
            if node is None:
                at_key = False  # the key is not there (a missing key): the level that lacks it
                break
            found, level = node, node.children
        if found is None:
            return self.first
        return found.key if at_key else found.at


@dataclass
class Service:
    """One service read from a CSV file: its mapping, where each part came from, and the
    problems found in its rows (reported with those the models find)."""

    name: str
    data: dict[str, Any]
    places: Places
    problems: list[Problem]
    stop: bool = False  # the problems say all there is: the models are not asked (no type given)


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def _unformula(cell: str) -> str:
    """A cell written inert by cqc-rate's CSV output (a leading ' before =, +, -, @) read back:
    one ' taken off where the text after its leading 's would start a formula."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


@dataclass
class Sheet:
    """A CSV file read: its services, in the order first named, and the problems of the file
    as a whole (an unknown column, a row naming no service), which make every service in it
    unsure (reader.read_documents reports them with every service's own, all at once)."""

    services: list[Service]
    problems: list[Problem]


def read(name: str, text: str) -> Sheet:
    """CSV text -> its services; InputError where the rows cannot be read at all (the file's
    syntax, a character refused, no `service` column, no rows)."""
    from .reader import closest_key, refuse_control_characters

    refuse_control_characters(name, text, "CSV")
    rows = _rows(name, text)
    while rows and not any(c.strip() for c in rows[0][1]):
        rows.pop(0)  # blank rows before the header are skipped, as blank rows are anywhere
    if not rows:
        raise InputError([Problem(name, "empty file: expected a header row naming the columns "
                                        f"({', '.join(COLUMNS)})")])
    header_line, header = rows[0]
    columns: dict[str, int] = {}
    problems = []
    for i, head in enumerate(header):
        written = head.strip()
        key = _fold(written)
        if key in COLUMNS:
            if key in columns:
                problems.append(Problem(name, f"column {quoted(written)} is given twice (first as column "
                                              f"{columns[key] + 1})", header_line, i + 1))
            else:
                columns[key] = i
        elif written == "":
            problems.append(Problem(name, "a column with no name in the header row: name it or remove it",
                                    header_line, i + 1))
        else:
            close = closest_key(written, list(COLUMNS))
            hint = f"did you mean {close!r}? " if close else ""
            problems.append(Problem(name, f"unknown column {quoted(written)}: {hint}the columns are "
                                          f"{', '.join(COLUMNS)}", header_line, i + 1))
    missing = [Problem(name, f"missing column {required!r} in the header row", header_line, 1)
               for required in REQUIRED if required not in columns]
    if missing and len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "semicolons" if ";" in header[0] else "tabs"
        raise InputError([Problem(name, f"the columns are separated by {sep}: save the sheet as CSV with commas "
                                        "(comma-separated values)", header_line, 1)])
    if missing:  # the rows cannot be told apart: nothing more to read
        raise InputError(sorted({*problems, *missing}, key=problem_order))
    services: dict[str, _Builder] = {}
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue  # a blank row
        row = _Cells(name, line, cells, columns)
        if len(cells) > len(header):
            problems.append(Problem(name, f"row has {len(cells)} cells but the header names {len(header)} columns",
                                    line, len(header) + 1))
        formulas = row.formulas()
        service, at = row.get("service")
        if formulas and (not service or at in formulas):
            problems.extend(Problem(name, message, *place) for place, message in formulas.items())
            continue
        if not service:
            problems.append(Problem(name, "no service named: every row names its service", line, at[1]))
            continue
        builder = services.get(service)
        if builder is None:
            builder = services[service] = _Builder(name, service, (line, at[1]))
        if formulas:  # the row's other cells are not read: what they hold is not known
            builder.problems.extend(Problem(name, message, *place) for place, message in formulas.items())
            builder.refused_rows = True
            continue
        builder.row(row)
    if not services:
        if problems:  # rows there were, and what is wrong with them is said
            raise InputError(sorted(set(problems), key=problem_order))
        raise InputError([Problem(name, "no rows after the header: nothing to score", header_line, 1)])
    return Sheet([b.service() for b in services.values()], sorted(set(problems), key=problem_order))


def _rows(name: str, text: str) -> list[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            for i, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    raise InputError([Problem(
                        name, f"cell is {len(cell):,} characters long; cells over {MAX_CELL:,} are refused",
                        start, i + 1)])
            rows.append((start, cells))
            if len(rows) > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                raise InputError([Problem(name, f"more than {MAX_ROWS:,} rows after the header: refused", start, 1)])
            start = reader.line_num + 1
    except csv.Error as exc:
        what = str(exc)
        if "field larger than field limit" in what:
            what = f"a cell over {csv.field_size_limit():,} characters: refused"
        elif "end of data" in what:
            what = "a quoted cell is never closed (a \" with no \" after it): close it"
        else:
            what = f"CSV syntax error: {what}"
        raise InputError([Problem(name, what, start, 1)]) from None
    return rows


class _Cells:
    """One row's cells by column name, with their places."""

    def __init__(self, name: str, line: int, cells: list[str], columns: dict[str, int]) -> None:
        self.name, self.line, self.cells, self.columns = name, line, cells, columns

    def get(self, column: str) -> tuple[str, Place]:
        i = self.columns.get(column)
        if i is None:
            return "", (self.line, 1 + self.columns.get("service", 0))
        value = _unformula(self.cells[i].strip()) if i < len(self.cells) else ""
        return value, (self.line, i + 1)

    def formulas(self) -> dict[Place, str]:
        """The row's cells that look like a spreadsheet formula (`=SUM(D2:D9)`), by place:
        a formula's text is not its value, and a cell that runs is never taken as data."""
        found: dict[Place, str] = {}
        for i, cell in enumerate(self.cells):
            text = cell.strip()
            if _FORMULA.match(text):
                found[(self.line, i + 1)] = (
                    f"{quoted(text, 40)} looks like a spreadsheet formula: give its value (save the sheet's "
                    f"values, not its formulas), or write '{excerpt(text, 40)} to mean the text itself")
        return found


def _number(text: str) -> Any:
    """A cell as YAML would read it where a number is expected: a whole number, or the text."""
    return int(text) if _WHOLE.fullmatch(text) else text


def _value(column: str, text: str) -> Any:
    if column in FLAGS:
        return {"true": True, "false": False}.get(text, text)
    if column == "date" and _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    if column == "method":
        return _number(text)
    return text


class _Builder:
    def __init__(self, file: str, name: str, at: Place) -> None:
        self.file = file
        self.data: dict[str, Any] = {"service": {"name": name}}
        self.places = Places(at)
        self.places.add(("service",), at)
        self.places.add(("service", "name"), at)
        self.problems: list[Problem] = []
        self.given: dict[str, tuple[str, Place]] = {}
        self.kq_spelling: dict[tuple[str, str], str] = {}  # (section, key question) -> the key first written
        self.theme_spelling: dict[str, str] = {}  # a theme's slug -> the key first written
        self.rows: list[_Cells] = []
        self.refused_rows = False  # a row not read (a formula in it): what it held is unknown

    def _problem(self, at: Place, message: str) -> None:
        self.problems.append(Problem(self.file, message, *at))

    def _has_score(self, score: str, at: Place, statement: Any) -> bool:
        """A statement row's score cell is filled in; else its problem, said at the cell."""
        if not score:
            self._problem(at, f"no score for {quoted(statement)}: give a whole number from 1 to 4")
        return bool(score)

    def row(self, row: _Cells) -> None:
        for column, path in SERVICE_COLUMNS.items():
            text, at = row.get(column)
            if not text:
                continue
            before = self.given.get(column)
            if before is not None:
                if before[0] != text:
                    self._problem(at, f"{column} {quoted(text)} differs from {quoted(before[0])} given for this "
                                      f"service at row {before[1][0]}: give one")
                continue
            self.given[column] = (text, at)
            self.data.setdefault(path[0], {})[path[1]] = _value(column, text)
            self.places.add(path, at)
        self.rows.append(row)  # read by its service's kind, once the type is known (on any row)

    def _refuse(self, row: _Cells, columns: tuple[str, ...], why: str) -> bool:
        """A problem at each of `columns` given on the row, `why` saying what to do instead."""
        refused = False
        for column in columns:
            text, at = row.get(column)
            if text:
                self._problem(at, f"{column} {quoted(text)}: {why}")
                refused = True
        return refused

    def _rated_row(self, row: _Cells) -> None:
        stype = self.given["type"][0]  # rows are read once the type is known
        if self._refuse(row, ("theme",), "themes group a local authority's statements; a service's statements go "
                                         "under key questions (the key_question column)"):
            return
        if self._refuse(row, ("judgement",), f"judgements are for services CQC does not rate, and {quoted(stype)} is "
                                             "rated: give a score from 1 to 4 in the score column"):
            return
        kq, kq_at = row.get("key_question")
        statement_text, st_at = row.get("statement")
        category_text, cat_at = row.get("evidence_category")
        # As YAML reads a key: a whole number (an API id) is a number.
        statement: Any = _number(statement_text)
        category: Any = _number(category_text)
        score, score_at = row.get("score")
        rating, rating_at = row.get("rating")
        source, source_at = row.get("source")
        if statement_text:
            if rating:
                self._problem(rating_at, "a row gives a statement's score or a key question's rating, not both: "
                                         "put the rating on a row of its own, with no statement")
                return
            if not self._has_score(score, score_at, statement):
                return
            section = SCORE_SOURCES.get(_fold(source or "updated"))
            if section is None:
                self._problem(source_at, f"unknown source {quoted(source)} for a statement score: expected "
                                         f"{' or '.join(SCORE_SOURCES)} (empty: updated)")
                return
            found = self._statement_key_question(section, kq, kq_at, statement, st_at)
            if found is None:
                return
            kq, kq_key = found
            self._put(section, kq_key, kq, statement, st_at, category_text, category, cat_at, score, score_at,
                      "score", "" if section == "scores" else f" ({source})")
            return
        if score or category_text:
            from ..terms import rating_of

            at = score_at if score else cat_at
            hint = (f" ({quoted(score)} is a rating: give it in the rating column)"
                    if score and rating_of(score) is not None else "")
            self._problem(at, f"a score needs a statement: name it in the statement column{hint}")
            return
        if rating:
            section = RATING_SOURCES.get(_fold(source or "published"))
            if section is None:
                self._problem(source_at, f"unknown source {quoted(source)} for a key question's rating: expected "
                                         f"{' or '.join(RATING_SOURCES)} (empty: published)")
                return
            if not kq:
                self._problem(kq_at, "a rating needs its key question: name it in the key_question column")
                return
            kq_key = self._kq_key(section, kq, kq_at, rating=True)
            if kq_key in self.data[section] and self.data[section][kq_key] is not None:
                self._problem(rating_at, f"a second {section.replace('_', ' ')[:-1]} for {quoted(kq)}: give one")
                return
            self.data[section][kq_key] = rating
            # Its key's place may be known already (from the key question's cell): the value is
            # the rating cell, so that a bad rating is shown where it is.
            self.places.add((section, kq_key), rating_at, kq_at, value=True)
            return
        if kq:
            self._problem(kq_at, "a key question with no statement and no rating: give one, or leave the cell empty")

    def _key_question_of(self, statement: Any) -> str | None:
        from ..method import base_catalogue

        found = base_catalogue().statement(statement)
        return found.key_question.replace("_", "-") if found is not None else None

    def _kq_key(self, section: str, kq: str, at: Place, *, rating: bool = False) -> str:
        """The key the key question is filed under in `section`: its first spelling in this
        service's rows (so `Safe` and `safe` on two rows are one key question, as a person means)."""
        from ..terms import key_question_of

        canon: str = key_question_of(kq) or kq
        key = self.kq_spelling.get((section, canon))
        values = self.data.setdefault(section, {})
        if key is None:
            key = self.kq_spelling[(section, canon)] = kq
            values[key] = None if rating else {}
            self.places.add((section,), at)
            self.places.add((section, key), at, at)
        return key

    def _la_row(self, row: _Cells) -> None:
        """A local authority's row: a statement's score, flat or under its theme (`scores:`)."""
        from ..method import base_catalogue

        cat = base_catalogue()
        kq, kq_at = row.get("key_question")
        if kq:
            theme_hint = (f"{quoted(kq)} is a theme: put it in the theme column" if cat.theme(kq) is not None else
                          "a local authority's statements are grouped by theme, not key question: name the theme in "
                          "the theme column, or leave it empty")
            self._problem(kq_at, theme_hint)
            return
        why = ("a local authority gets one score 1-4 per statement, computed into its one overall rating: "
               "give statement rows with a score")
        if self._refuse(row, ("evidence_category",), "a local authority gets one score 1-4 per statement, not one "
                                                     "per evidence category: leave the cell empty"):
            return
        if self._refuse(row, ("rating",), why + " (there are no key-question ratings)"):
            return
        if self._refuse(row, ("judgement",), "judgements are for services CQC does not rate; local authorities are "
                                             "rated: give a score from 1 to 4 in the score column"):
            return
        source, source_at = row.get("source")
        if source and _fold(source) != "updated":
            self._problem(source_at, f"source {quoted(source)}: a local authority's scores are all this "
                                     "assessment's (scores:), with nothing transferred: leave the cell empty")
            return
        statement_text, st_at = row.get("statement")
        score, score_at = row.get("score")
        theme_text, theme_at = row.get("theme")
        statement: Any = _number(statement_text)
        if not statement_text:
            if score:
                self._problem(score_at, "a score needs a statement: name it in the statement column")
            elif theme_text:
                self._problem(theme_at, "a theme with no statement: give the statement and its score, or leave "
                                        "the cell empty")
            return
        if not self._has_score(score, score_at, statement):
            return
        scores = self.data.setdefault("scores", {})
        if "scores" not in self.places.root:
            self.places.add(("scores",), theme_at if theme_text else st_at)
        path: tuple[Any, ...] = ("scores",)
        level = scores
        if theme_text:
            theme = cat.theme(theme_text)
            if theme is None:
                from ..terms import name_key, suggest

                names = {name_key(spelling): t.slug for t in cat.themes for spelling in (t.slug, t.name, *t.aliases)}
                close = suggest(theme_text, names)
                hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                self._problem(theme_at, f"unknown theme {quoted(theme_text)}{hint} (the four: "
                                        f"{', '.join(t.slug for t in cat.themes)})")
                return
            key = self.theme_spelling.setdefault(theme.slug, theme_text)
            if key not in scores:
                scores[key] = {}
                self.places.add((*path, key), theme_at, theme_at)
            level, path = scores[key], (*path, key)
        if statement in level:
            under = f" under {quoted(theme_text)}" if theme_text else ""
            self._problem(st_at, f"{quoted(statement)} is given twice{under}: give each once")
            return
        level[statement] = _number(score)
        self.places.add((*path, statement), score_at, st_at)

    def _not_rated_row(self, row: _Cells) -> None:
        """A row of a service CQC does not rate: a statement's judgement, or one evidence
        category's (`judgements:`, by key question as for scores)."""
        stype = self.given["type"][0]
        no = f"{quoted(stype)} is a service type CQC does not rate, so it gets no scores and no ratings"
        if self._refuse(row, ("score", "rating"), no + ": give a judgement (met or not met) in the judgement column"):
            return
        if self._refuse(row, ("theme",), "themes group a local authority's statements; this service's statements "
                                         "go under key questions (the key_question column)"):
            return
        source, source_at = row.get("source")
        if source:
            self._problem(source_at, f"source {quoted(source)}: {no}, nothing to transfer: leave the cell empty")
            return
        kq, kq_at = row.get("key_question")
        statement_text, st_at = row.get("statement")
        category_text, cat_at = row.get("evidence_category")
        judgement, judgement_at = row.get("judgement")
        statement: Any = _number(statement_text)
        category: Any = _number(category_text)
        if not statement_text:
            if judgement or category_text:
                self._problem(judgement_at if judgement else cat_at,
                              "a judgement needs a statement: name it in the statement column")
            elif kq:
                self._problem(kq_at, "a key question with no statement: give the statement and its judgement, "
                                     "or leave the cell empty")
            return
        if not judgement:
            self._problem(judgement_at, f"no judgement for {quoted(statement)}: give met or not met in the "
                                           "judgement column")
            return
        found = self._statement_key_question("judgements", kq, kq_at, statement, st_at)
        if found is None:
            return
        kq, kq_key = found
        self._put("judgements", kq_key, kq, statement, st_at, category_text, category, cat_at, judgement,
                  judgement_at, "judgement")

    def _statement_key_question(self, section: str, kq: str, kq_at: Place, statement: Any,
                                st_at: Place) -> tuple[str, str] | None:
        """The key question a statement row goes under (as written, or the statement's own when
        the cell is empty) and its key in `section`; None, said at the cell, for an unknown statement."""
        if not kq:
            kq = self._key_question_of(statement) or ""
            if not kq:
                self._unknown_statement(statement, st_at)
                return None
        return kq, self._kq_key(section, kq, kq_at)

    def _unknown_statement(self, statement: Any, at: Place) -> None:
        from ..method import base_catalogue

        close = base_catalogue().suggest_statements(statement)
        hint = (f"; did you mean {' or '.join(repr(c) for c in close)}?" if close
                else "; `cqc-rate statements` lists them")
        self._problem(at, f"unknown quality statement {quoted(statement)}{hint}")

    def _put(self, section: str, kq_key: str, kq: str, statement: Any, st_at: Place, category_text: str,
             category: Any, cat_at: Place, value: str, value_at: Place, what: str, source: str = "") -> None:
        """A statement's value (or one evidence category's) into `section`, as YAML holds it."""
        statements = self.data[section][kq_key]
        if not isinstance(statements, dict):
            return  # already reported: a rating where statements are
        at_path: tuple[Any, ...] = (section, kq_key, statement)
        if category_text:
            entry = statements.setdefault(statement, {})
            if not isinstance(entry, dict):
                self._problem(cat_at, f"{quoted(statement)} has a {what} of its own on another row: "
                                      f"give evidence-category {what}s or one {what}, not both")
                return
            if category in entry:
                self._problem(cat_at, f"evidence category {quoted(category)} of {quoted(statement)} is given "
                                      "twice: give each once")
                return
            entry[category] = _number(value)
            self.places.add(at_path, st_at, st_at)
            self.places.add((*at_path, category), value_at, cat_at)
        else:
            if statement in statements:
                self._problem(st_at, f"{quoted(statement)} is given twice under {quoted(kq)}{source}: give each once")
                return
            statements[statement] = _number(value)
            self.places.add(at_path, value_at, st_at)

    def service(self) -> Service:
        from ..method import method_in_force

        given = self.given.get("type")
        stype = method_in_force().service_type(given[0]) if given is not None else None
        stop = False
        if given is None and self.refused_rows:
            stop = True  # the type may be on the refused row: its formula is the problem said
        elif given is None:
            self._problem(self.places.first, f"no type for service {quoted(self.data['service']['name'])}: give its "
                                             "service type in the type column, on any of its rows")
            stop = True
        else:
            read = {"local-authority": self._la_row, "not-rated": self._not_rated_row}.get(
                stype.kind if stype is not None else "service", self._rated_row)
            for row in self.rows:
                read(row)
        return Service(self.data["service"]["name"], self.data, self.places, self.problems, stop)

