"""cqc-rate: scores and ratings under CQC's single assessment framework.

Library first: :func:`cqc_rate.load.load_file` reads and validates a file,
:mod:`cqc_rate.core` turns validated input into result objects that know why
they came out as they did, and :mod:`cqc_rate.render` prints them.
"""

__version__ = "0.1.0"
