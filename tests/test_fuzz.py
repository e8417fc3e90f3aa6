"""Structural fuzzing: mutants of every sample and every valid example file.

Each mutant is one to three edits of a good file: a line deleted, duplicated,
swapped with another, indented or dedented, characters cut from it, or a scalar
value replaced by one of another type (number, text, list, mapping, date, bool,
null). For every mutant, `score` and `validate` must agree on whether the file
is valid (validate exit 0 <=> score exit not 2), and neither may fail with
anything but the project's InputError (an internal error, exit 3, is a bug).

Both run as the CLI runs them: the library functions on the parsed document
(`engine.score_document`, rendered to JSON, and `engine.validate_document`),
and for a few mutants of each sample the real commands through Typer's runner.
Location files are mutated next to copies of the files they name, so those
still resolve.

How many: CQC_FUZZ_MUTANTS per file (default 12; e.g. CQC_FUZZ_MUTANTS=2000 for
a long run). Which: a fixed seed in CI (CI set), a new one each run elsewhere,
like the Hypothesis profiles in conftest.py; CQC_FUZZ_SEED=N replays a run. A
failure lists each distinct crash once, with the mutant that found it (file,
seed, index, edits) and that mutant cut down to the fewest lines that still fail.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from cqc_rate import render
from cqc_rate.engine import file_kind, score_document, validate_document
from cqc_rate.inputs.reader import parse
from cqc_rate.problems import InputError

from .conftest import CASES, SAMPLES, run_cli

MUTANTS = int(os.environ.get("CQC_FUZZ_MUTANTS", "12"))
# Through the real CLI (table output, the slow part): a few per sample, valid ones first.
CLI_MUTANTS = int(os.environ.get("CQC_FUZZ_CLI_MUTANTS", "3"))
SEED = int(os.environ["CQC_FUZZ_SEED"]) if os.environ.get("CQC_FUZZ_SEED") else (
    0 if os.environ.get("CI") else random.SystemRandom().randrange(2**32))

ROOT = SAMPLES.parent
FILES = sorted(SAMPLES.glob("*.yaml")) + sorted((CASES / "valid").rglob("*.yaml"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ------------------------------------------------------------------ mutations

VALUES = {
    "number": ["0", "3", "-1", "2.5", "5", "1e400", "99999999999999999999", "0x1F", ".nan", "-.inf"],
    "text": ["text", "'3'", '"good"', "outstanding", "RI", "''", "é", "not met", "safe"],
    "list": ["[]", "[1, 2]", "[good]", "[[]]", "[{}]"],
    "mapping": ["{}", "{a: 1}", "{safe: good}", "{name: x}"],
    "date": ["2025-01-01", "2023-02-30", "2025-03-14T10:00:00Z", "0001-01-01", "9999-12-31"],
    "bool": ["true", "false", "no", "on"],
    "null": ["null", "~", ""],
}
_VALUE_KIND = {v: kind for kind, values in VALUES.items() for v in values}
# A scalar after `key: ` or `- ` in block style, or after `key: ` inside a flow mapping.
_SCALAR = re.compile(r"(?:(?<=: )|(?<=^- )|(?<= - ))(?P<v>[^\s,{}\[\]#](?:(?!: )[^,{}\[\]#])*?)(?=\s*(?:[,}\]]|\s#|$))")


def _kind_of_text(value: str) -> str:
    if value in _VALUE_KIND:
        return _VALUE_KIND[value]
    if re.fullmatch(r"[-+]?\d+(\.\d*)?", value):
        return "number"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return "date"
    return "text"


def _content(lines: list[str]) -> list[int]:
    """Lines worth editing (not blank, not a comment); all of them if there are none."""
    found = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    return found or list(range(len(lines)))


def _delete(rng: random.Random, lines: list[str]) -> str:
    i = rng.choice(_content(lines))
    del lines[i]
    return f"delete line {i + 1}"


def _duplicate(rng: random.Random, lines: list[str]) -> str:
    i = rng.choice(_content(lines))
    lines.insert(i + 1, lines[i])
    return f"duplicate line {i + 1}"


def _indent(rng: random.Random, lines: list[str]) -> str:
    i = rng.choice(_content(lines))
    n = rng.choice([1, 2, 4])
    lines[i] = " " * n + lines[i]
    return f"indent line {i + 1} by {n}"


def _dedent(rng: random.Random, lines: list[str]) -> str:
    indented = [i for i in _content(lines) if lines[i].startswith(" ")]
    i = rng.choice(indented or _content(lines))
    lead = len(lines[i]) - len(lines[i].lstrip(" "))
    n = rng.choice([1, 2, lead]) if lead else 0
    lines[i] = lines[i][min(n, lead):]
    return f"dedent line {i + 1} by {min(n, lead)}"


def _cut(rng: random.Random, lines: list[str]) -> str:
    i = rng.choice(_content(lines))
    line = lines[i]
    if not line:
        return "cut nothing"
    start = rng.randrange(len(line))
    end = min(len(line), start + rng.choice([1, 1, 2, 3, 5, 12]))
    lines[i] = line[:start] + line[end:]
    return f"cut columns {start + 1}-{end} of line {i + 1}"


def _swap_value(rng: random.Random, lines: list[str]) -> str:
    spots = [(i, m) for i in _content(lines) for m in _SCALAR.finditer(lines[i])]
    if not spots:
        return _cut(rng, lines)
    i, m = rng.choice(spots)
    current = _kind_of_text(m.group("v"))
    kind = rng.choice([k for k in VALUES if k != current])
    value = rng.choice(VALUES[kind])
    lines[i] = lines[i][: m.start("v")] + value + lines[i][m.end("v"):]
    return f"line {i + 1}: {m.group('v')!r} -> {kind} {value!r}"


def _swap_lines(rng: random.Random, lines: list[str]) -> str:
    content = _content(lines)
    i = rng.choice(content)
    j = rng.choice([k for k in content if k != i] or [i]) if rng.random() < 0.5 else min(i + 1, len(lines) - 1)
    lines[i], lines[j] = lines[j], lines[i]
    return f"swap lines {i + 1} and {j + 1}"


MUTATIONS = [_delete, _duplicate, _indent, _dedent, _cut, _swap_value, _swap_lines]


@dataclass(frozen=True)
class Mutant:
    file: str  # relative to the project root
    index: int
    edits: tuple[str, ...]
    text: str

    @property
    def name(self) -> str:
        return f"{self.file}#{self.index}"


def mutant(file: str, text: str, index: int, seed: int = SEED) -> Mutant:
    """The index-th mutant of a file: the same for the same seed, file and index."""
    rng = random.Random(f"{seed}/{file}/{index}")
    lines = text.split("\n")
    edits = [rng.choice(MUTATIONS)(rng, lines) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    return Mutant(file, index, tuple(edits), "\n".join(lines))


# ------------------------------------------------------------------ the check


@dataclass(frozen=True)
class Outcome:
    validate_ok: bool | None  # None: it crashed
    score_ok: bool | None
    crash: str | None = None  # "Type at file:line" of the first crash; the key for grouping
    detail: str | None = None  # the traceback

    @property
    def key(self) -> str | None:
        if self.crash is not None:
            return self.crash
        if self.validate_ok != self.score_ok:
            return (f"disagree: validate {'ok' if self.validate_ok else 'invalid'}, "
                    f"score {'ok' if self.score_ok else 'invalid'}")
        return None


def _crash(exc: BaseException, what: str) -> tuple[str, str]:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "cqc_rate" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{what}: {type(exc).__name__} at {where}", "".join(traceback.format_exception(exc))


def _validate(name: str, text: str, base: Path) -> bool:
    """As `validate` does it (commands/validate.check_file), on parsed text."""
    try:
        doc = parse(name, text, base)
    except InputError:
        return False
    try:
        validate_document(doc)
    except InputError:
        file_kind(doc.data)  # check_file names the kind of an invalid file too
        return False
    return True


def _score(name: str, text: str, base: Path) -> bool:
    """As `score` does it (engine.score_file, then a renderer), on parsed text."""
    try:
        result = score_document(parse(name, text, base))
    except InputError:
        return False
    out = io.StringIO()
    renderer = render.get("json", out)
    renderer.start(False)
    renderer.item(result)
    renderer.finish()
    return True


def check(name: str, text: str, base: Path) -> Outcome:
    results: dict[str, bool | None] = {}
    for what, run in (("validate", _validate), ("score", _score)):
        try:
            results[what] = run(name, text, base)
        except Exception as exc:  # noqa: BLE001 - anything but InputError is what we are looking for
            crash, detail = _crash(exc, what)
            return Outcome(results.get("validate"), None, crash, detail)
    return Outcome(results["validate"], results["score"])


def shrink(text: str, base: Path, key: str, budget: int = 400) -> str:
    """The text with as many whole lines removed as still gives the same failure."""
    lines = text.split("\n")
    changed = True
    while changed and budget > 0:
        changed = False
        i = 0
        while i < len(lines) and budget > 0:
            trial = lines[:i] + lines[i + 1:]
            budget -= 1
            if check("shrunk", "\n".join(trial), base).key == key:
                lines = trial
                changed = True
            else:
                i += 1
    return "\n".join(lines)


# ------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """samples/ and tests/cases/valid/ copied, so mutants sit next to the files they name."""
    root = tmp_path_factory.mktemp("fuzz")
    for path in FILES:
        target = root / _rel(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return root


def _report(found: dict[str, list[tuple[Mutant, Outcome]]], base: Path, total: int) -> str:
    parts = [f"{sum(len(v) for v in found.values())} of {total} mutants failed, "
             f"{len(found)} distinct failure(s); replay with CQC_FUZZ_SEED={SEED} CQC_FUZZ_MUTANTS={MUTANTS}"]
    for key, hits in sorted(found.items()):
        first, outcome = min(hits, key=lambda h: len(h[0].text))
        parts.append(f"\n--- {key}  ({len(hits)} mutant(s): {', '.join(m.name for m, _ in hits[:8])}"
                     f"{', ...' if len(hits) > 8 else ''})\n"
                     f"{first.name}: {'; '.join(first.edits)}\n"
                     f"reduced to:\n{shrink(first.text, base, key)}\n")
        if outcome.detail:
            parts.append(outcome.detail.rstrip().splitlines()[-1])
    return "\n".join(parts)


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_mutants_score_and_validate_agree_and_never_crash(path: Path, copies: Path):
    file = _rel(path)
    base = (copies / file).parent
    text = path.read_text(encoding="utf-8")
    found: dict[str, list[tuple[Mutant, Outcome]]] = {}
    for index in range(MUTANTS):
        m = mutant(file, text, index)
        outcome = check(m.name, m.text, base)
        if outcome.key is not None:
            found.setdefault(outcome.key, []).append((m, outcome))
    if found:
        pytest.fail(_report(found, base, MUTANTS), pytrace=False)


def _pick_for_cli(file: str, text: str, base: Path) -> list[Mutant]:
    """Valid mutants first (they reach the table renderer), then one invalid one."""
    valid: list[Mutant] = []
    invalid: list[Mutant] = []
    for index in range(max(MUTANTS, 4 * CLI_MUTANTS)):
        m = mutant(file, text, index)
        outcome = check(m.name, m.text, base)
        if outcome.key is not None:
            continue  # the library test above reports it
        (valid if outcome.validate_ok else invalid).append(m)
        if len(valid) >= CLI_MUTANTS - 1 and invalid:
            break
    return (valid[: CLI_MUTANTS - 1] + invalid[:1] + valid[CLI_MUTANTS - 1:])[:CLI_MUTANTS]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=_rel)
def test_mutants_through_the_cli(path: Path, copies: Path):
    file = _rel(path)
    base = (copies / file).parent
    problems = []
    for m in _pick_for_cli(file, path.read_text(encoding="utf-8"), base):
        target = base / f"_mutant-{path.stem}-{m.index}.yaml"
        target.write_text(m.text, encoding="utf-8")
        checked = run_cli("validate", target)
        scored = run_cli("score", target, "--jobs", "1")
        if checked.exit_code not in (0, 2) or scored.exit_code not in (0, 2) \
                or (checked.exit_code == 0) != (scored.exit_code != 2):
            problems.append(f"{m.name} ({'; '.join(m.edits)}): validate exit {checked.exit_code}, "
                            f"score exit {scored.exit_code}\n{checked.stderr}{scored.stderr}\n{m.text}")
        target.unlink()
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def test_mutants_are_reproducible():
    text = (SAMPLES / "care-home.yaml").read_text(encoding="utf-8")
    assert mutant("samples/care-home.yaml", text, 7, seed=1) == mutant("samples/care-home.yaml", text, 7, seed=1)
    assert len({mutant("samples/care-home.yaml", text, i, seed=1).text for i in range(20)}) > 10


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_every_mutation_changes_the_text(mutation):
    text = (SAMPLES / "care-home.yaml").read_text(encoding="utf-8")
    changed = 0
    for i in range(20):
        lines = text.split("\n")
        mutation(random.Random(i), lines)
        changed += "\n".join(lines) != text
    assert changed >= 15
