"""Text from files, shown safely: the one place that decides how a name, a value or a
file name written by someone else reaches a terminal, a log line or a CSV cell.

Assessment files come from anywhere (a pre-commit hook checks other people's files,
CI scores folders nobody read first), so their text may carry terminal escapes
(``\\x1b]0;...``), bidirectional overrides that reorder what a reviewer sees
(U+202E), invisible characters, or newlines that forge extra ``FILE:LINE:COL:``
lines. :func:`safe` shows each such character as a visible escape instead; the text
is otherwise unchanged. :func:`excerpt` also cuts a long value short, so a message
never echoes a file's contents. docs/safety.md lists the rules and limits.
"""

from __future__ import annotations

import codecs
import functools
import re

EXCERPT = 60  # characters of a value a message may echo, before "…"
PATH_EXCERPT = 255  # characters of a path written in a file (paths are longer than values)

# C0 and C1 controls and DEL (newline and tab included: a name is one line);
# bidirectional marks, embeddings, overrides and isolates; zero-width and other
# invisible format characters; line and paragraph separators; the BOM; and lone
# surrogates (a file name that is not UTF-8, as Python decodes it).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): shown as that byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object, *, lines: bool = False) -> str:
    """`text` with every control, bidirectional and invisible character shown as an
    escape (ESC as ``\\x1b``, U+202E as ``\\u202e``, a newline as ``\\n``). With
    `lines`, newlines are kept: a table cell's own line breaks (a table is no log line)."""
    value = text if isinstance(text, str) else str(text)
    if not _UNSAFE.search(value):
        return value
    if lines:
        return "\n".join(_UNSAFE.sub(_escape, part) for part in value.split("\n"))
    return _UNSAFE.sub(_escape, value)


def unsafe_in(text: str, *, lines: bool = False) -> bool:
    """Whether `text` holds a character that :func:`safe` would escape."""
    return _UNSAFE.search(text.replace("\n", "") if lines else text) is not None


def cut(text: str, limit: int = EXCERPT) -> str:
    """`text` cut to `limit` characters, with "…" when it was longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """A value as a message may echo it: escaped (see safe), at most `limit` characters
    of it, "…" when there was more."""
    value = text if isinstance(text, str) else str(text)
    return safe(cut(value, limit))


def quoted(text: object, limit: int = EXCERPT) -> str:
    """A value in quotes for a message: ``'the value'``, escaped and cut (see excerpt)."""
    return "'" + excerpt(text, limit) + "'"


# CSV: a cell a spreadsheet would read as a formula (=, +, -, @, and the tab or
# carriage return some read before one) is made inert with a leading apostrophe,
# as OWASP recommends; docs/csv.md says so.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell's value: text escaped (see safe) and made inert if it could start a
    formula; numbers and empty cells as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return safe(value)


# JSON keeps the data exact (its own escapes carry controls), but a bidirectional or
# invisible character would still reach a terminal raw: written as a \\u escape
# instead, which any JSON reader turns back into the same character. A lone
# surrogate (a non-UTF-8 file name) cannot be written as UTF-8 at all: it becomes
# the text \\xNN, as everywhere else.
_JSON_UNSAFE = re.compile("[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u206f\u3164\ufeff\ufff9-\ufffb\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"\\\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\\ufffd"
    return f"\\u{code:04x}"


# The non-ASCII characters the tool's own texts and method data put in JSON (a statement's
# name has an en dash), most common first; see json_text.
_OWN_NON_ASCII = tuple((c, len(c.encode()) - 1) for c in "–—→·…’§×")


def json_text(encoded: str, *, utf8_size: int | None = None) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with the characters above escaped.

    `utf8_size`, the text's length in UTF-8 bytes when known, spares most texts the scan:
    each non-ASCII character takes one to three bytes more than its one character, so when
    the tool's own characters account for every extra byte there is no other to escape."""
    if encoded.isascii():  # every character above is beyond ASCII (and isascii() costs nothing)
        return encoded
    if utf8_size is not None:
        extra = utf8_size - len(encoded)
        for char, more in _OWN_NON_ASCII:
            extra -= encoded.count(char) * more
            if extra == 0:
                return encoded
    return _JSON_UNSAFE.sub(_json_escape, encoded) if _JSON_UNSAFE.search(encoded) else encoded


# The tool's own symbols, and what stands in for each where the output's encoding
# cannot carry it (PYTHONIOENCODING=ascii, a Latin-1 terminal).
ASCII_FALLBACK = str.maketrans({
    "─": "-", "━": "=", "│": "|", "┃": "|", "┼": "+", "╇": "+", "╋": "+", "├": "[", "┤": "]",
    "●": "*", "◆": "<", "→": "->", "—": "-", "–": "-", "·": "-", "…": "...", "§": "s.",
    "’": "'", "‘": "'", "“": '"', "”": '"', "›": ">", "×": "x", "≥": ">=", "≤": "<=",
})


def for_encoding(text: str, encoding: str | None) -> str:
    """`text` as a stream in `encoding` can carry it: the tool's symbols in ASCII and
    anything else it cannot encode as a backslash escape (never an error)."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    return text.translate(ASCII_FALLBACK).encode(encoding, "backslashreplace").decode(encoding)


def for_stream(text: str, stream: object) -> str:
    return for_encoding(text, getattr(stream, "encoding", None))


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _u_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a JSON surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


@functools.lru_cache(maxsize=16)
def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "utf-8").name == "utf-8"
    except LookupError:
        return False


def ascii_json(encoded: str, encoding: str | None) -> str:
    """JSON text for a stream whose encoding cannot carry all of it: every non-ASCII
    character as a \\u escape, still valid JSON with the same data. A UTF-8 stream (the
    usual one) carries all of it without a trial encoding: JSON text from json_text holds
    no lone surrogate, the one thing UTF-8 cannot encode."""
    if encoded.isascii() or _is_utf8(encoding):
        return encoded
    try:
        encoded.encode(encoding or "utf-8")
        return encoded
    except UnicodeEncodeError:
        return _NON_ASCII.sub(_u_escape, encoded)
    except LookupError:
        return encoded
