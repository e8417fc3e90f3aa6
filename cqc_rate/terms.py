"""The words of the method: ratings, key questions, and lenient name matching.

Kept free of heavy imports: every command needs these, and start-up time
matters for scripts that run cqc-rate thousands of times.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re

KEY_QUESTIONS: tuple[str, ...] = ("safe", "effective", "caring", "responsive", "well_led")
KEY_QUESTION_NAMES = {
    "safe": "Safe",
    "effective": "Effective",
    "caring": "Caring",
    "responsive": "Responsive",
    "well_led": "Well-led",
}


class Rating(str, enum.Enum):
    """CQC's four-point rating scale, lowest first."""

    INADEQUATE = "inadequate"
    REQUIRES_IMPROVEMENT = "requires improvement"
    GOOD = "good"
    OUTSTANDING = "outstanding"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:  # pragma: no cover - convenience for messages
        return self.value

    @classmethod
    def ordered(cls) -> tuple[Rating, ...]:
        return (cls.INADEQUATE, cls.REQUIRES_IMPROVEMENT, cls.GOOD, cls.OUTSTANDING)


_RANK = {r: i for i, r in enumerate(Rating.ordered())}


# Each rating's text, as a dict: an Enum member's `.value` is a property (two Python
# calls), and a result asks for ~35 of them.
RATING_TEXT: dict[Rating, str] = {r: r.value for r in Rating}
_VALUES: dict[Rating | None, str | None] = {None: None, **{r: text for r, text in RATING_TEXT.items()}}


def rating_value(rating: Rating | None) -> str | None:
    """The rating's text for JSON (``"good"``), or None where there is no rating."""
    return _VALUES[rating]

_APOSTROPHES = re.compile(r"['’‘`´]")
# What separates words in a name: ASCII spaces and punctuation, and the typographic
# forms a word processor puts in (curly quotes, dashes, a no-break space). Nothing
# else: a look-alike letter (Cyrillic а in "gpа"), a symbol or an invisible character
# (U+200B) stays part of its word, so the name matches nothing and is refused.
NAME_PUNCTUATION = "‘’“”‚„‐‑‒–—―\u00a0"
_SEPARATORS = re.compile("[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\t\n\r" + NAME_PUNCTUATION + "´]+")
_NAME_CHARS = re.compile("[\x20-\x7e\t\n\r" + NAME_PUNCTUATION + "´]*")


def words(text: str) -> list[str]:
    """Lower-case words of a name, ignoring apostrophes, dashes and punctuation."""
    text = _APOSTROPHES.sub("", str(text).strip().lower()).replace("&", " and ")
    return [w for w in _SEPARATORS.split(text) if w]


def odd_characters(text: str) -> str:
    """The characters of `text` no name of the method uses (look-alike letters, symbols,
    invisible characters), once each in order; '' when there are none."""
    if _NAME_CHARS.fullmatch(text):
        return ""
    return "".join(dict.fromkeys(c for c in text if not _NAME_CHARS.fullmatch(c)))


def _singular(word: str) -> str:
    # "experience/experiences", "need/needs": a plural slip must not matter.
    # Applied to every name alike, so it only has to be consistent, not correct.
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def name_key(text: str) -> str:
    """The matching key of a name: the same for every spelling a person may type."""
    if isinstance(text, str):
        return _name_key(text)
    return "-".join(_singular(w) for w in words(text))


@functools.lru_cache(maxsize=8192)
def _name_key(text: str) -> str:
    # A batch of thousands of files spells the same few hundred names over and over.
    return "-".join(_singular(w) for w in words(text))


def slugify(text: str) -> str:
    return "-".join(words(text))


def suggest(text: str, choices: dict[str, str], n: int = 3) -> list[str]:
    """The display names in `choices` (key -> name) closest to `text`."""
    key = name_key(text)
    keys = difflib.get_close_matches(key, list(choices), n=n, cutoff=0.5)
    # Only those nearly as close as the best: a clear typo gets one suggestion, not noise.
    ratio = {k: difflib.SequenceMatcher(None, key, k).ratio() for k in keys}
    best = max(ratio.values(), default=0.0)
    seen: list[str] = []
    for k in keys:
        if ratio[k] >= best - 0.1 and choices[k] not in seen:
            seen.append(choices[k])
    if not seen and len(key) >= 4:
        # A name cut short (`governance` for "Governance, management and sustainability")
        # is too unlike the whole for difflib, but is how people abbreviate.
        for k, name in choices.items():
            if k.startswith(key) and name not in seen:
                seen.append(name)
    return seen[:n]


_KEY_QUESTION_KEYS = {name_key(k): k for k in KEY_QUESTIONS} | {"wellled": "well_led"}
_RATING_KEYS = {name_key(r.value): r for r in Rating} | {"ri": Rating.REQUIRES_IMPROVEMENT}


def key_question_of(text: object) -> str | None:
    """`well-led`, `Well_led`, `wellled` -> `well_led`; None when not a key question."""
    if not isinstance(text, str):
        return None
    key = name_key(text)
    return _KEY_QUESTION_KEYS.get(key) or _KEY_QUESTION_KEYS.get(key.replace("-", ""))


def rating_of(text: object) -> Rating | None:
    """`Good`, `RI`, `requires_improvement` -> Rating; None when not a rating word."""
    if isinstance(text, Rating):
        return text
    if not isinstance(text, str):
        return None
    return _RATING_KEYS.get(name_key(text))


RATING_WORDS = "outstanding, good, requires improvement or inadequate"
KEY_QUESTION_WORDS = "safe, effective, caring, responsive or well-led"
