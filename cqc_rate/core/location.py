"""Location and NHS trust ratings: levels 3, 4 and 5 ("Levels of ratings",
"How we will aggregate ratings", "How we rate NHS trusts").

- Level 3: each key question at location level, aggregated with the health
  principles from the services that have a rating for it (a service without
  one does not count; a significantly small service is left out: principle 2).
- Level 4: the location overall, from the five level-3 ratings after
  overrides (5 ratings: the 4-8 bucket).
- Level 5: the trust's well-led rating from the 8 trust-level well-led
  statements, scored like a key question; all 8 are needed. Moderation is an
  override with target ``trust``.

Professional judgement may depart from any principle: an override replaces
an aggregated rating and always carries its rationale; the computed rating is
kept beside it. Only the levels the location's type gets are produced.
No I/O here: assessment files are read and scored by :mod:`cqc_rate.locations`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..inputs.location import LocationFile
from ..method.models import Methodology, ServiceType
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating, name_key, slugify
from .principles import aggregate, counts_of
from .results import Aggregation, KeyQuestionResult, ServiceResult, status_of
from .service import overall as service_overall
from .service import score_key_question
from .sources import TransferContext, resolve

Loc = tuple[Any, ...]

LOCATION_LEVELS = (3, 4)
TRUST_LEVEL = 5
TRUST_STATEMENTS = 8  # "our assessment of the 8 quality statements under the key question"


def _r(rating: Rating | None) -> str | None:
    return rating.value if rating is not None else None


def _levels(levels: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in levels) if levels else "none"


# ---------------------------------------------------------------- checking


class _Unusable:
    """A value given but not valid: its own problem is reported; checks that need it skip it."""

    def __repr__(self) -> str:
        return "UNUSABLE"


UNUSABLE: Any = _Unusable()


@dataclass(frozen=True, slots=True)
class ServiceEntry:
    """What the cross-field checks need of one service entry."""

    name: str | None  # None: no usable name (its problem is reported on its own)
    ratings: Any = None  # the validated ratings; None when not given; UNUSABLE when given but invalid
    assessment: Any = None  # the path; None when not given; UNUSABLE when given but invalid
    unknown_keys: bool = False  # a key the entry does not take (a misspelt ratings:, perhaps)


@dataclass(frozen=True, slots=True)
class Parts:
    """The parts of a location file that are valid, for the checks that need more than
    one field: a file whose model fails is still checked as far as its valid parts go.
    UNUSABLE marks a part that is given but invalid (reported by the input model)."""

    type: str | None  # the service-type key; None when location.type is unusable
    services: Any  # tuple of ServiceEntry (None: an entry that is not a mapping); None: not given; UNUSABLE
    trust: Any  # TrustSection; None: not given; UNUSABLE
    overrides: tuple[str | None, ...] = ()  # each override's target by position; None: unusable


def parts_of(model: LocationFile) -> Parts:
    """The parts of a valid location file (all of it)."""
    services = None if model.services is None else tuple(
        ServiceEntry(s.name, s.ratings, s.assessment) for s in model.services)
    return Parts(model.location.type, services, model.trust, tuple(o.target for o in model.overrides or []))


def _service(entry: ServiceEntry, i: int) -> str:
    return f"service '{entry.name}'" if entry.name is not None else f"service #{i + 1}"


def check(model: LocationFile, method: Methodology) -> list[tuple[Loc, str]]:
    """Problems that need more than one field to see, each with where it stands."""
    return check_parts(parts_of(model), method)


def check_parts(parts: Parts, method: Methodology) -> list[tuple[Loc, str]]:
    """The checks of :func:`check` on the valid parts of a file: a check runs only when
    every part it needs is usable, so no problem is reported because of another."""
    problems: list[tuple[Loc, str]] = []
    entries = parts.services if isinstance(parts.services, tuple) else ()

    seen: dict[str, str] = {}
    for i, s in enumerate(entries):
        if s is None:
            continue
        if s.ratings is not None and s.assessment is not None:
            problems.append((("services", i, "assessment"), (
                f"{_service(s, i)} gives both ratings and an assessment file: give one or the other")))
        elif s.ratings is None and s.assessment is None:
            if not s.unknown_keys:  # a misspelt ratings: or assessment: is reported as that
                problems.append((("services", i), (
                    f"{_service(s, i)} gives neither ratings nor an assessment file: add ratings: "
                    "(its key-question ratings) or assessment: (the path of its assessment file)")))
        if s.name is None:
            continue
        key = name_key(s.name)
        if key in seen:
            problems.append((("services", i, "name"), (
                f"two services are named '{seen[key]}' and '{s.name}': give each service its own name")))
        seen.setdefault(key, s.name)

    stype = method.service_type(parts.type) if parts.type is not None else None
    if stype is not None:  # else location.type is unusable: what the type gets cannot be checked
        if not _type_checks(parts, stype, entries, problems):
            return problems
    targets: dict[str, int] = {}
    for i, target in enumerate(parts.overrides):
        if target is None:
            continue
        level = TRUST_LEVEL if target == "trust" else 4 if target == "location.overall" else 3
        if stype is not None and level not in stype.levels:
            what = {3: "location key-question ratings", 4: "overall location rating",
                    5: "NHS trust rating"}[level]
            problems.append((("overrides", i, "target"), (
                f"{stype.key} gets levels {_levels(stype.levels)}: it has no {what} (level {level}) "
                f"to override with {target}")))
        if target in targets:
            problems.append((("overrides", i, "target"), (
                f"{target} is overridden twice (first in override #{targets[target] + 1}): "
                "give one override per rating")))
        targets.setdefault(target, i)
    return problems


def _type_checks(parts: Parts, stype: ServiceType, entries: tuple[ServiceEntry | None, ...],
                 problems: list[tuple[Loc, str]]) -> bool:
    """What the location's type gets, against what the file gives; False: nothing more to check."""
    levels = set(stype.levels)
    if not levels & {*LOCATION_LEVELS, TRUST_LEVEL}:
        problems.append((("location", "type"), (
            f"{stype.key} gets levels {_levels(stype.levels)}: it has no location ratings (levels 3 and 4) "
            "and no NHS trust rating (level 5) to aggregate; use `cqc-rate score` for its services "
            "(aggregate takes independent-hospital, nhs-trust-acute and nhs-trust-non-acute)")))
        return False

    if 3 in levels and parts.services is not UNUSABLE and not entries:
        problems.append((("services",) if parts.services is not None else (), (
            "no services: a location file lists at least one service under services:")))
    if 3 not in levels and (entries or parts.services is UNUSABLE):
        problems.append((("services",), (
            f"{stype.key} gets levels {_levels(stype.levels)}: no location ratings (levels 3 and 4), so "
            "its services are not aggregated; remove services: and give trust: scores "
            "(score each service with `cqc-rate score`)")))

    if parts.trust is not None:
        if TRUST_LEVEL not in levels:
            problems.append((("trust",), (
                f"{stype.key} gets levels {_levels(stype.levels)}: no NHS trust rating (level 5), "
                "so trust: does not apply; remove it")))
        elif parts.trust is not UNUSABLE:
            for kq in KEY_QUESTIONS:
                section = getattr(parts.trust.scores, kq) or {}
                if kq != "well_led" and section:
                    problems.append((("trust", "scores", kq), (
                        "the trust-level assessment scores the 8 well-led statements only: "
                        f"{KEY_QUESTION_NAMES[kq].lower()} scores belong to the services")))
                for slug, entry in section.items():
                    if kq == "well_led" and not isinstance(entry, int):
                        problems.append((("trust", "scores", kq, slug), (
                            "trust-level scores are whole numbers 1-4 (the current method), "
                            "not evidence-category mappings")))
    elif TRUST_LEVEL in levels and 3 not in levels:
        problems.append(((), (
            f"{stype.key} gets level 5 only from aggregate (the NHS trust rating): "
            "give the trust-level well-led scores under trust: scores: well-led:")))

    return True


