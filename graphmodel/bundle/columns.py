"""Typed values for bundle cells: one pydantic adapter per declared column.

Validation runs column by column (one pydantic call over all the present
cells of a column), so a bad cell is reported at its exact row and column and
the other cells of the row are still checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter, ValidationError

from graphmodel.bundle.checks import CHECKS
from graphmodel.schema import Column, table

__all__ = ["FALSE_WORDS", "TRUE_WORDS", "column_adapter", "default_value", "validate_cells"]

TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})


def _parse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueError(f"{value!r} is not a boolean (true/false, yes/no, 1/0)")


def _parse_list(value: Any) -> Any:
    # CSV cells hold 'NATO;EU'; JSON may give the list itself or the same string.
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _parse_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _no_bool(value: Any) -> Any:
    # pydantic would read JSON true as 1; a boolean in a number column is a mistake.
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    return value


def _checker(name: str) -> AfterValidator:
    check = CHECKS[name]

    def run(value: str) -> str:
        message = check(value)
        if message:
            raise ValueError(message)
        return value

    return AfterValidator(run)


def _annotation(col: Column) -> Any:
    """The pydantic type of one column, derived from its declaration."""
    if col.enum:
        return Literal[col.enum]
    if col.type == "int":
        return Annotated[int, BeforeValidator(_no_bool), Field(ge=col.minimum, le=col.maximum)]
    if col.type == "float":
        return Annotated[
            float,
            BeforeValidator(_no_bool),
            Field(allow_inf_nan=False, ge=col.minimum, le=col.maximum),
        ]
    if col.type == "bool":
        return Annotated[bool, BeforeValidator(_parse_bool)]
    if col.type == "list":
        return Annotated[list[str], BeforeValidator(_parse_list)]
    if col.type == "date":
        return Annotated[str, AfterValidator(_parse_date)]
    if col.check:
        return Annotated[str, _checker(col.check)]
    return str


@lru_cache
def column_adapter(table_name: str, column: str) -> TypeAdapter[list[Any]]:
    """A pydantic adapter validating a list of cells of one column."""
    item = _annotation(table(table_name).column(column))
    adapter: TypeAdapter[list[Any]] = TypeAdapter(list[item])  # type: ignore[valid-type]
    return adapter


def default_value(col: Column) -> Any:
    """The value an absent cell takes (a fresh list for list columns)."""
    if isinstance(col.default, tuple | list):
        return list(col.default)
    return col.default


def _message(err: Any) -> str:
    if err["type"] == "value_error":
        return str(err["ctx"]["error"])
    msg = str(err["msg"])
    got = err.get("input")
    return f"{msg} (got {got!r})" if isinstance(got, str | int | float) else msg


def validate_cells(
    table_name: str, column: str, values: Sequence[Any]
) -> tuple[list[Any], dict[int, str]]:
    """Validate the present cells of one column.

    Returns the typed values (``None`` where a cell failed) and the problems
    by position in ``values``.

    Examples
    --------
    >>> validate_cells("items", "kind", ["material", "rock"])[1]
    {1: "Input should be 'platform', 'assembly', 'component' or 'material' (got 'rock')"}
    >>> validate_cells("sources", "qualified", ["Yes", "0"])
    ([True, False], {})
    """
    adapter = column_adapter(table_name, column)
    try:
        return adapter.validate_python(list(values)), {}
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems: dict[int, str] = {}
    for err in errors:
        problems.setdefault(int(err["loc"][0]), _message(err))
    typed: list[Any] = [None] * len(values)
    good = [i for i in range(len(values)) if i not in problems]
    for i, value in zip(good, adapter.validate_python([values[i] for i in good]), strict=True):
        typed[i] = value
    return typed, problems
