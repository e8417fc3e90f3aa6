"""Rules for local authorities and services CQC does not rate, as data.

``data/other_kinds.yaml`` holds the rules with the source text each comes
from ("Services we do not rate" in Assessing quality and performance; the
interim guidance on local authority assessments, February 2023). This module
gives them a shape and a lookup by rule id.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from . import _data


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class OtherKinds(_Frozen):
    local_authority: LocalAuthorityRules
    not_rated: NotRatedRules


@functools.cache
def other_kinds() -> OtherKinds:
    return OtherKinds.model_validate(_data.read("other_kinds.yaml"))
