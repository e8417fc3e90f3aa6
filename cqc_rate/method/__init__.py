"""The method: the one place a version is chosen.

A version is a YAML file in ``method/data/`` (``saf-2023.yaml``,
``saf-2024.yaml``, ...), layered on the one it ``extends`` (see
:mod:`cqc_rate.method.layers` for the rule: mappings merge key by key, lists
and scalars replace whole). Adding a version is adding one file.

- :func:`versions` / :func:`version_ids`: the shipped versions, oldest first;
- :func:`method_named`: a version by id; :func:`method_in_force`: by date
  (the newest whose ``in_force_from`` is on or before it; no date: the newest);
- :func:`method_for`: what a file gets from its ``assessment.method`` and
  ``assessment.date``, with an overlay (``--methodology FILE``) if one is given;
- :func:`read_overlay`: an overlay file, checked against every version it may
  be layered on, every problem located in it;
- :func:`base_catalogue`: the catalogue for reading input files (names).

The core never calls any of these: it is given the :class:`Methodology`.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import pickle
from dataclasses import dataclass, field
from typing import Any

from pydantic import ConfigDict, ValidationError, create_model

from ..safe_text import quoted
from . import layers
from .models import CONTENT, Catalogue, Methodology


@dataclass(frozen=True)
class Version:
    """A shipped version, as its file says, before any validation."""

    id: str
    in_force_from: datetime.date
    extends: str | None
    file: str


class UnknownMethod(ValueError):
    pass


# The shipped versions, validated once when the package is built (``python -m
# cqc_rate.method``): read from YAML and validated by the Pydantic models below on every
# start, they cost ~18 ms a run. The file is the package's own data, trusted as its code
# is; it is used only while it is the cache of these data files under this Pydantic
# (its key), else everything is read and validated from the YAML as before.
CACHE = "validated.pickle"


def cache_key() -> dict[str, str]:
    """The data files' hash (their names and bytes), the models' source (the classes the
    cache holds: a changed model must not load an old object) and the Pydantic version."""
    import pydantic

    from . import models

    digest = hashlib.sha256()
    folder = layers.data_folder()
    for name in layers.shipped_files():
        digest.update(name.encode() + b"\0" + folder.joinpath(name).read_bytes() + b"\0")
    with open(models.__file__, "rb") as source:
        code = hashlib.sha256(source.read()).hexdigest()
    return {"data": digest.hexdigest(), "models": code, "pydantic": pydantic.VERSION}


def validated_now() -> dict[str, Any]:
    """What the cache holds, made now from the YAML: the versions and each one validated."""
    found = _read_versions()
    return {"key": cache_key(), "versions": found, "methods": {v.id: _validate(v.id, found) for v in found}}


@functools.cache
def _validated() -> dict[str, Any]:
    try:
        cached: dict[str, Any] = pickle.loads(layers.data_folder().joinpath(CACHE).read_bytes())
        if cached.get("key") == cache_key():
            return cached
    except Exception:  # noqa: BLE001 - missing, stale or unreadable: validated from the YAML instead
        pass
    return validated_now()


def write_cache() -> str:
    """Write the cache beside the data files (when building the package); its path."""
    path = layers.data_folder().joinpath(CACHE)
    with open(str(path), "wb") as f:
        f.write(pickle.dumps(validated_now(), protocol=4))
    return str(path)


def _versions() -> tuple[Version, ...]:
    found: tuple[Version, ...] = _validated()["versions"]
    return found


def _read_versions() -> tuple[Version, ...]:
    found = []
    for file in layers.shipped_files():
        data = layers.read(file)
        if isinstance(data, dict) and "id" in data:
            found.append(Version(*layers.header(data, file), file=file))
    found.sort(key=lambda v: v.in_force_from)
    for a, b in itertools.pairwise(found):
        if a.in_force_from == b.in_force_from:
            raise ValueError(f"method/data: {a.file} and {b.file} come into force on the same day")
    ids = [v.id for v in found]
    if len(set(ids)) != len(ids):
        raise ValueError(f"method/data: a version id is used twice: {ids}")
    return tuple(found)


def version_ids() -> tuple[str, ...]:
    """The ids of the shipped versions, oldest first ("2023", "2024")."""
    return tuple(v.id for v in _versions())


@functools.cache
def _by_ref() -> dict[str, Version]:
    """Every version by each way of naming it; the first named so wins, as a search would."""
    found: dict[str, Version] = {}
    for v in _versions():
        for ref in (v.id, v.file, v.file.removesuffix(".yaml")):
            found.setdefault(ref, v)
    return found


def _version(ref: str) -> Version:
    """A version by its id or its file's name (``2023``, ``saf-2023``, ``saf-2023.yaml``)."""
    found = _by_ref().get(ref) if isinstance(ref, str) else None
    if found is None:
        raise UnknownMethod(f"unknown method {quoted(ref)}: expected {' or '.join(version_ids())}")
    return found


def _in(found: tuple[Version, ...], vid: str) -> Version:
    return next(v for v in found if v.id == vid)


def _content(vid: str, found: tuple[Version, ...]) -> dict[str, Any]:
    """A version's content, every layer under it merged."""
    v = _in(found, vid)
    data = layers.read(v.file)
    base = _content(v.extends, found) if v.extends is not None else {}
    merged: dict[str, Any] = layers.merge(base, layers.own_content(data))
    return merged


