"""The shipped versions' cache (method/data/validated.pickle) is the YAML, validated.

Fails when a file in method/data/ changed and the cache was not rebuilt: run
`python -m cqc_rate.method` (it validates the YAML with the Pydantic models and writes it).
"""

from __future__ import annotations

import pickle

import cqc_rate.method as method
from cqc_rate.method import layers


def _shipped() -> dict:
    return pickle.loads(layers.data_folder().joinpath(method.CACHE).read_bytes())


def test_the_cache_is_of_the_data_files_and_models_shipped() -> None:
    key = method.cache_key()
    assert (_shipped()["key"]["data"], _shipped()["key"]["models"]) == (key["data"], key["models"])


def test_the_cache_holds_what_validating_the_yaml_gives() -> None:
    cached, now = _shipped(), method.validated_now()
    assert cached["versions"] == now["versions"]
    assert list(cached["methods"]) == [v.id for v in now["versions"]] == ["2023", "2024"]
    for vid, validated in now["methods"].items():
        assert cached["methods"][vid] == validated
        assert method.dump(cached["methods"][vid]) == method.dump(validated)


def test_a_stale_cache_is_not_used(monkeypatch) -> None:
    # Another key (data changed since, or another Pydantic): everything validated from the YAML.
    monkeypatch.setattr(method, "cache_key", lambda: {"data": "changed", "models": "", "pydantic": "0"})
    got = method._validated.__wrapped__()  # what a start with that key reads (the cached one kept)
    assert got["key"] == {"data": "changed", "models": "", "pydantic": "0"}
    assert got["methods"]["2024"] == _shipped()["methods"]["2024"]
