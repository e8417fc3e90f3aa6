"""Class 4 (issue 17): location references cannot loop or grow.

An assessment: path must name an assessment file; a location file named there is
a located problem, read once and never followed, so no cycle (a location naming
itself, two naming each other) and no chain can make work grow: a chain of 30
location files never opens a file past the first level."""

from __future__ import annotations

from pathlib import Path

from cqc_rate.inputs import reader

from ..conftest import run_cli

RATINGS = "{safe: good, effective: good, caring: good, responsive: good, well-led: good}"


def _location(folder: Path, name: str, *assessments: str) -> Path:
    services = "".join(f"  - name: S{i}\n    assessment: {a}\n" for i, a in enumerate(assessments, 1))
    path = folder / name
    path.write_text(f"location: {{name: {name}, type: independent-hospital}}\nservices:\n{services}"
                    f"  - name: Rated\n    ratings: {RATINGS}\n", encoding="utf-8")
    return path


def test_a_location_naming_itself(tmp_path):
    path = _location(tmp_path, "self.yaml", "self.yaml")
    run = run_cli("aggregate", path)
    assert run.exit_code == 2
    # services #1's assessment value: line 4, column 17 (after `    assessment: `).
    assert run.stderr.splitlines() == [
        f"{path}:4:17: assessment self.yaml (service 'S1') cannot be used: it names this location file itself"]


def test_two_locations_naming_each_other(tmp_path):
    a = _location(tmp_path, "a.yaml", "b.yaml")
    _location(tmp_path, "b.yaml", "a.yaml")
    run = run_cli("validate", a)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{a}:4:17: assessment b.yaml (service 'S1') cannot be used:",
        # b.yaml's `location:` key is at line 1, column 1.
        f"{tmp_path / 'b.yaml'}:1:1: this is a location file: an assessment: path must name an assessment file "
        "(one with service:)"]


def test_a_chain_of_30_locations_opens_nothing_past_the_first_level(tmp_path, monkeypatch):
    # Each location names the next one twice: followed, the work would double at each level (2**30).
    for i in range(30):
        _location(tmp_path, f"l{i}.yaml", f"l{i + 1}.yaml", f"l{i + 1}.yaml")
    _location(tmp_path, "l30.yaml")
    reads: list[str] = []
    real = reader.read_text

    def counted(path: str) -> tuple[str, str]:
        reads.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(reader, "read_text", counted)
    run = run_cli("validate", tmp_path / "l0.yaml")
    assert run.exit_code == 2
    # l0.yaml itself, then l1.yaml for each of its two services: l2.yaml is never opened.
    assert reads == ["l0.yaml", "l1.yaml", "l1.yaml"]
    assert len(run.stderr.splitlines()) == 4  # a header and the problem, for each of the two services
