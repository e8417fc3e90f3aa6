"""Deterministic synthetic assessment files for the benchmark.

``python benchmarks/generate.py OUT_DIR COUNT [--seed N]`` writes COUNT
assessment files of rated services, spread over 100 subfolders (as a real
tree of drafts would be), the same files for the same seed on every machine.

The mix is meant to look like England's register, not like a test suite:
mostly adult social care and GP practices, some clinics, urgent care and
trusts; services inspected before (existing ratings and scores to transfer)
or new, some after a change of provider; assessments dated before
2 December 2024 scored by evidence category (the 2023 method) and later ones
scored 1-4 (the 2024 method); statement names written as names, slugs or API
ids; a few key questions rated directly. Every file is valid: it scores with
exit 0 (the benchmark checks that).
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cqc_rate.method import base_catalogue as catalogue  # noqa: E402
from cqc_rate.terms import KEY_QUESTIONS  # noqa: E402

# (service type, weight): roughly the shape of the register (most locations
# are care homes and home-care agencies, then GP practices).
SERVICE_TYPES = [
    ("adult-social-care", 60), ("gp", 18), ("independent-doctors-and-clinics", 5),
    ("independent-single-specialty", 3), ("independent-hospital", 3), ("online-primary-care", 2),
    ("urgent-care", 3), ("nhs-trust-non-acute", 3), ("nhs-trust-acute", 3),
]
RATINGS = ["outstanding", "good", "good", "good", "good", "requires improvement", "requires improvement", "inadequate"]
KQ_KEYS = {"safe": "safe", "effective": "effective", "caring": "caring", "responsive": "responsive",
           "well_led": "well-led"}
FIRST = ["Rosewood", "Oak", "Ash", "Meadow", "Riverside", "Park", "Hill", "Abbey", "Church", "Station", "Willow", "Elm"]
SECOND = ["House", "Court", "Lodge", "Surgery", "Medical Centre", "Clinic", "Care Home", "Home Care", "Practice",
          "Hospital"]
METHOD_CHANGE = datetime.date(2024, 12, 2)
CATEGORIES = [c.slug for c in catalogue().categories]


def _statement_ref(rng: random.Random, statement) -> str:
    """A statement written the ways people write them: name, slug or API id."""
    pick = rng.random()
    if pick < 0.5:
        return statement.name if ":" not in statement.name else f'"{statement.name}"'
    if pick < 0.9:
        return statement.slug
    return str(statement.api_id)


def _score(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4], weights=[1, 4, 10, 2])[0]


def assessment(rng: random.Random, n: int) -> str:
    """One assessment file's text."""
    stype = rng.choices([t for t, _ in SERVICE_TYPES], weights=[w for _, w in SERVICE_TYPES])[0]
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 700))
    method_2023 = date < METHOD_CHANGE
    inspected = rng.random() < 0.8
    changed = inspected and rng.random() < 0.08
    lines = [
        f"# Synthetic assessment {n} (benchmarks/generate.py)",
        "service:",
        f"  name: {rng.choice(FIRST)} {rng.choice(SECOND)} {n}",
        f"  type: {stype}",
        "assessment:",
        f"  date: {date.isoformat()}",
    ]
    if rng.random() < 0.1:
        lines.append(f"  method: {'2023' if method_2023 else '2024'}")
    lines += ["history:", f"  inspected_before: {str(inspected).lower()}",
              f"  provider_changed: {str(changed).lower()}"]
    if stype == "adult-social-care" and rng.random() < 0.5:
        lines.append(f"  asc_framework_only: {str(rng.random() < 0.8).lower()}")

    direct = {kq for kq in KEY_QUESTIONS if rng.random() < 0.04}
    if inspected:
        lines.append("existing_ratings:")
        lines += [f"  {KQ_KEYS[kq]}: {rng.choice(RATINGS)}" for kq in KEY_QUESTIONS]
    # Statements assessed at this assessment, and (for services inspected
    # before) scores kept from an earlier assessment under the new framework.
    updated: dict[str, list] = {}
    existing: dict[str, list] = {}
    for kq in KEY_QUESTIONS:
        if kq in direct:
            continue
        statements = [s for s in catalogue().statements_of(kq) if s.service_level]
        rng.shuffle(statements)
        if inspected:
            k = rng.randint(1, max(1, len(statements) // 2))
            updated[kq] = statements[:k]
            if rng.random() < 0.4:
                existing[kq] = statements[k:k + rng.randint(0, 3)]
        else:
            updated[kq] = statements  # a new service: every statement assessed
    if any(existing.values()):
        lines.append("existing_scores:")
        for kq, statements in existing.items():
            if statements:
                lines.append(f"  {KQ_KEYS[kq]}:")
                lines += [f"    {s.slug}: {_score(rng)}" for s in statements]
    lines.append("scores:")
    for kq, statements in updated.items():
        lines.append(f"  {KQ_KEYS[kq]}:")
        for s in statements:
            ref = _statement_ref(rng, s)
            if method_2023:
                lines.append(f"    {ref}:")
                for category in rng.sample(CATEGORIES, rng.randint(2, 4)):
                    lines.append(f"      {category}: {_score(rng)}")
            else:
                lines.append(f"    {ref}: {_score(rng)}")
    if direct:
        lines.append("ratings:")
        lines += [f"  {KQ_KEYS[kq]}: {rng.choice(RATINGS)}" for kq in KEY_QUESTIONS if kq in direct]
    return "\n".join(lines) + "\n"


def generate(out: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` files under `out` (100 subfolders); the same files for the same seed."""
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        folder = out / f"{n % 100:02d}"
        if n < 100:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"location-{n:05d}.yaml"
        path.write_text(assessment(rng, n), encoding="utf-8")
        paths.append(path)
    return paths


API_SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "api" / "extract.jsonl"
API_RATINGS = ["Outstanding", "Good", "Good", "Good", "Requires improvement", "Inadequate"]


def _vary(rng: random.Random, node: object) -> None:
    """Published ratings changed at random in place (so verdicts vary: agrees, departs, ...)."""
    if isinstance(node, dict):
        if "rating" in node and isinstance(node["rating"], str) and rng.random() < 0.3:
            node["rating"] = rng.choice(API_RATINGS)
        for value in node.values():
            _vary(rng, value)
    elif isinstance(node, list):
        for value in node:
            _vary(rng, value)


def generate_api_records(out: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` CQC API location records (one JSON file each, 100 subfolders), made from the
    records in samples/api/extract.jsonl with their names, ids and some ratings changed."""
    import json

    rng = random.Random(seed)
    templates = [json.loads(line) for line in API_SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    paths = []
    for n in range(count):
        folder = out / f"{n % 100:02d}"
        if n < 100:
            folder.mkdir(parents=True, exist_ok=True)
        record = json.loads(json.dumps(rng.choice(templates)))
        record["locationId"] = f"1-{n + 200_000_000:09d}"
        record["name"] = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {n}"
        _vary(rng, record)
        path = folder / f"record-{n:05d}.json"
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
