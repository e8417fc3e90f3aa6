"""``python -m cqc_rate.method``: validate the shipped versions and write their cache
(``method/data/validated.pickle``), as building the package does; run it after changing
any file in ``method/data/`` (tests/method/test_cache.py fails until then)."""

from . import write_cache

if __name__ == "__main__":  # importing the module writes nothing
    print(write_cache())
