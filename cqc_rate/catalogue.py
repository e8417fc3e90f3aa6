"""The framework catalogue: key questions, quality statements, evidence categories.

The data lives in ``data/framework.yaml`` and is loaded through the models
below, so the catalogue is checked by the same machinery that checks input.
Lookups are lenient (see :func:`cqc_rate.terms.name_key`): case, punctuation,
curly apostrophes, dashes, separators and plural slips do not matter.
"""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import _data
from .terms import KEY_QUESTIONS, name_key, slugify, suggest


class _Frozen(BaseModel):
    # Built when first validated, as part of the top model: no validator per nested class.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class QualityStatement(_Frozen):
    api_id: int
    key_question: Literal["safe", "effective", "caring", "responsive", "well_led"]
    name: str
    slug: str = ""
    aliases: tuple[str, ...] = ()
    # False for statements assessed only at trust level (environmental sustainability).
    service_level: bool = True

    @model_validator(mode="after")
    def _fill_slug(self) -> "QualityStatement":
        if not self.slug:
            object.__setattr__(self, "slug", slugify(self.name))
        return self


class EvidenceCategory(_Frozen):
    api_id: int
    slug: str
    name: str


class KeyQuestionInfo(_Frozen):
    id: str
    name: str


class Theme(_Frozen):
    slug: str
    name: str
    statements: tuple[str, ...]
    aliases: tuple[str, ...] = ()


class Framework(_Frozen):
    key_questions: tuple[KeyQuestionInfo, ...]
    quality_statements: tuple[QualityStatement, ...] = Field(min_length=34, max_length=34)
    evidence_categories: tuple[EvidenceCategory, ...]
    local_authority_themes: tuple[Theme, ...]

    @model_validator(mode="after")
    def _consistent(self) -> "Framework":
        assert tuple(k.id for k in self.key_questions) == KEY_QUESTIONS
        keys = [name_key(s.name) for s in self.quality_statements]
        assert len(set(keys)) == len(keys), "statement names must stay distinct when matched leniently"
        slugs = {s.slug for s in self.quality_statements}
        for theme in self.local_authority_themes:
            assert set(theme.statements) <= slugs, theme.slug
        return self


class Catalogue:
    """Fast lookups over the framework data."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.statements = framework.quality_statements
        self.by_slug = {s.slug: s for s in self.statements}
        self.by_api_id = {s.api_id: s for s in self.statements}
        self._by_key: dict[str, QualityStatement] = {}
        for s in self.statements:
            for spelling in (s.name, s.slug, *s.aliases):
                self._by_key[name_key(spelling)] = s
        self._names = {k: s.name for k, s in self._by_key.items()}
        self.categories = framework.evidence_categories
        self.category_by_slug = {c.slug: c for c in self.categories}
        self._category_by_key: dict[str, EvidenceCategory] = {}
        for c in self.categories:
            for spelling in (c.name, c.slug):
                self._category_by_key[name_key(spelling)] = c
        self._category_names = {k: c.slug for k, c in self._category_by_key.items()}
        self.themes = framework.local_authority_themes
        self.local_authority_slugs = tuple(s for t in self.themes for s in t.statements)
        self.theme_of_statement = {s: t for t in self.themes for s in t.statements}
        self._theme_by_key = {name_key(spelling): t for t in self.themes for spelling in (t.slug, t.name, *t.aliases)}
        self._of: dict[str, tuple[QualityStatement, ...]] = {}
        # The spellings files use most, exactly as written, each mapped to what the lenient
        # lookup gives for it (so the answer is the same, only sooner).
        self._exact: dict[str, QualityStatement | None] = {}
        self._exact_category: dict[str, EvidenceCategory | None] = {}
        for s in self.statements:
            for spelling in (s.name, s.slug, *s.aliases, str(s.api_id)):
                self._exact[spelling] = self._lenient(spelling)
        for c in self.categories:
            for spelling in (c.name, c.slug, str(c.api_id)):
                self._exact_category[spelling] = self._lenient_category(spelling)

    def statements_of(self, key_question: str) -> tuple[QualityStatement, ...]:
        of = self._of.get(key_question)
        if of is None:  # made once per key question: every file scored asks for all five
            of = self._of[key_question] = tuple(s for s in self.statements if s.key_question == key_question)
        return of

    def statement(self, ref: object) -> QualityStatement | None:
        """A statement by API id, slug or (lenient) name; None when unknown."""
        if type(ref) is str and ref in self._exact:
            return self._exact[ref]
        return self._lenient(ref)

    def _lenient(self, ref: object) -> QualityStatement | None:
        if isinstance(ref, bool):
            return None
        if isinstance(ref, int):
            return self.by_api_id.get(ref)
        if isinstance(ref, str):
            text = ref.strip()
            if text.isascii() and text.isdigit():  # "²".isdigit() is True, but int() refuses it
                return self.by_api_id.get(int(text))
            return self._by_key.get(name_key(text))
        return None

    def suggest_statements(self, ref: object) -> list[str]:
        return suggest(str(ref), self._names)

    def category(self, ref: object) -> EvidenceCategory | None:
        if type(ref) is str and ref in self._exact_category:
            return self._exact_category[ref]
        return self._lenient_category(ref)

    def _lenient_category(self, ref: object) -> EvidenceCategory | None:
        if isinstance(ref, bool):
            return None
        if isinstance(ref, int):
            return next((c for c in self.categories if c.api_id == ref), None)
        if isinstance(ref, str):
            text = ref.strip()
            if text.isascii() and text.isdigit():  # "²".isdigit() is True, but int() refuses it
                return self.category(int(text))
            return self._category_by_key.get(name_key(text))
        return None

    def suggest_categories(self, ref: object) -> list[str]:
        return suggest(str(ref), self._category_names)

    def theme(self, ref: object) -> Theme | None:
        """A local authority theme by slug or (lenient) name; None when unknown."""
        return self._theme_by_key.get(name_key(ref)) if isinstance(ref, str) else None


@functools.cache
def catalogue() -> Catalogue:
    return Catalogue(Framework.model_validate(_data.read("framework.yaml")))
