"""cqc-rate: scores and ratings under CQC's single assessment framework.

The public Python API (the command line uses nothing else)::

    import cqc_rate

    result = cqc_rate.score_file("samples/care-home.yaml")
    result.overall.rating            # Rating.GOOD
    result.to_dict()                 # the JSON `cqc-rate score --format json` prints

    cqc_rate.score({"service": {"name": "A", "type": "gp"}, "ratings": {...}})
    cqc_rate.validate(data)          # [] or a list of located Problems

:func:`score`, :func:`aggregate`, :func:`explain` and :func:`validate` take a
parsed mapping; :func:`score_file`, :func:`aggregate_file`,
:func:`explain_file` and :func:`validate_file` a path. :func:`check` and
:func:`check_file` hold CQC API location records' published ratings against the
rules; :func:`compare` and :func:`compare_files` set two assessments of one service
(or two location files) side by side. Invalid input raises :class:`InputError` with every problem located.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Check", "CheckedFile", "Explanation", "InputError", "Overlay", "Problem", "Rating", "Result", "__version__",
    "aggregate", "aggregate_file", "check", "check_file", "explain", "explain_file", "score", "score_file",
    "validate", "validate_file", "score_each", "explain_each", "convert_files",
    "Comparison", "compare", "compare_files",
]

if TYPE_CHECKING:
    from .api import (
        Check,
        CheckedFile,
        Comparison,
        Explanation,
        Overlay,
        Result,
        aggregate,
        aggregate_file,
        check,
        check_file,
        compare,
        compare_files,
        convert_files,
        explain,
        explain_each,
        explain_file,
        score,
        score_each,
        score_file,
        validate,
        validate_file,
    )
    from .problems import InputError, Problem
    from .terms import Rating

# Imported when first used: `import cqc_rate` (and every CLI start) stays cheap.
_LAZY = {"InputError": "problems", "Problem": "problems", "Rating": "terms"}


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "__version__":
        import importlib

        module = importlib.import_module(f".{_LAZY.get(name, 'api')}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
