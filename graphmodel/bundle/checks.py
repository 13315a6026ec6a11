"""Format checks named by ``Column.check`` in :mod:`graphmodel.schema`.

Each check takes a string and returns ``None`` when it is fine, or one short
sentence saying what is wrong.

Examples
--------
>>> check_lei("5493001KJTIIGC8Y1R12") is None
True
>>> check_lei("5493001KJTIIGC8Y1R13")
'LEI check digits do not match (ISO 7064 MOD 97-10)'
>>> check_nsn("1005-01-234-5678") is None, check_nsn("1005012345678") is None
(True, True)
>>> check_cage("1ABC2") is None, check_cage("1AB") is None
(True, False)
>>> check_iso2("fr")
"'fr' is not an ISO 3166-1 alpha-2 code (two uppercase letters)"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

__all__ = ["CHECKS", "check_cage", "check_id", "check_iso2", "check_lei", "check_nsn", "lei_ok"]

_ISO2 = re.compile(r"[A-Z]{2}")
# A=10 ... Z=35, as one str.translate (the LEI check runs per record on million-row imports).
_LETTER_DIGITS = str.maketrans({chr(c): str(c - 55) for c in range(65, 91)})
_LEI = re.compile(r"[0-9A-Z]{18}[0-9]{2}")
_CAGE = re.compile(r"[0-9A-Za-z]{5}")
_NSN = re.compile(r"\d{13}|\d{4}-\d{2}-\d{3}-\d{4}")


def check_iso2(value: str) -> str | None:
    if _ISO2.fullmatch(value):
        return None
    return f"{value!r} is not an ISO 3166-1 alpha-2 code (two uppercase letters)"


def lei_ok(value: str) -> bool:
    """ISO 7064 MOD 97-10 over the whole LEI, letters as A=10 ... Z=35.

    Examples
    --------
    >>> lei_ok("5493001KJTIIGC8Y1R12"), lei_ok("5493001KJTIIGC8Y1R21")
    (True, False)
    """
    digits = value.upper().translate(_LETTER_DIGITS)
    return digits.isdigit() and int(digits) % 97 == 1


def check_lei(value: str) -> str | None:
    if not _LEI.fullmatch(value):
        return (
            f"{value!r} is not an LEI (ISO 17442: 18 uppercase letters or digits "
            "then 2 check digits)"
        )
    if not lei_ok(value):
        return "LEI check digits do not match (ISO 7064 MOD 97-10)"
    return None


def check_cage(value: str) -> str | None:
    if _CAGE.fullmatch(value):
        return None
    return f"{value!r} is not a CAGE code (exactly 5 letters or digits)"


def check_nsn(value: str) -> str | None:
    if _NSN.fullmatch(value):
        return None
    return f"{value!r} is not an NSN (13 digits, optionally NNNN-NN-NNN-NNNN)"


def check_id(value: str) -> str | None:
    if not value:
        return "the id is empty"
    if value != value.strip():
        return f"the id {value!r} has leading or trailing whitespace"
    return None


#: The checks by the name ``Column.check`` uses.
CHECKS: Final[dict[str, Callable[[str], str | None]]] = {
    "iso2": check_iso2,
    "lei": check_lei,
    "cage": check_cage,
    "nsn": check_nsn,
    "id": check_id,
}
