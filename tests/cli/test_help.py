"""`cqc-rate --help`: the command list gives each command's first paragraph as one
sentence that wraps between words, not at the docstring's own line breaks."""

from __future__ import annotations

from cqc_rate.cli import COMMANDS, command_function, command_name, short_help

from ..conftest import run_cli


def test_short_help_is_the_first_paragraph_on_one_line():
    def sample() -> None:
        """First line of a sentence
        that goes on here.

        Details not shown in the list."""

    assert short_help(sample) == "First line of a sentence that goes on here."


def test_every_command_is_listed_with_its_whole_first_paragraph():
    out = run_cli("--help").stdout
    # The list's text, box drawing taken off, as one run of words.
    words = " ".join(line.strip("│ ").replace("│", " ") for line in out.splitlines()).split()
    flat = " ".join(words)
    for entry in COMMANDS:
        name, first = command_name(entry), short_help(command_function(entry))
        assert f"{name} {first}" in flat, name


def test_the_list_wraps_only_where_the_next_word_would_not_fit():
    # Before, the docstring's own line breaks were kept: "the location's key-question" then
    # "ratings (level 3)..." on a line of its own, the first line far from full.
    out = run_cli("--help").stdout
    panel = out[out.index("Commands"):].splitlines()[1:]
    rows = [line.strip()[1:-1] for line in panel if line.strip().startswith("│")]
    indent = len(rows[0]) - len(rows[0].lstrip()) + len(rows[0].split()[0])
    indent += len(rows[0][indent:]) - len(rows[0][indent:].lstrip())
    texts = [(row[:indent].strip(), row[indent:].rstrip()) for row in rows]
    room = max(len(text) for _, text in texts)
    for (_, text), (name, following) in zip(texts, texts[1:], strict=False):
        if not name:  # the same entry goes on: its next word could not have fitted here
            assert len(text) + 1 + len(following.split()[0]) > room, (text, following)
