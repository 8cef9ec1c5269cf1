"""Line and column of a character index, counting lines as YAML 1.2 does.

libyaml follows YAML 1.1 and also breaks lines at U+0085, U+2028 and U+2029; its marks' line numbers
then disagree with every editor. Its character index is right, so positions are computed from it:
only LF, CR LF and CR end a line.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _BREAK.finditer(text))]


def line_col(starts: list[int], index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index``, given the text's :func:`line_starts`."""
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1