def _lineage(vid: str, found: tuple[Version, ...]) -> list[Version]:
    v = _in(found, vid)
    return [*(_lineage(v.extends, found) if v.extends is not None else []), v]


def method_named(ref: str) -> Methodology:
    """A shipped version by id, or its file's name (UnknownMethod if there is none)."""
    return _named(_version(ref).id)


def _named(vid: str) -> Methodology:
    found: Methodology = _validated()["methods"][vid]
    return found


def _validate(vid: str, found: tuple[Version, ...]) -> Methodology:
    """A version validated by the Methodology model, from its YAML and the layers under it."""
    v = _in(found, vid)
    later = [w for w in found if w.in_force_from > v.in_force_from]
    evidence = next((w.id for w in reversed(_lineage(v.id, found))
                     if _content(w.id, found).get("statement_scores") == "from-evidence-categories"), None)
    return Methodology.model_validate({
        **_content(v.id, found), "id": v.id, "in_force_from": v.in_force_from,
        "until": later[0].in_force_from if later else None, "evidence_categories_method": evidence,
    })


def versions() -> tuple[Methodology, ...]:
    """Every shipped version, oldest first."""
    return tuple(method_named(v.id) for v in _versions())


def method_in_force(date: datetime.date | None = None) -> Methodology:
    """The version in force on `date`: the newest whose in_force_from is on or before it.
    No date: the newest. A date before every version: the earliest (any date is accepted)."""
    every = _versions()
    if date is None:
        return method_named(every[-1].id)
    return method_named(next((v.id for v in reversed(every) if v.in_force_from <= date), every[0].id))


@functools.cache  # asked for with every name in every file read
def base_catalogue() -> Catalogue:
    """The catalogue input models resolve names with: the earliest version's. Names
    (statements, categories, themes) are the same in every shipped version."""
    return method_named(_versions()[0].id).catalogue


# ------------------------------------------------------------------ overlays


@dataclass(frozen=True, eq=False)
class Overlay:
    """A ``--methodology FILE``: what it gives replaces what the method says (the layering rule)."""

    file: str
    content: dict[str, Any]
    extends: str | None  # a version id: every file gets that version; None: each file's own
    doc: Any = field(repr=False)  # the load.Document, to locate problems in
    _on: dict[str, Methodology] = field(default_factory=dict, repr=False)

    def on(self, base: Methodology) -> Methodology:
        """This overlay layered on `base` (validated when read: see read_overlay)."""
        done = self._on.get(base.id)
        if done is None:
            done = self._on[base.id] = Methodology.model_validate({
                **layers.merge(base.model_dump(mode="json", include=set(CONTENT)), self.content),
                "id": base.id, "in_force_from": base.in_force_from, "until": base.until,
                "evidence_categories_method": base.evidence_categories_method,
                "overlay": self.file, "overlay_extends": self.extends,
            })
        return done


@functools.cache
def _overlay_keys() -> Any:
    """The top of an overlay: what is checked before merging (a model made when first
    needed: making it costs every start a few milliseconds, and few runs have an overlay)."""
    return create_model(
        "Overlay", __config__=ConfigDict(extra="forbid"),
        extends=(Any, None), **{key: (Any, None) for key in CONTENT},  # type: ignore[call-overload]
    )


def read_overlay(path: str) -> Overlay:
    """Read and check an overlay file; InputError lists every problem, located in it
    (those found only after merging too, at the overlay's key they came from)."""
    from ..inputs.reader import read_document, validate
    from ..problems import InputError

    doc = read_document(path)
    problems = set()
    try:
        validate(doc, _overlay_keys())
    except InputError as exc:  # unknown keys: reported, and left out of the merge to find the rest
        problems.update(exc.problems)
    extends = doc.data.get("extends")
    if extends is not None:
        try:
            extends = _version(str(extends)).id
        except UnknownMethod as exc:
            raise InputError(sorted({*problems, doc.problem(("extends",), str(exc))},
                                    key=lambda p: (p.line or 0, p.column or 0, p.message))) from None
    content = {k: v for k, v in doc.data.items() if k in CONTENT}
    overlay = Overlay(doc.name, content, extends, doc)
    for base in [method_named(extends)] if extends is not None else versions():
        try:
            overlay.on(base)
        except ValidationError as exc:
            problems.update(_located(doc, exc))
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.message)))
    return overlay


def _located(doc: Any, exc: ValidationError) -> list[Any]:
    from ..inputs.reader import problems_from

    return problems_from(doc, Methodology, exc)


@functools.lru_cache(maxsize=1024)
def method_for(named: str | None, date: datetime.date | None, overlay: Overlay | None = None) -> Methodology:
    """The method a file gets: its assessment.method if named, else the one in force on its
    date (else the newest); an overlay with `extends:` decides for every file instead."""
    if overlay is not None and overlay.extends is not None:
        return overlay.on(method_named(overlay.extends))
    base = method_named(named) if named is not None else method_in_force(date)
    return overlay.on(base) if overlay is not None else base


def dump(method: Methodology) -> dict[str, Any]:
    """The complete method, all layers merged, as an overlay of it would say it
    (`extends:` its id, then every key an overlay may give)."""
    return {"extends": method.id, **method.model_dump(mode="json", include=set(CONTENT))}


__all__ = [
    "Catalogue", "Methodology", "Overlay", "UnknownMethod", "Version",
    "base_catalogue", "dump", "method_for", "method_in_force", "method_named",
    "read_overlay", "version_ids", "versions",
]
