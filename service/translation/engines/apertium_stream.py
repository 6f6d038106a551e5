"""Apertium's plain-text format, in-process: what ``apertium-destxt`` and ``apertium-retxt`` do.

A live pipeline (``apertium_live.py``) reads Apertium's stream format, not
text. The ``apertium`` command puts two small programs around the pair's
pipeline for that, the text deformatter and reformatter; starting them costs
more than translating a short sentence through a pipeline that is already
running, so the service does their work here. Both are pure functions and
must stay byte-for-byte what the Debian programs (Apertium 3.8) produce for
the texts the engine sends: ``tests/test_apertium_live.py`` compares them
with the programs on the whole corpus and on generated text.

What the deformatter does (its rules come from Apertium's ``txt`` format):

- the stream's special characters ``[ ] \\ / @ < > ^ $ { }`` are escaped with a backslash;
- runs of blanks (space, tab, newline, carriage return, ``~``) are gathered; a
  run longer than one character, or a single blank other than a space, is
  written as a superblank ``[...]``, a single space as itself;
- a blank line (``\\n\\n`` or ``\\r\\n\\r\\n``, repeated) marks a sentence end:
  ``.[]`` is written before the blank that follows it, and once more at the
  end of the text;
- a NUL character ends a run of blanks like any other character, and vanishes
  (the C scanner writes it as an empty string).

The reformatter drops ``[``, ``]`` and the ``.[]`` sentence-end marks and
unescapes the rest.
"""

from __future__ import annotations

import re

ESCAPED = frozenset("[]\\/@<>^${}")
_BLANKS = frozenset(" \n\t\r~")
# The scanner's longest match: a run of blank lines wins over a single blank.
_BLANK_LINES = re.compile(r"(?:\n\n|\r\n\r\n)+")
LARGE_BLOCK = 8192  # above this many characters, apertium-destxt writes a blank run to a temporary file

# The reformatter's rules, longest first (flex picks the longest match, then the first rule).
_REFORMAT = re.compile(r"\[\\@|\.\[\]|\\[\]\[\\/@<>^${}]|[\[\]]", re.DOTALL)


class LargeBlank(ValueError):
    """A run of blanks too long for the in-process deformatter (the C program writes it to a file)."""


def deformat(text: str) -> str:
    """``apertium-destxt`` on ``text`` (no options): Apertium's stream format."""
    out: list[str] = []
    blank: list[str] = []
    sentence_end = False

    def flush() -> None:
        nonlocal sentence_end
        if sentence_end:
            out.append(".[]")
            sentence_end = False
        run = "".join(blank)
        blank.clear()
        if len(run) > LARGE_BLOCK:
            raise LargeBlank(f"a run of {len(run)} blanks")
        if len(run) > 1 or (len(run) == 1 and run != " "):
            out.append(f"[{run}]")  # blanks are never escaped characters, nor "@"
        else:
            out.append(run)

    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char in "\n\r":
            match = _BLANK_LINES.match(text, i)
            if match:
                blank.append(match.group())
                sentence_end = True
                i = match.end()
                continue
        if char in _BLANKS:
            blank.append(char)
        elif char in ESCAPED:
            flush()
            out.append("\\" + char)
        elif char == "\0":
            flush()  # a character to the scanner (it ends a run of blanks), but an empty string to write
        else:
            flush()
            out.append(char)
        i += 1
    sentence_end = True  # the end of the text ends a sentence
    flush()
    return "".join(out)


def reformat(stream: str) -> str:
    """``apertium-retxt`` on ``stream``: plain text again."""

    def rule(match: re.Match[str]) -> str:
        token = match.group()
        if token == "[\\@":
            return "@"
        if token[0] == "\\":
            return token[1]
        return ""  # "[", "]" and ".[]"

    return _REFORMAT.sub(rule, stream)
