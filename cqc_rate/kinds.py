"""The kinds of file cqc-rate reads, each named once: the one registry.

A kind has a module of the same name in every layer: its input model in
``inputs.<module>``, its checks and scoring in ``core.<module>``, its
explanation in ``explanations.<module>`` and its tables in
``render.table.<module>``. Adding a kind is one module per layer and one line
in :data:`KINDS`. The service types of the method data (``kind:``) name the
assessment kinds here.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Kind:
    """One kind of file; its parts are found by name, in the layer they belong to."""

    name: str  # as JSON, the CLI and the method data say it
    module: str  # the module's name in every layer
    model: str  # its input model: inputs.<module>.<model>
    result: str  # what scoring gives: core.<module>.<result>
    explanation: str  # what explaining gives: explanations.<module>.<explanation>

    def layer(self, package: str) -> ModuleType:
        """This kind's module in one layer (`inputs`, `core`, `explanations`, `render.table`)."""
        name = f"cqc_rate.{package}.{self.module}"
        found = sys.modules.get(name)  # asked for several times a file: imported once
        return found if found is not None else importlib.import_module(name)

    def input_model(self) -> Any:
        return getattr(self.layer("inputs"), self.model)

    def result_type(self) -> type:
        found: type = getattr(self.layer("core"), self.result)
        return found

    def explanation_type(self) -> type:
        found: type = getattr(self.layer("explanations"), self.explanation)
        return found


KINDS: tuple[Kind, ...] = (
    Kind("service", "service", "ServiceAssessment", "ServiceResult", "ServiceExplanation"),
    Kind("local-authority", "local_authority", "LocalAuthorityAssessment", "LocalAuthorityResult",
         "LocalAuthorityExplanation"),
    Kind("not-rated", "not_rated", "NotRatedAssessment", "NotRatedResult", "NotRatedExplanation"),
    Kind("location", "location", "LocationFile", "LocationResult", "LocationExplanation"),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
# The kinds a service type can be (a location is a file of services, not a type of one).
ASSESSMENT_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.name != "location")
