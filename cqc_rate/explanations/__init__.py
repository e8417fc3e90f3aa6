"""Why a rating came out as it did, and what would change it (`cqc-rate explain`).

One module per kind of result, each with its ``explain(result, *,
key_questions=None, method=None)``: :mod:`.service` (a rated service),
:mod:`.local_authority`, :mod:`.not_rated` and :mod:`.location` (location
files, levels 3-5); the pieces they share (steps, what-ifs, the key-question
explanation) are in :mod:`.steps`.

:func:`explainers` finds each kind's explainer through the one registry of
kinds, :data:`cqc_rate.kinds.KINDS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from ..kinds import KINDS
from ..method import method_in_force, method_named
from ..method.models import Methodology

Explainer = Callable[..., Any]


@functools.cache
def explainers() -> dict[type, Explainer]:
    """Result type -> its kind's explain(result, *, key_questions, method), from cqc_rate.kinds."""
    return {kind.result_type(): kind.layer("explanations").explain for kind in KINDS}


def explainer(result_type: type) -> Explainer | None:
    """The explainer for a kind of result (or one it derives from), or None where there is none."""
    known = explainers()
    for cls in result_type.__mro__:
        if cls in known:
            return known[cls]
    return None


def explain(result: object, *, key_questions: Iterable[str] | None = None,
            method: Methodology | None = None) -> Any:
    """The explanation of a result, by the explainer of its kind. The what-ifs are worked
    out by `method`: by default the version the result was scored by (a service records
    it; for the other kinds every shipped version has the same rules); pass the method
    with its overlay where one was used (the public API does)."""
    found = explainer(type(result))
    if found is None:
        raise TypeError(f"no explanation for a {type(result).__name__}")
    if method is None:
        named = getattr(result, "method", None)
        method = method_named(named) if isinstance(named, str) else method_in_force()
    return found(result, key_questions=key_questions, method=method)
