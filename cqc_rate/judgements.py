"""The two judgements for services CQC does not rate ("Services we do not rate").

Kept apart from the input model so that results and renderers can name them
without building the input models (start-up time).
"""

from __future__ import annotations

import enum


class Judgement(str, enum.Enum):
    """Regulations met, or not all regulations met, in CQC's words."""

    MET = "regulations met"
    NOT_MET = "not all regulations met"
