"""Starter files (`cqc-rate template`): text that validates as printed.

Every statement that applies is given as a commented-out line
``# <slug>:   # <api id> <name>``, so the file is valid before any score is
given; uncommenting a line and giving it a value is all that filling it in takes.
"""

from __future__ import annotations

from .method import base_catalogue, method_in_force
from .method.models import Catalogue, ServiceType
from .safe_text import quoted
from .terms import KEY_QUESTION_NAMES, KEY_QUESTIONS

SCHEMA_LINE = "# yaml-language-server: $schema={name}.schema.json"
SCHEMA_HINT = ("# (the schema, for editors: `cqc-rate schema{arg} > {name}.schema.json` beside this file)")


class TemplateError(ValueError):
    """An unknown service type, or a location file for a type that has none."""


def _type(ref: str) -> ServiceType:
    method = method_in_force()
    found = method.service_type(ref)
    why = method.why_ambiguous(ref) if found is None else None
    if why is not None:
        raise TemplateError(f"service type {quoted(ref)} {why}")
    if found is None:
        near = method.suggest_service_types(ref)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise TemplateError(f"unknown service type {quoted(ref)}{hint} (see `cqc-rate service-types`)")
    return found


def _kq_key(kq: str) -> str:
    return kq.replace("_", "-")


def _statement_lines(catalogue: Catalogue, kq: str, indent: str, value: str = "") -> list[str]:
    lines = []
    for s in catalogue.statements_of(kq):
        if not s.service_level:
            continue
        lines.append(f"{indent}# {s.slug}:{value}  # {s.api_id} {s.name}")
    return lines


def _header(t: ServiceType, schema: str) -> list[str]:
    arg = "" if schema == "assessment" else f" {schema}"
    return [SCHEMA_LINE.format(name=schema), SCHEMA_HINT.format(arg=arg, name=schema),
            f"# A starter {schema} file for {t.name} ({t.key}), from `cqc-rate template`.",
            "# It validates as printed: uncomment what you assess and give it a value."]


def _service(t: ServiceType) -> list[str]:
    return ["service:",
            "  name: Service name           # free text: change it",
            f"  type: {t.key}",
            "assessment:",
            "  # date: 2025-01-31           # YYYY-MM-DD; before 2024-12-02 selects the 2023 method",
            "  # method: 2024               # 2023 or 2024: overrides the date"]


def _rated(t: ServiceType, catalogue: Catalogue) -> list[str]:
    lines = _service(t)
    lines += [
        "history:",
        "  # Only for a first assessment under this framework, with published ratings to transfer.",
        "  # inspected_before: true     # default: true when existing_ratings are given, else false",
        "  # provider_changed: false    # default false; true: published ratings are not transferred",
    ]
    if t.key == "adult-social-care":
        lines.append("  # asc_framework_only: true   # default true: the adult social care transfer exceptions")
    lines += [
        "existing_ratings:",
        "  # The published key-question ratings: statements not scored now are transferred from them.",
        "  # outstanding, good, requires improvement or inadequate.",
    ]
    lines += [f"  # {_kq_key(kq)}: good" for kq in KEY_QUESTIONS]
    lines += [
        "existing_scores:",
        "  # Statement scores kept from earlier assessments under this framework, by key question,",
        "  # e.g. safe: {learning-culture: 2}",
        "ratings:",
        "  # A key-question rating given directly (instead of its scores), e.g. caring: good",
        "scores:",
        "  # This assessment's statement scores, 1-4. Names, slugs and API ids all work as keys.",
    ]
    for kq in KEY_QUESTIONS:
        lines.append(f"  {_kq_key(kq) + ':':<12}# {KEY_QUESTION_NAMES[kq]}")
        lines += _statement_lines(catalogue, kq, "    ")
    return lines


def _local_authority(t: ServiceType, catalogue: Catalogue) -> list[str]:
    lines = _service(t)[:-1]  # no method: for local authorities
    lines += ["scores:",
              "  # The nine statement scores, 1-4, by theme (a theme key needs its statements under it;",
              "  # the statements may also be given flat, without the theme)."]
    for theme in catalogue.themes:
        lines.append(f"  # {theme.slug}:               # {theme.name}")
        for slug in theme.statements:
            s = catalogue.by_slug[slug]
            lines.append(f"    # {s.slug}:  # {s.api_id} {s.name}")
    return lines


def _not_rated(t: ServiceType, catalogue: Catalogue) -> list[str]:
    lines = _service(t)[:-1]
    lines += ["judgements:",
              "  # CQC does not rate this type: a judgement per statement, met or not met, or one per",
              "  # evidence category, e.g. {processes: not met, observation: met}."]
    for kq in KEY_QUESTIONS:
        lines.append(f"  {_kq_key(kq) + ':':<12}# {KEY_QUESTION_NAMES[kq]}")
        lines += _statement_lines(catalogue, kq, "    ", " met")
    return lines


def _location(t: ServiceType, catalogue: Catalogue) -> list[str]:
    levels = set(t.levels)
    if not levels & {3, 5}:
        raise TemplateError(f"{t.key} has no location ratings (levels 3-5): a location file is for "
                            "independent-hospital, nhs-trust-acute or nhs-trust-non-acute")
    lines = ["location:",
             "  name: Location name          # free text: change it",
             f"  type: {t.key}"]
    if 3 in levels:
        lines += [
            "services:",
            "  # Each service: a unique name and exactly one of ratings: (key-question ratings) or",
            "  # assessment: (an assessment file, relative to this one; `cqc-rate template` makes one).",
            "  # significantly_small: true leaves a service out of the aggregation.",
            "  - name: First service        # an example: replace its ratings",
            "    ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}",
            "  # - name: Second service",
            "  #   assessment: second-service.yaml",
        ]
    if 5 in levels:
        lines += ["trust:",
                  "  # Level 5: the 8 trust-level well-led statement scores, 1-4.",
                  "  scores:",
                  "    well-led:"]
        lines += [f"      # {s.slug}:  # {s.api_id} {s.name}" for s in catalogue.statements_of("well_led")]
    lines += ["overrides:",
              "  # Professional judgement: target location.<key question> | location.overall | trust,",
              "  # with a rating and a rationale (required), e.g.",
              "  # - {target: location.caring, rating: good, rationale: Why the principles are departed from.}"]
    return lines


def render_template(ref: str, *, location: bool = False) -> str:
    """The starter file for a service type (any spelling `service-types` accepts)."""
    t = _type(ref)
    catalogue = base_catalogue()
    if location:
        body = _header(t, "location") + _location(t, catalogue)
    elif t.kind == "local-authority":
        body = _header(t, "assessment") + _local_authority(t, catalogue)
    elif t.kind == "not-rated":
        body = _header(t, "assessment") + _not_rated(t, catalogue)
    else:
        body = _header(t, "assessment") + _rated(t, catalogue)
    return "\n".join(body) + "\n"
