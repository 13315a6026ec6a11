"""Values no store can hold, refused before anything is written.

FalkorDB and Neo4j both refuse (or silently damage) three kinds of value a
bundle can carry: strings with a NUL character, strings with a lone UTF-16
surrogate (not encodable as UTF-8), and integers outside the signed 64-bit
range (FalkorDB clamps them to 9223372036854775807). A bundle holding one is
refused with the cell's location, like any other bad cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

__all__ = ["INT64_MAX", "INT64_MIN", "engine_problem", "engine_problems"]

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1


def engine_problem(value: Any) -> str | None:
    """Why a store cannot hold ``value``, or None.

    Examples
    --------
    >>> engine_problem("ok"), engine_problem(2**63)
    (None, 'the integer is outside the 64-bit range the store holds')
    >>> engine_problem("a\\x00b")
    'the text contains a NUL character (U+0000)'
    >>> engine_problem(["x", "\\ud800"])
    'the text contains a lone surrogate (U+D800), which is not valid Unicode'
    """
    if isinstance(value, str):
        if "\x00" in value:
            return "the text contains a NUL character (U+0000)"
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                code = ord(value[exc.start])
                return (
                    f"the text contains a lone surrogate (U+{code:04X}), which is not valid Unicode"
                )
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            return "the integer is outside the 64-bit range the store holds"
        return None
    if isinstance(value, list | tuple):
        for v in value:
            problem = engine_problem(v)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            problem = engine_problem(k) or engine_problem(v)
            if problem:
                return problem
    return None


def engine_problems(values: Sequence[Any]) -> dict[int, str]:
    """:func:`engine_problem` of every value, by position; fast when all are plain text.

    Examples
    --------
    >>> engine_problems(["a", "b\\x00", 3])
    {1: 'the text contains a NUL character (U+0000)'}
    """
    if all(type(v) is str for v in values):
        # One pass in C over the whole column; cells are looked at only when it fails.
        joined = "\x01".join(values)
        if "\x00" not in joined and (joined.isascii() or _encodes(joined)):
            return {}
    out: dict[int, str] = {}
    for i, v in enumerate(values):
        problem = engine_problem(v)
        if problem:
            out[i] = problem
    return out


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
