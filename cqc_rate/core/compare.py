"""`cqc-rate compare BEFORE AFTER`: two results of the same service (or location) side by side.

Pure: it reads two result objects (as `score` gives them) and returns a
:class:`Comparison`; nothing is read or written here.

Each result is read as a list of places that carry a rating (:class:`Place`):
a service file's five key questions (level 1) and its overall rating (level 2);
a local authority's overall rating; a location file's services (levels 1 and 2,
matched by name), its key questions (level 3), its overall rating (level 4) and
the trust (level 5). The two lists are matched place by place; a place in one
file only is listed as `added` or `removed`.

For each place: the percentage, score and rating before and after, the change
in points (after's whole-number score less before's), the direction of the
score (up, down, same; for a rating without a score, of the rating), the change
of the rating itself, and how the score moved within its band (:func:`movement`). Then every
statement whose score or source changed. A rating that went down, or that was
there before and is withheld after, is a drop (`compare --fail-on-drop`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..method.models import QualityStatement
from ..safe_text import quoted
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating, rating_value
from .bands import Position
from .local_authority import LocalAuthorityResult
from .location import LocationResult
from .results import KeyQuestionResult, ServiceResult, status_of

UP, DOWN, SAME = "up", "down", "same"
RATED = "rated"  # no rating before, one after
WITHHELD = "withheld"  # a rating before, none after
NONE = "none"  # no rating in either
ADDED, REMOVED = "added", "removed"  # the place is in one file only
#: Directions `--fail-on-drop` fails on.
DROPS = (DOWN, WITHHELD)

Compared = ServiceResult | LocalAuthorityResult | LocationResult


class CompareError(ValueError):
    """Two results that cannot be compared (or not without --force): one line."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a rating is: its level, the location's service (None: the file's own rating)
    and the key question (None: the overall rating, or a local authority's)."""

    level: int | None
    service: str | None
    key_question: str | None

    @property
    def label(self) -> str:
        what = KEY_QUESTION_NAMES[self.key_question] if self.key_question else "Overall"
        if self.service is not None:
            return f"{self.service}: {what}"
        if self.level == 5:
            return f"Trust: {what}"
        if self.level in (3, 4):
            return f"Location: {what}"
        return what

    def to_dict(self) -> dict[str, object]:
        return {"level": self.level, "service": self.service, "key_question": self.key_question}


@dataclass(frozen=True, slots=True)
class Reading:
    """One rating as compare reads it, with the arithmetic behind it where there is one."""

    rating: Rating | None
    status: str
    percentage: float | None = None
    score: int | None = None
    position: Position | None = None
    statements: tuple[tuple[QualityStatement, int | None, str | None], ...] = ()  # (statement, score, source)
    basis: str | None = None  # a key question's: "band", "limiter", "given"

    def to_dict(self) -> dict[str, object]:
        return {"percentage": self.percentage, "score": self.score, "rating": rating_value(self.rating),
                "status": self.status, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class StatementChange:
    """A statement whose score or source differs between the two files."""

    place: Place
    statement: QualityStatement
    score_before: int | None
    score_after: int | None
    source_before: str | None
    source_after: str | None

    def to_dict(self) -> dict[str, object]:
        s = self.statement
        return {**self.place.to_dict(), "id": s.slug, "api_id": s.api_id, "name": s.name,
                "score_before": self.score_before, "score_after": self.score_after,
                "source_before": self.source_before, "source_after": self.source_after}


@dataclass(frozen=True, slots=True)
class RatingChange:
    """One place's rating before and after."""

    place: Place
    before: Reading | None  # None: the place is not in the before file
    after: Reading | None

    @property
    def points(self) -> int | None:
        """After's whole-number score less before's, where both have one."""
        if self.before is None or self.after is None or self.before.score is None or self.after.score is None:
            return None
        return self.after.score - self.before.score

    @property
    def direction(self) -> str:
        """Of the score where both have one (up, down, same), else of the rating."""
        points = self.points
        if points is not None:
            return UP if points > 0 else DOWN if points < 0 else SAME
        return self.rating_change

    @property
    def rating_change(self) -> str:
        return rating_change(self.before, self.after)

    @property
    def dropped(self) -> bool:
        """The rating went down, was withheld after, or a place rated before is not in the
        after file at all (what --fail-on-drop fails on: nothing vouches for it now)."""
        change = self.rating_change
        if change == REMOVED:
            return self.before is not None and self.before.rating is not None
        return change in DROPS

    @property
    def movement(self) -> str | None:
        return movement(self.before, self.after)

    def to_dict(self) -> dict[str, object]:
        return {
            **self.place.to_dict(), "label": self.place.label,
            "before": None if self.before is None else self.before.to_dict(),
            "after": None if self.after is None else self.after.to_dict(),
            "points": self.points, "direction": self.direction, "rating_change": self.rating_change,
            "dropped": self.dropped,
            "movement": self.movement,
            "position_before": _position(self.before), "position_after": _position(self.after),
        }


def _position(r: Reading | None) -> dict[str, object] | None:
    return None if r is None or r.position is None else r.position.to_dict()


@dataclass(frozen=True, slots=True)
class Comparison:
    before_file: str
    after_file: str
    kind: str  # "service", "local-authority" or "location" (before's, when --force compared two kinds)
    name: str
    service_type: str  # the key: adult-social-care
    type_name: str  # its name: Adult social care services
    ratings: tuple[RatingChange, ...]
    statements: tuple[StatementChange, ...]
    notes: tuple[str, ...] = ()  # --force: what differs between the two files
    settings: tuple[Any, ...] = ()  # --set values applied to AFTER (cqc_rate.inputs.what_if.Setting)

    @property
    def drops(self) -> tuple[RatingChange, ...]:
        return tuple(r for r in self.ratings if r.dropped)

    @property
    def file(self) -> str:  # as every result names its file (batch output, messages)
        return self.after_file

    def to_dict(self) -> dict[str, object]:
        return {
            "before": self.before_file, "after": self.after_file, "kind": self.kind,
            "name": self.name, "type": self.service_type,
            "ratings": [r.to_dict() for r in self.ratings],
            "statements": [s.to_dict() for s in self.statements],
            "dropped": len(self.drops) > 0,
            "notes": list(self.notes),
            **({"set": [s.to_dict() for s in self.settings]} if self.settings else {}),
        }


# ------------------------------------------------------------------ reading


def rating_change(before: Reading | None, after: Reading | None) -> str:
    """up, down or same (a rating in both); rated, withheld or none; added or removed."""
    if before is None:
        return ADDED
    if after is None:
        return REMOVED
    if before.rating is None:
        return RATED if after.rating is not None else NONE
    if after.rating is None:
        return WITHHELD
    if after.rating.rank == before.rating.rank:
        return SAME
    return UP if after.rating.rank > before.rating.rank else DOWN


def _next(rating: Rating, step: int) -> Rating:
    return Rating.ordered()[rating.rank + step]


def movement(before: Reading | None, after: Reading | None) -> str | None:
    """How the whole-number score moved in its band, and where it is now: "moved up within
    the band, now 16 points from outstanding"; None without a score in both."""
    if before is None or after is None or before.position is None or after.position is None:
        return None
    assert before.score is not None and after.score is not None
    points = after.score - before.score
    was, now = before.position, after.position
    if points == 0:
        text = "no change"
    elif was.band is now.band:
        text = f"moved {UP if points > 0 else DOWN} within the {now.band.value} band"
    else:
        text = f"moved {UP if points > 0 else DOWN} from the {was.band.value} band to the {now.band.value} band"
    if points >= 0 and now.to_next_band is not None:
        n = now.to_next_band
        text += f", {'now ' if points else ''}{n} point{'s' if n != 1 else ''} from {_next(now.band, 1).value}"
    elif points < 0 and now.to_lower_band is not None:
        n = now.to_lower_band
        text += f", {'now ' if points else ''}{n} point{'s' if n != 1 else ''} from {_next(now.band, -1).value}"
    elif now.to_next_band is None and points >= 0:
        text += ", in the top band"
    else:
        text += ", in the lowest band"
    if after.basis == "limiter" and after.rating is not None and after.rating is not now.band:
        # The band is the score's; the rating is one a statement's score holds below it.
        text += f"; the rating is limited to {after.rating.value} by a statement's score"
    return text


def _kq_reading(r: KeyQuestionResult) -> Reading:
    return Reading(r.rating, r.status, r.percentage, r.score, r.position,
                   tuple((s.statement, s.score, s.source) for s in r.statements if s.applies), r.basis)


def readings(result: Compared) -> list[tuple[Place, Reading]]:
    """Every rated place in a result, in the order compare lists them."""
    out: list[tuple[Place, Reading]] = []
    if isinstance(result, ServiceResult):
        for kq in KEY_QUESTIONS:
            out.append((Place(1, None, kq), _kq_reading(result.key_questions[kq])))
        out.append((Place(2, None, None), Reading(result.overall.rating, result.overall.status)))
    elif isinstance(result, LocalAuthorityResult):
        o = result.overall
        out.append((Place(None, None, None), Reading(
            o.rating, status_of(o.rating), o.percentage, o.score, o.position,
            tuple((s.statement, s.score, "updated" if s.score is not None else None) for s in result.statements),
            o.basis)))
    else:
        for kq, lr in (result.key_questions or {}).items():
            out.append((Place(3, None, kq), Reading(lr.rating, status_of(lr.rating))))
        if result.overall is not None:
            out.append((Place(4, None, None), Reading(result.overall.rating, status_of(result.overall.rating))))
        if result.trust is not None:
            t = result.trust
            wl = t.well_led
            out.append((Place(5, None, "well_led"), Reading(
                t.rating, status_of(t.rating),
                *((wl.percentage, wl.score, wl.position, _kq_reading(wl).statements) if wl is not None else ()))))
        for service in result.services:
            for kq in KEY_QUESTIONS:
                if kq in service.key_questions:
                    out.append((Place(1, service.name, kq), _kq_reading(service.key_questions[kq])))
            out.append((Place(2, service.name, None), Reading(service.overall.rating, service.overall.status)))
    return out


def _identity(result: Compared) -> tuple[str, str, str]:
    return result.kind, result.name, result.service_type.key


def _statement_changes(place: Place, before: Reading, after: Reading) -> Iterable[StatementChange]:
    was = {s.slug: (s, score, source) for s, score, source in before.statements}
    for s, score, source in after.statements:
        old = was.pop(s.slug, None)
        old_score, old_source = (old[1], old[2]) if old is not None else (None, None)
        if (old_score, old_source) != (score, source):
            yield StatementChange(place, s, old_score, score, old_source, source)
    for s, score, source in was.values():  # in before only (a statement no longer assessed)
        if score is not None or source is not None:
            yield StatementChange(place, s, score, None, source, None)


def compare(before: Compared, after: Compared, *, force: bool = False) -> Comparison:
    """The two results side by side. CompareError when they are of different services or
    kinds (the kind, name or service type differs), unless `force`."""
    was, now = _identity(before), _identity(after)
    notes: list[str] = []
    if was != now:
        what = [f"{label} {quoted(a)} and {quoted(b)}" for label, a, b in
                zip(("kinds", "names", "service types"), was, now, strict=True) if a != b]
        text = "different " + ("kinds of file" if was[0] != now[0] else "services") + ": " + "; ".join(what)
        if not force:
            raise CompareError(f"{text} (--force compares them anyway)")
        notes.append(f"{text}: compared as asked (--force)")
    after_places = dict(readings(after))
    ratings: list[RatingChange] = []
    statements: list[StatementChange] = []
    for place, reading in readings(before):
        later = after_places.pop(place, None)
        ratings.append(RatingChange(place, reading, later))
        if later is not None:
            statements.extend(_statement_changes(place, reading, later))
    ratings.extend(RatingChange(place, None, reading) for place, reading in after_places.items())
    return Comparison(before.file, after.file, before.kind, after.name, after.service_type.key,
                      after.service_type.name,
                      tuple(ratings), tuple(statements), tuple(notes),
                      tuple(getattr(after, "settings", ())))


def changed(ratings: Sequence[RatingChange]) -> list[RatingChange]:
    """The ratings whose rating, percentage or score differs (what a short table lists)."""
    return [r for r in ratings if r.before is None or r.after is None
            or r.before.to_dict() != r.after.to_dict()]