# ----------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Override:
    """Professional judgement departing from the principles, with its written rationale."""

    rating: Rating
    rationale: str

    def to_dict(self) -> dict[str, object]:
        return {"rating": self.rating.value, "rationale": self.rationale}


@dataclass(frozen=True, slots=True)
class LocationRating:
    """An aggregated rating (level 3 or 4): what the principles give, and any override."""

    computed: Aggregation
    override: Override | None = None

    @property
    def rating(self) -> Rating | None:
        return self.override.rating if self.override is not None else self.computed.rating

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rating": _r(self.rating),
            "status": status_of(self.rating),
            "computed": _r(self.computed.rating),
            "override": None if self.override is None else self.override.to_dict(),
        }
        out.update((k, v) for k, v in self.computed.to_dict().items() if k != "rating")
        return out


@dataclass(frozen=True, slots=True)
class LocationService:
    """One service at the location: its key-question ratings (level 1) and overall (level 2)."""

    name: str
    key_questions: dict[str, KeyQuestionResult]
    overall: Aggregation
    significantly_small: bool
    assessment: str | None = None  # the assessment file it was scored from, if any

    @property
    def left_out(self) -> bool:
        return self.significantly_small

    @property
    def no_ratings(self) -> bool:
        """Given by ratings (not an assessment file) with none of the five rated."""
        return self.assessment is None and all(r.rating is None for r in self.key_questions.values())

    def rating(self, kq: str) -> Rating | None:
        return self.key_questions[kq].rating

    def to_dict(self) -> dict[str, object]:
        return {
            "id": slugify(self.name),
            "name": self.name,
            "source": "assessment" if self.assessment is not None else "ratings",
            "assessment": self.assessment,
            "significantly_small": self.significantly_small,
            "left_out": self.left_out,
            "key_questions": {
                kq: {"rating": _r(r.rating), "status": r.status, "basis": r.basis, "percentage": r.percentage,
                     "score": r.score, "reason": r.reason}
                for kq, r in self.key_questions.items()
            },
            "overall": self.overall.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class TrustResult:
    """The NHS trust rating (level 5): the trust-level well-led key question, and moderation."""

    well_led: KeyQuestionResult | None  # None: no trust-level scores given
    override: Override | None = None
    reason: str | None = None

    @property
    def computed(self) -> Rating | None:
        return self.well_led.rating if self.well_led is not None else None

    @property
    def rating(self) -> Rating | None:
        return self.override.rating if self.override is not None else self.computed

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rating": _r(self.rating),
            "status": status_of(self.rating),
            "computed": _r(self.computed),
            "override": None if self.override is None else self.override.to_dict(),
            "reason": self.reason,
        }
        if self.well_led is not None:
            detail = self.well_led.to_dict()
            out.update((k, v) for k, v in detail.items() if k != "rating" and k not in out)
            out["reason"] = self.reason or detail["reason"]
        return out


