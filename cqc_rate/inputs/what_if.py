"""What if: ``--set KEY=VALUE`` applied to a parsed assessment before it is validated.

A setting names one value of an assessment file of a rated service:

- ``KQ.STATEMENT=SCORE``: a statement score (``safe.safeguarding=3``), put under
  ``scores:`` (this assessment's scores, which take precedence over existing and
  transferred ones); the statement by name, slug or API id, as in a file;
- ``KQ=RATING``: a key-question rating given directly (``caring=good``), put under
  ``ratings:``;
- ``SECTION.FIELD=VALUE`` for ``history``, ``assessment`` and ``service``
  (``history.provider_changed=true``); and ``scores.KQ.STATEMENT``,
  ``existing_scores.KQ.STATEMENT``, ``ratings.KQ`` and ``existing_ratings.KQ``
  spelled out in full.

A setting replaces what decided the same thing: a statement score replaces that
statement's score under any spelling, and a key question's rating given
directly (the two would conflict); a rating given directly replaces that key
question's scores. The value is then validated like any value in a file: `true`
and `false` are booleans, whole numbers are numbers, anything else is text. A
problem with a set value is reported as ``FILE: --set KEY=VALUE: message``.

Pure: no I/O; :func:`apply` returns a new mapping and never changes the one given.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from ..terms import KEY_QUESTION_WORDS, key_question_of, name_key

SECTIONS = ("service", "assessment", "history")
SCORE_SECTIONS = ("scores", "existing_scores")
RATING_SECTIONS = ("ratings", "existing_ratings")
_WHOLE = re.compile(r"[0-9]{1,6}")


class SettingError(ValueError):
    """A --set argument that cannot be read (no `=`, an unknown KEY): one line, naming it."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One --set argument, read: where it goes in the file and the value put there."""

    text: str  # as given: "safe.learning-culture=4"
    path: tuple[Any, ...]  # ("scores", "safe", "learning-culture"); a key question by its file key
    value: Any  # True/False, an int, or the text

    def to_dict(self) -> dict[str, object]:
        return {"setting": self.text, "path": list(self.path), "value": self.value}


def value_of(text: str) -> Any:
    """The value of a setting as a file would hold it: true/false, a whole number, or text."""
    if text in ("true", "false"):
        return text == "true"
    if _WHOLE.fullmatch(text):
        return int(text)
    return text


def _kq_key(text: str, setting: str) -> str:
    kq = key_question_of(text)
    if kq is None:
        raise SettingError(f"--set {setting}: unknown key question {text!r}: expected {KEY_QUESTION_WORDS}")
    return "well-led" if kq == "well_led" else kq


def parse_setting(text: str) -> Setting:
    """`KEY=VALUE` -> a Setting; SettingError when KEY cannot be placed in a file."""
    key, eq, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not eq or not key:
        raise SettingError(f"--set {text}: expected KEY=VALUE, e.g. safe.safeguarding=3 or caring=good")
    if not raw:
        raise SettingError(f"--set {text}: no value after =")
    parts = [p.strip() for p in key.split(".")]
    if any(not p for p in parts):
        raise SettingError(f"--set {text}: an empty part in KEY {key!r}")
    head = parts[0].lower().replace("-", "_")
    value = value_of(raw)
    if head in SECTIONS:
        if len(parts) != 2:
            raise SettingError(f"--set {text}: expected {head}.FIELD=VALUE")
        return Setting(text, (head, parts[1]), value)
    if head in SCORE_SECTIONS:
        if len(parts) != 3:
            raise SettingError(f"--set {text}: expected {head}.KEY_QUESTION.STATEMENT=SCORE")
        return Setting(text, (head, _kq_key(parts[1], text), parts[2]), value)
    if head in RATING_SECTIONS:
        if len(parts) != 2:
            raise SettingError(f"--set {text}: expected {head}.KEY_QUESTION=RATING")
        return Setting(text, (head, _kq_key(parts[1], text)), value)
    if key_question_of(parts[0]) is None:
        raise SettingError(
            f"--set {text}: unknown KEY {key!r}: expected KEY_QUESTION.STATEMENT=SCORE, KEY_QUESTION=RATING, "
            "or history.FIELD, assessment.FIELD, service.FIELD")
    kq = _kq_key(parts[0], text)
    if len(parts) == 1:
        return Setting(text, ("ratings", kq), value)
    if len(parts) == 2:
        return Setting(text, ("scores", kq, parts[1]), value)
    # A statement name may hold a dot ("Kindness. compassion" is no name, but be plain about it).
    return Setting(text, ("scores", kq, ".".join(parts[1:])), value)


def _same_statement(a: Any, b: Any) -> bool:
    from ..method import base_catalogue as catalogue

    found_a, found_b = catalogue().statement(a), catalogue().statement(b)
    if found_a is not None and found_b is not None:
        return found_a.slug == found_b.slug
    return name_key(str(a)) == name_key(str(b))


def _entry(mapping: dict[Any, Any], key: str, same: Any) -> Any:
    """The key already in `mapping` that means `key` (any spelling), or `key` itself."""
    for existing in mapping:
        if same(existing, key):
            return existing
    return key


def _same_kq(a: Any, b: Any) -> bool:
    return isinstance(a, str) and key_question_of(a) is not None and key_question_of(a) == key_question_of(b)


def _section(data: dict[Any, Any], name: str) -> dict[Any, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        section = {}
        data[name] = section
    return section


def _drop(data: dict[Any, Any], section: str, kq: str) -> None:
    mapping = data.get(section)
    if isinstance(mapping, dict):
        for key in [k for k in mapping if _same_kq(k, kq)]:
            del mapping[key]
        if not mapping:
            del data[section]


def apply(data: Any, settings: tuple[Setting, ...]) -> tuple[Any, tuple[Setting, ...]]:
    """A copy of `data` with every setting applied, and the settings with the paths as
    placed (an existing key's spelling kept). A `data` that is not a mapping is returned
    as it is (its own problem is reported)."""
    if not isinstance(data, dict) or not settings:
        return data, settings
    out = copy.deepcopy(data)
    placed = []
    for s in settings:
        head = s.path[0]
        if head in SECTIONS:
            section = _section(out, head)
            section[s.path[1]] = s.value
            placed.append(s)
            continue
        kq = s.path[1]
        if head in RATING_SECTIONS:
            mapping = _section(out, head)
            key = _entry(mapping, kq, _same_kq)
            if head == "ratings":
                _drop(out, "scores", kq)
            mapping[key] = s.value
            placed.append(Setting(s.text, (head, key), s.value))
            continue
        scores = _section(out, head)
        kq_key = _entry(scores, kq, _same_kq)
        statements = scores.get(kq_key)
        if not isinstance(statements, dict):
            statements = {}
            scores[kq_key] = statements
        key = _entry(statements, s.path[2], _same_statement)
        statements[key] = s.value
        if head == "scores":
            _drop(out, "ratings", kq)
        placed.append(Setting(s.text, (head, kq_key, key), s.value))
    return out, tuple(placed)


def _same_part(a: Any, b: Any) -> bool:
    if a == b or str(a) == str(b):
        return True
    if _same_kq(a, b):
        return True
    return isinstance(a, (str, int)) and isinstance(b, (str, int)) and _same_statement(a, b)


def setting_at(loc: tuple[Any, ...], settings: tuple[Setting, ...]) -> Setting | None:
    """The setting whose value a problem at `loc` is about, if any."""
    for s in reversed(settings):  # the last setting of a value is the one that stands
        if len(loc) >= len(s.path) and all(_same_part(a, b) for a, b in zip(loc, s.path, strict=False)):
            return s
    return None
