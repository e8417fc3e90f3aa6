"""Input models: the assessment file, validated with Pydantic.

The models describe the file format (``cqc-rate schema`` prints them as JSON
Schema) and turn every spelling a person may type into canonical values:
statement names, API ids and slugs become slugs; key questions become
``safe`` .. ``well_led``; rating words become :class:`Rating`. Problems that
need more than one field (a key question with both scores and ratings, say)
are checked by :mod:`cqc_rate.checks` once the structure is right.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictBool,
    Tag,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    create_model,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from ..fields import DateField, RatingField, Score, show_value
from ..method import base_catalogue as catalogue  # names are the same in every version
from ..method import (
    method_in_force as methodology,  # service types: the same in every version
)
from ..method import version_ids
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, key_question_of


def annotated(tp: Any, *metadata: Any) -> Any:
    """`Annotated[tp, *metadata]` for a type made at run time: mypy reads `Annotated[...]`
    as a type expression, in which a call or a variable is not valid (and the starred
    form is Python 3.11 syntax)."""
    return operator.getitem(Annotated, (tp, *metadata))


def mapping_of(key: Any, value: Any) -> Any:
    """`dict[key, value]` for types made at run time (see annotated)."""
    return dict.__class_getitem__((key, value))


class InputModel(BaseModel):
    # Built when first validated, as part of the file's model: start-up pays for no
    # validator of a nested section on its own.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _ByName(InputModel):
    model_config = ConfigDict(populate_by_name=True)


# ---------------------------------------------------------------- statements


def resolve_statement(value: Any, key_question: str | None = None) -> str:
    """A statement reference -> its slug, checking the key question it sits under."""
    statement = catalogue().statement(value)
    if statement is None:
        close = catalogue().suggest_statements(value)
        hint = (f"; did you mean {' or '.join(repr(c) for c in close)}?" if close
                else "; `cqc-rate statements` lists them")
        raise PydanticCustomError("statement", "unknown quality statement {got}" + hint, {"got": show_value(value)})
    if key_question is not None and statement.key_question != key_question:
        raise PydanticCustomError(
            "statement_key_question",
            "'{name}' is {article} {actual} statement, not {expected}: move it under {actual}",
            {
                "name": statement.name,
                "actual": KEY_QUESTION_NAMES[statement.key_question].lower(),
                "article": "an" if statement.key_question == "effective" else "a",
                "expected": KEY_QUESTION_NAMES[key_question].lower(),
            },
        )
    return statement.slug


def resolve_category(value: Any) -> str:
    category = catalogue().category(value)
    if category is None:
        close = catalogue().suggest_categories(value)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        every = ", ".join(c.slug for c in catalogue().categories)
        raise PydanticCustomError(
            "evidence_category", "unknown evidence category {got}" + hint + " (one of: " + every + ")",
            {"got": show_value(value)},
        )
    return category.slug


def _statement_key_schema() -> dict[str, Any]:
    return {"type": ["string", "integer"], "description": "statement name, slug or API id (1-34)"}


@functools.cache
def statement_key(key_question: str | None) -> Any:
    return Annotated[
        str,
        BeforeValidator(functools.partial(resolve_statement, key_question=key_question)),
        WithJsonSchema(_statement_key_schema()),
    ]


CategoryKey = Annotated[
    str,
    BeforeValidator(resolve_category),
    WithJsonSchema({"type": ["string", "integer"], "description": "evidence category name, slug or API id (1-6)"}),
]


def no_duplicates(find: Any, what: str) -> Any:
    """A before-validator for a mapping whose keys are spelled leniently: two spellings
    of one statement (or category) would silently drop a value, so they are an error."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        seen: dict[str, Any] = {}
        for key in value:
            item = find(key)
            if item is None:
                continue  # an unknown name is reported by the key's own validator
            if item.slug in seen:
                raise PydanticCustomError(
                    "duplicate_" + what.replace(" ", "_"),
                    "'{first}' and '{second}' both name the " + what + " '{name}': give it once",
                    {"first": seen[item.slug], "second": key, "name": item.name},
                )
            seen[item.slug] = key
        return value

    return check


def _no_duplicate_categories(value: Any) -> Any:
    return no_duplicates(catalogue().category, "evidence category")(value)


def once_or_per_category(value: Any, tag: str) -> Any:
    """A statement's value given once, or once per evidence category (a mapping).
    The discriminator keeps errors to the branch the input took; the loader drops
    its tag from error locations by where it stands in the model (load._walk)."""
    per_category = Annotated[dict[CategoryKey, value], BeforeValidator(_no_duplicate_categories)]
    return Annotated[
        Annotated[value, Tag(tag)] | Annotated[per_category, Tag("evidence")],
        Discriminator(lambda given: "evidence" if isinstance(given, dict) else tag),
    ]


# A statement score: a whole number 1-4, or (2023 method) evidence category -> score.
StatementEntry = once_or_per_category(Score, "score")


def no_duplicate_statements(value: Any) -> Any:
    return no_duplicates(catalogue().statement, "statement")(value)


def plain_statements(key_question: str, value: Any) -> dict[str, Any] | None:
    """What the full schema of a key question's statement scores gives, made in one call,
    where every key names one of its statements once and every score is a whole number
    1-4 (or a mapping of evidence categories to them); None for anything else, which
    the full schema then reads and locates. Pydantic calling a Python validator for each
    key and each score cost a batch more than the rest of validation."""
    if type(value) is not dict:
        return None
    find_statement = catalogue().statement
    find_category = catalogue().category
    out: dict[str, Any] = {}
    for key, entry in value.items():
        statement = find_statement(key)
        if statement is None or statement.key_question != key_question or statement.slug in out:
            return None
        if type(entry) is int:  # type(), not isinstance: a bool is never a score
            if not 1 <= entry <= 4:
                return None
            out[statement.slug] = entry
        elif type(entry) is dict:
            categories: dict[str, int] = {}
            for name, score in entry.items():
                category = find_category(name)
                if category is None or category.slug in categories or type(score) is not int or not 1 <= score <= 4:
                    return None
                categories[category.slug] = score
            out[statement.slug] = categories
        else:
            return None
    return out