@dataclass(frozen=True, slots=True)
class LocationResult:
    file: str
    name: str
    service_type: ServiceType
    services: tuple[LocationService, ...]
    key_questions: dict[str, LocationRating] | None  # level 3; None when the type does not get it
    overall: LocationRating | None  # level 4
    trust: TrustResult | None  # level 5
    methodology: str | None = None  # the --methodology overlay file, when one was used

    kind = "location"

    @property
    def left_out(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.services if s.left_out)

    @property
    def no_ratings(self) -> tuple[str, ...]:
        """Services given with `ratings: {}`: read, shown, and contributing nothing."""
        return tuple(s.name for s in self.services if s.no_ratings)

    @property
    def headline(self) -> tuple[str, Rating | None]:
        """The rating a --fail-under threshold applies to: the location overall, or the trust
        rating where that is the only level."""
        if self.overall is not None:
            return "overall location rating", self.overall.rating
        return "trust rating", self.trust.rating if self.trust is not None else None

    def overrides(self) -> list[tuple[str, Rating | None, Override]]:
        """(target, computed rating, override) for every override, in level order."""
        out: list[tuple[str, Rating | None, Override]] = []
        for kq, r in (self.key_questions or {}).items():
            if r.override is not None:
                out.append((f"location.{kq}", r.computed.rating, r.override))
        if self.overall is not None and self.overall.override is not None:
            out.append(("location.overall", self.overall.computed.rating, self.overall.override))
        if self.trust is not None and self.trust.override is not None:
            out.append(("trust", self.trust.computed, self.trust.override))
        return out

    def to_dict(self) -> dict[str, object]:
        location: dict[str, object] = {
            "name": self.name, "type": self.service_type.key, "levels": list(self.service_type.levels),
        }
        if self.key_questions is not None:
            location["key_questions"] = {kq: r.to_dict() for kq, r in self.key_questions.items()}
        if self.overall is not None:
            location["overall"] = self.overall.to_dict()
        location["left_out"] = list(self.left_out)
        location["no_ratings"] = list(self.no_ratings)
        out: dict[str, object] = {
            "file": self.file,
            "kind": self.kind,
            **({"methodology": self.methodology} if self.methodology is not None else {}),
            "location": location,
            "services": [s.to_dict() for s in self.services],
        }
        if self.trust is not None:
            out["trust"] = self.trust.to_dict()
        out["overrides"] = [
            {"target": t, "computed": _r(c), "rating": o.rating.value, "rationale": o.rationale}
            for t, c, o in self.overrides()
        ]
        return out


# ---------------------------------------------------------------- scoring


