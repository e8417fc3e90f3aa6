"""Class 5 (issue 17): locating problems is linear in the file.

9,900 keys like `0x64: 3` under `safe:` took 578 s (each problem scanned its mapping,
and the catalogue's names, again). Each mapping's keys are now indexed once per
file (reader._Keys), whatever the number of problems."""

from __future__ import annotations

import pytest

from cqc_rate.engine import check_document
from cqc_rate.inputs import reader
from cqc_rate.problems import InputError

HEAD = "service: {name: A, type: gp}\nassessment: {date: 2025-03-14}\nscores:\n  safe:\n"
KEYS = 5_000  # 10,000 values with their scores: under the 20,000-value limit


@pytest.mark.parametrize("key", ["0x{i:x}", "safe-environmentz{i}"])
def test_every_problem_is_located_at_its_own_key_with_one_index_per_mapping(monkeypatch, key):
    text = HEAD + "".join(f"    {key.format(i=i)}: 3\n" for i in range(1, KEYS + 1))
    built: list[int] = []
    real = reader._Keys.__init__

    def counted(self, node):
        built.append(len(node.value))
        real(self, node)

    monkeypatch.setattr(reader._Keys, "__init__", counted)
    with pytest.raises(InputError) as info:
        check_document(reader.parse("f.yaml", text))
    problems = info.value.problems
    assert len(problems) == KEYS
    # Key i stands on line 4 + i (four lines of head), column 5 (after four spaces).
    assert [(p.line, p.column) for p in problems] == [(4 + i, 5) for i in range(1, KEYS + 1)]
    # The top mapping, scores: and safe: -- each indexed once, not once per problem.
    assert sorted(built) == [1, 3, KEYS]
