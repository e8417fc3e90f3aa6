"""The shape of a method: bands, limiters, transfers, principles, service types,
the catalogue (key questions, statements, evidence categories, themes) and the
rules for local authorities and services CQC does not rate.

The data is in ``method/data/`` (one YAML file per version, layered: see
:mod:`cqc_rate.method.layers`), with the source text each rule comes from;
this module only gives it a shape (validated with the same field types as
input files) and a few lookups. Choosing a version is :mod:`cqc_rate.method`'s.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..fields import KeyQuestionField, RatingField, Score
from ..terms import KEY_QUESTIONS, Rating, name_key, slugify, suggest


class _Frozen(BaseModel):
    # Built when first validated, as part of the top model: no validator per nested class.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Band(_Frozen):
    rating: RatingField
    low: int
    high: int
    statement_score: Score


class Limiter(_Frozen):
    id: str
    band: RatingField
    scores: tuple[Score, ...]
    cap: RatingField
    source: str


class TransferException(_Frozen):
    statement: str
    from_key_question: KeyQuestionField | None
    applies_to: Literal["all", "asc_framework_only"]
    source: str


class Transfer(_Frozen):
    scores: dict[RatingField, Score]
    exceptions: tuple[TransferException, ...]

    @functools.cached_property
    def exception_of(self) -> dict[str, tuple[TransferException, ...]]:
        """The exceptions by statement slug: asked for every unscored statement of every file."""
        out: dict[str, tuple[TransferException, ...]] = {}
        for exc in self.exceptions:
            out[exc.statement] = (*out.get(exc.statement, ()), exc)
        return out


class Count(_Frozen):
    """A count condition, one value per bucket (None: not in that bucket)."""

    at_least: tuple[int | None, ...] | None = None
    at_most: tuple[int | None, ...] | None = None
    exactly: tuple[int | None, ...] | None = None


class Rule(_Frozen):
    id: str
    rating: RatingField
    when: dict[str, Count]
    source: str
    reading: bool = False


class Bucket(_Frozen):
    min: int
    max: int | None

    def holds(self, n: int) -> bool:
        return n >= self.min and (self.max is None or n <= self.max)

    @property
    def label(self) -> str:
        if self.max is None:
            return f"{self.min} or more"
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"


class PrincipleSet(_Frozen):
    name: str
    buckets: tuple[Bucket, ...]
    rules: tuple[Rule, ...]


class ServiceType(_Frozen):
    key: str
    name: str
    kind: Literal["service", "local-authority", "not-rated"]  # cqc_rate.kinds.ASSESSMENT_KINDS
    levels: tuple[int, ...]
    principles: str | None = None
    aliases: tuple[str, ...] = ()  # names people use for this type and no other
    # Names this type shares with another ("ambulance service": an NHS trust or independent):
    # on their own they are refused, naming every type that shares them (docs/service-types.md).
    shared_aliases: tuple[str, ...] = ()


# ------------------------------------------------------------- the catalogue


class QualityStatement(_Frozen):
    api_id: int
    key_question: Literal["safe", "effective", "caring", "responsive", "well_led"]
    name: str
    slug: str = ""
    aliases: tuple[str, ...] = ()
    # False for statements assessed only at trust level (environmental sustainability).
    service_level: bool = True

    @model_validator(mode="after")
    def _fill_slug(self) -> QualityStatement:
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


class Catalogue(_Frozen):
    """The framework catalogue (``data/catalogue.yaml``), with fast lookups.

    Lookups are lenient (see :func:`cqc_rate.terms.name_key`): case, punctuation,
    curly apostrophes, dashes, separators and plural slips do not matter.
    """

    key_questions: tuple[KeyQuestionInfo, ...]
    quality_statements: tuple[QualityStatement, ...] = Field(min_length=34, max_length=34)
    evidence_categories: tuple[EvidenceCategory, ...]
    local_authority_themes: tuple[Theme, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        assert tuple(k.id for k in self.key_questions) == KEY_QUESTIONS
        keys = [name_key(s.name) for s in self.quality_statements]
        assert len(set(keys)) == len(keys), "statement names must stay distinct when matched leniently"
        slugs = {s.slug for s in self.quality_statements}
        for theme in self.local_authority_themes:
            assert set(theme.statements) <= slugs, theme.slug
        return self

    @property
    def statements(self) -> tuple[QualityStatement, ...]:
        return self.quality_statements

    @property
    def categories(self) -> tuple[EvidenceCategory, ...]:
        return self.evidence_categories

    @property
    def themes(self) -> tuple[Theme, ...]:
        return self.local_authority_themes

    @functools.cached_property
    def by_slug(self) -> dict[str, QualityStatement]:
        return {s.slug: s for s in self.statements}

    @functools.cached_property
    def by_api_id(self) -> dict[int, QualityStatement]:
        return {s.api_id: s for s in self.statements}

    @functools.cached_property
    def category_by_slug(self) -> dict[str, EvidenceCategory]:
        return {c.slug: c for c in self.categories}

    @functools.cached_property
    def local_authority_slugs(self) -> tuple[str, ...]:
        return tuple(s for t in self.themes for s in t.statements)

    @functools.cached_property
    def theme_of_statement(self) -> dict[str, Theme]:
        return {s: t for t in self.themes for s in t.statements}

    @functools.cached_property
    def _by_key(self) -> dict[str, QualityStatement]:
        return {name_key(spelling): s for s in self.statements for spelling in (s.name, s.slug, *s.aliases)}

    @functools.cached_property
    def _names(self) -> dict[str, str]:
        return {k: s.name for k, s in self._by_key.items()}

    @functools.cached_property
    def _category_by_key(self) -> dict[str, EvidenceCategory]:
        return {name_key(spelling): c for c in self.categories for spelling in (c.name, c.slug)}

    @functools.cached_property
    def _category_names(self) -> dict[str, str]:
        return {k: c.slug for k, c in self._category_by_key.items()}

    @functools.cached_property
    def _theme_by_key(self) -> dict[str, Theme]:
        return {name_key(spelling): t for t in self.themes for spelling in (t.slug, t.name, *t.aliases)}

    @functools.cached_property
    def _of(self) -> dict[str, tuple[QualityStatement, ...]]:
        return {}

    @functools.cached_property
    def _exact(self) -> dict[str, QualityStatement | None]:
        # The spellings files use most, exactly as written, each mapped to what the lenient
        # lookup gives for it (so the answer is the same, only sooner).
        return {spelling: self._lenient(spelling)
                for s in self.statements for spelling in (s.name, s.slug, *s.aliases, str(s.api_id))}

    @functools.cached_property
    def _exact_category(self) -> dict[str, EvidenceCategory | None]:
        return {spelling: self._lenient_category(spelling)
                for c in self.categories for spelling in (c.name, c.slug, str(c.api_id))}

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


# ------------------------------------- local authorities, services not rated


class SourcedRule(_Frozen):
    id: str
    source: str
    reading: bool = False


class _Rules(_Frozen):
    rules: tuple[SourcedRule, ...]

    def rule(self, rule_id: str) -> SourcedRule:
        return next(r for r in self.rules if r.id == rule_id)


class LocalAuthorityRules(_Rules):
    statements_required: int


class NotRatedRules(_Rules):
    no_rating: str


# ---------------------------------------------------------------- the method


StatementScores = Literal["from-evidence-categories", "direct"]


class Methodology(_Frozen):
    """One version of the method, all its layers merged (see :mod:`cqc_rate.method.layers`)."""

    # Who this is: given by each version file, never by an overlay.
    id: str
    in_force_from: datetime.date
    # Filled in when the versions are loaded or an overlay applied, never given in data:
    until: datetime.date | None = None  # the next version's in_force_from
    evidence_categories_method: str | None = None  # nearest version in the lineage with evidence categories
    overlay: str | None = None  # the --methodology file layered on, if any
    overlay_extends: str | None = None  # its `extends:` (then it decides the version for every file)

    # What the method says: what a layer or an overlay may give (CONTENT, below).
    statement_scores: StatementScores
    sections: dict[str, str] = Field(default_factory=dict)  # step -> section of the method (explain)
    bands: tuple[Band, ...] = Field(min_length=4, max_length=4)
    limiters: tuple[Limiter, ...]
    transfer: Transfer
    principle_sets: dict[str, PrincipleSet]
    service_types: tuple[ServiceType, ...]
    catalogue: Catalogue
    local_authority: LocalAuthorityRules
    not_rated: NotRatedRules

    @field_validator("bands")
    @classmethod
    def _bands(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        got = [b.rating.value for b in bands]
        want = [r.value for r in Rating.ordered()]
        if got != want:
            raise ValueError(f"bands must be, in order, {', '.join(want)}; got {', '.join(got)}")
        if bands[0].low != 25 or bands[-1].high != 100:
            raise ValueError("bands must cover 25-100 (every whole-number score); "
                             f"they cover {bands[0].low}-{bands[-1].high}")
        for lower, upper in itertools.pairwise(bands):
            if upper.low != lower.high + 1:
                raise ValueError(
                    f"bands must be contiguous: {lower.rating.value} ends at {lower.high}, so "
                    f"{upper.rating.value} must start at {lower.high + 1}, not {upper.low}")
        for band in bands:
            if band.low > band.high:
                raise ValueError(f"band {band.rating.value} is empty ({band.low}-{band.high})")
        return bands

    @field_validator("service_types")
    @classmethod
    def _principles_exist(cls, types: tuple[ServiceType, ...], info: Any) -> tuple[ServiceType, ...]:
        sets = info.data.get("principle_sets")
        for t in types:
            if sets is not None and t.principles is not None and t.principles not in sets:
                raise ValueError(f"service type {t.key} names principles {t.principles!r}, which are not "
                                 f"in principle_sets ({', '.join(sets)})")
        return types

    @field_validator("service_types")
    @classmethod
    def _names_are_clear(cls, types: tuple[ServiceType, ...]) -> tuple[ServiceType, ...]:
        """Every key, name and alias names one type; a shared alias is shared by two or more
        types and is no type's own name."""
        own: dict[str, str] = {}
        for t in types:
            for spelling in (t.key, t.name, *t.aliases):
                other = own.setdefault(name_key(spelling), t.key)
                if other != t.key:
                    raise ValueError(f"service type name {spelling!r} is given to both {other} and {t.key} "
                                     "(a name for two types belongs in shared_aliases of both)")
        shared: dict[str, list[str]] = {}
        for t in types:
            for spelling in t.shared_aliases:
                if name_key(spelling) in own:
                    raise ValueError(f"shared alias {spelling!r} of {t.key} is also the name of "
                                     f"{own[name_key(spelling)]}")
                shared.setdefault(name_key(spelling), []).append(t.key)
        for t in types:
            for spelling in t.shared_aliases:
                if len(set(shared[name_key(spelling)])) < 2:
                    raise ValueError(f"shared alias {spelling!r} of {t.key} is shared with no other type "
                                     "(a name for one type belongs in its aliases)")
        return types

    @functools.cached_property
    def _shared_keys(self) -> dict[str, tuple[ServiceType, ...]]:
        keys: dict[str, tuple[ServiceType, ...]] = {}
        for t in self.service_types:
            for spelling in t.shared_aliases:
                k = name_key(spelling)
                if t not in keys.get(k, ()):
                    keys[k] = (*keys.get(k, ()), t)
        return keys

    def ambiguous_service_type(self, ref: object) -> tuple[ServiceType, ...]:
        """The types a shared alias can mean ("ambulance service"); empty for any other name."""
        return self._shared_keys.get(name_key(ref), ()) if isinstance(ref, str) else ()

    def why_ambiguous(self, ref: object) -> str | None:
        """For a name two types share: "can mean X (name) or Y (name): give the key of the one
        meant"; None for any other."""
        types = self.ambiguous_service_type(ref)
        if not types:
            return None
        choices = " or ".join(f"{t.key} ({t.name})" for t in types)
        return f"can mean {choices}: give the key of the one meant"

    @functools.cached_property
    def _type_keys(self) -> dict[str, ServiceType]:
        keys: dict[str, ServiceType] = {}
        for t in self.service_types:
            for spelling in (t.key, t.name, *t.aliases):
                keys[name_key(spelling)] = t
        return keys

    def service_type(self, ref: object) -> ServiceType | None:
        return self._type_keys.get(name_key(ref)) if isinstance(ref, str) else None

    def suggest_service_types(self, ref: object) -> list[str]:
        return suggest(str(ref), {k: t.key for k, t in self._type_keys.items()})

    def band_for(self, score: int) -> Band:
        return self.bands[self.band_index(score)]

    def band_index(self, score: int) -> int:
        """Where the band of a whole-number score stands in `bands` (0: inadequate)."""
        for index, band in enumerate(self.bands):
            if band.low <= score <= band.high:
                return index
        raise ValueError(f"score {score} is outside every band")  # 25..100 always holds


# The keys of a version file, or an overlay, that say what the method is (not who it is).
CONTENT: tuple[str, ...] = (
    "statement_scores", "sections", "bands", "limiters", "transfer", "principle_sets",
    "service_types", "catalogue", "local_authority", "not_rated",
)