def rated_service(name: str, ratings: Any, principles: str, method: Methodology,
                  *, significantly_small: bool = False) -> LocationService:
    """A service given by its key-question ratings; level 2 needs all five."""
    kqs: dict[str, KeyQuestionResult] = {}
    for kq in KEY_QUESTIONS:
        given = getattr(ratings, kq, None) if ratings is not None else None
        if given is None:
            kqs[kq] = KeyQuestionResult(kq, (), None, None, reason="not rated for this service (absent from ratings:)")
        else:
            kqs[kq] = KeyQuestionResult(kq, (), given, "given")
    return LocationService(name, kqs, service_overall(kqs, principles, method), significantly_small)


def assessed_service(name: str, result: ServiceResult, *, significantly_small: bool = False) -> LocationService:
    """A service scored from its assessment file, as by `score`."""
    return LocationService(name, dict(result.key_questions), result.overall, significantly_small,
                           assessment=result.file)


def location_rating(ratings: list[Rating], principles: str, method: Methodology, why_none: str,
                    override: Override | None) -> LocationRating:
    if not ratings:
        return LocationRating(Aggregation(None, None, principles, counts_of([]), 0, reason=why_none), override)
    return LocationRating(aggregate(ratings, principles, method), override)


def key_question_ratings(services: tuple[LocationService, ...], principles: str, method: Methodology,
                         overrides: Mapping[str, Override]) -> dict[str, LocationRating]:
    """Level 3: each key question over the counted services that have a rating for it."""
    counted = [s for s in services if not s.left_out]
    out: dict[str, LocationRating] = {}
    for kq in KEY_QUESTIONS:
        ratings = [r for s in counted if (r := s.rating(kq)) is not None]
        why = (f"no counted service has a rating for {KEY_QUESTION_NAMES[kq].lower()}"
               + (" (significantly small services are left out)" if len(counted) < len(services) else ""))
        out[kq] = location_rating(ratings, principles, method, why, overrides.get(f"location.{kq}"))
    return out


def overall_rating(key_questions: Mapping[str, LocationRating], principles: str, method: Methodology,
                   override: Override | None) -> LocationRating:
    """Level 4: the five level-3 ratings, after their overrides."""
    missing = [KEY_QUESTION_NAMES[kq] for kq in KEY_QUESTIONS if key_questions[kq].rating is None]
    if missing:
        return LocationRating(Aggregation(None, None, principles, reason=(
            "no overall location rating: all five key questions need a location rating; "
            f"none for {', '.join(missing)}")), override)
    return location_rating([key_questions[kq].rating for kq in KEY_QUESTIONS],  # type: ignore[misc]
                           principles, method, "", override)


def trust_rating(scores: Mapping[str, int] | None, method: Methodology, override: Override | None) -> TrustResult:
    """Level 5: the 8 trust-level well-led statements, scored like a key question."""
    if scores is None:
        return TrustResult(None, override, reason="no trust-level well-led scores given (trust: scores: well-led:)")
    statements = resolve(method.catalogue.statements_of("well_led"), scores, {}, TransferContext({}, False),
                         method, service_level=False)
    missing = [s.statement.name for s in statements if s.score is None]
    if missing:
        return TrustResult(KeyQuestionResult("well_led", statements, None, None), override, reason=(
            f"no trust rating: all {TRUST_STATEMENTS} trust-level well-led statements need a score; "
            f"{len(missing)} not scored ({', '.join(missing)})"))
    return TrustResult(score_key_question("well_led", statements, method,
                                          rating_to_transfer=False, why_no_rating=""), override)


def aggregate_location(file: str, model: LocationFile, assessed: Mapping[int, ServiceResult],
                       method: Methodology) -> LocationResult:
    """A checked location file -> its service, location and trust ratings.

    `assessed` maps the index of each `assessment:` service to its scored result.
    """
    stype = method.service_type(model.location.type)
    assert stype is not None and stype.principles is not None
    principles = stype.principles
    services = tuple(
        assessed_service(s.name, assessed[i], significantly_small=s.significantly_small)
        if s.assessment is not None else
        rated_service(s.name, s.ratings, principles, method, significantly_small=s.significantly_small)
        for i, s in enumerate(model.services or [])
    )
    overrides = {o.target: Override(o.rating, o.rationale) for o in model.overrides or []}
    key_questions = overall = trust = None
    if 3 in stype.levels:
        key_questions = key_question_ratings(services, principles, method, overrides)
    if 4 in stype.levels and key_questions is not None:
        overall = overall_rating(key_questions, principles, method, overrides.get("location.overall"))
    if TRUST_LEVEL in stype.levels:
        scores = (model.trust.scores.well_led or {}) if model.trust is not None else None
        trust = trust_rating(scores, method, overrides.get("trust"))
    return LocationResult(file, model.location.name, stype, services, key_questions, overall, trust,
                          methodology=method.overlay)