def statements_at_once(key_question: str) -> WrapValidator:
    """The validator that tries plain_statements before the full schema."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        plain = plain_statements(key_question, value)
        return handler(value) if plain is None else plain

    return WrapValidator(validate)


# ------------------------------------------------------------- key questions


def normalise_key_questions(value: Any) -> Any:
    """Rename `Well-led`, `well-led`, `wellled` ... to field names; leave unknown keys for
    `extra="forbid"` to report where they stand."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    origin: dict[str, Any] = {}
    for key, item in value.items():
        kq = key_question_of(key)
        if kq is None:
            out[key] = item
            continue
        if kq in origin:
            raise PydanticCustomError(
                "duplicate_key_question",
                "'{first}' and '{second}' are the same key question: give it once",
                {"first": origin[kq], "second": key},
            )
        origin[kq] = key
        out[kq] = item
    return out


def _list_statements(kq: str) -> Any:
    """JSON Schema: name each statement of the key question, so editors complete the slugs
    (names and API ids stay accepted through additionalProperties)."""

    def extra(schema: dict[str, Any]) -> None:
        for branch in schema.get("anyOf", [schema]):
            if branch.get("type") == "object":
                entry = branch.get("additionalProperties", {})
                branch["properties"] = {s.slug: {**entry, "description": f"{s.api_id}. {s.name}"}
                                        for s in catalogue().statements_of(kq)}

    return extra


class KeyQuestionsModel(InputModel):
    """The base of a model with one field per key question (per_key_question,
    not_rated.judgements_model): any spelling of a key question names its field."""

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, value: Any) -> Any:
        return normalise_key_questions(value)


class _KeyQuestions(KeyQuestionsModel, _ByName):
    pass


@functools.cache
def per_key_question(name: str, value: str) -> type[InputModel]:
    """A model with one optional field per key question.

    `value` is `rating` (a rating word) or `statements` (statement -> score,
    where each statement must belong to that key question).
    """

    def field_type(kq: str) -> Any:
        if value == "rating":
            return RatingField
        if value == "statements":
            statements = mapping_of(statement_key(kq), StatementEntry)
            # The wrap validator, last, runs first (Pydantic: before and wrap validators right to left).
            return annotated(statements, BeforeValidator(no_duplicate_statements), statements_at_once(kq))
        raise ValueError(value)

    fields: dict[str, Any] = {
        kq: (field_type(kq) | None,
             Field(default=None, alias="well-led" if kq == "well_led" else kq,
                   json_schema_extra=_list_statements(kq) if value == "statements" else None))
        for kq in KEY_QUESTIONS
    }
    model = create_model(name, __base__=_KeyQuestions, **fields)
    return model


# ------------------------------------------------------------------ sections


def resolve_service_type(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "service_type",
            "service type must be one key such as 'gp', got {got} (`cqc-rate service-types` lists them)",
            {"got": show_value(value)})
    st = methodology().service_type(value)
    why = methodology().why_ambiguous(value) if st is None else None
    if why is not None:  # a name two types share (docs/service-types.md)
        raise PydanticCustomError("service_type", "service type {got} " + why, {"got": show_value(value)})
    if st is None:
        close = methodology().suggest_service_types(value)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise PydanticCustomError(
            "service_type", "unknown service type {got}" + hint + " (`cqc-rate service-types` lists them)",
            {"got": show_value(value)},
        )
    return st.key


ServiceTypeField = Annotated[
    str,
    BeforeValidator(resolve_service_type),
    WithJsonSchema({"type": "string", "description": "a service-type key (`cqc-rate service-types`)"}),
]


def _method(value: Any) -> Any:
    """A method version id, from the shipped data (`cqc-rate methodology`); a year may be a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value in version_ids():
        return value
    raise PydanticCustomError("method", "unknown method {got}: expected {ids}",
                              {"got": show_value(value), "ids": " or ".join(version_ids())})


def _method_schema() -> dict[str, Any]:
    ids = version_ids()
    return {"enum": [int(i) for i in ids if i.isdigit()] + list(ids),
            "description": "the scoring method; overrides the date"}


class Service(InputModel):
    name: str
    type: ServiceTypeField


class AssessmentInfo(InputModel):
    date: DateField | None = None
    method: Annotated[str, BeforeValidator(_method), WithJsonSchema(_method_schema())] | None = None


class History(InputModel):
    # Strict: `1` or "yes" for true is a guess, and a wrong guess changes what is transferred.
    inspected_before: StrictBool | None = None
    provider_changed: StrictBool | None = None
    asc_framework_only: StrictBool | None = None


@dataclass(frozen=True)
class Forbidden:
    """Metadata for a key that some kinds of file must not have, with the reason why:
    `Annotated[Any, Forbidden("...")]`. Given (and not null), the key is an error
    (type `forbidden`) with that reason; its JSON Schema is `not: {}` with the reason."""

    message: str

    @property
    def json_schema(self) -> dict[str, Any]:
        # What reader._is_forbidden looks for in a field's metadata, as for WithJsonSchema.
        return {"not": {}, "description": self.message}

    def _reject(self, value: Any) -> Any:
        if value is None:
            return None
        raise PydanticCustomError("forbidden", self.message)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._reject, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return self.json_schema
