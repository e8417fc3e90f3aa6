"""Why a rating came out as it did, and what would change it (`cqc-rate explain`).

One module per kind of result, each with its ``explain(result, *,
key_questions=None, method=None)``: :mod:`.service` (a rated service),
:mod:`.local_authority`, :mod:`.not_rated` and :mod:`.location` (location
files, levels 3-5); the pieces they share (steps, what-ifs, the key-question
explanation) are in :mod:`.steps`.

:data:`EXPLAINERS` names the explainer of each kind of result, explicitly:
a new kind adds a line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..core.local_authority import LocalAuthorityResult
from ..core.location import LocationResult
from ..core.not_rated import NotRatedResult
from ..core.results import ServiceResult
from ..method.models import Methodology
from . import local_authority, location, not_rated, service

Explainer = Callable[..., Any]

# result type -> its explain(result, *, key_questions, method)
EXPLAINERS: dict[type, Explainer] = {
    ServiceResult: service.explain,
    LocalAuthorityResult: local_authority.explain,
    NotRatedResult: not_rated.explain,
    LocationResult: location.explain,
}


def explainer(result_type: type) -> Explainer | None:
    """The explainer for a kind of result (or one it derives from), or None where there is none."""
    for cls in result_type.__mro__:
        if cls in EXPLAINERS:
            return EXPLAINERS[cls]
    return None


def explain(result: object, *, key_questions: Iterable[str] | None = None,
            method: Methodology | None = None) -> Any:
    """The explanation of a result, by the explainer of its kind."""
    found = explainer(type(result))
    if found is None:
        raise TypeError(f"no explanation for a {type(result).__name__}")
    return found(result, key_questions=key_questions, method=method)
