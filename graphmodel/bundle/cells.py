"""Spreadsheet formula injection: the one rule for text cells that leave supplynet as CSV.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as a formula, so a supplier called ``=HYPERLINK(...)`` in an
exported file could run code on an analyst's machine. Text cells that start with
one of these, or with a single quote, are written with one single quote in front
(the spreadsheet convention for "this is text"). Bundle CSV reading removes one
leading single quote from every cell, so load -> export -> load round-trips
exactly. Numbers are never quoted: ``-5`` is a number, not a formula.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_START", "escape_text", "unescape_text"]

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def escape_text(text: str) -> str:
    """``text`` safe to open in a spreadsheet.

    Examples
    --------
    >>> escape_text("=HYPERLINK(1)"), escape_text("'quoted"), escape_text("plain")
    ("'=HYPERLINK(1)", "''quoted", 'plain')
    """
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def unescape_text(text: str) -> str:
    """The text :func:`escape_text` was given.

    Examples
    --------
    >>> all(unescape_text(escape_text(t)) == t for t in ("=1", "''", "-x", "a", ""))
    True
    """
    return text[1:] if text.startswith("'") else text
